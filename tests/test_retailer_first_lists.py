"""The first two retailer lists: FY2005 data (初期値, 2007-03-23) and FY2006 data (2007-09-27).

Each value is pinned to the figure printed in the copy the table cites (EIC's news of the
ministries' publication; t-CO2/kWh), and each list is checked to apply to the fiscal year
after its data (the rule of MOE press release 101275, inferred for these first lists) from
its first to its last day, with the next list taking over the day after. A supplier a later
list leaves out (Hokuriku in the FY2007-data list: above the default, so not published) must
not silently keep the earlier figure.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offsetcalc.factors.tables import load_factors
from offsetcalc.rules.check import check_file
from offsetcalc.units import conversion

FY2005 = "jp-electricity-retailers-fy2005"
FY2006 = "jp-electricity-retailers-fy2006"
FY2007 = "jp-electricity-retailers-fy2007"

# EIC news 15604 (2007-03-26), copy of the 2007-03-23 publication: "北海道電力(株)(排出係数:
# 二酸化炭素換算で1キロワットあたり0.000502トン)、東北電力(株)(同0.000510トン)…"
PRINTED_FY2005 = {
    "hokkaido": 0.000502,
    "tohoku": 0.000510,
    "tepco": 0.000368,
    "chubu": 0.000452,
    "kepco": 0.000358,
    "shikoku": 0.000378,
    "kyushu": 0.000365,
}
# EIC news 17438 (2007-09-27): "北海道電力(株)(…0.000479トン)…エネサーブ(株)(同0.000423トン)"
PRINTED_FY2006 = {
    "hokkaido": 0.000479,
    "tohoku": 0.000441,
    "tepco": 0.000339,
    "chubu": 0.000481,
    "hokuriku": 0.000457,
    "kepco": 0.000338,
    "shikoku": 0.000368,
    "kyushu": 0.000375,
    "erex": 0.000429,
    "enesave": 0.000423,
}


def _t_per_kwh(f) -> float:
    return f.value * conversion(f.unit, "t-CO2 / kWh")


def _rows(table: str) -> dict[str, object]:
    return {f.spec.id: f for f in load_factors().all() if f.table.id == table}


@pytest.mark.parametrize(("table", "printed"), [(FY2005, PRINTED_FY2005), (FY2006, PRINTED_FY2006)])
def test_every_row_is_the_printed_figure_and_nothing_else(table: str, printed: dict[str, float]) -> None:
    rows = _rows(table)
    assert set(rows) == {f"electricity.jp.{k}.basic" for k in printed}  # no row beyond those read
    for key, value in printed.items():
        f = rows[f"electricity.jp.{key}.basic"]
        assert _t_per_kwh(f) == pytest.approx(value, abs=5e-10), key
        assert f.spec.confirmed is False  # read in a copy, not in the ministry's own table
        assert _t_per_kwh(f) < 0.000555  # only factors below the default were published


def test_hokuriku_fy2005_misprint_is_not_built_in() -> None:
    # Printed "0.0000407" in the copy; neither that nor a guessed correction is shipped.
    assert "electricity.jp.hokuriku.basic" not in _rows(FY2005)


# (day, table expected, t-CO2/kWh of TEPCO on that day)
TEPCO_BY_DAY = [
    (date(2006, 4, 1), FY2005, 0.000368),  # first day of FY2006: FY2005 data
    (date(2007, 3, 31), FY2005, 0.000368),  # last day of FY2006
    (date(2007, 4, 1), FY2006, 0.000339),  # FY2007: FY2006 data takes over
    (date(2008, 3, 31), FY2006, 0.000339),
    (date(2008, 4, 1), FY2007, 0.000425),  # FY2008: FY2007 data (EIC 19705)
]


@pytest.mark.parametrize(("day", "table", "value"), TEPCO_BY_DAY)
def test_each_list_applies_to_the_fiscal_year_after_its_data(day: date, table: str, value: float) -> None:
    res = load_factors().resolve("electricity.jp.tepco.basic", day)
    assert res.factor.table.id == table
    assert _t_per_kwh(res.factor) == pytest.approx(value, abs=5e-10)
    assert res.warnings == []


def test_before_the_first_list_the_first_list_is_used_with_a_warning() -> None:
    res = load_factors().resolve("electricity.jp.kyushu.basic", date(2006, 3, 31))
    assert res.factor.table.id == FY2005
    assert any("no edition" in w and "2006-03-31" in w for w in res.warnings)


def test_hokuriku_left_out_of_the_fy2007_list_warns_in_fy2008() -> None:
    # The FY2006-data figure ends on 2008-03-31; Hokuriku has no FY2007-data row (above the
    # default), so FY2008 falls back to it with a warning, and a check of a FY2008 file fails.
    res = load_factors().resolve("electricity.jp.hokuriku.basic", date(2008, 4, 1))
    assert res.factor.table.id == FY2006
    assert any("no edition" in w for w in res.warnings)


def test_checking_fy2008_with_hokuriku_fy2006_figure_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "org.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: organization\ntitle: t\noffsetter: o\n"
        "period: {start: 2008-04-01, end: 2009-03-31}\n"
        "activities:\n  - {id: power, scope: 2, quantity: '100,000 kWh', factor: electricity.jp.hokuriku.basic}\n"
        "credits:\n  - {type: J-VER, quantity: 100 t-CO2, retired_on: 2009-05-01, evidence: notice 1}\n",
        encoding="utf-8",
    )
    result = check_file(p, standard="iso-14068")
    found = [f for f in result.findings if f.rule == "factors.outside-validity"]
    assert found and any(f.severity == "error" for f in found), [(f.rule, f.severity) for f in found]
