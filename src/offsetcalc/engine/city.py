"""City inventories (``kind: city``): GPC cells in, the reporting table and level totals out.

A city file's activities name GPC cells (see :mod:`offsetcalc.gpc`). Activities
with ``quantity`` + ``factor`` are computed by the ordinary per-activity engine
(:func:`offsetcalc.engine.compute.compute_document`, fed a view of the file that
holds only those activities, so its errors keep their file:line:col); finished
``emissions:`` figures are taken as written. This module then aggregates the
per-activity micrograms into cells, scopes and the two reporting levels:

* scope totals add every cell of that scope (scope 1 is the territorial total,
  so it includes I.4.4 and III.x.3);
* BASIC and BASIC+ add only the cells of their level; I.4.4 (generation supplied
  to the grid), III.x.3 (waste from outside treated inside) and VI.1 are reported
  as ``outside_levels`` and never added into a level;
* biogenic CO2 is reported apart and never added into any total;
* per gas where the factors give gases; CO2e-only factors are counted apart.

The result is a :class:`CityResult`: an ordinary :class:`Result` whose
``emissions_ug`` is the claimed level's total, so the offset ratio, the shortfall
and the credit ledger work for city claims exactly as for the other kinds.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from typing import Any

from offsetcalc.engine.compute import (
    ActivityResult,
    FactorUse,
    Result,
    compute_document,
    t_to_ug,
)
from offsetcalc.errors import InputError, InputErrors, OffsetcalcError, UnitError
from offsetcalc.gpc import NOTATION_KEYS, Cell, table
from offsetcalc.report.messages import Msg, did_you_mean

#: The unit a finished figure's FactorUse carries (1 t-CO2e per t-CO2e).
_IDENTITY_UNIT = "t_CO2e / t_CO2e"


@dataclass
class CellResult:
    """One GPC cell as reported: its emissions (µg CO2e) or its notation key, or neither."""

    cell: Cell
    ug: int | None = None  # None when no activity reports the cell
    activities: list[str] = field(default_factory=list)
    notation_key: str | None = None
    explanation: str | None = None
    included_in: list[str] = field(default_factory=list)
    key_index: int | None = None  # position in notation_keys (for findings)

    @property
    def status(self) -> str:
        """``value``, the key (``NO`` …), or ``missing``."""
        if self.ug is not None:
            return "value"
        return self.notation_key or "missing"


@dataclass
class CityInventory:
    """The GPC view of a city result: cells, totals, levels met, gases, biogenic CO2."""

    version: str
    level: str
    cells: list[CellResult]
    gases_ug: dict[str, int]  # per gas, mass in µg of the gas, over the claimed level's cells
    co2e_only_ug: int  # claimed level's CO2e from factors that give no gases
    biogenic_co2_ug: int  # reported apart, never in a total
    # (path of the finding in the file, activity or table line id, cell): grid factors met
    grid_factor_activities: list[tuple[tuple[Any, ...], str, str]] = field(default_factory=list)

    @functools.cached_property
    def by_ref(self) -> dict[str, CellResult]:
        return {c.cell.ref: c for c in self.cells}

    def total_ug(self, *, scope: int | None = None, level: str | None = None, outside: bool = False) -> int:
        total = 0
        for c in self.cells:
            if c.ug is None:
                continue
            if scope is not None and c.cell.scope != scope:
                continue
            if level is not None and not c.cell.required_for(level):
                continue
            if outside and c.cell.level is not None:
                continue
            total += c.ug
        return total

    @property
    def levels_met(self) -> list[str]:
        return [
            lv
            for lv in ("BASIC", "BASIC+")
            if all(c.status != "missing" for c in self.cells if c.cell.required_for(lv))
        ]

    def required(self, level: str | None = None) -> list[CellResult]:
        return [c for c in self.cells if c.cell.required_for(level or self.level)]


@dataclass
class CityResult(Result):
    """A city inventory's result: ``emissions_ug`` is the claimed level's total (SPEC.md §3)."""

    gpc: CityInventory | None = None

    @functools.cached_property
    def emissions_ug(self) -> int:  # type: ignore[override]
        assert self.gpc is not None
        return self.gpc.total_ug(level=self.gpc.level)


# --------------------------------------------------------------------- validation (load time)


def check_city_file(model: Any, doc: Any) -> None:
    """Errors of a city file that the schema alone cannot see, each at its file:line:col.

    Unknown GPC references (with a did-you-mean), a ``scope:`` that contradicts the
    cell, keys that belong to other kinds, and duplicate activity ids.
    """
    cells = table().by_ref
    errors: list[OffsetcalcError] = []

    def contradicts(ref: str, scope: int | None, path: tuple[Any, ...]) -> None:
        c = cells.get(ref)
        if c is not None and scope is not None and scope != c.scope:
            errors.append(
                InputError(
                    Msg("gpc.scope-mismatch", scope=scope, cell=ref, cell_scope=c.scope),
                    location=doc.location(path),
                    code="gpc.scope-mismatch",
                    hint=Msg("gpc.scope-mismatch.hint", ref=c.ref, description=c.description),
                )
            )

    def unknown(ref: str, path: tuple[Any, ...]) -> None:
        if ref not in cells:
            errors.append(
                InputError(
                    Msg("gpc.unknown-ref", ref=ref),
                    location=doc.location(path),
                    code="gpc.unknown-ref",
                    hint=did_you_mean(ref, list(cells)) or Msg("gpc.unknown-ref.hint"),
                )
            )

    for j, src in enumerate(model.activities_from):
        # A city table's rows are filed by GPC cell: 'gpc:' (or a gpc column), never category or stage.
        for name in ("category", "stage"):
            if getattr(src, name) is not None or name in src.columns:
                errors.append(
                    InputError(
                        Msg("schema.city-tables.key", name=name),
                        location=doc.location(("activities_from", j, name))
                        if getattr(src, name) is not None
                        else doc.location(("activities_from", j, "columns", name), key=True),
                        code="schema.city-tables",
                        hint=Msg("schema.city-tables.key.hint"),
                    )
                )
        if src.gpc is not None:
            unknown(src.gpc, ("activities_from", j, "gpc"))
            contradicts(src.gpc, src.scope, ("activities_from", j, "scope"))
    if model.product is not None:
        errors.append(InputError(Msg("schema.product-unexpected"), location=doc.location(("product",)), code="schema"))
    seen: dict[str, int] = {}
    for i, a in enumerate(model.activities):
        unknown(a.gpc, ("activities", i, "gpc"))
        contradicts(a.gpc, a.scope, ("activities", i, "scope"))
        if a.id in seen:
            errors.append(
                InputError(
                    Msg("activity.duplicate-id", id=a.id, line=seen[a.id]),
                    location=doc.location(("activities", i, "id")),
                    code="activity.duplicate-id",
                    hint=Msg("activity.duplicate-id.hint"),
                )
            )
        else:
            seen[a.id] = doc.location(("activities", i, "id")).line
    for i, k in enumerate(model.notation_keys):
        for j, ref in enumerate(k.refs):
            unknown(ref, ("notation_keys", i, "gpc", j) if isinstance(k.gpc, list) else ("notation_keys", i, "gpc"))
        for j, ref in enumerate(k.included_refs):
            path = ("notation_keys", i, "included_in") + ((j,) if isinstance(k.included_in, list) else ())
            unknown(ref, path)
    if errors:
        raise InputErrors(errors)


def row_cell_problem(ref: str | None, scope: str | None) -> Any:
    """What is wrong with a table row's GPC cell (and scope), as the table engine reports it
    (message, hint, code; from the message catalogue); None if fine."""
    cells = table().by_ref
    if ref is None:
        return (Msg("gpc.row-no-cell"), Msg("gpc.row-no-cell.hint"), "row.missing")
    c = cells.get(ref)
    if c is None:
        return (
            Msg("gpc.unknown-ref", ref=ref),
            did_you_mean(ref, list(cells)) or Msg("gpc.unknown-ref.hint"),
            "gpc.unknown-ref",
        )
    written = scope.lower().removeprefix("scope").strip() if scope else None
    if written in ("1", "2", "3") and int(written) != c.scope:
        return (
            Msg("gpc.scope-mismatch", scope=written, cell=ref, cell_scope=c.scope),
            Msg("gpc.row-scope-mismatch.hint", ref=c.ref, description=c.description),
            "gpc.scope-mismatch",
        )
    return None


def _as_table_source(src: Any) -> Any:
    """A city table source as the table engine reads it: its GPC cell is the rows' category."""
    from offsetcalc.models import CityTableSource

    return CityTableSource.model_construct(**{**dict(src), "category": src.gpc})


