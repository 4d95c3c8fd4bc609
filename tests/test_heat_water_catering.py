"""Purchased heat, water and catering from the built-in tables (issue 13).

``jp-shk-heat-2006``: SHK's default factors for steam, hot and chilled water per GJ;
``jp-nies-lifestyle-2021``: eating out per thousand yen and household water per m3 (Koide et al.
2021). Every row is unconfirmed (see the tables' notes): the literature values pinned here are
the figures as the cited copies print them, in the copies' own units, converted by offsetcalc's
unit registry, so a slip of unit or digit in the tables fails a test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.factors.tables import Factor, load_factors
from offsetcalc.report.result import result_to_dict
from offsetcalc.units import conversion

from .conftest import compute_event_json, run_cli

# As printed by the copies the tables cite, in the copies' units.
HEAT_T_PER_MJ = {  # third-party transcription of the SHK defaults (t-CO2/MJ)
    "heat.jp.steam-industrial": 0.0000600,
    "heat.jp.hot-water": 0.0000570,
    "heat.jp.chilled-water": 0.0000570,
}
KOIDE = {  # codeforjapan/JibungotoPlanet-backend data/footprint.csv (kgCO2e per 000JPY, per m3)
    "catering.restaurant.spend": (2.972239521, "kg-CO2e / kJPY"),
    "catering.bar-cafe.spend": (2.991595476, "kg-CO2e / kJPY"),
    "water.household.m3": (0.584462203, "kg-CO2e / m3"),
}


def _factor(fid: str) -> Factor:
    return load_factors().resolve(fid, None).factor


@pytest.mark.parametrize(("fid", "per_mj"), sorted(HEAT_T_PER_MJ.items()))
def test_heat_defaults_match_the_transcribed_values(fid: str, per_mj: float) -> None:
    f = _factor(fid)
    assert f.category == "purchased-heat"
    assert f.value * conversion(f.unit, "t-CO2 / MJ") == pytest.approx(per_mj, rel=1e-9)
    assert f.confirmed is False  # neither the ordinance nor the ministries' list was read


def test_heat_default_for_non_industrial_steam_is_not_built_in() -> None:
    # The scheme lists 蒸気（産業用のものは除く）, but no copy seen gave its value (README gaps).
    ids = {f.id for f in load_factors().all()}
    assert {"heat.jp.steam-industrial", "heat.jp.hot-water", "heat.jp.chilled-water"} <= ids
    assert not any(i.startswith("heat.") and "non-industrial" in i for i in ids)


@pytest.mark.parametrize(("fid", "printed"), sorted(KOIDE.items()))
def test_koide_intensities_match_the_cited_copy(fid: str, printed: tuple[float, str]) -> None:
    value, unit = printed
    f = _factor(fid)
    assert f.value * conversion(f.unit, unit) == pytest.approx(value, rel=1e-12)
    assert f.confirmed is False


def test_restaurant_intensity_per_million_yen() -> None:
    # MOE's database states spend factors per 百万円: the same row read that way.
    f = _factor("catering.restaurant.spend")
    assert f.value * conversion(f.unit, "t-CO2 / 百万円") == pytest.approx(2.972239521, rel=1e-12)


EVENT = """offsetcalc: 1
kind: event
title: catering and water test
period: {start: 2025-11-10, end: 2025-11-12}
activities:
  - {id: lunch, category: catering, quantity: '1,440,000 円', factor: catering.restaurant.spend}
  - {id: cafe, category: catering, quantity: '2.5 百万円', factor: catering.bar-cafe.spend}
  - {id: water, category: venue, quantity: 90 m3, factor: water.household.m3}
credits:
  - {type: J-Credit, quantity: 20 t-CO2, retired_on: 2025-12-15, evidence: notice 1}
"""


def test_event_with_catering_and_water_computes_through_the_cli(tmp_path: Path) -> None:
    p = tmp_path / "event.yaml"
    p.write_text(EVENT, encoding="utf-8")
    r = run_cli("compute", str(p), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    lines = {a["id"]: a for a in data["emissions"]["activities"]}
    # by hand: 1440 thousand yen × 2.972239521 kg; 2500 thousand yen × 2.991595476 kg; 90 m3 × 0.584462203 kg
    assert lines["lunch"]["t_co2e"] == pytest.approx(1440 * 2.972239521 / 1000, rel=1e-12)
    assert lines["cafe"]["t_co2e"] == pytest.approx(2500 * 2.991595476 / 1000, rel=1e-12)
    assert lines["water"]["t_co2e"] == pytest.approx(90 * 0.584462203 / 1000, rel=1e-12)
    assert data["emissions"]["total_t_co2e"] == pytest.approx(4.28002491024 + 7.47898869 + 0.05260159827)
    assert any("catering.restaurant.spend" in w and "not confirmed" in w for w in data["warnings"])


ORG = """offsetcalc: 1
kind: organization
title: heat test
period: {{start: {start}, end: {end}}}
gwp: AR4
{extra}
activities:
  - {{id: power, scope: 2, quantity: '1,000,000 kWh', factor: electricity.jp.kyushu.adjusted}}
  - {{id: dhc-cold, scope: 2, quantity: '1,000 GJ', factor: heat.jp.chilled-water}}
  - {{id: steam, scope: 2, quantity: '2,000 GJ', factor: heat.jp.steam-industrial}}
