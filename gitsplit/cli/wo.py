"""``gitsplit wo``: author and change work orders."""

from __future__ import annotations

from typing import Any

import click

from gitsplit.cli.common import (
    emit_json,
    field_lines,
    json_option,
    open_ledger,
    read_body,
    table,
    warn_unreadable,
)
from gitsplit.cost import routing
from gitsplit.errors import GitsplitError, ValidationError
from gitsplit.ledger import allocate, authoring, editor, ids, schema
from gitsplit.ledger.fileformat import Document
from gitsplit.ledger.records import WorkOrder
from gitsplit.ledger.store import Ledger
from gitsplit.util.atomic import atomic_write


@click.group("wo")
def wo() -> None:
    """Author and change work orders (.workledger/workorders/WO-<n>.md).

    A work order is one bounded unit of work: what to do, the paths it may change
    (scope), how to prove it is done (checks), and its class C1–C4, which decides
    the tier of agent it is routed to.
    """


@wo.command("new")
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
    metavar="PATH",
    help="A likely file, excerpted in the briefing (repeatable).",
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
@click.option(
    "--body-file",
    metavar="FILE",
    help="Markdown body from FILE ('-' for stdin); default: the work order template.",
)
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
        body=read_body(body_file),
    )
    record = _new_in_editor(ledger, spec) if edit else authoring.new_workorder(ledger, spec)
    if chosen is not None:
        click.echo(_class_note(chosen), err=True)
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(record.id)
    click.echo(f"created {record.path}", err=True)


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
        free = allocate.next_id(ledger.root, ids.WORKORDER)
        path = ids.WORKORDER.path(free)
        written.append(
            _accept_edit(
                ledger, path, free, _with_id(edited, path, free), exclusive=True, draft=NEW_DRAFT
            )
        )

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


@wo.command("show")
@click.argument("wo_id", metavar="ID")
@json_option
def show(wo_id: str, as_json: bool) -> None:
    """Show one work order: its fields and body."""
    record = open_ledger().get(ids.WORKORDER, wo_id, WorkOrder)
    if as_json:
        emit_json(record.as_json())
        return
    click.echo(
        f"{record.id}  {record.title}  [{record.status} · {record.klass} · {record.priority}]"
    )
    for line in field_lines(
        [
            ("depends on", record.depends_on),
            ("scope", record.scope),
            ("files", record.files),
            ("decisions", record.decisions),
            ("invariants", record.invariants),
            ("checks", record.checks),
            ("created", record.created),
            ("updated", record.text("updated")),
            ("path", record.path),
        ]
    ):
        click.echo(line)
    if record.body.strip():
        click.echo("")
        click.echo(record.body.rstrip("\n"))


@wo.command("list")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(schema.WO_STATUSES),
    help="Only these statuses (repeatable).",
)
@click.option(
    "--class",
    "classes",
    multiple=True,
    type=click.Choice(schema.CLASSES),
    help="Only these classes (repeatable).",
)
@click.option(
    "--priority",
    "priorities",
    multiple=True,
    type=click.Choice(schema.PRIORITIES),
    help="Only these priorities (repeatable).",
)
@json_option
def list_(
    statuses: tuple[str, ...], classes: tuple[str, ...], priorities: tuple[str, ...], as_json: bool
) -> None:
    """List work orders, in id order, as read from the working tree."""
    ledger = open_ledger()
    loaded = ledger.load(ids.WORKORDER)
    orders = [
        r
        for r in loaded.records
        if isinstance(r, WorkOrder)
        and (not statuses or r.status in statuses)
        and (not classes or r.klass in classes)
        and (not priorities or r.priority in priorities)
    ]
    if as_json:
        emit_json([_summary(r) for r in orders])
    elif orders:
        click.echo(
            table(
                [[r.id, r.status, r.klass, r.priority, r.title] for r in orders],
                ["ID", "STATUS", "CLASS", "PRI", "TITLE"],
            )
        )
    else:
        click.echo(
            "no work orders" + (" match" if statuses or classes or priorities else ""), err=True
        )
    warn_unreadable(loaded.errors)
    if loaded.errors:
        raise click.exceptions.Exit(1)


@wo.command("set")
@click.argument("wo_id", metavar="ID")
@click.argument("assignments", nargs=-1, metavar="FIELD=VALUE...")
@json_option
def set_(wo_id: str, assignments: tuple[str, ...], as_json: bool) -> None:
    """Change fields of a work order, validated before anything is written.

    \b
    FIELD=VALUE sets a field; for list fields FIELD+=VALUE adds an item and
    FIELD-=VALUE removes one; FIELD= empties an optional field.
    Examples:
      gitsplit wo set WO-3 status=ready priority=P1
      gitsplit wo set WO-3 depends_on+=WO-1 scope+='docs/**'
    """
    ledger = open_ledger()
    record = ledger.get(ids.WORKORDER, wo_id, WorkOrder)
    changed = authoring.set_fields(ledger, record, assignments)
    if as_json:
        emit_json(changed.as_json())
    else:
        names = ", ".join(dict.fromkeys(a.split("=")[0].rstrip("+-") for a in assignments))
        click.echo(f"{changed.id}: set {names}")


@wo.command("edit")
@click.argument("wo_id", metavar="ID")
def edit_(wo_id: str) -> None:
    """Edit a work order in your editor; the result is validated before it is saved.

    An edit that does not validate is not lost: it is kept under .git/gitsplit/drafts/
    and reopened the next time you run this command.
    """
    ledger = open_ledger()
    record = ledger.get(ids.WORKORDER, wo_id, WorkOrder)

    def accept(text: str) -> None:
        _accept_edit(ledger, record.path, record.id, text, exclusive=False, draft=f"{record.id}.md")

    result = editor.edit_text(ledger.root, f"{record.id}.md", record.doc.render(), accept)
    click.echo(f"{record.id}: saved" if result is not None else f"{record.id}: no changes")


def _accept_edit(
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


def _summary(record: WorkOrder) -> dict[str, Any]:
    """The JSON of a work order in a listing (no body)."""
    return {k: v for k, v in record.as_json().items() if k != "body"}
