#!/bin/sh
# Builds the small example ledger that docs/work-graph.md shows, in a fresh
# folder (default /tmp/gitsplit-demo), so the examples there can be re-run:
#   sh docs/examples/work-graph-example.sh && cd /tmp/gitsplit-demo && gitsplit queue
set -eu
DEMO=${1:-/tmp/gitsplit-demo}
rm -rf "$DEMO" && mkdir -p "$DEMO" && cd "$DEMO"
git init -q -b main
git config user.name "Ada Architect" && git config user.email ada@example.com
GIT_AUTHOR_NAME="Ada Architect" GIT_AUTHOR_EMAIL=ada@example.com
GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
# no hooks: this example commits a broken dependency on purpose (WO-10 → WO-12), which the
# pre-commit hook would refuse
gitsplit init --no-hooks >/dev/null
# Dates are pinned (records and commits), so the commit hashes are the same on every run.
at() {
  SOURCE_DATE_EPOCH=$((1780000000 + $1 * 3600)); export SOURCE_DATE_EPOCH
  GIT_AUTHOR_DATE="@$SOURCE_DATE_EPOCH +0000"; GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
  export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}
at 1; gitsplit wo new "Parse the config file" --class C1 --priority P1 --status done
at 2; gitsplit wo new "Load records from the ledger" --class C2 --priority P1 --status ready --depends-on WO-1
at 3; gitsplit wo new "Render the queue" --class C2 --status ready --depends-on WO-2
at 4; gitsplit wo new "Mermaid output for the graph" --class C1 --priority P1 --status ready --depends-on WO-1
at 5; gitsplit wo new "Search the ledger" --class C2 --status ready
at 6; gitsplit wo new "Export to SQLite" --class C3 --status cancelled
at 7; gitsplit wo new "Sync with the SQLite export" --class C2 --status ready --depends-on WO-6
at 8; gitsplit wo new "Design the plugin API" --class C4 --status draft
at 9; gitsplit wo new 'Escape "quoted" [titles] in graphs' --class C1 --status ready --depends-on WO-4
at 10; gitsplit wo new "Bundle format" --class C3 --status ready
# a dependency on a work order that does not exist (typed by hand)
sed -i 's/^depends_on: \[\]$/depends_on: [WO-12]/' .workledger/workorders/WO-10.md
at 11; gitsplit decide "Keep the ledger as Markdown files in git" \
  --rejected "SQLite database: binary, merges badly, hides history from git log" >/dev/null
gitsplit invariant add "Listings never write to the repository" >/dev/null
git add -A && git commit -q -m "Plan the work"
# a run in progress on WO-2, and a finished run of WO-5 waiting for review
run() {  # run WO BRANCH OUTCOME STATUS (what `gitsplit start` / `finish` would commit)
  git checkout -q -b "$2"
  gitsplit wo set "$1" "status=$4" >/dev/null
  mkdir -p ".workledger/runs/$1"
  ended=null; [ "$3" = null ] || ended="'2026-05-29T12:00:00Z'"
  printf -- "---\nwo: %s\nrun: r1\nbranch: %s\nstarted: '2026-05-29T09:00:00Z'\nended: %s\noutcome: %s\n---\n" \
    "$1" "$2" "$ended" "$3" > ".workledger/runs/$1/r1.md"
  mkdir -p src && echo "$1" > "src/$1.txt"
  git add -A && git commit -q -m "$1: work"
  git checkout -q main
}
run WO-2 wo/WO-2-load-records-from-the-ledger null in_progress
run WO-5 wo/WO-5-search-the-ledger succeeded review
