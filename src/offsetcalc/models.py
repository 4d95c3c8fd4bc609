"""Pydantic models of what users write in an activity file (format 1).

The models check structure and values (unknown keys, types, finite non-negative
numbers, unit text that parses); factor tables have their models in
:mod:`offsetcalc.factors.tables`. Cross-cutting checks that need the factor
tables (a factor ID exists, units match dimensions) happen in the engine, which
reports them at the same file:line:col through the document's marks.

SPEC.md §2 is the contract for the activity file; this module is its code.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from offsetcalc.errors import UnitError
from offsetcalc.report.messages import Msg, MsgValueError
from offsetcalc.units import parse_number, parse_quantity, parse_unit

FORMAT_VERSION = 1
# Larger magnitudes are typing errors (1e15 kWh is ~50 years of world electricity).
MAX_MAGNITUDE = 1e15


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)


_WHAT_VALUE = Msg("model.what.value")  # made once: a Msg is immutable, and most values are fine


def _finite_number(v: Any, what: Any = _WHAT_VALUE) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise MsgValueError(Msg("model.not-a-number", what=what))
    try:
        f = float(v)
    except OverflowError:  # an integer beyond float range (10**400)
        raise MsgValueError(Msg("model.too-large", what=what, value="", limit=f"{MAX_MAGNITUDE:g}")) from None
    if math.isnan(f):
        raise MsgValueError(Msg("model.nan", what=what))
    if math.isinf(f):
        raise MsgValueError(Msg("model.infinite", what=what))
    if f < 0:
        raise MsgValueError(Msg("model.negative", what=what))
    if f > MAX_MAGNITUDE:
        raise MsgValueError(Msg("model.too-large", what=what, value=f" {f:g}", limit=f"{MAX_MAGNITUDE:g}"))
    return f


class Quantity(_Strict):
    """A number and a unit: ``"1,500 kWh"``, ``"40 person * 12 km"`` or ``{value, unit}``."""

    value: float
    unit: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            q = parse_quantity(data)  # UnitError -> reported at this node
            return {"value": q.value, "unit": q.unit}
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            raise UnitError(
                Msg("quantity.no-unit", text=repr(data)),
                code="quantity.no-unit",
                hint=Msg("quantity.bare-number.hint", n=data),
            )
        return data

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> float:
        if isinstance(v, str):
            v = parse_number(v)  # UnitError (a decimal comma, not a number) -> reported at this node
        return _finite_number(v)

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        parse_unit(v)  # raises UnitError for unknown or ambiguous units
        return v

    def __str__(self) -> str:
        from offsetcalc.units import format_number

        return f"{format_number(self.value)} {self.unit}"  # '12,345,678 kWh', never '1.23457e+07 kWh'


class NetQuantity(Quantity):
    """A quantity that may be negative: a city's net AFOLU figure (removals exceed emissions).

    Only ``CityActivity.emissions`` uses it, and only AFOLU cells (V.x) may carry a negative
    value there (GPC reports land as net emissions and removals); everywhere else a negative
    quantity stays an error.
    """

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> float:
        if isinstance(v, str):
            v = parse_number(v)
        f = _finite_number(abs(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
        return -f if isinstance(v, (int, float)) and v < 0 else f


class Period(_Strict):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _order(self) -> Period:
        if self.end < self.start:
            raise MsgValueError(Msg("model.period-order", end=self.end, start=self.start))
        return self


class InlineFactor(_Strict):
    """A factor written in the activity file: a CO2e value, or per-gas values and a GWP set."""

    value: float | None = None
    unit: str
    gases: dict[str, float] | None = None
    source: str = Field(min_length=1)
    name: str | None = None
    confirmed: bool = True

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> Any:
        return None if v is None else _finite_number(v, Msg("model.what.factor-value"))

    @field_validator("gases", mode="before")
    @classmethod
    def _gases(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): _finite_number(x, Msg("model.what.value-of", gas=k)) for k, x in v.items()}
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        parse_unit(v)
        return v

    @model_validator(mode="after")
    def _one_of(self) -> InlineFactor:
        if (self.value is None) == (self.gases is None):
            raise MsgValueError(Msg("model.factor.value-or-gases"))
        dims = parse_unit(self.unit).dimensionality
        if self.value is not None and dict(dims).get("[co2e]", 0) != 1:
            raise UnitError(
                Msg("factor.unit", unit=self.unit),
                hint=Msg("factor.unit.hint"),
                code="factor.unit",
            )
        if self.gases is not None and dict(dims).get("[co2e]", 0):
            raise UnitError(
                Msg("factor.gas-unit", unit=self.unit),
                hint=Msg("factor.unit.gases.hint"),
                code="factor.unit",
            )
        return self


# A factor is an ID from the tables or an inline mapping; the discriminator keeps
# pydantic from reporting the other branch's error too.
FactorRef = Annotated[
    Annotated[Annotated[str, Field(min_length=1)], Tag("ref")] | Annotated[InlineFactor, Tag("inline")],
    Discriminator(lambda v: "inline" if isinstance(v, dict | InlineFactor) else "ref"),
]


class TonKiloFactor(_Strict):
    """A truck's factor per tonne-km by the improved ton-kilo method (改良トンキロ法).

    The engine (:mod:`offsetcalc.engine.freight`) turns it into a CO2e factor per tonne-km:
    fuel per tonne-km from ``load_factor`` and ``max_payload``, times the fuel's factor.
    """

    method: Literal["jp-improved-ton-kilo"]
    fuel: Literal["diesel", "gasoline"]
    max_payload: Quantity  # 最大積載量, a mass
    load_factor: Quantity  # 積載率, a percentage (0 % < x ≤ 100 %)
    fuel_factor: str | None = Field(default=None, min_length=1)  # default: the method's fuel factor ID


def _activity_factor_tag(v: Any) -> str:
    if isinstance(v, TonKiloFactor) or (isinstance(v, dict) and "method" in v):
        return "method"
    return "inline" if isinstance(v, dict | InlineFactor) else "ref"


# An activity's factor may also be a calculation method with its parameters.
ActivityFactor = Annotated[
    Annotated[Annotated[str, Field(min_length=1)], Tag("ref")]
    | Annotated[InlineFactor, Tag("inline")]
    | Annotated[TonKiloFactor, Tag("method")],
    Discriminator(_activity_factor_tag),
]


class Activity(_Strict):
    id: str = Field(min_length=1, max_length=200)
    description: str | None = None
    category: str | None = None
    stage: str | None = None
    scope: Literal[1, 2, 3] | None = None
    per: Literal["unit"] | None = None
    quantity: Quantity
    factor: ActivityFactor
    # Scope 2 only: the grid-average factor for the location-based figure (GHG Protocol Scope 2
    # Guidance) when ``factor`` is the supplier's (market-based); see offsetcalc.engine.scope2.
    location_factor: FactorRef | None = None
    site: str | None = None
    date: dt.date | None = None
    source: str | None = None  # where the activity data comes from (meter, receipt ...)

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class SerialBlock(_Strict):
    """An explicit block of credit serial numbers, both ends included."""

    prefix: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _order(self) -> SerialBlock:
        if self.end < self.start:
            raise MsgValueError(Msg("model.block-order", end=self.end, start=self.start))
        return self

    @property
    def quantity(self) -> int:
        return self.end - self.start + 1


def _serial_kind(v: Any) -> str:
    """Which form a serial is written in, so pydantic reports only that form's errors."""
    if isinstance(v, dict | SerialBlock):
        return "block"
    return "list" if isinstance(v, list) else "text"


