"""activities_from tables: reading CSV, Parquet and Excel, row numbers, bad rows, the joined result."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.errors import InputErrors
from offsetcalc.report.result import result_to_dict

from .conftest import ROOT, run_cli

TABLES = ROOT / "tests" / "data" / "tables"
EXAMPLE = ROOT / "examples" / "org-meters.yaml"


def _copy_example(tmp_path: Path, table_name: str) -> Path:
    """The example activity file pointing at ``table_name`` in tmp_path."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("path: org-meters.csv", f"path: {table_name}")
    out = tmp_path / "org.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_example_rows_join_the_file_activities() -> None:
    r = compute(EXAMPLE)
    # Worked by hand (factors: TEPCO FY2013 0.000531 t/kWh, SHK 2010 gasoline 2.32 t/kL,
    # LPG 3.0 t/t, kerosene 2.49 t/kL; one row with TEPCO's adjusted 0.000522 t/kWh):
    # (12,400 + 11,850.5) kWh × 0.000531 + 86.4 MWh × 0.531 + 20,000 kWh × 0.000522
    #   = 12.8770155 + 45.8784 + 10.44 = 69.1954155 t (scope 2)
    # 0.64 kL × 2.32 + 0.71 kL × 2.32 + 0.35 t × 3.0 + 1.2 kL × 2.49 = 7.17 t (scope 1)
    assert r.subtotals_ug == {"scope 1": 7_170_000_000_000, "scope 2": 69_195_415_500_000}
    assert r.emissions_ug == 76_365_415_500_000
    (table,) = r.tables
    assert table.rows == 7 and table.format == "csv"
    assert sum(line.rows for line in table.lines) == 7
    kwh = [line for line in table.lines if line.unit == "kWh" and line.factor.ref]
    assert len(kwh) == 1 and kwh[0].rows == 2 and kwh[0].quantity == 24_250.5
    per_row = [line for line in table.lines if line.factor.ref is None]
    assert per_row[0].factor.value == 0.000522 and per_row[0].factor.confirmed
    assert "101275" in per_row[0].factor.source


def test_json_lists_table_lines_among_activities_and_sums_agree() -> None:
    d = result_to_dict(compute(EXAMPLE))
    acts = d["emissions"]["activities"]
    table_lines = [a for a in acts if "rows" in a]
    assert table_lines and all(a["table"].endswith("examples/org-meters.csv") for a in table_lines)
    assert sum(a["rows"] for a in table_lines) == 7
    for a in acts:  # SPEC §3 keys stay valid on summary lines
        assert {"id", "t_co2e", "factor"} <= set(a) and {"ref", "value", "unit", "source"} <= set(a["factor"])
    (t,) = d["emissions"]["tables"]
    assert t["rows"] == 7 and len(t["sha256"]) == 64
    assert d["factor_tables"] and {x["id"] for x in d["factor_tables"]} == {
        "jp-electricity-retailers-fy2013",
        "jp-shk-fuel-2010",
    }


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_parquet_and_excel_give_the_csv_result(tmp_path: Path, fmt: str) -> None:
    import polars as pl

    df = pl.read_csv(ROOT / "examples" / "org-meters.csv", infer_schema=False)
    df = df.with_columns(pl.col("quantity").str.replace_all(",", "").cast(pl.Float64))
    target = tmp_path / f"org-meters.{fmt}"
    if fmt == "parquet":
        df.write_parquet(target)
    else:
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(df.columns)
        for row in df.iter_rows():
            ws.append(list(row))
        wb.save(target)
    got = compute(_copy_example(tmp_path, target.name))
    want = compute(EXAMPLE)
    assert got.emissions_ug == want.emissions_ug
    assert got.subtotals_ug == want.subtotals_ug
    assert got.tables[0].format == fmt


