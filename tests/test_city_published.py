"""A published city inventory comes out as published: Tokyo 2019, cell by cell, from C40's data.

The figures of ``tests/data/city/c40-tokyo-2019.yaml`` are the cells of the row Tokyo_2019 of
C40's "Greenhouse Gas Emissions Dashboard Data" (version 30.05.2023; the file's header cites it).
The same row publishes the totals pinned below; they were read from the dataset, not from
offsetcalc. The dataset's totals are spreadsheet float sums, so they are compared to the gram
(at 30 Mt one float step is 0.004 g); BASIC and BASIC+ also agree to the last float bit. The
dataset publishes no scope 2 or scope 3 total: those are not compared (there is nothing to
compare them with), only their parts are checked to add up.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

TOKYO = ROOT / "tests" / "data" / "city" / "c40-tokyo-2019.yaml"

# C40 Greenhouse Gas Emissions Dashboard Data, version 30.05.2023, sheet "GHG Dashboard Data -
# Inventory", row Tokyo_2019, columns BASIC, BASIC+ and Territorial (t CO2e, as the sheet gives them).
PUBLISHED = {
    "basic": "53530081.09416497",
    "basic_plus": "72595104.89715958",
    "scope1": "30439883.240892332",  # "Territorial": every scope 1 cell, I.4.4 and III.x.3 included
}
# The row's I.4.4 column: generation supplied to the grid, in neither level.
PUBLISHED_I44 = "5495133.455001343"


def _grams(t: str | Decimal) -> int:
    return int((Decimal(t) * 10**6).to_integral_value(rounding=ROUND_HALF_EVEN))


@pytest.fixture(scope="module")
def tokyo():
    from offsetcalc.api import compute
    from offsetcalc.engine.city import totals_ug

    r = compute(TOKYO)
    return r, totals_ug(r.gpc)


@pytest.mark.parametrize("total", sorted(PUBLISHED))
def test_tokyo_totals_come_out_as_published(tokyo, total):
    _, totals = tokyo
    ours = Decimal(totals[total]) / 10**12  # exact: the engine adds whole micrograms
    assert _grams(ours) == _grams(PUBLISHED[total]), (total, ours, PUBLISHED[total])


def test_tokyo_levels_and_the_claimed_total(tokyo):
    r, totals = tokyo
    assert r.gpc.level == "BASIC+" and r.gpc.levels_met == ["BASIC", "BASIC+"]
    assert r.emissions_ug == totals["basic_plus"]  # the claimed level's total
    assert float(Decimal(totals["basic"]) / 10**12) == float(PUBLISHED["basic"])
    assert float(Decimal(totals["basic_plus"]) / 10**12) == float(PUBLISHED["basic_plus"])
    # generation supplied to the grid is reported, and kept out of both levels
    assert totals["outside_levels"] == int(Decimal(PUBLISHED_I44) * 10**12)  # a single cell: exact
    assert totals["basic_plus"] + totals["outside_levels"] == sum(c.ug or 0 for c in r.gpc.cells)


def test_tokyo_scopes_add_up_to_every_cell(tokyo):
    r, totals = tokyo
    assert totals["scope1"] + totals["scope2"] + totals["scope3"] == sum(c.ug or 0 for c in r.gpc.cells)
    # the AFOLU land cell is a net removal, as published, and lowers BASIC+ (GPC nets land)
    assert r.gpc.by_ref["V.2"].ug < 0


def test_tokyo_json_and_csv_show_the_published_totals(in_root: Path):
    out = run_cli("compute", "tests/data/city/c40-tokyo-2019.yaml", "--format", "json")
    assert out.returncode == 0, out.stderr
    g = json.loads(out.stdout)["gpc"]
    assert g["totals"]["basic_t_co2e"] == float(PUBLISHED["basic"])
    assert g["totals"]["basic_plus_t_co2e"] == float(PUBLISHED["basic_plus"])
    csv = run_cli("compute", "tests/data/city/c40-tokyo-2019.yaml", "--format", "csv")
    assert csv.returncode == 0, csv.stderr
    assert "II.5,Transportation,Off-road" in csv.stdout


def test_tokyo_check_fails_only_on_what_the_dataset_does_not_carry(in_root: Path):
    """C40's data gives keys without explanations or IE targets; check says so and nothing else."""
    out = run_cli("check", "tests/data/city/c40-tokyo-2019.yaml", "--format", "json")
    r = json.loads(out.stdout)["results"][0]
    assert r["verdict"] == "fail"
    errors = {f["rule"] for f in r["findings"] if f["severity"] == "error"}
    assert errors == {"gpc.key-explanation", "gpc.ie-included-in"}


