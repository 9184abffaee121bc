"""The ledger: ``.workledger/`` as files — their format, the typed records, ids, config, checks.

Owns the file format (``fileformat``: frontmatter + body, byte-preserving), the records
(``records``, ``schema``, ``ids``), the folder of a working tree (``store``), the index of
parsed records under the git dir (``index``, ``index_file``), allocating and renumbering ids
(``allocate``, ``renumber``, ``renumber_files``, ``renumber_merge``, ``renumber_log``), what
killed commands leave (``journal``, ``leftovers``), validating the whole ledger
(``validate``, ``validate_worktree``, ``dependencies``), authoring (``authoring``,
``editor``, ``checkpoints``, ``initialize``, ``agents_md``), the config (``config``,
``config_fields``, ``yamlio``), the writers' locks (``locks``), work-order branch names
(``branch_names``) and the record and briefing templates (``templates``,
``template_limits``). May import ``errors``, ``util`` and ``gitio``; must never import
``work``, ``runs``, ``cost``, ``briefing``, ``review``, ``hooks`` or ``cli``. The hooks
import parts of it, so its ``__init__`` imports nothing.
"""
