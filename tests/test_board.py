"""gitsplit board: one self-contained page that a real headless Chromium renders as shown."""

from __future__ import annotations

import re
import struct
import sys
import zlib
from pathlib import Path

from gitsplit.ledger import ids
from gitsplit.ledger.fileformat import Document
from tests import browser
from tests.conftest import WO_BODY, Repo

AGENT = """\
import pathlib, subprocess
pathlib.Path("src").mkdir(exist_ok=True)
pathlib.Path("src/done.txt").write_text("done\\n")
subprocess.run(["git", "add", "src/done.txt"], check=True)
subprocess.run(["git", "commit", "-q", "-m", "Do the work"], check=True)
"""


def ledger_with_every_column(repo: Repo, tmp_path: Path) -> None:
    """WO-1 in review (a run on its branch), WO-2 next after it, WO-3 ready, WO-4 done,
    WO-5 blocked."""
    script = tmp_path / "agent.py"
    script.write_text(AGENT)
    config = repo.read(".workledger/config.yaml").replace(
        "\nagents:\n",
        f"\nagents:\n  stand-in:\n    argv: [{sys.executable}, {script}]\n    briefing: none\n",
        1,
    )
    config = re.sub(r"(cheap: +\{agent: )\w+", r"\1stand-in", config)
    repo.write(".workledger/config.yaml", config)
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Write the done file",
        "--class",
        "C1",
        "--status",
        "ready",
        "--scope",
        "src/**",
    )
    repo.ok(
        "wo",
        "new",
        *WO_BODY,
        "Build on <b>it</b> & more",
        "--class",
        "C1",
        "--status",
        "ready",
        "--depends-on",
        "WO-1",
        "--scope",
        "docs/**",
    )
    repo.ok(
        "wo", "new", *WO_BODY, "<script>alert(1)</script>", "--class", "C2", "--status", "ready"
    )
    repo.ok("wo", "new", *WO_BODY, "Already finished", "--status", "done")
    repo.ok("wo", "new", *WO_BODY, "Waiting for a vendor", "--status", "blocked")
    repo.commit_all("plan")
    started = repo.cli("start", "WO-1")
    assert started.exit_code == 0, started.output
    repo.git("checkout", "-q", "main")


def columns_of(dom: str) -> dict[str, list[str]]:
    """Card ids per column, from the DOM Chromium dumped."""
    found: dict[str, list[str]] = {}
    for column, body in re.findall(r'data-column="(\w+)">(.*?)</section>', dom, re.S):
        found[column] = re.findall(r'data-id="(WO-\d+)"', body)
    return found


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def png_colours(path: Path) -> int:
    """Distinct bytes in the image data: a blank page has very few."""
    data = path.read_bytes()
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return len(set(zlib.decompress(b"".join(chunks))))


def test_the_board_renders_every_column_in_chromium(repo: Repo, tmp_path: Path) -> None:
    ledger_with_every_column(repo, tmp_path)
    page = tmp_path / "board.html"
    result = repo.cli("board", "--html", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text()
    assert "<script" not in html.replace("&lt;script", "")  # no script, the title escaped
    assert not re.search(r'(src|href)="https?:', html)  # nothing fetched
    dom = browser.dump_dom(page, tmp_path / "profile")
    columns = columns_of(dom)
    assert columns["review"] == ["WO-1"]
    assert columns["next"] == ["WO-2"]  # waits on work in flight
    assert columns["blocked"] == ["WO-5"]
    assert "WO-3" in columns["now"]
    assert columns["done"] == ["WO-4"]
    assert "Build on &lt;b&gt;it&lt;/b&gt; &amp; more" in dom
    assert "<b>it</b>" not in dom
    assert "WO-1-r1" in dom  # the card carries its run
    assert 'aria-label="dependency graph"' in dom
    shot = browser.screenshot(page, tmp_path / "board.png", tmp_path / "profile")
    assert png_size(shot) == (1400, 900)
    assert png_colours(shot) > 40


def test_the_board_stays_light_at_a_thousand_work_orders(repo: Repo, tmp_path: Path) -> None:
    folder = repo.root / ".workledger" / "workorders"
    for number in range(1, 1001):
        fields = {
            "id": f"WO-{number}",
            "title": f"Work order number {number}",
            "status": "ready",
            "class": "C2",
            "priority": "P2",
            "depends_on": [f"WO-{number - 1}"] if number % 5 == 0 else [],
            "scope": ["src/**"],
        }
        path = ids.WORKORDER.path(f"WO-{number}")
        (folder / f"WO-{number}.md").write_text(
            Document.new(fields, "## Problem\n\nSomething.\n", path=path).render()
        )
    repo.commit_all("a thousand work orders")
    page = tmp_path / "board.html"
    assert repo.cli("board", "--html", str(page)).exit_code == 0
    assert page.stat().st_size < 1_500_000
    dom = browser.dump_dom(page, tmp_path / "profile")
    columns = columns_of(dom)
    assert sum(len(cards) for cards in columns.values()) <= 7 * 300
    assert "more (gitsplit queue --json lists them all)" in dom
    assert "too many to draw" in dom
    shot = browser.screenshot(page, tmp_path / "big.png", tmp_path / "profile")
    assert png_colours(shot) > 40
