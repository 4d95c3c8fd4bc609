"""Reading ``activities_from:`` tables (CSV, Parquet, Excel): files to standard columns, in batches.

An organisation's meter readings and fuel receipts come as exports of millions
of rows. This module only reads: it checks where a table is and what it is,
finds the standard columns in its header, and yields the rows as polars frames
of a bounded number of rows (:meth:`OpenTable.batches`), so a table of 10⁸ rows
is read in the memory of one batch. Computing them is
:mod:`offsetcalc.engine.tables`' job.

Columns (headers are matched case-insensitively; ``columns:`` renames them):
``quantity`` (required), ``unit``, ``factor`` (a factor ID) or ``factor_value``
+ ``factor_unit`` (+ optional ``factor_source``) per row, and optional ``id``,
``category``, ``stage``, ``scope``, ``site``, ``date``. ``unit``, ``factor``,
``category``, ``stage`` and ``scope`` in the ``activities_from`` entry fill the
rows whose column is absent or whose cell is empty. Other columns are ignored,
except ``per``: a product's ``per: unit`` is not read from tables, so such a
column is refused rather than silently dropped.

A table's path is relative to the activity file and must stay inside its folder
(subfolders are fine): absolute paths and paths or links leading out are refused,
so a submission cannot make the checker read, and quote, other files. The path
is never expanded (no globs: polars' scanners are told so).

Rows are numbered as a spreadsheet shows them: the header is row 1, so the
first data row is row 2. In a CSV file without line breaks inside quoted cells
row N is line N; blank lines count as rows (and are skipped). In an Excel
sheet row N is the sheet's row N. Parquet files have no header line; their
rows are numbered the same way (first row = row 2) so a file converted from a
CSV keeps its row numbers.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offsetcalc.errors import InputError, InputErrors, Location, OffsetcalcError
from offsetcalc.io.paths import inside
from offsetcalc.report.messages import Join, Msg, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

STANDARD_COLUMNS = (
    "id",
    "quantity",
    "unit",
    "factor",
    "factor_value",
    "factor_unit",
    "factor_source",
    "category",
    "stage",
    "scope",
    "site",
    "date",
)
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".xlsx": "xlsx"}
FIRST_DATA_ROW = 2  # the header is row 1
# Rows per batch. The engine keeps ~15 columns of a batch while computing it; at 2**17
# rows a 10M-row table peaks at ~0.75 GB (2**20: 1.2 GB), measured in benchmarks/README.md.
BATCH_ROWS = 1 << 17
#: An Excel sheet's rows arrive as Python objects (openpyxl), a few hundred bytes a row
#: before they become columns: smaller batches keep that bounded (peak RSS for 300,000
#: rows, 4 columns: 180 MB with 10,000-row batches, 275 MB with BATCH_ROWS).
XLSX_BATCH_ROWS = 1 << 14


@dataclass(frozen=True)
class RowLocation(Location):
    """A row of a table: renders as ``readings.csv:row 812``."""

    row: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:row {self.row}" if self.row is not None else super().__str__()


# --------------------------------------------------------------------- reading


def table_path(src: Any, doc: Any) -> tuple[Path, str]:
    """The table's path (relative to the activity file) and how messages show it."""
    p = Path(src.path)
    if not p.is_absolute():
        p = Path(doc.source).parent / p
    return p, os.path.normpath(str(p))


def _check_inside(src: Any, where: Location, doc: Any) -> None:
    """A table must be in the activity file's folder or below it (:func:`offsetcalc.io.paths.inside`).

    Checked before the table is opened, so a path leading out is reported as such whatever
    else is wrong with it (its format, a missing file).
    """
    if inside(src.path, Path(doc.source).parent):
        return
    raise InputError(
        Msg("table.outside", path=src.path), location=where, code="table.outside", hint=Msg("table.outside.hint")
    )


