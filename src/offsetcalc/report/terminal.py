"""Terminal rendering with rich: the only module that imports rich.

Imported lazily by the CLI, only when a table is shown, so ``--help`` and JSON
output never pay for rich. Functions take a result (or report) and a Console,
so tests render into a fixed-width, colourless console and compare text.
"""

from __future__ import annotations

from typing import Any

from rich import box  # noqa: TID251 - this is the one module allowed to import rich
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.engine.compute import Result
from offsetcalc.report.escape import terminal
from offsetcalc.report.result import format_ratio, format_t, labels


def escape(text: Any) -> str:
    """User text as literal terminal text: no rich markup, no control characters (offsetcalc.report.escape)."""
    return terminal(text)


def console(*, stderr: bool = False, width: int | None = None, plain: bool = False) -> Console:
    """A Console; ``plain`` gives a fixed-width, colourless one (tests, pipes)."""
    if plain:
        return Console(
            stderr=stderr,
            width=width or 120,
            color_system=None,
            force_terminal=False,
            no_color=True,
            highlight=False,
            soft_wrap=False,
        )
    return Console(stderr=stderr, width=width, highlight=False)


def render_result(r: Result, out: Console, lang: str = "en") -> None:
    """Activities, subtotals, credits, ratio, shortfall: the compute table."""
    L = labels(lang)
    # Everything from the user's files is escaped: a title or id such as '[/bold]' is text,
    # not rich markup (unescaped, it garbled the table or raised MarkupError).
    head = f"[bold]{escape(r.title)}[/bold]  ({escape(L.get(r.kind, r.kind))}"
    if r.period:
        head += f", {r.period[0]} – {r.period[1]}"
    out.print(head + f", {L['gwp']} {escape(r.gwp)})")

    t = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False)
    t.add_column(L["activity"], no_wrap=True)
    t.add_column(L["group"])
    t.add_column(L["quantity"], justify="right")
    t.add_column(L["factor"], overflow="fold")
    t.add_column(L["source"], overflow="fold", max_width=48)
    t.add_column(L["t_co2e"], justify="right")
    for a in r.activity_lines:
        qty = f"{a.quantity:,g} {a.unit}" + (f" × {r.units:,g}" if a.per_unit and r.units else "")
        factor = f"{escape(a.factor.ref or 'inline')}\n{escape(f'{a.factor.value:g} {a.factor.unit}')}"
        if a.factor.gases:
            factor += f" ({a.factor.gwp})"
        # The table shows where the factor is from in short; JSON/Markdown carry the full citation.
        short = a.factor.table or a.factor.source
        src = short + ("" if a.factor.confirmed else f" [{L['unconfirmed']}]")
        t.add_row(escape(a.id), escape(a.group), escape(qty), factor, escape(src), format_t(a.ug))
    out.print(t)

    s = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_header=False)
    s.add_column("")
    s.add_column("", justify="right")
    for g, ug in r.subtotals_ug.items():
        s.add_row(f"{L['subtotal']}: {escape(g)}", format_t(ug))
    s.add_row(f"[bold]{L['emissions']} ({L['total']})[/bold]", f"[bold]{format_t(r.emissions_ug)}[/bold]")
    if getattr(r, "scope2", None):  # organisations: both scope 2 figures side by side
        for method in ("location", "market"):
            ug = r.scope2[f"{method}_based_ug"]
            used = f" ({L['scope2_used']})" if r.scope2["method"] == method else ""
            s.add_row(f"{L['scope2_' + method]}{used}", format_t(ug) if ug is not None else "—")
    if r.per_unit_kg is not None and r.product:
        s.add_row(f"{L['per_unit']} ({escape(r.product['functional_unit'])}, kg-CO2e)", f"{r.per_unit_kg:.3f}")
    for c in r.credits:
        status = L.get(c.status, c.status)
        s.add_row(f"{L['credit']}: {escape(c.type)} {escape(c.project or '')} ({status})", format_t(c.ug))
    s.add_row(f"[bold]{L['credits']} ({L['total']})[/bold]", f"[bold]{format_t(r.credits_ug)}[/bold]")
    s.add_row(f"[bold]{L['ratio']}[/bold]", f"[bold]{format_ratio(r.ratio)}[/bold]")
    if r.fully_offset:
        s.add_row(L["fully_offset"], L["yes"])
    else:
        s.add_row(L["shortfall"], format_t(r.shortfall_ug))
        s.add_row(f"[bold]{L['needed']}[/bold]", f"[bold]{r.credits_needed_t} {L['whole_t']}[/bold]")
    out.print(s)
    for o in r.overrides:
        out.print(escape(f"{L['overrides']}: {o['id']} {o['replaced_table']} → {o['by_table']}"))
    for w in r.warnings:
        out.print(f"[yellow]{L['warning']}:[/yellow] {escape(w)}")
    for tb in r.factor_tables:
        out.print(f"[dim]{L['table']}: {escape(tb['id'])} sha256:{tb['sha256'][:16]}…[/dim]")


def render_factors(factors: list[Any], out: Console, lang: str = "en") -> None:
    """The factor list: ID, name, value, unit, edition, confirmed."""
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("ID", "Name", "Value", "Unit", "Table", "Valid", "Confirmed"):
        t.add_column(col, justify="right" if col == "Value" else "left", no_wrap=col in ("ID", "Value", "Valid"))
    for f in factors:
        name = f.name_ja if lang == "ja" and f.name_ja else f.name
        valid = f"{f.valid_from or ''}…{f.valid_to or ''}" if (f.valid_from or f.valid_to) else ""
        value = f"{f.value:g}" if f.value is not None else "per gas"
        t.add_row(
            *(escape(x or "") for x in (f.id, name, value, f.unit, f.table.id, valid)),
            "yes" if f.confirmed else "no",
        )
    out.print(t)
