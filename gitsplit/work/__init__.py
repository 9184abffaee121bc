"""The work: the dependency graph, live state from WO branches, the queue and the views of it.

Owns ``graph`` (work orders with their dependencies, in buckets), ``live_state`` (what unmerged
``wo/…`` branches say, read-only), ``branches`` (a work order's branches and the authority
branch), ``queue`` (now · next · later · blocked · in flight), ``graph_render`` (Mermaid, dot),
``search`` and ``status`` (where am I). May import ``errors``, ``util``, ``gitio`` and
``ledger``; must never import ``runs``, ``cost``, ``briefing``, ``review``, ``hooks``, ``cli``.
"""
