"""Scope 2 both ways (offsetcalc.engine.scope2): location- and market-based side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.errors import InputErrors
from offsetcalc.report.result import result_to_dict

HEAD = """offsetcalc: 1
kind: organization
title: Scope 2 test
period: {{start: {start}, end: {end}}}
gwp: AR4
{extra}
activities:
  - {{id: power, scope: 2, quantity: '1,000,000 kWh', factor: electricity.jp.kyushu.adjusted{lf}}}
  - {{id: gas, scope: 1, quantity: 10 kL, factor: fuel.kerosene}}
"""


def _file(tmp_path: Path, start: str = "2019-04-01", end: str = "2020-03-31", extra: str = "", lf: str = "") -> Path:
    p = tmp_path / "org.yaml"
    p.write_text(HEAD.format(start=start, end=end, extra=extra, lf=lf), encoding="utf-8")
    return p


def test_fy2019_both_figures_market_used_by_default(tmp_path: Path) -> None:
    r = compute(_file(tmp_path))
    s2 = result_to_dict(r)["emissions"]["scope2"]
    assert s2["method"] == "market"
    # Kyushu Electric FY2018 adjusted 0.347 and the national average 0.462 kg-CO2/kWh (FY2018 data)
    assert s2["market_based_t_co2e"] == pytest.approx(347.0)
    assert s2["location_based_t_co2e"] == pytest.approx(462.0)
    power = next(a for a in r.activities if a.id == "power")
    assert power.ug == 347 * UG_PER_T


def test_location_method_changes_the_total_and_the_line(tmp_path: Path) -> None:
    market = compute(_file(tmp_path))
    loc = compute(_file(tmp_path, extra="scope2_method: location"))
    assert loc.emissions_ug - market.emissions_ug == (462 - 347) * UG_PER_T
    power = next(a for a in loc.activities if a.id == "power")
    assert power.factor.ref == "electricity.jp.national-average"
    assert sum(a.ug for a in loc.activities) == loc.emissions_ug  # the lines still add up
    assert result_to_dict(loc)["emissions"]["scope2"]["method"] == "location"


def test_location_method_without_a_grid_factor_for_the_year_is_an_error(tmp_path: Path) -> None:
    p = _file(tmp_path, start="2012-04-01", end="2013-03-31", extra="scope2_method: location")
    with pytest.raises(InputErrors) as info:
        compute(p)
    err = info.value.errors[0]
    assert err.code == "scope2.location-factor"
    assert err.location.line == 8  # the activity's line


def test_without_a_grid_factor_market_is_used_and_location_is_null(tmp_path: Path) -> None:
    r = compute(_file(tmp_path, start="2012-04-01", end="2013-03-31"))
    s2 = result_to_dict(r)["emissions"]["scope2"]
    assert s2["location_based_t_co2e"] is None


def test_inline_location_factor(tmp_path: Path) -> None:
    lf = ", location_factor: {value: 0.5, unit: kg-CO2 / kWh, source: 'test grid factor'}"
    r = compute(_file(tmp_path, start="2012-04-01", end="2013-03-31", extra="scope2_method: location", lf=lf))
    assert result_to_dict(r)["emissions"]["scope2"]["location_based_t_co2e"] == pytest.approx(500.0)


def test_events_have_no_scope2_summary() -> None:
    from .conftest import ROOT

    assert "scope2" not in result_to_dict(compute(ROOT / "examples" / "conference-2025.yaml"))["emissions"]