def test_negative_emissions_only_in_afolu_cells(tmp_path):
    head = (
        "offsetcalc: 1\nkind: city\ntitle: t\ncity: {name: T, country: JP}\n"
        "period: {start: 2019-01-01, end: 2019-12-31}\ngpc: {version: '2014', level: BASIC}\nactivities:\n"
    )
    ok = tmp_path / "ok.yaml"
    ok.write_text(head + "  - {id: land, gpc: V.2, emissions: '-120 t-CO2e', source: report}\n", encoding="utf-8")
    assert run_cli("compute", str(ok), "--format", "json").returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(head + "  - {id: homes, gpc: I.1.1, emissions: '-120 t-CO2e', source: report}\n", encoding="utf-8")
    out = run_cli("compute", str(bad))
    assert out.returncode == 2
    assert f"{bad}:8:5: error:" in out.stderr and "only AFOLU cells" in out.stderr


# The same row's published sub-sector subtotals (columns "BASIC I.1" … and "BASIC+ I.1" …), t CO2e;
# an empty column (every cell a notation key) is absent here and must come out as zero.
PUBLISHED_SUBSECTORS = {
    "I.1": ("15696296.135782722", "16169973.916144283"),
    "I.2": ("23148291.97904498", "24002607.32199672"),
    "I.3": ("3786753.056646773", "3883465.6096267896"),
    "I.5": ("122086.89525569961", "122172.71962334968"),
    "I.8": ("933.4591662871895", "933.4591662871895"),
    "II.1": ("7394719.629809597", "10309797.270192217"),
    "II.2": ("1875242.810156164", "2302257.3368348917"),
    "II.3": ("88654.15021096772", "313702.5968202489"),
    "II.4": ("32921.673595673186", "8312465.886454865"),
    "III.1": ("488429.8329700001", "488429.8329700001"),
    "III.3": ("747984.1691298098", "747984.1691298098"),
    "III.4": ("147767.30239629198", "147767.30239629198"),
    "IV.2": (None, "5904404.277852839"),
    "V.1": (None, "5239.3139"),
    "V.2": (None, "-122736.18887374351"),
    "V.3": (None, "6640.072924734704"),
}


def test_tokyo_reporting_table_rows_match_the_published_subsector_subtotals(tokyo):
    from offsetcalc.report.city import gpc_table

    r, _ = tokyo
    rows = {row["ref"]: row for row in gpc_table(r, places=6)}  # to the gram
    for ref in ("I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7", "I.8", "II.1", "II.2", "II.3", "II.4", "II.5",
                "III.1", "III.2", "III.3", "III.4", "IV.1", "IV.2", "V.1", "V.2", "V.3"):  # fmt: skip
        in_basic = not ref.startswith(("IV", "V"))  # IPPU and AFOLU are BASIC+ only
        basic, basic_plus = PUBLISHED_SUBSECTORS.get(ref, ("0" if in_basic else None, "0"))
        row = rows[ref]
        if basic is None:
            assert row["basic"] == "", ref
        else:
            assert _grams(row["basic"]) == _grams(basic), (ref, row["basic"], basic)
        assert _grams(row["basic_plus"]) == _grams(basic_plus), (ref, row["basic_plus"], basic_plus)


def test_tonnes_with_many_places_are_written_out():
    from offsetcalc.report.result import format_t

    assert format_t(0, 9) == "0.000000000"  # was '0E-9'
    assert format_t(-122736188873743510, 6) == "-122736.188874"


