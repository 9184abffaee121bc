"""Execution runs: open a branch for one run, launch its agent, close it, record what it did.

Owns ``start``, ``launch`` (argv without a shell), ``execute`` (launch, then close),
``finish`` (note, finish, abandon), ``dispatch`` (N at a time), ``check_record`` (what
finish records of the checks it ran), ``checks`` (a work order's
check commands), ``usage`` (parsers of the agents' reports), ``run_records`` (where runs live),
``interrupted`` (what a start cut short leaves), ``start_guard`` (one start of a work order at
a time, undoing a killed one), ``lost`` (runs whose agent removed their checkout or branch),
``recover`` (``gitsplit recover``) and ``demo_agent`` (the tour's stand-in). May
import ``errors``, ``util``, ``gitio``, ``ledger``, ``work``, ``cost`` and ``briefing``; must
never import ``review``, ``hooks`` or ``cli``.
"""
