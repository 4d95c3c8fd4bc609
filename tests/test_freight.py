"""Trucks by the improved ton-kilo method (改良トンキロ法, offsetcalc.engine.freight).

No worked example of the notice or the joint logistics guideline could be read (issue 13
notes), so the formula is checked against an independent float implementation of the
coefficients as the cited glossary prints them, and the chain (tonne-km × y × fuel factor) is
checked against the fuel factor of the period's SHK edition.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine import freight
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.errors import InputError
from offsetcalc.report.result import result_to_dict
from offsetcalc.rules.check import check_file

# As printed by the f-logi glossary "改良トンキロ法" (the source the data file cites):
# 軽油 ln y = 2.71 − 0.812 ln(x/100) − 0.654 ln z; 揮発油 ln y = 2.67 − 0.927 ln(x/100) − 0.648 ln z.
PRINTED = {"diesel": (2.71, 0.812, 0.654), "gasoline": (2.67, 0.927, 0.648)}


def _y(fuel: str, x: float, z: float) -> float:
    a, b, c = PRINTED[fuel]
    return math.exp(a - b * math.log(x / 100) - c * math.log(z))


def _file(tmp_path: Path, factor: str, *, quantity: str = "12 t * 350 km", start: str = "2025-04-01") -> Path:
    end = (dt.date.fromisoformat(start) + dt.timedelta(days=364)).isoformat()
    p = tmp_path / "freight.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\ntitle: freight test\n"
        f"period: {{start: {start}, end: {end}}}\n"
        "activities:\n"
        f"  - id: truck\n    category: freight\n    quantity: {quantity}\n    factor: {factor}\n"
        "credits:\n  - {type: J-Credit, quantity: 2 t-CO2, retired_on: " + end + ", evidence: notice 1}\n",
        encoding="utf-8",
    )
    return p


DIESEL_4T_62 = "{method: jp-improved-ton-kilo, fuel: diesel, max_payload: 4000 kg, load_factor: 62 %}"


def test_data_file_carries_the_printed_coefficients() -> None:
    m = freight.method()
    for fuel, (a, b, c) in PRINTED.items():
        k = m.fuels[fuel]
        assert (float(k.a), float(k.b), float(k.c)) == (a, b, c)
    assert m.confirmed is False  # the notice itself was not seen


@pytest.mark.parametrize("fuel", ["diesel", "gasoline"])
@pytest.mark.parametrize(("x", "z"), [(10, 1500), (50, 4000), (62, 4000), (100, 10000), (75, 24000)])
def test_fuel_per_tonne_km_matches_an_independent_float_evaluation(fuel: str, x: float, z: float) -> None:
    assert float(freight.fuel_per_tonne_km(fuel, x, z)) == pytest.approx(_y(fuel, x, z), rel=1e-12)


def test_payload_in_kilograms_gives_a_truck_like_fuel_economy() -> None:
    """The unit of z is offsetcalc's inference (kg): a 4,000 kg diesel truck half loaded then
    runs about 4.3 km/L; with z in tonnes it would need ~10.6 L per tonne-km."""
    y = float(freight.fuel_per_tonne_km("diesel", 50, 4000))
    km_per_l = 1 / (y * 2.0)  # 2 t of cargo
    assert 3 < km_per_l < 6


def test_more_load_and_bigger_trucks_use_less_fuel_per_tonne_km() -> None:
    y = freight.fuel_per_tonne_km
    assert y("diesel", 80, 4000) < y("diesel", 40, 4000)
    assert y("diesel", 60, 10000) < y("diesel", 60, 2000)
    assert y("gasoline", 80, 1500) < y("gasoline", 40, 1500)


def test_emissions_are_tonne_km_times_y_times_the_fuel_factor_of_the_period(tmp_path: Path) -> None:
    r = compute(_file(tmp_path, DIESEL_4T_62))
    (a,) = r.activities
    assert a.factor.basis[0].ref == "fuel.diesel"
    assert a.factor.basis[0].table == "jp-shk-fuel-2024"  # FY2025: the 2024 revision, 2.62 t/kL
    assert a.ug / UG_PER_T == pytest.approx(12 * 350 * _y("diesel", 62, 4000) / 1000 * 2.62, rel=1e-12)
    assert a.factor.confirmed is False
    assert any("Improved ton-kilo method" in w and "not confirmed" in w for w in r.warnings)
    assert "jp-shk-fuel-2024" in {t["id"] for t in r.factor_tables}
    d = result_to_dict(r)["emissions"]["activities"][0]["factor"]
    assert d["basis"] == ["fuel.diesel"]
    assert "改良トンキロ法" in d["source"] and "ln y = 2.71" in d["source"]


def test_an_older_period_uses_that_editions_fuel_factor(tmp_path: Path) -> None:
    r = compute(_file(tmp_path, DIESEL_4T_62.replace("diesel", "gasoline"), start="2008-04-01"))
    (a,) = r.activities
    assert (a.factor.basis[0].ref, a.factor.basis[0].table) == ("fuel.gasoline", "jp-shk-fuel-2006")
    assert a.ug / UG_PER_T == pytest.approx(12 * 350 * _y("gasoline", 62, 4000) / 1000 * 2.32, rel=1e-12)


def test_payload_in_tonnes_is_the_same_truck(tmp_path: Path) -> None:
    kg = compute(_file(tmp_path, DIESEL_4T_62)).activities[0].ug
    t = compute(_file(tmp_path, DIESEL_4T_62.replace("4000 kg", "4 t"))).activities[0].ug
    assert kg == t


def test_the_total_is_exact_micrograms_and_order_free(tmp_path: Path) -> None:
    r = compute(_file(tmp_path, DIESEL_4T_62))
    assert isinstance(r.emissions_ug, int) and r.emissions_ug == r.activities[0].ug


@pytest.mark.parametrize(
    ("factor", "code", "key"),
    [
        (DIESEL_4T_62.replace("62 %", "0 %"), "freight.load-factor", "load_factor"),
        (DIESEL_4T_62.replace("62 %", "120 %"), "freight.load-factor", "load_factor"),
        (DIESEL_4T_62.replace("62 %", "62 kg"), "freight.load-factor", "load_factor"),
        (DIESEL_4T_62.replace("4000 kg", "4 km"), "freight.payload", "max_payload"),
        (DIESEL_4T_62.replace("4000 kg", "0 kg"), "freight.payload", "max_payload"),
    ],
)
def test_bad_parameters_are_one_error_at_their_key(tmp_path: Path, factor: str, code: str, key: str) -> None:
    path = _file(tmp_path, factor)
    with pytest.raises(InputError) as exc:
        compute(path)
    errors = getattr(exc.value, "errors", None) or [exc.value]
    (e,) = errors
    assert e.code == code
    line = path.read_text(encoding="utf-8").splitlines()[8]
    col = line.index(f"{key}: ") + len(key) + 3  # the value written after the key
    assert (e.location.line, e.location.column) == (9, col)


def test_a_quantity_that_is_not_tonne_km_is_a_dimension_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        compute(_file(tmp_path, DIESEL_4T_62, quantity="350 km"))
    assert "unit.dimension" in str(getattr(exc.value, "errors", [exc.value])[0].code)


def test_an_unknown_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        compute(_file(tmp_path, DIESEL_4T_62.replace("max_payload", "payload")))
    assert "max_payload" in str(exc.value.render())


def test_check_tests_the_fuel_factor_it_builds_on(tmp_path: Path) -> None:
    """Before the SHK tables begin (FY2005) the diesel factor is out of its validity: the derived
    factor must not hide that (it would if only the derived line were checked)."""
    report = check_file(_file(tmp_path, DIESEL_4T_62, start="2005-04-01"), standard="jp-co", today=dt.date(2026, 1, 1))
    rules = {f.rule for f in report.findings}
    assert "factors.outside-validity" in rules
    assert "factors.unconfirmed" in rules
    assert report.verdict == "fail"
