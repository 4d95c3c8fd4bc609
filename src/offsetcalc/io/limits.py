"""Size limits on tables a submission brings, checked before anything large is built.

A hostile or broken file can claim, or hold, far more than any real export: a
CSV header of a million columns (polars builds a column object per name: 5 GB),
an .xlsx whose 1.5 MB zip expands to a 1.5 GB string. Each limit here is
checked on what is actually read (never on a size the file declares about
itself) and fails with one clear error naming the limit.

The limits are far above real exports: an ERP export has tens of columns, and
Excel itself stops at 16,384 columns, 1,048,576 rows and 32,767 characters a cell.
"""

from __future__ import annotations

from typing import BinaryIO

from offsetcalc.errors import InputError, Location
from offsetcalc.report.messages import Msg

__all__ = ["MAX_CELLS", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_HEADER_BYTES", "check_columns", "read_header"]

#: Columns in one table (Excel's own maximum is 16,384; offsetcalc uses at most 12).
MAX_COLUMNS = 1_000
#: The header of a CSV (its first record) in bytes.
MAX_HEADER_BYTES = 1 << 20
#: Cells read from an .xlsx sheet (each becomes a Python object; ~1 GB of memory).
MAX_CELLS = 10_000_000
#: Characters in one cell, as in Excel.
MAX_CELL_CHARS = 32_767


def check_columns(n: int, where: Location) -> None:
    """Refuse a table with more than :data:`MAX_COLUMNS` columns."""
    if n > MAX_COLUMNS:
        raise InputError(
            Msg("table.too-many-columns", n=f"{n:,}", limit=f"{MAX_COLUMNS:,}"),
            location=where,
            code="table.too-many-columns",
            hint=Msg("table.too-many-columns.hint"),
        )


def read_header(fh: BinaryIO, where: Location) -> bytes:
    """The bytes of a CSV's first record (quoted line breaks kept), at most :data:`MAX_HEADER_BYTES`."""
    fh.seek(0)
    buf = fh.read(MAX_HEADER_BYTES + 1)
    quoted = False
    for i, b in enumerate(buf):  # the first line break outside quotes ends the header
        if b == 0x22:
            quoted = not quoted
        elif b == 0x0A and not quoted:
            return buf[: i + 1]
    if len(buf) > MAX_HEADER_BYTES:
        raise InputError(
            Msg("table.header-too-long", limit=f"{MAX_HEADER_BYTES:,}"),
            location=where,
            code="table.header-too-long",
            hint=Msg("table.header-too-long.hint"),
        )
    return buf


def check_cell_types(schema: dict[str, object], cols: dict[str, str], display: str) -> None:
    """A used column must hold numbers, text, dates or booleans: Parquet can also store bytes, lists, durations ...

    Checked on the columns offsetcalc reads (others are ignored whatever they hold),
    by type, so no cast of bytes or lists to text ever meets the engine.
    """
    import polars as pl

    for std, name in cols.items():
        dtype = schema[name]
        ok = dtype.is_numeric() or dtype in (pl.String, pl.Boolean, pl.Date, pl.Null)  # type: ignore[attr-defined]
        if ok or isinstance(dtype, (pl.Datetime, pl.Categorical, pl.Enum)):
            continue
        raise InputError(
            Msg("table.column-type", name=name.split(chr(0))[0], std=std, dtype=dtype),
            location=Location(display),
            code="table.column-type",
            hint=Msg("table.column-type.hint"),
        )
