"""Cost and routing: prices, plans across tiers, estimates of open work, actuals of runs.

Owns ``money`` (the arithmetic of turns on a model), ``estimates`` (``cost ledger``),
``actuals`` (``cost runs``) and ``routing`` (class → tier → agent and model, and when a class
looks wrong). May import ``errors``, ``util``, ``gitio`` and ``ledger``; must never import
``work``, ``runs``, ``briefing``, ``review``, ``hooks`` or ``cli``.
"""
