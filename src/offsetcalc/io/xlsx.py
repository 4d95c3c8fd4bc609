"""Reading an .xlsx sheet of an ``activities_from`` table, without trusting what the file says about itself.

An .xlsx is a ZIP of XML parts, and every part can lie or attack:

* ``<dimension ref="A1:D3">`` claims the sheet's size, and openpyxl's read-only
  reader stops there: rows below it were dropped silently. The claim is thrown
  away (``reset_dimensions``) and every row is read.
* A ``<!DOCTYPE>`` with entities expands a few bytes into gigabytes ("billion
  laughs"). Excel never writes a DOCTYPE, so a part that has one is refused
  before any XML parser sees it.
* A 1.5 MB zip can hold a 1.5 GB shared string. Parts are capped (the ZIP
  reader never delivers more than a part's declared size, so that size is a
  safe bound), a run of text longer than any Excel cell can hold is refused
  (Excel stops at 32,767 characters), and the cells read are counted
  (:data:`~offsetcalc.io.limits.MAX_CELLS`).
* Merged cells and formulas saved without values read as empty cells: refused
  rather than miscounted. So are formulas in a workbook that asks to be recalculated
  when opened (``fullCalcOnLoad``, as XlsxWriter writes it, saving every value as 0):
  their saved values are not what a reader of the workbook sees.
* A hidden (or "very hidden") sheet is refused, named or first: a reviewer who opens
  the workbook sees its visible sheets, and the figures checked must be those. So is a
  number in a ``quantity`` or ``factor_value`` column shown with a format that shows
  another number (``0"000"`` shows 100 as 100000; ``0%`` shows 0.5 as 50%).

Any other failure of the workbook's structure (a sheet the workbook lists but
whose part is missing, broken XML) is one clear error, never a traceback.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from offsetcalc.errors import InputError, Location, OffsetcalcError
from offsetcalc.io.limits import MAX_CELL_CHARS, MAX_CELLS, check_columns
from offsetcalc.report.messages import Msg, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["OpenSheet", "open_sheet"]

FIRST_DATA_ROW = 2
#: Declared (= at most delivered) size of one XML part; the shared strings have their own, lower cap.
MAX_PART_BYTES = 1 << 30
MAX_SHARED_STRINGS_BYTES = 128 << 20
#: Bytes of text between two tags: a cell of MAX_CELL_CHARS characters, each written as an entity at worst.
_MAX_TEXT_RUN = MAX_CELL_CHARS * 8
_LONG_TEXT = re.compile(rb"[^<]{%d}" % _MAX_TEXT_RUN)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 22

_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
# A formula cell saved without its value (written by a script, never calculated):
# openpyxl, asked for values, reads it as an empty cell.
_FORMULA_NO_VALUE = re.compile(
    rb'<c\s+r="([A-Z]+\d+)"[^>]*>\s*(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)

# A cell with a style (s="N"), and its type when written (t="n" or none: a number).
_STYLED_CELL = re.compile(rb'<c\s+r="([A-Z]+\d+)"(?=[^>]*\ss="(\d+)")(?:(?=[^>]*\st="(\w+)"))?')
# Number formats that show another number than the cell holds: a digit in quoted text or after a
# backslash ('0"000"', '0\0\0\0' show 9 as 9000), and percent formats (0.5 as 50%) — built-in 9 and 10.
_PERCENT_FORMATS = frozenset({"9", "10"})
_NUM_FMT = re.compile(rb'<numFmt\s[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.S)
_XF = re.compile(rb"<xf\b([^>]*)")
_XF_NUMFMT = re.compile(rb'numFmtId="(\d+)"')

# Any formula cell (with or without a saved value).
_FORMULA = re.compile(rb'<c\s+r="([A-Z]+\d+)"[^>]*>\s*<f[\s>/]')


def _damaged(display: str, what: str | Msg) -> InputError:
    return InputError(
        Msg("xlsx.damaged", what=what),
        location=Location(display),
        code="table.unreadable",
        hint=Msg("xlsx.damaged.hint"),
    )


def _scan_part(
    z: zipfile.ZipFile, info: zipfile.ZipInfo, display: str, *, sheet: bool, styles: frozenset[str] = frozenset()
) -> tuple[list[str], list[str], list[str], list[tuple[str, str]]]:
    """Stream one XML part: refuse a DTD and over-long text; on a sheet, collect merged cells, formula
    cells saved without a value, every formula cell, and the number cells in one of ``styles`` (cell, style)."""
    loc = Location(display)
    cap = MAX_SHARED_STRINGS_BYTES if info.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
    if info.file_size > cap:
        raise InputError(
            Msg("xlsx.part-too-large", part=info.filename, size=f"{info.file_size:,}", cap=f"{cap:,}"),
            location=loc,
            code="table.too-large",
            hint=Msg("xlsx.export.hint"),
        )
    merged: list[str] = []
    formulas: list[str] = []
    any_formula: list[str] = []
    styled: list[tuple[str, str]] = []
    with z.open(info) as f:
        carry = b""
        while chunk := f.read(_CHUNK):
            buf = carry + chunk
            if _DTD.search(buf):
                raise InputError(
                    Msg("xlsx.entities", part=info.filename),
                    location=loc,
                    code="table.xml-entities",
                    hint=Msg("xlsx.entities.hint"),
                )
            if _LONG_TEXT.search(buf):
                raise InputError(
                    Msg("xlsx.cell-too-long", part=info.filename, limit=f"{MAX_CELL_CHARS:,}"),
                    location=loc,
                    code="table.cell-too-long",
                    hint=Msg("xlsx.cell-too-long.hint"),
                )
            if sheet:
                merged += [m.decode() for m in _MERGE.findall(buf)]
                formulas += [m.decode() for m in _FORMULA_NO_VALUE.findall(buf)]
                any_formula += [m.decode() for m in _FORMULA.findall(buf)]
                if styles:
                    styled += [
                        (m[1].decode(), m[2].decode())
                        for m in _STYLED_CELL.finditer(buf)
                        if m[2].decode() in styles and m[3] in (None, b"n")
                    ]
            # What a chunk boundary cut (an element, a text run shorter than the limit) is searched
            # again with the next chunk; repeats found twice are merged below.
            carry = buf[-_MAX_TEXT_RUN:]
    return (
        list(dict.fromkeys(merged)),
        list(dict.fromkeys(formulas)),
        list(dict.fromkeys(any_formula)),
        list(dict.fromkeys(styled)),
    )


def _prescan(fh: BinaryIO, display: str) -> zipfile.ZipFile:
    """Check every XML part except the worksheets (read later, only the one used) before openpyxl parses any."""
    try:
        fh.seek(0)
        z = zipfile.ZipFile(fh)
        for info in z.infolist():
            name = info.filename.lower()
            if (name.endswith((".xml", ".rels", ".vml"))) and not name.startswith("xl/worksheets/"):
                _scan_part(z, info, display, sheet=False)
    except OffsetcalcError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _damaged(display, str(exc) or type(exc).__name__) from None
    return z


def _refuse_merged_and_formulas(
    merged: list[str], formulas: list[str], any_formula: list[str], display: str, *, recalc: bool
) -> None:
    """Merged cells and formulas whose values are not what a reader sees (module docs)."""
    if merged:
        raise InputError(
            Msg("xlsx.merged", cells=_some(merged)),
            location=Location(display),
            code="table.merged-cells",
            hint=Msg("xlsx.merged.hint"),
        )
    if formulas:
        raise InputError(
            Msg("xlsx.formula.one", cell=formulas[0])
            if len(formulas) == 1
            else Msg("xlsx.formula.many", cells=_some(formulas)),
            location=Location(display),
            code="table.formula-no-value",
            hint=Msg("xlsx.formula.hint"),
        )
    if recalc and any_formula:
        # The workbook asks to be recalculated when opened (fullCalcOnLoad, what XlsxWriter sets; it saves
        # every formula's value as 0): the saved values are not what a reader sees (redteam7: a quantity
        # '=50000*2' saved as 0 passed a claim that fails at 53 %).
        raise InputError(
            Msg("xlsx.formula.recalc", cells=_some(any_formula)),
            location=Location(display),
            code="table.formula-no-value",
            hint=Msg("xlsx.formula.hint"),
        )


_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*["\'](?:1|true)["\']')


def _asks_recalculation(z: zipfile.ZipFile) -> bool:
    """True when the workbook part sets fullCalcOnLoad (read from the XML: openpyxl defaults it to true).

    The part was checked by :func:`_prescan` (no DTD, no over-long text) and holds no cell data.
    """
    for info in z.infolist():
        if info.filename.lower().lstrip("/") == "xl/workbook.xml":
            with z.open(info) as f:
                carry = b""
                while chunk := f.read(_CHUNK):  # streamed: the part may be large (defined names)
                    if _FULL_CALC.search(carry + chunk):
                        return True
                    carry = chunk[-512:]
    return False


def _some(cells: list[str]) -> str:
    """The first five cell references, and an ellipsis when there are more."""
    return ", ".join(cells[:5]) + (" …" if len(cells) > 5 else "")


def _openpyxl(display: str) -> Any:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            Msg("xlsx.no-openpyxl"),
            location=Location(display),
            code="table.xlsx-unsupported",
            hint=Msg("xlsx.no-openpyxl.hint"),
        ) from None
    return openpyxl


def _guarded(step: Any, display: str) -> Any:
    """``step()``, with any failure of the workbook's structure as one located error."""
    try:
        return step()
    except OffsetcalcError:
        raise
    except Exception as exc:  # a part the workbook lists but does not hold, XML that does not parse ...
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _damaged(display, text) from None


