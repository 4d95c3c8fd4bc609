"""Tests of offsetcalc.io.registries: reading public registry exports (CSV)."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from offsetcalc.credits import Block, find_overlaps
from offsetcalc.errors import InputError
from offsetcalc.io.registries import Project, parse_date, parse_quantity, read_export

# Real registry rows (carbonplan/offsets-db-data, MIT; see the README there), committed so they always run.
SAMPLES = Path(__file__).resolve().parent / "data" / "registry-samples"
FIXTURES = Path(__file__).resolve().parent / "data" / "registries"

# (file, registry, data rows, serial column, quantity column)
SAMPLE_FILES = [
    ("verra-transactions.csv", "verra", 200, "Serial Number", "Quantity Issued"),
    ("gold-standard-retirements.csv", "gold-standard", 100, "Serial Number", "Quantity"),
    ("gold-standard-issuances.csv", "gold-standard", 100, "Serial Number", "Quantity"),
]


# --------------------------------------------------------------------------- real samples


@pytest.mark.parametrize(("name", "registry", "rows", "serial_col", "quantity_col"), SAMPLE_FILES)
def test_every_sample_row_is_read_without_problems(name, registry, rows, serial_col, quantity_col):
    result = read_export(SAMPLES / name, registry)
    assert result.problems == []
    assert result.rows == rows
    assert len(result.records) == rows
    with (SAMPLES / name).open(newline="", encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    for record, row in zip(result.records, expected, strict=True):
        assert record.quantity == record.block.quantity
        assert record.quantity == int(row[quantity_col].replace(",", ""))
        assert record.registry == registry


@pytest.mark.parametrize(("name", "registry", "rows", "serial_col", "quantity_col"), SAMPLE_FILES)
def test_record_lines_point_at_the_row_in_the_file(name, registry, rows, serial_col, quantity_col):
    # Gold Standard notes span lines inside quotes, so line != row number + 1 there;
    # the serial sits before the note, on the row's first line.
    lines = (SAMPLES / name).read_text(encoding="utf-8").split("\n")
    result = read_export(SAMPLES / name, registry)
    for record in result.records:
        text = lines[record.line - 1]
        start = str(record.block.start)
        assert start in text and record.block.prefix.split("-")[0] in text, (record.line, text)


def test_multi_line_notes_shift_the_lines_of_later_rows():
    result = read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard")
    # rows 1 and 2 each carry a note ending in a newline inside quotes
    assert [r.line for r in result.records[:3]] == [2, 4, 6]
    assert result.records[-1].line == 106
    first = result.records[0]
    assert first.block == Block("gold-standard", "GS1-1-KE-GS11603-16-2025-30256", 110, 5463)
    assert first.quantity == 5_354
    assert first.vintage == 2025
    assert first.project == Project("11603", "GS10789 VPA8: Efficient and Clean Cooking for households in Kenya")
    assert first.retired_on == date(2026, 4, 10)
    assert first.beneficiary == "Hilti Corporation"
    assert first.status == "retired"
    assert first.details.startswith("Retirement on behalf of Hilti Corporation")


def test_verra_row_with_thousands_separator_and_beneficiary():
    result = read_export(SAMPLES / "verra-transactions.csv", "VCS")
    record = next(r for r in result.records if r.line == 4)
    assert record.block.quantity == 28_571
    assert record.block.prefix == "19381-VCS-VCU-1310-VER-CN-13-3005-1012022-31102022-0"  # canonical spelling
    assert record.vintage == 2022
    assert record.project == Project("3005", "Tongxu Biogas Recovery and Utilization Project")
    assert record.retired_on == date(2026, 4, 6)
    assert record.beneficiary == "Lindblad Expeditions Family of Companies"
    assert record.reason == "Environmental Benefit"
    assert record.status == "retired"


def test_verra_issuance_rows_are_kept_but_not_retired():
    result = read_export(SAMPLES / "verra-transactions.csv", "verra")
    with (SAMPLES / "verra-transactions.csv").open(newline="", encoding="utf-8") as handle:
        dated = [bool(r["Retirement/Cancellation Date"].strip()) for r in csv.DictReader(handle)]
    assert [r.status == "retired" for r in result.records] == dated
    assert [r.retired_on is not None for r in result.records] == dated
    assert Counter(r.status for r in result.records) == {"retired": 100, "issued": 100}


def test_gold_standard_statuses():
    retirements = read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard")
    assert Counter(r.status for r in retirements.records) == {"retired": 94, "cancelled": 6}
    # Canceled rows carry no retirement date; some are transfers to another registry,
    # so they must not count as retirements.
    for r in retirements.records:
        assert (r.status == "cancelled") == (r.retired_on is None)
    issuances = read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard")
    assert {r.status for r in issuances.records} == {"issued"}


def test_gold_standard_export_carries_cdm_cers():
    result = read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard")
    cers = [r for r in result.records if r.block.registry == "kyoto"]
    assert [(r.block.prefix, r.block.start, r.block.end, r.vintage) for r in cers] == [
        ("RW-5-2-2-0-7014", 1463953, 1467609, 2019),
        ("RW-5-2-2-0-7014", 1460108, 1463952, 2018),
        ("RW-5-2-2-0-7014", 1459975, 1460107, 2017),
    ]


def test_a_retirement_lies_inside_its_issuance_across_exports():
    # The same credits must get the same prefix in whichever export they appear.
    issued = read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard")
    retired = read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard")
    keyed = [(("issued", r.line), r.block) for r in issued.records] + [
        (("retired", r.line), r.block) for r in retired.records
    ]
    overlaps = find_overlaps(keyed)
    assert overlaps == [
        (("issued", 53), ("retired", 2), (110, 5463)),
        (("issued", 54), ("retired", 4), (485, 12623)),
    ]


# --------------------------------------------------------------------------- constructed fixtures


def test_climate_action_reserve_fixture():
    result = read_export(FIXTURES / "car-retirements.csv", "climate-action-reserve")
    assert result.problems == []
    first, second = result.records
    assert first.block == Block("climate-action-reserve", "CAR-1-US-1335-31-983-KS-2025-9205", 1, 5000)
    assert (first.quantity, first.vintage, first.retired_on) == (5000, 2025, date(2025, 10, 27))
    assert first.project == Project("CAR1335", "Example grassland project (constructed)")
    assert first.account_holder == "Example Holder A"
    assert first.reason == "Voluntary"
    assert first.details == "Retired on behalf of Example Company\nfor its 2024 emissions"
    assert first.beneficiary == ""  # CAR's documented columns have no beneficiary
    assert (first.line, second.line) == (2, 4)
    assert second.block.quantity == 10


def test_american_carbon_registry_fixture():
    result = read_export(FIXTURES / "acr-retirements.csv", "ACR")
    assert result.problems == []
    first, second = result.records
    assert first.block == Block("american-carbon-registry", "ACR-FR-1129-2025-2917", 30932, 35143)
    assert first.quantity == 4_212
    assert first.retired_on == date(2025, 6, 30)  # from "6/30/2025 7:43:26 PM"
    assert first.beneficiary == "Example Beneficiary"
    assert first.status == "retired"
    assert second.block.start == 35144 and second.block.end == 35150
    assert second.retired_on == date(2025, 7, 1)


def test_art_trees_fixture():
    result = read_export(FIXTURES / "art-trees-retirements.csv", "art-trees")
    assert result.problems == []
    (record,) = result.records
    assert record.block == Block("art-trees", "FCPF-CI-130-2023-20", 1, 46404)
    assert record.quantity == 46_404
    assert record.project == Project("130", "Example jurisdictional program (constructed)")
    assert record.retired_on == date(2026, 4, 10)


def test_every_bad_row_is_reported_with_its_line():
    result = read_export(FIXTURES / "car-bad-rows.csv", "car")
    assert result.rows == 9
    assert [line for line, _ in result.problems] == [4, 5, 6, 7, 8, 9, 10, 11]
    messages = dict(result.problems)
    assert messages[4] == (
        "quantity 5,000 disagrees with serial 'CAR-1-US-1335-31-983-KS-2025-9205-1 to 4000', which names 4,000 credits"
    )
    assert "ends before it starts: end 100 < start 900" in messages[5]
    assert "cannot read credit serial 'not a serial'" in messages[6]
    assert messages[7].startswith("column 'Status Effective': invalid date '13/45/2025'")
    assert messages[8].startswith("column 'Quantity of Offset Credits': invalid quantity '1.5'")
    assert "'ACR-FR-1129-2025-2917-30932 to 35143'" in messages[9]
    assert "not a climate-action-reserve serial" in messages[9]
    assert messages[10] == "expected 10 fields, found 5"
    assert messages[11] == "column 'Offset Credit Serial Numbers' is empty"
    # a good row and the quantity-mismatch row (its serial still names credits) are kept
    assert [r.line for r in result.records] == [2, 4]
    assert not result.ok


def test_missing_column_is_one_clear_error():
    path = FIXTURES / "acr-missing-column.csv"
    with pytest.raises(InputError) as info:
        read_export(path, "american-carbon-registry")
    err = info.value
    assert err.code == "registry.columns"
    assert err.message == ("not an export of american-carbon-registry: no column 'Credit Serial Numbers'")
    assert str(err.location) == f"{path}:1"
    for column in ("Credit Serial Numbers", "Quantity of Credits", "Status Effective (GMT)"):
        assert column in err.hint


def test_headers_match_ignoring_case_and_spacing(tmp_path):
    path = tmp_path / "art.csv"
    path.write_text(
        "\ufeff VINTAGE ,credit  serial numbers,quantity of credits,status effective,"
        "program id,PROGRAM NAME\n"
        '2023,FCPF-CI-130-2023-20-1 to 46404,"46,404",2026-04-10,130,Example\n',
        encoding="utf-8",
    )
    result = read_export(path, "art-trees")
    assert result.problems == []
    assert result.records[0].block.quantity == 46_404


def test_unknown_or_unexportable_registry(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown registry 'nowhere'"):
        read_export(path, "nowhere")
    with pytest.raises(InputError, match="no export format for registry 'cdm'"):
        read_export(path, "cdm")


def test_empty_or_missing_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="the export is empty"):
        read_export(empty, "verra")
    with pytest.raises(InputError, match="cannot read"):
        read_export(tmp_path / "absent.csv", "verra")


def test_blank_lines_are_not_rows(tmp_path):
    path = tmp_path / "art.csv"
    source = (FIXTURES / "art-trees-retirements.csv").read_text(encoding="utf-8")
    path.write_text(source + "\n\n", encoding="utf-8")
    result = read_export(path, "art-trees")
    assert (result.rows, len(result.records), result.problems) == (1, 1, [])


# --------------------------------------------------------------------------- cell parsers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/27/2025", date(2025, 10, 27)),
        ("6/30/2025 7:43:26 PM", date(2025, 6, 30)),
        ("6/30/2025 19:43", date(2025, 6, 30)),
        ("2026-04-10", date(2026, 4, 10)),
        ("2026-04-13T12:35:58.842275", date(2026, 4, 13)),
        (" 2026-04-10 ", date(2026, 4, 10)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("27/10/2025", "month must be in 1..12"),
        ("6/30/2025 13:43:26 PM", "invalid time of day"),
        ("yesterday", "invalid date 'yesterday'"),
        ("2026-13-01", "invalid date '2026-13-01'"),
    ],
)
def test_bad_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


@pytest.mark.parametrize(("text", "expected"), [("28,571", 28_571), ("1", 1), ("1,454,054", 1_454_054)])
def test_quantities(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "1.5", "28,57", "-3", "12 t", "1,2345"])
def test_bad_quantities(text):
    with pytest.raises(ValueError, match="invalid quantity"):
        parse_quantity(text)
