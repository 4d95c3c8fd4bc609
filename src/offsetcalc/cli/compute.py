"""``offsetcalc compute FILE``: emissions, credits and offset ratio of one activity file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_INPUT, EXIT_OK, FactorsOption, Lang, Scope2Method, Scope2Option, app, fail


class ComputeFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class Gwp(str, Enum):
    AR2 = "AR2"
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


@app.command()
def compute(
    file: Annotated[Path, typer.Argument(readable=False, help="Activity file (YAML, format 1).")],
    format: Annotated[ComputeFormat, typer.Option("--format", "-f", help="Output format.")] = ComputeFormat.table,
    factors: FactorsOption = None,
    gwp: Annotated[Gwp | None, typer.Option("--gwp", help="GWP set, overrides the file.")] = None,
    scope2_method: Scope2Option = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of labels.")] = Lang.en,
    rows_out: Annotated[
        Path | None,
        typer.Option(
            "--rows-out",
            help="Write one result per table row (and per activity) to this .parquet or .csv file; "
            "the output itself summarises table rows.",
        ),
    ] = None,
) -> None:
    """Compute emissions, credits and the offset ratio of an activity file.

    Example: offsetcalc compute examples/event-dance-class.yaml --format json
    """
    from offsetcalc.io.loader import paused_gc

    with paused_gc():  # one file in, one result out: nothing for the cyclic collector (see paused_gc)
        _compute(file, format, factors, gwp, lang, rows_out, scope2_method)


def _compute(
    file: Path,
    format: ComputeFormat,
    factors: list[Path] | None,
    gwp: Gwp | None,
    lang: Lang,
    rows_out: Path | None,
    scope2_method: Scope2Method | None = None,
) -> None:
    from offsetcalc.api import compute as compute_file
    from offsetcalc.errors import OffsetcalcError

    try:
        result = compute_file(
            file,
            factor_dirs=list(factors or []),
            gwp=gwp.value if gwp else None,
            rows_out=rows_out,
            scope2_method=scope2_method.value if scope2_method else None,
        )
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    if format is ComputeFormat.json:
        from offsetcalc.report.result import result_to_dict, to_json

        typer.echo(to_json(result_to_dict(result)), nl=False)
    elif format is ComputeFormat.csv:
        if getattr(result, "gpc", None) is None:
            from offsetcalc.errors import InputError
            from offsetcalc.report.messages import Msg

            raise fail(
                InputError(Msg("cli.format"), hint=Msg("cli.format.hint"), code="cli.format"),
                EXIT_INPUT,
                lang,
            )
        from offsetcalc.report.city import gpc_csv

        typer.echo(gpc_csv(result, lang.value), nl=False)
    elif format is ComputeFormat.markdown:
        from offsetcalc.report.result import result_to_markdown

        typer.echo(result_to_markdown(result, lang.value), nl=False)
    else:
        from offsetcalc.report.terminal import console, render_result

        out = console()
        render_result(result, out, lang.value)
        if getattr(result, "gpc", None) is not None:
            from offsetcalc.report.city_terminal import render_gpc

            render_gpc(result, out, lang.value)
    raise typer.Exit(EXIT_OK)
