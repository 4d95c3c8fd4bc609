"""Terminal rendering of a city inventory: the GPC reporting table (a render module, rich allowed).

Rows are GPC sub-sectors, columns the three scopes and the BASIC / BASIC+ sums,
as :func:`offsetcalc.engine.city.gpc_table` builds them (the same rows go to CSV
and to reports); then the levels claimed and met, whether the cell table is confirmed
against the GPC, gases and biogenic CO2.
"""

from __future__ import annotations

from typing import Any

from rich import box  # noqa: TID251 - a render module
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.engine.city import totals_ug
from offsetcalc.gpc import table
from offsetcalc.report.city import gpc_table
from offsetcalc.report.messages import labels
from offsetcalc.report.result import format_t
from offsetcalc.report.terminal import escape


def render_gpc(result: Any, out: Console, lang: str = "en") -> None:
    """The GPC reporting table of a city result, with level and gas lines below it."""
    inv = result.gpc
    L = labels(lang)
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=L["gpc_table"])
    head = ("GPC", L["gpc_sector"], L["gpc_scope1"], L["gpc_scope2"], L["gpc_scope3"], "BASIC", "BASIC+")
    t.add_column(head[0], no_wrap=True)
    # The sub-sector names give way first (they wrap at spaces, Japanese between characters): the
    # figures and GPC refs never wrap, so at 80 columns no number is cut.
    t.add_column(head[1], overflow="fold", min_width=8, max_width=40)
    for h in head[2:]:
        t.add_column(h, justify="right", no_wrap=True)
    rows = gpc_table(result, lang, places=1)
    for row in rows:
        cells = [row[k] for k in ("scope1", "scope2", "scope3", "basic", "basic_plus")]
        bold = row["ref"] == "total"
        ref = "" if row["ref"] in ("total", "outside-levels") else row["ref"]
        texts = [escape(x) for x in (ref, row["subsector"], *cells)]
        t.add_row(*(f"[bold]{x}[/bold]" if bold else x for x in texts), end_section=row["ref"] == "VI.1")
    out.print(t)
    totals = totals_ug(inv)
    met = ", ".join(inv.levels_met) or L["gpc_none"]
    level_total = format_t(totals["basic" if inv.level == "BASIC" else "basic_plus"])
    out.print(
        f"{L['gpc_claimed_level']}: [bold]{escape(inv.level)}[/bold] ({level_total} {L['t_co2e']}); "
        f"{L['gpc_levels_met_line']}: {escape(met)}"
    )
    cells = table()
    if not cells.confirmed:  # the levels come from transcriptions of the GPC's table, not the GPC read
        out.print(f"{L['gpc_table_source']}: {escape(cells.citation())} ({L['unconfirmed']})", style="dim")
    if inv.gases_ug:
        gases = ", ".join(f"{g} {format_t(ug)} t" for g, ug in sorted(inv.gases_ug.items()))
        out.print(
            f"{L['gpc_by_gas']} ({escape(inv.level)}): {escape(gases)}"
            f"; {L['gpc_co2e_only']} {format_t(inv.co2e_only_ug)} t"
        )
    if inv.biogenic_co2_ug:
        out.print(f"{L['gpc_biogenic']}: {format_t(inv.biogenic_co2_ug)} t")
