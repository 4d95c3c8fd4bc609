"""``offsetcalc factors ...``: list, show, validate and diff the emission-factor tables."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import (
    EXIT_FAIL,
    EXIT_INPUT,
    EXIT_OK,
    FactorsOption,
    Lang,
    LangOption,
    TableOrJson,
    factors_app,
    fail,
)


@factors_app.command("list")
def list_factors(
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only factors whose ID or name (English or Japanese) contains this text."),
    ] = None,
    factors: FactorsOption = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of names.")] = Lang.en,
) -> None:
    """List emission factors (ID, name, value, unit, table, validity, confirmed).

    Example: offsetcalc factors list --search gasoline
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.factors.tables import edition_start, load_factors

    try:
        fs = load_factors(list(factors or []))
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    # An ID may have an edition without a start date beside dated ones (jp-mlit-passenger-2006).
    rows = sorted(fs.all(), key=lambda f: (f.id, edition_start(f)))
    if search:
        needle = search.casefold()
        rows = [
            f
            for f in rows
            if needle in f.id.casefold()
            or needle in f.name.casefold()
            or (f.name_ja and needle in f.name_ja.casefold())
        ]
    if format is TableOrJson.json:
        from offsetcalc.factors.validate import factor_dict
        from offsetcalc.report.result import to_json

        typer.echo(to_json([factor_dict(f) for f in rows]), nl=False)
        return
    from offsetcalc.report.terminal import console, render_factors

    render_factors(rows, console(), lang.value)


class ValidateFormat(str, Enum):
    table = "table"
    json = "json"
    github = "github"


def _github_escape(text: str, *, prop: bool = False) -> str:
    """GitHub Actions workflow-command escaping (data: % CR LF; properties also : and ,)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


@factors_app.command("validate")
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False, help="Factor tables or folders of tables; the built-in tables when none is given."
        ),
    ] = None,
    factors: Annotated[
        list[Path] | None,
        typer.Option(
            "--factors", readable=False, help="User tables loaded on top of the built-ins, as compute does; repeatable."
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings (implausible values) as errors.")] = False,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="table, json or github (Actions annotations).")
    ] = ValidateFormat.table,
    lang: LangOption = Lang.en,
) -> None:
    """Validate factor tables: schema, unique IDs, units, values, provenance, validity periods.

    Exit 1 when any error is found (with --strict, any warning too), 0 otherwise.

    Example: offsetcalc factors validate factors/ --format github
    """
    from offsetcalc.factors.validate import validate_tables
    from offsetcalc.report.messages import Msg

    report = validate_tables(list(paths or []) or None, overlay=list(factors or []) or None, strict=strict)
    if format is ValidateFormat.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json(report.to_dict()), nl=False)
    elif format is ValidateFormat.github:
        for f in report.findings:
            props = f"file={_github_escape(f.file, prop=True)}"
            if f.line:
                props += f",line={f.line}"
                if f.column:
                    props += f",col={f.column}"
            props += f",title={_github_escape(f.code, prop=True)}"
            hint = f.hint_text(lang.value)
            message = f.text(lang.value) + (Msg("file.invalid.hint", hint=hint).render(lang.value) if hint else "")
            typer.echo(f"::{f.severity} {props}::{_github_escape(message)}")
    else:
        for f in report.findings:
            typer.echo(f.render(lang.value))
    summary = Msg(
        "validate.summary.valid" if report.valid else "validate.summary.invalid",
        tables=len(report.tables),
        factors=report.factors,
        errors=len(report.errors),
        warnings=len(report.warnings),
    )
    sys.stderr.write(summary.render(lang.value) + "\n")
    raise typer.Exit(EXIT_OK if report.valid else EXIT_FAIL)


@factors_app.command("show")
def show(
    factor_id: Annotated[str, typer.Argument(metavar="ID", help="Factor ID; ID@edition (or ID@table) picks one.")],
    factors: FactorsOption = None,
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    lang: LangOption = Lang.en,
) -> None:
    """Every field of a factor, its source, its table file and the file's sha256 (all editions).

    Example: offsetcalc factors show fuel.gasoline@2006
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.factors.validate import factor_dict

    try:
        fs = load_factors(list(factors or []))
        ident, _, edition = factor_id.partition("@")
        found = [fs.resolve(factor_id).factor] if edition else list(fs.by_id.get(ident, []))
        if not found:
            fs.resolve(ident)  # raises the unknown-factor error with its did-you-mean hint
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    rows = [factor_dict(f) for f in found]
    if format is TableOrJson.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json(rows), nl=False)
        return
    from offsetcalc.report.factors_terminal import render_factor_details
    from offsetcalc.report.terminal import console

    render_factor_details(rows, console(), lang.value)


@factors_app.command("diff")
def diff(
    old: Annotated[Path, typer.Argument(readable=False, help="The old table or folder of tables.")],
    new: Annotated[Path, typer.Argument(readable=False, help="The new table or folder of tables.")],
    format: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    lang: LangOption = Lang.en,
) -> None:
    """Added, removed and changed factors between two tables or folders, with % change.

    Exit 1 when anything changed (a CI gate: a change needs a reviewer), 0 when identical,
    2 when a table cannot be read.

    Example: offsetcalc factors diff old/factors factors
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.factors.validate import diff_tables

    try:
        report = diff_tables(old, new)
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT, lang) from None
    if format is TableOrJson.json:
        from offsetcalc.report.result import to_json

        typer.echo(to_json(report.to_dict()), nl=False)
    else:
        from offsetcalc.report.factors_terminal import render_diff
        from offsetcalc.report.terminal import console

        render_diff(report, console(), lang.value)
    raise typer.Exit(EXIT_OK if report.identical else EXIT_FAIL)
