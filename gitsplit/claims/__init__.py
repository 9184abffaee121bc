"""Claims on work orders through the git remote: ``refs/gitsplit/claims/WO-n`` and leases.

Owns: the claim commit and its trailers (``model``), lease arithmetic and clock skew
(``lease``), the claim refs on the remote and their local copies (``refs``), and claiming,
renewing, stealing and releasing (``take``). A claim is created by a push that succeeds
only if the ref is absent, so of N racing claimers exactly one wins (D-60).

May import ``errors``, ``util``, ``gitio`` and ``ledger``; ``work``, ``runs``, ``review``,
``exchange`` and the CLI may import it. It never imports ``runs`` or ``review``.
"""
