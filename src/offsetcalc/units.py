"""THE unit registry of offsetcalc, and the parsing of quantities and units.

One pint registry, built lazily on first use, is shared by every module. CO2e is
its own dimension (``[co2e]``, base unit ``g_CO2e``), as openscm-units does for
gases: ``3.00 t-CO2/t`` of LPG is CO2e mass per fuel mass, never a plain number,
and a mass of fuel can never silently become a mass of CO2e. Per-gas masses are
turned into CO2e only through a named GWP set (see :mod:`offsetcalc.gwp`).

The field writes CO2e units in many ways (``t-CO2``, ``tCO2e``, ``kg-CO2``,
``t_CO2e`` ...); :func:`normalise_unit_text` folds them to the canonical
``t_CO2e``/``kg_CO2e``/``g_CO2e`` before pint sees the text, because pint would
read ``t-CO2`` as "t minus CO2". Units of Japanese tables are defined here
(``Nm3``, ``kL``, ``1000 Nm3``), and so are ``person``, ``pkm`` and ``tkm``; counts a
published case multiplies by (``vehicle``/台, ``team``, ``lap``, ``copy``, ``sheet``,
``guest_night``) are each a dimension of their own, like ``person``, so a per-vehicle factor
cannot meet a number of people; money is the dimension ``JPY`` (``円``, ``千円``, ``百万円``),
because MOE's supply-chain database gives spend-based factors per million yen.

Ambiguous spellings are refused rather than guessed: pint's ``ton`` is a short
ton (907 kg) while Japanese tables mean the metric tonne, so ``ton`` is an error
with a hint to write ``t``.

Bulk code never builds a pint Quantity per row: it asks :func:`conversion` for
one float per (unit, unit) pair, cached, and multiplies columns.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from offsetcalc.errors import UnitError
from offsetcalc.report.messages import Msg

if TYPE_CHECKING:  # pragma: no cover
    import pint

# Units pint does not know, or knows with a meaning this field does not use.
_DEFINITIONS = """
g_CO2e = [co2e] = gCO2e
kg_CO2e = 1000 * g_CO2e = kgCO2e
t_CO2e = 1e6 * g_CO2e = tCO2e
kt_CO2e = 1e9 * g_CO2e = ktCO2e
Mt_CO2e = 1e12 * g_CO2e = MtCO2e
g_C = [carbon]
kg_C = 1000 * g_C
t_C = 1e6 * g_C
person = [person] = persons = passenger = passengers = pax
passenger_km = person * kilometer = pkm = person_km
tonne_km = metric_ton * kilometer = tkm
normal_cubic_meter = [normal_volume] = Nm3 = Nm^3
thousand_normal_cubic_meter = 1000 * normal_cubic_meter = kNm3
kilotonne = 1000 * metric_ton = kt
guest_night = [guest_night] = guest_nights = night_stay
unit = [functional_unit] = units = piece = pieces = pcs
vehicle = [vehicle] = vehicles
team = [team] = teams
lap = [lap] = laps
copy = [copy] = copies
sheet = [sheet] = sheets
JPY = [currency_jpy] = yen
kJPY = 1000 * JPY = thousand_JPY
million_JPY = 1e6 * JPY = MJPY
"""

# Japanese unit words of published cases and of MOE's supply-chain database, as registry
# names (applied after NFKC). 百万円 before 円: "t-CO2/百万円" is per million yen.
_JAPANESE_UNITS = (("百万円", " million_JPY "), ("千円", " kJPY "), ("円", " JPY "), ("台", " vehicle "), ("・", "*"))
# "10,000 km / 8 km/L": a number inside a unit followed by a further "/" reads as
# (10,000 km / 8 km) / L, not the 10,000 km / (8 km/L) that is meant.
_SCALED_THEN_PER_RE = re.compile(r"/\s*\d[\d,.]*(?:[eE][+-]?\d+)?\s*[A-Za-z_][^/()]*/")

# Spellings of CO2e mass units accepted in files (SPEC.md §2): t-CO2, tCO2,
# t-CO2e, tCO2e, t_CO2e, kg-CO2, kgCO2e, g-CO2, t-CO2eq, tCO2-eq ...
_CO2E_RE = re.compile(r"(?<![A-Za-z0-9_])(Mt|kt|t|kg|g)\s*[-_]?\s*(?i:CO2)(?:\s*-?\s*(?i:eq|e))?(?![A-Za-z0-9_])")
# Carbon (not CO2) mass, used by SHK carbon emission factors (tC/GJ).
_CARBON_RE = re.compile(r"(?<![A-Za-z0-9_])(t|kg|g)[-_]?C(?![A-Za-z0-9_])")
# A number as files write it: commas only between groups of three digits ("1,500.5").
_NUMBER_TEXT = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_ONLY_RE = re.compile(_NUMBER_TEXT)
# "千Nm3" (thousand Nm3) as Japanese tables write it; "Nm³" is a normal cubic metre, not N·m³.
_KANJI_THOUSAND_RE = re.compile(r"千\s*(?=[A-Za-z])")
_NM3_RE = re.compile(r"(?<![A-Za-z0-9_])Nm\s*(?:³|\^\s*3|\*\*\s*3)")
# "t-CO2 / 1000 Nm3" means per thousand Nm3; pint alone would read (t-CO2 / 1000) * Nm3.
_PER_SCALED_RE = re.compile(r"/\s*(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*\*\*\s*\d+)?)")
_AMBIGUOUS = {  # word -> the hint's key in the message catalogue
    "ton": "unit.ambiguous.ton",
    "tons": "unit.ambiguous.tons",
    "short_ton": "unit.ambiguous.short_ton",
    "long_ton": "unit.ambiguous.long_ton",
    "kton": "unit.ambiguous.kton",
}
# Words pint reads one way and a part of this field writes for another quantity (redteam5). Each is
# a silent factor in an emissions figure, so it is refused with a hint, as 'ton' is:
# - 'mt', 'mtCO2e': pint's millitonne (1 kg); US reports write 'MT' / 'mtCO2e' for the metric ton
#   (EPA's glossary: "metric tons of carbon dioxide equivalent (MTCO2 Eq.)"), a factor of 1000;
# - 'bbl', 'barrel' (also 'kbbl', 'Mbbl'): pint's US liquid barrel of 31.5 gallons (119.2 L); a barrel
#   of oil is 42 gallons (158.99 L, pint's own 'oil_barrel'), and the oil trade's 'Mbbl' is a thousand;
# - 'gal', 'gallon' (also 'kgal'): pint's US gallon (3.785 L); the imperial gallon is 4.546 L;
# - 'MBtu': pint's mega-Btu; the US energy trade's MBtu is a thousand Btu (MMBtu a million);
# - 'Mlb': pint's mega-pound; US district steam is sold by the Mlb, a thousand pounds.
_AMBIGUOUS_WORDS = (
    (re.compile(r"mt(?:_?CO2(?:e|eq)?)?"), "unit.ambiguous.mt"),
    (re.compile(r"[A-Za-z]{0,2}(?:bbls?|barrels?)"), "unit.ambiguous.barrel"),
    (re.compile(r"[A-Za-z]{0,2}(?:gal|gallons?)"), "unit.ambiguous.gallon"),
    (re.compile(r"MB(?:tu|TU)"), "unit.ambiguous.mbtu"),
    (re.compile(r"Mlbs?"), "unit.ambiguous.mlb"),
)
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A length and its power as tables write them: "m3", "cm2", "dm3", "km2" are (cm)**2 and so on,
# never a prefix on a square or cubic metre (as a unit named "m3", "dm3" was 0.1 m3 and "cm2" 0.01 m2).
_LENGTH_POWER_RE = re.compile(r"(?<![A-Za-z0-9_])([cdmh]?m|km(?=2))([23])(?![A-Za-z0-9_])")
# "km3", "Mm3", "MMm3", "Gm3": the gas trade's thousand / million cubic metres, or the SI cubic
# kilometre (10^9 m3), megametre (10^18 m3) ... Either reading is a silent factor of 10^6 or more.
_PREFIXED_VOLUME_RE = re.compile(r"(?<![A-Za-z0-9_])(?:k|M|MM|G)m3(?![A-Za-z0-9_])")
_NUMBER_RE = re.compile(r"^\s*(" + _NUMBER_TEXT + r")\s*(.*?)\s*$")

# Dimensions in words (keys of the message catalogue), for errors a person can act on ("an energy is not a volume").
_DIMENSION_WORDS: dict[tuple[tuple[str, int], ...], str] = {
    (): "dim.number",
    (("[length]", 3),): "dim.volume",
    (("[length]", 2),): "dim.area",
    (("[length]", 1),): "dim.distance",
    (("[mass]", 1),): "dim.mass",
    (("[time]", 1),): "dim.time",
    (("[length]", 2), ("[mass]", 1), ("[time]", -2)): "dim.energy",
    (("[length]", 2), ("[mass]", 1), ("[time]", -3)): "dim.power",
    (("[co2e]", 1),): "dim.co2e",
    (("[carbon]", 1),): "dim.carbon",
    (("[person]", 1),): "dim.people",
    (("[length]", 1), ("[person]", 1)): "dim.pkm",
    (("[length]", 1), ("[mass]", 1)): "dim.tkm",
    (("[normal_volume]", 1),): "dim.nm3",
    (("[guest_night]", 1),): "dim.guest-nights",
    (("[person]", 1), ("[time]", 1)): "dim.person-time",
    (("[vehicle]", 1),): "dim.vehicles",
    (("[length]", 1), ("[vehicle]", 1)): "dim.vkm",
    (("[currency_jpy]", 1),): "dim.jpy",
    (("[team]", 1),): "dim.teams",
    (("[lap]", 1),): "dim.laps",
    (("[copy]", 1),): "dim.copies",
    (("[sheet]", 1),): "dim.sheets",
    (("[functional_unit]", 1),): "dim.units",
    (("[length]", -3), ("[mass]", 1)): "dim.density",
}


# Optional array and formatting libraries pint probes for when it is imported. offsetcalc
# gives pint plain floats only, so pint is imported with these hidden: otherwise a
# venv that has numpy (pulled in by anything) pays for numpy on every run that parses
# a unit. They are hidden only while pint's own modules load; importing them later
# (polars imports numpy for some conversions) works as usual.
_PINT_PROBES = ("numpy", "uncertainties", "babel", "xarray", "dask", "mip", "pandas", "scipy")


def import_pint() -> Any:
    """``import pint`` without letting it pull in numpy & co. (see _PINT_PROBES)."""
    import sys

    if "pint" in sys.modules:
        return sys.modules["pint"]
    hidden = [m for m in _PINT_PROBES if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]  # makes 'import m' raise ImportError
    try:
        import pint
    finally:
        for m in hidden:
            if m in sys.modules and sys.modules[m] is None:
                del sys.modules[m]
    return pint


@functools.cache
def registry() -> pint.UnitRegistry:
    """The one pint registry (built on first use: importing pint costs ~0.2 s)."""
    pint = import_pint()

    options = {"on_redefinition": "ignore", "autoconvert_offset_to_baseunit": True}
    try:
        # pint's own cache of parsed definitions (user cache folder) cuts the build from
        # ~0.13 s to ~0.02 s on every run after the first.
        ureg = pint.UnitRegistry(cache_folder=":auto:", **options)
    except (OSError, ValueError, ImportError):  # unwritable cache folder: build without it
        ureg = pint.UnitRegistry(**options)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


def normalise_unit_text(text: str) -> str:
    """Fold the field's spellings into names the registry knows.

    >>> normalise_unit_text("t-CO2 / kL")
    't_CO2e / kL'
    >>> normalise_unit_text("kgCO2e/kWh")
    'kg_CO2e/kWh'
    """
    text = _NM3_RE.sub("Nm3", text)
    text = text.replace("³", "**3").replace("²", "**2").replace("·", "*").replace("×", "*")
    # Full-width letters, digits and signs (ｋＷｈ, ｔ－ＣＯ２) as their ASCII forms.
    text = unicodedata.normalize("NFKC", text)
    for word, name in _JAPANESE_UNITS:
        text = text.replace(word, name)
    text = _KANJI_THOUSAND_RE.sub("1000 ", text)
    text = _CO2E_RE.sub(lambda m: f"{m.group(1)}_CO2e", text)
    text = _CARBON_RE.sub(lambda m: f"{m.group(1)}_C", text)
    text = _PER_SCALED_RE.sub(lambda m: f"/ ({m.group(1)} {m.group(2)})", text)
    return text.strip()


def _pint_text(norm: str) -> str:
    """A normalised unit text as pint must read it: ``cm2`` as ``cm**2`` (:data:`_LENGTH_POWER_RE`).

    Kept out of :func:`normalise_unit_text`, whose text results show ('kg_CO2e / m3').
    """
    return _LENGTH_POWER_RE.sub(r"\1**\2", norm)


@dataclass(frozen=True)
class ParsedUnit:
    """A unit expression resolved once: ``scale`` × a unit of dimension ``dims``.

    ``scale`` carries numbers written inside a unit, as in ``t-CO2 / 1000 Nm3``.
    ``dims`` is the dimension as sorted (name, exponent) pairs, so a unit answered
    from the conversion cache (:mod:`offsetcalc.unit_cache`) needs no pint at all;
    ``units`` (the pint Unit) is built only when asked for.
    """

    text: str
    scale: float
    dims: tuple[tuple[str, int | float], ...]

    @property
    def dimensionality(self) -> dict[str, int | float]:
        return dict(self.dims)

    @property
    def units(self) -> Any:
        """The pint Unit (imports pint: error paths and validation only)."""
        return registry().parse_expression(_pint_text(normalise_unit_text(self.text))).units


def _dims_of(dimensionality: Any) -> tuple[tuple[str, int | float], ...]:
    pairs = ((str(k), int(v) if float(v).is_integer() else float(v)) for k, v in dict(dimensionality).items() if v)
    return tuple(sorted(pairs))


def _check_ambiguous(text: str) -> None:
    if _PREFIXED_VOLUME_RE.search(text):
        raise UnitError(Msg("unit.ambiguous", text=text), hint=Msg("unit.ambiguous.volume"), code="unit.ambiguous")
    for word in _WORD_RE.findall(text):
        hint = _AMBIGUOUS.get(word) or next((key for rx, key in _AMBIGUOUS_WORDS if rx.fullmatch(word)), None)
        if hint is not None:
            raise UnitError(Msg("unit.ambiguous", text=text), hint=Msg(hint), code="unit.ambiguous")


@functools.lru_cache(maxsize=4096)
def parse_unit(text: str) -> ParsedUnit:
    """Parse a unit expression (cached: bulk code calls this once per distinct text).

    Answered from the conversion cache when pint has parsed the same text before
    (:mod:`offsetcalc.unit_cache`); otherwise pint parses it and the answer is kept.
    Raises :class:`UnitError` for unknown or ambiguous units.
    """
    from offsetcalc import unit_cache

    if isinstance(text, str):
        hit = unit_cache.unit(text)
        if hit is not None:
            return ParsedUnit(text=text, scale=hit[0], dims=hit[1])
    parsed = _parse_with_pint(text)
    unit_cache.record_unit(text, parsed.scale, parsed.dims)
    return parsed


def _parse_with_pint(text: str) -> ParsedUnit:
    pint = import_pint()

    if not isinstance(text, str) or not text.strip():
        raise UnitError(Msg("unit.required"), hint=Msg("unit.required.hint"), code="unit.missing")
    norm = normalise_unit_text(text)
    if "," in norm:  # pint silently drops commas: 'kWh,kWh' would read as kWh²
        raise UnitError(Msg("unit.syntax.comma", text=text), hint=Msg("unit.syntax.comma.hint"), code="unit.syntax")
    _check_ambiguous(norm)
    ureg = registry()
    try:
        q = ureg.parse_expression(_pint_text(norm))
    except pint.UndefinedUnitError as exc:
        bad = getattr(exc, "unit_names", None) or [str(exc)]
        name = bad[0] if isinstance(bad, (list, tuple)) else bad
        raise UnitError(
            Msg("unit.unknown", name=name, text=text), hint=_unknown_unit_hint(str(name)), code="unit.unknown"
        ) from None
    except Exception as exc:  # pint raises several tokenizer/syntax errors
        raise UnitError(Msg("unit.syntax", text=text, detail=exc), code="unit.syntax") from None
    if not hasattr(q, "units"):  # a bare number such as "1000"
        raise UnitError(Msg("unit.missing", text=text), code="unit.missing")
    scale = float(q.magnitude)
    if not (scale > 0) or scale != scale or scale == float("inf"):
        raise UnitError(Msg("unit.scale", text=text), code="unit.syntax")
    return ParsedUnit(text=text, scale=scale, dims=_dims_of(q.units.dimensionality))


# A number written in a unit text: not a digit of a name (CO2e, m3, Nm3) nor a power (m**3, m^3).
_UNIT_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_.])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# The conversion cache keeps plain_factor's answers as a "conversion" to this pseudo-unit.
_PLAIN_KEY = "\x01plain-numbers"


def plain_factor(text: str) -> float:
    """The factor by which plain numbers written in a unit scale a quantity (1.0 when there are none).

    ``MWh / 1000`` → 0.001, ``MWh*1e-3`` → 0.001, ``MWh * %`` → 0.01 (pint's percent, like ``ppm`` or
    ``degree``, is a number with a name), ``MWh / (1000 MWh/MWh)`` → 0.001. A number that goes with a
    unit of its own is a measure, not a plain number: ``km / (8 km/L)`` (a fuel economy), ``1000 Nm3``,
    ``t-CO2 / 1000 Nm3``, ``千円`` give 1.0 — unless that number and its units cancel to a pure number.
    A quantity written ``9000 MWh / 1000`` is 9 MWh with no word: offsetcalc warns (redteam7). Answers
    are kept in the conversion cache, so a known unit needs no pint.
    """
    from offsetcalc import unit_cache

    hit = unit_cache.factor(text, _PLAIN_KEY)
    if hit is not None:
        return hit
    value = _plain_factor_with_pint(text)
    unit_cache.record_factor(text, _PLAIN_KEY, value)
    return value


@functools.lru_cache(maxsize=1024)
def _plain_factor_with_pint(text: str) -> float:
    ureg = registry()
    norm = _pint_text(normalise_unit_text(text))
    written = ureg.parse_expression(norm)
    if _ARITHMETIC.search(norm):  # 'MWh*(1+1)', 'MWh*10**-3': every number in it is plain
        return _rounded(_to_base(written) / _to_base(_named_units(ureg, written)))
    spans: list[tuple[int, int]] = []
    for m in _UNIT_NUMBER_RE.finditer(norm):
        if (spans and m.start() < spans[-1][1]) or norm[: m.start()].rstrip().endswith(("**", "^")):
            continue  # inside a group already replaced, or a power
        end = m.end()
        if re.match(r"\s*[A-Za-z_(]", norm[end:]):  # a number with a unit: plain only if it cancels out
            end = _group_end(norm, m.start())
            try:
                if not ureg.parse_expression(norm[m.start() : end]).dimensionless:
                    continue
            except Exception:
                continue
        spans.append((m.start(), end))
    clean = norm
    for start, end in reversed(spans):
        clean = f"{clean[:start]}1{clean[end:]}"
    bare = ureg.parse_expression(clean)
    if hasattr(bare, "units"):  # named pure numbers (%, ppm, degree) go too
        bare = ureg.Quantity(bare.magnitude, _named_units(ureg, bare).units)
    return _rounded(_to_base(written) / _to_base(bare))


# A sign that is not an exponent's: a unit text that adds or subtracts numbers.
_ARITHMETIC = re.compile(r"(?<![eE])[+-]")


def _named_units(ureg: Any, q: Any) -> Any:
    """1 of ``q``'s units without its pure numbers (%, ppm, degree): what is left when every number is gone."""
    if not hasattr(q, "units"):
        return ureg.Quantity(1.0, "dimensionless")
    named = {u: e for u, e in q.unit_items() if not ureg.Unit(u).dimensionless}
    return ureg.Quantity(1.0, " * ".join(f"{u} ** {e}" for u, e in named.items()) or "dimensionless")


