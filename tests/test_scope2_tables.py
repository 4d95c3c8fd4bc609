"""Scope 2 of table rows both ways (engine.tables + engine.vector + engine.scope2).

Rows of an organisation's ``activities_from`` tables are split into location- and
market-based like the file's own activities: the same rows written as YAML activities
must give the same micrograms by either method, and the same verdicts.
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T, t_to_ug
from offsetcalc.errors import InputErrors
from offsetcalc.report.result import result_to_dict
from offsetcalc.rules.check import check_file

from .conftest import run_cli

TODAY = date(2026, 11, 30)

HEAD = """offsetcalc: 1
kind: organization
title: Scope 2 rows
period: {{start: {start}, end: {end}}}
gwp: AR4
{extra}
"""

# (id, quantity, unit, factor ID or None, per-row factor value, its unit, its source)
ROWS = [
    ("hq-apr", "12400", "kWh", "electricity.jp.kyushu.adjusted", None, None, None),
    ("hq-may", "11850.5", "kWh", "electricity.jp.kyushu.adjusted", None, None, None),
    ("plant", "86.4", "MWh", "electricity.jp.kyushu.adjusted", None, None, None),
    ("green", "20000", "kWh", None, "0.000123", "t-CO2 / kWh", "a supplier certificate (test)"),
    ("green-2", "333.3", "kWh", None, "0.000456", "t-CO2 / kWh", "a supplier certificate (test)"),
]


def _yaml_row(r: tuple[str | None, ...]) -> str:
    rid, q, unit, factor, fv, fu, fs = r
    f = factor if factor else f"{{value: {fv}, unit: {fu}, source: '{fs}'}}"
    return f"  - {{id: {rid}, scope: 2, quantity: {q} {unit}, factor: {f}}}\n"


def _csv(rows: list[tuple[str | None, ...]]) -> str:
    out = "id,quantity,unit,factor,factor_value,factor_unit,factor_source,scope\n"
    for rid, q, unit, factor, fv, fu, fs in rows:
        out += f'{rid},{q},{unit},{factor or ""},{fv or ""},{fu or ""},"{fs or ""}",2\n'
    return out


def _as_yaml(tmp_path: Path, rows: list[tuple[str | None, ...]], start: str = "2019-04-01", extra: str = "") -> Path:
    p = tmp_path / "yaml" / "org.yaml"
    p.parent.mkdir(exist_ok=True)
    text = HEAD.format(start=start, end=_end(start), extra=extra) + "activities:\n" + "".join(map(_yaml_row, rows))
    p.write_text(text, encoding="utf-8")
    return p


def _as_table(
    tmp_path: Path,
    rows: list[tuple[str | None, ...]],
    start: str = "2019-04-01",
    extra: str = "",
    fmt: str = "csv",
    entry: str = "",
    own: str = "",
    name: str = "",
) -> Path:
    d = tmp_path / (name or fmt)
    d.mkdir(exist_ok=True)
    (d / "t.csv").write_text(_csv(rows), encoding="utf-8")
    name = "t.csv"
    if fmt == "parquet":
        import polars as pl

        pl.read_csv(d / "t.csv", infer_schema=False).write_parquet(d / "t.parquet")
        (d / "t.csv").unlink()
        name = "t.parquet"
    elif fmt == "xlsx":  # numbers as an Excel user types them: number cells, text elsewhere
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        ws = wb.active
        for i, line in enumerate(csv.reader(_csv(rows).splitlines())):
            ws.append([float(c) if i and j in (1, 4) and c else (c or None) for j, c in enumerate(line)])
        wb.save(d / "t.xlsx")
        (d / "t.csv").unlink()
        name = "t.xlsx"
    text = HEAD.format(start=start, end=_end(start), extra=extra) + f"activities_from:\n  - {{path: {name}{entry}}}\n"
    if own:
        text += "activities:\n" + own
    (d / "org.yaml").write_text(text, encoding="utf-8")
    return d / "org.yaml"


def _end(start: str) -> str:
    return f"{int(start[:4]) + 1}-03-31"


def _s2(r: object) -> dict[str, object]:
    return result_to_dict(r)["emissions"]["scope2"]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the same rows, two ways


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
@pytest.mark.parametrize("method", ["market", "location"])
def test_table_rows_give_the_yaml_activities_figures_to_the_microgram(tmp_path: Path, fmt: str, method: str) -> None:
    y = compute(_as_yaml(tmp_path, ROWS), scope2_method=method)
    t = compute(_as_table(tmp_path, ROWS, fmt=fmt), scope2_method=method)
    assert y.scope2 is not None and t.scope2 is not None
    for k in ("method", "method_chosen_by", "location_based_ug", "market_based_ug", "location_factors"):
        assert t.scope2[k] == y.scope2[k], k
    assert t.emissions_ug == y.emissions_ug
    assert t.scope2["location_based_ug"] != t.scope2["market_based_ug"]  # the split is not a copy


def test_location_based_figure_is_the_national_average_for_every_energy_row(tmp_path: Path) -> None:
    """FY2019: the FY2018-data national average 0.462 kg-CO2/kWh (cited in the built-in table)."""
    r = compute(_as_table(tmp_path, ROWS))
    kwh = 12400 + 11850.5 + 86400 + 20000 + 333.3
    assert _s2(r)["location_based_t_co2e"] == pytest.approx(kwh * 0.462 / 1000, abs=1e-6)
    assert _s2(r)["location_factors"] == ["electricity.jp.national-average"]


def test_location_method_shows_location_lines_that_add_up(tmp_path: Path) -> None:
    r = compute(_as_table(tmp_path, ROWS, extra="scope2_method: location"))
    lines = r.tables[0].lines
    assert {line.factor.ref for line in lines} == {"electricity.jp.national-average"}
    assert all(line.factor_min is None and line.factor_max is None for line in lines)  # no per-row range
    assert sum(line.ug for line in lines) == r.emissions_ug == r.scope2["location_based_ug"]
    d = result_to_dict(r)["emissions"]
    assert d["scope2"]["method"] == "location" and d["scope2"]["method_chosen_by"] == "file"
    market = compute(_as_table(tmp_path, ROWS))
    assert market.emissions_ug == market.scope2["market_based_ug"] == r.scope2["market_based_ug"]


def test_file_activities_and_table_rows_are_summed(tmp_path: Path) -> None:
    own = "  - {id: annex, scope: 2, quantity: 1000 kWh, factor: electricity.jp.kyushu.adjusted}\n"
    r = compute(_as_table(tmp_path, ROWS, own=own))
    alone = compute(_as_table(tmp_path, ROWS, name="alone"))
    assert (
        r.scope2["market_based_ug"] - alone.scope2["market_based_ug"] == 347 * UG_PER_T // 1000
    )  # 1 MWh × 0.347 t/MWh
    assert r.scope2["location_based_ug"] - alone.scope2["location_based_ug"] == 462 * UG_PER_T // 1000


def test_every_row_is_rounded_as_its_own_activity(tmp_path: Path) -> None:
    """The kernel's location column gives each row's exact micrograms, including rows over ~563 t
    (the exact path) and rows near a half-microgram: the sum equals t_to_ug row by row."""
    rng = random.Random(20261130)
    quantities = [f"{rng.uniform(0, 5000):.4f}" for _ in range(2000)] + ["2000000.5", "1234567.891", "0.0001"]
    rows = [(f"r{i}", q, "kWh", "electricity.jp.kyushu.adjusted", None, None, None) for i, q in enumerate(quantities)]
    r = compute(_as_table(tmp_path, rows))
    national = 0.000462  # t-CO2/kWh, FY2019 (the value of the built-in table)
    assert r.scope2["location_based_ug"] == sum(t_to_ug(float(q) * national * 1.0) for q in quantities)
    y = compute(_as_yaml(tmp_path, rows[:50] + rows[-3:]))
    t = compute(_as_table(tmp_path, rows[:50] + rows[-3:], name="part"))
    assert (t.scope2["location_based_ug"], t.scope2["market_based_ug"]) == (
        y.scope2["location_based_ug"],
        y.scope2["market_based_ug"],
    )


# --------------------------------------------------------------------------- what has no location figure


def test_heat_rows_keep_the_heat_default_both_ways(tmp_path: Path) -> None:
    rows = [("steam", "500", "GJ", "heat.jp.default", None, None, None)]
    r = compute(_as_table(tmp_path, rows, start="2024-04-01", extra="scope2_method: location"))
    assert r.scope2["location_based_ug"] == r.scope2["market_based_ug"] == 500 * 532 * UG_PER_T // 10_000  # 0.0532 t/GJ
    assert r.tables[0].lines[0].factor.ref == "heat.jp.default"


def test_rows_that_are_not_energy_have_no_location_figure(tmp_path: Path) -> None:
    rows = [("chill", "10", "m**3", None, "0.01", "t-CO2 / m**3", "a district cooling supplier (test)")]
    r = compute(_as_table(tmp_path, rows))
    assert _s2(r)["location_based_t_co2e"] is None and _s2(r)["market_based_t_co2e"] == pytest.approx(0.1)
    with pytest.raises(InputErrors) as info:
        compute(_as_table(tmp_path, rows), scope2_method="location")
    (err,) = info.value.errors
    assert err.code == "scope2.location-factor" and err.location.line == 8  # the entry's path
    assert "no location-based factor for 2019-04-01" in err.message


def test_a_year_without_a_national_average_is_null_or_refused(tmp_path: Path) -> None:
    r = compute(_as_table(tmp_path, ROWS, start="2014-04-01"))
    assert _s2(r)["location_based_t_co2e"] is None
    with pytest.raises(InputErrors) as info:
        compute(_as_table(tmp_path, ROWS, start="2014-04-01", extra="scope2_method: location"))
    assert [e.code for e in info.value.errors] == ["scope2.location-factor"]
    assert "ロケーション基準" in info.value.errors[0].msg.render("ja")


def test_the_entrys_location_factor_gives_the_figure(tmp_path: Path) -> None:
    """FY2014 has no national average built in: the entry names a grid-average factor itself."""
    entry = ", location_factor: {value: 0.5, unit: kg-CO2 / kWh, source: 'a grid average (test)'}"
    r = compute(_as_table(tmp_path, ROWS, start="2014-04-01", extra="scope2_method: location", entry=entry))
    kwh = 12400 + 11850.5 + 86400 + 20000 + 333.3
    assert r.emissions_ug == r.scope2["location_based_ug"] == pytest.approx(kwh * 0.5 / 1000 * UG_PER_T, abs=5)


def test_an_unknown_location_factor_id_is_the_entrys_error(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as info:
        compute(_as_table(tmp_path, ROWS, entry=", location_factor: electricity.jp.nowhere"))
    (err,) = info.value.errors
    assert err.location.line == 8 and "electricity.jp.nowhere" in err.message


def test_a_location_factor_that_does_not_fit_the_rows_unit_is_a_row_error(tmp_path: Path) -> None:
    rows = [("gas", "10", "m**3", None, "0.002", "t-CO2 / m**3", "test")]
    with pytest.raises(InputErrors) as info:
        compute(_as_table(tmp_path, rows, entry=", location_factor: electricity.jp.national-average"))
    assert info.value.errors[0].code == "unit.dimension" and "row 2" in str(info.value.errors[0].location)


# --------------------------------------------------------------------------- outputs and verdicts


@pytest.mark.parametrize("method", ["market", "location"])
def test_rows_out_shows_the_figure_of_the_method_used(tmp_path: Path, method: str) -> None:
    import polars as pl

    out = tmp_path / "rows.csv"
    r = compute(_as_table(tmp_path, ROWS), scope2_method=method, rows_out=out)
    rows = pl.read_csv(out)
    assert round(rows["t_co2e"].sum(), 6) == round(r.emissions_ug / UG_PER_T, 6)
    want = "electricity.jp.national-average" if method == "location" else None
    green = rows.filter(pl.col("id") == "green")
    assert green["factor"][0] == want
    assert green["factor_value"][0] == (0.000462 if method == "location" else 0.000123)


def test_cli_json_and_table_show_both_figures(tmp_path: Path) -> None:
    import json

    f = _as_table(tmp_path, ROWS, extra="standard: jp-co")
    proc = run_cli("compute", str(f), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    s2 = json.loads(proc.stdout)["emissions"]["scope2"]
    assert s2["location_based_t_co2e"] > s2["market_based_t_co2e"] > 0
    table = run_cli("compute", str(f), env={"COLUMNS": "160"})
    assert "location-based" in table.stdout and "market-based" in table.stdout


CREDITS = "credits:\n  - {type: J-Credit, quantity: 60 t-CO2, retired_on: 2020-06-30, evidence: notice 1}\n"


def test_check_judges_the_method_that_applies_with_table_rows(tmp_path: Path) -> None:
    """50 t of credits cover the rows market-based (about 41.0 t) but not location-based (about
    61.0 t): under a standard that confirmedly uses location-based, choosing market must fail."""
    profile = tmp_path / "loc.yaml"
    profile.write_text(
        "offsetcalc-profile: 1\nid: loc-test\ntitle: location-based test standard\nkinds: [organization]\n"
        "scope2_method: {method: location, source: s, confirmed: true}\n"
        "sources:\n  s: {publisher: Test, document: test standard, year: 2020}\n",
        encoding="utf-8",
    )
    credits = CREDITS.replace("60 t-CO2", "50 t-CO2")
    f = _as_table(tmp_path, ROWS, extra="scope2_method: market\n" + credits)
    rep = check_file(f, standard=str(profile), today=TODAY)
    (finding,) = [x for x in rep.findings if x.rule == "scope2.method-differs"]
    assert finding.severity == "error" and rep.verdict == "fail"
    # Before tables were split, scope 2 rows had no location figure: the same file gave an unknown.
    assert "unknown" not in finding.message


def test_jp_co_location_choice_with_table_rows_is_computed_not_refused(tmp_path: Path) -> None:
    f = _as_table(tmp_path, ROWS, extra="standard: jp-co\nscope2_method: location\n" + CREDITS)
    rep = check_file(f, today=TODAY)
    assert rep.verdict != "error", [x.message for x in rep.findings if x.severity == "error"]
    assert any(x.rule == "scope2.method-differs" for x in rep.findings)


def test_an_entrys_location_factor_below_the_national_average_is_reported(tmp_path: Path) -> None:
    entry = ", location_factor: {value: 0.1, unit: kg-CO2 / kWh, source: 'a regional grid (test)'}"
    f = _as_table(tmp_path, ROWS, extra="standard: jp-co\nscope2_method: location\n" + CREDITS, entry=entry)
    rep = check_file(f, today=TODAY)
    (f,) = [x for x in rep.findings if x.rule == "scope2.location-factor-low"]
    assert f.severity == "warning" and f.location.line == 12 and "table t.csv" in f.message
    assert "全国平均係数" in f.msg.render("ja")
    fair = ", location_factor: electricity.jp.national-average"
    rep = check_file(
        _as_table(tmp_path, ROWS, extra="standard: jp-co\n" + CREDITS, entry=fair, name="fair"), today=TODAY
    )
    assert not [x for x in rep.findings if x.rule == "scope2.location-factor-low"]


# --------------------------------------------------------------------------- many batches (review21)


def _mixed(tmp_path: Path, rows: list[tuple[str | None, ...]], scopes: list[int]) -> Path:
    """A table whose rows carry the given scopes (the rows' own tuples, scope column replaced)."""
    d = tmp_path / "mixed"
    d.mkdir(exist_ok=True)
    text = _csv(rows).splitlines()
    body = [line.rsplit(",", 1)[0] + f",{s}" for line, s in zip(text[1:], scopes, strict=True)]
    (d / "t.csv").write_text("\n".join([text[0], *body]) + "\n", encoding="utf-8")
    head = HEAD.format(start="2019-04-01", end="2020-03-31", extra="")
    (d / "org.yaml").write_text(head + "activities_from:\n  - {path: t.csv}\n", encoding="utf-8")
    return d / "org.yaml"


@pytest.mark.parametrize("scope2_first", [True, False])
def test_rows_out_location_with_a_batch_without_scope2_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope2_first: bool
) -> None:
    """Before: with a location-based total, --rows-out of a table whose later batch held no scope 2
    row stopped with 'internal error: ColumnNotFoundError: __lt_co2e' (exit 3): the rows-out writer
    asked every batch for the location column once any earlier batch had a scope 2 key. A
    140,000-row table of electricity then fuel did it with the real batch size (2**17 rows)."""
    import polars as pl

    from offsetcalc.io import tables as io_tables

    monkeypatch.setattr(io_tables, "BATCH_ROWS", 3)
    elec, fuel = ROWS[:3], [(f"kerosene-{i}", "1.5", "kL", "fuel.kerosene", None, None, None) for i in range(3)]
    rows, scopes = (elec + fuel, [2, 2, 2, 1, 1, 1]) if scope2_first else (fuel + elec, [1, 1, 1, 2, 2, 2])
    f = _mixed(tmp_path, rows, scopes)
    out = tmp_path / "rows.csv"
    r = compute(f, scope2_method="location", rows_out=out)
    got = pl.read_csv(out)
    assert got.height == 6
    assert round(got["t_co2e"].sum(), 6) == round(r.emissions_ug / UG_PER_T, 6)
    s2 = got.filter(pl.col("factor") == "electricity.jp.national-average")
    assert s2.height == 3 and round(s2["t_co2e"].sum(), 6) == round(r.scope2["location_based_ug"] / UG_PER_T, 6)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_keys_first_met_in_a_later_batch_give_the_yaml_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Batches of 2 rows: kWh rows, then scope 1 alone, then an MWh key, per-row factors and heat met for
    the first time. Each key gets its location factor when first met and its rows are summed across
    batches: both figures equal those of the same scope 2 rows written as YAML activities."""
    from offsetcalc.io import tables as io_tables

    fuel = [(f"kerosene-{i}", "1.5", "kL", "fuel.kerosene", None, None, None) for i in range(3)]
    heat = ("steam", "500", "GJ", "heat.jp.default", None, None, None)
    rows = [ROWS[0], ROWS[1], fuel[0], fuel[1], ROWS[2], ROWS[3], ROWS[4], fuel[2], heat]
    scopes = [2, 2, 1, 1, 2, 2, 2, 1, 2]
    f = _mixed(tmp_path, rows, scopes)
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        for i, line in enumerate(csv.reader((f.parent / "t.csv").read_text(encoding="utf-8").splitlines())):
            wb.active.append([float(c) if i and j in (1, 4) and c else (c or None) for j, c in enumerate(line)])
        wb.save(f.parent / "t.xlsx")
        f.write_text(f.read_text(encoding="utf-8").replace("t.csv", "t.xlsx"), encoding="utf-8")
    monkeypatch.setattr(io_tables, "BATCH_ROWS", 2)
    scope2_rows = [r for r, s in zip(rows, scopes, strict=True) if s == 2]
    for method in ("market", "location"):
        t = compute(f, scope2_method=method)
        y = compute(_as_yaml(tmp_path, scope2_rows), scope2_method=method)
        for k in ("location_based_ug", "market_based_ug", "location_factors"):
            assert t.scope2[k] == y.scope2[k], (method, k)
        assert t.subtotals_ug["scope 2"] == y.emissions_ug
    assert t.scope2["location_factors"] == ["electricity.jp.national-average", "heat.jp.default"]