def test_bad_rows_are_reported_by_row_number_all_at_once(in_root: Path) -> None:
    proc = run_cli("compute", "tests/data/tables/bad-rows.yaml")
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("  hint:")]
    f = "tests/data/tables/bad-rows.csv"
    # Row N is line N of the file: the header is row 1 and the blank line 5 counts.
    assert errors == [
        f"{f}:row 3: error: missing quantity",
        f"{f}:row 4: error: quantity 'about 5' is not a number",
        f"{f}:row 6: error: quantity is NaN (not a number)",
        f"{f}:row 7: error: quantity -3 is negative; it must be zero or positive",
        f"{f}:row 8: error: unknown unit 'kwhh' in 'kwhh'",
        f"{f}:row 9: error: unknown factor 'electricity.jp.tepco.basik'",
        f"{f}:row 10: error: unit 'L' cannot be used with factor 'electricity.jp.tepco.basic' (t_CO2e per kWh): "
        "a volume is not an energy",
        f"{f}:row 11: error: scope '4' is not 1, 2 or 3",
        f"{f}:row 12: error: date '2014-13-45' is not a date",
        f"{f}:row 13: error: unit 'ton' is ambiguous",
    ]
    assert "did you mean 'electricity.jp.tepco.basic'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_row_numbers_match_the_file_lines() -> None:
    lines = (TABLES / "bad-rows.csv").read_text(encoding="utf-8").splitlines()
    assert lines[4] == ""  # line 5 is blank
    assert lines[5].startswith("nan-qty,") and lines[12].startswith("ambiguous,")


def test_errors_of_activities_and_rows_come_together() -> None:
    with pytest.raises(InputErrors) as info:
        compute(TABLES / "both-bad.yaml")
    where = [str(e.location) for e in info.value.errors]
    assert where[0].endswith("both-bad.yaml:6:35")
    assert sum(":row " in w for w in where) == 10


def test_many_bad_rows_show_the_first_twenty_and_the_count(tmp_path: Path) -> None:
    rows = ["quantity,unit,factor"] + [f"{-i},kWh,electricity.jp.tepco.basic" for i in range(1, 31)]
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.csv}]\n")
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    errs = info.value.errors
    assert len(errs) == 21
    assert str(errs[0].location).endswith("t.csv:row 2") and str(errs[19].location).endswith("t.csv:row 21")
    assert errs[20].message == "30 bad rows in all; the first 20 are shown"


def test_renamed_columns_and_constants() -> None:
    r = compute(TABLES / "renamed.yaml")
    assert r.emissions_ug == 3500.5 * 531 * 10**6  # 3,500.5 kWh × 0.000531 t/kWh, in µg
    assert r.subtotals_ug == {"scope 2": r.emissions_ug}


def test_missing_quantity_column_names_the_headers(in_root: Path) -> None:
    proc = run_cli("compute", "tests/data/tables/missing-column.yaml")
    assert proc.returncode == 2
    assert proc.stderr.startswith("tests/data/tables/renamed.csv:1: error: table has no column 'quantity'")
    assert "Meter, kwh reading, Scope" in proc.stderr


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("{path: nowhere.csv}", "table.missing"),
        ("{path: table.txt}", "table.format"),
        ("{path: t.csv, columns: {quantitty: q}}", "table.column-name"),
        ("{path: t.csv, columns: {quantity: kwh}}", "table.column-missing"),
    ],
)
def test_entry_errors(tmp_path: Path, entry: str, code: str) -> None:
    (tmp_path / "t.csv").write_text("q,unit,factor\n1,kWh,electricity.jp.tepco.basic\n", encoding="utf-8")
    (tmp_path / "table.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(f"offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{entry}]\n")
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    assert info.value.errors[0].code == code