def _sheet_rows(path: Any, display: str, sheet: str | None) -> Iterator[Any]:
    """The sheet's title, then each row's values (row 1 first), read row by row.

    Every guard runs before the first row is read; openpyxl's read-only reader
    parses the sheet's XML as it is iterated, so memory does not grow with rows.
    """
    openpyxl = _openpyxl(display)
    with open(path, "rb") as fh:
        z = _prescan(fh, display)
        try:
            fh.seek(0)
            wb = _guarded(lambda: openpyxl.load_workbook(fh, read_only=True, data_only=True), display)
            try:
                if sheet is not None and sheet not in wb.sheetnames:
                    raise InputError(
                        Msg("xlsx.no-sheet", sheet=sheet),
                        location=Location(display),
                        code="table.sheet",
                        hint=did_you_mean(sheet, wb.sheetnames) or Msg("xlsx.sheets", sheets=", ".join(wb.sheetnames)),
                    )
                ws = _guarded(lambda: _open_sheet(wb, z, sheet, display), display)
                yield ws.title, getattr(ws, "_offsetcalc_shown", [])
                rows = _guarded(lambda: ws.iter_rows(values_only=True), display)
                next_row = functools.partial(next, rows, None)
                while True:
                    row = _guarded(next_row, display)
                    if row is None:
                        return
                    yield row
            finally:
                wb.close()
        finally:
            z.close()


