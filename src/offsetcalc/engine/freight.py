"""Freight by the improved ton-kilo method (改良トンキロ法): a truck's CO2e factor per tonne-km.

Japan's Energy Conservation Act lets a shipper compute a truck's fuel from transport
tonne-km and a fuel intensity that depends on the truck's load factor and maximum payload
(METI Notice No. 66 of 2006; the formula and its source are in
``offsetcalc/data/jp-improved-ton-kilo-2006.yaml``)::

    ln y = a − b · ln(x / 100) − c · ln z        y [L/(t·km)], x load factor [%], z payload [kg]

An activity writes the method and its parameters in place of a factor::

    quantity: 12 t * 350 km
    factor: {method: jp-improved-ton-kilo, fuel: diesel, max_payload: 4000 kg, load_factor: 62 %}

This module turns that into one :class:`~offsetcalc.engine.compute.FactorUse` per activity —
y times the fuel's CO2 factor from the built-in tables (``fuel.diesel`` / ``fuel.gasoline`` in
force on the period's start), in CO2e per tonne-km — so the engine multiplies it like any
other factor and keeps its exact microgram totals. y is computed with :mod:`decimal` (ln and
exp correctly rounded at 34 digits), so it is the same on every platform; it is not rounded
further, as the notice gives no rounding. The fuel factor the result builds on is kept as the
use's ``basis`` so ``check`` tests its validity like any table factor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Context, Decimal
from pathlib import Path
from typing import Any

from offsetcalc.errors import InputError, OffsetcalcError
from offsetcalc.report.messages import Msg

_CTX = Context(prec=34)


@dataclass(frozen=True)
class Coefficients:
    fuel: str
    name: str
    name_ja: str
    a: Decimal
    b: Decimal
    c: Decimal
    fuel_factor: str


@dataclass(frozen=True)
class Method:
    """The formula's data file, as loaded: coefficients per fuel and where they come from."""

    id: str
    citation: str
    confirmed: bool
    fuels: dict[str, Coefficients]


def data_path() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "jp-improved-ton-kilo-2006.yaml"


@functools.lru_cache(maxsize=1)
def method() -> Method:
    """The improved ton-kilo method's coefficients (loaded once)."""
    import yaml

    d = yaml.safe_load(data_path().read_text(encoding="utf-8"))
    fuels = {
        k: Coefficients(
            fuel=k,
            name=str(v["name"]),
            name_ja=str(v["name_ja"]),
            a=Decimal(str(v["a"])),
            b=Decimal(str(v["b"])),
            c=Decimal(str(v["c"])),
            fuel_factor=str(v["fuel_factor"]),
        )
        for k, v in d["fuels"].items()
    }
    citation = f"{d['short']}, {d['url']}"  # the full citation is in the data file and the README
    return Method(id=str(d["id"]), citation=citation, confirmed=bool(d["confirmed"]), fuels=fuels)


def fuel_per_tonne_km(fuel: str, load_factor_percent: float, max_payload_kg: float) -> Decimal:
    """y [L/(t·km)] for a truck of ``max_payload_kg`` at ``load_factor_percent`` (0 < x ≤ 100)."""
    k = method().fuels[fuel]
    x = Decimal(repr(float(load_factor_percent)))
    z = Decimal(repr(float(max_payload_kg)))
    ln_y = k.a - k.b * (x / 100).ln(_CTX) - k.c * z.ln(_CTX)
    return _CTX.exp(_CTX.plus(ln_y))


def _parameter(q: Any, unit: str, where: Any, *, code: str, what: Msg, hint: Msg, ok: Any) -> float:
    """A parameter of the method in ``unit``: a :class:`InputError` at ``where`` when it is
    not of that dimension or ``ok(value)`` is false."""
    from offsetcalc.units import conversion

    try:
        value = q.value * conversion(q.unit, unit)
    except OffsetcalcError:
        value = None
    if value is None or not ok(value):
        raise InputError(
            Msg("freight.out-of-range", what=what, q=str(q))
            if value is not None
            else Msg("freight.wrong-unit", what=what, q=str(q)),
            hint=hint,
            code=code,
            location=where,
        )
    return value


def _percent(q: Any, where: Any) -> float:
    return _parameter(
        q,
        "percent",
        where,
        code="freight.load-factor",
        what=Msg("freight.load-factor"),
        ok=lambda x: 0 < x <= 100,
        hint=Msg("freight.load-factor.hint"),
    )


def _kilograms(q: Any, where: Any) -> float:
    return _parameter(
        q,
        "kg",
        where,
        code="freight.payload",
        what=Msg("freight.payload"),
        ok=lambda z: z > 0,
        hint=Msg("freight.payload.hint"),
    )


def factor_use(spec: Any, factor_set: Any, day: Any, gwp_set: str, loc: Any) -> tuple[Any, list[str], Any]:
    """The FactorUse of a :class:`~offsetcalc.models.TonKiloFactor`, its warnings and the fuel's table.

    ``loc(*path)`` gives the location of a key under the activity's ``factor``.
    """
    from offsetcalc.engine.compute import FactorUse, factor_use_from_table, weighted
    from offsetcalc.units import format_number

    m = method()
    k = m.fuels[spec.fuel]
    x = _percent(spec.load_factor, loc("load_factor"))
    z = _kilograms(spec.max_payload, loc("max_payload"))
    y = fuel_per_tonne_km(spec.fuel, x, z)
    ref = spec.fuel_factor or k.fuel_factor
    try:
        res = factor_set.resolve(ref, day)
    except OffsetcalcError as exc:
        raise exc.at(loc("fuel_factor") if spec.fuel_factor else loc("fuel")) from None
    fuel = weighted(factor_use_from_table(res.factor), gwp_set)
    value = float(Decimal(repr(fuel.value)) * y)
    y_text = f"{float(y):.6g}"  # the source text shows six figures; the value keeps them all
    described = f"{k.name}, max payload {format_number(z)} kg, load factor {format_number(x)} %"
    use = FactorUse(
        ref=None,
        value=value,
        unit=f"({fuel.co2e_unit}) * L / (t * km)",
        source=(
            f"{m.citation}: ln y = {k.a} − {k.b} ln(x/100) − {k.c} ln z → y = {y_text} L/(t·km); "
            f"× {fuel.ref} {format_number(fuel.value)} {fuel.co2e_unit} ({fuel.table}, {fuel.edition})"
        ),
        confirmed=m.confirmed and fuel.confirmed,
        name=f"Improved ton-kilo method: {described}",
        name_ja=f"改良トンキロ法（{k.name_ja}、最大積載量 {format_number(z)} kg、積載率 {format_number(x)} %）",
        basis=(fuel,),
    )
    return use, list(res.warnings), res.factor.table
