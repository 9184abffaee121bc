"""``gitsplit schema``: JSON Schemas of the records' frontmatter, for editors and scripts."""

from __future__ import annotations

import click

KINDS = ("workorder", "decision", "invariant", "checkpoint", "run", "config")


@click.command("schema")
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--write", is_flag=True, help="Write every schema into .workledger/schema/.")
def schema_cmd(kind: str | None, write: bool) -> None:
    """Print the JSON Schema of a record kind's frontmatter or of config.yaml, or write them all.

    The schemas are made from the same field specifications `gitsplit check`
    uses, so an editor that validates against them agrees with `check` (for the
    config, `check` also verifies what a schema cannot: that routing names a
    tier that exists, a tier a known agent and a priced model). With --write
    they go to .workledger/schema/<kind>.schema.json, where the
    `# yaml-language-server: $schema=...` line of new records and of
    config.yaml points.

    \b
    Examples:
      gitsplit schema workorder
      gitsplit schema config
      gitsplit schema --write && git add .workledger/schema
    """
    import json

    from gitsplit.cli.common import open_ledger
    from gitsplit.errors import GitsplitError
    from gitsplit.ledger import json_schema
    from gitsplit.util.atomic import atomic_write

    if write:
        if kind:
            raise GitsplitError("--write writes every kind; leave out KIND")
        ledger = open_ledger()
        folder = ledger.root / json_schema.SCHEMA_DIR
        folder.mkdir(exist_ok=True)
        for name, data in json_schema.all_schemas().items():
            atomic_write(folder / name, json.dumps(data, indent=2) + "\n")
            click.echo(f"{json_schema.SCHEMA_DIR}/{name}")
        return
    if kind is None:
        raise GitsplitError(
            "name a kind (workorder, decision, invariant, checkpoint, run, config) or give --write"
        )
    click.echo(json.dumps(json_schema.kind_schema(kind), indent=2))