def _open_sheet(wb: Any, z: zipfile.ZipFile, sheet: str | None, display: str) -> Any:
    if not wb.worksheets:
        raise _damaged(display, Msg("xlsx.no-sheets"))
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    state = getattr(ws, "sheet_state", "visible") or "visible"
    if state != "visible":
        # A reviewer who opens the workbook sees the visible sheets; the figures must come from one of them
        # (redteam7: a hidden first sheet with small figures passed where the visible one failed at 53 %).
        visible = [w.title for w in wb.worksheets if (getattr(w, "sheet_state", "visible") or "visible") == "visible"]
        raise InputError(
            Msg("xlsx.hidden-sheet", sheet=ws.title, state=state),
            location=Location(display),
            code="table.sheet-hidden",
            hint=Msg("xlsx.hidden-sheet.hint", sheets=", ".join(visible) or "-"),
        )
    xml_path = getattr(ws, "_worksheet_path", None)
    if xml_path:
        try:
            info = z.getinfo(xml_path.lstrip("/"))
        except KeyError:
            raise _damaged(display, Msg("xlsx.part-missing", sheet=ws.title, part=xml_path)) from None
        recalc = _asks_recalculation(z)
        formats = _misleading_formats(z)
        merged, formulas, any_formula, styled = _scan_part(z, info, display, sheet=True, styles=frozenset(formats))
        _refuse_merged_and_formulas(merged, formulas, any_formula, display, recalc=recalc)
        ws._offsetcalc_shown = [(cell, formats[style]) for cell, style in styled]
    # The <dimension> tag is a claim; read-only openpyxl would stop at it.
    ws.reset_dimensions()
    return ws


