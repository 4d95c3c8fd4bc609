"""CSV factor tables (rows under a YAML header): loading, locations of faults, resolution by year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offsetcalc.errors import InputErrors
from offsetcalc.factors.tables import load_factors, load_table
from offsetcalc.factors.validate import diff_tables, validate_tables

HEADER = """\
# Free comment lines come first; the YAML header starts at its first key.
# offsetcalc-factors: 1
# table: test-csv
# title: A test list
# publisher: offsetcalc tests
# document: >-
#   A folded document name
# edition: "1"
# url_note: test data
# valid: {from: 2019-04-01, to: 2020-03-31}
"""


def _write(tmp_path: Path, rows: str, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_text(HEADER + rows, encoding="utf-8")
    return p


def test_rows_become_factors_with_the_header_provenance(tmp_path):
    p = _write(
        tmp_path,
        "id,name,category,value,unit,confirmed,valid_to,gases.CH4\n"
        'a.one,"One, with a comma",grid-electricity,0.000319,t-CO2 / kWh,true,,\n'
        "a.two,Two,grid-electricity,0.5,kg-CO2 / kWh,false,2019-12-31,\n",
    )
    t = load_table(p)
    assert t.spec.document == "A folded document name"
    one, two = t.spec.factors
    assert (one.id, one.name, one.value, one.confirmed) == ("a.one", "One, with a comma", 0.000319, True)
    assert two.confirmed is False and two.valid is not None and str(two.valid.to) == "2019-12-31"
    fs = load_factors([p], builtin=False)
    assert fs.resolve("a.one", date(2019, 6, 1)).factor.valid_from == date(2019, 4, 1)


def test_a_bad_cell_is_reported_at_its_line_and_column(tmp_path):
    rows = "id,name,category,value,unit,confirmed\n" + 'a.one,"x, y",grid-electricity,0.3x,t-CO2 / kWh,yes\n'
    p = _write(tmp_path, rows)
    line = HEADER.count("\n") + 2
    with pytest.raises(InputErrors) as exc:
        load_table(p)
    locs = {(e.location.line, e.location.column) for e in exc.value.errors}
    row = rows.splitlines()[1]
    assert (line, row.index("0.3x") + 1) in locs  # 'value' is not a number
    assert (line, row.index("yes") + 1) in locs  # 'confirmed' is not true/false


def test_validate_checks_csv_tables_like_yaml_ones(tmp_path):
    p = _write(
        tmp_path,
        "id,name,category,value,unit,confirmed\na.one,One,grid-electricity,0.000319,t-CO2 / kWh,true\n"
        "a.one,Again,grid-electricity,0.000319,t-CO2 / kWh,true\n",
    )
    report = validate_tables([p])
    dup = [f for f in report.findings if f.code == "id.duplicate"]
    assert dup and dup[0].line == HEADER.count("\n") + 3


def test_diff_reads_csv_and_yaml(tmp_path):
    cols = "id,name,category,value,unit,confirmed\n"
    old = _write(tmp_path, cols + "a.one,One,grid-electricity,0.0003,t-CO2 / kWh,true\n")
    new = _write(
        tmp_path, "id,name,category,value,unit,confirmed\na.one,One,grid-electricity,0.0004,t-CO2 / kWh,true\n", "n.csv"
    )
    d = diff_tables([old], [new])
    assert [c["id"] for c in d.changed] == ["a.one"]


def test_fy2019_activity_gets_the_list_of_fy2018_results():
    """The list of FY N-1 results applies to FY N emissions (MOE press release 101275)."""
    fs = load_factors()
    fy2019 = fs.resolve("electricity.jp.kyushu.basic", date(2019, 4, 1)).factor
    assert fy2019.table.id == "jp-electricity-retailers-fy2018"
    assert fy2019.value == pytest.approx(0.000319, abs=5e-7)  # Kyushu Electric, 0.319 kg-CO2/kWh
    assert fs.resolve("electricity.jp.kyushu.adjusted", date(2020, 3, 31)).factor.value == pytest.approx(0.000347)
    fy2014 = fs.resolve("electricity.jp.kyushu.basic", date(2014, 4, 1)).factor
    assert fy2014.table.id == "jp-electricity-retailers-fy2013"
    national = fs.resolve("electricity.jp.national-average", date(2019, 10, 1)).factor
    assert national.value == pytest.approx(0.000462)


@pytest.mark.parametrize(
    ("ident", "day", "table", "t_per_kwh"),
    [
        # MOE press release 10574 (2008-12-19), first row: FY2007 data for FY2008 emissions
        ("electricity.jp.hokkaido.basic", date(2008, 4, 1), "jp-electricity-retailers-fy2007", 0.000517),
        # KEPCO release 2010-07-21: 実排出係数 0.294 kg-CO2/kWh (FY2009 data, FY2010 emissions)
        ("electricity.jp.kepco.basic", date(2011, 3, 31), "jp-electricity-retailers-fy2009", 0.000294),
        # Hokuriku Electric: FY2015 data 0.627 / 0.615 kg-CO2/kWh for FY2016 emissions
        ("electricity.jp.hokuriku.adjusted", date(2016, 9, 1), "jp-electricity-retailers-fy2015", 0.000615),
        # FY2024 list: 代替値 0.000416 for FY2025 emissions; TEPCO EP's residual menu M 0.000452
        ("electricity.jp.alternative", date(2025, 4, 1), "jp-electricity-retailers-fy2024", 0.000416),
        ("electricity.jp.tepco.adjusted", date(2026, 3, 31), "jp-electricity-retailers-fy2024", 0.000452),
    ],
)
def test_each_list_applies_to_the_following_fiscal_year(ident, day, table, t_per_kwh):
    from offsetcalc.units import conversion

    f = load_factors().resolve(ident, day).factor
    assert f.table.id == table
    assert f.value * conversion(f.unit, "t-CO2 / kWh") == pytest.approx(t_per_kwh, rel=1e-9)


def test_bom_and_crlf_line_ends_are_read(tmp_path):
    body = HEADER + "id,name,category,value,unit,confirmed\na.one,One,grid-electricity,0.5,kg-CO2 / kWh,true\n"
    p = tmp_path / "win.csv"
    p.write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode("utf-8"))
    assert validate_tables([p]).valid
    assert load_table(p).spec.factors[0].value == 0.5


def test_a_csv_without_header_lines_reports_missing_provenance(tmp_path):
    p = tmp_path / "bare.csv"
    p.write_text("id,name,category,value,unit,confirmed\n", encoding="utf-8")
    codes = {f.code for f in validate_tables([p]).findings}
    assert "provenance.missing" in codes
