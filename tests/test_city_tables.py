"""City files read table rows (``activities_from``), each filed in its GPC cell, and write
``--rows-out`` with the cell of every row and activity."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from .conftest import run_cli

pytest.importorskip("polars", reason="table rows need polars (pip install -e '.[test]')")

HEAD = """offsetcalc: 1
kind: city
title: Table town
city: {name: Table town, country: JP}
period: {start: 2014-04-01, end: 2015-03-31}
gwp: AR2
gpc: {version: "2014", level: BASIC}
activities:
  - {id: cars, gpc: II.1.1, quantity: 100 kL, factor: fuel.gasoline}
  - {id: waste, gpc: III.3.1, emissions: 50 t-CO2e, source: town waste report 2014}
"""
# Tohoku Electric FY2013 basic factor 0.000591 t-CO2/kWh, SHK kerosene 2.49 t-CO2/kL (built-in tables).
METERS = """id,gpc,quantity,unit,factor
m1,I.1.2,1000000,kWh,electricity.jp.tohoku.basic
m2,I.2.2,2000000,kWh,electricity.jp.tohoku.basic
m3,I.1.1,10,kL,fuel.kerosene
m4,,5,kL,fuel.kerosene
"""


def _town(tmp_path: Path, meters: str = METERS, source: str = "{path: meters.csv, gpc: I.3.1}") -> Path:
    (tmp_path / "meters.csv").write_text(meters, encoding="utf-8")
    p = tmp_path / "town.yaml"
    p.write_text(HEAD + f"activities_from:\n  - {source}\n", encoding="utf-8")
    return p


def test_table_rows_are_filed_in_their_cells(tmp_path):
    out = run_cli("compute", str(_town(tmp_path)), "--format", "json")
    assert out.returncode == 0, out.stderr
    g = json.loads(out.stdout)["gpc"]
    cells = {c["ref"]: c["t_co2e"] for c in g["cells"] if c["t_co2e"] is not None}
    # by hand: 1,000,000 × 0.000591 = 591; 2,000,000 × 0.000591 = 1182; 10 × 2.49 = 24.9;
    # the row with an empty gpc takes 'gpc: I.3.1': 5 × 2.49 = 12.45; cars 100 × 2.32 = 232
    assert cells == {"I.1.1": 24.9, "I.1.2": 591.0, "I.2.2": 1182.0, "I.3.1": 12.45, "II.1.1": 232.0, "III.3.1": 50.0}
    assert g["totals"]["scope2_t_co2e"] == 1773.0
    assert g["totals"]["basic_t_co2e"] == 2092.35


def test_rows_out_gives_every_row_and_activity_its_cell(tmp_path):
    rows = tmp_path / "rows.csv"
    out = run_cli("compute", str(_town(tmp_path)), "--rows-out", str(rows), "--format", "json")
    assert out.returncode == 0, out.stderr
    got = list(csv.DictReader(rows.read_text(encoding="utf-8").splitlines()))
    assert [(r["id"], r["gpc"], r["t_co2e"]) for r in got] == [
        ("m1", "I.1.2", "591.0"),
        ("m2", "I.2.2", "1182.0"),
        ("m3", "I.1.1", "24.9"),
        ("m4", "I.3.1", "12.45"),
        ("cars", "II.1.1", "232.0"),
        ("waste", "III.3.1", "50.0"),  # a finished figure is a row too
    ]
    assert got[0]["row"] == "2" and got[4]["row"] == ""


def test_rows_out_of_a_city_file_without_tables(tmp_path):
    p = tmp_path / "town.yaml"
    p.write_text(HEAD, encoding="utf-8")
    rows = tmp_path / "rows.parquet"
    out = run_cli("compute", str(p), "--rows-out", str(rows), "--format", "json")
    assert out.returncode == 0, out.stderr
    import polars as pl

    frame = pl.read_parquet(rows)
    assert frame["gpc"].to_list() == ["II.1.1", "III.3.1"]
    assert frame["t_co2e"].to_list() == [232.0, 50.0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("m4,I.9.1,5,kL,fuel.kerosene", "'I.9.1' is not a GPC reference number"),
        ("m4,,5,kL,fuel.kerosene", "row has no GPC cell"),
    ],
)
def test_a_row_without_a_known_cell_is_an_error_at_its_row(tmp_path, row, message):
    meters = METERS.replace("m4,,5,kL,fuel.kerosene", row)
    out = run_cli("compute", str(_town(tmp_path, meters, source="{path: meters.csv}")))
    assert out.returncode == 2
    assert f"meters.csv:row 5: error: {message}" in out.stderr


def test_a_row_scope_that_contradicts_its_cell_is_an_error(tmp_path):
    meters = "gpc,scope,quantity,unit,factor\nI.1.1,2,10,kL,fuel.kerosene\n"
    out = run_cli("compute", str(_town(tmp_path, meters)))
    assert out.returncode == 2
    assert "meters.csv:row 2: error: scope 2 contradicts GPC cell I.1.1, which is scope 1" in out.stderr


def test_category_is_refused_in_a_city_table_source(tmp_path):
    p = _town(tmp_path, source="{path: meters.csv, category: homes}")
    out = run_cli("compute", str(p))
    assert out.returncode == 2
    assert f"{p}:12:34: error: 'category' is not used in a city file's activities_from" in out.stderr


def test_columns_can_name_the_gpc_column(tmp_path):
    meters = "cell,quantity,unit,factor\nI.1.1,10,kL,fuel.kerosene\n"
    out = run_cli("compute", str(_town(tmp_path, meters, source="{path: meters.csv, columns: {gpc: cell}}")),
                  "--format", "json")  # fmt: skip
    assert out.returncode == 0, out.stderr
    cells = {c["ref"]: c["t_co2e"] for c in json.loads(out.stdout)["gpc"]["cells"]}
    assert cells["I.1.1"] == 24.9


def test_grid_factor_in_a_scope1_cell_from_a_table_is_found(tmp_path):
    meters = "gpc,quantity,unit,factor\nI.1.1,5000,kWh,electricity.jp.tohoku.basic\n"
    p = _town(tmp_path, meters)
    out = run_cli("check", str(p), "--standard", "gpc", "--format", "json")
    findings = json.loads(out.stdout)["results"][0]["findings"]
    grid = [f for f in findings if f["rule"] == "gpc.grid-factor-scope1"]
    assert len(grid) == 1 and grid[0]["location"] == f"{p}:12:12"
