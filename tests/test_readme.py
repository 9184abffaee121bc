"""README.md stays true: its transcripts replay, its example scripts run, its links resolve."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.readme_helpers import (
    README,
    ROOT,
    blocks,
    normalize,
    output_of,
    replay,
    run,
    shim,
    transcript,
)

LEDGER_EPOCH = "1777593600"  # 2026-05-01T00:00:00Z, the date the ledger example shows


def test_ci_runs_exactly_the_readme_test_command() -> None:
    setup = [
        line
        for block in blocks()
        for line in block
        if line.startswith("python3 -m venv .venv") and "pytest" in line
    ]
    assert len(setup) == 1
    assert setup[0] in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()


def test_links_point_at_headings_and_files() -> None:
    text = README.read_text(encoding="utf-8")
    prose = re.sub(r"^(`{3,}).*?^\1$", "", text, flags=re.S | re.M)
    slugs = {
        re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", prose, re.M)
    }
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if target.startswith("#"):
            assert target[1:] in slugs, target
        elif "://" not in target:
            assert (ROOT / target).exists(), target


def test_the_ledger_walkthrough_replays(tmp_path: Path) -> None:
    env = {**shim(tmp_path / "bin"), "SOURCE_DATE_EPOCH": LEDGER_EPOCH}
    desk, laptop = tmp_path / "desk", tmp_path / "laptop"
    desk.mkdir()
    run("git init -q -b main", desk, env)
    replay(transcript("gitsplit init"), {"": desk}, env)
    replay(transcript("gitsplit wo set WO-2 status=redy"), {"": desk}, env)
    replay(
        transcript('gitsplit checkpoint "Config work split into two work orders"'), {"": desk}, env
    )
    run(f"git clone -q {desk} {laptop} && gitsplit hooks install", tmp_path, env)
    replay(
        transcript('gitsplit wo new "Validate port numbers" --depends-on WO-1'),
        {"desk": desk, "laptop": laptop},
        env,
    )


@pytest.fixture(scope="module")
def work_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The example ledger of "See the work", built by its script."""
    where = tmp_path_factory.mktemp("graph")
    env = shim(where / "bin")
    proc = subprocess.run(
        ["sh", str(ROOT / "docs/examples/work-graph-example.sh"), str(where / "demo")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return where / "demo", env


@pytest.mark.parametrize(
    "command",
    [
        "gitsplit queue",
        "gitsplit ready",
        "gitsplit ready --ids --tier cheap",
        "gitsplit next",
        "gitsplit graph",
        "gitsplit graph WO-3 --format dot",
        "gitsplit search sqlite",
        "gitsplit search --kind decision --json sqlite",
    ],
)
def test_the_work_graph_outputs_are_real(
    work_graph: tuple[Path, dict[str, str]], command: str
) -> None:
    demo, env = work_graph
    assert run(command, demo, env) == output_of(command)


def test_the_status_output_is_real(work_graph: tuple[Path, dict[str, str]]) -> None:
    demo, env = work_graph
    shown = [line.replace("/tmp/gitsplit-demo", str(demo)) for line in output_of("gitsplit status")]
    assert normalize(run("gitsplit status", demo, env)) == normalize(shown)


def test_the_briefing_is_the_real_one(tmp_path: Path) -> None:
    env = shim(tmp_path / "bin")
    example = tmp_path / "example"
    run(f"sh {ROOT / 'docs/examples/briefings-example.sh'} {example}", tmp_path, env)
    assert run("gitsplit brief WO-2 --out briefing.md", example, env)[0] == "wrote briefing.md"
    shown = next(
        lines for lines in blocks() if lines and lines[0].startswith("# Mission briefing: WO-2")
    )
    real = (example / "briefing.md").read_text(encoding="utf-8").splitlines()
    assert normalize(real) == normalize(shown)
    command = "gitsplit brief WO-2 --budget 600"
    assert run(command, example, env) == output_of(command)
