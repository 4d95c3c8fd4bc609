"""The rule functions: a computed submission and a profile in, findings out.

Each function looks at one subject (the offset, the credits, the plan, the
boundary) and emits findings only for rules the profile enables; the
profile's data (severity, parameters, sources) decides everything a standard
decides. Findings point at the node of the file they are about.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from offsetcalc.engine.compute import UG_PER_T, Result
from offsetcalc.errors import Location, OffsetcalcError
from offsetcalc.io.loader import Document
from offsetcalc.report.messages import Join, Msg
from offsetcalc.rules.profile import Profile


@dataclass(frozen=True)
class Finding:
    """One broken (or noted) rule: stable ID, severity, message, where.

    ``message`` is what the JSON report carries: the text followed by the
    citation of the rule's source. ``text`` and ``cite`` keep the two parts
    apart, so a terminal can show each citation once (in a legend) instead
    of on every finding; they are None for findings that cite nothing.
    """

    rule: str
    severity: str
    message: str
    location: Location
    text: str | None = None
    cite: str | None = None
    #: The message as catalogue key + parameters (offsetcalc.report.messages.Msg): ``text`` is its
    #: English rendering; reports render it in other languages. None for findings not yet catalogued.
    msg: Any = field(default=None, compare=False)

    @classmethod
    def catalogued(cls, rule: str, msg: Any, location: Location, severity: str = "error") -> Finding:
        """A finding whose whole message is the catalogue message ``msg`` (no citation): the JSON
        report's ``message`` is its English text, other languages render ``msg``."""
        return cls(rule, severity, msg.render("en"), location, msg=msg)

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "location": str(self.location)}


@dataclass
class Context:
    """What the rules look at: the computed result (the one ``compute`` reports), the profile.

    ``model`` and ``doc`` give what the result does not carry (credit dates and
    evidence, the reduction plan, exclusions) and where each node of the file
    is; every computed fact — activities and table rows, their groups and
    factors, credit quantities, totals, ratio — is read from ``result``.
    ``factors`` is the FactorSet the result was computed with (validity of its factors).
    """

    model: Any
    doc: Document
    result: Result
    profile: Profile
    today: dt.date
    factors: Any = None
    findings: list[Finding] = field(default_factory=list)
    #: (the standard's DefaultGwp — or offsetcalc's default set's name where the standard names no set —,
    #: the total in µg by it) when the file chose another GWP set.
    gwp_by_standard: tuple[Any, int] | None = None

    def on(self, rule: str) -> bool:
        return self.profile.rule(rule) is not None

    def add(
        self,
        rule: str,
        message: str | Msg,
        path: tuple[Any, ...] = (),
        *,
        severity: str | None = None,
        source: str | None = None,
        confirmed: bool | None = None,
        note: str | None = None,
        key: bool = False,
        at: Location | None = None,
    ) -> None:
        """Record a finding for ``rule`` if the profile enables it; the citation is appended.

        The finding points at ``path`` in the file, or at ``at`` when given (a table's rows).
        """
        spec = self.profile.rule(rule)
        if spec is None and source is None:
            return
        msg = message if isinstance(message, Msg) else None
        if msg is not None:
            message = msg.render("en")
        cite = self.profile.cite(
            source or spec.source,  # type: ignore[union-attr]
            spec.confirmed if confirmed is None else confirmed,  # type: ignore[union-attr]
            note if note is not None else (spec.note if spec else None),
        )
        self.findings.append(
            Finding(
                rule,
                severity or spec.severity,  # type: ignore[union-attr]
                f"{message} {cite}",
                at or self.doc.location(path, key=key),
                text=message,
                cite=cite,
                msg=msg,
            )
        )


def run(ctx: Context) -> list[Finding]:
    """All findings for one submission, in file order."""
    for check in (
        check_profile,
        check_kind,
        check_period,
        check_offset,
        check_emissions,
        check_plan,
        check_boundary,
        check_factors,
        check_credits_present,
        check_credits,
        check_beneficiary,
        check_gwp,
        check_gwp_choice,
        check_scope2,
        check_location_factor,
        check_method_fuel,
        check_table_dates,
        check_plain_numbers,
        check_product_units,
    ):
        check(ctx)
    return sorted(ctx.findings, key=lambda f: (f.location.line or 0, f.location.column or 0, f.rule))


# --------------------------------------------------------------------------- file-level rules


def _detail_msg(key: str, exc: Any, *, hint: bool = True) -> Msg:
    """A parser's error inside a finding: in the reader's language when the error is catalogued
    (``key.catalogued``), else under ``key`` (the Japanese says the detail is the English original)."""
    has_hint = hint and exc.hint
    if exc.msg is not None and (not has_hint or exc.hint_msg is not None):
        inner = Msg("detail.with-hint", message=exc.msg, hint=exc.hint_msg) if has_hint else exc.msg
        return Msg(f"{key}.catalogued", detail=inner)
    return Msg(key, detail=exc.message + (f"; {exc.hint}" if has_hint else ""))


def check_profile(ctx: Context) -> None:
    """A profile file (not a built-in profile) is named, with the core rules it weakens.

    A user profile may set any severity (a company's own policy), and a submission may name
    its own profile file; a certifier must see that the verdict is that file's.
    """
    prof = ctx.profile
    if prof.builtin:
        return
    weak = prof.weakened_core_rules()
    ctx.add(
        "standard.not-builtin",
        Msg(
            "standard.not-builtin",
            id=prof.id,
            path=prof.path,
            weak=Msg("standard.not-builtin.weak", rules=Join(weak)) if weak else "",
        ),
        ("standard",) if _has_key(ctx, "standard") else (),
        severity="warning",
        source="core-user-profile",
        confirmed=True,
    )


def check_kind(ctx: Context) -> None:
    kinds = ctx.profile.spec.kinds
    if ctx.result.kind not in kinds:
        ctx.add(
            "kind.not-covered",
            Msg("kind.not-covered", profile=ctx.profile.id, kind=ctx.result.kind, kinds=Join(kinds)),
            ("kind",),
        )


def check_period(ctx: Context) -> None:
    if ctx.result.period is None:
        ctx.add("period.missing", Msg("period.missing"), ())


def check_offset(ctx: Context) -> None:
    from offsetcalc.report.result import format_ratio, format_t

    r = ctx.result
    if r.ratio is None or r.ratio >= 100:
        return
    ctx.add(
        "offset.ratio-below-100",
        Msg(
            "offset.ratio-below-100",
            ratio=format_ratio(r.ratio),
            credits=format_t(r.credits_ug),
            emissions=format_t(r.emissions_ug),
            needed=r.credits_needed_t,
        ),
        ("credits",) if _has_key(ctx, "credits") else (),
        key=True,
    )


