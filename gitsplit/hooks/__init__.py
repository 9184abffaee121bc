"""Git hooks: the authority boundary checked at commit time (kept import-light on purpose).

``run`` is the hooks' entry point (``run.main()``, called by ``python -c``); ``install``
writes, chains and removes the hook scripts. The modules the entry point imports use only
``os`` and ``sys`` until a record must really be parsed; see ``gitpipe`` for why.

May import ``errors``, ``util``, ``ledger`` and ``gitio`` (``install`` only); must never
import ``work``, ``runs``, ``cost``, ``briefing``, ``review`` or ``cli``.
"""

HOOK_TYPES = ("pre-commit", "commit-msg", "post-checkout")
