"""Factor tables written as CSV with a YAML header: one published list, many rows.

A yearly list such as MOE/METI's 電気事業者別排出係数 has hundreds of rows; as YAML
mappings it is hard to review against the ministry's PDF. A ``*.csv`` table keeps
the provenance as YAML in ``#`` comment lines at the top and the factors as rows::

    # free comment lines, then the YAML header from its first key:
    # offsetcalc-factors: 1
    # table: jp-electricity-retailers-fy2018
    # publisher: ...
    id,name,name_ja,category,value,unit,confirmed,note
    electricity.jp.kyushu.basic,"Kyushu, basic",九州電力 基礎,grid-electricity,0.000319,t-CO2 / kWh,true,...

The reader turns the file into the same :class:`~offsetcalc.io.loader.Document` a
YAML table gives (header keys plus ``factors:``, one mapping per row), with the
line and column of every cell, so ``factors validate``, ``list``, ``show`` and
``diff`` and every error location work unchanged. Columns are the factor keys of
the YAML form; ``valid_from``/``valid_to`` fill ``valid:``; ``gases.<GAS>`` columns
fill ``gases:``. An empty cell is an absent key. ``confirmed`` must read ``true`` or
``false`` (anything else is passed through, so the schema rejects it with its location).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from offsetcalc.errors import InputError, Location
from offsetcalc.io.loader import Document, load_yaml_text
from offsetcalc.report.messages import Msg

CSV_SUFFIXES = (".csv",)


def is_csv_table(path: str) -> bool:
    return str(path).lower().endswith(CSV_SUFFIXES)


def _number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text  # the schema reports it as not a number, at this cell


def _cell(column: str, text: str) -> Any:
    if column in ("value",) or column.startswith("gases."):
        return _number(text)
    if column == "confirmed":
        return {"true": True, "false": False}.get(text, text)
    return text


def load_csv_table_text(text: str, source: str) -> Document:
    """Parse a CSV factor table into a Document with line:col marks for every cell."""
    lines = text.splitlines(keepends=True)
    n_header = 0
    while n_header < len(lines) and (lines[n_header].startswith("#") or not lines[n_header].strip()):
        n_header += 1
    # The YAML header begins at '# offsetcalc-factors:'; '#' lines above it are free comments
    # (kept as blank lines so YAML line numbers are the file's). One space after '#' is
    # dropped so indentation inside the header stays YAML.
    header: list[str] = []
    started = False
    for ln in lines[:n_header]:
        body = ln[1:] if ln.startswith("#") else ln
        body = body[1:] if body.startswith(" ") else body
        started = started or body.startswith("offsetcalc-factors")
        header.append(body if started else "\n")
    header_yaml = "".join(header)
    head = load_yaml_text(header_yaml if header_yaml.strip() else "{}", source)
    if not isinstance(head.data, dict):
        raise InputError(
            Msg("factors.csv.header"),
            location=Location(source, 1, 1),
            code="factors.schema",
        )
    if "factors" in head.data:
        raise InputError(
            Msg("factors.csv.factors-key"),
            location=head.location(("factors",), key=True),
            code="factors.schema",
        )
    body = "".join(lines[n_header:])
    reader = csv.reader(io.StringIO(body, newline=""))
    rows = list(reader)
    if not rows:
        raise InputError(
            Msg("factors.csv.no-columns"),
            location=Location(source, n_header + 1, 1),
            code="factors.schema",
        )
    columns = [c.strip() for c in rows[0]]
    text_lines = text.splitlines()
    data = dict(head.data)
    doc = Document(source=source, data=data, marks=dict(head.marks), key_marks=dict(head.key_marks))
    factors: list[dict[str, Any]] = []
    data["factors"] = factors
    header_line = n_header + 1
    doc.marks[("factors",)] = (header_line, 1)
    doc.key_marks[("factors",)] = (header_line, 1)
    # Line numbers of rows: csv may span a quoted cell over lines, so count them as read.
    line = header_line + _newlines(rows[0])
    for row in rows[1:]:
        line += 1
        if not any(c.strip() for c in row):
            line += _newlines(row)
            continue
        i = len(factors)
        entry: dict[str, Any] = {}
        col_pos = 1
        doc.marks[("factors", i)] = (line, 1)
        if len(row) > len(columns):
            raise InputError(
                Msg("factors.csv.ragged", cells=len(row), columns=len(columns)),
                location=Location(source, line, 1),
                hint=Msg("factors.csv.ragged.hint"),
                code="factors.schema",
            )
        raw_line = text_lines[line - 1] if 0 < line <= len(text_lines) else ""
        starts = _cell_starts(raw_line) if not _newlines(row) else []
        for k, (column, raw) in enumerate(zip(columns, row, strict=False)):
            cell = raw.strip()
            pos = (line, starts[k] if k < len(starts) else col_pos)
            col_pos += len(raw) + 1
            if not cell:
                continue
            if column in ("valid_from", "valid_to"):
                valid = entry.setdefault("valid", {})
                key = "from" if column == "valid_from" else "to"
                valid[key] = cell
                doc.marks[("factors", i, "valid")] = pos
                doc.marks[("factors", i, "valid", key)] = pos
                continue
            if column.startswith("gases."):
                gas = column.split(".", 1)[1]
                entry.setdefault("gases", {})[gas] = _cell(column, cell)
                doc.marks[("factors", i, "gases", gas)] = pos
                continue
            entry[column] = _cell(column, cell)
            doc.marks[("factors", i, column)] = pos
            doc.key_marks[("factors", i, column)] = pos
        factors.append(entry)
        line += _newlines(row)
    return doc


def _newlines(row: list[str]) -> int:
    return sum(c.count("\n") for c in row)


def _cell_starts(raw_line: str) -> list[int]:
    """1-based column where each cell's text starts (past an opening quote)."""
    starts: list[int] = []
    i, n = 0, len(raw_line)
    while i <= n:
        if i < n and raw_line[i] == '"':
            starts.append(i + 2)
            i += 1
            while i < n:
                if raw_line[i] == '"' and i + 1 < n and raw_line[i + 1] == '"':
                    i += 2
                elif raw_line[i] == '"':
                    i += 1
                    break
                else:
                    i += 1
        else:
            starts.append(i + 1)
        while i < n and raw_line[i] != ",":
            i += 1
        i += 1
    return starts
