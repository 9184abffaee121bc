"""Debian's headless Chromium for tests: render a local page, dump its DOM, take a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Flags the machine needs: no sandbox as root, no GPU, and no background traffic (the
# network is closed here, and nothing may be fetched anyway).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)


def chromium() -> str:
    """The Chromium program; skips (or fails, when CI requires it) if it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)"
    if os.environ.get("GITSPLIT_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    """Run Chromium with a fresh profile folder; fail the test with its stderr on error."""
    proc = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after Chromium has loaded and laid it out."""
    return _run(["--dump-dom", page.resolve().as_uri()], profile).stdout


def screenshot(page: Path, out: Path, profile: Path, size: str = "1400,900") -> Path:
    """A PNG of the page at a window size."""
    _run([f"--screenshot={out}", f"--window-size={size}", page.resolve().as_uri()], profile)
    assert out.is_file() and out.stat().st_size > 0
    return out
