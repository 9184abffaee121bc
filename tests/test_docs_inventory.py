"""Every console block of every page is replayed by a test, or says why it is not.

A block counts as replayed when one of its commands is in ``REPLAYED``, the commands the
``test_readme`` and ``test_docs_*`` modules compare; otherwise its first command must be in
``NOT_REPLAYED`` with the reason. A new or moved transcript cannot go unchecked unnoticed.
"""

from __future__ import annotations

from tests.readme_helpers import all_blocks, commands_of
from tests.test_docs_accept import ACCEPT
from tests.test_docs_importing import IMPORT_SPEC_KIT
from tests.test_docs_runs import RUN_LOOP
from tests.test_readme import (
    BRIEFINGS,
    CHECKPOINT,
    COST_PLANS,
    LAPTOP,
    SWITCH,
    WORK_GRAPH,
)

# the commands that test_readme and the test_docs_* modules compare with what the pages show
REPLAYED = {
    "gitsplit init",
    "gitsplit wo set WO-2 status=redy",
    CHECKPOINT,
    "gitsplit check",
    LAPTOP,
    *WORK_GRAPH,
    "gitsplit status",
    SWITCH,
    "gitsplit brief WO-2 --out briefing.md",
    *BRIEFINGS,
    *COST_PLANS,
    RUN_LOOP,
    IMPORT_SPEC_KIT,
    ACCEPT,
}

# first command of a console block: why no test replays it (yet)
NOT_REPLAYED = {
    "gitsplit brief WO-2": "needs a hostile template committed into the briefing example",
    "gitsplit cost ledger": "the ledger it prices is described, not built by a script",
    "gitsplit cost runs": "the run records it sums are described, not built by a script",
    "gitsplit route WO-5": "the work order it routes is described, not built by a script",
    "gitsplit wo new \"Split the parser into modules\" --scope 'src/parse/**' --scope "
    "'src/cli/**'  --scope 'tests/**' --scope 'docs/**' --scope 'bench/**'": (
        "its ledger already holds WO-1 to WO-6, which no script builds"
    ),
    "gitsplit hooks install": "shows the installing interpreter's path on the author's machine",
    "git config core.hooksPath /home/ada/company-hooks && gitsplit hooks install": (
        "names a folder outside any temporary repository"
    ),
    "git checkout -b wo/WO-1-split-the-parser": "needs the example's own lint hook and ledger",
    'git add .workledger/decisions/D-1.md && git commit -m "Prefer a generated lexer"': (
        "continues the refused-commit example"
    ),
    'git add docs/parser.md && GITSPLIT_SKIP=scope git commit -qm "Parser notes"': (
        "continues the refused-commit example"
    ),
    "gitsplit hooks uninstall": "continues the install example",
    "python bench/hooks_overhead.py": "timings of one machine, measured in bench/",
    "gitsplit review WO-1": "the reviewed branch is described, not built by a script",
    "gitsplit review --run-checks": "continues the review example (output elided with ...)",
    "gitsplit review --format json | jq '.findings[0]'": "continues the review example",
    "gitsplit review --format md --run-checks": "continues the review example",
    "gitsplit pr": "needs a machine without gh on PATH",
}


def test_every_transcript_is_replayed_or_says_why_not() -> None:
    unchecked, firsts = [], set()
    for block in all_blocks():
        if not block.is_transcript:
            continue
        commands = commands_of(block)
        firsts.add(commands[0])
        if not REPLAYED & set(commands) and commands[0] not in NOT_REPLAYED:
            unchecked.append(f"{block.where}: $ {commands[0]}")
    assert not unchecked, "transcripts no test replays (replay them, or add to NOT_REPLAYED):\n" + (
        "\n".join(unchecked)
    )
    assert not set(NOT_REPLAYED) - firsts, "NOT_REPLAYED names blocks that no page has"
    assert not set(NOT_REPLAYED) & REPLAYED, "NOT_REPLAYED names blocks that are replayed"
    shown = {command for block in all_blocks() for command in commands_of(block)}
    assert not REPLAYED - shown, "REPLAYED names commands that no page shows"