# --------------------------------------------------------------------- computing


def _subset_document(doc: Any, indices: list[int]) -> Any:
    """A view of ``doc`` whose ``activities`` are only those at ``indices`` (marks renumbered)."""
    from offsetcalc.io.loader import Document

    new_of = {old: new for new, old in enumerate(indices)}

    def remap(marks: dict[tuple[Any, ...], Any]) -> dict[tuple[Any, ...], Any]:
        out = {}
        for path, pos in marks.items():
            if len(path) >= 2 and path[0] == "activities" and isinstance(path[1], int):
                if path[1] in new_of:
                    out[("activities", new_of[path[1]], *path[2:])] = pos
            else:
                out[path] = pos
        return out

    data = dict(doc.data)
    data["activities"] = [doc.data["activities"][i] for i in indices]
    return Document(doc.source, data, remap(doc.marks), remap(doc.key_marks))


def _as_activity(a: Any, cell: Cell) -> Any:
    """A city activity as the engine's :class:`~offsetcalc.models.Activity` (grouped by its cell)."""
    from offsetcalc.models import Activity

    return Activity.model_construct(
        id=a.id,
        description=a.description,
        category=a.gpc,
        stage=None,
        scope=cell.scope,
        per=None,
        quantity=a.quantity,
        factor=a.factor,
        site=a.site,
        date=a.date,
        source=a.source,
    )