def _misleading_formats(z: zipfile.ZipFile) -> dict[str, str]:
    """Cell style index → number format, for the styles whose format shows another number than the cell holds.

    Read from the styles part as written (checked by :func:`_prescan`; openpyxl has already read it whole).
    """
    import html

    info = next((i for i in z.infolist() if i.filename.lower().lstrip("/") == "xl/styles.xml"), None)
    if info is None:
        return {}
    with z.open(info) as f:
        data = f.read()
    codes = {m[1].decode(): html.unescape(m[2].decode("utf-8", "replace")) for m in _NUM_FMT.finditer(data)}
    bad = {i for i, code in codes.items() if _shows_other_number(code)} | _PERCENT_FORMATS
    xfs = _CELL_XFS.search(data)
    out: dict[str, str] = {}
    for k, xf in enumerate(_XF.findall(xfs[1]) if xfs else ()):
        m = _XF_NUMFMT.search(xf)
        fmt = m[1].decode() if m else "0"
        if fmt in bad:
            out[str(k)] = codes.get(fmt, "0%" if fmt == "9" else "0.00%")
    return out


def _shows_other_number(code: str) -> bool:
    """A format code that writes digits of its own (in quotes or after a backslash) or shows a percent."""
    outside = re.sub(r'"[^"]*"|\\.', "", code)
    return bool(re.search(r'"[^"]*\d[^"]*"|\\\d', code)) or "%" in outside


def _refuse_shown_otherwise(shown: list[tuple[str, str]], header: list[str], display: str) -> None:
    """Numbers offsetcalc reads (quantity, factor_value) that the sheet shows as other numbers: refused.

    A cell holding 100 with the format '0"000"' shows 100000 to a reader of the workbook, and 0.5 with
    '0%' shows 50 %: the reader checks one figure against the invoices and offsetcalc counts another
    (redteam7: a 100,000 kWh meter reading held as 100 passed at 112 % where it fails at 53 %).
    """
    from openpyxl.utils import get_column_letter

    read = {get_column_letter(j + 1) for j, h in enumerate(header) if h.strip().casefold() in _NUMBER_COLUMNS}
    cells = [(cell, fmt) for cell, fmt in shown if cell.rstrip("0123456789") in read]
    if cells:
        raise InputError(
            Msg("xlsx.number-format", cells=_some([c for c, _ in cells]), format=cells[0][1]),
            location=Location(display),
            code="table.number-format",
            hint=Msg("xlsx.number-format.hint"),
        )


#: Columns offsetcalc reads as numbers (offsetcalc.io.tables): their cells must show what they hold.
_NUMBER_COLUMNS = frozenset({"quantity", "factor_value"})