SerialText = Annotated[str, Field(min_length=1)]
# One serial of a list: a registry serial string or an explicit block.
SerialItem = Annotated[
    Annotated[SerialText, Tag("text")] | Annotated[SerialBlock, Tag("block")],
    Discriminator(lambda v: "block" if isinstance(v, dict | SerialBlock) else "text"),
]


class Allocation(_Strict):
    """Part of a retirement made by an offset provider (オフセット・プロバイダー) for its customers.

    The provider retires whole units in a registry and allocates a fraction of that retirement
    to each customer. In a credit with ``allocation``, ``quantity`` is the part claimed by
    this submission; ``serial``, ``retired_on`` and ``evidence`` describe the provider's whole
    retirement, whose size is ``retirement_quantity`` (whole units apply to it).
    """

    provider: str = Field(min_length=1)
    retirement_quantity: Quantity


class Credit(_Strict):
    type: str = Field(min_length=1)
    quantity: Quantity
    project: str | None = None
    serial: (
        Annotated[
            Annotated[SerialText, Tag("text")]
            | Annotated[SerialBlock, Tag("block")]
            | Annotated[list[SerialItem], Tag("list")],
            Discriminator(_serial_kind),
        ]
        | None
    ) = None
    vintage: int | str | None = None
    retired_on: dt.date | None = None
    evidence: str | None = None
    status: Literal["retired", "planned"] = "retired"
    registry: str | None = None
    beneficiary: str | None = None
    allocation: Allocation | None = None


class ProductInfo(_Strict):
    name: str
    functional_unit: str
    units: float

    @field_validator("units", mode="before")
    @classmethod
    def _units(cls, v: Any) -> float:
        f = _finite_number(v, Msg("model.what.units"))
        if f == 0:
            raise MsgValueError(Msg("model.units-zero"))
        return f


