"""What ``finish`` records of the checks it ran: the commit they ran at, each exit, a digest.

The digest is a sha256 over the run id, that commit and every check's command and exit, so
a hand-written or hand-edited ``checks`` list no longer matches it. It is evidence, not
proof (anyone can recompute it): ``review --run-checks`` is the proof.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from gitsplit.runs.checks import CheckResult

COMMIT_FIELD = "checks_commit"
DIGEST_FIELD = "checks_digest"
_DIGESTED = ("command", "exit", "passed", "timed_out")


def fields(run_id: str, commit: str, results: Iterable[CheckResult]) -> dict[str, Any]:
    """The run record's ``checks``, ``checks_commit`` and ``checks_digest`` for these results."""
    records = [r.as_record() for r in results]
    return {
        "checks": records,
        COMMIT_FIELD: commit,
        DIGEST_FIELD: digest(run_id, commit, records),
    }


def digest(run_id: str, commit: str, records: Iterable[Mapping[str, Any]]) -> str:
    """``sha256:<hex>`` over the run, the commit and each check's command and exit."""
    payload = {
        "run": run_id,
        "commit": commit,
        "checks": [{key: record.get(key) for key in _DIGESTED} for record in records],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
