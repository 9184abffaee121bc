"""A stand-in agent for the tour and for demos: reads its briefing, makes one commit, notes it.

Run as ``python -m gitsplit.runs.demo_agent --append PATH TEXT --message MSG [--note TEXT]``.
It is a real program doing real git work, standing in for Codex, Claude Code or aider.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Read the briefing on stdin, append text to a file, commit it, add a result note."""
    parser = argparse.ArgumentParser(prog="gitsplit-standin")
    parser.add_argument("--append", nargs=2, metavar=("PATH", "TEXT"), required=True)
    parser.add_argument("--message", required=True)
    parser.add_argument("--note", default="")
    args = parser.parse_args(argv)
    briefing = sys.stdin.read() if not sys.stdin.isatty() else ""
    wo = os.environ.get("GITSPLIT_WO", "?")
    print(f"stand-in agent: read a {len(briefing.splitlines())}-line briefing for {wo}")
    path = Path(args.append[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(args.append[1].replace("\\n", "\n"))
    subprocess.run(["git", "add", "--", str(path)], check=True)
    subprocess.run(["git", "commit", "-q", "-m", args.message], check=True)
    print(f"stand-in agent: committed {path}")
    if args.note:
        subprocess.run([sys.executable, "-m", "gitsplit", "note", args.note], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
