"""Results to data: the JSON of SPEC.md §3, Markdown, and the labels in two languages.

No terminal code here (that is offsetcalc.report.terminal); this module turns a
:class:`~offsetcalc.engine.compute.Result` into plain data and text, and decides how an
offset ratio is shown: to the nearest whole percent, half up, as certification
reports print it ("141%"), except that a ratio below 100 % is never shown as
100 % — it gets one decimal, rounded down ("99.9%").
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, getcontext, localcontext
from fractions import Fraction
from typing import Any

from offsetcalc.engine.compute import Result, ug_to_t
from offsetcalc.units import format_number

RESULT_FORMAT = "offsetcalc.result/1"


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang``: the one message catalogue, offsetcalc.report.messages."""
    from offsetcalc.report.messages import labels as catalogue_labels

    return catalogue_labels(lang)


def format_ratio(ratio: Fraction | None) -> str:
    """'141%', '100%', '99.9%' (never '100%' below 100 %), '—' with no emissions."""
    if ratio is None:
        return "—"
    with _exact_context(ratio.numerator // ratio.denominator):
        exact = Decimal(ratio.numerator) / Decimal(ratio.denominator)
        whole = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if ratio < 100 and whole >= 100:
            return f"{exact.quantize(Decimal('0.1'), rounding=ROUND_DOWN)}%"
        return f"{whole}%"


def ratio_text(percent: float) -> str:
    """An offset ratio given as a float percentage (a report without its Result), shown as format_ratio shows it."""
    return format_ratio(Fraction(percent))  # the float's exact value: never rounds up to 100 %


def format_t_grouped(ug: int, places: int = 3) -> str:
    """:func:`format_t` with thousands separators, for documents people read (80,354.100)."""
    return f"{Decimal(format_t(ug, places)):,}"


def format_t(ug: int, places: int = 3) -> str:
    """Tonnes with a fixed number of decimals, half up (display only)."""
    with _exact_context(ug // 10**12, places):
        # format(…, "f"): str() would write a zero with more than 6 places as '0E-9'
        return format((Decimal(ug) / Decimal(10**12)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def _exact_context(whole: int, places: int = 1) -> Any:
    """A decimal context with room for every digit of ``whole`` plus ``places`` (+ guard digits).

    The default 28 digits make quantize() fail (InvalidOperation) on totals of 10**25 t
    and more, which absurd but valid inputs can reach.
    """
    ctx = getcontext().copy()
    ctx.prec = max(ctx.prec, len(str(abs(whole))) + places + 10)
    return localcontext(ctx)


def gwp_source(gwp_set: str) -> str:
    """Where the GWP values of ``gwp_set`` come from (IPCC report and table)."""
    from offsetcalc.gwp import SOURCE

    return SOURCE[gwp_set]


def factor_unit_text(factor: Any) -> str:
    """The unit of a factor's (CO2e) value in canonical spelling, as SPEC.md §3 shows it.

    ``t-CO2 / kL`` -> ``t_CO2e / kL``; a per-gas factor in ``kg / L``, whose value is
    the GWP-weighted sum, -> ``kg_CO2e / L``.
    """
    return _factor_unit_text(factor.unit, bool(factor.gases))


@functools.lru_cache(maxsize=1024)
def _factor_unit_text(unit: str, per_gas: bool) -> str:
    """Once per distinct unit text, not once per activity."""
    import re

    from offsetcalc.units import normalise_unit_text

    text = normalise_unit_text(unit)
    if per_gas:
        weighted = re.sub(r"^(Mt|kt|t|kg|g)(?=\s*/)", r"\1_CO2e", text)
        text = weighted if weighted != text else f"({text}) * g_CO2e / g"
    return text


# Lines shown per group (terminal, Markdown) and table lines per (table, group) in JSON:
# a screenful. The rest are counted in one "… N more" line, so totals still add up and
# rendering time does not grow with the number of distinct lines.
MAX_LINES_PER_GROUP = 20


@dataclass
class Omitted:
    """Lines left out of a rendering: how many, their rows and exact micrograms."""

    group: str
    table: str | None
    lines: int = 0
    rows: int = 0
    ug: int = 0


def shown_lines(lines: Sequence[Any], limit: int = MAX_LINES_PER_GROUP) -> tuple[list[Any], list[Omitted]]:
    """The ``limit`` largest lines (by emissions) of each (group, table), in their order, and the rest counted.

    A file's own activities have table ``None``; a table's summary lines carry
    their table. Cost: one pass and a bounded heap per group (never a sort of all lines).
    """
    import heapq

    by: dict[tuple[str, str | None], list[tuple[int, int]]] = {}
    for i, a in enumerate(lines):
        key = (a.group, getattr(a, "table", None))
        heap = by.setdefault(key, [])
        if len(heap) < limit:
            heapq.heappush(heap, (a.ug, -i))
        elif (a.ug, -i) > heap[0]:
            heapq.heapreplace(heap, (a.ug, -i))
    keep = {-i for heap in by.values() for _, i in heap}
    omitted: dict[tuple[str, str | None], Omitted] = {}
    for i, a in enumerate(lines):
        if i not in keep:
            table = getattr(a, "table", None)
            o = omitted.setdefault((a.group, table), Omitted(a.group, table))
            o.lines += 1
            o.rows += getattr(a, "rows", 1)
            o.ug += a.ug
    return [a for i, a in enumerate(lines) if i in keep], list(omitted.values())


def more_text(o: Omitted) -> str:
    """'… 37 more lines (1,204 rows)' for what a rendering left out."""
    rows = f" ({o.rows:,} rows)" if o.table else ""
    return f"… {o.lines:,} more line{'s' if o.lines != 1 else ''}{rows}"


def factor_value_text(factor: Any, line: Any) -> str:
    """'0.000531' or, for per-row factor values, their range '0.00045–0.00052 (per row)'."""
    from offsetcalc.units import format_number

    lo, hi = getattr(line, "factor_min", None), getattr(line, "factor_max", None)
    if lo is not None and hi is not None and lo != hi:
        return f"{format_number(lo)}–{format_number(hi)} (per row)"
    return format_number(factor.value)


def quantity_text(a: Any, r: Result) -> str:
    """An activity's quantity as reports show it: ``12,345,678 kWh``, ``0.8 kWh × 2,000,000`` per unit."""
    text = f"{format_number(a.quantity)} {a.unit}"
    return text + (f" × {format_number(r.units)}" if a.per_unit and r.units else "")


def _ratio_float(ratio: Fraction | None) -> float | None:
    return ratio_percent_float(ratio)


def ratio_percent_float(ratio: Fraction | None) -> float | None:
    """The offset ratio as a float that stays below 100 when the ratio is below 100.

    float() rounds to nearest: a ratio 1 µg short of 1,000,000 t is 100.0 as a float,
    and every report made from the float (a batch's table, CSV, JSON) then showed 100 %.
    """
    if ratio is None:
        return None
    value = float(ratio)
    return math.nextafter(100.0, 0.0) if ratio < 100 and value >= 100 else value


def _line_dict(a: Any) -> dict[str, Any]:
    value = a.factor.value if not math.isnan(a.factor.value) else None
    line = {
        "id": a.id,
        "group": a.group,
        "quantity": {"value": a.quantity, "unit": a.unit, "per_unit": a.per_unit},
        "t_co2e": a.t_co2e,
        "factor": {
            "ref": a.factor.ref,
            "value": value,
            "unit": factor_unit_text(a.factor),
            "source": a.factor.source,
            "confirmed": a.factor.confirmed,
            "table": a.factor.table,
            "edition": a.factor.edition,
            **({"gases": a.factor.gases, "gwp": a.factor.gwp} if a.factor.gases else {}),
            # a factor derived by a method (improved ton-kilo): what it is and the table factors it uses
            **(
                {"name": a.factor.name, "basis": [b.ref for b in a.factor.basis]}
                if getattr(a.factor, "basis", ())
                else {}
            ),
        },
    }
    if hasattr(a, "rows"):  # a summary line of table rows (TableLine)
        line["rows"] = a.rows
        line["table"] = a.table
        if a.factor_min is not None:  # per-row factor values: their range (value is null when they differ)
            line["factor"]["value_min"] = a.factor_min
            line["factor"]["value_max"] = a.factor_max
    return line


def scope2_dict(s: dict[str, Any]) -> dict[str, Any]:
    """SPEC.md §3 ``emissions.scope2``: which method the total uses, and both figures."""
    loc = s["location_based_ug"]
    return {
        "method": s["method"],
        # what chose it: command-line, file, standard:<id> or offsetcalc-default
        "method_chosen_by": s.get("method_chosen_by"),
        "location_based_t_co2e": ug_to_t(loc) if loc is not None else None,
        "market_based_t_co2e": ug_to_t(s["market_based_ug"]),
        "location_factors": s["location_factors"],
    }


def result_to_dict(r: Result) -> dict[str, Any]:
    """The JSON document of SPEC.md §3 (plus documented extra keys).

    Every activity of the file is listed; table rows appear as summary lines,
    at most :data:`MAX_LINES_PER_GROUP` per (table, group), the rest counted
    under ``emissions.omitted`` — so the size does not grow with the rows.
    """
    table_lines, omitted = shown_lines([line for t in r.tables for line in t.lines])
    return {
        "format": RESULT_FORMAT,
        "source": r.source,
        "kind": r.kind,
        "title": r.title,
        "offsetter": r.offsetter,
        "period": {"start": r.period[0].isoformat(), "end": r.period[1].isoformat()} if r.period else None,
        "standard": r.standard,
        "industry": r.industry,
        "gwp": r.gwp,
        "gwp_source": gwp_source(r.gwp),
        "emissions": {
            "total_t_co2e": ug_to_t(r.emissions_ug),
            "subtotals": {k: ug_to_t(v) for k, v in r.subtotals_ug.items()},
            "activities": [_line_dict(a) for a in (*r.activities, *table_lines)],
            **({"tables": [t.to_dict() for t in r.tables]} if r.tables else {}),
            **({"scope2": scope2_dict(r.scope2)} if getattr(r, "scope2", None) else {}),
            **(
                {
                    "omitted": [
                        {"table": o.table, "group": o.group, "lines": o.lines, "rows": o.rows, "t_co2e": ug_to_t(o.ug)}
                        for o in omitted
                    ]
                }
                if omitted
                else {}
            ),
        },
        "per_unit_kg_co2e": r.per_unit_kg,
        "product": r.product,
        "credits": {
            "total_t_co2e": ug_to_t(r.credits_ug),
            "retired_t_co2e": ug_to_t(r.retired_ug),
            "planned_t_co2e": ug_to_t(r.planned_ug),
            "items": [
                {
                    "type": c.type,
                    "t_co2e": c.t_co2e,
                    "status": c.status,
                    "project": c.project,
                    "serial": _plain(c.serial),
                    "vintage": c.vintage,
                    "retired_on": c.retired_on.isoformat() if c.retired_on else None,
                    "evidence": c.evidence,
                }
                for c in r.credits
            ],
        },
        "offset_ratio_percent": _ratio_float(r.ratio),
        "offset_ratio_display": format_ratio(r.ratio),
        "fully_offset": r.fully_offset,
        "shortfall_t_co2e": ug_to_t(r.shortfall_ug),
        "credits_needed_t": r.credits_needed_t,
        "factor_tables": [{"id": t["id"], "sha256": t["sha256"]} for t in r.factor_tables],
        "factor_overrides": r.overrides,
        "warnings": r.warnings,
        **_gpc_block(r),
    }


def _plain(value: Any) -> Any:
    """A serial as JSON data, in each form the file may give it: text, a block, or a list of either."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _gpc_block(r: Result) -> dict[str, Any]:
    """The ``gpc`` block of a city result (SPEC.md §3); nothing for the other kinds."""
    if getattr(r, "gpc", None) is None:
        return {}
    from offsetcalc.report.city import gpc_to_dict

    return {"gpc": gpc_to_dict(r.gpc)}  # type: ignore[attr-defined]


def to_json(data: Any) -> str:
    """Compact JSON (one line): json's C encoder, which indentation would switch off.

    With ``indent`` Python encodes in pure Python, which took most of the time of
    ``compute --format json`` on a 5 MB activity file; pipe through ``jq .`` to read.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _md_cell(text: Any) -> str:
    from offsetcalc.report.escape import markdown

    return markdown(text)


def result_to_markdown(r: Result, lang: str = "en") -> str:
    """A Markdown report: activities, subtotals, credits, ratio."""
    L = labels(lang)
    out = [f"# {_md_cell(r.title)}", ""]
    out.append(f"- {L['kind']}: {L.get(r.kind, r.kind)}")
    if r.offsetter:
        out.append(f"- {L['offsetter']}: {_md_cell(r.offsetter)}")
    if r.period:
        out.append(f"- {L['period']}: {r.period[0]} – {r.period[1]}")
    out.append(f"- {L['gwp']}: {r.gwp} ({gwp_source(r.gwp)})")
    out += [
        "",
        f"## {L['emissions']}",
        "",
        f"| {L['activity']} | {L['group']} | {L['quantity']} | {L['factor']} | {L['source']} | {L['t_co2e']} |",
        "|---|---|---|---|---|---:|",
    ]
    lines, omitted = shown_lines(r.activity_lines)
    for a in lines:
        unconf = f" ({L['unconfirmed']})" if not a.factor.confirmed else ""
        factor = f"{a.factor.ref or ''} {factor_value_text(a.factor, a)} {a.factor.unit}".strip()
        qty = quantity_text(a, r)
        out.append(
            f"| {_md_cell(a.id)} | {_md_cell(a.group)} | {_md_cell(qty)} | {_md_cell(factor)}"
            f" | {_md_cell(a.factor.source)}{unconf} | {format_t(a.ug)} |"
        )
    for o in omitted:
        out.append(f"| {_md_cell(more_text(o))} | {_md_cell(o.group)} | | | | {format_t(o.ug)} |")
    out.append("")
    for g, ug in r.subtotals_ug.items():
        out.append(f"- {L['subtotal']} {_md_cell(g)}: {format_t(ug)} t-CO2e")
    out.append(f"- **{L['total']}: {format_t(r.emissions_ug)} t-CO2e**")
    if r.per_unit_kg is not None and r.product:
        out.append(f"- {L['per_unit']} ({_md_cell(r.product['functional_unit'])}): {r.per_unit_kg:.3f} kg-CO2e")
    out += [
        "",
        f"## {L['credits']}",
        "",
        f"| {L['credit']} | {L['project']} | {L['status']} | {L['t_co2e']} |",
        "|---|---|---|---:|",
    ]
    for c in r.credits:
        out.append(f"| {_md_cell(c.type)} | {_md_cell(c.project)} | {L.get(c.status, c.status)} | {format_t(c.ug)} |")
    out += [
        "",
        f"- {L['credits']}: {format_t(r.credits_ug)} t-CO2e",
        f"- **{L['ratio']}: {format_ratio(r.ratio)}**",
        f"- {L['fully_offset']}: {L['yes'] if r.fully_offset else L['no']}",
    ]
    if not r.fully_offset:
        out.append(f"- {L['shortfall']}: {format_t(r.shortfall_ug)} t-CO2e; {L['needed']}: {r.credits_needed_t} t")
    if r.warnings:
        out += ["", f"## {L['warnings']}", ""] + [f"- {_md_cell(w)}" for w in r.warnings]
    if r.factor_tables:
        out += ["", f"## {L['tables']}", ""] + [
            f"- {_md_cell(t['id'])} `sha256:{t['sha256']}`" for t in r.factor_tables
        ]
    text = "\n".join(out) + "\n"
    if getattr(r, "gpc", None) is not None:
        from offsetcalc.report.city import gpc_markdown

        text += gpc_markdown(r, lang)
    return text
