"""Terminal rendering of a city inventory: the GPC reporting table (a render module, rich allowed).

Rows are GPC sub-sectors, columns the three scopes and the BASIC / BASIC+ sums,
as :func:`offsetcalc.engine.city.gpc_table` builds them (the same rows go to CSV
and to reports); then the levels claimed and met, gases and biogenic CO2.
"""

from __future__ import annotations

from typing import Any

from rich import box  # noqa: TID251 - a render module
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.engine.city import totals_ug
from offsetcalc.report.city import gpc_table
from offsetcalc.report.result import format_t
from offsetcalc.report.terminal import escape

_HEAD = {
    "en": ("GPC", "Sub-sector", "Scope 1", "Scope 2", "Scope 3", "BASIC", "BASIC+"),
    "ja": ("GPC", "部門", "スコープ1", "スコープ2", "スコープ3", "BASIC", "BASIC+"),
}


def render_gpc(result: Any, out: Console, lang: str = "en") -> None:
    """The GPC reporting table of a city result, with level and gas lines below it."""
    inv = result.gpc
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="GPC reporting table" if lang != "ja" else "GPC 報告表")
    head = _HEAD.get(lang, _HEAD["en"])
    t.add_column(head[0], no_wrap=True)
    t.add_column(head[1], overflow="fold", min_width=14, max_width=40)
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
    met = ", ".join(inv.levels_met) or ("なし" if lang == "ja" else "none")
    label = "claimed level" if lang != "ja" else "報告レベル"
    level_total = format_t(totals["basic" if inv.level == "BASIC" else "basic_plus"])
    out.print(
        f"{label}: [bold]{escape(inv.level)}[/bold] ({level_total} t-CO2e); "
        f"{'levels met' if lang != 'ja' else '満たすレベル'}: {escape(met)}"
    )
    if inv.gases_ug:
        gases = ", ".join(f"{g} {format_t(ug)} t" for g, ug in sorted(inv.gases_ug.items()))
        out.print(
            f"{'by gas' if lang != 'ja' else 'ガス別'} ({escape(inv.level)}): {escape(gases)}"
            f"; CO2e without gases {format_t(inv.co2e_only_ug)} t"
        )
    if inv.biogenic_co2_ug:
        out.print(
            f"{'biogenic CO2 (not in any total)' if lang != 'ja' else '生物起源CO2（合計に含めない）'}: "
            f"{format_t(inv.biogenic_co2_ug)} t"
        )