def check_emissions(ctx: Context) -> None:
    """Nothing emitted, nothing offset: a total of 0 t-CO2e (no activities, all excluded or zero)."""
    if ctx.result.emissions_ug > 0 or not ctx.profile.spec.credits_required:
        return
    ctx.add(
        "emissions.none",
        "the submission reports 0 t-CO2e of emissions: there is nothing to offset, so no offset can be certified",
        ("activities",) if _has_key(ctx, "activities") else (),
        key=True,
    )


def _has_key(ctx: Context, key: str) -> bool:
    """True when the file itself has this top-level key (``credits: []`` included)."""
    return isinstance(ctx.doc.data, dict) and key in ctx.doc.data


def check_plan(ctx: Context) -> None:
    from offsetcalc.report.result import format_t

    m, r = ctx.model, ctx.result
    if r.plan_registration:
        if not ctx.profile.spec.plan_registration:
            ctx.add(
                "plan.registration-unsupported",
                Msg("plan.registration-unsupported", profile=ctx.profile.id),
                ("plan_registration",),
            )
        else:
            ctx.add(
                "plan.planned-credits",
                Msg("plan.planned-credits", planned=format_t(r.planned_ug), retired=format_t(r.retired_ug)),
                ("plan_registration",),
            )
    plan = m.reduction_plan
    if plan is None:
        ctx.add(
            "plan.reduction-missing",
            Msg("plan.reduction-missing"),
            (),
        )
        return
    missing = [name for name in ("measures", "targets") if not getattr(plan, name)]
    if missing:
        ctx.add(
            "plan.reduction-incomplete",
            Msg(
                "plan.reduction-incomplete",
                missing=Msg("plan.missing." + (missing[0] if len(missing) == 1 else "both")),
            ),
            ("reduction_plan",),
            key=True,
        )


_SEPARATORS = re.compile(r"[\s_\-]+")


@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    # Cached: a batch folds the profile's boundary names again for every file (~36 calls a
    # file, a tenth of the rules' time); the cache is bounded, so user text cannot grow it.
    return _SEPARATORS.sub("-", text.strip().casefold())


def check_boundary(ctx: Context) -> None:
    entries = ctx.profile.spec.boundary.get(ctx.result.kind, [])
    if not entries:
        if ctx.model.exclusions:
            for j, ex in enumerate(ctx.model.exclusions):
                ctx.add(
                    "boundary.unknown-exclusion",
                    Msg(
                        "boundary.unknown-exclusion.no-sources",
                        source=ex.source,
                        profile=ctx.profile.id,
                        kind=ctx.result.kind,
                    ),
                    ("exclusions", j, "source"),
                )
        return
    labels: set[str] = set()
    scopes: set[int] = set()
    # Each label and scope with the path of its first activity (a position is looked up only for a
    # finding), and whether any of its activities has a quantity above zero: a source shown only by
    # zeros measured nothing (boundary.zero-source).
    first: dict[str | int, tuple[Any, ...]] = {}
    measured: set[str | int] = set()

    def seen(label: str | int, quantity: float, path: tuple[Any, ...]) -> None:
        (scopes if isinstance(label, int) else labels).add(label)  # type: ignore[arg-type]
        first.setdefault(label, path)
        if quantity > 0:
            measured.add(label)

    # The groups compute reports (subtotals), table rows included: scope N for organisations,
    # stage or category otherwise. A file activity's other label (an organisation's category)
    # is not computed, so it is read from the file.
    n_file = len(ctx.result.activities)
    table_of = [ti for ti, t in enumerate(ctx.result.tables) for _ in t.lines]
    for i, line in enumerate(ctx.result.activity_lines):
        path = ("activities", i) if i < n_file else ("activities_from", table_of[i - n_file])
        m = re.fullmatch(r"scope ([123])", line.group)
        seen(int(m[1]) if m else _fold(line.group), line.quantity, path)
    for i, (a, r) in enumerate(zip(ctx.model.activities, ctx.result.activities, strict=True)):
        for label in (a.category, a.stage):
            if label:
                seen(_fold(label), r.quantity, ("activities", i))
    names = {}
    for b in entries:
        names[_fold(b.id)] = b
        for c in b.categories:
            names.setdefault(_fold(c), b)
    excluded: set[str] = set()
    for j, ex in enumerate(ctx.model.exclusions):
        b = names.get(_fold(ex.source))
        if b is None:
            from offsetcalc.errors import did_you_mean_names

            close = did_you_mean_names(_fold(ex.source), [x.id for x in entries])
            ctx.add(
                "boundary.unknown-exclusion",
                Msg(
                    "boundary.unknown-exclusion",
                    source=ex.source,
                    profile=ctx.profile.id,
                    kind=ctx.result.kind,
                    ids=Join(x.id for x in entries),
                    hint=Msg("hint.did-you-mean", names=Join((f"'{c}'" for c in close), "sep.or")) if close else "",
                ),
                ("exclusions", j, "source"),
            )
        elif not _NO_REASON.match(ex.reason.strip()):  # 'reason: "-"', blank or 'TBD' gives no reason
            excluded.add(b.id)
    for b in entries:
        shown_by = [_fold(c) for c in b.categories if _fold(c) in labels] + [s for s in b.scopes if s in scopes]
        if b.id in excluded:
            continue
        if shown_by:
            if not any(x in measured for x in shown_by):
                places = (ctx.doc.location(first[x]) for x in shown_by)
                at = min(places, key=lambda loc: (loc.line or 0, loc.column or 0))
                _zero_source(ctx, b, at)
            continue
        cats = Join((f"'{c}'" for c in b.categories), "sep.or")
        scopes_ = Join((str(s) for s in b.scopes), "sep.or")
        if b.categories and b.scopes:
            how = Msg("boundary.how.both", categories=cats, scopes=scopes_)
        elif b.categories:
            how = Msg("boundary.how.categories", categories=cats)
        else:
            how = Msg("boundary.how.scopes", scopes=scopes_)
        name = b.name + (f" ({b.name_ja})" if b.name_ja else "")
        ctx.add(
            "boundary.missing-source",
            Msg("boundary.missing-source", kind=ctx.result.kind, id=b.id, name=name, how=how),
            ("activities",) if ctx.model.activities else (),
            key=True,
            severity=b.severity,
            source=b.source,
            confirmed=b.confirmed,
            note=b.note,
        )


def _zero_source(ctx: Context, b: Any, at: Location) -> None:
    """A required source shown only by activities of quantity 0: nothing was measured (offsetcalc's own policy).

    A zero covered a required source without the reason an exclusion needs (redteam2 open item 14).
    The finding is as severe as the profile makes the source (an error where it is mandatory), unless
    the profile lists ``boundary.zero-source`` itself.
    """
    name = b.name + (f" ({b.name_ja})" if b.name_ja else "")
    own = ctx.profile.spec.rules.get("boundary.zero-source")
    ctx.add(
        "boundary.zero-source",
        Msg("boundary.zero-source", kind=ctx.result.kind, id=b.id, name=name),
        at=at,
        severity=own.severity if own is not None else b.severity,
    )


