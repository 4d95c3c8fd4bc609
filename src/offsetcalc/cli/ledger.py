"""``offsetcalc ledger ...``: import registry exports into the credit ledger, list its blocks.

Exit codes of ``ledger import``: 0 every row was imported; 1 some rows were
rejected (each reported with its line; the good rows are imported all the same)
or the export shows credits a recorded submission claims as retired for someone
else; 2 the file or the ledger is unusable (nothing is imported).
"""

from __future__ import annotations

import contextlib
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_FAIL, EXIT_INPUT, EXIT_OK, app, fail

ledger_app = typer.Typer(help="The retired-credit ledger that catches double counting (SQLite).", no_args_is_help=True)
app.add_typer(ledger_app, name="ledger")


class Registry(str, Enum):
    verra = "verra"
    gold_standard = "gold-standard"
    climate_action_reserve = "climate-action-reserve"
    american_carbon_registry = "american-carbon-registry"
    art_trees = "art-trees"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


LedgerOption = Annotated[Path, typer.Option("--ledger", help="The ledger file (SQLite); created when missing.")]


@ledger_app.command("import")
def import_export(
    file: Annotated[Path, typer.Argument(readable=False, help="The registry's public export (CSV).")],
    registry: Annotated[Registry, typer.Option("--registry", help="Which registry wrote the export.")],
    ledger: LedgerOption,
    root: Annotated[
        Path | None, typer.Option("--root", help="Folder the export's recorded path is relative to (default: here).")
    ] = None,
) -> None:
    """Import a registry's retirement (or issuance) export into the ledger.

    Every serial becomes a block. A row that cannot be read is reported as
    FILE:LINE: error: ... and left out; the rest is imported (exit 1).

    Example: offsetcalc ledger import --registry verra verra-transactions.csv --ledger ledger.db
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.io.registries import read_export
    from offsetcalc.ledger.sqlite import Ledger

    try:
        export = read_export(file, registry.value)
        with Ledger(ledger, root=root) as db:
            summary = db.import_export(export)
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT) from None
    problems = sorted([*export.problems, *summary.problems], key=lambda p: p[0])
    for line, message in problems:
        sys.stderr.write(f"{file}:{line}: error: {message}\n")
    for c in summary.contradictions:
        sys.stderr.write(f"{c.other_location}: error: {c.message}\n  hint: submission at {c.claim.location}\n")
    rejected = len({line for line, _ in problems})
    typer.echo(
        f"{file}: {summary.blocks:,} blocks from {export.rows:,} rows imported into {ledger}"
        + (f" (replacing {summary.replaced:,})" if summary.replaced else "")
        + (f"; {rejected:,} rows with problems" if rejected else "")
        + (f"; {len(summary.contradictions):,} claims contradicted" if summary.contradictions else "")
    )
    raise typer.Exit(EXIT_FAIL if problems or summary.contradictions else EXIT_OK)


@ledger_app.command("list")
def list_blocks(
    ledger: Annotated[Path, typer.Option("--ledger", help="The ledger file (SQLite).")],
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    registry: Annotated[str | None, typer.Option("--registry", help="Only blocks of this registry.")] = None,
    prefix: Annotated[str | None, typer.Option("--prefix", help="Only blocks of this prefix (batch).")] = None,
) -> None:
    """List the ledger's credit blocks: registry, prefix, range, quantity, vintage, project, retirement, source.

    Example: offsetcalc ledger list --ledger ledger.db --format json
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.ledger.sqlite import LEDGER_FORMAT, Ledger

    try:
        if registry is not None:
            from offsetcalc.credits import registry_id

            # Explicit blocks are filed under their credit type (J-VER ...), not a registry id.
            with contextlib.suppress(OffsetcalcError):
                registry = registry_id(registry)
        with Ledger(ledger, readonly=True) as db:  # listing never changes the file; a missing one is an error
            blocks = list(db.blocks(registry=registry, prefix=prefix))
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT) from None
    if format is ListFormat.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json({"format": LEDGER_FORMAT, "blocks": blocks}), nl=False)
    else:
        from offsetcalc.report.batch_terminal import render_ledger_blocks
        from offsetcalc.report.terminal import console

        render_ledger_blocks(blocks, console())
    raise typer.Exit(EXIT_OK)


@ledger_app.command("forget")
def forget(
    sources: Annotated[
        list[str], typer.Argument(help="Submissions (or registry exports) as 'ledger list' shows them, or their files.")
    ],
    ledger: Annotated[Path, typer.Option("--ledger", help="The ledger file (SQLite).")],
    root: Annotated[
        Path | None, typer.Option("--root", help="Folder submission paths are relative to (default: here).")
    ] = None,
) -> None:
    """Remove submissions (or imported exports) and their blocks from the ledger, freeing their credits.

    For a submission that was renamed, moved or withdrawn since it was checked.
    Exit 2 when a name is not in the ledger (the others are removed all the same).

    Example: offsetcalc ledger forget --ledger ledger.db subs/old-name.yaml
    """
    from offsetcalc.errors import InputError, Location, OffsetcalcError
    from offsetcalc.ledger.sqlite import Ledger, submission_key

    if not ledger.exists():
        raise fail(InputError("no such ledger", location=Location(str(ledger)), code="ledger.missing"), EXIT_INPUT)
    unknown = []
    try:
        with Ledger(ledger, root=root) as db, db.transaction():
            for name in sources:
                candidates = dict.fromkeys([name, submission_key(name, root)])
                if not any(db.forget(k, kind) for k in candidates for kind in ("submission", "registry-export")):
                    unknown.append(name)
                else:
                    typer.echo(f"{name}: forgotten")
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT) from None
    for name in unknown:
        sys.stderr.write(
            f"{ledger}: error: {name!r} is not in the ledger\n  hint: 'offsetcalc ledger list --ledger {ledger}' "
            "shows every source\n"
        )
    raise typer.Exit(EXIT_INPUT if unknown else EXIT_OK)