def test_not_utf8_csv_names_the_line_and_byte(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes("quantity,unit,factor\n1,kWh,電気\n".encode("shift_jis"))
    (tmp_path / "a.yaml").write_text("offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.csv}]\n")
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    (err,) = info.value.errors
    assert err.code == "table.encoding" and str(err.location).endswith("t.csv:2:7")
    assert err.message == "line 2 is not UTF-8 (byte 0x93 cannot be decoded)" and "UTF-8" in (err.hint or "")


def test_excel_rows_are_sheet_rows(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "readings"
    ws.append(["quantity", "unit", "factor"])
    ws.append([10, "kWh", "electricity.jp.tepco.basic"])
    ws.append([])
    ws.append(["ten", "kWh", "electricity.jp.tepco.basic"])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.xlsx, sheet: readings}]\n"
    )
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    (err,) = info.value.errors
    assert str(err.location).endswith("t.xlsx:row 4") and "'ten' is not a number" in err.message


def test_excel_rows_are_read_in_bounded_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet is read row by row into batches (it was read whole); totals and row numbers stay the same."""
    import offsetcalc.io.tables as io_tables
    import offsetcalc.io.xlsx as io_xlsx

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["quantity", "unit", "factor"])
    for i in range(1, 12):
        ws.append([i * 10, "kWh", "electricity.jp.tepco.basic"] if i != 6 else [])  # row 7 blank
    ws.append(["ten", "kWh", "electricity.jp.tepco.basic"])  # row 13
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "a.yaml").write_text("offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.xlsx}]\n")
    (tmp_path / "t.csv").write_text(
        "quantity,unit,factor\n" + "".join(f"{i * 10},kWh,electricity.jp.tepco.basic\n" for i in range(1, 12) if i != 6)
    )
    (tmp_path / "b.yaml").write_text("offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.csv}]\n")
    want = compute(tmp_path / "b.yaml")

    sizes: list[int] = []
    real = io_xlsx.OpenSheet.batches

    def spy(self, size):
        for frame in real(self, size):
            sizes.append(frame.height)
            yield frame

    monkeypatch.setattr(io_xlsx.OpenSheet, "batches", spy)
    monkeypatch.setattr(io_tables, "BATCH_ROWS", 4)
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    (err,) = info.value.errors
    assert str(err.location).endswith("t.xlsx:row 13") and "'ten' is not a number" in err.message
    assert sizes == [4, 4, 4]  # 12 data rows (the blank one included), never more than 4 held
    sizes.clear()
    ws.delete_rows(13)
    wb.save(tmp_path / "t.xlsx")
    got = compute(tmp_path / "a.yaml")
    assert sizes == [4, 4, 3]
    assert got.emissions_ug == want.emissions_ug and got.subtotals_ug == want.subtotals_ug


def test_per_row_factor_without_source_is_unconfirmed(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "quantity,unit,factor_value,factor_unit\n1000,kWh,0.0005,t-CO2 / kWh\n", encoding="utf-8"
    )
    (tmp_path / "a.yaml").write_text("offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: t.csv}]\n")
    r = compute(tmp_path / "a.yaml")
    assert r.emissions_ug == UG_PER_T // 2
    assert not r.tables[0].lines[0].factor.confirmed


def test_cli_json_equals_library_result(in_root: Path, tmp_path: Path) -> None:
    proc = run_cli("compute", "examples/org-meters.yaml", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(json.dumps(result_to_dict(compute("examples/org-meters.yaml"))))


def test_markdown_and_table_render_table_lines(in_root: Path) -> None:
    for fmt in ("markdown", "table"):
        proc = run_cli("compute", "examples/org-meters.yaml", "--format", fmt)
        assert proc.returncode == 0, proc.stderr
        assert "org-meters.csv" in proc.stdout and "76.365" in proc.stdout


def test_table_path_is_relative_to_the_activity_file(tmp_path: Path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(ROOT / "examples" / "org-meters.csv", sub / "m.csv")
    r = compute(_copy_example(tmp_path, "sub/m.csv"))
    assert r.emissions_ug == compute(EXAMPLE).emissions_ug


@pytest.mark.parametrize("where", ["../outside.csv", "ABSOLUTE", "link.csv"])
def test_table_outside_the_folder_is_refused(tmp_path: Path, where: str) -> None:
    """A submission cannot read (and quote back in messages) files outside its own folder."""
    sub = tmp_path / "submission"
    sub.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text("id,quantity\na,1\n", encoding="utf-8")
    (sub / "link.csv").symlink_to(outside)
    path = str(outside) if where == "ABSOLUTE" else where
    (sub / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\n"
        f"activities_from: [{{path: '{path}', unit: L, factor: fuel.gasoline}}]\n",
        encoding="utf-8",
    )
    proc = run_cli("compute", str(sub / "a.yaml"))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{sub / 'a.yaml'}:4:"), proc.stderr
    assert "is outside the activity file's folder" in proc.stderr


def test_table_in_a_subfolder_is_read(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("id,quantity\na,1000\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\n"
        "activities_from: [{path: data/../data/t.csv, unit: L, factor: fuel.gasoline}]\n",
        encoding="utf-8",
    )
    assert run_cli("compute", str(tmp_path / "a.yaml")).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_table_that_is_a_fifo_or_folder_is_named_so(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "dir.csv").mkdir()
    for name, what in (("pipe.csv", "is not a regular file"), ("dir.csv", "is a folder")):
        (tmp_path / "a.yaml").write_text(
            "offsetcalc: 1\nkind: event\ntitle: t\n"
            f"activities_from: [{{path: {name}, unit: L, factor: fuel.gasoline}}]\n",
            encoding="utf-8",
        )
        proc = run_cli("compute", str(tmp_path / "a.yaml"))
        assert proc.returncode == 2 and what in proc.stderr, proc.stderr


# --------------------------------------------------------------------- files that are not what they seem

# A period in FY2014 picks TEPCO's FY2013-data factor (0.000531 t/kWh) among its editions.
_ENTRY = (
    "offsetcalc: 1\nkind: event\ntitle: t\nperiod: {start: 2014-06-01, end: 2014-06-30}\n"
    "activities_from: [{path: %s}]\n"
)
_OK_ROW = "1,kWh,electricity.jp.tepco.basic"


def _errors(tmp_path: Path, name: str, content: bytes, entry: str = _ENTRY) -> list:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "a.yaml").write_text(entry % name, encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    return info.value.errors


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        # a comma in an unquoted number makes one row longer than the header
        (f"quantity,unit,factor\n{_OK_ROW}\n1,500,kWh,x\n", "row 3", "4 cells but the header has 3"),
        # a quoted line break: row 3 starts on line 4
        (
            f'quantity,unit,factor\n1,kWh,"a\nb"\n{_OK_ROW},x\n',
            "row 3",
            "4 cells but the header has 3 (the row starts on line 4)",
        ),
        (f'quantity,unit,factor\n{_OK_ROW}\n"2,kWh,x\n{_OK_ROW}\n', "row 3", "not valid CSV: unexpected end of data"),
    ],
)
def test_csv_read_failures_name_the_row(tmp_path: Path, content: str, where: str, message: str) -> None:
    (err,) = _errors(tmp_path, "t.csv", content.encode())
    assert str(err.location).endswith(f"t.csv:{where}") and err.message == message and err.hint


_UTF16 = f"quantity,unit,factor\n{_OK_ROW}\n"


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (
            "t.csv",
            f"quantity;unit;factor\n{_OK_ROW.replace(',', ';')}\n".encode(),
            "table.separator",
            "the header looks semicolon-separated: offsetcalc reads comma-separated CSV",
        ),
        (
            "t.csv",
            b'"Menge, kWh";Einheit;factor\n1,5;kWh;x\n',
            "table.separator",
            "the header looks semicolon-separated: offsetcalc reads comma-separated CSV",
        ),
        (
            "t.csv",
            f"quantity\tunit\tfactor\n{_OK_ROW}\n".encode(),
            "table.separator",
            "the header looks tab-separated: offsetcalc reads comma-separated CSV",
        ),
        ("t.csv", _UTF16.encode("utf-16"), "table.encoding", "file is UTF-16, not UTF-8"),
        ("t.csv", _UTF16.encode("utf-16-le"), "table.encoding", "file is UTF-16, not UTF-8"),  # no BOM
        ("t.csv", _UTF16.encode("utf-32"), "table.encoding", "file is UTF-32, not UTF-8"),
        ("t.csv", b"quantity,unit\n\x00\x01\x02\x03", "table.binary", "file is binary, not CSV"),
        ("t.csv", bytes(range(1, 9)) * 40, "table.binary", "file is binary, not CSV"),
        (
            "t.csv",
            b"PK\x03\x04" + bytes(60),
            "table.binary",
            "file is a ZIP archive (an Excel .xlsx workbook or another document), not CSV",
        ),
        (
            "t.csv",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(60),
            "table.binary",
            "file is an old Excel .xls (or other Office 97) file, not CSV",
        ),
        ("t.csv", b"", "table.empty", "table is empty (no header row)"),
        ("t.csv", b"\n\n", "table.empty", "table is empty (no header row)"),
        ("t.parquet", _UTF16.encode(), "table.not-format", "file is not Parquet: it is CSV or other text"),
        ("t.xlsx", _UTF16.encode(), "table.not-format", "file is not an Excel .xlsx workbook: it is CSV or other text"),
        (
            "t.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(60),
            "table.not-format",
            "file is not an Excel .xlsx workbook: it is an old Excel .xls (or other Office 97) file",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("table.") else "",
)
def test_wrong_kind_of_file_is_named(tmp_path: Path, name: str, content: bytes, code: str, message: str) -> None:
    """Not reported as "no column 'quantity'", which would send the user after the wrong fault."""
    (err,) = _errors(tmp_path, name, content)
    assert (err.code, err.message) == (code, message) and err.hint


def test_wrong_kind_of_file_is_one_line_and_a_hint_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(_UTF16.encode("utf-16"))
    (tmp_path / "a.yaml").write_text(_ENTRY % "t.csv", encoding="utf-8")
    proc = run_cli("compute", "a.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == "t.csv: error: file is UTF-16, not UTF-8"
    assert proc.stderr.splitlines()[1].startswith("  hint: save as UTF-8") and len(proc.stderr.splitlines()) == 2


def test_comma_separated_file_with_semicolons_in_a_header_is_read(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(f'quantity,unit,factor,"notes; a; b"\n{_OK_ROW},x\n', encoding="utf-8")
    (tmp_path / "a.yaml").write_text(_ENTRY % "t.csv", encoding="utf-8")
    assert compute(tmp_path / "a.yaml").emissions_ug == 531_000_000


# --------------------------------------------------------------------- duplicate headers


def _xlsx(path: Path, rows: list[list]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
@pytest.mark.parametrize("second", ["quantity", "Quantity"])
def test_duplicate_header_is_an_error_naming_both_columns(tmp_path: Path, fmt: str, second: str) -> None:
    """Before: polars renamed the second 'quantity' (xlsx: a dict dropped the first) and one was silently used."""
    rows = [["quantity", "unit", "factor", second], [1, "kWh", "electricity.jp.tepco.basic", 5]]
    path = tmp_path / f"t.{fmt}"
    if fmt == "csv":
        path.write_text("\n".join(",".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        _xlsx(path, rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table([pa.array([v]) for v in rows[1]], names=rows[0]), path)
    (err,) = _errors(tmp_path, path.name, path.read_bytes())
    assert err.code == "table.duplicate-column"
    assert err.message == f"2 columns are named 'quantity': column 1 (A) 'quantity' and column 4 (D) '{second}'"


def test_unused_duplicate_headers_and_an_exact_rename_are_fine(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(f"quantity,unit,factor,notes,notes,Kwh,kwh\n{_OK_ROW},a,b,7,9\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(_ENTRY % "t.csv", encoding="utf-8")
    assert compute(tmp_path / "a.yaml").emissions_ug == 531_000_000
    (tmp_path / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\nperiod: {start: 2014-06-01, end: 2014-06-30}\n"
        "activities_from: [{path: t.csv, columns: {quantity: kwh}}]\n"
    )
    assert compute(tmp_path / "a.yaml").emissions_ug == 9 * 531_000_000  # the exact header, not 'Kwh'


# --------------------------------------------------------------------- empty tables, tables listed twice


def test_header_only_table_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("quantity,unit,factor\n\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(_ENTRY % "t.csv", encoding="utf-8")
    r = compute(tmp_path / "a.yaml")
    assert r.emissions_ug == 0 and r.tables[0].rows == 0
    assert any(w.endswith("t.csv has no data rows (only a header): it adds nothing to the totals") for w in r.warnings)


def test_empty_sheet_is_an_error(tmp_path: Path) -> None:
    _xlsx(tmp_path / "t.xlsx", [])
    (err,) = _errors(tmp_path, "t.xlsx", (tmp_path / "t.xlsx").read_bytes())
    assert err.code == "table.empty" and err.message == "sheet 'Sheet' is empty (no header in row 1)"


def test_same_table_listed_twice_is_an_error_at_the_second_entry(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(f"quantity,unit,factor\n{_OK_ROW}\n", encoding="utf-8")
    shutil.copy(tmp_path / "t.csv", tmp_path / "copy.csv")
    (tmp_path / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\nactivities_from:\n"
        "  - path: t.csv\n  - path: ./t.csv\n  - path: copy.csv\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    twice, copy = info.value.errors
    assert str(twice.location).endswith("a.yaml:6:11") and twice.code == "table.listed-twice"
    assert twice.message == "table './t.csv' is listed twice (first at line 5:11): its rows would be counted twice"
    assert str(copy.location).endswith("a.yaml:7:11")
    assert copy.message == (
        "table 'copy.csv' has the same content (SHA-256) as the table listed at line 5:11: "
        "its rows would be counted twice"
    )


def test_two_sheets_of_one_workbook_are_two_tables(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.title = "a"
    for ws, q in ((wb.active, 1), (wb.create_sheet("b"), 2)):
        ws.append(["quantity", "unit", "factor"])
        ws.append([q, "kWh", "electricity.jp.tepco.basic"])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "a.yaml").write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\nperiod: {start: 2014-06-01, end: 2014-06-30}\n"
        "activities_from: [{path: t.xlsx, sheet: a}, {path: t.xlsx, sheet: b}]\n"
    )
    assert compute(tmp_path / "a.yaml").emissions_ug == 3 * 531_000_000


# --------------------------------------------------------------------- cells: units in numbers, Excel oddities


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_quantity_with_its_unit_is_refused_the_same_way_in_every_format(tmp_path: Path, fmt: str) -> None:
    """'12 kWh' in a quantity cell: not parsed per row (the unit column is the contract), in CSV as in Parquet."""
    import polars as pl

    df = pl.DataFrame({"quantity": ["12 kWh"], "factor": ["electricity.jp.tepco.basic"]})
    path = tmp_path / f"t.{fmt}"
    df.write_csv(path) if fmt == "csv" else df.write_parquet(path)
    entry = "offsetcalc: 1\nkind: event\ntitle: t\nactivities_from: [{path: %s, unit: kWh}]\n"
    (err,) = _errors(tmp_path, path.name, path.read_bytes(), entry)
    assert str(err.location).endswith(f"t.{fmt}:row 2") and err.message == "quantity '12 kWh' is not a number"
    assert err.hint is not None and "write 12 here and 'kWh' in the 'unit' column" in err.hint


def test_excel_merged_cells_and_uncalculated_formulas_are_refused(tmp_path: Path) -> None:
    """Both read as empty cells: with a default 'unit:' or 'scope:' they would be silently filled in."""
    openpyxl = pytest.importorskip("openpyxl")
    rows = [["quantity", "unit", "factor"], [10, "kWh", "electricity.jp.tepco.basic"], [5, None, None]]
    _xlsx(tmp_path / "m.xlsx", rows)
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    wb.active.merge_cells("B2:C3")
    wb.save(tmp_path / "m.xlsx")
    (err,) = _errors(tmp_path, "m.xlsx", (tmp_path / "m.xlsx").read_bytes())
    assert err.code == "table.merged-cells" and "(B2:C3)" in err.message
    _xlsx(tmp_path / "f.xlsx", [*rows[:2], ["=A2*2", "kWh", "electricity.jp.tepco.basic"]])
    (err,) = _errors(tmp_path, "f.xlsx", (tmp_path / "f.xlsx").read_bytes())
    assert err.code == "table.formula-no-value" and err.message.startswith("cell A3 holds a formula saved without")


def test_excel_date_serial_number_gets_a_hint(tmp_path: Path) -> None:
    _xlsx(
        tmp_path / "t.xlsx", [["quantity", "unit", "factor", "date"], [1, "kWh", "electricity.jp.tepco.basic", 41759]]
    )
    (err,) = _errors(tmp_path, "t.xlsx", (tmp_path / "t.xlsx").read_bytes())
    assert err.message == "date '41759' is not a date" and "Excel date serial number" in (err.hint or "")


def test_batches_give_the_one_batch_result_and_report_bad_rows_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import offsetcalc.io.tables as io_tables

    rows = ["id,quantity,unit,factor_value,factor_unit,factor_source,scope"]
    for n in range(40):
        unit = "MWh" if n % 7 == 0 else "kWh"
        rows.append(f"m{n},{n * 10.25!r},{unit},{0.0004 + n * 1e-6:.7f},t-CO2 / kWh,supplier,2")
    (tmp_path / "t.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    head = "offsetcalc: 1\nkind: organization\ntitle: t\nactivities_from: [{path: t.csv}]\n"
    (tmp_path / "a.yaml").write_text(head, encoding="utf-8")
    whole = compute(tmp_path / "a.yaml")
    monkeypatch.setattr(io_tables, "BATCH_ROWS", 3)
    batched = compute(tmp_path / "a.yaml")
    assert batched.emissions_ug == whole.emissions_ug and batched.tables[0].rows == 40
    assert [(x.rows, x.ug, x.factor_min, x.factor_max) for x in batched.tables[0].lines] == [
        (x.rows, x.ug, x.factor_min, x.factor_max) for x in whole.tables[0].lines
    ]
    # Bad rows in several batches: all counted, the first ones shown in row order.
    bad = rows[:1] + [r.replace(",2", ",9") if i % 4 == 0 else r for i, r in enumerate(rows[1:])]
    (tmp_path / "t.csv").write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        compute(tmp_path / "a.yaml")
    shown = [str(e.location) for e in info.value.errors]
    assert shown == [f"{tmp_path / 't.csv'}:row {r}" for r in range(2, 42, 4)]


def _per_row_sources(tmp_path: Path, sources: int, rows: int) -> Path:
    lines = ["id,quantity,unit,factor_value,factor_unit,factor_source,scope"]
    for n in range(rows):
        lines.append(f"m{n},{100 + n},kWh,{0.0004 + n * 1e-7:.7f},t-CO2 / kWh,supplier {n % sources},2")
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    f = tmp_path / "a.yaml"
    f.write_text("offsetcalc: 1\nkind: organization\ntitle: t\nactivities_from: [{path: t.csv}]\n", encoding="utf-8")
    return f


def test_json_and_table_show_twenty_lines_per_group_and_count_the_rest(tmp_path: Path) -> None:
    from offsetcalc.report.terminal import console, render_result

    r = compute(_per_row_sources(tmp_path, sources=50, rows=500))
    assert len(r.tables[0].lines) == 50  # one line per (unit, factor unit, source): 50 sources
    d = result_to_dict(r)
    shown = d["emissions"]["activities"]
    (omitted,) = d["emissions"]["omitted"]
    assert len(shown) == 20 and (omitted["lines"], omitted["rows"]) == (30, 300)
    # The lines shown are the largest; with the omitted ones they add up to the total exactly.
    assert sum(line.ug for line in r.tables[0].lines) == r.emissions_ug
    smallest_shown = min(a["t_co2e"] for a in shown)
    assert all(line.t_co2e <= smallest_shown for line in r.tables[0].lines if line.id not in {a["id"] for a in shown})
    assert round(sum(a["t_co2e"] for a in shown) + omitted["t_co2e"], 6) == round(d["emissions"]["total_t_co2e"], 6)
    out = console(plain=True, width=200)
    with out.capture() as cap:
        render_result(r, out)
    text = cap.get()
    assert "… 30 more lines (300 rows)" in text and text.count("supplier") <= 20


def test_output_size_does_not_grow_with_rows_or_distinct_factor_values(tmp_path: Path) -> None:
    small = len(json.dumps(result_to_dict(compute(_per_row_sources(tmp_path, sources=3, rows=30)))))
    large = len(json.dumps(result_to_dict(compute(_per_row_sources(tmp_path, sources=3, rows=30_000)))))
    assert abs(large - small) < 200  # a few digits longer, not 1,000 times longer


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_rows_out_writes_one_result_per_row(tmp_path: Path, suffix: str) -> None:
    import polars as pl

    f = _per_row_sources(tmp_path, sources=3, rows=300)
    out = tmp_path / f"rows{suffix}"
    r = compute(f, rows_out=out)
    rows = pl.read_csv(out) if suffix == ".csv" else pl.read_parquet(out)
    assert rows.columns == ["table", "row", "id", "t_co2e", "factor", "factor_value", "factor_unit"]
    assert rows.height == 300 and rows["row"].to_list() == list(range(2, 302))
    assert rows["id"][0] == "m0" and rows["factor_value"][0] == 0.0004
    assert rows["t_co2e"][0] == 100 * 0.0004  # 100 kWh × 0.0004 t/kWh
    assert round(rows["t_co2e"].sum(), 6) == round(r.emissions_ug / UG_PER_T, 6)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no parts left behind


def test_rows_out_is_not_written_when_the_input_has_errors(tmp_path: Path) -> None:
    f = _per_row_sources(tmp_path, sources=3, rows=30)
    (tmp_path / "t.csv").write_text((tmp_path / "t.csv").read_text() + "bad,x,kWh,0.1,t-CO2 / kWh,s,2\n")
    with pytest.raises(InputErrors):
        compute(f, rows_out=tmp_path / "rows.parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "t.csv"]


def test_rows_out_on_the_command_line(tmp_path: Path) -> None:
    proc = run_cli("compute", "examples/org-meters.yaml", "--rows-out", str(tmp_path / "rows.csv"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    lines = (tmp_path / "rows.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + 7 + 1  # header, 7 table rows, the file's one activity
    assert json.loads(proc.stdout)["emissions"]["tables"][0]["rows"] == 7
    bad = run_cli("compute", "examples/org-meters.yaml", "--rows-out", str(tmp_path / "rows.txt"), cwd=ROOT)
    assert bad.returncode == 2 and "rows.txt: error: --rows-out" in bad.stderr and "Traceback" not in bad.stderr


def test_an_open_sheets_rows_are_read_once(tmp_path: Path) -> None:
    """The rows come through the opening that checked the sheet; a second read would find none,
    so it is refused rather than silently giving an empty table."""
    openpyxl = pytest.importorskip("openpyxl")
    from offsetcalc.io.xlsx import open_sheet

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["quantity", "unit"])
    for i in range(5):
        ws.append([i, "kWh"])
    wb.save(tmp_path / "t.xlsx")
    sheet = open_sheet(tmp_path / "t.xlsx", "t.xlsx", None)
    assert sheet.written == ["quantity", "unit"]
    frames = list(sheet.batches(2))
    assert [f.height for f in frames] == [2, 2, 1] and frames[0]["__row"].to_list() == [2, 3]
    assert frames[2][sheet.names[0]].to_list() == ["4"]
    with pytest.raises(RuntimeError, match="read already"):
        list(sheet.batches(2))
