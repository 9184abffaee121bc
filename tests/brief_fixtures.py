"""A realistic ledger for briefing tests: a login rate-limit work order and its context."""

from __future__ import annotations

from tests.conftest import Repo

WO_BODY = """\
## Problem

Attackers can try unlimited passwords against one account. Support saw 40k failed logins
for a single user last week.

## Scope

Count failed logins per account in `app/auth/`; lock the account for 15 minutes after 5
failures. Leave the session code alone.

## Acceptance

- [ ] The sixth failed login within 15 minutes is refused with HTTP 429.
- [ ] A successful login resets the counter.

## Expected output

A branch with the limiter, its tests, and a result note naming the lockout constant.
"""

RUN_NOTE = """\
---
wo: WO-1
run: r1
branch: wo/WO-1-store-login-attempts
base: {base}
outcome: succeeded
started: "2026-11-20T10:00:00Z"
ended: "2026-11-20T10:30:00Z"
---
Added the `login_attempts` table (account_id, failed_at). Query it with
`attempts.recent(account_id, minutes=15)`.
"""

D2_BODY = """\
## Context

Limits must hold across the four web workers and survive a deploy.

## Decision

Failed logins are rows in the `login_attempts` table (account_id, failed_at), written
in the same transaction as the login check. The limiter counts rows of the last 15
minutes with one indexed query; a nightly job deletes rows older than a day.

## Consequences

One extra write per failed login; no new infrastructure.
"""

CHECKPOINT_BODY = """\
## State of the work

The attempts table exists (WO-1). Rate limiting is next.

## Open questions

- Per-IP limits as well?

## Next steps

- Ship the per-account limiter (WO-3) before the per-IP work.
"""


def build(repo: Repo) -> None:
    """Create source files, invariants, decisions (one superseded), a checkpoint and WOs."""
    repo.write("app/auth/login.py", "".join(f"# login line {n}\n" for n in range(1, 61)))
    repo.write("app/auth/attempts.py", "def recent(account_id, minutes):\n    return []\n")
    repo.write("app/web/views.py", "def index():\n    return 'hi'\n")
    repo.write("tests/test_auth.py", "def test_placeholder():\n    assert True\n")
    (repo.root / "app/auth/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0binary")
    repo.commit_all("app code")
    ok = repo.ok
    ok(
        "invariant",
        "add",
        "Never log passwords",
        "--body",
        "Passwords never appear in logs, errors or stored data in plaintext.",
    )
    ok("invariant", "add", "Old rule", "--body", "Retired rule text.")
    ok("invariant", "retire", "I-2")
    ok(
        "decide",
        "Count failures in memory",
        "--applies-to",
        "app/auth/**",
        "--rejected",
        "Memcached: not deployed here",
    )  # D-1, superseded below
    ok(
        "decide",
        "Count failed logins in the database",
        "--applies-to",
        "app/auth/**",
        "--supersedes",
        "D-1",
        "--rejected",
        "In-process counters: lost on restart and not shared between workers",
        "--rejected",
        "A reverse-proxy limit: the proxy cannot tell failed logins from good ones",
        "--body-file",
        "-",
        input=D2_BODY,
    )  # D-2
    ok(
        "decide",
        "Templates use Jinja2",
        "--applies-to",
        "app/web/**",
        "--rejected",
        "Mako: nobody knows it",
    )  # D-3, unrelated scope
    ok(
        "decide",
        "Use bcrypt for hashes",
        "--applies-to",
        "app/**",
        "--status",
        "proposed",
        "--rejected",
        "MD5: broken",
    )  # D-4, proposed and not named
    ok("decide", "Errors are JSON", "--rejected", "HTML error pages: clients parse JSON")  # D-5
    ok(
        "wo",
        "new",
        "Store login attempts",
        "--class",
        "C1",
        "--scope",
        "app/auth/**",
        "--status",
        "done",
    )  # WO-1
    ok("wo", "new", "Audit log of lockouts", "--class", "C2", "--scope", "app/audit/**")  # WO-2
    ok(
        "wo",
        "new",
        "Rate-limit failed logins per account",
        "--class",
        "C2",
        "--priority",
        "P1",
        "--scope",
        "app/auth/**",
        "--scope",
        "tests/test_auth*.py",
        "--file",
        "app/auth/login.py",
        "--file",
        "app/auth/limits.py",
        "--file",
        "app/auth/logo.png",
        "--depends-on",
        "WO-1",
        "--depends-on",
        "WO-2",
        "--decision",
        "D-1",
        "--decision",
        "D-5",
        "--check",
        "pytest -q tests/test_auth.py",
        "--status",
        "ready",
        "--body-file",
        "-",
        input=WO_BODY,
    )  # WO-3
    base = repo.git("rev-parse", "HEAD").strip()
    repo.write(".workledger/runs/WO-1/r1.md", RUN_NOTE.format(base=base))
    repo.commit_all("ledger")
    ok("checkpoint", "Attempts stored; limiter next", "--body-file", "-", input=CHECKPOINT_BODY)
    repo.commit_all("checkpoint")