def check_gwp(ctx: Context) -> None:
    start = ctx.result.period[0] if ctx.result.period else None
    d = ctx.profile.default_gwp(start)
    if d and not ctx.model.gwp and ctx.result.gwp == d.set:
        when = (
            Msg("gwp.profile-default.when", start=start)
            if start and isinstance(ctx.profile.spec.default_gwp, list)
            else ""
        )
        ctx.add(
            "gwp.profile-default",
            Msg("gwp.profile-default", set=d.set, profile=ctx.profile.id, when=when),
            (),
            severity="info",
            source=d.source,
            confirmed=d.confirmed,
            note=d.note,
        )


def check_gwp_choice(ctx: Context) -> None:
    """A GWP set chosen by the file in place of the standard's for the period, that changes the total.

    The finding gives the total and offset ratio by the standard's set; a claim fully offset by the
    file's set but short by the standard's fails: a carbon-neutral claim must not rest on the
    submitter's choice (offsetcalc's own policy, as for the scope 2 method). Otherwise a warning.
    A CO2-only file weighs the same in every set and gets nothing.
    """
    from fractions import Fraction

    from offsetcalc.report.result import format_ratio, format_t

    if ctx.gwp_by_standard is None:
        return
    d, total = ctx.gwp_by_standard
    r = ctx.result
    if total == r.emissions_ug:
        return
    figures = {
        "set": r.gwp,
        "profile": ctx.profile.id,
        "total": format_t(total),
        "ratio": format_ratio(Fraction(r.credits_ug * 100, total) if total else None),
    }
    ctx.add(
        "gwp.set-differs",
        # A standard whose profile names no set: the set that applies is offsetcalc's default (redteam5).
        Msg("gwp.set-differs.default", default_set=d, **figures)
        if isinstance(d, str)
        else Msg("gwp.set-differs", standard_set=d.set, **figures),
        ("gwp",),
        severity="error" if (r.fully_offset and r.credits_ug < total) else "warning",
    )


def check_scope2(ctx: Context) -> None:
    """An organisation whose total uses another scope 2 method than the one that applies without
    the submitter's choice (the standard's method, else offsetcalc's default) gets the total and
    ratio by that method; a claim fully offset by the chosen method but short by that one fails.

    The failure is offsetcalc's own policy (core-scope2-policy) — a carbon-neutral claim must not
    rest on the submitter's choice of method — or the standard's, where its method is confirmed.
    Spelling out the method that applies anyway is no choice: it gets no finding.
    """
    from fractions import Fraction

    from offsetcalc.engine.scope2 import DEFAULT_METHOD
    from offsetcalc.report.result import format_ratio, format_t

    s2, chosen = ctx.result.scope2, ctx.profile.spec.scope2_method
    if not s2:
        return
    applies = chosen.method if chosen is not None else DEFAULT_METHOD
    if s2["method"] == applies:
        return
    r = ctx.result
    other_ug = s2[f"{applies}_based_ug"]

    def name(method: str) -> Msg:  # the method's word in the reader's language
        return Msg("scope2.method.location") if method == "location" else Msg("scope2.method.market")

    params = {"method": name(s2["method"]), "by": s2["method_chosen_by"], "profile": ctx.profile.id}
    where = ("scope2_method",) if s2["method_chosen_by"] == "file" else ()
    if chosen is not None and chosen.confirmed:  # the standard's own, confirmed method decides
        cite = {"source": chosen.source, "confirmed": True, "note": chosen.note}
    else:
        cite = {"source": "core-scope2-policy", "confirmed": True, "note": None}
    if chosen is not None:
        params["standard_method"] = name(chosen.method)
    else:
        params["other_method"] = name(applies)
    if other_ug is None:  # no grid factor for the year: the figure that applies is unknown
        ctx.add(
            "scope2.method-differs",
            Msg("scope2.method-differs.unknown", **params)
            if chosen is not None
            else Msg("scope2.method-differs.other-unknown", **params),
            where,
            key=True,
            # The submitter may have had no choice (no grid factor that year): an error only
            # where the standard's method is confirmed.
            severity="error" if chosen is not None and chosen.confirmed else "warning",
            **cite,
        )
        return
    total = r.emissions_ug - s2[f"{s2['method']}_based_ug"] + other_ug
    figures = {"total": format_t(total), "ratio": format_ratio(Fraction(r.credits_ug * 100, total) if total else None)}
    ctx.add(
        "scope2.method-differs",
        Msg("scope2.method-differs", **params, **figures)
        if chosen is not None
        else Msg("scope2.method-differs.other", **params, **figures),
        where,
        key=True,
        severity="error" if (r.fully_offset and r.credits_ug < total) else "warning",
        **cite,
    )


def check_location_factor(ctx: Context) -> None:
    """A scope 2 ``location_factor`` below the national grid average in force for the period (warning).

    Location-based means a grid-average factor (GHG Protocol Scope 2 Guidance, 2015); any factor was
    accepted as one, a retailer's low basic factor or an inline 0.00001 t/kWh with a plausible source
    (redteam2 open item 2). A regional grid average may lie below the national one, so this is a
    warning, offsetcalc's own policy. Compared per MWh, where the built-in national average has an
    edition in force on the period's start and the activity is an energy.
    """
    from offsetcalc.engine.compute import emissions_ug, factor_use_from_inline, factor_use_from_table, weighted
    from offsetcalc.engine.scope2 import NATIONAL_AVERAGE
    from offsetcalc.report.result import format_t

    if not ctx.result.scope2 or ctx.factors is None:
        return
    day = ctx.result.period[0] if ctx.result.period else None

    def per_mwh(use: Any) -> int:
        (ug,) = emissions_ug([1000.0], [1.0], ["kWh"], [weighted(use, ctx.result.gwp)])
        return ug

    try:
        res = ctx.factors.resolve(NATIONAL_AVERAGE, day)
        if res.warnings:  # no edition in force on the period's start: nothing to compare with
            return
        national = per_mwh(factor_use_from_table(res.factor))
    except OffsetcalcError:
        return
    # The file's scope 2 activities, and the tables whose scope 2 rows take the entry's location_factor
    # (the result keeps one summary per entry, in the file's order).
    given_at = [
        (("activities", i), False, a.id, a.location_factor)
        for i, a in enumerate(ctx.model.activities)
        if a.scope == 2 and a.location_factor is not None
    ] + [
        (("activities_from", i), True, src.path, src.location_factor)
        for i, (src, t) in enumerate(zip(ctx.model.activities_from, ctx.result.tables, strict=False))
        if src.location_factor is not None and any(line.split for line in t.lines)
    ]
    for at, in_table, what, lf in given_at:
        try:
            if isinstance(lf, str):
                given = factor_use_from_table(ctx.factors.resolve(lf, day).factor)
                name = f"'{lf}'"
            else:
                given = factor_use_from_inline(lf)
                name = f"{lf.value} {lf.unit} ({lf.source})"
            ug = per_mwh(given)
        except OffsetcalcError:  # not an energy factor (or unknown: compute said so): nothing to compare
            continue
        if ug < national:
            params = {"id": what, "factor": name, "value": format_t(ug), "national": NATIONAL_AVERAGE}
            params["national_value"] = format_t(national)
            ctx.add(
                "scope2.location-factor-low",
                Msg("scope2.location-factor-low.table", **params)
                if in_table
                else Msg("scope2.location-factor-low", **params),
                (*at, "location_factor"),
            )


