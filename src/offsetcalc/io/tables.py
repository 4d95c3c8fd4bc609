"""Activities from tables: ``activities_from:`` CSV, Parquet and Excel files, at scale.

An organisation's meter readings and fuel receipts come as exports of millions
of rows. They are read into polars columns and computed column-wise
(:mod:`offsetcalc.engine.vector`): units are converted once per distinct (unit,
factor unit) pair, factor IDs are resolved once per distinct ID, and no Python
object is made per row. A result keeps, per table, one line per distinct
(group, unit, factor) with its row count and exact micrograms, not a million
activity results.

Columns (headers are matched case-insensitively; ``columns:`` renames them):
``quantity`` (required), ``unit``, ``factor`` (a factor ID) or ``factor_value``
+ ``factor_unit`` (+ optional ``factor_source``) per row, and optional ``id``,
``category``, ``stage``, ``scope``, ``site``, ``date``. ``unit``, ``factor``,
``category``, ``stage`` and ``scope`` in the ``activities_from`` entry fill the
rows whose column is absent or whose cell is empty. Other columns are ignored.

A table's path is relative to the activity file and must stay inside its folder
(subfolders are fine): absolute paths and paths or links leading out are refused,
so a submission cannot make the checker read, and quote, other files.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the
first data row is row 2. In a CSV file without line breaks inside quoted cells
row N is line N; blank lines count as rows (and are skipped). In an Excel
sheet row N is the sheet's row N. Parquet files have no header line; their
rows are numbered the same way (first row = row 2) so a file converted from a
CSV keeps its row numbers.

Every bad row is counted; the first :data:`MAX_ROW_ERRORS` are reported as
``readings.csv:row 812: error: …`` with a hint, all together, with the errors
of the file's own activities (exit 2).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from offsetcalc.engine.compute import (
    FactorUse,
    Result,
    coefficient,
    compute_document,
    factor_use_from_table,
    group_label,
    mismatch,
    override_record,
    table_record,
    unconfirmed_warning,
    weighted,
)
from offsetcalc.engine.vector import TableLine, TableSummary, summarise
from offsetcalc.errors import InputError, InputErrors, Location, OffsetcalcError, UnitError, did_you_mean
from offsetcalc.models import MAX_MAGNITUDE
from offsetcalc.units import parse_unit

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
MAX_ROW_ERRORS = 20
FIRST_DATA_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class RowLocation(Location):
    """A row of a table: renders as ``readings.csv:row 812``."""

    row: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:row {self.row}" if self.row is not None else super().__str__()


# --------------------------------------------------------------------- entry point


def compute(model: Any, doc: Any, factor_set: Any, gwp_set: str) -> Result:
    """Compute an activity file whose ``activities_from`` tables join its ``activities``.

    Errors of the tables and of the file's own activities are raised together
    as one :class:`~offsetcalc.errors.InputErrors`.
    """
    errors: list[OffsetcalcError] = []
    ctx = _Context(model, doc, factor_set, gwp_set)
    summaries: list[TableSummary] = []
    first_by_path: dict[tuple[str, str | None], int] = {}
    first_by_content: dict[tuple[str, str | None], int] = {}
    for i, src in enumerate(model.activities_from):
        # The same table listed twice would have its rows counted twice.
        key = (os.path.realpath(table_path(src, doc)[0]), src.sheet)
        if key in first_by_path:
            errors.append(_listed_twice(src, i, first_by_path[key], doc, "is listed twice"))
            continue
        first_by_path[key] = i
        try:
            summary = compute_table(src, i, ctx)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        except OffsetcalcError as exc:
            errors.append(exc)
            continue
        # A copy under another name is the same rows again (a header-only copy adds nothing).
        key = (summary.sha256, src.sheet)
        if summary.rows and key in first_by_content:
            errors.append(_listed_twice(src, i, first_by_content[key], doc, "has the same content (SHA-256) as"))
            continue
        first_by_content.setdefault(key, i)
        summaries.append(summary)
    try:
        base = compute_document(model, doc, factor_set, gwp_set)
    except InputErrors as exc:
        errors = exc.errors + errors
    except OffsetcalcError as exc:
        errors.insert(0, exc)
    if errors:
        raise InputErrors(errors)
    return _merge(base, summaries, ctx)


def _listed_twice(src: Any, i: int, first: int, doc: Any, how: str) -> InputError:
    where = doc.location(("activities_from", first, "path"))
    first_at = f"line {where.line}:{where.column}"
    if how == "is listed twice":
        what = f"table '{src.path}' is listed twice (first at {first_at})"
    else:
        what = f"table '{src.path}' {how} the table listed at {first_at}"
    return InputError(
        f"{what}: its rows would be counted twice",
        location=doc.location(("activities_from", i, "path")),
        code="table.listed-twice",
        hint="list each table once in activities_from (to split one table, filter it before exporting)",
    )


@dataclass
class _Context:
    model: Any
    doc: Any
    factor_set: Any
    gwp_set: str
    warnings: list[str] = dataclasses.field(default_factory=list)
    used: dict[str, Any] = dataclasses.field(default_factory=dict)  # factor ID -> Factor
    uses: dict[str, FactorUse] = dataclasses.field(default_factory=dict)  # reference as written -> FactorUse


def _merge(base: Result, summaries: list[TableSummary], ctx: _Context) -> Result:
    warnings = list(base.warnings)
    for w in ctx.warnings:
        if w not in warnings:
            warnings.append(w)
    tables = {t["id"]: t for t in base.factor_tables}
    for f in ctx.used.values():
        tables.setdefault(f.table.id, table_record(f.table))
    overrides = list(base.overrides)
    seen = {(o["id"], o["by_table"]) for o in overrides}
    for old, new in getattr(ctx.factor_set, "overrides", []):
        if new.id in ctx.used and ctx.used[new.id] is new and (new.id, new.table.id) not in seen:
            overrides.append(override_record(old, new))
    return dataclasses.replace(
        base,
        tables=summaries,
        warnings=warnings,
        factor_tables=[tables[k] for k in sorted(tables)],
        overrides=overrides,
    )


# --------------------------------------------------------------------- reading


def table_path(src: Any, doc: Any) -> tuple[Path, str]:
    """The table's path (relative to the activity file) and how messages show it."""
    p = Path(src.path)
    if not p.is_absolute():
        p = Path(doc.source).parent / p
    return p, os.path.normpath(str(p))


