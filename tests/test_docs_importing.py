"""docs/importing.md stays true: its import of a spec-kit tasks.md replays as shown."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.readme_helpers import replay, run, shim, transcript

IMPORT_SPEC_KIT = "gitsplit import spec-kit specs/002-password-reset/tasks.md --write"
TASKS = Path(__file__).parent / "fixtures" / "import" / "spec-kit" / "tasks.md"


def test_the_spec_kit_import_replays(tmp_path: Path) -> None:
    env = shim(tmp_path / "bin")
    demo = tmp_path / "demo"
    (demo / "specs" / "002-password-reset").mkdir(parents=True)
    shutil.copy(TASKS, demo / "specs" / "002-password-reset" / "tasks.md")
    run("git init -q -b main && gitsplit init >/dev/null && git add -A", demo, env)
    replay(transcript(IMPORT_SPEC_KIT), {"": demo}, env)
