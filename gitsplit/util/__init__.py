"""Shared leaves with no domain knowledge: atomic writes, path globs, the clock, token counts.

Owns: ``atomic`` (write a file by temporary file + rename), ``globs`` (scope globs matched
without ``re``, import-light for the hooks), ``clock`` (now, pinned by ``SOURCE_DATE_EPOCH``),
``tokens`` (``200k`` → 200000), ``durations`` (``30m`` → 1800), ``lockfile`` (flock-held lock
files) and ``killpoint`` (the ``GITSPLIT_KILL_AT`` test seam). May import only
``gitsplit.errors``; everything may import it.
"""