def _header(rows: Iterator[Any], display: str) -> tuple[str, list[str]]:
    """(sheet title, column names as written, "" for an empty header cell) from :func:`_sheet_rows`."""
    title, shown = next(rows)
    header = next(rows, None)
    if header is None or all(h is None for h in header):
        raise InputError(
            Msg("xlsx.empty", sheet=title),
            location=Location(display),
            code="table.empty",
            hint=Msg("xlsx.empty.hint"),
        )
    while header and header[-1] is None:  # trailing empty header cells are not columns
        header = header[:-1]
    check_columns(len(header), Location(display, 1))
    names = [str(h).strip() if h is not None else "" for h in header]
    _refuse_shown_otherwise(shown, names, display)
    return title, names


@dataclass
class OpenSheet:
    """A sheet whose guards passed and whose header was read, its rows not yet.

    ``names`` are the internal column names (made unique: a dict would silently
    keep only the last of two equal headers), ``written`` the header as in the
    file, for messages. The workbook stays open, positioned after the header, so
    the rows are read from the very file that was checked; :meth:`batches`
    reads them once.
    """

    path: Any
    display: str
    sheet: str | None
    title: str
    header: list[str]  # as written, "" for an empty header cell
    _rows: Iterator[Any] | None  # after the header; None once batches() has taken them

    @property
    def names(self) -> list[str]:
        return [f"{n}\x00{j}" for j, n in enumerate(self.header) if n]

    @property
    def written(self) -> list[str]:
        return [n for n in self.header if n]

    def batches(self, size: int) -> Iterator[pl.DataFrame]:
        """The rows as frames of at most ``size`` rows: String columns plus ``__row`` (1-based sheet row).

        Only one batch of cells is held at a time; the cells read are counted
        against :data:`~offsetcalc.io.limits.MAX_CELLS`.
        """
        import polars as pl

        rows, self._rows = self._rows, None
        if rows is None:  # read already: a second pass would silently find no rows
            raise RuntimeError(f"the rows of {self.display} were read already")
        try:
            keep = [(j, n) for j, n in enumerate(self.header) if n]
            width, cells, first = len(self.header), len(self.header), FIRST_DATA_ROW
            cols: list[list[str | None]] = [[] for _ in self.header]
            held = 0

            def frame() -> pl.DataFrame:
                df = pl.DataFrame({f"{n}\x00{j}": pl.Series(cols[j], dtype=pl.String) for j, n in keep})
                return df.with_row_index("__row", offset=first)

            for row in rows:
                cells += len(row)
                if cells > MAX_CELLS:
                    raise InputError(
                        Msg("xlsx.too-many-cells", sheet=self.title, limit=f"{MAX_CELLS:,}"),
                        location=Location(self.display),
                        code="table.too-many-cells",
                        hint=Msg("xlsx.too-many-cells.hint"),
                    )
                for j in range(width):
                    cols[j].append(_cell_text(row[j]) if j < len(row) else None)
                held += 1
                if held == size:
                    yield frame()
                    first += held
                    held = 0
                    cols = [[] for _ in self.header]
            if held:
                yield frame()
        finally:
            rows.close()  # type: ignore[attr-defined]


def open_sheet(path: Any, display: str, sheet: str | None) -> OpenSheet:
    """Open the sheet (the first one, or ``sheet``): every guard of the module docs runs, the header is read.

    Opening parses the sheet far enough to find its size (openpyxl reads the
    whole part when the ``<dimension>`` tag is missing), so the rows are read
    through this same opening rather than a second one.
    """
    rows = _sheet_rows(path, display, sheet)
    try:
        title, header = _header(rows, display)
    except BaseException:
        rows.close()  # type: ignore[attr-defined]
        raise
    return OpenSheet(path, display, sheet, title, header, rows)


def _cell_text(v: Any) -> str | None:
    """An Excel cell as text that reads back to the same value (floats by repr, dates ISO)."""
    import datetime as dt

    if v is None:
        return None
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)
