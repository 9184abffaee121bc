"""The ledger's fixed words, in a module that imports nothing (commands' fast paths use it)."""

from __future__ import annotations

CLASSES = ("C1", "C2", "C3", "C4")
PRIORITIES = ("P0", "P1", "P2", "P3")
