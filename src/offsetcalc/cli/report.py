"""``offsetcalc report FILE -o OUT``: the disclosure document of one submission, HTML or PDF."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_FAIL, EXIT_INPUT, EXIT_OK, FactorsOption, Lang, Scope2Option, app, cannot_write, fail


class ReportFormat(str, Enum):
    html = "html"
    pdf = "pdf"


def _format_of(output: Path, given: ReportFormat | None, lang: Lang) -> ReportFormat:
    if given is not None:
        return given
    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        return ReportFormat.html
    if suffix == ".pdf":
        return ReportFormat.pdf
    from offsetcalc.errors import InputError
    from offsetcalc.report.messages import Msg

    raise fail(InputError(Msg("report.format-unknown", path=output), code="report.format"), EXIT_INPUT, lang)


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="Activity file (YAML, format 1).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The document to write (.html or .pdf).")],
    standard: Annotated[
        str | None,
        typer.Option("--standard", "-s", help="Standard profile ID or file; overrides the file's 'standard:'."),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the document.")] = Lang.en,
    format: Annotated[
        ReportFormat | None, typer.Option("--format", "-f", help="html or pdf (default: from OUT's suffix).")
    ] = None,
    factors: FactorsOption = None,
    gwp: Annotated[str | None, typer.Option("--gwp", help="GWP set (AR2, AR4, AR5, AR6); overrides the file.")] = None,
    scope2_method: Scope2Option = None,
    ledger: Annotated[
        str | None,
        typer.Option(
            "--ledger",
            envvar="OFFSETCALC_LEDGER",
            show_envvar=True,
            help="Credit ledger read (never written) for double claims, as check --ledger judges them: "
            "a SQLite file or a postgresql:// URL.",
        ),
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option("--root", help="Folder submissions are identified relative to in the ledger, as given to check."),
    ] = None,
) -> None:
    """Write the disclosure report of one submission: verdict, boundary, every activity and
    factor, every credit with its serials, the reduction plan, findings and charts.

    The same result and check report as 'compute' and 'check'. PDF is printed by headless
    Chromium (apt-get install chromium fonts-noto-cjk). Exit 1 when the verdict is fail or
    error (the document is written either way), as 'check' does.

    Example: offsetcalc report examples/event-dance-class.yaml --lang ja -o report.pdf
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.report.check_formats import check_writable, write_atomic

    fmt = _format_of(output, format, lang)
    try:
        check_writable(output)
        if fmt is ReportFormat.pdf:
            from offsetcalc.report.pdf import find_chromium

            find_chromium()  # before the work: a missing browser is one clear line
        from offsetcalc.report.html import disclosure, render_disclosure

        doc = disclosure(
            file,
            standard=standard,
            factor_dirs=list(factors or []),
            gwp=gwp,
            scope2_method=scope2_method.value if scope2_method else None,
            ledger=ledger,
            root=root,
        )
        html = render_disclosure(doc, lang.value)
        if fmt is ReportFormat.pdf:
            from offsetcalc.report.pdf import html_to_pdf_bytes

            write_atomic(output, html_to_pdf_bytes(html))
        else:
            write_atomic(output, html)
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    except OSError as exc:
        raise fail(cannot_write(output, exc.strerror or exc), EXIT_INPUT, lang) from None
    # A pipeline that publishes what 'report' writes must not take a failing submission's document for
    # a passing one's: the exit code is check's (SPEC §1: 1 when a check finds failures; redteam5).
    raise typer.Exit(EXIT_OK if doc.file_report.verdict == "pass" else EXIT_FAIL)