def read_table(fh: BinaryIO, display: str, fmt: str, sheet: str | None = None) -> tuple[pl.DataFrame, list[str]]:
    """A table as polars columns plus ``__row`` (the row number; see module docs), and its header as written.

    ``fh`` is the file opened by :func:`offsetcalc.io.open.open_inside`: readers
    get the checked descriptor, never a path they could expand or re-resolve.
    The header list is aligned with the data columns. It differs from the polars
    column names only where the file repeats a name (polars renames the repeats),
    so a duplicate header is reported rather than silently renamed.
    """
    import polars as pl

    from offsetcalc.io.limits import check_columns

    _sniff(fh, display, fmt)
    if fmt == "xlsx":
        from offsetcalc.io.xlsx import read_xlsx

        return read_xlsx(fh, display, sheet)
    header_loc = Location(display, 1) if fmt == "csv" else Location(display)
    try:
        fh.seek(0)
        if fmt == "csv":
            check_columns(len(_csv_header(fh, display)), header_loc)
            fh.seek(0)
            df = pl.read_csv(fh, infer_schema=False, raise_if_empty=False, truncate_ragged_lines=False)
        else:
            check_columns(len(pl.read_parquet_schema(fh)), header_loc)
            fh.seek(0)
            df = pl.read_parquet(fh)
    except OffsetcalcError:
        raise
    except Exception as exc:
        if fmt == "csv":
            fault = _csv_fault(fh, display)
            if fault is not None:
                raise fault from None
        elif "more than one occurrence" in str(exc):
            dup = _duplicate_names_error(_parquet_names(fh), Location(display))
            raise (dup or _unreadable(fmt, exc, display)) from None
        raise _unreadable(fmt, exc, display) from None
    written = _csv_header(fh, display) if fmt == "csv" else list(df.columns)
    if len(written) != len(df.columns):
        written = list(df.columns)
    return df.with_row_index("__row", offset=FIRST_DATA_ROW), written


