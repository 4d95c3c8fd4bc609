"""``offsetcalc check FILE...``: certification verdicts for submissions."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_FAIL, EXIT_INPUT, EXIT_OK, FactorsOption, Lang, Scope2Option, app, cannot_write, fail


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    junit = "junit"
    markdown = "markdown"
    html = "html"


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            readable=False, help="Activity files (YAML, format 1), folders (every *.yaml / *.yml under them) or globs."
        ),
    ],
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
    factors: FactorsOption = None,
    gwp: Annotated[
        str | None, typer.Option("--gwp", help="GWP set (AR2, AR4, AR5, AR6); overrides each file's and standard's.")
    ] = None,
    scope2_method: Scope2Option = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Files checked in parallel (default: every CPU).")
    ] = None,
    ledger: Annotated[
        str | None,
        typer.Option(
            "--ledger",
            envvar="OFFSETCALC_LEDGER",
            show_envvar=True,
            help="Credit ledger to record claims in and catch double counting: a SQLite file, or "
            "postgresql://user@host:port/db for one shared by several reviewers.",
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option(
            "--root",
            help="Folder submissions are identified relative to in the ledger (default: none, each file by "
            "its absolute path; give one for a ledger shared between machines).",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the table and the HTML page.")] = Lang.en,
) -> None:
    """Check submissions against a certification standard: pass, fail or error per file.

    Exit 0 when every file passes, 1 otherwise (a file that fails or cannot be read).

    Example: offsetcalc check submissions/ --ledger ledger.db --format html --output report.html
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.report.batch_terminal import progress_bar
    from offsetcalc.rules.batch import check_batch

    try:
        if output is not None:
            from offsetcalc.report.check_formats import check_writable

            # Before the batch runs: an hour of checking must not end in "cannot write".
            check_writable(output)
        with progress_bar() as update:
            report = check_batch(
                [str(f) for f in files],
                standard=standard,
                factor_dirs=list(factors or []),
                gwp=gwp,
                scope2_method=scope2_method.value if scope2_method else None,
                jobs=jobs,
                ledger=ledger,
                root=root,
                progress=update,
            )
    except OffsetcalcError as exc:  # a bad --standard, --factors or --ledger: the command line is wrong
        raise fail(exc, EXIT_INPUT, lang) from None
    if output is not None:
        from offsetcalc.report.check_formats import write_atomic

        try:
            write_atomic(output, _render(report, format, lang))
        except OSError as exc:
            raise fail(cannot_write(output, exc.strerror or exc), EXIT_INPUT, lang) from None
        except UnicodeEncodeError as exc:  # pragma: no cover - batch.printable() removes what UTF-8 cannot hold
            raise fail(cannot_write(output, exc), EXIT_INPUT, lang) from None
    elif format is CheckFormat.table:
        from offsetcalc.report.batch_terminal import render_batch_report
        from offsetcalc.report.terminal import console

        render_batch_report(report, console(), lang.value)
    else:
        typer.echo(_render(report, format, lang), nl=False)
    raise typer.Exit(EXIT_OK if report.passed else EXIT_FAIL)


def _render(report: object, format: CheckFormat, lang: Lang) -> str:
    if format is CheckFormat.html:
        from offsetcalc.report.html import render_batch

        return render_batch(report, lang.value)
    if format is CheckFormat.table:
        from offsetcalc.report.check_formats import to_table

        return to_table(report, lang=lang.value)
    from offsetcalc.report.check_formats import render

    return render(report, format.value, lang.value)
