"""The disclosure report and the batch overview as self-contained HTML (Jinja2 templates).

:func:`disclosure` gathers what one submission's report shows from the objects every
other command uses — the check report of :func:`offsetcalc.rules.check.check_file`
(verdict, findings, and the :class:`~offsetcalc.engine.compute.Result` it computed) —
so the document can never disagree with ``compute`` or ``check``: nothing is computed
twice. :func:`render_disclosure` and :func:`render_batch` turn them into one HTML page
each: inline CSS (screen and print: A4, page numbers), inline SVG charts, no script, no
link or image to anything outside the page. Templates run with autoescape on, so every
value from a submission (titles, IDs, serials, evidence) is HTML-escaped; templates use
:class:`jinja2.StrictUndefined`, so a missing value or label fails loudly.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Disclosure:
    """One submission as its report shows it: the check's verdict and findings, the computed result."""

    source: str
    sha256: str
    file_report: Any  # offsetcalc.rules.check.FileReport
    result: Any  # offsetcalc.engine.compute.Result
    model: Any  # offsetcalc.models.ActivityFile
    factors: Any  # the FactorSet the result was computed with (validity of each factor used)
    produced: dt.date
    version: str
    profile_title: str | None = None
    validity: dict[tuple[str | None, str | None, str | None], str] = field(default_factory=dict)


def disclosure(
    path: str | os.PathLike[str],
    *,
    standard: Any = None,
    factor_dirs: list[str | os.PathLike[str]] | None = None,
    gwp: str | None = None,
    today: dt.date | None = None,
    scope2_method: str | None = None,
    ledger: str | None = None,
    root: str | os.PathLike[str] | None = None,
) -> Disclosure:
    """Check and compute one submission once; raise InputError when it cannot be computed.

    With ``ledger`` (a SQLite path or a PostgreSQL URL, read only) the verdict is the one
    ``check --ledger`` gives: credits another accepted submission holds fail the claim here too;
    nothing is recorded. ``root`` is ``check --root``'s, so the file meets its own record.

    The check (offsetcalc.rules.check.check_file) computes the file; only when it could not
    load a standard — so it stopped before computing — is the file computed without one,
    and the report carries the verdict ``error`` with the check's ``standard.unknown`` finding.
    """
    from offsetcalc import __version__
    from offsetcalc.api import compute_model, load_activity_file, resolve_gwp, resolve_scope2_method
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.rules.check import check_file

    source = str(path)
    factors = load_factors(factor_dirs)
    today = today or dt.date.today()
    rep = check_file(path, standard, factors, today=today, gwp=gwp, scope2_method=scope2_method)
    if ledger is not None:
        from offsetcalc.rules.batch import verdict_against_ledger

        rep = verdict_against_ledger(rep, ledger, root)
    model = rep.model
    result = rep.result
    sha = rep.sha256  # of the bytes computed, never a second read of the path
    if result is None:
        # Unreadable or invalid files raise here with the compiler-form error `compute` gives.
        model, doc = load_activity_file(path)
        sha = doc.sha256
        base = os.path.dirname(source)
        result = compute_model(
            model,
            doc,
            factors,
            resolve_gwp(model, gwp, base=base),
            scope2_method=resolve_scope2_method(model, scope2_method, base=base),
        )
    d = Disclosure(
        source=source,
        sha256=sha,
        file_report=rep,
        result=result,
        model=model,
        factors=factors,
        produced=today,
        version=__version__,
        profile_title=rep.profile.spec.title if rep.profile is not None else None,
    )
    d.validity = _validity(result, factors)
    return d


def _validity(result: Any, factors: Any) -> dict[tuple[str | None, str | None, str | None], str]:
    """(factor ID, table, edition) → 'from … to …' of the factor editions the result used."""
    out: dict[tuple[str | None, str | None, str | None], str] = {}
    for line in result.activity_lines:
        f = line.factor
        key = (f.ref, f.table, f.edition)
        if key in out or f.ref is None:
            continue
        for cand in factors.by_id.get(f.ref, []):
            if cand.table.id == f.table and cand.edition == f.edition:
                if cand.valid_from or cand.valid_to:
                    out[key] = f"{cand.valid_from or '…'} – {cand.valid_to or '…'}"
                break
    return out


# --------------------------------------------------------------------------- rendering


