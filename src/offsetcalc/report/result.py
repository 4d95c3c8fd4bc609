"""Results to data: the JSON of SPEC.md §3, Markdown, and the labels in two languages.

No terminal code here (that is offsetcalc.report.terminal); this module turns a
:class:`~offsetcalc.engine.compute.Result` into plain data and text, and decides how an
offset ratio is shown: to the nearest whole percent, half up, as certification
reports print it ("141%"), except that a ratio below 100 % is never shown as
100 % — it gets one decimal, rounded down ("99.9%").
"""

from __future__ import annotations

import json
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, getcontext, localcontext
from fractions import Fraction
from typing import Any

from offsetcalc.engine.compute import Result, ug_to_t

RESULT_FORMAT = "offsetcalc.result/1"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "activity": "Activity",
        "group": "Group",
        "quantity": "Quantity",
        "factor": "Factor",
        "source": "Source",
        "t_co2e": "t-CO2e",
        "subtotal": "Subtotal",
        "scope2_location": "Scope 2, location-based",
        "scope2_market": "Scope 2, market-based",
        "scope2_used": "used in the total",
        "emissions": "Emissions",
        "credits": "Credits",
        "credit": "Credit",
        "project": "Project",
        "status": "Status",
        "ratio": "Offset ratio",
        "fully_offset": "Fully offset",
        "shortfall": "Shortfall",
        "needed": "Credits still needed",
        "per_unit": "Per functional unit",
        "gwp": "GWP set",
        "warnings": "Warnings",
        "warning": "Warning",
        "table": "Factor table",
        "tables": "Factor tables",
        "yes": "yes",
        "no": "no",
        "total": "Total",
        "planned": "planned",
        "retired": "retired",
        "kind": "Kind",
        "event": "event",
        "product": "product / service",
        "organization": "organization",
        "city": "city (GPC community inventory)",
        "unconfirmed": "unconfirmed",
        "offsetter": "Offsetter",
        "period": "Period",
        "overrides": "Factor overrides",
        "whole_t": "t (whole credits)",
    },
    "ja": {
        "activity": "活動",
        "group": "区分",
        "quantity": "活動量",
        "factor": "排出係数",
        "source": "出典",
        "t_co2e": "t-CO2",
        "subtotal": "小計",
        "scope2_location": "スコープ2（ロケーション基準）",
        "scope2_market": "スコープ2（マーケット基準）",
        "scope2_used": "合計に使用",
        "emissions": "排出量",
        "credits": "クレジット",
        "credit": "クレジット",
        "project": "プロジェクト",
        "status": "状態",
        "ratio": "オフセット率",
        "fully_offset": "完全オフセット",
        "shortfall": "不足量",
        "needed": "追加で必要なクレジット",
        "per_unit": "機能単位あたり",
        "gwp": "地球温暖化係数",
        "warnings": "注意",
        "warning": "注意",
        "table": "排出係数表",
        "tables": "排出係数表",
        "yes": "はい",
        "no": "いいえ",
        "total": "合計",
        "planned": "無効化予定",
        "retired": "無効化済",
        "kind": "類型",
        "event": "会議・イベント型",
        "product": "商品・サービス型",
        "organization": "自己活動型",
        "city": "区域（GPC）",
        "unconfirmed": "未確認",
        "offsetter": "オフセット実施者",
        "period": "期間",
        "overrides": "係数の置き換え",
        "whole_t": "t（1t単位）",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


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


def format_t(ug: int, places: int = 3) -> str:
    """Tonnes with a fixed number of decimals, half up (display only)."""
    with _exact_context(ug // 10**12, places):
        return str((Decimal(ug) / Decimal(10**12)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


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
    import re

    from offsetcalc.units import normalise_unit_text

    text = normalise_unit_text(factor.unit)
    if factor.gases:
        weighted = re.sub(r"^(Mt|kt|t|kg|g)(?=\s*/)", r"\1_CO2e", text)
        text = weighted if weighted != text else f"({text}) * g_CO2e / g"
    return text


def _ratio_float(ratio: Fraction | None) -> float | None:
    return None if ratio is None else float(ratio)


def scope2_dict(s: dict[str, Any]) -> dict[str, Any]:
    """SPEC.md §3 ``emissions.scope2``: which method the total uses, and both figures."""
    loc = s["location_based_ug"]
    return {
        "method": s["method"],
        "location_based_t_co2e": ug_to_t(loc) if loc is not None else None,
        "market_based_t_co2e": ug_to_t(s["market_based_ug"]),
        "location_factors": s["location_factors"],
    }


def result_to_dict(r: Result) -> dict[str, Any]:
    """The JSON document of SPEC.md §3 (plus documented extra keys)."""
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
            "activities": [
                {
                    "id": a.id,
                    "group": a.group,
                    "quantity": {"value": a.quantity, "unit": a.unit, "per_unit": a.per_unit},
                    "t_co2e": a.t_co2e,
                    "factor": {
                        "ref": a.factor.ref,
                        "value": a.factor.value,
                        "unit": factor_unit_text(a.factor),
                        "source": a.factor.source,
                        "confirmed": a.factor.confirmed,
                        "table": a.factor.table,
                        "edition": a.factor.edition,
                        **({"gases": a.factor.gases, "gwp": a.factor.gwp} if a.factor.gases else {}),
                    },
                    # A line of table rows (TableLine): how many rows it sums, from which table.
                    **({"rows": a.rows, "table": a.table} if hasattr(a, "rows") else {}),
                }
                for a in r.activity_lines
            ],
            **({"tables": [t.to_dict() for t in r.tables]} if r.tables else {}),
            **({"scope2": scope2_dict(r.scope2)} if getattr(r, "scope2", None) else {}),
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
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
    for a in r.activity_lines:
        unconf = f" ({L['unconfirmed']})" if not a.factor.confirmed else ""
        factor = f"{a.factor.ref or ''} {a.factor.value:g} {a.factor.unit}".strip()
        qty = f"{a.quantity:,g} {a.unit}" + (f" × {r.units:,g}" if a.per_unit and r.units else "")
        out.append(
            f"| {_md_cell(a.id)} | {_md_cell(a.group)} | {_md_cell(qty)} | {_md_cell(factor)}"
            f" | {_md_cell(a.factor.source)}{unconf} | {format_t(a.ug)} |"
        )
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
