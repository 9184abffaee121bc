"""Staged ledger files checked the way ``gitsplit check`` checks them, from the index.

Imported only when a commit stages something under ``.workledger/``: it loads the full
record, schema and config modules. Only the staged files are read (never the whole ledger),
so the cost does not grow with the ledger: per-file checks, plus every id a staged record
names must exist in the index.
"""

from __future__ import annotations

import shlex

from gitsplit.errors import ConfigError
from gitsplit.hooks.context import HookRepo
from gitsplit.hooks.model import Change
from gitsplit.ledger import config, ids, layout, schema, validate
from gitsplit.ledger.schema import Problem
from gitsplit.util.atomic import is_temp_name

Finding = tuple[str, str]


def ledger_section(repo: HookRepo, changes: list[Change]) -> tuple[str, list[Finding], str]:
    """Problems of the staged ledger files, as a report section."""
    problems: list[Problem] = []
    staged = [c for c in changes if c.has_content and c.path.startswith(ids.LEDGER_DIR + "/")]
    links = [c.path for c in staged if c.new_mode == layout.SYMLINK_MODE]
    problems += layout.path_problems([c.path for c in staged], links)
    for change in staged:
        if change.path not in links:
            data = repo.objects.blob(change.new_id) or b""
            problems += file_problems(repo, change.path, data)
    findings = [(str(problem), "") for problem in problems]
    hint = (
        "fix the file, `git add` it again (the staged version is what is checked: "
        "`git diff --cached`), and run `gitsplit check` for the whole ledger"
    )
    return ("commit refused: staged ledger files that `gitsplit check` rejects", findings, hint)


def file_problems(repo: HookRepo, path: str, data: bytes) -> list[Problem]:
    """What is wrong with one staged ledger file (config, record or stray file)."""
    if path == config.CONFIG_PATH:
        try:
            config.parse(data.decode("utf-8", "replace"), path=path)
        except ConfigError as exc:
            return [Problem(path, exc.line, exc.detail, "config")]
        return []
    if is_temp_name(path.rsplit("/", 1)[-1]):
        return [
            Problem(
                path,
                None,
                "a temporary file of a gitsplit write (left by a killed gitsplit), not a "
                f"record: git rm --cached {shlex.quote(path)} && rm -f {shlex.quote(path)}",
                "stray-file",
            )
        ]
    parsed, problems = validate.check_file(path, data)
    if parsed is None:
        return problems
    for name, target in schema.references(parsed.kind, parsed.record.fields):
        kind = ids.split_id(target)
        if kind is not None and repo.objects.read(f":{kind[0].path(target)}") is None:
            problems.append(
                Problem(
                    path,
                    parsed.record.doc.line_of(name),
                    f"'{name}' names {target}, which does not exist",
                    "reference",
                )
            )
    return problems
