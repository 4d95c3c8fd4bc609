"""Sewage per m3 from the built-in tables (``jp-kyoto-pref-sewerage``, issue 13).

The literature values are the figures as Kyoto Prefecture's progress page prints them
("排出量原単位 (t-CO2/千m3) 0.375 … [0.391]"), in the page's unit, converted by offsetcalc's unit
registry, so a slip of digit, unit or year in the table fails a test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from offsetcalc.factors.tables import load_factors
from offsetcalc.units import conversion

from .conftest import compute_event_json

PAGE = {2013: 0.391, 2015: 0.375}  # t-CO2 per thousand m3 treated, FY2013 (base year) and FY2015


@pytest.mark.parametrize(("fy", "per_thousand_m3"), sorted(PAGE.items()))
def test_each_fiscal_year_has_the_page_figure(fy: int, per_thousand_m3: float) -> None:
    res = load_factors().resolve("sewage.jp.kyoto-pref-regional", dt.date(fy, 10, 1))
    assert res.warnings == []
    f = res.factor
    assert f.value * conversion(f.unit, "t-CO2 / (1000 m3)") == pytest.approx(per_thousand_m3, rel=1e-12)
    assert f.value * conversion(f.unit, "g-CO2 / m3") == pytest.approx(per_thousand_m3 * 1000, rel=1e-12)
    assert f.category == "sewage"
    assert f.confirmed is False  # read in a cached copy of the prefecture's page
    assert (f.valid_from, f.valid_to) == (dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31))


def test_fy2014_has_no_figure_and_falls_back_to_fy2013_with_a_warning() -> None:
    res = load_factors().resolve("sewage.jp.kyoto-pref-regional", dt.date(2014, 10, 1))
    assert res.factor.value == pytest.approx(0.391)
    assert res.warnings and "2014-10-01" in res.warnings[0]


def test_event_with_sewage_through_the_cli(tmp_path: Path) -> None:
    activity = "{id: sewage, category: venue, quantity: 120 m3, factor: sewage.jp.kyoto-pref-regional}"
    data = compute_event_json(tmp_path, "2015-11-01", "2015-11-02", activity)
    assert data["emissions"]["total_t_co2e"] == pytest.approx(0.045)  # 120 m3 × 0.375 t / 1000 m3, by hand
    assert any("sewage.jp.kyoto-pref-regional" in w and "not confirmed" in w for w in data["warnings"])


def test_a_sewage_figure_per_m3_where_per_thousand_was_meant_is_flagged(tmp_path: Path) -> None:
    from offsetcalc.factors.validate import validate_tables

    src = Path(load_factors().resolve("sewage.jp.kyoto-pref-regional", None).factor.table.path)
    bad = tmp_path / "sewage.yaml"
    text = src.read_text(encoding="utf-8").replace("table: jp-kyoto-pref-sewerage", "table: my-sewage")
    bad.write_text(text.replace("unit: t-CO2 / (1000 m3)", "unit: t-CO2 / m3", 1), encoding="utf-8")
    report = validate_tables([bad])
    assert any(f.code == "value.implausible" and "sewage" in f.message for f in report.findings)
    assert not any(f.code == "value.implausible" for f in validate_tables().findings)
