"""``gitsplit wo new``: author a work order from options, a body file or ``$EDITOR``."""

from __future__ import annotations

import click

from gitsplit.cli.common import (
    body_options,
    body_text,
    emit_json,
    json_option,
    open_ledger,
)
from gitsplit.cost import routing
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import allocate, authoring, editor, guidance, ids, locks, schema
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.util.atomic import atomic_write


@click.command("new")
@click.argument("title")
@click.option(
    "--class",
    "klass",
    type=click.Choice(schema.CLASSES),
    default=None,
    help="C1 mechanical · C2 bounded · C3 non-trivial · C4 architecture. "
    "Default: suggested from the scope, decisions and dependencies "
    "(C2 when nothing suggests more; see `gitsplit route`).",
)
@click.option("--priority", type=click.Choice(schema.PRIORITIES), default="P2", show_default=True)
@click.option(
    "--status",
    type=click.Choice(schema.WO_STATUSES),
    default="draft",
    show_default=True,
    help="Use 'ready' when it can be started.",
)
@click.option(
    "--depends-on",
    "depends_on",
    multiple=True,
    metavar="ID",
    help="A work order that must be done first (repeatable).",
)
@click.option(
    "--scope",
    multiple=True,
    metavar="GLOB",
    help="A path glob this work order may change, e.g. 'src/parser/**' (repeatable).",
)
@click.option(
    "--file",
    "files",
    multiple=True,
    metavar="PATH[#L10-40|::NAME]",
    help="A likely file, excerpted in the briefing: the lines or definition named, else the "
    "parts the task is about (repeatable).",
)
@click.option(
    "--decision",
    "decisions",
    multiple=True,
    metavar="ID",
    help="A decision the briefing must carry (repeatable).",
)
@click.option(
    "--invariant",
    "invariants",
    multiple=True,
    metavar="ID",
    help="An invariant to name explicitly (all active ones are carried anyway).",
)
@click.option(
    "--check",
    "checks",
    multiple=True,
    metavar="CMD",
    help="A shell command that proves acceptance (repeatable).",
)
@body_options("Markdown body (default: the work order template)")
@click.option("--edit", "edit", is_flag=True, help="Open $EDITOR on the rendered record first.")
@json_option
def new(
    title: str,
    klass: str | None,
    priority: str,
    status: str,
    depends_on: tuple[str, ...],
    scope: tuple[str, ...],
    files: tuple[str, ...],
    decisions: tuple[str, ...],
    invariants: tuple[str, ...],
    checks: tuple[str, ...],
    body: str | None,
    body_file: str | None,
    edit: bool,
    as_json: bool,
) -> None:
    """Create a work order titled TITLE and print its id.

    \b
    Example:
      gitsplit wo new "Parse the config file" --class C1 --status ready \\
          --scope 'src/config/**' --check 'pytest tests/test_config.py'
    """
    ledger = open_ledger()
    chosen = (
        None
        if klass
        else routing.class_for_new(ledger, scope=scope, decisions=decisions, depends_on=depends_on)
    )
    klass = klass or (chosen.klass if chosen else routing.DEFAULT_CLASS)
    spec = authoring.WorkOrderSpec(
        title=title,
        klass=klass,
        priority=priority,
        status=status,
        depends_on=depends_on,
        scope=scope,
        files=files,
        decisions=decisions,
        invariants=invariants,
        checks=checks,
        body=body_text(body, body_file),
    )
    record = _new_in_editor(ledger, spec) if edit else authoring.new_workorder(ledger, spec)
    if chosen is not None:
        click.echo(_class_note(chosen), err=True)
    if as_json:
        emit_json(record.as_json())
        _say_what_is_empty(record)
        return
    click.echo(record.id)
    click.echo(f"created {record.path}", err=True)
    _say_what_is_empty(record)


