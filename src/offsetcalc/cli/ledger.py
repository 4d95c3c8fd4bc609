"""``offsetcalc ledger ...``: import registry exports into the credit ledger, list its blocks.

Exit codes of ``ledger import``: 0 every row was imported; 1 some rows were
rejected (each reported with its line; the good rows are imported all the same)
or the export shows credits a recorded submission claims as retired for someone
else; 2 the file or the ledger is unusable (nothing is imported).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_FAIL, EXIT_INPUT, EXIT_OK, Lang, LangOption, app, fail

ledger_app = typer.Typer(
    help="The retired-credit ledger that catches double counting (a SQLite file, or PostgreSQL for a shared one).",
    no_args_is_help=True,
)
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


_LEDGER_HELP = (
    "The ledger: a SQLite file (created when missing) or postgresql://user@host:port/db "
    "(password from PGPASSWORD or ~/.pgpass; never printed)."
)
LedgerOption = Annotated[str, typer.Option("--ledger", envvar="OFFSETCALC_LEDGER", show_envvar=True, help=_LEDGER_HELP)]


@ledger_app.command("import")
def import_export(
    file: Annotated[Path, typer.Argument(readable=False, help="The registry's public export (CSV).")],
    registry: Annotated[Registry, typer.Option("--registry", help="Which registry wrote the export.")],
    ledger: LedgerOption,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root", help="Folder the export's recorded path is relative to (default: none, its absolute path)."
        ),
    ] = None,
    lang: LangOption = Lang.en,
) -> None:
    """Import a registry's retirement (or issuance) export into the ledger.

    Every serial becomes a block. A row that cannot be read is reported as
    FILE:LINE: error: ... and left out; the rest is imported (exit 1).

    Example: offsetcalc ledger import --registry verra verra-transactions.csv --ledger ledger.db
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.io.registries import iter_export
    from offsetcalc.ledger import display, open_ledger
    from offsetcalc.report.messages import Msg, in_lang

    try:
        export = iter_export(file, registry.value)  # rows are read as they are stored, in batches
        with open_ledger(ledger, root=root) as db:
            summary = db.import_export(export)
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    problems = sorted([*export.problems, *summary.problems], key=lambda p: p[0])
    for line, message in problems:
        sys.stderr.write(f"{file}:{line}: error: {in_lang(message, lang.value)}\n")
    for c in summary.contradictions:
        hint = Msg("ledger.import.submission-at", location=c.claim.location).render(lang.value)
        sys.stderr.write(f"{c.other_location}: error: {c.message_msg.render(lang.value)}\n  hint: {hint}\n")
    rejected = len({line for line, _ in problems})
    n_contra = len(summary.contradictions)
    line = Msg(
        "ledger.import.summary",
        file=file,
        blocks=f"{summary.blocks:,}",
        rows=f"{export.rows:,}",
        ledger=display(ledger),
        replaced=Msg("ledger.import.replacing", n=f"{summary.replaced:,}") if summary.replaced else "",
        rejected=Msg("ledger.import.rejected", n=f"{rejected:,}") if rejected else "",
        contradicted=Msg("ledger.import.contradicted", n=f"{n_contra:,}") if n_contra else "",
    )
    typer.echo(line.render(lang.value))
    raise typer.Exit(EXIT_FAIL if problems or summary.contradictions else EXIT_OK)