"""


def _org(tmp_path: Path, start: str = "2019-04-01", end: str = "2020-03-31", extra: str = "") -> Path:
    p = tmp_path / "org.yaml"
    p.write_text(ORG.format(start=start, end=end, extra=extra), encoding="utf-8")
    return p


def test_heat_in_an_fy2019_organisation(tmp_path: Path) -> None:
    r = compute(_org(tmp_path))
    acts = {a.id: a for a in r.activities}
    assert acts["dhc-cold"].ug == 57 * UG_PER_T  # 1000 GJ × 0.057 t-CO2/GJ
    assert acts["steam"].ug == 120 * UG_PER_T  # 2000 GJ × 0.060
    assert not any("no edition" in w for w in r.warnings)  # FY2019 is inside the defaults' validity


def test_heat_is_not_priced_as_grid_electricity_location_based(tmp_path: Path) -> None:
    # Before this pass a GJ of heat was converted to kWh and given the national
    # electricity average (1000 GJ = 277,778 kWh × 0.462 kg = 128 t instead of 57 t).
    s2 = result_to_dict(compute(_org(tmp_path)))["emissions"]["scope2"]
    # Kyushu adjusted FY2018 data 0.347, national average 0.462 kg-CO2/kWh; heat the same both ways
    assert s2["market_based_t_co2e"] == pytest.approx(347.0 + 57.0 + 120.0)
    assert s2["location_based_t_co2e"] == pytest.approx(462.0 + 57.0 + 120.0)
    loc = compute(_org(tmp_path, extra="scope2_method: location"))
    acts = {a.id: a for a in loc.activities}
    assert acts["dhc-cold"].factor.ref == "heat.jp.chilled-water"
    assert acts["power"].factor.ref == "electricity.jp.national-average"
    assert sum(a.ug for a in loc.activities) == loc.emissions_ug


def test_heat_after_the_2024_revision_is_a_warning_not_a_silent_default(tmp_path: Path) -> None:
    r = compute(_org(tmp_path, start="2024-04-01", end="2025-03-31"))
    assert any("heat.jp.chilled-water" in w and "2024-04-01" in w for w in r.warnings), r.warnings


def test_a_heat_factor_in_kg_where_t_was_meant_is_flagged(tmp_path: Path) -> None:
    from offsetcalc.factors.validate import validate_tables

    text = (Path(load_factors().resolve("heat.jp.hot-water", None).factor.table.path)).read_text(encoding="utf-8")
    bad = tmp_path / "heat.yaml"
    bad.write_text(text.replace("table: jp-shk-heat-2006", "table: my-heat").replace("value: 0.057", "value: 57", 1))
    report = validate_tables([bad])
    assert any(f.code == "value.implausible" and "purchased-heat" in f.message for f in report.findings)
    assert not any(f.code == "value.implausible" for f in validate_tables().findings)


TOKYO_G_PER_M3 = {"2019-04-01": 253, "2020-04-01": 245, "2021-04-01": 235, "2022-04-01": 239}  # bureau's page


@pytest.mark.parametrize(("start", "grams"), sorted(TOKYO_G_PER_M3.items()))
def test_tokyo_waterworks_figure_of_each_fiscal_year(start: str, grams: int) -> None:
    import datetime as dt

    day = dt.date.fromisoformat(start)
    res = load_factors().resolve("water.jp.tokyo-waterworks", day)
    assert res.warnings == []
    f = res.factor
    assert f.value * conversion(f.unit, "g-CO2 / m3") == pytest.approx(grams, rel=1e-12)
    assert f.confirmed is True  # read on the bureau's own page
    assert f.valid_to == day.replace(year=day.year + 1) - dt.timedelta(days=1)  # one fiscal year


def test_tokyo_water_after_the_last_published_year_falls_back_with_a_warning(tmp_path: Path) -> None:
    activity = "{id: water, category: venue, quantity: 1000 m3, factor: water.jp.tokyo-waterworks}"
    data = compute_event_json(tmp_path, "2024-06-01", "2024-06-02", activity)
    assert data["emissions"]["total_t_co2e"] == pytest.approx(0.239)  # FY2022's 239 g × 1000 m3
    assert any("water.jp.tokyo-waterworks" in w and "2024-06-01" in w for w in data["warnings"]), data["warnings"]


def test_heat_after_the_revision_has_one_factor_that_begins_where_the_defaults_end() -> None:
    import datetime as dt

    fs = load_factors()
    new = fs.resolve("heat.jp.default", dt.date(2023, 4, 1))
    assert new.warnings == []
    # transcription "熱 代替値（省令の排出係数）" 0.0532 t-CO2/GJ
    assert new.factor.value * conversion(new.factor.unit, "t-CO2 / GJ") == pytest.approx(0.0532, rel=1e-12)
    assert new.factor.confirmed is False
    old_end = fs.resolve("heat.jp.hot-water", dt.date(2022, 4, 1)).factor.valid_to
    assert new.factor.valid_from == old_end + dt.timedelta(days=1)  # no gap, no overlap
    assert fs.resolve("heat.jp.default", dt.date(2023, 3, 31)).warnings  # not before the revision


def test_fy2024_organisation_with_heat_after_the_revision(tmp_path: Path) -> None:
    p = tmp_path / "org.yaml"
    p.write_text(
        ORG.format(start="2024-04-01", end="2025-03-31", extra="").replace(
            "factor: heat.jp.chilled-water", "factor: heat.jp.default"
        ),
        encoding="utf-8",
    )
    r = compute(p)
    acts = {a.id: a for a in r.activities}
    assert acts["dhc-cold"].ug == 532 * UG_PER_T // 10  # 1000 GJ × 0.0532 t-CO2/GJ = 53.2 t
    assert not any("heat.jp.default" in w and "no edition" in w for w in r.warnings)
    s2 = result_to_dict(r)["emissions"]["scope2"]
    assert s2["location_factors"] and "heat.jp.default" in s2["location_factors"]