# --------------------------------------------------------------------------- factors

# A source that names no document: a placeholder left in a draft, or the engine's own note for
# a table row's factor_value without a source column.
#: A draft's placeholder words, which every "says nothing" test below refuses (each adds its own).
_PLACEHOLDER_WORDS = r"tbd|tbc|todo|fixme|n/?a|x+|placeholder|dummy|unknown"


def _says_nothing(more: str) -> str:
    """A pattern for text that is blank, punctuation or invisible characters around at most one
    placeholder word (:data:`_PLACEHOLDER_WORDS` or one of ``more``)."""
    return rf"^[\W_]*(?:{_PLACEHOLDER_WORDS}|{more})?[\W_]*$"


_PLACEHOLDER_SOURCE = re.compile(
    _says_nothing("illustrative|example|sample|test|none|null|source")
    + r"|\billustrative\b|\bplaceholder\b|\bno source given\b",
    re.IGNORECASE,
)


#: An exclusion reason that gives none: blank, punctuation, or a draft's placeholder. ('none' is kept:
#: it reads as "there was none of this source".)
_NO_REASON = re.compile(_says_nothing("reason"), re.IGNORECASE)


#: Text that names nothing: blank, punctuation, invisible characters (a zero-width space), or a
#: draft's placeholder, in English or Japanese. An evidence or project written so named no record
#: and no project, yet satisfied the rules that need one (redteam4; offsetcalc's own policy).
_NO_TEXT = re.compile(_says_nothing("none|nil|null|test|なし|無し|未定|不明"), re.IGNORECASE)


def no_text(text: str | None) -> bool:
    """True when ``text`` names nothing (None, blank, punctuation, a placeholder such as 'TBD' or '-')."""
    return text is None or bool(_NO_TEXT.match(text.strip()))


def placeholder_source(text: str | None) -> bool:
    """True when a factor's source names no document ('illustrative', 'TBD', '-', '')."""
    return text is None or bool(_PLACEHOLDER_SOURCE.search(text.strip()))


@dataclass(frozen=True)
class _Basis:
    """A table factor a derived factor builds on, shaped like a result line (only ``factor``)."""

    factor: Any


def _factor_uses(ctx: Context) -> dict[tuple[Any, ...], list[tuple[tuple[Any, ...], Any]]]:
    """Each distinct factor the result applied, with the data path of each use (file activities, then tables).

    A table's rows are located at their ``activities_from`` entry (the result keeps one summary
    per entry, in the file's order). Paths, not locations: a finding needs only its first use's.
    """
    lines: list[tuple[tuple[Any, ...], Any]] = [
        (("activities", i, "factor"), a) for i, a in enumerate(ctx.result.activities)
    ]
    for ti, table in enumerate(ctx.result.tables):
        lines.extend((("activities_from", ti), line) for line in table.lines)
    # A derived factor (improved ton-kilo method) is checked, and so is each table factor it
    # builds on, at the same place.
    lines.extend((at, _Basis(b)) for at, line in list(lines) for b in line.factor.basis)
    uses: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], Any]]] = {}
    for at, line in lines:
        u = line.factor
        key = (u.ref, u.table, u.edition) if u.ref else (None, u.source, u.value, u.unit, at)
        uses.setdefault(key, []).append((at, line))
    return uses


def check_method_fuel(ctx: Context) -> None:
    """A calculation method's fuel factor is its fuel's (the improved ton-kilo method's ``fuel_factor``).

    The formula for diesel trucks gives litres of diesel: ``fuel: diesel, fuel_factor: fuel.gasoline``
    multiplied them by gasoline's lower factor and passed (verdict9). A built-in factor other than the
    fuel's own is an error; a user table's factor (--factors: a carrier's own diesel factor, say) a
    warning, as offsetcalc cannot tell which fuel it is. offsetcalc's own policy (factor provenance).
    """
    from offsetcalc.engine.freight import method
    from offsetcalc.models import TonKiloFactor

    for i, (a, r) in enumerate(zip(ctx.model.activities, ctx.result.activities, strict=True)):
        spec = a.factor
        if not isinstance(spec, TonKiloFactor) or spec.fuel_factor is None:
            continue
        own = method().fuels[spec.fuel].fuel_factor
        if spec.fuel_factor.partition("@")[0] == own or not r.factor.basis:  # an edition of its own: fine
            continue
        entry = _table_factor(ctx, r.factor.basis[0])
        builtin = entry is None or entry.table.builtin
        params = {"id": a.id, "fuel": spec.fuel, "ref": spec.fuel_factor, "own": own}
        ctx.add(
            "factors.method-fuel",
            Msg("factors.method-fuel.builtin", **params) if builtin else Msg("factors.method-fuel.user", **params),
            ("activities", i, "factor", "fuel_factor"),
            severity=None if builtin else "warning",
        )


def _table_factor(ctx: Context, use: Any) -> Any:
    """The factor-table entry a FactorUse came from (its validity), or None."""
    if ctx.factors is None or use.ref is None:
        return None
    return next(
        (f for f in ctx.factors.by_id.get(use.ref, []) if f.table.id == use.table and f.edition == use.edition), None
    )


def _span(f: Any) -> Msg:
    return Msg("factors.span", start=f.valid_from or "…", end=f.valid_to or "…")


