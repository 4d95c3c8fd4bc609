"""Import of public registry exports (CSV) into credit blocks.

A certifier matches the serials a submission claims against what the registry
publishes (domain.md §6). :func:`read_export` reads one CSV export of Verra,
Gold Standard, the Climate Action Reserve, the American Carbon Registry or ART
TREES, turns each row's serial into :class:`~offsetcalc.credits.Block` s and
returns them with the row's quantity, vintage, project, retirement date,
beneficiary and status. It never drops a row quietly: a row it cannot read, or
whose quantity column disagrees with the size of its serial's block, is listed
in :attr:`ExportResult.problems` with its line in the file (the header is line
1; a quoted field spanning lines counts every line). Columns are found by
header name, ignoring case and spacing; a missing required column is one
:class:`~offsetcalc.errors.InputError` naming the columns expected.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from offsetcalc.credits import Block, parse_serial, registry_id
from offsetcalc.errors import InputError, Location, OffsetcalcError
from offsetcalc.report.messages import Msg, MsgText, MsgValueError, error_text

T = TypeVar("T")

__all__ = [
    "EXPORT_FORMATS",
    "ExportFormat",
    "ExportResult",
    "Project",
    "RetiredBlock",
    "read_export",
]


@dataclass(frozen=True)
class ExportFormat:
    """Where a registry's export keeps each field: accepted header names per field.

    ``required`` fields must have a column; the others are read when present.
    ``serial_registries`` are the serial forms a row may carry (Gold Standard
    exports list CDM CERs in the Kyoto form beside their own serials).
    ``vintage_is_date`` is set when the vintage column holds a date, not a year.
    """

    registry: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    serial_registries: tuple[str, ...]
    vintage_is_date: bool = False


# Column headers: Verra and Gold Standard from the real exports in
# shared/data/registry-samples; CAR, ACR and ART TREES from domain.md §4.
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "verra": ExportFormat(
        registry="verra",
        columns={
            "serial": ("Serial Number",),
            "quantity": ("Quantity Issued",),
            "vintage": ("Vintage Start",),
            "project_id": ("ID",),
            "project_name": ("Name",),
            "retired_on": ("Retirement/Cancellation Date",),
            "beneficiary": ("Retirement Beneficiary",),
            "reason": ("Retirement Reason",),
            "details": ("Retirement Details",),
        },
        required=("serial", "quantity", "vintage", "project_id", "project_name", "retired_on"),
        serial_registries=("verra",),
        # Verra vintages are date ranges (Vintage Start .. Vintage End); the
        # vintage year is the year the range starts.
        vintage_is_date=True,
    ),
    "gold-standard": ExportFormat(
        registry="gold-standard",
        columns={
            "serial": ("Serial Number",),
            "quantity": ("Quantity",),
            "vintage": ("Vintage",),
            "project_id": ("GSID",),
            "project_name": ("Project Name",),
            "status": ("Credit Status",),
            "retired_on": ("Retirement Date",),
            "beneficiary": ("Using Entity",),
            "reason": ("Use Case",),
            "details": ("Note",),
        },
        # Retirement Date is absent from issuance exports, which share the format.
        required=("serial", "quantity", "vintage", "project_id", "project_name", "status"),
        serial_registries=("gold-standard", "kyoto"),
    ),
    "climate-action-reserve": ExportFormat(
        registry="climate-action-reserve",
        columns={
            "serial": ("Offset Credit Serial Numbers",),
            "quantity": ("Quantity of Offset Credits",),
            "vintage": ("Vintage",),
            "project_id": ("Project ID",),
            "project_name": ("Project Name",),
            "retired_on": ("Status Effective",),
            "account_holder": ("Account Holder",),
            "beneficiary": ("Retired on Behalf of",),
            "reason": ("Retirement Reason",),
            "details": ("Retirement Reason Details",),
        },
        required=("serial", "quantity", "vintage", "project_id", "project_name", "retired_on"),
        serial_registries=("climate-action-reserve",),
    ),
    "american-carbon-registry": ExportFormat(
        registry="american-carbon-registry",
        columns={
            "serial": ("Credit Serial Numbers",),
            "quantity": ("Quantity of Credits",),
            "vintage": ("Vintage",),
            "project_id": ("Project ID",),
            "project_name": ("Project Name",),
            "retired_on": ("Status Effective (GMT)", "Status Effective"),
            "account_holder": ("Account Holder",),
            "beneficiary": ("Retired on Behalf of",),
            "reason": ("Retirement Reason",),
            "details": ("Retirement Reason Details",),
        },
        required=("serial", "quantity", "vintage", "project_id", "project_name", "retired_on"),
        serial_registries=("american-carbon-registry",),
    ),
    "art-trees": ExportFormat(
        registry="art-trees",
        columns={
            "serial": ("Credit Serial Numbers",),
            "quantity": ("Quantity of Credits",),
            "vintage": ("Vintage",),
            "project_id": ("Program ID",),
            "project_name": ("Program Name",),
            "retired_on": ("Status Effective",),
            "account_holder": ("Account Holder",),
            "beneficiary": ("Retired on Behalf of",),
            "reason": ("Retirement Reason",),
            "details": ("Retirement Reason Details",),
        },
        required=("serial", "quantity", "vintage", "project_id", "project_name", "retired_on"),
        serial_registries=("art-trees",),
    ),
}


@dataclass(frozen=True)
class Project:
    """The project (or, for ART TREES, the jurisdictional program) credits come from."""

    id: str
    name: str


@dataclass(frozen=True)
class RetiredBlock:
    """One block of credits as a registry export lists it.

    ``quantity`` is the block's size [t-CO2e]. ``status`` is ``retired`` when the
    row carries a retirement (or cancellation) date or the registry says
    retired, ``cancelled`` for Gold Standard's Canceled (which is also used for
    transfers out of the registry, so it is not a retirement), otherwise the
    registry's own status in lower case (``issued`` when it gives none).
    ``line`` is where the row starts in the CSV (header = line 1).
    """

    registry: str
    block: Block
    quantity: int
    vintage: int | None
    project: Project
    retired_on: date | None
    beneficiary: str
    reason: str
    status: str
    line: int
    details: str = ""
    account_holder: str = ""


@dataclass
class ExportResult:
    """What :func:`read_export` found: the blocks, and every row it could not use."""

    registry: str
    source: str
    records: list[RetiredBlock] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0
    sha256: str | None = None  # of the bytes the rows were read from

    @property
    def ok(self) -> bool:
        return not self.problems


def _header_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _locate_columns(header: list[str], fmt: ExportFormat, source: str) -> dict[str, int]:
    positions = {_header_key(h): i for i, h in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for name, spellings in fmt.columns.items():
        for spelling in spellings:
            if _header_key(spelling) in positions:
                found[name] = positions[_header_key(spelling)]
                break
    missing = [n for n in fmt.required if n not in found]
    if missing:
        expected = ", ".join(repr(fmt.columns[n][0]) for n in fmt.required)
        hint = Msg("registry.columns.hint", registry=fmt.registry, expected=expected)
        if len(header) == 1:
            # Excel in many locales saves "CSV" with semicolons; a tab-separated copy is also common.
            sep = next((s for s in (";", "\t", "|") if s in header[0]), None)
            if sep is not None:
                hint = Msg("registry.separator.hint", sep=repr(sep))
        raise InputError(
            Msg(
                "registry.columns",
                registry=fmt.registry,
                columns=", ".join(repr(fmt.columns[n][0]) for n in missing),
            ),
            location=Location(source, 1),
            hint=hint,
            code="registry.columns",
        )
    return found


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")


def parse_date(text: str) -> date:
    """A date as registry exports write it.

    Accepts ``2026-04-10``, ``2026-04-13T12:35:58.842275`` (ISO 8601) and the
    US forms ``10/27/2025`` and ``6/30/2025 7:43:26 PM`` (month first, as the
    APX-hosted registries print it; domain.md §4). The time of day is dropped.
    """
    text = text.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    m = _US_DATE.fullmatch(text)
    if m:
        month, day, year = int(m[1]), int(m[2]), int(m[3])
        try:
            day_of = date(year, month, day)
        except ValueError as exc:
            from offsetcalc.io.loader import python_date_error

            detail = python_date_error(exc)
            raise MsgValueError(Msg("registry.row.date.us", text=repr(text), detail=detail)) from None
        if m[4] is not None:
            # The time is dropped, but a malformed one means the cell is not what we think.
            hour, minute, second = int(m[4]), int(m[5]), int(m[6] or 0)
            hours = range(1, 13) if m[7] else range(24)
            if hour not in hours or minute > 59 or second > 59:
                raise MsgValueError(Msg("registry.row.time", text=repr(text)))
        return day_of
    raise MsgValueError(Msg("registry.row.date", text=repr(text)))


_QUANTITY = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def parse_quantity(text: str) -> int:
    """A whole number of credits, with or without thousands separators (``28,571``)."""
    text = text.strip()
    if not _QUANTITY.fullmatch(text):
        raise MsgValueError(Msg("registry.row.quantity", text=repr(text)))
    return int(text.replace(",", ""))


def _vintage(text: str, is_date: bool) -> int | None:
    text = text.strip()
    if not text:
        return None
    if is_date:
        return parse_date(text).year
    if not re.fullmatch(r"\d{4}", text):
        raise MsgValueError(Msg("registry.row.vintage", text=repr(text)))
    return int(text)


def _status(registry_status: str, retired_on: date | None) -> str:
    status = registry_status.strip().casefold()
    if status in ("canceled", "cancelled"):
        return "cancelled"
    if retired_on is not None or status == "retired":
        return "retired"
    return status or "issued"


class _Hashing(io.RawIOBase):
    """A binary file that hashes every byte as it is read: the hash is of the bytes the rows came from."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self.digest.update(memoryview(buffer)[:n])
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def _rows(path: Path, done: Callable[[str], None] | None = None) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on (quoted newlines counted).

    ``done`` receives the sha256 of the file's bytes once the last row has been read
    (the ledger records it: one read serves rows and hash, so they cannot differ).
    """
    hashing = _Hashing(path.open("rb", buffering=0))
    with io.TextIOWrapper(io.BufferedReader(hashing), newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        line = 1
        for row in reader:
            yield line, row
            line = reader.line_num + 1
        if done is not None:
            done(hashing.digest.hexdigest())


def read_export(path: str | Path, registry: str) -> ExportResult:
    """Blocks listed in a registry's public CSV export.

    Parameters
    ----------
    path : str or Path
        The CSV file, UTF-8, as downloaded from the registry.
    registry : str
        ``verra``, ``gold-standard``, ``climate-action-reserve``,
        ``american-carbon-registry`` or ``art-trees`` (aliases such as ``VCS``,
        ``GS``, ``CAR``, ``ACR``, ``ART`` are accepted).

    Returns
    -------
    ExportResult
        ``records``, one per block (a row whose serial names several ranges
        gives several), and ``problems`` as ``(line, message)``. A row with a
        problem is left out of ``records`` unless only its quantity column
        disagrees with its serial, in which case the serial's blocks are kept
        (the serial is what identifies credits) and the disagreement reported.

    Raises
    ------
    InputError
        When the file cannot be read or is not an export of that registry
        (a required column is missing; the message names them).
    """
    stream = iter_export(path, registry)
    result = ExportResult(registry=stream.registry, source=stream.source)
    result.records.extend(stream.records)
    result.problems, result.rows, result.sha256 = stream.problems, stream.rows, stream.sha256
    return result


@dataclass
class ExportStream:
    """An export being read: ``records`` is an iterator; ``problems`` and ``rows`` grow as it is consumed.

    For files of millions of rows (``ledger import``): nothing but the current
    row is held. Problems of the whole file are known once ``records`` is exhausted.
    """

    registry: str
    source: str
    records: Iterator[RetiredBlock]
    problems: list[tuple[int, str]] = field(default_factory=list)
    rows: int = 0
    sha256: str | None = None  # of the bytes read, once ``records`` is exhausted


def iter_export(path: str | Path, registry: str) -> ExportStream:
    """:func:`read_export`, streamed: the header is checked now, the rows are read as they are iterated.

    Raises InputError now for a file that cannot be opened or is not that
    registry's export, and while iterating for a file that stops being readable
    (not UTF-8, broken CSV) after its header.
    """
    source = str(path)
    rid = registry_id(registry)
    fmt = EXPORT_FORMATS.get(rid)
    if fmt is None:
        raise InputError(
            Msg("registry.unknown", registry=repr(registry), valid=", ".join(EXPORT_FORMATS)),
            code="registry.unknown",
        )
    stream = ExportStream(registry=rid, source=source, records=iter(()))
    with _read_errors(source):
        rows = _rows(Path(path), done=lambda digest: setattr(stream, "sha256", digest))
        _, header = next(rows, (1, []))
    if not header:
        raise InputError(
            Msg("registry.empty"),
            location=Location(source, 1),
            code="registry.columns",
        )
    columns = _locate_columns(header, fmt, source)

    def records() -> Iterator[RetiredBlock]:
        with _read_errors(source):
            for line, row in rows:
                if not any(cell.strip() for cell in row):
                    continue  # a blank line is not a row
                stream.rows += 1
                if len(row) != len(header):
                    problem = MsgText(Msg("registry.row.fields", n=len(header), found=len(row)))
                    stream.problems.append((line, problem))
                    continue
                try:
                    found, mismatch = _read_row(row, header, columns, fmt, line)
                except (ValueError, OffsetcalcError) as exc:
                    stream.problems.append((line, error_text(exc)))
                    continue
                yield from found
                if mismatch:
                    stream.problems.append((line, mismatch))

    stream.records = records()
    return stream


@contextmanager
def _read_errors(source: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise InputError(
            Msg("registry.io", source=source, reason=exc.strerror or exc),
            location=Location(source),
            code="registry.io",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            Msg("registry.encoding", source=source, reason=exc.reason),
            location=Location(source),
            code="registry.io",
        ) from exc
    except csv.Error as exc:
        raise InputError(
            Msg("registry.csv", source=source, detail=exc), location=Location(source), code="registry.csv"
        ) from exc


def _read_row(
    row: list[str], header: list[str], columns: dict[str, int], fmt: ExportFormat, line: int
) -> tuple[list[RetiredBlock], str | None]:
    def cell(name: str) -> str:
        i = columns.get(name)
        return row[i].strip() if i is not None else ""

    def read(name: str, parse: Callable[[str], T]) -> T:
        try:
            return parse(cell(name))
        except ValueError as exc:
            detail = error_text(exc)
            column = repr(header[columns[name]].strip())
            raise MsgValueError(Msg("registry.row.column", column=column, detail=detail)) from exc

    serial = cell("serial")
    if not serial:
        raise MsgValueError(Msg("registry.row.serial-empty", column=repr(header[columns["serial"]].strip())))
    # A single-registry export names its registry, so serials whose first field
    # is not a known registry code (ART TREES programs) are read all the same.
    only = fmt.serial_registries[0] if len(fmt.serial_registries) == 1 else None
    blocks = parse_serial(serial, only)
    foreign = [b.registry for b in blocks if b.registry not in fmt.serial_registries]
    if foreign:
        raise MsgValueError(
            Msg("registry.row.foreign", serial=repr(serial), registry=foreign[0], expected=fmt.registry)
        )
    quantity = read("quantity", parse_quantity)
    retired_on = read("retired_on", lambda text: parse_date(text) if text else None)
    vintage = read("vintage", lambda text: _vintage(text, fmt.vintage_is_date))
    project = Project(cell("project_id"), cell("project_name"))
    status = _status(cell("status"), retired_on)
    records = [
        RetiredBlock(
            registry=fmt.registry,
            block=block,
            quantity=block.quantity,
            vintage=vintage,
            project=project,
            retired_on=retired_on,
            beneficiary=cell("beneficiary"),
            reason=cell("reason"),
            status=status,
            line=line,
            details=cell("details"),
            account_holder=cell("account_holder"),
        )
        for block in blocks
    ]
    size = sum(b.quantity for b in blocks)
    mismatch = None
    if size != quantity:
        mismatch = MsgText(
            Msg("registry.row.mismatch", quantity=f"{quantity:,}", serial=repr(serial), size=f"{size:,}")
        )
    return records, mismatch