@dataclass
class OpenTable:
    """A table whose file has been checked and whose header is known; rows not read yet."""

    path: Path
    display: str  # as shown in messages
    fmt: str  # csv, parquet or xlsx
    written: list[str]  # the header as in the file
    names: list[str]  # the column names polars gives them (aligned with ``written``)
    header_loc: Location
    sheet: Any = None  # xlsx: the open sheet (offsetcalc.io.xlsx.OpenSheet), header read, rows not yet

    def schema(self) -> dict[str, Any]:
        """Column name → polars dtype, ``__row`` included, without reading the rows."""
        import polars as pl

        if self.fmt == "xlsx":  # every cell is read as text
            return {"__row": pl.UInt32, **dict.fromkeys(self.names, pl.String)}
        return dict(self.lazy().collect_schema())

    def lazy(self) -> pl.LazyFrame:
        """All rows of a CSV or Parquet file, lazily, with ``__row`` (the row number of the module docs)."""
        import polars as pl

        if self.fmt == "csv":
            return pl.scan_csv(
                self.path,
                infer_schema=False,
                raise_if_empty=False,
                truncate_ragged_lines=False,
                glob=False,
                row_index_name="__row",
                row_index_offset=FIRST_DATA_ROW,
            )
        return pl.scan_parquet(self.path, glob=False, row_index_name="__row", row_index_offset=FIRST_DATA_ROW)

    def batches(self, cols: dict[str, str], rows: int | None = None) -> Iterator[pl.DataFrame]:
        """The rows in order as frames of standard columns (:func:`standard_columns`), blank rows dropped."""
        import polars as pl

        data_cols = [c for c in self.names if c]

        def select(lf: pl.LazyFrame) -> pl.LazyFrame:
            if data_cols:
                # Blank lines of a CSV and empty rows of a sheet come back as all-null rows.
                lf = lf.filter(~pl.all_horizontal(pl.col(data_cols).is_null()))
            return lf.select("__row", *dict.fromkeys(cols.values()))

        size = rows or BATCH_ROWS
        if self.fmt == "xlsx":
            # openpyxl reads the sheet row by row; one batch of cells is held at a time.
            size = rows or min(size, XLSX_BATCH_ROWS)
            it = (select(f.lazy()).collect() for f in self.sheet.batches(size))
        else:
            it = select(self.lazy()).collect_batches(chunk_size=size)
        while True:
            try:
                raw = next(it)
            except StopIteration:
                return
            except OffsetcalcError:
                raise
            except Exception as exc:
                raise self._fault(exc) from None
            if raw.height:
                yield standard_columns(raw, cols)

    def _fault(self, exc: Exception) -> InputError:
        if self.fmt == "csv":
            fault = _csv_fault(self.path, self.display)
            if fault is not None:
                return fault
        return _unreadable(self.fmt, exc, self.display)


def open_table(path: Path, display: str, fmt: str, sheet: str | None = None) -> OpenTable:
    """Check a table file and read its header (the rows are read by :meth:`OpenTable.batches`).

    The header list is aligned with the data columns. It differs from the polars
    column names only where the file repeats a name (polars renames the repeats),
    so a duplicate header is reported rather than silently renamed.
    """
    from offsetcalc.io.limits import check_columns, read_header

    _sniff(path, display, fmt)
    header_loc = Location(display) if fmt == "parquet" else Location(display, 1)
    if fmt == "xlsx":
        from offsetcalc.io.xlsx import open_sheet  # the guards against hostile workbooks live there

        opened = open_sheet(path, display, sheet)
        return OpenTable(path, display, fmt, opened.written, opened.names, header_loc, opened)
    import polars as pl

    if fmt == "csv":  # counted on the header's bytes before polars builds a column per name
        import csv
        import io

        with open(path, "rb") as fh:
            head = read_header(fh, header_loc).decode("utf-8-sig", errors="replace")
        check_columns(len(next(csv.reader(io.StringIO(head, newline="")), [])), header_loc)

    try:
        if fmt == "csv":
            lf = pl.scan_csv(path, infer_schema=False, raise_if_empty=False, truncate_ragged_lines=False, glob=False)
        else:
            lf = pl.scan_parquet(path, glob=False)
        names = list(lf.collect_schema().names())
        check_columns(len(names), header_loc)
    except OffsetcalcError:
        raise
    except Exception as exc:
        if fmt == "csv":
            fault = _csv_fault(path, display)
            if fault is not None:
                raise fault from None
        elif "more than one occurrence" in str(exc) or "duplicate" in str(exc).lower():
            dup = _duplicate_names_error(_parquet_names(path), Location(display))
            raise (dup or _unreadable(fmt, exc, display)) from None
        raise _unreadable(fmt, exc, display) from None
    written = _csv_header(path) if fmt == "csv" else list(names)
    if len(written) != len(names):
        written = list(names)
    return OpenTable(path, display, fmt, written, names, header_loc)


def _unreadable(fmt: str, exc: Exception, display: str) -> InputError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        Msg("table.unreadable.format", fmt=fmt.upper(), first=first),
        location=Location(display),
        code="table.unreadable",
        hint=Msg("table.unreadable.csv.hint") if fmt == "csv" else Msg("table.unreadable.other.hint"),
    )