@ledger_app.command("list")
def list_blocks(
    ledger: LedgerOption,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    registry: Annotated[str | None, typer.Option("--registry", help="Only blocks of this registry.")] = None,
    prefix: Annotated[str | None, typer.Option("--prefix", help="Only blocks of this prefix (batch).")] = None,
    lang: LangOption = Lang.en,
) -> None:
    """List the ledger's credit blocks: registry, prefix, range, quantity, vintage, project, retirement, source.

    Example: offsetcalc ledger list --ledger ledger.db --format json
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.ledger import open_ledger
    from offsetcalc.ledger.core import LEDGER_FORMAT

    try:
        if registry is not None:
            from offsetcalc.credits import block_registry, registry_id

            # A registry id or alias ('VCS'), or a credit type, whose blocks are filed under its registry.
            try:
                registry = registry_id(registry)
            except OffsetcalcError:
                registry = block_registry(registry) or registry
        with open_ledger(ledger, readonly=True) as db:  # listing never changes the file; a missing one is an error
            blocks = list(db.blocks(registry=registry, prefix=prefix))
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    if format is ListFormat.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json({"format": LEDGER_FORMAT, "blocks": blocks}), nl=False)
    else:
        from offsetcalc.report.batch_terminal import render_ledger_blocks
        from offsetcalc.report.terminal import console

        render_ledger_blocks(blocks, console(), lang.value)
    raise typer.Exit(EXIT_OK)


@ledger_app.command("forget")
def forget(
    sources: Annotated[
        list[str], typer.Argument(help="Submissions (or registry exports) as 'ledger list' shows them, or their files.")
    ],
    ledger: LedgerOption,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Folder submission paths are relative to, as given to check --root (default: none, absolute paths).",
        ),
    ] = None,
    lang: LangOption = Lang.en,
) -> None:
    """Remove submissions (or imported exports) and their blocks from the ledger, freeing their credits.

    For a submission that was renamed, moved or withdrawn since it was checked.
    Exit 2 when a name is not in the ledger (the others are removed all the same).

    Example: offsetcalc ledger forget --ledger ledger.db subs/old-name.yaml
    """
    from offsetcalc.errors import InputError, Location, OffsetcalcError
    from offsetcalc.ledger import display, open_ledger
    from offsetcalc.ledger.core import submission_key
    from offsetcalc.report.messages import Msg
    from offsetcalc.rules.batch import ledger_key, printable

    _require_existing(ledger, lang)
    unknown = []
    try:
        with open_ledger(ledger, root=root) as db, db.transaction():
            for name in sources:
                # check stores the key escaped (rules.batch.ledger_key): a name with a tab, a backslash or
                # a byte that is not UTF-8 is found only that way; the name as 'ledger list' shows it too.
                # A name with bytes that are not UTF-8 cannot even be looked up unescaped.
                key = submission_key(name, root)
                candidates = [k for k in dict.fromkeys([name, ledger_key(key), key]) if _encodable(k)]
                if not any(db.forget(k, kind) for k in candidates for kind in ("submission", "registry-export")):
                    unknown.append(name)
                else:
                    # a name that is not UTF-8 cannot be printed as it is
                    typer.echo(Msg("ledger.forgotten", name=printable(name)).render(lang.value))
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    for name in unknown:
        shown = display(ledger)
        err = InputError(
            Msg("ledger.forget.unknown", name=repr(name)),
            location=Location(shown),
            hint=Msg("ledger.forget.unknown.hint", ledger=shown),
            code="ledger.unknown-source",
        )
        sys.stderr.write(err.render(lang.value) + "\n")
    raise typer.Exit(EXIT_INPUT if unknown else EXIT_OK)


def _require_existing(ledger: str, lang: Lang) -> None:
    """Exit 2 when ``ledger`` is a SQLite file that does not exist: forget and migrate change a
    ledger, and opening one for writing would make an empty one."""
    from offsetcalc.errors import InputError, Location
    from offsetcalc.ledger.postgres import is_postgres_url
    from offsetcalc.report.messages import Msg

    if not is_postgres_url(ledger) and not Path(ledger).exists():
        error = InputError(Msg("ledger.error.missing"), location=Location(str(ledger)), code="ledger.missing")
        raise fail(error, EXIT_INPUT, lang)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@ledger_app.command("migrate")
def migrate(ledger: LedgerOption, lang: LangOption = Lang.en) -> None:
    """Bring a ledger written by an older offsetcalc to this version's schema (back it up first).

    Example: offsetcalc ledger migrate --ledger ledger.db
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.ledger import display, open_ledger
    from offsetcalc.ledger.core import SCHEMA_VERSION
    from offsetcalc.report.messages import Msg

    _require_existing(ledger, lang)
    try:
        with open_ledger(ledger, migrate=True) as db:
            before, report = db.migrated_from, db.migration
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    shown = display(ledger)
    if before == SCHEMA_VERSION:
        lines = [Msg("ledger.migrate.current", ledger=shown, version=SCHEMA_VERSION)]
    else:
        lines = [Msg("ledger.migrate.done", ledger=shown, before=before, version=SCHEMA_VERSION)]
    if report is not None:
        # What the re-spelling of stored prefixes changed, and what it could not change (kept, never dropped).
        moved = sum(n for *_, n in report.changed)
        lines.append(Msg("ledger.migrate.prefixes", ledger=shown, n=len(report.changed), blocks=moved))
        lines += [Msg("ledger.migrate.prefix", registry=r, old=o, new=w, n=n) for r, o, w, n in report.changed]
        lines += [
            # refused for an invisible or control character: shown escaped, as the serial checks show it
            Msg(
                "ledger.migrate.prefix-refused", registry=r, prefix=p.encode("unicode_escape").decode(), reason=why, n=n
            )
            for r, p, why, n in report.refused
        ]
        lines += [Msg("ledger.migrate.prefix-shape", registry=r, prefix=p, n=n) for r, p, n in report.misshapen]
        lines += [Msg("ledger.migrate.rejected", key=k, other=o) for k, o in report.rejected]
    from offsetcalc.rules.batch import printable  # a refused prefix may hold a control character

    for line in lines:
        typer.echo(printable(line.render(lang.value), name=False))
    raise typer.Exit(EXIT_OK)


@ledger_app.command("copy")
def copy(
    source: Annotated[str, typer.Option("--from", help="The ledger to copy (SQLite file or postgresql:// URL).")],
    target: Annotated[str, typer.Option("--to", help="An empty or new ledger to copy into.")],
    lang: LangOption = Lang.en,
) -> None:
    """Copy every source and block of one ledger into another, losslessly (SQLite ↔ PostgreSQL).

    The target must hold no sources yet; the copy is one transaction there.

    Example: offsetcalc ledger copy --from ledger.db --to postgresql://reviewer@db.example/offsets
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.ledger import copy_ledger, display
    from offsetcalc.report.messages import Msg

    try:
        counts = copy_ledger(source, target)
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    done = Msg(
        "ledger.copied",
        source=display(source),
        target=display(target),
        sources=f"{counts['sources']:,}",
        blocks=f"{counts['blocks']:,}",
    )
    typer.echo(done.render(lang.value))
    raise typer.Exit(EXIT_OK)