def _visible(value: Any) -> Any:
    """Every value a template prints: control and invisible format characters (a right-to-left
    override, an escape sequence, U+0001) become visible escapes, as in every other output;
    line breaks and tabs are white space in HTML. The package's own markup (the stylesheet)
    passes untouched."""
    import markupsafe

    from offsetcalc.errors import one_line

    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return one_line(value.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
    return value


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("offsetcalc.report", "templates"),
        autoescape=True,  # .j2 names would defeat select_autoescape: escape everything, always
        undefined=jinja2.StrictUndefined,
        finalize=_visible,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _serials(credit: Any) -> list[dict[str, Any]]:
    """Each serial of a credit as written, with the blocks it parses to (or why it does not)."""
    from offsetcalc.credits import credit_serials

    out = []
    for item in credit_serials(credit.type, credit.registry, credit.serial):
        raw = item.item
        if not isinstance(raw, str):
            get = raw.get if isinstance(raw, dict) else (lambda k, r=raw: getattr(r, k, None))
            raw = f"{get('prefix')} {get('start')}–{get('end')}"
        out.append(
            {
                "text": raw,
                "blocks": [
                    {"registry": b.registry, "prefix": b.prefix, "start": b.start, "end": b.end, "t": b.quantity}
                    for b in item.blocks
                ],
                "error": item.error.message if item.error else None,
            }
        )
    return out


def _findings(findings: list[Any], lang: str) -> list[dict[str, Any]]:
    from offsetcalc.report.messages import cite_text, finding_text, rule_title, severity_text

    out = []
    for f in findings:
        translated = finding_text(f, lang) if lang != "en" else None
        out.append(
            {
                "rule": f.rule,
                "severity": f.severity,
                "severity_text": severity_text(f.severity, lang),
                "title": rule_title(f.rule, lang),
                "message": translated or (f.text if f.text is not None else f.message),
                "translated": lang == "en" or translated is not None,
                "cite": cite_text(f.cite, lang) if f.cite else f.cite,
                "location": str(f.location),
            }
        )
    return out


def _css() -> str:
    from importlib.resources import files

    return (files("offsetcalc.report") / "templates" / "report.css").read_text(encoding="utf-8")


def render_disclosure(d: Disclosure, lang: str = "en") -> str:
    """The disclosure report of one submission: a complete HTML document."""
    from offsetcalc.engine.compute import ug_to_t
    from offsetcalc.report.charts import report_charts
    from offsetcalc.report.messages import group_text, kind_text, labels, verdict_text, warning_text
    from offsetcalc.report.result import (
        factor_unit_text,
        format_number,
        format_ratio,
        format_t_grouped,
        gwp_source,
        quantity_text,
    )

    r, m, rep = d.result, d.model, d.file_report
    groups: dict[str, list[Any]] = {}
    for line in r.activity_lines:
        groups.setdefault(line.group, []).append(line)
    credits = [
        {
            "c": c,
            "serials": _serials(c),
            "vintage": "" if c.vintage is None else str(c.vintage),
            "t": format_t_grouped(c.ug),
        }
        for c in r.credits
    ]
    per_unit = None
    if r.per_unit_kg is not None and r.product:
        per_unit = {
            "kg": f"{r.per_unit_kg:.3f}",
            "unit": r.product["functional_unit"],
            "units": format_number(r.product["units"]),
        }
    context = {
        "lang": lang,
        "L": labels(lang),
        "css": _css(),
        "d": d,
        "r": r,
        "kind": kind_text(r.kind, lang),
        "period": f"{r.period[0]} – {r.period[1]}" if r.period else "",
        "standard": rep.standard,
        "verdict": rep.verdict,
        "verdict_text": verdict_text(rep.verdict, lang),
        "ratio": format_ratio(r.ratio),
        "total": format_t_grouped(r.emissions_ug),
        "total_float": ug_to_t(r.emissions_ug),
        "credits_total": format_t_grouped(r.credits_ug),
        "retired_total": format_t_grouped(r.retired_ug),
        "planned_total": format_t_grouped(r.planned_ug),
        "shortfall": format_t_grouped(r.shortfall_ug),
        "groups": [
            (group_text(g, lang), lines, format_t_grouped(sum(x.ug for x in lines))) for g, lines in groups.items()
        ],
        "exclusions": list(m.exclusions) if m is not None else [],
        "plan": m.reduction_plan if m is not None else None,
        "activities": [
            {
                "a": a,
                "t": format_t_grouped(a.ug),
                "group": group_text(a.group, lang),
                "quantity": quantity_text(a, r),
                "factor_name": (a.factor.name_ja if lang == "ja" and a.factor.name_ja else a.factor.name) or "",
                "factor_value": format_number(a.factor.value),
                "factor_unit": factor_unit_text(a.factor),
                "validity": d.validity.get((a.factor.ref, a.factor.table, a.factor.edition), ""),
                "rows": getattr(a, "rows", None),
                "table": getattr(a, "table", None),
            }
            for a in r.activity_lines
        ],
        "subtotals": [(group_text(g, lang), format_t_grouped(ug)) for g, ug in r.subtotals_ug.items()],
        # Organisations: scope 2 both ways, and which one the total uses (engine/scope2.py).
        "scope2": [
            (
                method,
                "—" if r.scope2[f"{method}_based_ug"] is None else format_t_grouped(r.scope2[f"{method}_based_ug"]),
                r.scope2["method"] == method,
            )
            for method in ("location", "market")
        ]
        if getattr(r, "scope2", None)
        else [],
        "scope2_by": (r.scope2 or {}).get("method_chosen_by") if getattr(r, "scope2", None) else None,
        "per_unit": per_unit,
        "gwp_source": gwp_source(r.gwp),
        "retired": [c for c in credits if c["c"].status == "retired"],
        "planned": [c for c in credits if c["c"].status != "retired"],
        "findings": _findings(rep.findings, lang),
        "warnings": [warning_text(w, lang) for w in r.warnings],
        "charts": report_charts(r, lang),
        "factor_tables": r.factor_tables,
        "gpc": _gpc(r, lang),
    }
    return _environment().get_template("report.html.j2").render(context)


def _gpc(r: Any, lang: str) -> dict[str, Any] | None:
    """A city inventory's GPC reporting table and notation keys (None for other kinds)."""
    if getattr(r, "gpc", None) is None:
        return None
    from offsetcalc.gpc import table
    from offsetcalc.report.city import gpc_table

    inv = r.gpc
    gpc = table()
    keys = [
        {
            "ref": c.cell.ref,
            "key": c.notation_key or "missing",
            "explanation": c.explanation or "",
            "included_in": ", ".join(c.included_in),
        }
        for c in inv.cells
        if c.notation_key is not None or (c.ug is None and c.cell.required_for(inv.level))
    ]
    return {
        "rows": gpc_table(r, lang),
        "level": inv.level,
        "met": ", ".join(inv.levels_met),
        "notation": keys,
        "source": gpc.citation(),
        "confirmed": gpc.confirmed,
    }


def render_batch(report: Any, lang: str = "en") -> str:
    """One page for a batch check: verdict counts, the summary table, double claims, each
    file's findings (linked from the table)."""
    from offsetcalc.report.check_formats import ledger_text
    from offsetcalc.report.messages import labels, verdict_text
    from offsetcalc.report.result import ratio_text

    ledger = getattr(report, "ledger", None)

    files = []
    for i, r in enumerate(report.results, 1):
        files.append(
            {
                "anchor": f"file-{i}",
                "r": r,
                "verdict_text": verdict_text(r.verdict, lang),
                "ratio": "" if r.offset_ratio_percent is None else ratio_text(r.offset_ratio_percent),
                "errors": r.count("error"),
                "warnings": r.count("warning"),
                "findings": _findings(r.findings, lang),
            }
        )
    double = [
        {"file": f, "finding": x}
        for f in files
        for x in f["findings"]
        # the unit-number warnings too: a reviewer reads the possible double claims in one place
        if x["rule"]
        in (
            "ledger.double-claim",
            "credits.serial-overlap",
            "ledger.retired-for-other",
            "ledger.unit-overlap",
            "credits.unit-overlap",
        )
    ]
    from offsetcalc import __version__

    context = {
        "lang": lang,
        "L": labels(lang),
        "css": _css(),
        "files": files,
        "summary": report.summary,
        "verdicts": [(v, verdict_text(v, lang), report.summary[v]) for v in ("pass", "fail", "error")],
        "double": double,
        "ledger": ledger,
        "ledger_text": ledger_text(ledger, lang) if ledger else "",
        "version": __version__,
        "produced": dt.date.today(),
    }
    return _environment().get_template("batch.html.j2").render(context)