class TableSource(_Strict):
    """``activities_from:`` — rows from a CSV, Parquet or Excel table (see offsetcalc.io.tables)."""

    path: str
    columns: dict[str, str] = {}
    unit: str | None = None
    factor: str | None = None
    category: str | None = None
    stage: str | None = None
    scope: Literal[1, 2, 3] | None = None
    sheet: str | None = None
    # Scope 2 rows of an organisation: the grid-average factor for their location-based figure,
    # as an activity's location_factor (offsetcalc.engine.scope2).
    location_factor: FactorRef | None = None


class ReductionTarget(_Strict):
    """One reduction target of a reduction plan, e.g. 30 % below 2010 by 2020."""

    description: str = Field(min_length=1)
    year: int | None = None
    baseline_year: int | None = None
    reduction_percent: float | None = Field(default=None, ge=0, le=100)


class ReductionPlan(_Strict):
    """``reduction_plan:`` — reduction efforts (削減努力) / emissions-management plan."""

    description: str = Field(min_length=1)
    measures: list[str] = []
    targets: list[ReductionTarget] = []


class Exclusion(_Strict):
    """``exclusions:`` — an emission source left out of the boundary, and why."""

    source: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class ActivityFile(_Strict):
    """An activity file, format 1 (SPEC.md §2)."""

    offsetcalc: int
    kind: Literal["event", "product", "organization", "city"]
    title: str
    offsetter: str | None = None
    period: Period | None = None
    standard: str | None = None
    industry: str | None = None
    gwp: str | None = None
    product: ProductInfo | None = None
    plan_registration: bool = False
    activities: list[Activity] = []
    activities_from: list[TableSource] = []
    credits: list[Credit] = []
    reduction_plan: ReductionPlan | None = None
    exclusions: list[Exclusion] = []
    # Which scope 2 figure the total and the offset ratio use (offsetcalc.engine.scope2).
    scope2_method: Literal["location", "market"] | None = None

    @field_validator("offsetcalc", mode="before")
    @classmethod
    def _version(cls, v: Any) -> int:
        if v != FORMAT_VERSION or isinstance(v, bool):
            raise MsgValueError(Msg("model.version", version=repr(v), supported=FORMAT_VERSION))
        return int(v)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: Any) -> Any:
        aliases = {
            "organisation": "organization",
            "会議・イベント型": "event",
            "商品・サービス型": "product",
            "自己活動型": "organization",
            "service": "product",
            "区域": "city",
        }
        return aliases.get(v, v) if isinstance(v, str) else v

    @field_validator("gwp", mode="before")
    @classmethod
    def _gwp(cls, v: Any) -> Any:
        if v is None:
            return v
        from offsetcalc.gwp import check_set

        try:
            return check_set(str(v))
        except Exception as exc:
            from offsetcalc.report.messages import error_text

            detail = error_text(exc)
            raise MsgValueError(Msg("model.gwp-set", detail=detail)) from None


# --------------------------------------------------------------------- city inventories (GPC)


class CityInfo(_Strict):
    """``city:`` — the city or municipality the inventory covers."""

    name: str = Field(min_length=1)
    name_ja: str | None = None
    country: str | None = None
    population: int | None = Field(default=None, ge=0)
    area_km2: float | None = Field(default=None, ge=0)


class GpcSpec(_Strict):
    """``gpc:`` — which GPC edition the cells follow and the reporting level claimed."""

    version: Literal["2014", "1.1"]
    level: Literal["BASIC", "BASIC+"]

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, v: Any) -> Any:
        # YAML reads an unquoted 2014 as a number and 1.1 as a float.
        return str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v


GpcRef = Annotated[str, Field(min_length=1, max_length=20)]
# One reference or a list of them; the discriminator keeps pydantic from reporting both forms' errors.
GpcRefs = Annotated[
    Annotated[GpcRef, Tag("one")] | Annotated[list[GpcRef], Field(min_length=1, max_length=100), Tag("list")],
    Discriminator(lambda v: "list" if isinstance(v, list) else "one"),
]