def _refuse_cell_types(raw: pl.DataFrame, cols: dict[str, str], display: str) -> None:
    """A used column must hold numbers, text, dates or booleans: Parquet can also store bytes, lists, durations ...

    Checked on the columns offsetcalc reads (others are ignored whatever they hold),
    by type, so no cast of bytes or lists to text ever meets the engine.
    """
    import polars as pl

    for std, name in cols.items():
        dtype = raw.schema[name]
        if dtype.is_numeric() or dtype in (pl.String, pl.Categorical, pl.Boolean, pl.Date, pl.Datetime, pl.Null):
            continue
        if isinstance(dtype, (pl.Datetime, pl.Categorical, pl.Enum)):
            continue
        raise InputError(
            f"column '{name.split(chr(0))[0]}' (used as '{std}') holds values of type {dtype}, "
            "not numbers, text or dates",
            location=Location(display),
            code="table.column-type",
            hint="export the column as numbers (quantities, factor values) or text (units, IDs)",
        )


def _unreadable(fmt: str, exc: Exception, display: str) -> InputError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(
        f"cannot read {fmt.upper()} table: {first}",
        location=Location(display),
        code="table.unreadable",
        hint="CSV must be UTF-8 text, comma-separated, with a header row"
        if fmt == "csv"
        else "re-export the table; the file may be truncated or damaged",
    )


# Signatures of the files most often given a wrong name: what they are, and what to do.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook or another document)", "xlsx"),
    (b"PAR1", "a Parquet file", "parquet"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls (or other Office 97) file", "xls"),
    (b"%PDF", "a PDF document", "pdf"),
    (b"\x1f\x8b", "gzip-compressed", "gzip"),
)
_SNIFF_BYTES = 65536


def _sniff(fh: BinaryIO, display: str, fmt: str) -> None:
    """Refuse files whose first bytes show they are not what their name says.

    Without this a UTF-16 or semicolon-separated CSV reads as one strange column
    and is reported as "no column 'quantity'", which sends the user looking for
    the wrong fault.
    """
    try:
        fh.seek(0)
        head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(
            f"table cannot be read: {exc.strerror or exc}", location=Location(display), code="table.unreadable"
        ) from None
    loc = Location(display)
    kind = next(((what, k) for magic, what, k in _MAGIC if head.startswith(magic)), None)
    export = "save it as CSV UTF-8 (comma-separated), Parquet or Excel .xlsx"
    if fmt == "parquet":
        if not head.startswith(b"PAR1"):
            what = kind[0] if kind else "CSV or other text" if _is_text(head) else "not Parquet"
            raise InputError(
                f"file is not Parquet: it is {what}" if kind or _is_text(head) else "file is not Parquet",
                location=loc,
                code="table.not-format",
                hint="name the file after its format (.csv, .xlsx), or " + export,
            )
        return
    if fmt == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            what = kind[0] if kind else "CSV or other text" if _is_text(head) else "not an Excel .xlsx workbook"
            raise InputError(
                f"file is not an Excel .xlsx workbook: it is {what}",
                location=loc,
                code="table.not-format",
                hint="open it in Excel and save as .xlsx (Excel Workbook), or " + export,
            )
        return
    if not head.strip():
        raise InputError(
            "table is empty (no header row)",
            location=loc,
            code="table.empty",
            hint="the first line names the columns: quantity,unit,factor …",
        )
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _encoding_error("UTF-32", loc)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _encoding_error("UTF-16", loc)
    if kind is None and _looks_utf16(head):
        raise _encoding_error("UTF-16", loc)
    if kind is not None:
        hint = {
            "xlsx": "if it is an Excel workbook, name it .xlsx; otherwise " + export,
            "parquet": "name it .parquet",
            "gzip": "decompress it first (offsetcalc reads plain .csv)",
        }.get(kind[1], export)
        raise InputError(f"file is {kind[0]}, not CSV", location=loc, code="table.binary", hint=hint)
    if b"\x00" in head or _control_share(head) > 0.05:
        raise InputError("file is binary, not CSV", location=loc, code="table.binary", hint=export)
    header = _first_line(head)
    unquoted = re.sub(r'"[^"]*"', "", header)
    for sep, name in ((";", "semicolon"), ("\t", "tab")):
        if unquoted.count(sep) > unquoted.count(","):
            raise InputError(
                f"the header looks {name}-separated: offsetcalc reads comma-separated CSV",
                location=Location(display, 1),
                code="table.separator",
                hint="save as 'CSV UTF-8 (Comma delimited)' (a spreadsheet set to a language that writes "
                "decimal commas uses ';'), or save as .xlsx",
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
        f"file is {enc}, not UTF-8",
        location=loc,
        code="table.encoding",
        hint="save as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)'; 'Unicode Text' writes UTF-16)",
    )


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").rstrip("\r")