# Signatures of the files most often given a wrong name: what they are, and what to do.
_MAGIC = (
    (b"PK\x03\x04", Msg("table.kind.zip"), "xlsx"),
    (b"PAR1", Msg("table.kind.parquet"), "parquet"),
    (b"\xd0\xcf\x11\xe0", Msg("table.kind.xls"), "xls"),
    (b"%PDF", Msg("table.kind.pdf"), "pdf"),
    (b"\x1f\x8b", Msg("table.kind.gzip"), "gzip"),
)
_SNIFF_BYTES = 65536


def _sniff(path: Path, display: str, fmt: str) -> None:
    """Refuse files whose first bytes show they are not what their name says.

    Without this a UTF-16 or semicolon-separated CSV reads as one strange column
    and is reported as "no column 'quantity'", which sends the user looking for
    the wrong fault.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(
            Msg("table.unreadable.io", reason=exc.strerror or exc), location=Location(display), code="table.unreadable"
        ) from None
    loc = Location(display)
    kind = next(((what, k) for magic, what, k in _MAGIC if head.startswith(magic)), None)
    export = Msg("table.export.hint")
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            what = kind[0] if kind else Msg("table.kind.text") if _is_text(head) else None
            raise InputError(
                Msg("table.not-parquet.is", what=what) if what is not None else Msg("table.not-parquet"),
                location=loc,
                code="table.not-format",
                hint=Msg("table.not-parquet.hint", export=export),
            )
        return
    if fmt == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            what = kind[0] if kind else Msg("table.kind.text") if _is_text(head) else Msg("table.kind.not-xlsx")
            raise InputError(
                Msg("table.not-xlsx", what=what),
                location=loc,
                code="table.not-format",
                hint=Msg("table.not-xlsx.hint", export=export),
            )
        return
    if not head.strip():
        raise InputError(
            Msg("table.empty"),
            location=loc,
            code="table.empty",
            hint=Msg("table.empty.hint"),
        )
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _encoding_error("UTF-32", loc)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _encoding_error("UTF-16", loc)
    if kind is None and _looks_utf16(head):
        raise _encoding_error("UTF-16", loc)
    if kind is not None:
        hint = {
            "xlsx": Msg("table.binary.xlsx.hint", export=export),
            "parquet": Msg("table.binary.parquet.hint"),
            "gzip": Msg("table.binary.gzip.hint"),
        }.get(kind[1], export)
        raise InputError(Msg("table.binary.kind", kind=kind[0]), location=loc, code="table.binary", hint=hint)
    if b"\x00" in head or _control_share(head) > 0.05:
        raise InputError(Msg("table.binary"), location=loc, code="table.binary", hint=export)
    header = _first_line(head)
    unquoted = re.sub(r'"[^"]*"', "", header)
    for sep, name in ((";", Msg("table.separator.semicolon")), ("\t", Msg("table.separator.tab"))):
        if unquoted.count(sep) > unquoted.count(","):
            raise InputError(
                Msg("table.separator", name=name),
                location=Location(display, 1),
                code="table.separator",
                hint=Msg("table.separator.hint"),
            )


def _control_share(head: bytes) -> float:
    """The share of control bytes (other than tab, CR, LF, FF): text has none, binary data many."""
    sample = head[:8192]
    n = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 32), 127))
    return n / max(len(sample), 1)


def _is_text(head: bytes) -> bool:
    return b"\x00" not in head and not any(head.startswith(m) for m, _, _ in _MAGIC)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL byte beside every character."""
    sample = head[:512]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.7 * len(even) or odd.count(0) > 0.7 * len(odd)


def _encoding_error(enc: str, loc: Location) -> InputError:
    return InputError(
        Msg("table.encoding.file", enc=enc), location=loc, code="table.encoding", hint=Msg("table.encoding.file.hint")
    )


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")