def _say_what_is_empty(record: WorkOrder) -> None:
    """On stderr: the required sections ``wo new`` left as the template's guidance."""
    missing = guidance.empty_sections("workorder", record.body)
    if missing:
        click.echo(
            f"{record.id}: left {' and '.join(missing)} empty (the template's guidance); "
            f"write {'them' if len(missing) > 1 else 'it'} with `gitsplit wo edit {record.id}` "
            "(`gitsplit start` refuses it until then)",
            err=True,
        )


def _class_note(chosen: routing.Suggestion) -> str:
    """What ``wo new`` says on stderr about the class it chose without ``--class``."""
    if not chosen.reasons:
        return f"class {chosen.klass}: the default (no --class given, nothing suggests more)"
    why = "; ".join(reason.message for reason in chosen.reasons)
    return f"class {chosen.klass}: suggested because {why} (no --class given)"


NEW_DRAFT = "new-workorder.md"


def _new_in_editor(ledger: Ledger, spec: authoring.WorkOrderSpec) -> WorkOrder:
    """Render the new record, let the user edit it, validate, then write it.

    The draft is not named after an id: a kept draft must not be reopened by `wo edit`
    of a record that took that id meanwhile, and it is filed under the id free when saved.
    """
    from gitsplit.ledger import templates

    record_id = allocate.next_id(ledger.root, ids.WORKORDER)
    fields = {"id": record_id, **authoring.workorder_fields(ledger, spec)}
    body = (
        spec.body
        if spec.body is not None
        else templates.render(
            ledger.root, "workorder.md.j2", {"id": record_id, "problem": "", "title": spec.title}
        )
    )
    text = Document.new(fields, body, path=ids.WORKORDER.path(record_id)).render()
    written: list[WorkOrder] = []

    def accept(edited: str) -> None:
        with locks.new_id(ledger.root, ids.WORKORDER.prefix):
            free = allocate.next_id(ledger.root, ids.WORKORDER)
            path = ids.WORKORDER.path(free)
            text = _with_id(edited, path, free)
            written.append(accept_edit(ledger, path, free, text, exclusive=True, draft=NEW_DRAFT))

    editor.edit_text(ledger.root, NEW_DRAFT, text, accept)
    if not written:  # unchanged in the editor: write the rendered record as it is
        accept(text)
    return written[0]


def _with_id(text: str, path: str, record_id: str) -> str:
    """A new record's text with its id (and its Work-Order trailer) moved to ``record_id``."""
    try:
        doc = Document.parse(text, path=path)
    except GitsplitError:
        return text  # validation reports it
    old = doc.fields.get("id")
    if old == record_id or not isinstance(old, str) or ids.split_id(old) is None:
        return text
    body = doc.body.replace(f"Work-Order: {old}`", f"Work-Order: {record_id}`")
    return doc.changed({"id": record_id}, body=body).render()


def accept_edit(
    ledger: Ledger, path: str, record_id: str, text: str, *, exclusive: bool, draft: str
) -> WorkOrder:
    """Validate an edited work order and write it; raise (keeping the draft) when invalid."""
    shown = str(editor.drafts_dir(ledger.root) / draft)  # line numbers are the draft's
    doc = Document.parse(text, path=shown)
    problems = schema.validate("workorder", doc.fields)
    if problems:
        lines = "\n".join(f"  {shown}:{doc.line_of(k) or 2}: {m}" for k, m in problems)
        raise ValidationError(f"the edited work order is not valid:\n{lines}")
    if doc.fields.get("id") != record_id:
        raise ValidationError(
            f"the id must stay {record_id} (use `gitsplit renumber` to change an id)"
        )
    for field, value in doc.fields.items():
        spec = next((s for s in schema.WORKORDER_FIELDS if s.name == field), None)
        if spec is not None and spec.type == "ids":
            authoring.existing_ids(ledger, ids.BY_PREFIX[spec.ref], value)
    authoring.refuse_cycle(ledger, record_id, doc.fields.get("depends_on") or [])
    try:
        atomic_write(ledger.root / path, text, exclusive=exclusive)
    except GitsplitError:
        raise ValidationError(f"{path} appeared meanwhile; pick another id") from None
    return WorkOrder(Document.parse(text, path=path))