# --- Cape Town 2016, Vancouver 2017, Yokohama FY2016: every total the Done-when names ---
# (scope 1, scope 2, scope 3, BASIC, BASIC+)
#
# The cells are C40's (dashboard data v30.05.2023, rows "Cape Town_2016", "Vancouver_2017",
# "Yokohama_2016"); the totals are the same inventories as the cities reported them to CDP (CDP Open
# Data Portal, "2018 City-wide Emissions", accounts 35858 and 20113, and "2019 City-wide Emissions",
# account 31113; the files' headers cite both). CDP publishes whole tonnes, so ours are compared
# rounded to the whole tonne (no total lies within 0.02 t of a half tonne, so the rounding rule does
# not matter); C40's own rows give BASIC, BASIC+ and the territorial (scope 1) total unrounded,
# compared to the gram. Values were read from the datasets, not from offsetcalc.
CDP_TOTALS = {
    "c40-cdp-cape-town-2016.yaml": {
        "scope1": 9701575, "scope2": 12368661, "scope3": 1178075, "basic": 21509138, "basic_plus": 22687212,
    },
    "c40-cdp-vancouver-2017.yaml": {
        "scope1": 2536992, "scope2": 58204, "scope3": 105937, "basic": 2698097, "basic_plus": 2698097,
    },
    "c40-cdp-yokohama-2016.yaml": {  # CDP "2019 City-wide Emissions", account 31113, fiscal year 2016
        "scope1": 29671048, "scope2": 7925110, "scope3": 2590099, "basic": 21022756, "basic_plus": 21308469,
    },
}  # fmt: skip
C40_ROWS = {
    "c40-cdp-cape-town-2016.yaml": {
        "basic": "21509137.52120258", "basic_plus": "22687212.2235882", "scope1": "9701574.88863815",
    },
    "c40-cdp-vancouver-2017.yaml": {
        "basic": "2698096.709961686", "basic_plus": "2698096.709961686", "scope1": "2536992.294607906",
    },
    "c40-cdp-yokohama-2016.yaml": {
        "basic": "21022755.787106417", "basic_plus": "21308469.3361832", "scope1": "29671048.0847693",
    },
}  # fmt: skip
# The rows' I.4.4 columns (generation supplied to the grid): in scope 1, in neither level.
C40_I44 = {
    "c40-cdp-cape-town-2016.yaml": "561098.4481154999",
    "c40-cdp-vancouver-2017.yaml": "3036.5280000000002",
    "c40-cdp-yokohama-2016.yaml": "18877787.39740462",
}


def _published(name: str):
    from offsetcalc.api import compute
    from offsetcalc.engine.city import totals_ug

    r = compute(ROOT / "tests" / "data" / "city" / name)
    return r, totals_ug(r.gpc)


@pytest.mark.parametrize("name", sorted(CDP_TOTALS))
def test_every_cdp_total_comes_out_from_c40s_cells(name):
    _, totals = _published(name)
    for total, published in CDP_TOTALS[name].items():
        ours = Decimal(totals[total]) / 10**12
        assert abs(ours - published) < Decimal("0.48"), (name, total, ours, published)  # not near a half tonne
        assert int(ours.to_integral_value(rounding=ROUND_HALF_EVEN)) == published, (name, total, ours)
    for total, published in C40_ROWS[name].items():  # and C40's unrounded totals, to the gram
        assert _grams(Decimal(totals[total]) / 10**12) == _grams(published), (name, total)


@pytest.mark.parametrize("name", sorted(CDP_TOTALS))
def test_scope_1_counts_generation_for_the_grid_and_the_levels_do_not(name):
    """CDP's scope 1 is the territorial total: it includes I.4.4, which BASIC and BASIC+ leave out."""
    r, totals = _published(name)
    i44 = int(Decimal(C40_I44[name]) * 10**12)
    assert totals["outside_levels"] == i44 == r.gpc.by_ref["I.4.4"].ug
    # without I.4.4 the published scope 1 would not come out (Cape Town: 561,098 t short; Yokohama: 18.9 Mt)
    without = Decimal(totals["scope1"] - i44) / 10**12
    assert int(without.to_integral_value(rounding=ROUND_HALF_EVEN)) != CDP_TOTALS[name]["scope1"]
    # every reported tonne is in exactly one scope, and in a level or outside both
    every = sum(c.ug or 0 for c in r.gpc.cells)
    assert totals["scope1"] + totals["scope2"] + totals["scope3"] == every
    assert totals["basic_plus"] + totals["outside_levels"] == every
    assert r.gpc.level == "BASIC" and r.emissions_ug == totals["basic"]


@pytest.mark.parametrize("name", sorted(CDP_TOTALS))
def test_check_fails_only_on_what_the_datasets_do_not_carry(in_root: Path, name):
    out = run_cli("check", f"tests/data/city/{name}", "--format", "json")
    r = json.loads(out.stdout)["results"][0]
    assert r["verdict"] == "fail"
    assert {f["rule"] for f in r["findings"] if f["severity"] == "error"} == {
        "gpc.key-explanation",
        "gpc.ie-included-in",
    }
    # NE in a cell BASIC requires is a warning (Cape Town's I.8.1); NE in BASIC+ cells is not, for a BASIC claim
    ne = [f for f in r["findings"] if f["rule"] == "gpc.not-estimated"]
    assert bool(ne) == (name == "c40-cdp-cape-town-2016.yaml")