def _rounded(factor: float) -> float:
    """1.0 within float noise; otherwise the factor to 12 significant digits (as the messages show it)."""
    return 1.0 if math.isclose(factor, 1.0, rel_tol=1e-12) else float(f"{factor:.12g}")


def _to_base(q: Any) -> float:
    return float(q.to_base_units().magnitude) if hasattr(q, "units") else float(q)


def _group_end(text: str, start: int) -> int:
    """Where the bracket level that ``start`` is in closes (or the end of the text)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(text)


def quantity_plain_factor(text: str) -> float:
    """The factor by which plain numbers written in a quantity's text scale it (1.0 when there are none).

    In a product of parts (``1600 vehicle * 20 km``) each number with a unit is a measure; a part
    that is a number alone (``9000 MWh * 0.001``, ``100 person * 2 * 12 km``) or a number with a pure
    number for unit (``* 10 %``, ``* 1000 kWh/MWh``, worth 0.1 and 1) is a plain factor; the units'
    own numbers are :func:`plain_factor`'s (``9000 MWh / 1000``).
    """
    clean = unicodedata.normalize("NFKC", text)
    factor = 1.0
    parts = [p.strip() for p in clean.split("*")]
    numbered = sum(1 for p in parts if _NUMBER_RE.match(p))
    for part in parts:
        m = _NUMBER_RE.match(part)
        rest = m.group(2) if m else part
        if m and numbered > 1 and (not rest or _pure_number(rest)):
            factor *= float(m.group(1).replace(",", "")) * (_pure_worth(rest) if rest else 1.0)
        elif rest:
            factor *= plain_factor(rest)
    return _rounded(factor)


def _pure_number(unit: str) -> bool:
    try:
        return not parse_unit(unit).dims
    except UnitError:
        return False


def _pure_worth(unit: str) -> float:
    """What a unit of no dimension is worth as a number: 0.01 for '%', 0.001 for 'kWh/MWh'."""
    return float(registry().parse_expression(_pint_text(normalise_unit_text(unit))).to("dimensionless").magnitude)


def _unknown_unit_hint(name: str) -> str:
    from offsetcalc.report.messages import did_you_mean

    known = [
        "kWh",
        "MWh",
        "GJ",
        "L",
        "kL",
        "t",
        "kg",
        "Nm3",
        "m3",
        "km",
        "person",
        "pkm",
        "tkm",
        "t-CO2",
        "kg-CO2",
        "g-CO2",
        "tC",
        "guest_night",
        "unit",
        "vehicle",
        "JPY",
        "million_JPY",
        "team",
        "lap",
        "copy",
        "sheet",
    ]
    dym = did_you_mean(name, known)
    return Msg("unit.unknown.hint-dym", dym=dym) if dym else Msg("unit.unknown.hint")


def describe_dimension(dimensionality: Any) -> str:
    """'an energy', 'a volume', ... for a pint dimensionality."""
    return dimension_msg(dimensionality).render("en")


def dimension_msg(dimensionality: Any) -> Msg:
    """A dimension in words as a catalogue message (Japanese under ``--lang ja``: エネルギー, 体積 …)."""
    key = tuple(sorted((str(k), int(v)) for k, v in dict(dimensionality).items() if v))
    if key in _DIMENSION_WORDS:
        return Msg(_DIMENSION_WORDS[key])
    return Msg("dim.other", dims=dimensionality)


@functools.lru_cache(maxsize=4096)
def conversion(from_text: str, to_text: str) -> float:
    """The number to multiply a magnitude in ``from_text`` by to get ``to_text``.

    Includes the scales written inside either unit. Raises :class:`UnitError`
    naming both dimensions in words when they differ. pint computes it the first
    time; later runs read it from the conversion cache (:mod:`offsetcalc.unit_cache`).
    """
    from offsetcalc import unit_cache

    hit = unit_cache.factor(from_text, to_text)
    if hit is not None:
        return hit
    a = parse_unit(from_text)
    b = parse_unit(to_text)
    if a.dims != b.dims:
        raise UnitError(
            Msg(
                "unit.dimension",
                source=from_text,
                target=to_text,
                got=dimension_msg(a.dimensionality),
                wanted=dimension_msg(b.dimensionality),
            ),
            code="unit.dimension",
        )
    ureg = registry()
    value = a.scale * float(ureg.Quantity(1.0, a.units).to(b.units).magnitude) / b.scale
    unit_cache.record_factor(from_text, to_text, value)
    return value


@dataclass(frozen=True)
class QuantityText:
    """A quantity read from text without building a pint Quantity: value and unit text."""

    value: float
    unit: str


def parse_number(text: str) -> float:
    """A number written in a file: '1500', '1,500.5', '2.5e3', full-width digits.

    Commas are accepted only as thousands separators (groups of three); a decimal
    comma ('1.500,5', '2,5') is refused rather than misread.
    """
    norm = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER_ONLY_RE.fullmatch(norm):
        raise UnitError(Msg("quantity.not-a-number", text=text), hint=_number_hint(norm), code="quantity.number")
    return float(norm.replace(",", ""))


def _number_hint(norm: str) -> Msg:
    if re.search(r"\d,\d", norm):
        return Msg("quantity.not-a-number.comma")
    return Msg("quantity.not-a-number.plain")


def parse_quantity(text: str) -> QuantityText:
    """Split ``"1,500 kWh"`` into (1500.0, "kWh") and ``"40 person * 12 km"`` into (480, "person * km").

    The number is read with Python's float (no pint), so bulk input stays cheap;
    the unit text is resolved later, once per distinct text.
    """
    if not isinstance(text, str):
        raise UnitError(
            Msg("quantity.no-unit", text=repr(text)), code="quantity.no-unit", hint=Msg("quantity.no-unit.hint")
        )
    clean = unicodedata.normalize("NFKC", text).strip()
    parts = [p.strip() for p in clean.split("*")] if "*" in clean else [clean]
    value = 1.0
    units: list[str] = []
    numbered = 0
    for part in parts:
        m = _NUMBER_RE.match(part)
        if m:
            rest = m.group(2)
            if rest[:1].isdigit() or rest[:1] in (",", "."):
                raise _run_on_number(text, m.group(1), rest)
            value *= float(m.group(1).replace(",", ""))
            numbered += 1
            if rest:
                units.append(rest)
        elif part:
            units.append(part)
        else:
            raise UnitError(Msg("quantity.syntax", text=text), code="quantity.syntax", hint=Msg("quantity.syntax.hint"))
    if numbered == 0:
        raise UnitError(
            Msg("quantity.syntax.no-number", text=text),
            code="quantity.syntax",
            hint=Msg("quantity.syntax.no-number.hint"),
        )
    if not units:
        raise UnitError(
            Msg("quantity.no-unit", text=f"'{text}'"),
            code="quantity.no-unit",
            hint=Msg("quantity.no-unit.after", text=text.strip()),
        )
    # Units between numbers multiply ("40 person * 12 km" -> "person * km").
    unit = " * ".join(f"({u})" if "/" in u and len(units) > 1 else u for u in units)
    if _SCALED_THEN_PER_RE.search(unit):
        raise UnitError(
            Msg("quantity.ambiguous", text=text), hint=Msg("quantity.ambiguous.hint"), code="quantity.ambiguous"
        )
    return QuantityText(value=value, unit=unit)


def _run_on_number(text: str, number: str, rest: str) -> UnitError:
    """'1.500,5 kWh' or '12 345 kWh': a number that goes on past where it can be read."""
    if rest[:1] in (",", "."):
        return UnitError(
            Msg("quantity.number.decimal-comma", text=text),
            hint=Msg("quantity.number.decimal-comma.hint"),
            code="quantity.number",
        )
    return UnitError(
        Msg("quantity.number.two", text=text, number=number, next=rest.split()[0]),
        hint=Msg("quantity.number.two.hint"),
        code="quantity.number",
    )


def format_number(value: float) -> str:
    """A quantity or factor for people: thousands separators, never scientific notation.

    ``12345678.0`` → ``12,345,678``; ``2e6`` → ``2,000,000``; ``0.000555`` → ``0.000555``;
    ``1e-07`` → ``0.0000001``. The digits are the float's shortest repr, so nothing is rounded.
    """
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    from decimal import Decimal

    text = f"{Decimal(repr(float(value))):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
