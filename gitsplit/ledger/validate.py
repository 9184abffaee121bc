"""``gitsplit check``: validate the whole ledger, on the working tree or at a commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gitsplit import gitio
from gitsplit.errors import ConfigError, RecordError
from gitsplit.ledger import config, dependencies, ids, layout, schema
from gitsplit.ledger.fileformat import MAX_RECORD_BYTES, Document
from gitsplit.ledger.records import Record, Run, record_type
from gitsplit.ledger.schema import Problem

RECORD_KIND_OF_RUN = "run"


@dataclass(frozen=True)
class Parsed:
    """A ledger file that parsed, with the kind its folder says it is."""

    kind: str
    record: Record


def classify(rel: str) -> str | None:
    """The record kind a repository path belongs to ('run' for runs), or None."""
    parts = PurePosixPath(rel).parts
    if len(parts) < 3 or parts[0] != ids.LEDGER_DIR or parts[-1].startswith("."):
        return None
    if parts[1] == "runs":
        briefing = parts[-1].endswith(ids.BRIEFING_SUFFIX)
        return RECORD_KIND_OF_RUN if len(parts) == 4 and not briefing else None
    kind = ids.BY_FOLDER.get(parts[1])
    return kind.name if kind and len(parts) == 3 else None


def check_file(rel: str, data: bytes) -> tuple[Parsed | None, list[Problem]]:
    """Parse and validate one ledger file on its own (schema, name = id)."""
    kind = classify(rel)
    if kind is None:
        return None, []
    if not rel.endswith(".md"):
        return None, [
            Problem(
                rel,
                None,
                "not a record: ledger records are Markdown files named <id>.md",
                "stray-file",
            )
        ]
    try:
        doc = Document.parse(data, path=rel)
    except RecordError as exc:
        code = "conflict" if "conflict" in exc.detail else "parse"
        return None, [Problem(rel, exc.line, exc.detail, code)]
    return check_document(rel, kind, doc, schema.validate(kind, doc.fields))


def check_document(
    rel: str, kind: str, doc: Document, found: list[tuple[str, str]]
) -> tuple[Parsed, list[Problem]]:
    """Validate one parsed record, given its schema problems ``found`` (name = id, runs)."""
    problems = [Problem(rel, doc.line_of(key) or 2, message, "schema") for key, message in found]
    parts = rel.split("/")  # .workledger/<folder>/[<WO>/]<name>.md (plain text: 10k records)
    stem = parts[-1].rsplit(".", 1)[0]
    if kind == RECORD_KIND_OF_RUN:
        run = Run(doc)
        folder = parts[2]
        if run.wo and run.wo != folder:
            problems.append(
                Problem(
                    rel,
                    doc.line_of("wo"),
                    f"run of {run.wo} filed under runs/{folder}/",
                    "misplaced",
                )
            )
        if run.id and run.id != stem:
            problems.append(
                Problem(
                    rel,
                    doc.line_of("run"),
                    f"file name {stem}.md does not match run id {run.id!r}",
                    "name",
                )
            )
        record: Record = run
    else:
        record = record_type(ids.BY_FOLDER[parts[1]])(doc)
        if isinstance(doc.fields.get("id"), str) and record.id != stem:
            problems.append(
                Problem(
                    rel,
                    doc.line_of("id"),
                    f"file name {stem}.md does not match "
                    f"id {record.id!r}; the file name must be the id "
                    f"(rename it, or `gitsplit renumber {rel}`)",
                    "name",
                )
            )
    return Parsed(kind, record), problems


def check_records(parsed: Iterable[Parsed]) -> list[Problem]:
    """Checks across records: duplicates, unknown references, cycles, supersession."""
    items = list(parsed)
    problems: list[Problem] = []
    by_id: dict[str, list[Record]] = defaultdict(list)
    for item in items:
        if item.kind != RECORD_KIND_OF_RUN and item.record.id:
            by_id[item.record.id].append(item.record)
    for record_id, records in sorted(by_id.items()):
        if len(records) > 1:
            paths = ", ".join(r.path for r in records)
            for record in records:
                problems.append(
                    Problem(
                        record.path,
                        record.doc.line_of("id"),
                        f"duplicate id {record_id} (in {paths}); "
                        f"`gitsplit renumber {record.path}` moves one to a "
                        "free id",
                        "duplicate",
                    )
                )
    for item in items:
        for name, target in schema.references(item.kind, item.record.fields):
            if target not in by_id and ids.split_id(target):
                problems.append(
                    Problem(
                        item.record.path,
                        item.record.doc.line_of(name),
                        f"'{name}' names {target}, which does not exist",
                        "reference",
                    )
                )
    problems += _cycles(items)
    problems += _supersession(items)
    return problems


def _cycles(items: list[Parsed]) -> list[Problem]:
    """Dependency cycles among work orders, printed as a path."""
    orders = {i.record.id: i.record for i in items if i.kind == "workorder" and i.record.id}
    edges = {wo_id: [d for d in record.texts("depends_on")] for wo_id, record in orders.items()}
    problems = []
    for cycle in dependencies.find_cycles(edges):
        record = orders[cycle[0]]
        words = "depends on itself" if len(cycle) == 2 else "is in a dependency cycle"
        problems.append(
            Problem(
                record.path,
                record.doc.line_of("depends_on"),
                f"{cycle[0]} {words}: {' → '.join(cycle)}",
                "cycle",
            )
        )
    return problems


def _supersession(items: list[Parsed]) -> list[Problem]:
    """``supersedes`` and ``superseded_by`` must agree on both records."""
    decisions = {i.record.id: i.record for i in items if i.kind == "decision"}
    problems = []
    for newer in decisions.values():
        for old_id in newer.texts("supersedes"):
            old = decisions.get(old_id)
            if old is not None and newer.id not in old.texts("superseded_by"):
                problems.append(
                    Problem(
                        old.path,
                        old.doc.line_of("superseded_by") or 2,
                        f"{newer.id} supersedes {old.id}, but {old.id} has no "
                        f"'superseded_by: [{newer.id}]'",
                        "supersession",
                    )
                )
    return problems


def check_worktree(root: Path) -> list[Problem]:
    """Every check on the working tree's ledger, including checkpoint immutability."""
    files: dict[str, bytes] = {}
    problems = _config_problems(root)
    found, links = layout.walk(root)
    for rel in found:
        if classify(rel) is not None:
            problems += _read_limited(root / rel, rel, files)
    problems += layout.path_problems(found, links)
    problems += check_contents(files)
    problems += checkpoint_edits(root)
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def check_contents(files: Mapping[str, bytes]) -> list[Problem]:
    """Per-file and cross-record checks over a set of ledger files."""
    parsed: list[Parsed] = []
    problems: list[Problem] = []
    for rel in sorted(files):
        item, found = check_file(rel, files[rel])
        problems += found
        if item is not None:
            parsed.append(item)
    return problems + check_records(parsed)