class CityActivity(_Strict):
    """An activity of a city inventory: a GPC cell and either quantity × factor or a finished figure."""

    id: str = Field(min_length=1, max_length=200)
    gpc: GpcRef
    description: str | None = None
    scope: Literal[1, 2, 3] | None = None  # optional; must agree with the cell
    quantity: Quantity | None = None
    factor: (
        Annotated[
            Annotated[Annotated[str, Field(min_length=1)], Tag("ref")] | Annotated[InlineFactor, Tag("inline")],
            Discriminator(lambda v: "inline" if isinstance(v, dict | InlineFactor) else "ref"),
        ]
        | None
    ) = None
    emissions: NetQuantity | None = None  # a finished figure in CO2e, with its source (negative: AFOLU only)
    biogenic_co2: Quantity | None = None  # CO2 from biomass: reported apart, never in a total
    supplies_grid: bool = False  # fuel burnt to generate energy supplied to the grid (belongs in I.4.4)
    source: str | None = None
    site: str | None = None
    date: dt.date | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _one_way(self) -> CityActivity:
        by_factor = self.quantity is not None or self.factor is not None
        if by_factor and self.emissions is not None:
            raise MsgValueError(Msg("model.activity.both"))
        if not by_factor and self.emissions is None:
            raise MsgValueError(Msg("model.activity.neither"))
        if self.quantity is None and self.factor is not None:
            raise MsgValueError(Msg("model.activity.no-quantity"))
        if self.factor is None and self.quantity is not None:
            raise MsgValueError(Msg("model.activity.no-factor"))
        if self.emissions is not None and not (self.source and self.source.strip()):
            raise MsgValueError(Msg("model.activity.no-source"))
        if self.emissions is not None and self.emissions.value < 0 and not str(self.gpc).startswith("V."):
            # GPC nets removals against emissions only for land (AFOLU); a negative figure anywhere
            # else would lower a level's total and could turn a claim's shortfall into a pass.
            raise MsgValueError(Msg("model.city.negative", cell=self.gpc))
        return self


class NotationKey(_Strict):
    """``notation_keys:`` — a cell not estimated: NO, IE, NE or C, with an explanation.

    The explanation is checked by ``check --standard gpc`` (a missing one fails there) rather
    than refused here, so that an incomplete inventory can still be computed and shown.
    """

    gpc: GpcRefs
    key: Literal["NO", "IE", "NE", "C"]
    explanation: str | None = None
    included_in: GpcRefs | None = None

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, v: Any) -> Any:
        # YAML 1.1 reads an unquoted NO as the boolean false; NO is the only key that can become one.
        return "NO" if v is False else v

    @property
    def refs(self) -> list[str]:
        return [self.gpc] if isinstance(self.gpc, str) else list(self.gpc)

    @property
    def included_refs(self) -> list[str]:
        if self.included_in is None:
            return []
        return [self.included_in] if isinstance(self.included_in, str) else list(self.included_in)


class CityTableSource(TableSource):
    """``activities_from:`` of a city file: each row's GPC cell is its ``gpc`` column, or ``gpc:`` here.

    (The engine reads the cell as the row's category, so ``columns: {gpc: …}`` names
    the column and ``gpc:`` is the default for rows that leave it empty.)
    """

    gpc: GpcRef | None = None

    #: read by offsetcalc.io.tables.resolve_columns: a 'gpc' column (or columns: {gpc: …}) is the category
    column_aliases: ClassVar[dict[str, str]] = {"gpc": "category"}


class CityFile(ActivityFile):
    """An activity file of ``kind: city``: a community inventory in GPC cells (SPEC.md §2)."""

    kind: Literal["city"]
    city: CityInfo
    gpc: GpcSpec
    activities: list[CityActivity] = []  # type: ignore[assignment]
    activities_from: list[CityTableSource] = []  # type: ignore[assignment]
    notation_keys: list[NotationKey] = []


def is_city(data: Any) -> bool:
    """Whether raw file data declares ``kind: city`` (so it is read as a :class:`CityFile`)."""
    return isinstance(data, dict) and data.get("kind") in ("city", "区域")


def allowed_keys(city: bool = False) -> dict[str, list[str]]:
    """Field names by path shape, for 'did you mean' on unknown keys (a city file's own when ``city``)."""

    def names(m: type[BaseModel]) -> list[str]:
        return list(m.model_fields)

    shared = {
        "period": names(Period),
        "activities.*.quantity": names(Quantity),
        "activities.*.factor": names(InlineFactor),
        "credits.*": names(Credit),
        "credits.*.quantity": names(Quantity),
        "credits.*.serial": names(SerialBlock),
        "credits.*.serial.*": names(SerialBlock),
        "reduction_plan": names(ReductionPlan),
        "reduction_plan.targets.*": names(ReductionTarget),
        "exclusions.*": names(Exclusion),
    }
    if city:
        return {
            **shared,
            "": names(CityFile),
            "city": names(CityInfo),
            "gpc": names(GpcSpec),
            "activities.*": names(CityActivity),
            "activities.*.emissions": names(Quantity),
            "activities.*.biogenic_co2": names(Quantity),
            "notation_keys.*": names(NotationKey),
            "activities_from.*": names(CityTableSource),
        }
    return {
        **shared,
        "": names(ActivityFile),
        "product": names(ProductInfo),
        "activities.*": names(Activity),
        "activities.*.factor": names(InlineFactor) + names(TonKiloFactor),
        "activities.*.factor.max_payload": names(Quantity),
        "activities.*.factor.load_factor": names(Quantity),
        "activities_from.*": names(TableSource),
    }
