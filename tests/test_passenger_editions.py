"""MLIT passenger-km figures after 2006 (``jp-mlit-passenger-2026``, issue 13).

The values pinned here are the figures as the cited third-party reading of MLIT's charts prints
them (Miles-and-miles-away/Seed, Plan/RESEARCH_TRANSPORT.md, g-CO2 per passenger-km), converted by
offsetcalc's unit registry, so a slipped digit, unit or year in the table fails a test. Each row
is taken to hold for its own fiscal year; years without a figure fall back with a warning.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from offsetcalc.factors.tables import load_factors
from offsetcalc.rules.check import check_file
from offsetcalc.units import conversion

from .conftest import run_cli

# Seed, RESEARCH_TRANSPORT.md v1.3: | FY | private car | aviation | bus | rail |
CHART = {
    2021: {"car": 132, "air-domestic": 124, "bus": 90, "rail": 25},
    2022: {"car": 128, "air-domestic": 101, "bus": 71, "rail": 20},
    2023: {"car": 127, "air-domestic": 94, "bus": 63, "rail": 17},
    2024: {"car": 125, "air-domestic": 91, "bus": 57, "rail": 17},
}
CASES = [(fy, mode, g) for fy, row in CHART.items() for mode, g in row.items()]


@pytest.mark.parametrize(("fy", "mode", "grams"), CASES)
def test_each_fiscal_year_gets_its_own_figure(fy: int, mode: str, grams: int) -> None:
    fs = load_factors()
    for day in (dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)):  # first and last day of the fiscal year
        res = fs.resolve(f"transport.passenger.{mode}", day)
        assert res.warnings == [], (day, res.warnings)
        f = res.factor
        assert f.table.id == "jp-mlit-passenger-2026"
        assert f.edition == f"FY{fy}"
        assert f.value * conversion(f.unit, "g-CO2 / (person * km)") == pytest.approx(grams, rel=1e-12)
        assert f.confirmed is False  # read off MLIT's chart images by a third party


def test_fy2008_to_fy2015_fall_back_to_2006_with_a_warning() -> None:
    fs = load_factors()
    old = fs.resolve("transport.passenger.car", dt.date(2007, 4, 1))
    assert old.warnings == [] and old.factor.table.id == "jp-mlit-passenger-2006"
    gap = fs.resolve("transport.passenger.car", dt.date(2015, 6, 1))
    # never a later year's figure for an earlier year
    assert gap.factor.table.id == "jp-mlit-passenger-2006"
    assert gap.warnings and "2015-06-01" in gap.warnings[0]
    first_new = fs.resolve("transport.passenger.car", dt.date(2021, 4, 1)).factor
    assert first_new.valid_from == dt.date(2021, 4, 1)
    assert old.factor.valid_to == dt.date(2008, 3, 31)  # unchanged: FY2008-FY2015 are a gap


NAGOYA_FY2016 = {"car": 141, "bus": 67, "rail": 20}  # Nagoya City Transportation Bureau's quote of MLIT


@pytest.mark.parametrize(("mode", "grams"), sorted(NAGOYA_FY2016.items()))
def test_fy2016_figures_as_nagoya_city_quotes_them(mode: str, grams: int) -> None:
    res = load_factors().resolve(f"transport.passenger.{mode}", dt.date(2016, 10, 1))
    assert res.warnings == []
    f = res.factor
    assert f.table.id == "jp-mlit-passenger-fy2016"
    assert f.value * conversion(f.unit, "g-CO2 / (person * km)") == pytest.approx(grams, rel=1e-12)
    assert f.confirmed is False


def test_fy2017_to_fy2020_fall_back_to_fy2016_and_air_to_2006() -> None:
    fs = load_factors()
    car = fs.resolve("transport.passenger.car", dt.date(2019, 6, 1))
    assert car.factor.table.id == "jp-mlit-passenger-fy2016" and car.warnings
    # no FY2016 air figure was quoted: the latest earlier one is the 2006 table's
    air = fs.resolve("transport.passenger.air-domestic", dt.date(2019, 6, 1))
    assert air.factor.table.id == "jp-mlit-passenger-2006" and air.warnings


def test_fiscal_years_of_the_new_table_neither_overlap_nor_leave_holes() -> None:
    fs = load_factors()
    for mode in ("rail", "bus", "car", "air-domestic"):
        rows = [f for f in fs.by_id[f"transport.passenger.{mode}"] if f.table.id == "jp-mlit-passenger-2026"]
        rows.sort(key=lambda f: f.valid_from)
        assert [f.edition for f in rows] == ["FY2021", "FY2022", "FY2023", "FY2024"]
        for a, b in itertools.pairwise(rows):
            assert b.valid_from == a.valid_to + dt.timedelta(days=1)
        assert all(not (f.spec.valid and f.spec.valid.to_confirmed) for f in rows)  # ends are inferred


EVENT = """offsetcalc: 1
kind: event
title: passenger figures test
period: {{start: {start}, end: {end}}}
activities:
  - {{id: visitors-rail, category: travel, quantity: 2000 person * 30 km, factor: transport.passenger.rail}}
  - {{id: shuttle-bus, category: travel, quantity: 500 person * 12 km, factor: transport.passenger.bus}}
  - {{id: flights, category: travel, quantity: 40 person * 900 km, factor: transport.passenger.air-domestic}}
credits:
  - {{type: J-Credit, quantity: 10 t-CO2, retired_on: 2025-12-15, evidence: notice 1}}
"""


def _event(tmp_path: Path, start: str, end: str) -> Path:
    p = tmp_path / "event.yaml"
    p.write_text(EVENT.format(start=start, end=end), encoding="utf-8")
    return p


def test_fy2023_event_through_the_cli(tmp_path: Path) -> None:
    r = run_cli("compute", str(_event(tmp_path, "2023-10-14", "2023-10-15")), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    lines = {a["id"]: a for a in data["emissions"]["activities"]}
    # by hand, FY2023: 60,000 pkm × 17 g; 6,000 pkm × 63 g; 36,000 pkm × 94 g
    assert lines["visitors-rail"]["t_co2e"] == pytest.approx(1.020, rel=1e-12)
    assert lines["shuttle-bus"]["t_co2e"] == pytest.approx(0.378, rel=1e-12)
    assert lines["flights"]["t_co2e"] == pytest.approx(3.384, rel=1e-12)
    assert not any("no edition" in w or "used anyway" in w for w in data["warnings"]), data["warnings"]
    assert any("jp-mlit-passenger-2026" in w and "not confirmed" in w for w in data["warnings"])


def test_check_warns_not_errs_after_the_last_published_year(tmp_path: Path) -> None:
    # FY2025 has no figure yet: FY2024's is used; its end is inferred, so a warning (not an error).
    result = check_file(_event(tmp_path, "2025-10-11", "2025-10-12"), standard="iso-14068")
    found = [f for f in result.findings if f.rule == "factors.outside-validity"]
    assert found and all(f.severity == "warning" for f in found), [(f.rule, f.severity) for f in found]


def test_factors_list_orders_an_undated_edition_before_dated_ones() -> None:
    # transport.passenger.* has a 2006 edition without a start date beside dated FY rows; listing
    # them once failed with "'<' not supported between instances of 'datetime.date' and 'str'".
    r = run_cli("factors", "list", "--search", "鉄道", "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = [x for x in json.loads(r.stdout) if x["id"] == "transport.passenger.rail"]
    assert [x["edition"] for x in rows] == ["2006-11", "FY2016", "FY2021", "FY2022", "FY2023", "FY2024"]