def _csv_header(fh: BinaryIO, display: str) -> list[str]:
    """The CSV header fields as written (polars renames repeated names).

    The header is read up to :data:`~offsetcalc.io.limits.MAX_HEADER_BYTES`
    (a longer one is refused), so a million-column header costs a count, not
    gigabytes of polars columns.
    """
    import csv
    import io

    from offsetcalc.io.limits import read_header

    text = read_header(fh, Location(display, 1)).decode("utf-8-sig", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


def _csv_fault(fh: BinaryIO, display: str) -> InputError | None:
    """Where a CSV that polars could not read goes wrong: the first bad byte or row.

    Only run after polars failed, so its cost (a pass in Python) is paid by
    broken files alone. Row N is counted as in the rest of the module (header =
    row 1, blank lines count); when a quoted cell spans lines the line is given too.
    """
    import csv
    import io

    fh.seek(0)
    for lineno, line in enumerate(fh, 1):
        try:
            (line[3:] if lineno == 1 and line.startswith(b"\xef\xbb\xbf") else line).decode("utf-8")
        except UnicodeDecodeError as exc:
            return InputError(
                f"line {lineno} is not UTF-8 (byte 0x{line[exc.start]:02x} cannot be decoded)",
                location=Location(display, lineno, exc.start + 1),
                code="table.encoding",
                hint="save the table as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)'); "
                "Shift_JIS and other encodings are not read",
            )
    fh.seek(0)
    f = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    try:
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
                        f"{len(record)} cells but the header has {width}{_from_line(row, start)}",
                        location=RowLocation(display, row=row),
                        code="table.ragged",
                        hint='a comma inside a number or text must be quoted ("1,500"); '
                        "or remove the extra cells, or add their column to the header",
                    )
                start = reader.line_num + 1
        except csv.Error as exc:
            return InputError(
                f"not valid CSV: {exc}{_from_line(row + 1, start)}",
                location=RowLocation(display, row=row + 1),
                code="table.csv-syntax",
                hint='a cell that contains a quote is itself quoted, with the quote doubled: "12"" pipe"; '
                "an opening quote needs its closing quote",
            )
    finally:
        f.detach()  # the caller owns the file
    return None


def _from_line(row: int, line: int) -> str:
    """Where a row starts, when a quoted line break has made its number differ from the line's."""
    return "" if row == line else f" (the row starts on line {line})"


def _parquet_names(fh: BinaryIO) -> list[str]:
    try:
        import pyarrow.parquet as pq

        fh.seek(0)
        return list(pq.read_schema(fh).names)
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
            shown = " and ".join(f"column {_column_label(i)} '{written[i]}'" for i in idx)
            return InputError(
                f"{len(idx)} columns are named '{written[idx[0]]}': {shown}",
                location=loc,
                code="table.duplicate-column",
                hint="offsetcalc will not guess which one holds the data: rename or delete the others",
            )
    return None


def file_sha256(fh: BinaryIO) -> str:
    """The SHA-256 of an open file's content (the one that was read)."""
    h = hashlib.sha256()
    fh.seek(0)
    for block in iter(lambda: fh.read(1 << 20), b""):
        h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------- one table

# Columns that identify how a row is computed and where it is summed. Their
# distinct combinations are few (units × factors × scopes ...), so they are
# cleaned, checked and converted once per combination in Python, and joined back.
_KEY_COLUMNS = ("unit", "factor", "factor_value", "factor_unit", "factor_source", "scope", "category", "stage")


def compute_table(src: Any, index: int, ctx: _Context) -> TableSummary:
    """Read, check and compute one ``activities_from`` entry."""
    import polars as pl

    from offsetcalc.io.open import open_inside

    doc = ctx.doc
    path, display = table_path(src, doc)
    where = doc.location(("activities_from", index, "path"))
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"table '{src.path}' is not .csv, .parquet or .xlsx",
            location=where,
            code="table.format",
            hint="export the table as CSV (UTF-8), Parquet or Excel .xlsx",
        )
    # Opened once, checked on the descriptor, read from it: see offsetcalc.io.open.
    with open_inside(path, Path(doc.source).parent, written=src.path, where=where) as fh:
        raw, written = read_table(fh, display, fmt, src.sheet)
        sha256 = file_sha256(fh)
    header_loc = Location(display) if fmt == "parquet" else Location(display, 1)
    cols = _resolve_columns(raw, written, src, index, doc, header_loc)
    _refuse_cell_types(raw, cols, display)
    # Blank lines of a CSV and empty rows of a sheet come back as all-null rows.
    data_cols = [c for c in raw.columns if c != "__row"]
    if data_cols:
        raw = raw.filter(~pl.all_horizontal(pl.col(data_cols).is_null()))
    if raw.height == 0:
        ctx.warnings.append(f"table {display} has no data rows (only a header): it adds nothing to the totals")
    frame = _columns(raw, cols)
    keys = _combinations(frame, src, ctx, display)
    frame = _join_keys(frame, keys)
    _report_bad_rows(frame, keys, display)
    _date_warning(frame, display, ctx)
    groups, exact_rows = summarise(frame, ["__k"])
    return TableSummary(
        path=display,
        format=fmt,
        rows=frame.height,
        sha256=sha256,
        lines=_lines(groups, keys, display),
        exact_path_rows=exact_rows,
    )


