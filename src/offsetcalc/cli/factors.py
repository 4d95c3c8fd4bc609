"""``offsetcalc factors ...``: list the emission factors of the loaded tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from offsetcalc.cli import EXIT_INPUT, Lang, factors_app, fail


@factors_app.command("list")
def list_factors(
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only factors whose ID or name (English or Japanese) contains this text."),
    ] = None,
    factors: Annotated[
        list[Path] | None,
        typer.Option("--factors", help="Extra or overriding factor tables (folder or file); repeatable."),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    lang: Annotated[Lang, typer.Option("--lang", help="Language of names.")] = Lang.en,
) -> None:
    """List emission factors (ID, name, value, unit, table, validity, confirmed).

    Example: offsetcalc factors list --search gasoline
    """
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.factors import load_factors

    try:
        fs = load_factors(list(factors or []))
    except OffsetcalcError as exc:
        raise fail(exc, EXIT_INPUT) from None
    rows = sorted(fs.all(), key=lambda f: (f.id, f.valid_from or ""))
    if search:
        needle = search.casefold()
        rows = [
            f
            for f in rows
            if needle in f.id.casefold()
            or needle in f.name.casefold()
            or (f.name_ja and needle in f.name_ja.casefold())
        ]
    if format == "json":
        from offsetcalc.report import to_json

        typer.echo(
            to_json(
                [
                    {
                        "id": f.id,
                        "name": f.name,
                        "name_ja": f.name_ja,
                        "category": f.category,
                        "value": f.value,
                        "unit": f.unit,
                        "gas": f.gas,
                        "gases": f.gases,
                        "valid_from": f.valid_from.isoformat() if f.valid_from else None,
                        "valid_to": f.valid_to.isoformat() if f.valid_to else None,
                        "confirmed": f.confirmed,
                        "table": f.table.id,
                        "edition": f.edition,
                        "source": f.source,
                    }
                    for f in rows
                ]
            ),
            nl=False,
        )
        return
    if format != "table":
        raise fail(ValueError(f"unknown format '{format}' (use table or json)"), EXIT_INPUT)
    from offsetcalc.render import console, render_factors

    render_factors(rows, console(), lang.value)
