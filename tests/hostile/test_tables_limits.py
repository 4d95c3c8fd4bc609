"""Classes 3, 6 and 9 (tables): no silent row loss, bounded memory, a clear error for every broken table.

Before: an .xlsx whose ``<dimension>`` claimed fewer rows was read short without
a word; a 1.5 GB shared string in a 1.5 MB .xlsx took 10 GB; a CSV header of a
million columns took 5 GB and aborted; an entity bomb, a sheet listed but
missing, and Parquet quantity columns of binary/list/duration type were
internal errors (exit 3).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import organization, run_cli

openpyxl = pytest.importorskip("openpyxl")


def _workbook(path: Path, rows: int = 5) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "quantity", "unit", "factor"])
    for i in range(rows):
        ws.append([f"r{i}", 1000, "kWh", "electricity.jp.tepco.basic"])
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, change: Callable[[bytes], bytes], drop: bool = False) -> None:
    """Rewrite one part of a zip (an .xlsx) in place."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    if drop:
        del parts[member]
    else:
        parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _compute(folder: Path, table: str) -> tuple[int, str, str]:
    proc = run_cli("compute", str(organization(folder, table)), "--format", "json")
    return proc.returncode, proc.stdout, proc.stderr


def test_xlsx_dimension_tag_is_not_trusted(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "t.xlsx", rows=5)
    sheet = "xl/worksheets/sheet1.xml"
    _rewrite(book, sheet, lambda x: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:D2"/>', x))
    code, out, err = _compute(tmp_path, "t.xlsx")
    assert code == 0, err
    (table,) = json.loads(out)["emissions"]["tables"]
    assert table["rows"] == 5  # all five data rows, not the one the tag claims


def test_xlsx_entity_declarations_are_refused(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "t.xlsx")
    bomb = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    _rewrite(book, "xl/workbook.xml", lambda x: bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", x))
    code, _out, err = _compute(tmp_path, "t.xlsx")
    assert code == 2 and "DOCTYPE or entities" in err and "internal error" not in err


def test_xlsx_text_longer_than_a_cell_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "quantity", "unit", "factor"])
    ws.append(["x" * 20, 1, "kWh", "electricity.jp.tepco.basic"])
    wb.save(book)
    # A shared string far past Excel's 32,767 characters: compresses to almost nothing.
    _rewrite(book, "xl/worksheets/sheet1.xml", lambda x: x)
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
    member = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/worksheets/sheet1.xml"
    _rewrite(book, member, lambda x: x.replace(b"x" * 20, b"x" * 400_000))
    code, _out, err = _compute(tmp_path, "t.xlsx")
    assert code == 2 and "longer than an Excel cell" in err


def test_xlsx_sheet_listed_but_missing_is_an_input_error(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "t.xlsx")
    _rewrite(book, "xl/worksheets/sheet1.xml", lambda x: x, drop=True)
    code, _out, err = _compute(tmp_path, "t.xlsx")
    assert code == 2 and "cannot read Excel workbook" in err and "internal error" not in err


def test_xlsx_cells_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from offsetcalc.api import compute
    from offsetcalc.errors import InputErrors
    from offsetcalc.io import xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 20)  # the real limit (10M cells) is too slow for a unit test
    _workbook(tmp_path / "t.xlsx", rows=10)
    with pytest.raises(InputErrors) as err:
        compute(organization(tmp_path, "t.xlsx"))
    assert [e.code for e in err.value.errors] == ["table.too-many-cells"]


def test_csv_with_too_many_columns_is_refused_before_reading(tmp_path: Path) -> None:
    header = ",".join(["quantity", "unit", "factor"] + [f"c{i}" for i in range(5000)])
    (tmp_path / "wide.csv").write_text(header + "\n" + "1,kWh,electricity.jp.tepco.basic\n")
    code, _out, err = _compute(tmp_path, "wide.csv")
    assert code == 2 and "5,003 columns, over the limit" in err


def test_csv_header_without_end_is_refused(tmp_path: Path) -> None:
    (tmp_path / "long.csv").write_bytes(b"quantity" + b"x" * (2 << 20))
    code, _out, err = _compute(tmp_path, "long.csv")
    assert code == 2 and "header (first row) is longer than" in err


@pytest.mark.parametrize(
    "make",
    [
        lambda pl: pl.Series("quantity", [b"\x01\x02"], dtype=pl.Binary),
        lambda pl: pl.Series("quantity", [[1.0, 2.0]]),
        lambda pl: pl.Series("quantity", [1_000_000], dtype=pl.Duration("us")),
    ],
    ids=["binary", "list", "duration"],
)
def test_parquet_quantity_of_a_non_number_type_is_an_input_error(tmp_path: Path, make: Callable) -> None:
    import polars as pl

    df = pl.DataFrame([make(pl), pl.Series("unit", ["kWh"]), pl.Series("factor", ["electricity.jp.tepco.basic"])])
    df.write_parquet(tmp_path / "t.parquet")
    code, _out, err = _compute(tmp_path, "t.parquet")
    assert code == 2, err
    assert "internal error" not in err and "quantity" in err
