"""The steps of ``gitsplit tour``: what it says, the commands it runs, the files it writes."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

GREET = 'def greet(name: str) -> str:\n    return f"Hello, {name}!"\n'
WO1_BODY = """## Problem

Users can be greeted but not sent off: there is no farewell.

## Scope

Add `farewell(name)` to `src/greet.py`, beside `greet()`. Leave `greet()` as it is.

## Acceptance

- `farewell("Ada")` returns `"Goodbye, Ada!"` (the check proves it).

## Expected output

One commit on the run's branch, and a result note.
"""
D1_BODY = """## Context

Greetings are English only, and will be for a while.

## Decision

Build greetings with plain f-strings in `src/greet.py`.

## Consequences

Localisation (WO-3) will revisit this; until then, no i18n machinery.
"""
WO2_BODY = """## Problem

`greet()` and the new `farewell()` have no documentation: a caller has to read the code.

## Scope

Write `docs/greet.md`, one line per function. Change no code.

## Acceptance

- `docs/greet.md` names `greet(name)` and `farewell(name)` and what each returns.
"""
DOCS = "# greet\n\n`greet(name)` and `farewell(name)`.\n"
FAREWELL = '\\n\\ndef farewell(name: str) -> str:\\n    return f"Goodbye, {name}!"\\n'


@dataclass(frozen=True)
class Step:
    """One thing the tour does: an explanation and a command (or a file to write)."""

    say: str
    argv: tuple[str, ...] = ()
    expect: int = 0
    write: tuple[str, str] | None = None
    append: bool = False
    stdin: str | None = None


def steps(python: str) -> list[Step]:
    """The tour, in order. ``python`` is the interpreter gitsplit runs under."""
    check = (
        f"{shlex.quote(python)} -c \"import sys; sys.path.insert(0, 'src'); "
        "import greet; assert greet.farewell('Ada') == 'Goodbye, Ada!'\""
    )
    standin = (
        f"  stand-in:\n    argv: [{python}, -m, gitsplit.runs.demo_agent, --append, "
        f"src/greet.py, '{FAREWELL}', --message, 'Add farewell()', --note, "
        "'Added farewell() next to greet(); greet() is unchanged.']\n"
        "    briefing: stdin\n"
    )
    return [
        Step("A small project with one function, under git.", ("git", "init", "-q", "-b", "main")),
        Step("", ("git", "config", "user.name", "Tour Architect")),
        Step("", ("git", "config", "user.email", "architect@example.com")),
        Step("", ("git", "config", "commit.gpgsign", "false")),  # a throwaway repo: no signing
        Step("", write=("src/greet.py", GREET)),
        Step("", ("git", "add", "src/greet.py")),
        Step("", ("git", "commit", "-q", "-m", "A greeting")),
        Step(
            "Set up the ledger (.workledger/), the git hooks and AGENTS.md.", ("gitsplit", "init")
        ),
        Step(
            "The architect names a rule every run must keep ...",
            (
                "gitsplit",
                "invariant",
                "add",
                "greet() keeps its signature",
                "--body",
                "Callers depend on greet(name) -> str; do not change it.",
            ),
        ),
        Step(
            "... records a decision, with the option it rejected ...",
            (
                "gitsplit",
                "decide",
                "Greetings are plain f-strings",
                "--applies-to",
                "src/**",
                "--rejected",
                "gettext for every string: one language today, a dependency for nothing",
                "--body-file",
                "-",
            ),
            stdin=D1_BODY,
        ),
        Step(
            "... and writes three work orders: two small ones (one waits on the other) and "
            "one that needs the architect.",
            (
                "gitsplit",
                "wo",
                "new",
                "Add a farewell function",
                "--class",
                "C1",
                "--status",
                "ready",
                "--scope",
                "src/**",
                "--file",
                "src/greet.py",
                "--decision",
                "D-1",
                "--check",
                check,
                "--body-file",
                "-",
            ),
            stdin=WO1_BODY,
        ),
        Step(
            "",
            (
                "gitsplit",
                "wo",
                "new",
                "Document greet and farewell",
                "--class",
                "C1",
                "--status",
                "ready",
                "--depends-on",
                "WO-1",
                "--scope",
                "docs/**",
                "--body-file",
                "-",
            ),
            stdin=WO2_BODY,
        ),
        Step("", ("gitsplit", "wo", "new", "Design localisation", "--class", "C4")),
        Step(
            "Add a stand-in agent profile for this tour (a real program that reads its "
            "briefing and commits).",
            write=(".workledger/config.yaml", standin),
        ),
        Step(
            "Commit the plan: the ledger is just files in the repository.",
            ("git", "add", ".workledger", "AGENTS.md"),
        ),
        Step("", ("git", "commit", "-q", "-m", "Plan: farewell, docs, localisation")),
        Step(
            "What can run now? WO-1 can; WO-2 waits on it; WO-3 is a draft.", ("gitsplit", "queue")
        ),
        Step(
            "The mission briefing WO-1's run will start from: the task, the rules, the "
            "decisions and what not to retry, the files, and how to report back.",
            ("gitsplit", "brief", "WO-1"),
        ),
        Step(
            "Start WO-1: a fresh branch, the briefing and run record committed, then the "
            "agent. Its commit passes the hooks; the run is closed with its checks.",
            ("gitsplit", "start", "WO-1", "--agent", "stand-in"),
        ),
        Step(
            "Review the branch against its work order: scope, provenance, checks.",
            ("gitsplit", "review", "--run-checks"),
        ),
        Step(
            "Accept it: one commit on main merges the branch, marks WO-1 done and records "
            "the verdict in the run. No checkout is switched; WO-2 is ready at once.",
            ("gitsplit", "accept", "WO-1"),
        ),
        Step(
            "Now WO-2 is ready. This time a person works it (the manual profile).",
            ("gitsplit", "start", "WO-2", "--agent", "manual"),
        ),
        Step(
            "An in-scope commit: the hooks add the Work-Order trailer.",
            write=("docs/greet.md", DOCS),
        ),
        Step("", ("git", "add", "docs/greet.md")),
        Step("", ("git", "commit", "-q", "-m", "Document greet and farewell")),
        Step(
            "An out-of-scope edit is refused by the pre-commit hook ...",
            write=("src/greet.py", "# Documented in docs/greet.md\n"),
            append=True,
        ),
        Step("", ("git", "commit", "-q", "-am", "Point to the docs"), expect=1),
        Step(
            "... but --no-verify skips hooks, so the review is the real gate.",
            ("git", "commit", "-q", "--no-verify", "-am", "Point to the docs"),
        ),
        Step("", ("gitsplit", "finish")),
        Step(
            "The review fails and says why (exit status 1: what CI would see).",
            ("gitsplit", "review"),
            expect=1,
        ),
        Step("The same gate stands before the merge.", ("gitsplit", "accept", "WO-2"), expect=1),
        Step(
            "Send the run back with the reason. WO-2 is ready again; the run and what it "
            "cost stay on record in main.",
            ("gitsplit", "reject", "WO-2", "--reason", "edits src/greet.py, outside its scope"),
        ),
        Step("", ("git", "switch", "-q", "main")),
        Step(
            "A second run does only what was asked ...",
            ("gitsplit", "start", "WO-2", "--agent", "manual"),
        ),
        Step("", write=("docs/greet.md", DOCS)),
        Step("", ("git", "add", "docs/greet.md")),
        Step("", ("git", "commit", "-q", "-m", "Document greet and farewell")),
        Step("", ("gitsplit", "note", "Documented both functions in docs/greet.md.")),
        Step("", ("gitsplit", "finish")),
        Step(
            "... and is accepted. --cleanup removes its branch: the run leaves only its "
            "commits and its record.",
            ("gitsplit", "accept", "WO-2", "--cleanup"),
        ),
    ]