def _resolve_columns(
    raw: pl.DataFrame, written: list[str], src: Any, index: int, doc: Any, header_loc: Location
) -> dict[str, str]:
    """Standard column name -> column of ``raw``.

    ``written`` is the header as in the file, aligned with ``raw``'s columns. A
    name that two columns share (case-insensitively) is an error when it is used:
    taking one of them would silently drop the other's data.
    """
    names = [c for c in raw.columns if c != "__row"]
    headers = list(written)
    by_lower: dict[str, str] = {}
    for h in headers:
        by_lower.setdefault(h.strip().lower(), h)
    column_of: dict[str, str] = {}
    for h, n in zip(headers, names, strict=True):
        column_of.setdefault(h, n)
    out: dict[str, str] = {}
    errors: list[OffsetcalcError] = []
    for std, given in src.columns.items():
        if std not in STANDARD_COLUMNS:
            errors.append(
                InputError(
                    f"'{std}' is not a standard column",
                    location=doc.location(("activities_from", index, "columns", std), key=True),
                    code="table.column-name",
                    hint=(did_you_mean(std, STANDARD_COLUMNS) or "")
                    + f" columns: maps a standard name ({', '.join(STANDARD_COLUMNS)}) to a header of the table",
                )
            )
            continue
        actual = given if given in headers else by_lower.get(str(given).strip().lower())
        if actual is None:
            errors.append(
                InputError(
                    f"no column '{given}' (given for '{std}' in activities_from)",
                    location=header_loc,
                    code="table.column-missing",
                    hint=(did_you_mean(str(given), headers) or "") + f" the table's columns: {', '.join(headers)}",
                )
            )
            continue
        out[std] = actual
    for std in STANDARD_COLUMNS:
        if std not in out and std not in src.columns and std in by_lower:
            out[std] = by_lower[std]
    # A header named exactly in 'columns:' is the user's choice even if another differs only in case.
    used = {h.strip().lower() for std, h in out.items() if src.columns.get(std) != h or headers.count(h) > 1}
    dup = _duplicate_names_error(headers, header_loc, only=used)
    if dup is not None:
        errors.append(dup)
    missing = []
    if "quantity" not in out:
        missing.append("'quantity'")
    if "unit" not in out and src.unit is None:
        missing.append("'unit' (or 'unit:' in activities_from)")
    if "factor" not in out and src.factor is None and not ("factor_value" in out and "factor_unit" in out):
        missing.append("'factor' (or 'factor_value' and 'factor_unit', or 'factor:' in activities_from)")
    if missing and not errors:
        errors.append(
            InputError(
                f"table has no column {' and no column '.join(missing)}",
                location=header_loc,
                code="table.column-missing",
                hint=f"the table's columns: {', '.join(headers) or '(none)'}; rename with "
                "'columns: {quantity: <header>}' in activities_from",
            )
        )
    if errors:
        raise InputErrors(errors)
    return {std: column_of[h] for std, h in out.items()}


