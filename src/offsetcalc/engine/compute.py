"""Pure computation: activities × factors → emissions, credits → offset ratio.

Shape, for bulk input: activities are columns (value, multiplier, unit text,
factor key). Rows are grouped by (unit, factor); each group's coefficient — the
factor's CO2e value times the unit conversion to t-CO2e — is worked out once
with pint, and the rows are multiplied by it. No pint Quantity is made per row.

Exactness: every activity's emissions are rounded half-to-even to a whole
microgram of CO2e and kept as an integer; totals, the comparison with credits
and the whole tonnes still needed are integer arithmetic. So floating-point
noise (27 kWh × 0.1 t/kWh = 2.7000000000000002 t) can never flip a verdict,
totals do not depend on the order of activities, and they are exact to well
under a gram for a million rows (≤ 0.5 µg per row).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from offsetcalc.errors import FactorError, InputError, InputErrors, Location, OffsetcalcError, UnitError
from offsetcalc.report.messages import Msg
from offsetcalc.units import (
    conversion,
    dimension_msg,
    normalise_unit_text,
    parse_unit,
    registry,
)

UG_PER_T = 10**12  # micrograms per tonne


def t_to_ug(t: float) -> int:
    """Tonnes (float) to whole micrograms, rounding half to even (named, not round())."""
    return int((Decimal(repr(float(t))) * UG_PER_T).to_integral_value(rounding=ROUND_HALF_EVEN))


def ug_to_t(ug: int) -> float:
    """Whole micrograms to tonnes as the nearest float (for JSON)."""
    return float(Decimal(ug) / UG_PER_T)


@dataclass(frozen=True)
class FactorUse:
    """A factor as applied: what reports show and audits need."""

    ref: str | None
    value: float
    unit: str
    source: str
    confirmed: bool
    gases: dict[str, float] | None = None
    gwp: str | None = None
    table: str | None = None
    edition: str | None = None
    name: str | None = None
    name_ja: str | None = None
    # A factor derived by a method (offsetcalc.engine.freight) keeps the table factors it
    # builds on, so checks test their validity like any factor the file names.
    basis: tuple[FactorUse, ...] = ()

    @property
    def co2e_unit(self) -> str:
        """The unit of ``value`` once gases are weighted (CO2e per activity unit)."""
        return f"({self.unit}) * g_CO2e / g" if self.gases else self.unit


@dataclass
class ActivityResult:
    """One activity as computed: its quantity, the factor applied and its exact micrograms."""

    id: str
    group: str
    quantity: float
    unit: str
    per_unit: bool
    ug: int
    factor: FactorUse
    description: str | None = None
    location: str | None = None

    @property
    def t_co2e(self) -> float:
        return ug_to_t(self.ug)


@dataclass
class CreditResult:
    type: str
    ug: int
    status: str
    project: str | None = None
    serial: Any = None
    vintage: Any = None
    retired_on: date | None = None
    evidence: str | None = None
    location: str | None = None
    registry: str | None = None  # as the file names it (the ledger keys blocks by registry)
    beneficiary: str | None = None  # for whom it was retired, when the file says
    allocation: Any = None  # a provider's allocation (models.Allocation): the ledger sums them per retirement

    @property
    def t_co2e(self) -> float:
        return ug_to_t(self.ug)


@dataclass
class Result:
    """Everything ``compute`` found for one activity file."""

    source: str
    kind: str
    title: str
    gwp: str
    activities: list[ActivityResult]
    credits: list[CreditResult]
    offsetter: str | None = None
    period: tuple[date, date] | None = None
    standard: str | None = None
    industry: str | None = None
    product: dict[str, Any] | None = None
    plan_registration: bool = False
    factor_tables: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    overrides: list[dict[str, str]] = field(default_factory=list)
    # Rows of activities_from tables, summarised per table (offsetcalc.engine.vector.TableSummary).
    tables: list[Any] = field(default_factory=list)
    # Organisations: location- and market-based scope 2 side by side (offsetcalc.engine.scope2).
    scope2: dict[str, Any] | None = None

    # ---- exact integer totals (micrograms CO2e)
    @functools.cached_property
    def emissions_ug(self) -> int:
        return sum(a.ug for a in self.activities) + sum(t.ug for t in self.tables)

    @property
    def activity_lines(self) -> list[ActivityResult]:
        """The activities, then one line per (table, group, unit, factor) of table rows."""
        return [*self.activities, *(line for t in self.tables for line in t.lines)]

    @functools.cached_property
    def credits_ug(self) -> int:
        """Credits that count: retired ones, plus planned ones in a plan registration."""
        return sum(
            c.ug for c in self.credits if c.status == "retired" or (self.plan_registration and c.status == "planned")
        )

    @property
    def planned_ug(self) -> int:
        return sum(c.ug for c in self.credits if c.status == "planned")

    @property
    def retired_ug(self) -> int:
        return sum(c.ug for c in self.credits if c.status == "retired")

    @property
    def subtotals_ug(self) -> dict[str, int]:
        return subtotals_ug(self.activity_lines)

    @property
    def ratio(self) -> Fraction | None:
        """credits ÷ emissions × 100, exact; None when there are no emissions."""
        if self.emissions_ug == 0:
            return None
        return Fraction(self.credits_ug * 100, self.emissions_ug)

    @property
    def fully_offset(self) -> bool:
        return self.credits_ug >= self.emissions_ug

    @property
    def shortfall_ug(self) -> int:
        return max(0, self.emissions_ug - self.credits_ug)

    @property
    def credits_needed_t(self) -> int:
        """Whole tonnes of credit still needed for a full offset (ceiling: credits come in 1 t units)."""
        return -(-self.shortfall_ug // UG_PER_T)

    @property
    def units(self) -> float | None:
        return float(self.product["units"]) if self.product else None

    @property
    def per_unit_kg(self) -> float | None:
        if not self.product:
            return None
        return float(Decimal(self.emissions_ug) / Decimal(10**9) / Decimal(repr(self.units)))


def subtotals_ug(lines: Sequence[ActivityResult]) -> dict[str, int]:
    """Micrograms per group, groups in the order they first appear."""
    out: dict[str, int] = {}
    for line in lines:
        out[line.group] = out.get(line.group, 0) + line.ug
    return out


# --------------------------------------------------------------------- factors


def factor_use_from_table(factor: Any) -> FactorUse:
    """A :class:`offsetcalc.factors.tables.Factor` as a FactorUse (gwp filled in later)."""
    if factor.value is None and not factor.gases:
        raise FactorError(
            Msg("factor.no-value", ref=factor.id, table=factor.table.id),
            hint=Msg("factor.no-value.hint"),
            code="factor.no-value",
        )
    return FactorUse(
        ref=factor.id,
        value=factor.value if factor.value is not None else 0.0,
        unit=factor.unit,
        source=factor.source,
        confirmed=factor.confirmed,
        gases=factor.gases or (None if _is_co2e_unit(factor.unit) else {factor.gas: factor.value}),
        table=factor.table.id,
        edition=factor.edition,
        name=factor.name,
        name_ja=factor.name_ja,
    )


def factor_use_from_inline(inl: Any) -> FactorUse:
    """A factor written in the activity file (value or per-gas values, unit, source) as a FactorUse."""
    return FactorUse(
        ref=None,
        value=inl.value if inl.value is not None else 0.0,
        unit=inl.unit,
        source=inl.source,
        confirmed=inl.confirmed,
        gases=inl.gases,
        name=inl.name,
    )


@functools.lru_cache(maxsize=1024)
def _is_co2e_unit(unit: str) -> bool:
    dims = parse_unit(unit).dimensionality
    return dims.get("[co2e]", 0) == 1


def weighted(use: FactorUse, gwp_set: str) -> FactorUse:
    """Per-gas factors weighted with ``gwp_set`` into one CO2e value (same unit, mass → CO2e)."""
    from offsetcalc.gwp import gwp

    if not use.gases:
        return use
    dims = parse_unit(use.unit).dimensionality
    if dims.get("[co2e]", 0):
        raise UnitError(Msg("factor.gas-unit", unit=use.unit), hint=Msg("factor.gas-unit.hint"), code="factor.gas-unit")
    total = sum(v * gwp(g, gwp_set) for g, v in use.gases.items())
    return FactorUse(**{**use.__dict__, "value": total, "gwp": gwp_set})


def _per(unit: str) -> str:
    text = normalise_unit_text(unit)
    num, slash, den = text.partition("/")
    return f"{num.strip()} per {den.strip()}" if slash else text


@functools.lru_cache(maxsize=4096)
def coefficient(quantity_unit: str, factor_unit: str) -> float:
    """t-CO2e per (1 quantity_unit × 1 factor_unit); once per distinct pair."""
    return conversion(f"({quantity_unit}) * ({factor_unit})", "t_CO2e")


def mismatch(quantity_text: str, quantity_unit: str, ref: str, factor_unit: str, co2e_unit: str) -> UnitError:
    """The error for a quantity whose dimension does not fit the factor."""
    ureg = registry()
    wanted = (ureg.Unit("t_CO2e") / parse_unit(co2e_unit).units).dimensionality
    got = parse_unit(quantity_unit).dimensionality
    return UnitError(
        Msg(
            "unit.dimension.factor",
            quantity=quantity_text,
            ref=ref,
            per=_per(factor_unit),
            got=dimension_msg(got),
            wanted=dimension_msg(wanted),
        ),
        hint=Msg("unit.dimension.factor.hint"),
        code="unit.dimension",
    )


# --------------------------------------------------------------------- bulk core


def emissions_ug(
    values: Sequence[float], multipliers: Sequence[float], units: Sequence[str], factors: Sequence[FactorUse]
) -> list[int]:
    """Emissions of each row in whole micrograms CO2e (the engine's column kernel).

    Raises UnitError (first bad group) when a unit does not fit its factor; callers
    that want every bad row first check :func:`coefficient` per group.
    """
    coeff: dict[tuple[str, str], float] = {}
    for u, f in zip(units, factors, strict=True):
        key = (u, f.co2e_unit)
        if key not in coeff:
            coeff[key] = coefficient(u, f.co2e_unit)
    return [
        t_to_ug(v * m * f.value * coeff[(u, f.co2e_unit)])
        for v, m, u, f in zip(values, multipliers, units, factors, strict=True)
    ]


# --------------------------------------------------------------------- activity files


def group_label(kind: str, scope: int | str | None, stage: str | None, category: str | None) -> str:
    """The subtotal an activity counts in: scope for organisations, life-cycle stage for products."""
    if kind == "organization":
        return f"scope {scope}" if scope else "unscoped"
    if kind == "product":
        return stage or category or "other"
    return category or stage or "other"


def table_record(table: Any) -> dict[str, str]:
    """A factor table a result used, as results name it (the hash makes the run reproducible)."""
    return {"id": table.id, "sha256": table.sha256, "path": table.path, "builtin": "true" if table.builtin else "false"}


def override_record(old: Any, new: Any) -> dict[str, str]:
    """A user factor that replaced a built-in one with the same (ID, valid_from)."""
    return {
        "id": new.id,
        "replaced_table": old.table.id,
        "by_table": new.table.id,
        "old_value": str(old.value),
        "new_value": str(new.value),
    }


def unconfirmed_warning(use: FactorUse) -> str:
    return f"factor '{use.ref or use.name or 'inline'}' ({use.table or 'inline'}) is not confirmed against its source"


def compute_document(
    model: Any, doc: Any, factor_set: Any, gwp_set: str, scope2_method: tuple[str, str] | None = None
) -> Result:
    """Compute an :class:`~offsetcalc.models.ActivityFile` (``doc`` gives locations).

    ``scope2_method`` is (method, what chose it) for organisations (offsetcalc.engine.scope2).
    """
    from offsetcalc.models import TonKiloFactor  # the file was read with the models: no extra cost

    errors: list[OffsetcalcError] = []
    warnings: list[str] = []
    day = model.period.start if model.period else None
    uses: list[FactorUse] = []
    used_tables: dict[str, Any] = {}
    resolved_cache: dict[str, Any] = {}
    uses_by_ref: dict[str, FactorUse] = {}
    failed: set[int] = set()  # activities whose factor could not be resolved

    def loc(*path: Any) -> Location:
        return doc.location(path)

    for i, a in enumerate(model.activities):
        try:
            if isinstance(a.factor, str):
                if a.factor not in resolved_cache:
                    res = factor_set.resolve(a.factor, day)
                    warnings.extend(res.warnings)
                    resolved_cache[a.factor] = res.factor
                f = resolved_cache[a.factor]
                used_tables[f.table.id] = f.table
                use = uses_by_ref.get(a.factor)
                if use is None:  # once per factor reference, not per activity
                    use = uses_by_ref[a.factor] = weighted(factor_use_from_table(f), gwp_set)
                uses.append(use)
                continue
            if isinstance(a.factor, TonKiloFactor):  # 改良トンキロ法: derived per activity
                from offsetcalc.engine import freight

                use, ws, table = freight.factor_use(
                    a.factor, factor_set, day, gwp_set, functools.partial(loc, "activities", i, "factor")
                )
                warnings.extend(w for w in ws if w not in warnings)
                used_tables[table.id] = table
                uses.append(use)
                continue
            use = factor_use_from_inline(a.factor)
            uses.append(weighted(use, gwp_set))
        except OffsetcalcError as exc:
            errors.append(exc.at(loc("activities", i, "factor")))
            failed.add(i)
            uses.append(FactorUse(ref=None, value=0.0, unit="t_CO2e / t_CO2e", source="", confirmed=False))

    units_multiplier = model.product.units if model.product else 1.0
    values = [a.quantity.value for a in model.activities]
    mults = [units_multiplier if a.per == "unit" else 1.0 for a in model.activities]
    qunits = [a.quantity.unit for a in model.activities]
    for i, (a, u) in enumerate(zip(model.activities, uses, strict=True)):
        if i in failed:
            continue
        try:
            coefficient(a.quantity.unit, u.co2e_unit)  # cached: once per (unit, factor unit)
        except UnitError as exc:
            if exc.code == "unit.dimension":
                exc = mismatch(_quantity_text(doc, i, a), a.quantity.unit, u.ref or "inline", u.unit, u.co2e_unit)
            errors.append(exc.at(loc("activities", i, "quantity")))
    if errors:
        raise InputErrors(errors)
    ugs = emissions_ug(values, mults, qunits, uses)

    where = doc.item_locations(("activities",), len(model.activities))  # one walk for all of them
    activities = [
        ActivityResult(
            id=a.id,
            group=group_label(model.kind, a.scope, a.stage, a.category),
            quantity=a.quantity.value,
            unit=a.quantity.unit,
            per_unit=a.per == "unit",
            ug=ug,
            factor=u,
            description=a.description,
            location=str(where[i]),
        )
        for i, (a, u, ug) in enumerate(zip(model.activities, uses, ugs, strict=True))
    ]
    ids: dict[str, int] = {}  # activity id -> index of its first use (its line is looked up only for an error)
    for i, a in enumerate(model.activities):
        if a.id in ids:
            errors.append(
                InputError(
                    Msg("activity.duplicate-id", id=a.id, line=loc("activities", ids[a.id], "id").line),
                    location=loc("activities", i, "id"),
                    code="activity.duplicate-id",
                    hint=Msg("activity.duplicate-id.hint"),
                )
            )
        else:
            ids[a.id] = i
    credits = []
    credit_where = doc.item_locations(("credits",), len(model.credits))
    for i, c in enumerate(model.credits):
        try:
            ug = t_to_ug(c.quantity.value * conversion(c.quantity.unit, "t_CO2e"))
        except UnitError as exc:
            errors.append(
                UnitError(Msg("credit.unit", quantity=c.quantity), hint=Msg("credit.unit.hint"), code="credit.unit").at(
                    loc("credits", i, "quantity")
                )
                if exc.code == "unit.dimension"
                else exc.at(loc("credits", i, "quantity"))
            )
            continue
        credits.append(
            CreditResult(
                type=c.type,
                ug=ug,
                status=c.status,
                project=c.project,
                serial=c.serial.model_dump() if hasattr(c.serial, "model_dump") else c.serial,
                vintage=c.vintage,
                retired_on=c.retired_on,
                evidence=c.evidence,
                location=str(credit_where[i]),
                registry=c.registry,
                beneficiary=c.beneficiary,
                allocation=c.allocation,
            )
        )
    if errors:
        raise InputErrors(errors)
    if any(c.status == "planned" for c in credits) and not model.plan_registration:
        warnings.append(
            "planned credits are not counted: this file is not a plan registration (plan_registration: true)"
        )
    for u in {id(u): u for u in uses}.values():  # factors shared by many activities: once each
        if not u.confirmed:
            w = unconfirmed_warning(u)
            if w not in warnings:
                warnings.append(w)
    overrides = [
        override_record(old, new)
        for old, new in getattr(factor_set, "overrides", [])
        if new.table.id in used_tables and new.id in resolved_cache
    ]
    s2_summary = None
    if model.kind == "organization":  # only organisations report scope 2 both ways (imported only then)
        from offsetcalc.engine import scope2

        s2 = scope2.apply(model, doc, activities, factor_set, day, gwp_set, scope2_method)
        activities, s2_summary = s2.activities, s2.summary
        used_tables.update({t.id: t for t in s2.tables})
        warnings.extend(w for w in s2.warnings if w not in warnings)
    return Result(
        source=doc.source,
        kind=model.kind,
        title=model.title,
        gwp=gwp_set,
        activities=activities,
        credits=credits,
        offsetter=model.offsetter,
        period=(model.period.start, model.period.end) if model.period else None,
        standard=model.standard,
        industry=model.industry,
        product=model.product.model_dump() if model.product else None,
        plan_registration=model.plan_registration,
        factor_tables=[table_record(t) for t in sorted(used_tables.values(), key=lambda t: t.id)],
        warnings=warnings,
        overrides=overrides,
        scope2=s2_summary,
    )


def _quantity_text(doc: Any, i: int, a: Any) -> str:
    raw = doc.data["activities"][i].get("quantity") if isinstance(doc.data, dict) else None
    return raw if isinstance(raw, str) else f"{a.quantity.value:g} {a.quantity.unit}"
