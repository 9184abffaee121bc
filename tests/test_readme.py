"""The README and the docs pages stay true: transcripts replay, scripts run, links resolve.

Transcripts are found by their commands on whichever page holds them (see
``tests/readme_helpers.py``); ``tests/test_docs_inventory.py`` makes sure each one is
replayed here (or in another ``test_docs_*`` module), or says why not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from gitsplit.cli import reference
from tests.readme_helpers import (
    README,
    ROOT,
    all_blocks,
    blocks,
    commands_of,
    links,
    name_of,
    normalize,
    output_of,
    pages,
    replay,
    run,
    shim,
    slugs,
    transcript,
)

LEDGER_EPOCH = "1777593600"  # 2026-05-01T00:00:00Z, the date the ledger example shows
CHECKPOINT = 'gitsplit checkpoint "Config work split into two work orders"'
LAPTOP = 'gitsplit wo new "Validate port numbers" --depends-on WO-1'
WORK_GRAPH = [
    "gitsplit queue",
    "gitsplit ready",
    "gitsplit ready --ids --tier cheap",
    "gitsplit next",
    "gitsplit graph",
    "gitsplit graph WO-3 --format dot",
    "gitsplit search sqlite",
    "gitsplit search --kind decision --json sqlite",
]
SWITCH = "git switch wo/WO-2-load-records-from-the-ledger"
BRIEFINGS = [
    "gitsplit brief WO-2 --budget 1000 | sed -n 8,14p",
    "gitsplit brief WO-2 --budget 600",
    "gitsplit brief WO-2 --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin);"
    ' print(d["tokens"], [(s["name"], s["tokens"]) for s in d["sections"]])\'',
]
COST_PLANS = [
    "gitsplit cost plan --turns 10 --input 200k --output 30k --model opus-4.1",
    "gitsplit cost plan --split opus-4.1:2,sonnet-4:8 --input 200k --output 30k",
    "gitsplit cost plan --split opus:2,sonnet-4:8 --input 200k --output 30k",
]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    setup = [
        line
        for block in blocks(README)
        for line in block
        if line.startswith("python3 -m venv .venv") and "pytest" in line
    ]
    assert len(setup) == 1
    assert setup[0] in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    contributing = [
        line
        for block in blocks(ROOT / "CONTRIBUTING.md")
        for line in block
        if line.startswith("python3 -m venv .venv") and "pytest" in line
    ]
    assert contributing == setup


def test_the_readme_stays_short_with_set_up_on_the_first_screen() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    first_screen = "\n".join(lines[:50])
    assert "## Set up" in first_screen and "gitsplit tour" in first_screen
    assert "pytest" in first_screen


@pytest.mark.parametrize("page", pages(), ids=name_of)
def test_links_point_at_headings_and_files(page: Path) -> None:
    in_docs = page.is_relative_to(ROOT / "docs")
    for target in links(page):
        if "://" in target or target.startswith("mailto:"):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{name_of(page)}: {target} names no file"
        if in_docs:  # mkdocs builds docs/ alone: a link out of it breaks the site
            assert file.is_relative_to(ROOT / "docs"), f"{name_of(page)}: {target} leaves docs/"
        if anchor:
            assert file.suffix == ".md", f"{name_of(page)}: {target}"
            assert anchor in slugs(file), f"{name_of(page)}: {target} names no heading"


def test_the_command_reference_is_current() -> None:
    committed = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    assert committed == reference.render(), (
        "docs/reference.md is out of date: "
        "python -m gitsplit.cli.reference --write docs/reference.md"
    )


def test_no_command_imports_the_reference_generator() -> None:
    importers = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "gitsplit").rglob("*.py")
        if "cli.reference" in path.read_text(encoding="utf-8") and path.name != "reference.py"
    ]
    assert importers == []


def test_the_ledger_walkthrough_replays(tmp_path: Path) -> None:
    env = {**shim(tmp_path / "bin"), "SOURCE_DATE_EPOCH": LEDGER_EPOCH}
    desk, laptop = tmp_path / "desk", tmp_path / "laptop"
    desk.mkdir()
    run("git init -q -b main", desk, env)
    replay(transcript("gitsplit init"), {"": desk}, env)
    replay(transcript("gitsplit wo set WO-2 status=redy"), {"": desk}, env)
    replay(transcript(CHECKPOINT), {"": desk}, env)
    _hand_edit(desk)
    replay(transcript("gitsplit check"), {"": desk}, env)
    run("git checkout -q -- .workledger", desk, env)
    run(f"git clone -q {desk} {laptop} && gitsplit hooks install", tmp_path, env)
    replay(transcript(LAPTOP), {"desk": desk, "laptop": laptop}, env)


def _hand_edit(desk: Path) -> None:
    """The hand edits the `gitsplit check` example describes: WO-1's class in lower case,
    a dependency of WO-1 on WO-2 (which depends on WO-1), and a touched checkpoint."""
    wo = desk / ".workledger/workorders/WO-1.md"
    text = wo.read_text(encoding="utf-8")
    edited = text.replace("class: C2", "class: c2", 1).replace(
        "depends_on: []", "depends_on: [WO-2]"
    )
    assert edited.count("c2") == 1 and "[WO-2]" in edited, text
    wo.write_text(edited, encoding="utf-8")
    with (desk / ".workledger/checkpoints/CP-1.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA later thought.\n")


@pytest.fixture(scope="module")
def work_graph(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The example ledger of "The work graph", built by its script."""
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