def _columns(raw: pl.DataFrame, cols: dict[str, str]) -> pl.DataFrame:
    """The standard columns: ``quantity`` as Float64 (``__qraw`` as given), key columns, ``date``."""
    import polars as pl

    qname = cols["quantity"]
    qtype = raw.schema[qname]
    exprs: list[pl.Expr] = [pl.col("__row")]
    if qtype == pl.String:
        q = pl.col(qname).cast(pl.Float64, strict=False)
        failed = raw.select((q.is_null() & pl.col(qname).is_not_null()).any()).item()
        if failed:  # slow path, only for tables that need it: blanks around numbers, "1,500.5"
            t = pl.col(qname).str.strip_chars()
            t = (
                pl.when(t.str.contains(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$"))
                .then(t.str.replace_all(",", ""))
                .otherwise(t)
            )
            q = t.cast(pl.Float64, strict=False)
        raw_q = pl.col(qname).str.strip_chars()
        exprs += [pl.when(raw_q == "").then(None).otherwise(raw_q).alias("__qraw"), q.alias("quantity")]
    elif qtype.is_numeric():
        exprs += [pl.col(qname).cast(pl.String).alias("__qraw"), pl.col(qname).cast(pl.Float64).alias("quantity")]
    else:
        exprs += [pl.col(qname).cast(pl.String).alias("__qraw"), pl.lit(None, dtype=pl.Float64).alias("quantity")]
    for name in _KEY_COLUMNS:
        if name in cols:
            e = pl.col(cols[name])
            exprs.append((e.cast(pl.Categorical) if raw.schema[cols[name]] == pl.String else e).alias(name))
    if "date" in cols:
        d = pl.col(cols["date"])
        if raw.schema[cols["date"]] in (pl.Date, pl.Datetime):
            exprs += [pl.lit(None, dtype=pl.String).alias("__dateraw"), d.cast(pl.Date).alias("date")]
        else:
            d = d.cast(pl.String).str.strip_chars()
            exprs += [d.alias("__dateraw"), d.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).alias("date")]
    return raw.select(exprs)


@dataclass
class _Key:
    """One distinct combination of key cells: checked once, computed once."""

    k: int
    cells: dict[str, Any]  # as read (joined back on these)
    unit: str | None = None
    factor: str | None = None
    factor_value: float | None = None
    factor_unit: str | None = None
    factor_source: str | None = None
    group: str = "other"
    error: tuple[str, str | None, str] | None = None  # message, hint, code
    fv: float | None = None
    coeff: float | None = None
    use: FactorUse | None = None


def _clean(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def _number(text: str | None, what: str) -> tuple[float | None, tuple[str, str | None, str] | None]:
    """A number cell as the engine accepts it (models._finite_number), or the error."""
    if text is None:
        return None, None
    try:
        f = float(re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text))
    except ValueError:
        return None, (
            f"{what} '{text}' is not a number",
            "write a plain number such as 1500 or 1500.5",
            "row.not-number",
        )
    if math.isnan(f):
        return None, (f"{what} is NaN (not a number)", None, "row.nan")
    if math.isinf(f):
        return None, (f"{what} is infinite", None, "row.infinite")
    if f < 0:
        return None, (f"{what} {text} is negative; it must be zero or positive", None, "row.negative")
    if f > MAX_MAGNITUDE:
        return None, (
            f"{what} {text} is absurdly large (over {MAX_MAGNITUDE:g})",
            "check the unit and the column",
            "row.too-large",
        )
    return f, None


def _combinations(frame: pl.DataFrame, src: Any, ctx: _Context, display: str) -> list[_Key]:
    """Distinct key combinations, each cleaned, checked and given its factor value and coefficient."""
    import polars as pl

    present = [c for c in _KEY_COLUMNS if c in frame.columns]
    if present:
        distinct = frame.group_by(present).agg(pl.len()).drop("len")
        rows = distinct.with_columns(pl.col(c).cast(pl.String) for c in present).to_dicts()
        cells_rows = distinct.to_dicts()
        # group_by order varies run to run; warnings and lines must not.
        order = sorted(range(len(rows)), key=lambda i: tuple((v is None, v or "") for v in rows[i].values()))
        rows, cells_rows = [rows[i] for i in order], [cells_rows[i] for i in order]
    else:
        rows, cells_rows = [{}], [{}]
    day = ctx.model.period.start if ctx.model.period else None
    defaults = {"unit": src.unit, "factor": src.factor, "category": src.category, "stage": src.stage}
    keys = []
    for k, (row, cells) in enumerate(zip(rows, cells_rows, strict=True)):
        key = _Key(k=k, cells=cells)
        v = {c: _clean(row.get(c)) for c in _KEY_COLUMNS}
        for c, d in defaults.items():
            if v[c] is None and d is not None:
                v[c] = d
        if v["scope"] is None and src.scope is not None:
            v["scope"] = str(src.scope)
        key.unit, key.factor = v["unit"], v["factor"]
        if key.factor is None:
            key.factor_unit, key.factor_source = v["factor_unit"], v["factor_source"]
        scope = v["scope"].lower().removeprefix("scope").strip() if v["scope"] else None
        key.group = group_label(ctx.model.kind, scope, v["stage"], v["category"])
        key.error = _check_key(key, v, ctx, day)
        keys.append(key)
    return keys


def _check_key(key: _Key, v: dict[str, Any], ctx: _Context, day: Any) -> tuple[str, str | None, str] | None:
    if key.unit is None:
        return ("missing unit", "fill the unit column, or give 'unit:' in activities_from", "row.missing")
    try:
        parse_unit(key.unit)
    except UnitError as exc:
        return (exc.message, exc.hint, exc.code)
    if key.factor is not None:
        use = ctx.uses.get(key.factor)
        if use is None:
            try:
                res = ctx.factor_set.resolve(key.factor, day)
            except OffsetcalcError as exc:
                return (exc.message, exc.hint, exc.code)
            use = ctx.uses[key.factor] = weighted(factor_use_from_table(res.factor), ctx.gwp_set)
            ctx.used[res.factor.id] = res.factor
            for w in res.warnings:
                if w not in ctx.warnings:
                    ctx.warnings.append(w)
            if not use.confirmed:
                w = unconfirmed_warning(use)
                if w not in ctx.warnings:
                    ctx.warnings.append(w)
        ref, target = key.factor, use.co2e_unit
    else:
        if v["factor_value"] is None or key.factor_unit is None:
            return (
                "missing factor",
                "give a factor ID in the 'factor' column, or 'factor_value' and 'factor_unit'",
                "row.missing",
            )
        fv, err = _number(v["factor_value"], "factor value")
        if err:
            return err
        try:
            if parse_unit(key.factor_unit).dimensionality.get("[co2e]", 0) != 1:
                return (
                    f"factor unit '{key.factor_unit}' is not CO2e per activity unit",
                    "write e.g. 'kg-CO2e / kWh' (per-gas factors go in a factor table)",
                    "factor.unit",
                )
        except UnitError as exc:
            return (exc.message, exc.hint, exc.code)
        key.factor_value = fv
        src_text = key.factor_source
        use = FactorUse(
            ref=None,
            value=fv,
            unit=key.factor_unit,
            source=src_text or "per-row factor_value column (no source given)",
            confirmed=src_text is not None,
        )
        ref, target = "per-row factor", key.factor_unit
    try:
        key.coeff = coefficient(key.unit, target)
    except UnitError as exc:
        if exc.code == "unit.dimension":
            exc = mismatch(key.unit, key.unit, ref, use.unit, target)
            exc.message = exc.message.replace(f"quantity '{key.unit}'", f"unit '{key.unit}'", 1)
        return (exc.message, exc.hint, exc.code)
    if v["scope"] is not None and v["scope"].lower().removeprefix("scope").strip() not in ("1", "2", "3"):
        return (f"scope '{v['scope']}' is not 1, 2 or 3", None, "row.scope")
    key.fv, key.use = use.value, use
    return None


def _join_keys(frame: pl.DataFrame, keys: list[_Key]) -> pl.DataFrame:
    """Each row gets its combination's number ``__k``, factor value ``__fv`` and coefficient ``__c``."""
    import polars as pl

    present = [c for c in _KEY_COLUMNS if c in frame.columns]
    table = pl.DataFrame(
        {
            **{c: pl.Series(c, [key.cells[c] for key in keys], dtype=frame.schema[c]) for c in present},
            "__k": pl.Series([key.k for key in keys], dtype=pl.UInt32),
            "__fv": pl.Series([key.fv for key in keys], dtype=pl.Float64),
            "__c": pl.Series([key.coeff for key in keys], dtype=pl.Float64),
            "__kbad": pl.Series([key.error is not None for key in keys], dtype=pl.Boolean),
        }
    )
    if not present:
        return frame.with_columns(
            pl.lit(0, dtype=pl.UInt32).alias("__k"),
            pl.lit(keys[0].fv, dtype=pl.Float64).alias("__fv"),
            pl.lit(keys[0].coeff, dtype=pl.Float64).alias("__c"),
            pl.lit(keys[0].error is not None).alias("__kbad"),
        )
    return frame.join(table, on=present, how="left", nulls_equal=True)


_NUMBER_AND_UNIT = re.compile(r"^\s*([+-]?[\d,]*\.?\d+(?:[eE][+-]?\d+)?)\s*([^\d\s].*?)\s*$")


def _quantity_error(r: dict[str, Any]) -> tuple[str, str | None, str] | None:
    if r["__qraw"] is None:
        return ("missing quantity", "an empty cell is not zero: write 0 if nothing was used", "row.missing")
    f = r["quantity"]
    if f is None or math.isnan(f) or math.isinf(f) or f < 0 or f > MAX_MAGNITUDE:
        not_number = (f"quantity '{r['__qraw']}' is not a number", None, "row.not-number")
        err = _number(r["__qraw"], "quantity")[1] or not_number
        m = _NUMBER_AND_UNIT.match(r["__qraw"])
        if err[2] == "row.not-number" and m:  # "12 kWh": same answer for CSV, Excel and Parquet text columns
            err = (
                err[0],
                f"a quantity cell holds the number alone: write {m[1]} here and '{m[2]}' in the 'unit' column "
                "(or give 'unit:' in activities_from)",
                err[2],
            )
        return err
    return None


def _report_bad_rows(frame: pl.DataFrame, keys: list[_Key], display: str) -> None:
    """Raise InputErrors naming the first MAX_ROW_ERRORS bad rows (and how many there are)."""
    import polars as pl

    q = pl.col("quantity")
    bad = q.is_null() | q.is_nan() | q.is_infinite() | (q < 0) | (q > MAX_MAGNITUDE) | pl.col("__kbad")
    if "date" in frame.columns:
        bad = bad | (pl.col("__dateraw").is_not_null() & pl.col("date").is_null())
    flags = frame.select(bad.fill_null(True).alias("bad"))["bad"]
    n_bad = int(flags.sum())
    if not n_bad:
        return
    shown = frame.filter(flags).sort("__row").head(MAX_ROW_ERRORS)
    errors: list[OffsetcalcError] = []
    for r in shown.iter_rows(named=True):
        err = _quantity_error(r)
        if err is None and r["__kbad"]:
            err = keys[r["__k"]].error
        if err is None and r.get("__dateraw") is not None and r.get("date") is None:
            raw_date = r["__dateraw"]
            hint = "write dates as YYYY-MM-DD"
            if re.fullmatch(r"\d{5}(\.\d+)?", raw_date):
                hint = "this looks like an Excel date serial number: format the column as a date, or " + hint
            err = (f"date '{raw_date}' is not a date", hint, "row.date")
        message, hint, code = err or ("bad row", None, "row.bad")
        errors.append(InputError(message, location=RowLocation(display, row=r["__row"]), hint=hint, code=code))
    if n_bad > len(errors):
        errors.append(
            InputError(
                f"{n_bad:,} bad rows in all; the first {len(errors)} are shown",
                location=Location(display),
                code="table.bad-rows",
                hint="fix these and run again",
            )
        )
    raise InputErrors(errors)


def _date_warning(frame: pl.DataFrame, display: str, ctx: _Context) -> None:
    import polars as pl

    period = ctx.model.period
    if "date" not in frame.columns or not period:
        return
    d = pl.col("date")
    outside = frame.filter(d.is_not_null() & ((d < period.start) | (d > period.end)))
    if outside.height:
        ctx.warnings.append(
            f"{outside.height:,} rows of {display} are dated outside the period {period.start} – {period.end} "
            f"(first: row {outside['__row'].min()}); they are counted"
        )


def _lines(groups: list[dict[str, Any]], keys: list[_Key], display: str) -> list[TableLine]:
    """One line per (group, unit, factor): combinations that differ only in spelling are merged."""
    merged: dict[tuple[Any, ...], TableLine] = {}
    for g in groups:
        key = keys[g["__k"]]
        use = key.use
        assert use is not None  # bad rows were reported before
        label = key.factor or f"{key.factor_value:g} {key.factor_unit}"
        ident = (key.group, key.unit, key.factor, key.factor_value, key.factor_unit, key.factor_source)
        line = merged.get(ident)
        if line is None:
            merged[ident] = TableLine(
                id=f"{display}[{key.group}; {label}; {key.unit}]",
                group=key.group,
                quantity=g["quantity"],
                unit=key.unit or "",
                per_unit=False,
                ug=g["ug"],
                factor=use,
                rows=g["rows"],
                table=display,
                location=display,
            )
        else:
            line.quantity += g["quantity"]
            line.ug += g["ug"]
            line.rows += g["rows"]
    return sorted(merged.values(), key=lambda x: (x.group, x.id))