def check_commit(root: Path, rev: str) -> list[Problem]:
    """Every check on the ledger as committed at ``rev``, its history included (no checkout)."""
    tree = [e for e in gitio.ls_tree(root, rev, ids.LEDGER_DIR, recursive=True) if e.type == "blob"]
    links = [e.path for e in tree if e.mode == layout.SYMLINK_MODE]
    entries = [e for e in tree if e.path not in links and classify(e.path) is not None]
    blobs = gitio.read_blobs(root, (e.sha for e in entries))
    files = {e.path: blobs.get(e.sha, b"") for e in entries}
    problems = layout.path_problems([e.path for e in tree], links)
    problems += check_contents(files) + checkpoint_history(root, rev)
    text = gitio.read_blob(root, f"{rev}:{config.CONFIG_PATH}")
    if text is not None:
        try:
            config.parse(text.decode("utf-8", "replace"))
        except ConfigError as exc:
            problems.append(Problem(config.CONFIG_PATH, exc.line, exc.detail, "config"))
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


def checkpoint_edits(root: Path) -> list[Problem]:
    """Committed checkpoints that were edited afterwards, in history or in the working tree."""
    if gitio.head(root) is None:
        return []
    return checkpoint_history(root, "HEAD") + _checkpoint_worktree(root)


def checkpoint_history(root: Path, rev: str) -> list[Problem]:
    """Checkpoints edited, renamed or deleted by a commit after they were committed."""
    problems = []
    out = gitio.run(
        root,
        "log",
        "--format=%x00%h",
        "--name-status",
        "--diff-filter=MRD",
        rev,
        "--",
        f"{ids.CHECKPOINT.dir}/",
    )
    commit = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            commit = line[1:]
        elif line.strip():
            status, *paths = line.split("\t")
            verb = {"M": "edited", "R": "renamed", "D": "deleted"}.get(status[0], "changed")
            problems.append(
                Problem(
                    paths[-1],
                    None,
                    f"checkpoint {verb} in commit {commit} "
                    "after it was committed; checkpoints are immutable: "
                    "record a new one with --parent instead",
                    "checkpoint",
                )
            )
    return problems


def _checkpoint_worktree(root: Path) -> list[Problem]:
    """Committed checkpoints changed or deleted in the working tree."""
    problems = []
    out = gitio.run(
        root, "diff", "HEAD", "--name-status", "--no-renames", "--", f"{ids.CHECKPOINT.dir}/"
    )
    for line in out.splitlines():
        status, path = line.split("\t", 1)
        if status in ("M", "D"):
            verb = "edited" if status == "M" else "deleted"
            problems.append(
                Problem(
                    path,
                    None,
                    f"committed checkpoint {verb} in the working "
                    f"tree; checkpoints are immutable (`git restore {path}` "
                    "brings it back)",
                    "checkpoint",
                )
            )
    return problems


def _config_problems(root: Path) -> list[Problem]:
    """The config file's problem, if it has one."""
    try:
        config.load(root)
    except ConfigError as exc:
        return [Problem(config.CONFIG_PATH, exc.line, exc.detail, "config")]
    return []


def _read_limited(path: Path, rel: str, files: dict[str, bytes]) -> list[Problem]:
    """Read a ledger file into ``files``, or report why it cannot be read."""
    size = path.stat().st_size
    if size > MAX_RECORD_BYTES:
        return [
            Problem(
                rel,
                None,
                f"file is {size // 1024} KiB; a ledger record may be at "
                f"most {MAX_RECORD_BYTES // 1024} KiB",
                "parse",
            )
        ]
    files[rel] = path.read_bytes()
    return []
