"""The unit registry: CO2e as a dimension, the field's spellings, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from offsetcalc.errors import UnitError
from offsetcalc.units import conversion, normalise_unit_text, parse_quantity, parse_unit


@pytest.mark.parametrize("text", ["t-CO2", "tCO2", "t-CO2e", "tCO2e", "t_CO2e", "t-CO2eq", "tCO2-eq"])
def test_co2e_tonne_spellings(text: str) -> None:
    assert conversion(text, "kg-CO2") == pytest.approx(1000.0)


@pytest.mark.parametrize(("text", "grams"), [("kg-CO2", 1e3), ("kgCO2e", 1e3), ("g-CO2", 1.0), ("kt-CO2", 1e9)])
def test_co2e_other_spellings(text: str, grams: float) -> None:
    assert conversion(text, "g-CO2") == pytest.approx(grams)


def test_co2e_is_not_mass() -> None:
    with pytest.raises(UnitError, match="a CO2e mass is not a mass"):
        conversion("t-CO2", "t")


def test_factor_unit_with_scale() -> None:
    # 2.23 t-CO2 per 1000 Nm3 is 2.23 kg-CO2 per Nm3
    assert conversion("t-CO2 / (1000 Nm3)", "kg-CO2 / Nm3") == pytest.approx(1.0)


def test_normal_cubic_metre_is_not_a_volume() -> None:
    # Nm3 is gas at 0 °C and 1 atm; m3 of the 2024 tables is at 25 °C and 1 bar.
    with pytest.raises(UnitError, match="a gas volume at normal conditions"):
        conversion("Nm3", "m3")


@pytest.mark.parametrize(
    ("a", "b", "factor"),
    [
        ("kL", "L", 1000.0),
        ("MWh", "kWh", 1000.0),
        ("GJ", "MJ", 1000.0),
        ("t*km", "kg*km", 1000.0),
        ("pkm", "person*km", 1.0),
        ("kt", "t", 1000.0),
        ("m3", "L", 1000.0),
    ],
)
def test_japanese_table_units(a: str, b: str, factor: float) -> None:
    assert conversion(a, b) == pytest.approx(factor)


@pytest.mark.parametrize("text", ["ton", "2 tons", "short_ton"])
def test_ton_is_refused_with_hint(text: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text.split()[-1])
    assert info.value.hint and "'t'" in info.value.hint


def test_dimension_error_names_both_sides_in_words() -> None:
    with pytest.raises(UnitError, match="an energy is not a volume"):
        conversion("kWh", "L")


def test_unknown_unit() -> None:
    with pytest.raises(UnitError, match="unknown unit 'kwhh'"):
        parse_unit("kwhh")


def test_normalise() -> None:
    assert normalise_unit_text("t-CO2 / kL") == "t_CO2e / kL"
    assert normalise_unit_text("tC / GJ") == "t_C / GJ"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,500 kWh", 1500.0, "kWh"),
        ("2.5 MWh", 2.5, "MWh"),
        ("40 person * 12 km", 480.0, "person * km"),
        ("1,234,567.5 L", 1234567.5, "L"),
        ("3e2 kL", 300.0, "kL"),
    ],
)
def test_parse_quantity(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert q.value == value
    assert q.unit == unit


@pytest.mark.parametrize("text", ["kWh", "12", "", "  * km"])
def test_parse_quantity_refuses(text: str) -> None:
    with pytest.raises(UnitError):
        parse_quantity(text)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_same_activity_in_l_or_kl(litres: float) -> None:
    from offsetcalc.engine.compute import FactorUse, emissions_ug

    f = FactorUse(ref="x", value=2.32, unit="t-CO2 / kL", source="test", confirmed=True)
    in_l = emissions_ug([litres], [1.0], ["L"], [f])
    in_kl = emissions_ug([litres / 1000], [1.0], ["kL"], [f])
    # the same activity may differ only by float rounding of the /1000: at most 1 µg per 1e12 µg
    assert abs(in_l[0] - in_kl[0]) <= max(1, in_l[0] // 10**12)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_same_activity_in_kwh_or_mwh(kwh: float) -> None:
    from offsetcalc.engine.compute import FactorUse, emissions_ug

    f = FactorUse(ref="x", value=0.000555, unit="t-CO2 / kWh", source="test", confirmed=True)
    a = emissions_ug([kwh], [1.0], ["kWh"], [f])[0]
    b = emissions_ug([kwh / 1000], [1.0], ["MWh"], [f])[0]
    assert abs(a - b) <= max(1, a // 10**12)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("１８０ L", 180.0, "L"),  # full-width digits, as Japanese input methods type them
        ("１，５００ ｋＷｈ", 1500.0, "kWh"),
        ("1,000,000 kWh", 1e6, "kWh"),
        ("1,500.5 kWh", 1500.5, "kWh"),
        ("2 * 1000 Nm3", 2000.0, "Nm3"),
    ],
)
def test_parse_quantity_number_forms(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.500,5 kWh", "decimal comma"),  # was read as 1.5 with a unit of ',5 kWh'
        ("1,5 kWh", "decimal comma"),
        ("1,500,5 kWh", "decimal comma"),
        ("12 345 kWh", "a space does not group thousands"),  # was read as 12 × 345 kWh
        ("10 1000 Nm3", "{value: 3, unit: 1000 Nm3}"),
    ],
)
def test_parse_quantity_refuses_numbers_it_would_misread(text: str, hint: str) -> None:
    with pytest.raises(UnitError) as exc:
        parse_quantity(text)
    assert exc.value.code == "quantity.number"
    assert hint in (exc.value.hint or "")


def test_parse_number() -> None:
    from offsetcalc.units import parse_number

    assert parse_number("1,500.5") == 1500.5
    assert parse_number(" ２.５e3 ") == 2500.0
    for bad in ("1,50", "1.500,5", "1,5000", "12 345", "abc", ""):
        with pytest.raises(UnitError):
            parse_number(bad)


@pytest.mark.parametrize(
    ("a", "b", "factor"),
    [
        ("Nm³", "Nm3", 1.0),  # a normal cubic metre, not newton × m³
        ("Nm^3", "Nm3", 1.0),
        ("t-CO2 / 1000 Nm3", "t-CO2 / Nm3", 0.001),  # per thousand Nm3, not (t/1000) × Nm3
        ("t-CO2/千Nm3", "t-CO2 / Nm3", 0.001),  # 千 = thousand, as SHK tables write it
        ("GJ/1000 m3", "GJ / m3", 0.001),
        ("ｔ－ＣＯ２／ｋＬ", "t-CO2 / kL", 1.0),  # full-width
        ("t-co2/kL", "t-CO2 / kL", 1.0),
        ("tCO2E / kWh", "t-CO2 / kWh", 1.0),
        ("m³", "m3", 1.0),
    ],
)
def test_unit_spellings(a: str, b: str, factor: float) -> None:
    assert conversion(a, b) == pytest.approx(factor, rel=1e-12)


def test_comma_in_unit_is_refused() -> None:
    """pint drops commas silently: 'kWh,kWh' would be kWh²."""
    with pytest.raises(UnitError, match="holds a comma"):
        parse_unit("kWh,kWh")


# --------------------------------------------------------------------------- issue 13: counts, money, compounds


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1600 vehicle * 20 km", 32000.0, "vehicle * km"),
        ("1600 台 * 20 km", 32000.0, "台 * km"),
        ("12 team", 12.0, "team"),
        ("3 百万円", 3.0, "百万円"),
    ],
)
def test_counts_and_money_multiply_like_person(text: str, value: float, unit: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.unit) == (value, unit)
    parse_unit(q.unit)  # known to the registry


@pytest.mark.parametrize(
    ("a", "b", "factor"),
    [
        ("台 * km", "vehicle * km", 1.0),
        ("百万円", "JPY", 1e6),
        ("千円", "JPY", 1e3),
        ("t-CO2 / 百万円", "kg-CO2 / JPY", 1e-3),
        ("g-CO2 / (台・km)", "g-CO2 / (vehicle * km)", 1.0),
    ],
)
def test_japanese_count_and_currency_words(a: str, b: str, factor: float) -> None:
    assert conversion(a, b) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize(
    ("a", "b"),
    [("vehicle * km", "person * km"), ("team", "person"), ("JPY", "person"), ("copy", "sheet"), ("lap", "km")],
)
def test_each_count_is_its_own_dimension(a: str, b: str) -> None:
    with pytest.raises(UnitError) as info:
        conversion(a, b)
    assert info.value.code == "unit.dimension"


def test_distance_over_fuel_economy_needs_parentheses() -> None:
    with pytest.raises(UnitError) as info:
        parse_quantity("10,000 km / 8 km/L")
    assert info.value.code == "quantity.ambiguous"
    assert "(8 km/L)" in (info.value.hint or "")
    q = parse_quantity("10,000 km / (8 km/L)")
    assert q.value * conversion(q.unit, "L") == pytest.approx(1250.0)


def _cache_run(cache: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OFFSETCALC_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_unit_cache_answers_without_pint_and_never_keeps_errors(tmp_path: Path) -> None:
    ask = (
        "from offsetcalc.units import conversion, parse_unit\n"
        "from offsetcalc.errors import UnitError\n"
        "print(round(conversion('t-CO2 / 1000 Nm3', 'kg-CO2 / Nm3'), 9), parse_unit('kWh').dimensionality)\n"
        "try:\n    parse_unit('kWhh')\nexcept UnitError as e:\n    print(e.message)\n"
    )
    first = _cache_run(tmp_path, ask)
    assert first.returncode == 0, first.stderr
    (cached,) = tmp_path.glob("units-*.json")
    # Known questions are answered from the cache, without importing pint; an unknown
    # unit still goes to pint (errors are not cached), with pint's message.
    known = ask.split("try:")[0] + "import sys\nprint('pint' in sys.modules)\n"
    second = _cache_run(tmp_path, known)
    assert second.stdout.splitlines() == [first.stdout.splitlines()[0], "False"], second.stderr
    assert _cache_run(tmp_path, ask).stdout == first.stdout
    assert "kWhh" not in cached.read_text(encoding="utf-8")
    # A damaged cache is an empty one: pint answers and the file is written again.
    cached.write_text("{not json", encoding="utf-8")
    third = _cache_run(tmp_path, ask)
    assert third.stdout == first.stdout and json.loads(cached.read_text(encoding="utf-8"))["format"] == 1


def test_unit_cache_off_writes_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "OFFSETCALC_CACHE_DIR": "off", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    code = "from offsetcalc.units import conversion\nprint(conversion('MWh', 'kWh'))"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    # (pint keeps its own definitions cache in XDG_CACHE_HOME/pint; offsetcalc writes nothing)
    assert proc.stdout.strip() == "1000.0" and not list(tmp_path.rglob("units-*.json"))


def _aged(path: Path, seconds: float) -> Path:
    import time

    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)
    return path


def test_a_new_unit_cache_prunes_other_versions_unused_for_a_day(tmp_path: Path) -> None:
    """Each pint or offsetcalc version keys its own units-*.json; they were never deleted (72 in one folder)."""
    from offsetcalc import unit_cache

    day = unit_cache.STALE_AFTER
    old = tmp_path / f"units-{'a' * 24}.json"  # another version's, unused for a day
    recent = tmp_path / f"units-{'b' * 24}.json"  # another version's, in use
    orphan = tmp_path / f"units-{'c' * 24}.json.77.tmp"  # a killed writer's
    writing = tmp_path / f"units-{'d' * 24}.json.78.tmp"  # being written now
    factors = tmp_path / f"factors-{'e' * 24}.json"  # the factor cache's: not the unit cache's
    for f in (old, recent, orphan, writing, factors):
        f.write_text("{}", encoding="utf-8")
    for f in (old, orphan, factors):
        _aged(f, day + 60)
    _aged(recent, day - 600)
    run = _cache_run(tmp_path, "from offsetcalc.units import conversion\nprint(conversion('MWh', 'kWh'))")
    assert run.stdout.strip() == "1000.0", run.stderr
    mine = [p.name for p in tmp_path.glob("units-*.json") if p not in (old, recent)]
    assert len(mine) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*mine, recent.name, writing.name, factors.name])


def test_a_unit_cache_in_use_is_marked_used(tmp_path: Path) -> None:
    from offsetcalc import unit_cache

    code = "from offsetcalc.units import conversion\nprint(conversion('MWh', 'kWh'))"
    assert _cache_run(tmp_path, code).returncode == 0
    (mine,) = tmp_path.glob("units-*.json")
    _aged(mine, unit_cache.STALE_AFTER + 60)  # written long ago
    assert _cache_run(tmp_path, code).stdout.strip() == "1000.0"  # answered from it, nothing new to write
    assert mine.stat().st_mtime > __import__("time").time() - 60  # marked used: another version keeps it
    mine.write_text("{not json", encoding="utf-8")
    _aged(mine, unit_cache.STALE_AFTER + 60)
    unit_cache.clear_memory()
    # a damaged cache is not marked used (the run rewrites it with pint's answers)
    assert _cache_run(tmp_path, code).stdout.strip() == "1000.0"
    assert json.loads(mine.read_text(encoding="utf-8"))["format"] == 1


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        # A prefixed length to a power is the power of the prefixed length: dm3 was 0.1 m3 (deci-"m3")
        # and cm2 0.01 m2 while "m3" was a unit of its own; km3 with superscript is SI's cubic kilometre.
        ("dm3", "m**3", 1e-3),
        ("mm3", "m**3", 1e-9),
        ("cm3", "m**3", 1e-6),
        ("hm3", "m**3", 1e6),
        ("cm2", "m**2", 1e-4),
        ("mm2", "m**2", 1e-6),
        ("dm2", "m**2", 1e-2),
        ("km2", "m**2", 1e6),
        ("m²", "m2", 1.0),
        ("ｍ３", "L", 1000.0),
        ("km³", "m3", 1e9),
        ("千m3", "m3", 1000.0),
        ("t-CO2 / 1000 m3", "g-CO2 / m3", 1000.0),
        ("kNm3", "Nm3", 1000.0),
    ],
)
def test_prefixed_areas_and_volumes_are_powers_of_the_prefixed_length(text: str, base: str, expected: float) -> None:
    assert conversion(text, base) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("text", ["km3", "Mm3", "MMm3", "Gm3", "t-CO2 / km3", "GJ/Mm3"])
def test_gas_trade_volume_prefixes_are_ambiguous(text: str) -> None:
    # 'Mm3' is a thousand m3 in the gas trade (M = mille) or 10^18 m3 in SI; a silent reading either way
    # is a factor of a million. 'kNm3' (thousand normal m3) is unambiguous and stays.
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.code == "unit.ambiguous"
    assert "1000 m3" in str(info.value.hint)
