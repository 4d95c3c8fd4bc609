"""``offsetcalc check FILE...``: certification verdicts for submissions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_FAIL, EXIT_INPUT, EXIT_OK, app, fail


class CheckFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Activity files (YAML, format 1) to check.")],
    standard: Annotated[
        str | None,
        typer.Option(
            "--standard",
            "-s",
            help="Standard profile ID (jp-co, jp-cn, au-ncos, nz-carbonzero, iso-14068) or a profile file; "
            "overrides each file's 'standard:'.",
        ),
    ] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.table,
    factors: Annotated[
        list[Path] | None,
        typer.Option("--factors", help="Extra or overriding factor tables (folder or file); repeatable."),
    ] = None,
) -> None:
    """Check submissions against a certification standard: pass, fail or error per file.

    Exit 0 when every file passes, 1 otherwise.

    Example: offsetcalc check tests/data/spec-event.yaml --standard jp-co --format json
    """
    from offsetcalc.check import check_files
    from offsetcalc.errors import OffsetcalcError

    try:
        report = check_files(list(files), standard=standard, factor_dirs=list(factors or []))
    except OffsetcalcError as exc:  # a bad --standard or --factors: the command line is wrong
        raise fail(exc, EXIT_INPUT) from None
    if format is CheckFormat.json:
        from offsetcalc.report import to_json

        typer.echo(to_json(report.to_dict()), nl=False)
    else:
        from offsetcalc.render import console
        from offsetcalc.render_check import render_check_report

        render_check_report(report, console())
    raise typer.Exit(EXIT_OK if report.passed else EXIT_FAIL)