def _csv_header(path: Path) -> list[str]:
    """The CSV header fields as written (polars renames repeated names)."""
    import csv
    import io

    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    text = head.decode("utf-8-sig", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def _csv_fault(path: Path, display: str) -> InputError | None:
    """Where a CSV that polars could not read goes wrong: the first bad byte or row.

    Only run after polars failed, so its cost (a pass in Python) is paid by
    broken files alone. Row N is counted as in the rest of the module (header =
    row 1, blank lines count); when a quoted cell spans lines the line is given too.
    """
    import csv

    with open(path, "rb") as f:
        for lineno, line in enumerate(f, 1):
            try:
                (line[3:] if lineno == 1 and line.startswith(b"\xef\xbb\xbf") else line).decode("utf-8")
            except UnicodeDecodeError as exc:
                return InputError(
                    Msg("table.encoding.line", line=lineno, byte=f"{line[exc.start]:02x}"),
                    location=Location(display, lineno, exc.start + 1),
                    code="table.encoding",
                    hint=Msg("table.encoding.line.hint"),
                )
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, strict=True)
        width = None
        row = 0
        start = 1
        try:
            for record in reader:
                row += 1
                if width is None:
                    width = len(record)
                elif len(record) > width:
                    return InputError(
                        Msg("table.ragged", cells=len(record), width=width, start=_from_line(row, start)),
                        location=RowLocation(display, row=row),
                        code="table.ragged",
                        hint=Msg("table.ragged.hint"),
                    )
                start = reader.line_num + 1
        except csv.Error as exc:
            return InputError(
                Msg("table.csv-syntax", detail=exc, start=_from_line(row + 1, start)),
                location=RowLocation(display, row=row + 1),
                code="table.csv-syntax",
                hint=Msg("table.csv-syntax.hint"),
            )
    return None


def _from_line(row: int, line: int) -> Msg | str:
    """Where a row starts, when a quoted line break has made its number differ from the line's."""
    return "" if row == line else Msg("table.row-starts", line=line)


def _parquet_names(path: Path) -> list[str]:
    try:
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    except Exception:
        return []


def _column_label(i: int) -> str:
    """Column i (0-based) as 'column 4 (D)': CSV users count, spreadsheet users read letters."""
    n, letters = i + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{i + 1} ({letters})"


def _duplicate_names_error(written: list[str], loc: Location, only: set[str] | None = None) -> InputError | None:
    """An error naming the columns that share a (case-insensitive) name, or None."""
    seen: dict[str, list[int]] = {}
    for i, h in enumerate(written):
        seen.setdefault(str(h).strip().lower(), []).append(i)
    for name, idx in seen.items():
        if len(idx) > 1 and name and (only is None or name in only):
            shown = [Msg("table.column-label", label=_column_label(i), name=written[i]) for i in idx]
            return InputError(
                Msg("table.duplicate-column", n=len(idx), name=written[idx[0]], shown=Join(shown, "sep.and")),
                location=loc,
                code="table.duplicate-column",
                hint=Msg("table.duplicate-column.hint"),
            )
    return None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_columns(table: OpenTable, src: Any, index: int, doc: Any) -> dict[str, str]:
    """Standard column name -> column of the table (as polars names it).

    ``table.written`` is the header as in the file, aligned with the columns. A
    name that two columns share (case-insensitively) is an error when it is used:
    taking one of them would silently drop the other's data.
    """
    names = [c for c in table.names if c != "__row"]
    headers = list(table.written)
    header_loc = table.header_loc
    by_lower: dict[str, str] = {}
    for h in headers:
        by_lower.setdefault(h.strip().lower(), h)
    column_of: dict[str, str] = {}
    for h, n in zip(headers, names, strict=True):
        column_of.setdefault(h, n)
    out: dict[str, str] = {}
    errors: list[OffsetcalcError] = []
    # Another name for a standard column in this kind of file (a city table's 'gpc' is its category).
    aliases: dict[str, str] = getattr(src, "column_aliases", {})
    for written_std, given in src.columns.items():
        std = aliases.get(written_std, written_std)
        if std not in STANDARD_COLUMNS:
            errors.append(
                InputError(
                    Msg("table.column-name", name=std),
                    location=doc.location(("activities_from", index, "columns", written_std), key=True),
                    code="table.column-name",
                    hint=Msg(
                        "table.column-name.hint",
                        dym=did_you_mean(std, STANDARD_COLUMNS) or "",
                        names=", ".join(STANDARD_COLUMNS),
                    ),
                )
            )
            continue
        actual = given if given in headers else by_lower.get(str(given).strip().lower())
        if actual is None:
            errors.append(
                InputError(
                    Msg("table.column-missing.given", given=given, std=written_std),
                    location=header_loc,
                    code="table.column-missing",
                    hint=Msg(
                        "table.column-missing.given.hint",
                        dym=did_you_mean(str(given), headers) or "",
                        columns=", ".join(headers),
                    ),
                )
            )
            continue
        out[std] = actual
    for alias, std in aliases.items():  # a header named by the alias wins over the standard name
        if std not in out and alias not in src.columns and alias in by_lower:
            out[std] = by_lower[alias]
    for std in STANDARD_COLUMNS:
        if std not in out and std not in src.columns and std in by_lower:
            out[std] = by_lower[std]
    # A header named exactly in 'columns:' is the user's choice even if another differs only in case.
    used = {h.strip().lower() for std, h in out.items() if src.columns.get(std) != h or headers.count(h) > 1}
    dup = _duplicate_names_error(headers, header_loc, only=used)
    if dup is not None:
        errors.append(dup)
    if "per" in by_lower and "per" not in out.values():
        # An activity's 'per: unit' (products) is not read from tables: a 'per' column was ignored,
        # so 0.15 kWh per box counted once instead of once per box sold (redteam6). Refused, never
        # guessed: a row's quantity is for everything the file covers.
        errors.append(
            InputError(
                Msg("table.column-per", name=by_lower["per"]),
                location=header_loc,
                code="table.column-per",
                hint=Msg("table.column-per.hint"),
            )
        )
    missing: list[Msg | str] = []
    if "quantity" not in out:
        missing.append("'quantity'")
    if "unit" not in out and src.unit is None:
        missing.append(Msg("table.no-column.unit"))
    if "factor" not in out and src.factor is None and not ("factor_value" in out and "factor_unit" in out):
        missing.append(Msg("table.no-column.factor"))
    if missing and not errors:
        errors.append(
            InputError(
                Msg("table.no-column", columns=Join(missing, "sep.and-no-column")),
                location=header_loc,
                code="table.column-missing",
                hint=Msg("table.no-column.hint", columns=", ".join(headers) or Msg("table.columns.none")),
            )
        )
    if errors:
        raise InputErrors(errors)
    return {std: column_of[h] for std, h in out.items()}