def check_factors(ctx: Context) -> None:
    """The factors behind the emissions: in force for the period, confirmed, sourced, not superseded."""
    from offsetcalc.report.result import format_number

    period = ctx.result.period
    for uses in _factor_uses(ctx).values():
        first, line = uses[0]
        u = line.factor
        also = Msg("factors.also", n=len(uses)) if len(uses) > 1 else ""
        if u.ref is None:
            if placeholder_source(u.source):
                ctx.add(
                    "factors.unsourced",
                    Msg("factors.unsourced", value=format_number(u.value), unit=u.unit, source=u.source, also=also),
                    path=first,
                )
            elif not u.confirmed:
                ctx.add(
                    "factors.unconfirmed",
                    Msg(
                        "factors.unconfirmed.inline",
                        value=format_number(u.value),
                        unit=u.unit,
                        source=u.source,
                        also=also,
                    ),
                    path=first,
                )
            continue
        name = Msg("factors.name", ref=u.ref, table=u.table, edition=u.edition)
        if not u.confirmed:
            ctx.add("factors.unconfirmed", Msg("factors.unconfirmed", name=name, also=also), first)
        f = _table_factor(ctx, u)
        if f is None:
            continue
        _user_factor(ctx, f, name, also, first)
        if period is None:
            # Without a period a dated factor cannot be shown to be in force (and dropping the
            # period must not be a way around this rule).
            if f.valid_from is not None or f.valid_to is not None:
                ctx.add(
                    "factors.outside-validity",
                    Msg("factors.outside-validity.no-period", name=name, span=_span(f), also=also),
                    path=first,
                )
            continue
        start, end = period
        validity = f.spec.valid or f.table.spec.valid
        inferred = validity is not None and not validity.to_confirmed and f.valid_to is not None and f.valid_to < start
        if not f.valid_on(start):
            ctx.add(
                "factors.outside-validity",
                Msg(
                    "factors.outside-validity.start",
                    name=name,
                    span=_span(f),
                    start=start,
                    also=also,
                    advice=Msg("factors.advice.inferred" if inferred else "factors.advice.edition"),
                ),
                path=first,
                severity="warning" if inferred else None,
            )
        elif not f.valid_on(end):
            # In force for less than half the period: the edition of a year the period barely touches
            # (a year shifted by a day picked last year's retailer list, redteam2 open item 13). An error,
            # offsetcalc's own policy, unless the end of validity is itself inferred; else a warning.
            days, within = (end - start).days + 1, (f.valid_to - start).days + 1
            end_inferred = validity is not None and not validity.to_confirmed
            if 2 * within < days and not end_inferred:
                ctx.add(
                    "factors.outside-validity",
                    Msg(
                        "factors.outside-validity.mostly",
                        name=name,
                        span=_span(f),
                        end=end,
                        within=within,
                        days=days,
                        also=also,
                    ),
                    path=first,
                )
            else:
                ctx.add(
                    "factors.outside-validity",
                    Msg("factors.outside-validity.end", name=name, span=_span(f), end=end, also=also),
                    path=first,
                    severity="warning",
                )
        if f.valid_to is None:
            newer = [
                g
                for g in ctx.factors.by_id.get(f.id, [])
                if g.valid_from is not None
                and (f.valid_from is None or g.valid_from > f.valid_from)
                and g.valid_from <= end
            ]
            if newer:
                g = min(newer, key=lambda g: g.valid_from)
                ctx.add(
                    "factors.superseded",
                    Msg(
                        "factors.superseded",
                        name=name,
                        since=g.valid_from,
                        newer=f"{g.id}@{g.edition}",
                        table=g.table.id,
                        also=also,
                    ),
                    path=first,
                )


def _user_factor(ctx: Context, f: Any, name: str, also: str, first: tuple[Any, ...]) -> None:
    """A factor of a user table (--factors) that takes the place of a built-in one is shown.

    A table of one's own may replace a built-in entry (same ID and start) or add an edition of
    a built-in ID; the verdict then rests on that table, so the finding gives both values.
    """
    from offsetcalc.report.result import format_number

    if f.table.builtin:
        return
    replaced = next((old for old, new in getattr(ctx.factors, "overrides", []) if new is f), None)
    builtin = replaced or next((g for g in ctx.factors.by_id.get(f.id, []) if g.table.builtin), None)
    if builtin is None:
        return

    def value(g: Any) -> str:
        if g.value is None:  # a per-gas factor
            return ", ".join(f"{gas} {format_number(v)}" for gas, v in (g.gases or {}).items()) + f" {g.unit}"
        return f"{format_number(g.value)} {g.unit}"

    how = Msg("factors.overridden.replaces") if replaced is not None else Msg("factors.overridden.instead")
    ctx.add(
        "factors.overridden",
        Msg(
            "factors.overridden",
            name=name,
            path=f.table.path,
            value=value(f),
            how=how,
            builtin=builtin.id,
            table=builtin.table.id,
            builtin_value=value(builtin),
            also=also,
        ),
        path=first,
    )


# --------------------------------------------------------------------------- credits


def check_credits_present(ctx: Context) -> None:
    """No credits, no offset: retired credits, or planned ones in a plan registration, must offset something."""
    r = ctx.result
    if r.credits_ug > 0 or not ctx.profile.spec.credits_required:  # an inventory standard (GPC) needs none
        return
    planned = Msg("credits.none.planned") if r.plan_registration else ""
    ctx.add(
        "credits.none",
        Msg("credits.none", planned=planned),
        ("credits",) if _has_key(ctx, "credits") else (),
        key=True,
    )


def _years(vintage: Any) -> tuple[int, int] | None:
    """First and last year of a vintage: 2012, '2012', '2012-2013', '01012022-31102022'.

    None when it cannot be read, and for a range written backwards ('2030-2012'): read as
    ending in 2012 it hid a 2030 vintage from the future-issuance rule (redteam4).
    """
    if isinstance(vintage, int) and not isinstance(vintage, bool):
        return (vintage, vintage) if 1900 <= vintage <= 2200 else None
    if isinstance(vintage, str):
        text = vintage.strip()
        if re.fullmatch(r"\d{4}", text):
            return int(text), int(text)
        # 2012-2013, or Verra's DDMMYYYY-DDMMYYYY
        m = re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4})", text) or re.fullmatch(r"\d{4}(\d{4})\s*-\s*\d{4}(\d{4})", text)
        if m and int(m[1]) <= int(m[2]):
            return int(m[1]), int(m[2])
    return None


_NEGATION = re.compile(r"(?:\bnon[\s\-]?|非)$", re.IGNORECASE)


def keyword_match(text: str, keyword: str) -> bool:
    """True when ``keyword`` names what ``text`` describes.

    Whole words only (``HFC-23`` is not ``HFC-236fa``; ``adipic`` is not part of
    a longer word); a space, hyphen or underscore may stand between any two of the
    keyword's characters or not (``HFC-23`` = ``HFC 23`` = ``HFC23`` = ``H F C 23``,
    ``trifluoromethane`` = ``trifluoro-methane``: redteam7); case is ignored;
    a negated mention does not count (``non-nuclear``, ``非原子力``). Word
    boundaries are ASCII letters and digits, so Japanese keywords match inside
    longer Japanese text.
    """
    parts = [re.escape(ch) for ch in re.sub(r"[\s\-_]+", "", keyword)]
    if not parts:
        return False
    if not text.isascii():  # full-width letters, typographic hyphens: 'ＨＦＣ－２３', 'HFC‐23' name HFC-23
        import unicodedata

        from offsetcalc.credits import _DASHES

        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    pattern = re.compile(r"(?<![A-Za-z0-9])" + r"[\s\-_]?".join(parts) + r"(?![A-Za-z0-9])", re.IGNORECASE)
    return any(not _NEGATION.search(text[: m.start()]) for m in pattern.finditer(text))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (clamped to the month's last day; to 9999-12-31, the last date
    Python has, for a period that ends in 9999 — before, 'year 10000 is out of range' was an internal error)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_beneficiary(ctx: Context) -> None:
    """A credit whose ``beneficiary:`` names neither the offsetter nor the allocation's provider
    was retired for someone else, and cannot carry this submission's claim (offsetcalc's own
    policy, core-beneficiary). Without it, writing the name a registry shows as beneficiary
    on the credit made ``ledger.retired-for-other`` compare that name and find no conflict.
    Names are compared as the ledger compares them (offsetcalc.ledger.core.same_beneficiary)."""
    from offsetcalc.ledger.core import same_beneficiary

    offsetter = ctx.model.offsetter
    for i, c in enumerate(ctx.model.credits):
        if not c.beneficiary or same_beneficiary(c.beneficiary, offsetter):
            continue
        if c.allocation is not None and same_beneficiary(c.beneficiary, c.allocation.provider):
            continue
        ctx.add(
            "credits.beneficiary-other",
            Msg("credits.beneficiary-other", beneficiary=c.beneficiary, offsetter=offsetter or "")
            if offsetter
            else Msg("credits.beneficiary-other.no-offsetter", beneficiary=c.beneficiary),
            ("credits", i, "beneficiary"),
        )


