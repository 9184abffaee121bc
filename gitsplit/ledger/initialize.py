"""``gitsplit init``: create the ledger folders and a commented config, idempotently."""

from __future__ import annotations

from pathlib import Path

from gitsplit import gitio
from gitsplit.ledger import ids, templates
from gitsplit.util.atomic import atomic_write

GITATTRIBUTES = "# gitsplit: ledger records keep LF line endings on every platform\n* text eol=lf\n"


def init(start: Path | str | None = None) -> tuple[Path, list[str]]:
    """Create what is missing of ``.workledger/``; returns the root and the paths created."""
    root = gitio.discover(start)
    created: list[str] = []
    ledger = root / ids.LEDGER_DIR
    for folder in [*(kind.folder for kind in ids.KINDS), "runs"]:
        keep = ledger / folder / ".gitkeep"
        if not keep.exists():
            atomic_write(keep, "")
            created.append(f"{ids.LEDGER_DIR}/{folder}/")
    config_path = ledger / "config.yaml"
    if not config_path.exists():
        text = (templates.packaged_dir() / "config.yaml").read_text(encoding="utf-8")
        branch = guess_default_branch(root)
        if branch != "main":
            text = text.replace("\ndefault_branch: main\n", f"\ndefault_branch: {branch}\n", 1)
        atomic_write(config_path, text, exclusive=True)
        created.append(f"{ids.LEDGER_DIR}/config.yaml")
    schemas = ledger / "schema"
    if not schemas.is_dir():
        import json

        from gitsplit.ledger import json_schema

        for name, data in json_schema.all_schemas().items():
            atomic_write(schemas / name, json.dumps(data, indent=2) + "\n")
        created.append(f"{json_schema.SCHEMA_DIR}/ (JSON Schemas the records' modelines name)")
    attributes = ledger / ".gitattributes"
    if not attributes.exists():
        atomic_write(attributes, GITATTRIBUTES, exclusive=True)
        created.append(f"{ids.LEDGER_DIR}/.gitattributes")
    return root, created


def guess_default_branch(root: Path) -> str:
    """The authority branch of a repository: ``main``, else origin's HEAD, else ``master``."""
    if gitio.resolve(root, "refs/heads/main"):
        return "main"
    remote = gitio.origin_head(root)
    if remote:
        return remote
    if gitio.resolve(root, "refs/heads/master"):
        return "master"
    current = gitio.current_branch(root)
    if current and gitio.head(root) is None:
        return current  # a new repository: its first branch will be the authority
    return "main"
