"""The GPC rules: completeness and consistency of a city inventory, and carbon-neutral city claims.

Run by :func:`offsetcalc.rules.check.check_file` for ``kind: city`` files after the
general rules; like them, each rule emits findings only when the profile enables
it (``profiles/gpc.yaml`` enables them all). The cells come from the computed
:class:`~offsetcalc.engine.city.CityInventory`; findings point at the notation key,
activity or ``gpc:`` level line they are about and name the cell in the message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from offsetcalc.report.messages import Join, Msg
from offsetcalc.rules.checks import Context, Finding, _says_nothing, add_months

#: An explanation that explains nothing: blank, punctuation, or a draft's placeholder ('-', 'TBD',
#: 'n/a', '未定'). A notation key carries an explanation (GPC 2014, chapter 2); such text met the
#: rule while saying nothing (redteam6). 'none' / 'なし' are kept, as for exclusion reasons: they
#: read as "there is none of this source".
_NO_EXPLANATION = re.compile(_says_nothing("explanation|test|未定|不明"), re.IGNORECASE)


def run_city(ctx: Context) -> list[Finding]:
    """Add the GPC findings to ``ctx`` and return all its findings in file order."""
    inv = getattr(ctx.result, "gpc", None)
    if inv is not None:
        for rule in (check_period, check_cells, check_keys, check_grid, check_claim):
            rule(ctx, inv)
    return sorted(ctx.findings, key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))


def check_period(ctx: Context, inv: Any) -> None:
    p = ctx.model.period
    if p is None:
        return  # period.missing says so
    next_start = add_months(p.start, 12)
    if (p.start.month, p.start.day) == (2, 29) and next_start != dt.date.max:  # the year after begins on 1 March
        next_start += dt.timedelta(days=1)
    one_year_end = next_start - dt.timedelta(days=1) if next_start != dt.date.max else next_start
    if p.end != one_year_end:
        ctx.add(
            "gpc.period-12-months",
            Msg("gpc.period-12-months", start=p.start, end=p.end, one_year_end=one_year_end),
            ("period",),
        )


def check_cells(ctx: Context, inv: Any) -> None:
    """Cells the claimed level requires: a value or a key; NE / C noted."""
    missing = [c.cell.ref for c in inv.required() if c.status == "missing"]
    for ref in missing:
        cell = inv.by_ref[ref].cell
        # a disputed cell (II.5.3) is still required, but the finding says the sources disagree on it
        params = {"ref": ref, "description": cell.description, "level": inv.level}
        msg = Msg("gpc.cell-missing.disputed", **params) if cell.disputed else Msg("gpc.cell-missing", **params)
        ctx.add("gpc.cell-missing", msg, ("gpc", "level"))
    for c in inv.required():
        if c.ug is None and c.notation_key in ("NE", "C") and c.key_index is not None:
            what = Msg("gpc.not-estimated.ne" if c.notation_key == "NE" else "gpc.not-estimated.c")
            ctx.add(
                "gpc.not-estimated",
                Msg("gpc.not-estimated", ref=c.cell.ref, level=inv.level, key=c.notation_key, what=what),
                ("notation_keys", c.key_index),
            )


def check_keys(ctx: Context, inv: Any) -> None:
    """Explanations, IE targets, and cells with both a value and a key (or two keys)."""
    keyed: dict[str, int] = {}
    for i, k in enumerate(ctx.model.notation_keys):
        refs = Join(k.refs)
        if not (k.explanation and k.explanation.strip()):
            ctx.add("gpc.key-explanation", Msg("gpc.key-explanation", key=k.key, refs=refs), ("notation_keys", i))
        elif _NO_EXPLANATION.match(k.explanation.strip()):
            ctx.add(
                "gpc.key-explanation",
                Msg("gpc.key-explanation.placeholder", key=k.key, refs=refs, text=k.explanation.strip()),
                ("notation_keys", i, "explanation"),
            )
        if k.key == "IE":
            if not k.included_refs:
                ctx.add(
                    "gpc.ie-included-in",
                    Msg("gpc.ie-included-in", refs=refs),
                    ("notation_keys", i),
                )
            in_level = [r for r in k.refs if inv.by_ref[r].cell.required_for(inv.level)]
            for ref in k.included_refs:
                target = inv.by_ref[ref]
                if target.ug is None:
                    ctx.add(
                        "gpc.ie-included-in",
                        Msg("gpc.ie-included-in.empty", refs=refs, ref=ref, status=target.status),
                        ("notation_keys", i, "included_in"),
                    )
                elif in_level and not target.cell.required_for(inv.level):
                    # the level's total adds only its own cells: emissions of a level cell "included"
                    # in a cell outside it are in no level total (I.4.4, III.x.3, or BASIC+ for BASIC)
                    ctx.add(
                        "gpc.ie-included-in",
                        Msg("gpc.ie-included-in.outside", refs=Join(in_level), ref=ref, level=inv.level),
                        ("notation_keys", i, "included_in"),
                    )
        for ref in k.refs:
            cell = inv.by_ref[ref]
            if cell.activities:
                ctx.add(
                    "gpc.value-and-key",
                    Msg("gpc.value-and-key", ref=ref, activities=Join(cell.activities), key=k.key),
                    ("notation_keys", i, "gpc"),
                )
            if ref in keyed:
                ctx.add(
                    "gpc.value-and-key",
                    Msg("gpc.value-and-key.two-keys", ref=ref, first=keyed[ref] + 1),
                    ("notation_keys", i, "gpc"),
                )
            else:
                keyed[ref] = i


def check_grid(ctx: Context, inv: Any) -> None:
    """Grid electricity in scope 1, and fuel for grid supply outside I.4.4: double counting with scope 2."""
    for path, aid, ref in inv.grid_factor_activities:
        if inv.by_ref[ref].cell.scope == 1:
            ctx.add(
                "gpc.grid-factor-scope1",
                Msg("gpc.grid-factor-scope1", id=aid, ref=ref, scope2_ref=f"{ref[:-1]}2"),
                path,
            )
    for i, a in enumerate(ctx.model.activities):
        if a.supplies_grid and a.gpc != "I.4.4":
            ctx.add(
                "gpc.grid-supply-fuel",
                Msg("gpc.grid-supply-fuel", id=a.id, ref=a.gpc),
                ("activities", i, "gpc"),
            )


def check_claim(ctx: Context, inv: Any) -> None:
    """A carbon-neutral city claim: credits given (retired or planned) for the claimed level."""
    from offsetcalc.report.result import format_ratio, format_t

    if not ctx.model.credits:
        return  # an inventory, not a claim
    unknown = [c.cell.ref for c in inv.required() if c.ug is None and c.notation_key in ("NE", "C")]
    if unknown:
        ctx.add(
            "gpc.claim-not-estimated",
            Msg("gpc.claim-not-estimated", level=inv.level, cells=Join(unknown)),
            ("credits",),
            key=True,
        )
    r = ctx.result
    if r.emissions_ug <= 0:
        # Credits with a level total of 0 t (every cell NO, or zeros) or below (AFOLU removals in
        # BASIC+): the ratio is undefined and the claim passed on credits that offset nothing
        # (redteam6). The same reading as emissions.none for the other kinds (core definition).
        ctx.add(
            "gpc.claim-ratio",
            Msg("gpc.claim-ratio.no-emissions", level=inv.level, emissions=format_t(r.emissions_ug)),
            ("credits",),
            key=True,
        )
    elif r.ratio is not None and r.ratio < 100:
        ctx.add(
            "gpc.claim-ratio",
            Msg(
                "gpc.claim-ratio",
                ratio=format_ratio(r.ratio),
                level=inv.level,
                credits=format_t(r.credits_ug),
                emissions=format_t(r.emissions_ug),
                needed=r.credits_needed_t,
            ),
            ("credits",),
            key=True,
        )