def check_credits(ctx: Context) -> None:
    from offsetcalc.credits import (
        UNIT_NUMBERED_REGISTRIES,
        Block,
        credit_serials,
        credit_type,
        find_overlaps,
        find_unit_overlaps,
        serial_issued_from,
        serial_vintage,
        serial_vintage_end,
        serial_year_inferred,
    )
    from offsetcalc.report.result import format_t

    m, prof = ctx.model, ctx.profile
    all_blocks: list[tuple[tuple[Any, ...], Block]] = []
    for i, c in enumerate(m.credits):
        at = ("credits", i)
        cr = ctx.result.credits[i]  # the engine keeps the file's order
        # ---- type and eligibility
        try:
            ct = credit_type(cr.type)
        except OffsetcalcError as exc:
            ctx.add("credits.eligible-type", _detail_msg("credits.eligible-type.unknown", exc), (*at, "type"))
            ct = None
        if ct is not None and prof.eligible and ct.code not in prof.eligible:
            ctx.add(
                "credits.eligible-type",
                Msg("credits.eligible-type", type=cr.type, name=ct.name, profile=prof.id, eligible=Join(prof.eligible)),
                (*at, "type"),
                **_eligible_list_source(prof),
            )
        elig = prof.eligible.get(ct.code) if ct else None
        if elig and elig.usable_until and cr.retired_on and cr.retired_on > elig.usable_until:
            ctx.add(
                "credits.usable-until",
                Msg(
                    "credits.usable-until",
                    code=ct.code,  # type: ignore[union-attr]
                    profile=prof.id,
                    until=elig.usable_until,
                    retired=cr.retired_on,
                ),
                (*at, "retired_on"),
            )
        if ct is not None:
            refused = [x for x in prof.spec.excluded_projects if ct.code in {credit_type(t).code for t in x.types}]
            if refused and no_text(cr.project):
                kinds = Join(x.name for x in refused)
                ctx.add(
                    "credits.project-missing",
                    Msg("credits.project-missing", code=ct.code, kinds=kinds)
                    if cr.project is None
                    else Msg("credits.project-missing.placeholder", code=ct.code, kinds=kinds, text=repr(cr.project)),
                    at if cr.project is None else (*at, "project"),
                )
            for x in refused if cr.project else []:
                hit = next((k for k in x.keywords if keyword_match(cr.project, k)), None)
                if hit is not None:
                    ctx.add(
                        "credits.excluded-project",
                        Msg(
                            "credits.excluded-project",
                            code=ct.code,
                            name=x.name,
                            project=cr.project,
                            hit=hit,
                            profile=prof.id,
                        ),
                        (*at, "project"),
                        source=x.source,
                        confirmed=x.confirmed,
                    )
        # ---- serials
        blocks: list[tuple[tuple[Any, ...], Block]] = []
        for s in credit_serials(cr.type, c.registry, c.serial):
            path = (*at, *s.path)
            if s.error is not None:
                ctx.add("credits.serial-syntax", _detail_msg("credits.serial-syntax", s.error, hint=False), path)
                continue
            for b in s.blocks:
                blocks.append((path, b))
                if ct is not None:
                    _serial_type(ctx, ct, b, path, parsed=isinstance(s.item, str), written=_written_prefix(s.item))
        all_blocks.extend(blocks)
        # A provider's allocation: the serials and whole units are those of the provider's retirement.
        units_ug, units_at, what = cr.ug, (*at, "quantity"), Msg("credits.what.quantity")
        if c.allocation is not None:
            units_at, what = (*at, "allocation", "retirement_quantity"), Msg("credits.what.retirement")
            units_ug = _allocation(ctx, c, cr, at)
        if blocks and units_ug is not None:
            held = sum(b.quantity for _, b in blocks)
            if held * UG_PER_T != units_ug:
                parts = ", ".join(f"{b.prefix} {b.start}–{b.end}: {b.quantity:,}" for _, b in blocks[:5])
                ctx.add(
                    "credits.block-size",
                    Msg(
                        "credits.block-size",
                        held=f"{held:,}",
                        parts=parts,
                        more=", …" if len(blocks) > 5 else "",
                        what=what,
                        units=format_t(units_ug),
                    ),
                    units_at,
                )
        elif not blocks and cr.status == "retired" and c.serial is None:
            ctx.add("credits.serial-missing", Msg("credits.serial-missing", type=cr.type), at)
        if units_ug is not None and units_ug % UG_PER_T:
            hint = Msg("credits.whole-units.hint") if c.allocation is None else ""
            ctx.add(
                "credits.whole-units",
                Msg("credits.whole-units", what=what, units=format_t(units_ug, 6), hint=hint),
                units_at,
            )
        # ---- retirement, dates, vintage
        if cr.status == "retired":
            if cr.retired_on is None:
                ctx.add("credits.retirement-date", Msg("credits.retirement-date.missing", type=cr.type), at)
            elif cr.retired_on > ctx.today:
                ctx.add(
                    "credits.retirement-date",
                    Msg("credits.retirement-date", date=cr.retired_on, today=ctx.today),
                    (*at, "retired_on"),
                )
            if no_text(cr.evidence):
                blank = not (cr.evidence and cr.evidence.strip())
                ctx.add(
                    "credits.retired-evidence",
                    Msg("credits.retired-evidence", type=cr.type)
                    if blank
                    else Msg("credits.retired-evidence.placeholder", type=cr.type, text=repr(cr.evidence)),
                    at if blank else (*at, "evidence"),
                )
            rule = prof.rule("credits.retired-within-12-months")
            if rule and cr.retired_on and ctx.result.period:
                months = rule.months or 12
                period_end = ctx.result.period[1]
                latest = add_months(period_end, months)
                if cr.retired_on > latest:
                    ctx.add(
                        "credits.retired-within-12-months",
                        Msg(
                            "credits.retired-within-12-months",
                            retired=cr.retired_on,
                            months=months,
                            end=period_end,
                            latest=latest,
                        ),
                        (*at, "retired_on"),
                    )
        elif cr.status == "planned" and not ctx.result.plan_registration:
            ctx.add(
                "credits.planned-outside-plan",
                Msg("credits.planned-outside-plan"),
                (*at, "status"),
            )
        printed = [y for y in (serial_vintage(b) for _, b in blocks) if y is not None]
        _vintage(ctx, cr, at, (min(y[0] for y in printed), max(y[1] for y in printed)) if printed else None)
        _vintage_end(ctx, cr, at, [e for e in (serial_vintage_end(b) for _, b in blocks) if e is not None])
        _issued_from(ctx, cr, at, [y for y in (serial_issued_from(b) for _, b in blocks) if y is not None])
        _inferred_year(ctx, cr, at, [y for y in (serial_year_inferred(b) for _, b in blocks) if y is not None])
    # Keyed by position: one serial string may name blocks of several batches under the same path.
    for a, b, (lo, hi) in find_overlaps([(k, block) for k, (_, block) in enumerate(all_blocks)]):
        first = ctx.doc.location(all_blocks[a][0])
        path, block = all_blocks[b]
        n = hi - lo + 1
        ctx.add(
            "credits.serial-overlap",
            Msg("credits.serial-overlap", lo=lo, hi=hi, prefix=block.prefix, n=f"{n:,}", line=first.line),
            path,
        )
    # The same unit numbers under another Verra prefix (a flag, country or project id changed in place):
    # a warning, as registry-wide unit numbering is inferred from the registry's export, not confirmed.
    for a, b, (lo, hi) in find_unit_overlaps([(k, block) for k, (_, block) in enumerate(all_blocks)]):
        first = ctx.doc.location(all_blocks[a][0])
        other, path, block = all_blocks[a][1], *all_blocks[b]
        ctx.add(
            "credits.unit-overlap",
            Msg(
                "credits.unit-overlap",
                name=UNIT_NUMBERED_REGISTRIES.get(block.registry, block.registry),
                lo=lo,
                hi=hi,
                n=f"{hi - lo + 1:,}",
                prefix=block.prefix,
                other=other.prefix,
                line=first.line,
            ),
            path,
        )