def _figure_ug(q: Any, what: str, path: tuple[Any, ...], doc: Any, *, co2e: bool = True) -> int:
    from offsetcalc.units import conversion

    try:
        if co2e:
            return t_to_ug(q.value * conversion(q.unit, "t_CO2e"))
        try:  # biogenic CO2 may be written as a CO2 mass (t) or as CO2e (t-CO2)
            return t_to_ug(q.value * conversion(q.unit, "t_CO2e"))
        except UnitError:
            return t_to_ug(q.value * conversion(q.unit, "t"))
    except UnitError as exc:
        raise UnitError(
            Msg("gpc.emissions-unit", what=what, q=q),
            hint=Msg("gpc.emissions-unit.hint"),
            code="gpc.emissions-unit",
        ).at(doc.location(path)) from exc


def compute_city(
    model: Any, doc: Any, factor_set: Any, gwp_set: str, *, rows_out: str | os.PathLike[str] | None = None
) -> CityResult:
    """Compute a :class:`~offsetcalc.models.CityFile` into a :class:`CityResult`.

    ``activities_from`` tables are read by the table engine, each row filed in its GPC
    cell; ``rows_out`` receives one result per table row and per activity, with a
    ``gpc`` column (the cell).
    """
    cells = table().by_ref
    by_factor = [i for i, a in enumerate(model.activities) if a.emissions is None]
    sub_model = model.model_copy(
        update={
            "activities": [_as_activity(model.activities[i], cells[model.activities[i].gpc]) for i in by_factor],
            "activities_from": [_as_table_source(s) for s in model.activities_from],
        }
    )
    sub_doc = _subset_document(doc, by_factor)
    out = None
    if model.activities_from or rows_out is not None:
        from offsetcalc.engine import tables_engine

        tables = tables_engine(doc)
        out = tables.RowsOut(rows_out, gpc=True) if rows_out is not None else None
        base = tables.compute(sub_model, sub_doc, factor_set, gwp_set, out)
    else:
        base = compute_document(sub_model, sub_doc, factor_set, gwp_set)
    try:
        result = _finish(model, doc, factor_set, base, by_factor, out)
    except BaseException:
        if out is not None:
            out.discard()
        raise
    if out is not None:
        out.finish()
    return result


