"""City results to data and text: the ``gpc`` JSON block and the GPC reporting table.

:func:`gpc_to_dict` is the ``gpc`` block of SPEC.md §3; :func:`gpc_table` the
reporting table (sub-sector rows × scope columns, BASIC / BASIC+ sums) as plain
rows of strings, which the terminal (:mod:`offsetcalc.report.city_terminal`),
``compute --format csv`` (:func:`gpc_csv`) and HTML reports render. No terminal
code here.
"""

from __future__ import annotations

from typing import Any

from offsetcalc.engine.city import CellResult, CityInventory, totals_ug
from offsetcalc.engine.compute import ug_to_t
from offsetcalc.gpc import table
from offsetcalc.report.escape import csv_cell
from offsetcalc.report.result import format_t


def gpc_to_dict(inv: CityInventory) -> dict[str, Any]:
    """The ``gpc`` block of SPEC.md §3 (plus gases, biogenic CO2 and the table's source)."""
    cells = []
    for c in inv.cells:
        item: dict[str, Any] = {
            "ref": c.cell.ref,
            "scope": c.cell.scope,
            "t_co2e": None if c.ug is None else ug_to_t(c.ug),
            "notation_key": c.notation_key,
        }
        if c.ug is None and c.notation_key is None:
            item["notation_key"] = "missing"
        if c.notation_key is not None:
            item["explanation"] = c.explanation
            if c.included_in:
                item["included_in"] = c.included_in
        item["level"] = c.cell.level
        cells.append(item)
    t = totals_ug(inv)
    gpc = table()
    return {
        "version": inv.version,
        "level_claimed": inv.level,
        "levels_met": inv.levels_met,
        "cells": cells,
        "totals": {f"{k}_t_co2e": ug_to_t(v) for k, v in t.items()},
        "gases_t": {g: ug_to_t(v) for g, v in sorted(inv.gases_ug.items())},
        "co2e_without_gases_t_co2e": ug_to_t(inv.co2e_only_ug),
        "biogenic_co2_t": ug_to_t(inv.biogenic_co2_ug),
        "table_source": gpc.citation(),
        "table_confirmed": gpc.confirmed,
    }


#: Column keys of :func:`gpc_table` rows, in order.
TABLE_COLUMNS = ("ref", "sector", "subsector", "scope1", "scope2", "scope3", "basic", "basic_plus")


def _cell_text(c: CellResult | None, places: int) -> str:
    if c is None:
        return ""  # no such cell (off-road has no scope 3)
    if c.ug is not None:
        return format_t(c.ug, places)
    return c.notation_key or "missing"


_OUTSIDE_LABEL = {
    "en": {"I": "generation supplied to the grid", "III": "waste from outside the city", "VI": ""},
    "ja": {"I": "系統へ供給する発電等", "III": "区域外で発生し区域内で処理", "VI": ""},
}


def gpc_table(result: Any, lang: str = "en", places: int = 3) -> list[dict[str, str]]:
    """The GPC reporting table: one row per sub-sector, scope columns, BASIC / BASIC+ sums.

    Each row is a dict keyed by :data:`TABLE_COLUMNS` (strings, ready for a terminal,
    CSV or HTML). A scope column shows tonnes (``places`` decimals), a notation key,
    ``missing``, or is empty where the GPC has no such cell. Cells in neither level
    (I.4.4, III.x.3) get a row of their own under their sub-sector, with empty level
    sums. The last two rows are the totals by scope and level (``total``) and what is
    in neither level (``outside-levels``). Used by the terminal table, by
    ``compute --format csv`` and by reports.
    """
    inv: CityInventory = result.gpc
    gpc = table()
    rows: list[dict[str, str]] = []
    name_key = "name_ja" if lang == "ja" else "name"
    for sub, names in gpc.subsectors.items():
        sub_cells = [c for c in inv.cells if c.cell.subsector == sub]
        sector = str(gpc.sectors[sub.split(".")[0]][name_key])
        inside = [c for c in sub_cells if c.cell.level is not None or c.cell.sector == "VI"]
        outside = [c for c in sub_cells if c not in inside]
        row = {"ref": sub, "sector": sector, "subsector": str(names[name_key])}
        for s in (1, 2, 3):
            row[f"scope{s}"] = _cell_text(next((c for c in inside if c.cell.scope == s), None), places)
        for key, lv in (("basic", "BASIC"), ("basic_plus", "BASIC+")):
            ug = sum(c.ug for c in sub_cells if c.ug is not None and c.cell.required_for(lv))
            row[key] = format_t(ug, places) if any(c.cell.required_for(lv) for c in sub_cells) else ""
        rows.append(row)
        for c in outside:
            label = _OUTSIDE_LABEL.get(lang, _OUTSIDE_LABEL["en"])[c.cell.sector]
            rows.append(
                {
                    "ref": c.cell.ref,
                    "sector": sector,
                    "subsector": label,
                    **{f"scope{s}": _cell_text(c, places) if c.cell.scope == s else "" for s in (1, 2, 3)},
                    "basic": "",
                    "basic_plus": "",
                }
            )
    t = totals_ug(inv)
    rows.append(
        {
            "ref": "total",
            "sector": "",
            "subsector": "合計" if lang == "ja" else "Total",
            **{k: format_t(t[k], places) for k in ("scope1", "scope2", "scope3", "basic")},
            "basic_plus": format_t(t["basic_plus"], places),
        }
    )
    rows.append(
        {
            "ref": "outside-levels",
            "sector": "",
            "subsector": "どちらのレベルにも含めない" if lang == "ja" else "In neither level",
            "scope1": format_t(inv.total_ug(outside=True, scope=1), places),
            "scope2": "",
            "scope3": format_t(inv.total_ug(outside=True, scope=3), places),
            "basic": "",
            "basic_plus": "",
        }
    )
    return rows


def gpc_csv(result: Any, lang: str = "en") -> str:
    """:func:`gpc_table` as CSV text (cells guarded against spreadsheet formula injection)."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(TABLE_COLUMNS)
    for row in gpc_table(result, lang):
        w.writerow([csv_cell(row[k]) for k in TABLE_COLUMNS])
    return out.getvalue()


def gpc_markdown(result: Any, lang: str = "en") -> str:
    """:func:`gpc_table` as a Markdown table, with the level claimed and met (for ``--format markdown``)."""
    inv: CityInventory = result.gpc
    head = ("GPC", "Sub-sector", "Scope 1", "Scope 2", "Scope 3", "BASIC", "BASIC+")
    out = ["", "## GPC reporting table" if lang != "ja" else "## GPC 報告表", "", "| " + " | ".join(head) + " |"]
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for row in gpc_table(result, lang):
        cells = [row[k].replace("|", "\\|") for k in TABLE_COLUMNS if k != "sector"]
        out.append("| " + " | ".join(cells) + " |")
    met = ", ".join(inv.levels_met) or "none"
    out += ["", f"- Level claimed: **{inv.level}**; levels met: {met}"]
    if inv.biogenic_co2_ug:
        out.append(f"- Biogenic CO2 (not in any total): {format_t(inv.biogenic_co2_ug)} t")
    return "\n".join(out) + "\n"