def _allocation(ctx: Context, c: Any, cr: Any, at: tuple[Any, ...]) -> int | None:
    """The micrograms of the provider's retirement an allocated credit is part of (None if unusable).

    The allocated part (the credit's quantity) cannot exceed the retirement; whether the
    allocations of one retirement across submissions add up to more is the ledger's to see.
    """
    from offsetcalc.engine.compute import t_to_ug
    from offsetcalc.errors import UnitError
    from offsetcalc.report.result import format_number, format_t
    from offsetcalc.units import conversion

    q = c.allocation.retirement_quantity
    where = (*at, "allocation", "retirement_quantity")
    try:
        ug = t_to_ug(q.value * conversion(q.unit, "t_CO2e"))
    except UnitError:
        ctx.add(
            "credits.allocation-exceeds",
            Msg("credits.allocation-exceeds.unit", value=format_number(q.value), unit=q.unit),
            where,
        )
        return None
    if cr.ug > ug:
        ctx.add(
            "credits.allocation-exceeds",
            Msg(
                "credits.allocation-exceeds",
                part=format_t(cr.ug),
                provider=c.allocation.provider,
                whole=format_t(ug),
            ),
            (*at, "quantity"),
        )
    return ug


def _eligible_list_source(prof: Profile) -> dict[str, Any]:
    """The citation of a profile's list of eligible types, for a type that is not on it.

    A profile that lists ``credits.eligible-type`` under ``rules:`` says itself
    where its list comes from. Otherwise the list's entries do: their most
    used source, confirmed only when every entry is.
    """
    if "credits.eligible-type" in prof.spec.rules:
        return {}
    entries = prof.spec.eligible_types
    sources = [e.source for e in entries]
    source = max(dict.fromkeys(sources), key=sources.count)
    return {
        "source": source,
        "confirmed": all(e.confirmed for e in entries),
        "note": "the standard's list of eligible credit types",
    }


def _written_prefix(item: Any) -> str | None:
    """An explicit block's prefix as the file writes it (a mapping or a model), else None."""
    prefix = item.get("prefix") if isinstance(item, dict) else getattr(item, "prefix", None)
    return prefix if isinstance(prefix, str) else None


def _serial_type(
    ctx: Context, ct: Any, block: Any, path: tuple[Any, ...], *, parsed: bool, written: str | None = None
) -> None:
    """A block's registry is its credit type's; a parsed Kyoto serial's unit type is the type's too.

    ``parsed``: the block was read from a registry serial string (an explicit block's prefix
    has no Kyoto unit-type field to read).
    """
    from offsetcalc.credits import KYOTO_UNIT_TYPES, block_prefix_error, block_registry

    # The type's registry also for types written as explicit blocks (J-VER, J-Credit: j-credit): a
    # 'registry: verra' on a J-VER block would make the same credits another block for the ledger.
    expected = ct.serial_registry or block_registry(ct.code)
    if expected and block.registry != expected:
        ctx.add(
            "credits.serial-type",
            Msg("credits.serial-type.registry", registry=block.registry, code=ct.code, expected=expected),
            path,
        )
    elif not parsed and (error := block_prefix_error(block, written)) is not None:
        ctx.add("credits.serial-syntax", _detail_msg("credits.serial-syntax", error, hint=True), path)
    elif parsed and block.registry == "kyoto" and ct.kyoto_unit_types:
        unit_type = int(block.prefix.split("-")[1])
        if unit_type not in ct.kyoto_unit_types:
            ctx.add(
                "credits.serial-type",
                Msg(
                    "credits.serial-type.kyoto",
                    unit_type=unit_type,
                    unit_name=KYOTO_UNIT_TYPES.get(unit_type, "?"),
                    code=ct.code,
                    types=", ".join(map(str, ct.kyoto_unit_types)),
                ),
                path,
            )


