"""``offsetcalc stats PATH...``: submissions, tonnes retired and breakdowns, as a table or JSON."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_INPUT, EXIT_OK, FactorsOption, Lang, TableOrJson, app, fail


class VerdictFilter(str, enum.Enum):
    pass_ = "pass"
    fail = "fail"
    error = "error"
    all = "all"


@app.command()
def stats(
    paths: Annotated[
        list[Path], typer.Argument(readable=False, help="Submission files, folders (every *.yaml / *.yml) or globs.")
    ],
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")] = TableOrJson.table,
    factors: FactorsOption = None,
    verdict: Annotated[
        VerdictFilter,
        typer.Option("--verdict", help="Count submissions with this check verdict only (default: pass)."),
    ] = VerdictFilter.pass_,
    ledger: Annotated[
        Path | None,
        typer.Option("--ledger", help="Ledger (read only) deciding who holds credits claimed twice."),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the table.")] = Lang.en,
) -> None:
    """Statistics over submissions: how many, tonnes retired (and planned), and the
    breakdowns by credit type, kind, standard and industry.

    Each file is checked against its standard; only passing submissions count
    unless --verdict says otherwise, and credits claimed twice count once (for
    the first claimant, or the one --ledger holds them for). Files that cannot
    be read are counted and listed, never dropped; the exit code is 0 unless
    the command line is wrong (2).

    Example: offsetcalc stats examples/ --format json
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.stats import collect_stats

    try:
        result = collect_stats(
            [str(p) for p in paths],
            factor_dirs=list(factors or []),
            verdict=verdict.value,
            ledger=str(ledger) if ledger is not None else None,
        )
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    if format is TableOrJson.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json(result.to_dict()), nl=False)
    else:
        from offsetcalc.report.stats_terminal import render_stats
        from offsetcalc.report.terminal import console

        render_stats(result, console(), lang.value)
    raise typer.Exit(EXIT_OK)
