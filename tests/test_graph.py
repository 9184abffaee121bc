"""``gitsplit graph``: Mermaid that GitHub renders as is, and Graphviz dot."""

from __future__ import annotations

import re

from tests.conftest import Repo
from tests.workgraph_helpers import add_wo, make_wo_branch

NASTY = 'Fix "quotes" [x] (y) {z} <b>&amp; #1 | `tick` \\ end'


def diamond(repo: Repo) -> None:
    """WO-1 → WO-2, WO-3 → WO-4, and an unrelated WO-5."""
    add_wo(repo, 1, status="done")
    add_wo(repo, 2, deps=["WO-1"], title=NASTY)
    add_wo(repo, 3, deps=["WO-1"], status="blocked")
    add_wo(repo, 4, deps=["WO-2", "WO-3"], status="draft")
    add_wo(repo, 5, status="cancelled")


def test_mermaid_shape_and_styles(repo: Repo) -> None:
    diamond(repo)
    out = repo.ok("graph")
    lines = out.splitlines()
    assert lines[0] == "flowchart LR"
    assert "  WO_1 --> WO_2" in lines and "  WO_3 --> WO_4" in lines
    assert "  classDef done fill:#dcfce7,stroke:#16a34a,color:#14532d" in lines
    assert "  class WO_2 ready" in lines
    assert "  class WO_5 cancelled" in lines
    assert "classDef review" not in out  # only the statuses shown get a class
    node = next(line for line in lines if line.startswith("  WO_2["))
    assert node == (
        '  WO_2["WO-2 · Fix #34;quotes#34; #91;x#93; #40;y#41; #123;z#125; '
        '#60;b#62;#38;amp; #35;1 #124; #96;tick#96; #92; end<br/>ready · C2"]'
    )
    assert out == repo.ok("graph", "--format", "mermaid")


def test_mermaid_labels_are_always_quoted_and_safe(repo: Repo) -> None:
    diamond(repo)
    for line in repo.ok("graph").splitlines():
        match = re.fullmatch(r'  (\w+)\["(.*)"\]', line)
        if match:
            assert not set(match.group(2).replace("<br/>", "")) & set('"[]()<>{}|`')
            assert match.group(1).isidentifier()


def test_root_limits_to_ancestors_and_descendants(repo: Repo) -> None:
    diamond(repo)
    add_wo(repo, 6, deps=["WO-4"])
    out = repo.ok("graph", "WO-2")
    nodes = re.findall(r"^  (WO_\d+)\[", out, flags=re.M)
    assert nodes == ["WO_1", "WO_2", "WO_4", "WO_6"]
    assert "WO_3 --> WO_4" not in out  # WO-3 is neither above nor below WO-2
    assert re.findall(r"^  (WO_\d+)\[", repo.ok("graph", "4"), flags=re.M) == [
        "WO_1",
        "WO_2",
        "WO_3",
        "WO_4",
        "WO_6",
    ]
    bad = repo.cli("graph", "WO-77")
    assert bad.exit_code == 1
    assert "no work order WO-77" in bad.output
    assert repo.cli("graph", "D-1").exit_code == 1


def test_status_filter(repo: Repo) -> None:
    diamond(repo)
    out = repo.ok("graph", "--status", "done", "--status", "ready")
    assert re.findall(r"^  (WO_\d+)\[", out, flags=re.M) == ["WO_1", "WO_2"]
    assert "  WO_1 --> WO_2" in out
    assert repo.cli("graph", "--status", "finished").exit_code == 2


def test_dot(repo: Repo) -> None:
    diamond(repo)
    out = repo.ok("graph", "--format", "dot")
    assert out.startswith("digraph workorders {\n  rankdir=LR;")
    assert out.endswith("}\n")
    assert '  "WO-1" -> "WO-2";' in out
    assert 'label="WO-2 · Fix \\"quotes\\" [x] (y) {z} <b>&amp; #1 | `tick` \\\\ end\\nready' in out
    assert 'fillcolor="#fee2e2"' in out  # blocked WO-3


def test_unknown_dependency_and_cycle_still_draw(repo: Repo) -> None:
    add_wo(repo, 1, deps=["WO-9"])
    add_wo(repo, 2, deps=["WO-3"])
    add_wo(repo, 3, deps=["WO-2"])
    result = repo.cli("graph")
    assert result.exit_code == 0
    assert '  WO_9["WO-9 · not in the ledger"]' in result.stdout
    assert "  class WO_9 missing" in result.stdout
    assert "  WO_2 --> WO_3" in result.stdout and "  WO_3 --> WO_2" in result.stdout
    assert "warning:" in result.stderr and "WO-9" in result.stderr
    assert '"WO-9" [label="WO-9\\nnot in the ledger"' in repo.ok("graph", "--format", "dot")
    subgraph = repo.cli("graph", "WO-2")
    assert subgraph.exit_code == 0 and "WO-9" not in subgraph.stdout + subgraph.stderr
    assert "dependency cycle" in subgraph.stderr


def test_live_nodes_are_labelled_and_dashed(repo: Repo) -> None:
    add_wo(repo, 1, title="Live one")
    repo.commit_all("plan")
    make_wo_branch(repo, "WO-1", "wo/WO-1-live-one", outcome="succeeded")
    out = repo.ok("graph")
    assert '  WO_1["WO-1 · Live one<br/>review · C2<br/>live: wo/WO-1-live-one"]' in out
    assert "  class WO_1 review" in out and "  class WO_1 live" in out
    assert "classDef live stroke-dasharray" in out
    assert "live: wo/WO-1-live-one" not in repo.ok("graph", "--no-live")
    proc = repo.run("graph", "--format", "dot")
    assert proc.returncode == 0, proc.stderr
    assert 'style="rounded,filled,dashed"' in proc.stdout
