#!/bin/sh
# Builds the example ledger that docs/briefings.md (Mission briefings) renders briefings from.
# Usage: sh docs/examples/briefings-example.sh DIR   (DIR must not exist; needs gitsplit on PATH)
# Dates are pinned, so the commits, and therefore the briefings, are the same on every run.
set -eu
dir=$1
export SOURCE_DATE_EPOCH=1795000000 GIT_AUTHOR_DATE=@1795000000 GIT_COMMITTER_DATE=@1795000000
export GIT_AUTHOR_NAME=Ada GIT_AUTHOR_EMAIL=ada@example.com
export GIT_COMMITTER_NAME=Ada GIT_COMMITTER_EMAIL=ada@example.com
mkdir "$dir" && cd "$dir"
git init -q -b main
mkdir -p app/auth tests
printf '"""Log a user in."""\n\nfrom app.auth import attempts\n\n\ndef login(db, account, password):\n    """Check the password; count a failure."""\n    if account.check(password):\n        return True\n    attempts.record(db, account.id)\n    return False\n' > app/auth/login.py
printf 'def record(db, account_id):\n    db.execute("INSERT INTO login_attempts VALUES (?, now())", [account_id])\n' > app/auth/attempts.py
printf 'def test_login():\n    pass\n' > tests/test_auth.py
gitsplit init >/dev/null
git add -A && git commit -qm "app and ledger"
gitsplit invariant add "Never log passwords" \
  --body "Passwords never appear in logs, errors or stored data in plaintext." >/dev/null
gitsplit decide "Count failures in memory" --applies-to 'app/auth/**' \
  --rejected "Memcached: not deployed here" >/dev/null
gitsplit decide "Count failed logins in the database" --applies-to 'app/auth/**' \
  --supersedes D-1 \
  --rejected "In-process counters: lost on restart and not shared between workers" \
  --rejected "A reverse-proxy limit: the proxy cannot tell failed logins from good ones" \
  --body-file - >/dev/null <<'BODY'
## Context

Limits must hold across the four web workers and survive a deploy.

## Decision

Failed logins are rows in `login_attempts` (account_id, failed_at). The limiter counts
the rows of the last 15 minutes with one indexed query.

## Consequences

One extra write per failed login; no new infrastructure.
BODY
gitsplit wo new "Store login attempts" --class C1 --scope 'app/auth/**' --status done >/dev/null
gitsplit wo new "Rate-limit failed logins per account" --class C2 --priority P1 \
  --scope 'app/auth/**' --scope 'tests/test_auth*.py' \
  --file app/auth/login.py --file app/auth/limits.py --depends-on WO-1 --decision D-1 \
  --check "pytest -q tests/test_auth.py" --status ready --body-file - >/dev/null <<'BODY'
## Problem

Attackers can try unlimited passwords against one account: support saw 40k failed
logins for a single user last week.

## Scope

Count failed logins per account in `app/auth/`; lock the account for 15 minutes after 5
failures. Leave the session code alone.

## Acceptance

- [ ] The sixth failed login within 15 minutes is refused with HTTP 429.
- [ ] A successful login resets the counter.

## Expected output

A branch with the limiter and its tests, and a result note naming the lockout constant.
BODY
mkdir -p .workledger/runs/WO-1
cat > .workledger/runs/WO-1/r1.md <<RUN
---
wo: WO-1
run: r1
branch: wo/WO-1-store-login-attempts
base: $(git rev-parse HEAD)
outcome: succeeded
started: "2026-11-20T10:00:00Z"
---
Added \`attempts.record(db, account_id)\`; the \`login_attempts\` table has an index on
(account_id, failed_at).
RUN
git add -A && git commit -qm "ledger: the rate-limit plan"
gitsplit checkpoint "Attempts stored; limiter next" --body-file - >/dev/null <<'BODY'
## State of the work

Failed logins are stored (WO-1). The per-account limiter is next.

## Open questions

- Per-IP limits as well?

## Next steps

- Run WO-2 on the cheap tier, then review it against its acceptance.
BODY
git add -A && git commit -qm "checkpoint CP-1"