# Columns that say how a row is computed and where it is summed. Their distinct
# combinations are few (units × factor IDs × scopes ...), so the engine checks and
# converts them once per combination. A per-row factor *value* is not one of them:
# it is a number column like the quantity.
KEY_COLUMNS = ("unit", "factor", "factor_unit", "factor_source", "scope", "category", "stage")


def standard_columns(raw: pl.DataFrame, cols: dict[str, str]) -> pl.DataFrame:
    """One batch as standard columns.

    ``quantity`` and ``factor_value`` as Float64 (null where the cell is not a
    number; for text columns ``__qraw`` / ``__fvraw`` keep the cell as written,
    for messages), the key columns as categoricals, ``id`` as text, ``date`` as a
    Date (``__dateraw`` as given).
    """
    import polars as pl

    numbers = [("quantity", "__qraw")] + ([("factor_value", "__fvraw")] if "factor_value" in cols else [])
    exprs: list[pl.Expr] = [pl.col("__row")]
    for std, raw_alias in numbers:
        name = cols[std]
        dtype = raw.schema[name]
        if dtype == pl.String:
            exprs += [pl.col(name).alias(raw_alias), pl.col(name).cast(pl.Float64, strict=False).alias(std)]
        elif dtype.is_numeric():
            # No text column for numbers: the few rows shown in errors are formatted from the value.
            exprs.append(pl.col(name).cast(pl.Float64).alias(std))
        else:
            exprs += [pl.col(name).cast(pl.String).alias(raw_alias), pl.lit(None, dtype=pl.Float64).alias(std)]
    for name in KEY_COLUMNS:
        if name in cols:
            # Categorical: few distinct values, so finding and joining them works on integers.
            exprs.append(pl.col(cols[name]).cast(pl.String).cast(pl.Categorical).alias(name))
    if "id" in cols:
        exprs.append(pl.col(cols["id"]).cast(pl.String).alias("id"))
    if "date" in cols:
        d = pl.col(cols["date"])
        if raw.schema[cols["date"]] in (pl.Date, pl.Datetime):
            exprs += [pl.lit(None, dtype=pl.String).alias("__dateraw"), d.cast(pl.Date).alias("date")]
        else:
            d = d.cast(pl.String).str.strip_chars()
            exprs += [d.alias("__dateraw"), d.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).alias("date")]
    out = raw.select(exprs)
    for std, raw_alias in numbers:
        if (
            raw_alias in out.columns
            and out.select((pl.col(std).is_null() & pl.col(raw_alias).is_not_null()).any()).item()
        ):
            # Slow path, only for batches that need it: blanks around numbers, "1,500.5".
            t = pl.col(raw_alias).str.strip_chars()
            t = (
                pl.when(t.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$"))
                .then(t.str.replace_all(",", ""))
                .otherwise(t)
            )
            out = out.with_columns(t.cast(pl.Float64, strict=False).alias(std))
    return out