def _vintage(ctx: Context, c: Any, at: tuple[Any, ...], printed: tuple[int, int] | None = None) -> None:
    """The vintage rules, on the vintage the file gives and the one its serials print (``printed``).

    A serial's vintage is the registry's record (offsetcalc.credits.serial_vintage): with no
    ``vintage:`` beside it, or a false one, credits of a later vintage than their retirement
    passed (redteam4). A written vintage that shares no year with the serial's is reported, and
    each rule judges both.
    """
    spans: list[tuple[tuple[int, int], Any, tuple[Any, ...]]] = []
    if c.vintage is not None:
        years = _years(c.vintage)
        if years is None:
            ctx.add(
                "credits.vintage",
                Msg("credits.vintage.syntax", vintage=repr(c.vintage)),
                (*at, "vintage"),
            )
            # An unreadable vintage must not dodge the ban on credits not yet issued.
            ctx.add(
                "credits.future-issuance",
                Msg("credits.future-issuance.unreadable", vintage=repr(c.vintage)),
                (*at, "vintage"),
            )
            return
        spans.append((years, c.vintage, (*at, "vintage")))
    if printed is not None:
        shown = str(printed[0]) if printed[0] == printed[1] else f"{printed[0]}–{printed[1]}"
        if spans and (spans[0][0][1] < printed[0] or printed[1] < spans[0][0][0]):
            ctx.add(
                "credits.vintage",
                Msg("credits.vintage.serial", vintage=c.vintage, printed=shown),
                (*at, "vintage"),
            )
        spans.append((printed, Msg("credits.vintage.printed", years=shown), (*at, "serial")))
    rule = ctx.profile.rule("credits.vintage")
    if rule and rule.max_age_years is not None and ctx.result.period:
        oldest = ctx.result.period[0].year - rule.max_age_years
        for (_first, last), vintage, where in spans:
            if last < oldest:
                ctx.add(
                    "credits.vintage",
                    Msg(
                        "credits.vintage",
                        vintage=vintage,
                        profile=ctx.profile.id,
                        oldest=oldest,
                        years=rule.max_age_years,
                    ),
                    where,
                )
                break
    claim = c.retired_on or ctx.today
    # A range's credits are issued for reductions up to its last year: one ending after the
    # retirement includes reductions not yet made then.
    for (_first, last), vintage, where in spans:
        if last > claim.year:
            ctx.add(
                "credits.future-issuance",
                Msg("credits.future-issuance", vintage=vintage, what=_used(ctx, c)),
                where,
            )
            break


def _vintage_last_day(vintage: Any) -> list[dt.date]:
    """The last day of a vintage written with days, as Verra writes it ('01012025-31122025'), else []."""
    m = re.fullmatch(r"\d{8}\s*-\s*(\d{8})", vintage.strip()) if isinstance(vintage, str) else None
    try:
        return [dt.datetime.strptime(m[1], "%d%m%Y").date()] if m else []
    except ValueError:
        return []


def _vintage_end(ctx: Context, c: Any, at: tuple[Any, ...], ends: list[dt.date]) -> None:
    """A unit used before the vintage its Verra serial prints (offsetcalc.credits.serial_vintage_end),
    or its ``vintage:`` written with days, had ended had not been issued: credits.future-issuance at
    that day. A vintage ending in a later year than the use is already reported by :func:`_vintage`."""
    claim = c.retired_on or ctx.today

    def late(days: list[dt.date]) -> bool:
        return bool(days) and claim < max(days) and max(days).year <= claim.year

    if late(ends):
        ctx.add(
            "credits.future-issuance",
            Msg("credits.future-issuance.vintage-end", end=max(ends), what=_used(ctx, c)),
            (*at, "serial"),
        )
    written = _vintage_last_day(c.vintage)
    if late(written):
        ctx.add(
            "credits.future-issuance",
            Msg("credits.future-issuance.vintage-day", vintage=c.vintage, end=written[0], what=_used(ctx, c)),
            (*at, "vintage"),
        )


def _used(ctx: Context, c: Any) -> Msg:
    """When a credit is used, for the future-issuance findings: its retirement date, or today."""
    return Msg("credits.use.retired", date=c.retired_on) if c.retired_on else Msg("credits.use.today", today=ctx.today)


def _inferred_year(ctx: Context, c: Any, at: tuple[Any, ...], years: list[int]) -> None:
    """A CAR serial whose year (its vintage, by inference: credits.serial_year_inferred) lies after the
    credit's use: credits.future-issuance as a warning, the inference unconfirmed (redteam7: a serial
    printing 2026 on credits retired 2025-06-30 with 'vintage: 2025' passed without a word)."""
    claim = c.retired_on or ctx.today
    if not years or max(years) <= claim.year or ctx.profile.rule("credits.future-issuance") is None:
        return
    ctx.add(
        "credits.future-issuance",
        Msg("credits.future-issuance.car-year", year=max(years), what=_used(ctx, c)),
        (*at, "serial"),
        severity="warning",
        confirmed=False,
        note="that the year after the project state in a Climate Action Reserve serial is its vintage is inferred "
        "from the Reserve's serial number guide and FAQ and published serials, not confirmed",
    )


def _issued_from(ctx: Context, c: Any, at: tuple[Any, ...], years: list[int]) -> None:
    """A credit used before the first year its serial says it can exist in (a Kyoto unit's commitment
    period) is a credit not yet issued: credits.future-issuance, as for a vintage after the retirement."""
    claim = c.retired_on or ctx.today
    if not years or max(years) <= claim.year:
        return
    ctx.add(
        "credits.future-issuance",
        Msg("credits.future-issuance.period", year=max(years), what=_used(ctx, c)),
        (*at, "serial"),
    )


def check_table_dates(ctx: Context) -> None:
    """Table rows dated outside the file's period: counted, and said so (a warning).

    ``compute`` warned, but ``check`` showed nothing: FY2007 meter readings in a FY2014 claim passed
    without a word (redteam6). A reading dated just after the period's end is common, so this is a
    warning, offsetcalc's own policy: a claim's emissions are those of its period.
    """
    for ti, table in enumerate(getattr(ctx.result, "tables", None) or ()):
        if table.dated_outside and ctx.model.period is not None:
            ctx.add(
                "table.rows-outside-period",
                Msg(
                    "table.rows-outside-period",
                    n=f"{table.dated_outside:,}",
                    table=table.path,
                    start=ctx.model.period.start,
                    end=ctx.model.period.end,
                    row=table.first_dated_outside,
                ),
                ("activities_from", ti, "path"),
            )


def check_plain_numbers(ctx: Context) -> None:
    """A plain number in a quantity or its unit ('9000 MWh / 1000', a table's 'kWh/1000'): a warning
    naming the activity (or the table and unit), what is written and the factor (redteam7).

    The quantity is counted as written — it may be meant —, but a reviewer reading '9000 MWh' in the
    file and a total a thousand times smaller must be told why (offsetcalc's own policy).
    """
    from offsetcalc.engine import unitscale

    for s in unitscale.find(ctx.model, ctx.doc, ctx.result):
        ctx.add("quantity.plain-number", s.msg(), s.path)


def check_product_units(ctx: Context) -> None:
    """'units: 0.5' or '1e-9' of a functional unit that is a count, with per-unit activities: a warning
    (offsetcalc's own inference, :mod:`offsetcalc.engine.product`; redteam7)."""
    from offsetcalc.engine.product import units_warning

    msg = units_warning(ctx.model)
    if msg is not None:
        ctx.add("product.units-count", msg, ("product", "units"))