def _finish(model: Any, doc: Any, factor_set: Any, base: Result, by_factor: list[int], out: Any) -> CityResult:
    computed = dict(zip(by_factor, base.activities, strict=True))

    errors: list[OffsetcalcError] = []
    activities: list[ActivityResult] = []
    for i, a in enumerate(model.activities):
        if i in computed:
            activities.append(computed[i])
            continue
        try:
            ug = _figure_ug(a.emissions, "emissions", ("activities", i, "emissions"), doc)
        except OffsetcalcError as exc:
            errors.append(exc)
            continue
        activities.append(
            ActivityResult(
                id=a.id,
                group=a.gpc,
                quantity=a.emissions.value,
                unit=a.emissions.unit,
                per_unit=False,
                ug=ug,
                factor=FactorUse(
                    ref=None, value=1.0, unit=_IDENTITY_UNIT, source=a.source or "", confirmed=True, name="reported"
                ),
                description=a.description,
                location=str(doc.location(("activities", i))),
            )
        )
    biogenic = 0
    for i, a in enumerate(model.activities):
        if a.biogenic_co2 is not None:
            try:
                biogenic += _figure_ug(
                    a.biogenic_co2, "biogenic_co2", ("activities", i, "biogenic_co2"), doc, co2e=False
                )
            except OffsetcalcError as exc:
                errors.append(exc)
    if errors:
        raise InputErrors(errors)
    if out is not None:  # the finished figures (the table engine wrote the rows and computed activities)
        out.add_activities(base, [activities[i] for i in range(len(activities)) if i not in computed])

    inv = aggregate(model, activities, factor_set, biogenic, base.tables)
    fields = {f.name: getattr(base, f.name) for f in dataclasses.fields(Result)}
    fields["activities"] = activities
    warnings = list(base.warnings)
    for ck in inv.cells:
        if ck.notation_key and not (ck.explanation and ck.explanation.strip()):
            warnings.append(f"notation key {ck.notation_key} for {ck.cell.ref} has no explanation")
    if model.gpc.level not in inv.levels_met:
        missing = [c.cell.ref for c in inv.required() if c.status == "missing"]
        warnings.append(
            f"the inventory does not meet {model.gpc.level}: no value or notation key for {', '.join(missing)}"
        )
    fields["warnings"] = warnings
    return CityResult(**fields, gpc=inv)


def aggregate(
    model: Any,
    activities: list[ActivityResult],
    factor_set: Any,
    biogenic_ug: int,
    tables: list[Any] | None = None,
) -> CityInventory:
    """Per-activity results and table lines into cells, gases and notation keys (pure: no I/O)."""
    from offsetcalc.units import conversion

    level = model.gpc.level
    cells = {c.ref: CellResult(c) for c in table().cells}
    gases: dict[str, int] = {}
    co2e_only = 0
    grid: list[tuple[tuple[Any, ...], str, str]] = []
    # (cell, result, factor ID as written, where a grid-factor finding points)
    entries: list[tuple[str, ActivityResult, str | None, tuple[Any, ...]]] = [
        (a.gpc, res, a.factor if isinstance(a.factor, str) else None, ("activities", i, "factor"))
        for i, (a, res) in enumerate(zip(model.activities, activities, strict=True))
    ]
    for j, summary in enumerate(tables or []):  # one line per (cell, unit, factor) of a table
        entries += [(line.group, line, line.factor.ref, ("activities_from", j, "path")) for line in summary.lines]
    for ref, res, factor_id, path in entries:
        cr = cells[ref]
        cr.ug = (cr.ug or 0) + res.ug
        cr.activities.append(res.id)
        if factor_id is not None and _is_grid_factor(factor_set, factor_id, model):
            grid.append((path, res.id, ref))
        if not cr.cell.required_for(level):
            continue
        f = res.factor
        if f.gases:
            for gas, per in f.gases.items():
                t = res.quantity * per * conversion(f"({res.unit}) * ({f.unit})", "t")
                gases[gas] = gases.get(gas, 0) + t_to_ug(t)
        else:
            co2e_only += res.ug
    for i, k in enumerate(model.notation_keys):
        for ref in k.refs:
            cr = cells[ref]
            if cr.notation_key is None:  # a second key for the same cell is a check finding
                cr.notation_key = k.key
                cr.explanation = k.explanation
                cr.included_in = k.included_refs
                cr.key_index = i
    return CityInventory(
        version=model.gpc.version,
        level=level,
        cells=list(cells.values()),
        gases_ug=gases,
        co2e_only_ug=co2e_only,
        biogenic_co2_ug=biogenic_ug,
        grid_factor_activities=grid,
    )


def _is_grid_factor(factor_set: Any, ref: str, model: Any) -> bool:
    """Whether a factor ID comes from a grid-electricity table (category ``grid-electricity``)."""
    try:
        res = factor_set.resolve(ref, model.period.start if model.period else None)
    except OffsetcalcError:
        return False
    return getattr(res.factor, "category", None) == "grid-electricity"


# --------------------------------------------------------------------- outputs


def totals_ug(inv: CityInventory) -> dict[str, int]:
    return {
        "scope1": inv.total_ug(scope=1),
        "scope2": inv.total_ug(scope=2),
        "scope3": inv.total_ug(scope=3),
        "basic": inv.total_ug(level="BASIC"),
        "basic_plus": inv.total_ug(level="BASIC+"),
        "outside_levels": inv.total_ug(outside=True),
    }


__all__ = [
    "NOTATION_KEYS",
    "CellResult",
    "CityInventory",
    "CityResult",
    "check_city_file",
    "compute_city",
    "totals_ug",
]