@pytest.mark.parametrize("command", WORK_GRAPH)
def test_the_work_graph_outputs_are_real(
    work_graph: tuple[Path, dict[str, str]], command: str
) -> None:
    demo, env = work_graph
    assert run(command, demo, env) == output_of(command)


def test_the_status_output_is_real(work_graph: tuple[Path, dict[str, str]]) -> None:
    demo, env = work_graph
    shown = [line.replace("/tmp/gitsplit-demo", str(demo)) for line in output_of("gitsplit status")]
    assert normalize(run("gitsplit status", demo, env)) == normalize(shown)


def test_the_status_on_a_work_order_branch_is_real(
    work_graph: tuple[Path, dict[str, str]],
) -> None:
    demo, env = work_graph
    try:
        for step in transcript(SWITCH):
            shown = [line.replace("/tmp/gitsplit-demo", str(demo)) for line in step.output]
            assert normalize(run(step.command, demo, env)) == normalize(shown), step.command
    finally:
        run("git switch -q main", demo, env)


@pytest.fixture(scope="module")
def briefing_example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The example ledger of "Mission briefings", built by its script."""
    where = tmp_path_factory.mktemp("briefing")
    env = shim(where / "bin")
    example = where / "example"
    run(f"sh {ROOT / 'docs/examples/briefings-example.sh'} {example}", where, env)
    return example, env


def test_the_briefing_is_the_real_one(briefing_example: tuple[Path, dict[str, str]]) -> None:
    example, env = briefing_example
    steps = transcript("sh docs/examples/briefings-example.sh /tmp/example && cd /tmp/example")
    command = "gitsplit brief WO-2 --out briefing.md"
    assert [step.command for step in steps][1] == command
    assert normalize(run(command, example, env)) == normalize(list(steps[1].output))
    shown = next(
        lines for lines in blocks() if lines and lines[0].startswith("# Mission briefing: WO-2")
    )
    real = (example / "briefing.md").read_text(encoding="utf-8").splitlines()
    assert normalize(real) == normalize(shown)


@pytest.mark.parametrize("command", BRIEFINGS, ids=["cut", "too-small", "json"])
def test_the_briefing_outputs_are_real(
    briefing_example: tuple[Path, dict[str, str]], command: str
) -> None:
    example, env = briefing_example
    assert _as_a_terminal_shows(command, example, env) == normalize(output_of(command))


def _as_a_terminal_shows(command: str, cwd: Path, env: dict[str, str]) -> list[str]:
    """What a command prints, with the standard error of a pipeline's first command
    last: in a terminal it comes after what the pipe's reader prints, but a captured run
    would race the two."""
    if "|" not in command:
        return run(command, cwd, env)
    first, rest = command.split("|", 1)
    stdout = run(f"{first} 2>/dev/null | {rest}", cwd, env)
    stderr = [] if "2>/dev/null" in first else run(f"{first} 2>&1 >/dev/null", cwd, env)
    return normalize(stdout) + normalize(stderr)


@pytest.mark.parametrize("command", COST_PLANS, ids=["one-model", "split", "unknown-model"])
def test_the_cost_plans_are_real(tmp_path: Path, command: str) -> None:
    env = shim(tmp_path / "bin")
    assert run(command, tmp_path, env) == output_of(command)


def test_transcript_lookup_refuses_a_block_shown_twice() -> None:
    block = next(block for block in all_blocks() if block.is_transcript)
    with pytest.raises(AssertionError, match="more than one page"):
        transcript(commands_of(block)[0], among=[block, block])
