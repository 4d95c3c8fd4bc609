"""Scope 2 both ways: location-based and market-based, side by side (organisations).

The GHG Protocol Scope 2 Guidance (2015) asks for both figures. Here:

* **market-based** is each scope 2 activity as the file writes it: the supplier's factor
  (a retailer's basic or adjusted factor from the 電気事業者別排出係数 list, or a contractual
  instrument given inline);
* **location-based** is the same quantity times a grid-average factor: the activity's
  ``location_factor:`` when it names one, else, for a quantity of energy, the built-in
  national average factor ``electricity.jp.national-average`` (全国平均係数) in force on the
  period's start. The built-in tables have it for FY2019 and FY2025 activity only; for
  other years ``location_factor:`` is needed. Heat named by a built-in heat factor (category
  ``purchased-heat``: SHK's defaults for steam, hot and chilled water) is not grid power: its
  location-based figure is that same default, which is no supplier's own figure (offsetcalc's
  policy). A heat supplier's factor written inline needs ``location_factor:``, or it is taken
  for electricity.

The total and the offset ratio use the method chosen, in this order: ``--scope2-method``
on the command line, the file's ``scope2_method:`` (``location`` or ``market``), the
standard's ``scope2_method:`` (its profile, with its source), else market-based: offsetcalc's
own policy, because Japan's reporting scheme (SHK) computes purchased electricity with the
supplier's factor. The summary says which was used and what chose it
(:func:`offsetcalc.api.resolve_scope2_method`). With ``location`` every
scope 2 line shows its location-based figure, so the lines still add up to the total; the
summary keeps both. A location-based total that cannot be computed (an activity without
a location factor for the year) is ``null``, or an error when the file asked for it.

Rows of ``activities_from`` tables are split the same way, key by key
(:mod:`offsetcalc.engine.tables`): a scope 2 key gets its location-based factor from
:func:`location_use` (the entry's ``location_factor:``, else the heat default or the national
average), the kernel computes both figures row by row in exact micrograms, and
:func:`with_tables` adds the table lines to the summary and, for ``location``, shows each line's
location-based figure.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from offsetcalc.errors import InputError, InputErrors, OffsetcalcError, UnitError
from offsetcalc.report.messages import Msg

NATIONAL_AVERAGE = "electricity.jp.national-average"
DEFAULT_METHOD = "market"
HEAT_CATEGORY = "purchased-heat"


@dataclasses.dataclass
class Scope2Outcome:
    activities: list[Any]
    summary: dict[str, Any] | None
    tables: list[Any]
    warnings: list[str]


def apply(
    model: Any,
    doc: Any,
    activities: list[Any],
    factor_set: Any,
    day: date | None,
    gwp_set: str,
    choice: tuple[str, str] | None = None,
) -> Scope2Outcome:
    """Location- and market-based scope 2 of an organisation; ``activities`` as computed (market).

    ``choice`` is (method, what chose it) from :func:`offsetcalc.api.resolve_scope2_method`;
    without it the file's ``scope2_method:``, else the default, is used.
    """
    from offsetcalc.engine.compute import emissions_ug

    scope2 = [(i, a) for i, a in enumerate(model.activities) if a.scope == 2]
    if model.kind != "organization" or not scope2:
        return Scope2Outcome(activities, None, [], [])
    method, chosen_by = method_of(model, choice)
    errors: list[OffsetcalcError] = []
    warnings: list[str] = []
    tables: dict[str, Any] = {}
    location_ug: dict[int, tuple[int, Any]] = {}
    missing: list[str] = []
    for i, a in scope2:
        where = doc.location(("activities", i, "location_factor" if a.location_factor is not None else "factor"))
        try:
            loc = location_use(factor_set, a.factor, a.location_factor, a.quantity.unit, day, gwp_set)
            if loc is None:
                missing.append(a.id)
                continue
            if loc.table is not None:
                tables[loc.table.id] = loc.table
            mult = model.product.units if (model.product and a.per == "unit") else 1.0
            (ug,) = emissions_ug([a.quantity.value], [mult], [a.quantity.unit], [loc.use])
            location_ug[i] = (ug, loc.use)
            for w in loc.warnings:
                if w not in warnings:
                    warnings.append(w)
        except OffsetcalcError as exc:
            errors.append(exc.at(where))
    if method == "location":
        for i, a in scope2:
            if i not in location_ug and a.id in missing:
                errors.append(
                    InputError(
                        Msg("scope2.location-factor", id=a.id, day=day or Msg("scope2.this-period")),
                        hint=Msg("scope2.location-factor.hint", chosen_by=chosen_by, national=NATIONAL_AVERAGE),
                        code="scope2.location-factor",
                    ).at(doc.location(("activities", i)))
                )
    if errors:
        raise InputErrors(errors)
    market = sum(activities[i].ug for i, _ in scope2)
    location = None if missing else sum(ug for ug, _ in location_ug.values())
    out = list(activities)
    if method == "location":
        for i, (ug, use) in location_ug.items():
            out[i] = dataclasses.replace(out[i], ug=ug, factor=use)
    summary = {
        "method": method,
        "method_chosen_by": chosen_by,
        "location_based_ug": location,
        "market_based_ug": market,
        "location_factors": sorted({u.ref for _, u in location_ug.values() if u.ref}),
    }
    return Scope2Outcome(out, summary, list(tables.values()), warnings)


@dataclasses.dataclass(frozen=True)
class LocationUse:
    """The location-based factor of one scope 2 line: weighted, with its table and warnings."""

    use: Any  # offsetcalc.engine.compute.FactorUse
    factor: Any | None  # the built-in Factor it is (None for an inline factor)
    warnings: tuple[str, ...] = ()

    @property
    def table(self) -> Any | None:
        return self.factor.table if self.factor is not None else None


def location_use(
    factor_set: Any, factor: Any, location_factor: Any, unit: str | None, day: date | None, gwp_set: str
) -> LocationUse | None:
    """The location-based factor of a scope 2 line (a file activity or a table key), else ``None``.

    ``factor`` is the line's own (market-based) factor, an ID or anything else; ``location_factor``
    the line's (an ID or an inline factor) or ``None``. Without one, a built-in heat default is its
    own location-based factor, and a quantity of energy gets the national average in force on
    ``day``; ``None`` when there is none (not an energy, or no edition in force that day). Raises
    for an unknown ``location_factor`` ID or a per-gas factor that cannot be weighted.
    """
    from offsetcalc.engine.compute import (
        factor_use_from_inline,
        factor_use_from_table,
        unconfirmed_warning,
        weighted,
    )
    from offsetcalc.units import conversion

    warnings: list[str] = []
    factor_used = None
    own = _own_table_factor(factor_set, factor, day) if location_factor is None else None
    if own is not None and own.factor.category == HEAT_CATEGORY:
        # A GJ of heat is not a kWh of grid power: SHK's heat defaults are not a
        # supplier's own figure, so the default is the location-based figure too.
        factor_used, use = own.factor, factor_use_from_table(own.factor)
    elif location_factor is None:
        try:
            conversion(unit or "", "kWh")
        except UnitError:
            return None
        res = factor_set.resolve(NATIONAL_AVERAGE, day)
        if res.warnings:  # no edition in force on the period's start: not this year's grid
            return None
        factor_used, use = res.factor, factor_use_from_table(res.factor)
    elif isinstance(location_factor, str):
        res = factor_set.resolve(location_factor, day)
        warnings.extend(res.warnings)
        factor_used, use = res.factor, factor_use_from_table(res.factor)
    else:
        use = factor_use_from_inline(location_factor)
    use = weighted(use, gwp_set)
    if not use.confirmed:
        warnings.append(unconfirmed_warning(use))
    return LocationUse(use, factor_used, tuple(warnings))


def table_location_error(
    model: Any, choice: tuple[str, str] | None, lines: list[Any], path: str, where: Any
) -> InputError | None:
    """The error for a table (``path``, its entry at ``where``) whose scope 2 lines have no
    location-based factor when the total is to be location-based, else ``None``.

    Never judged on the rows' supplier factors instead (redteam6): refused as a file activity
    without a location factor is in :func:`apply`.
    """
    method, chosen_by = method_of(model, choice)
    if model.kind != "organization" or method != "location":
        return None
    line = next((line for line in lines if line.split and line.location_ug is None), None)
    if line is None:
        return None
    day = model.period.start if model.period else Msg("scope2.this-period")
    return InputError(
        Msg("scope2.table-location", path=path, line=line.id, day=day),
        location=where,
        code="scope2.location-factor",
        hint=Msg("scope2.table-location.hint", chosen_by=chosen_by, national=NATIONAL_AVERAGE),
    )


def with_tables(
    summary: dict[str, Any] | None, model: Any, choice: tuple[str, str] | None, lines: list[Any]
) -> dict[str, Any] | None:
    """The scope 2 summary of the file's activities (``summary``) with its tables' scope 2 lines added.

    ``lines`` are :class:`offsetcalc.engine.vector.TableLine` with ``split`` set (an organisation's
    scope 2 keys), computed market-based, each with its ``location_ug`` (``None`` when it has no
    location-based factor). With ``location`` each line is changed in place to show its
    location-based figure and factor, so the lines still add up to the total; callers have
    refused a location-based total that a line cannot give.
    """
    split = [line for line in lines if line.split]
    if model.kind != "organization" or not split:
        return summary
    method, chosen_by = method_of(model, choice)
    if summary is None:  # scope 2 only in tables
        summary = {
            "method": method,
            "method_chosen_by": chosen_by,
            "location_based_ug": 0,
            "market_based_ug": 0,
            "location_factors": [],
        }
    market = summary["market_based_ug"] + sum(line.market_ug for line in split)
    location = summary["location_based_ug"]
    if location is not None and all(line.location_ug is not None for line in split):
        location += sum(line.location_ug for line in split)
    else:
        location = None
    refs = set(summary["location_factors"]) | {
        line.location_factor.ref for line in split if line.location_factor is not None and line.location_factor.ref
    }
    if method == "location":
        for line in split:
            assert line.location_ug is not None  # refused before (engine.tables)
            line.ug, line.factor = line.location_ug, line.location_factor
            line.factor_min = line.factor_max = None  # the per-row values were the market factor's
    return {**summary, "location_based_ug": location, "market_based_ug": market, "location_factors": sorted(refs)}


def method_of(model: Any, choice: tuple[str, str] | None) -> tuple[str, str]:
    """(method, what chose it): ``choice`` when given, else the file's ``scope2_method:``, else the default."""
    if choice:
        return choice
    return (model.scope2_method, "file") if model.scope2_method else (DEFAULT_METHOD, "offsetcalc-default")


def _own_table_factor(factor_set: Any, factor: Any, day: date | None) -> Any:
    """The built-in factor an activity names by ID (resolved as the engine does), else ``None``."""
    if not isinstance(factor, str):
        return None
    try:
        return factor_set.resolve(factor, day)
    except OffsetcalcError:  # the engine has already reported an unknown ID
        return None
