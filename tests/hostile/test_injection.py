"""Class 8: text from a submission cannot act in any output format.

Before: ``check --format csv`` wrote cells beginning ``= + - @`` (spreadsheet
formula injection); ``compute --format markdown`` let a category label forge a
heading with a line break and passed ``<script>`` raw; ``stats`` and ``ledger
list`` printed ESC / OSC / BEL / NUL from credit types, prefixes and
beneficiaries (an OSC sequence retitles the user's terminal).

Every renderer escapes through :mod:`offsetcalc.report.escape`, one function
per format; the unit tests below pin each function, the CLI tests each output.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from offsetcalc.report import escape

from .conftest import run_cli

HOSTILE = """\
offsetcalc: 1
kind: event
title: "t"
offsetter: "Evil\\e]0;pwned\\aCorp"
period: {start: 2013-06-01, end: 2013-06-30}
standard: "=cmd|' /C calc'!A0"
activities:
  - id: a
    category: "x\\n# Forged heading <script>alert(1)</script>"
    quantity: 10 kWh
    factor: {value: 0.5, unit: kg-CO2/kWh, source: "@SUM(1+1)"}
credits:
  - type: "J-VER\\e]0;retitled\\a"
    quantity: 1 t-CO2
    serial: {prefix: "JP\\e[2J\\0X", start: 1, end: 1}
    retired_on: 2013-07-01
  # A clean serial, so the ledger records this block (a prefix with control characters is
  # refused before it reaches the ledger) and `ledger list` must show its hostile labels.
  - type: "J-VER\\e]0;retitled\\a"
    quantity: 1 t-CO2
    serial: {prefix: "JP-CLEAN-2012", start: 1, end: 1}
    retired_on: 2013-07-01
    beneficiary: "Evil\\e]0;pwned\\aCorp"
"""

#: Bytes that drive a terminal: ESC (CSI, OSC), BEL, NUL, C1 CSI.
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x9b]")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    p = tmp_path / "=HYPERLINK(evil).yaml"
    p.write_text(HOSTILE, encoding="utf-8")
    return p


def test_csv_cells_never_start_a_formula(hostile: Path, tmp_path: Path) -> None:
    proc = run_cli("check", str(hostile.name), "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    cells = [c for row in rows[1:] for c in row]
    assert any(c.startswith("'=") for c in cells)  # the file name and the standard, shown as text
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_markdown_cannot_forge_a_heading_or_carry_html(hostile: Path) -> None:
    proc = run_cli("compute", str(hostile), "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert not re.search(r"^#+ Forged", proc.stdout, re.M)
    assert "<script>" not in proc.stdout
    assert not _TERMINAL_CONTROL.search(proc.stdout.replace("\n", ""))


def test_terminal_outputs_carry_no_control_sequences(hostile: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "l.db"
    run_cli("check", str(hostile), "--ledger", str(ledger), "--standard", "jp-co")
    outputs = {
        "compute": run_cli("compute", str(hostile)),
        "check": run_cli("check", str(hostile)),
        "stats": run_cli("stats", str(hostile)),
        "ledger list": run_cli("ledger", "list", "--ledger", str(ledger)),
    }
    for name, proc in outputs.items():
        assert proc.returncode in (0, 1), (name, proc.stderr)
        for stream in (proc.stdout, proc.stderr):
            assert not _TERMINAL_CONTROL.search(stream.replace("\n", "")), (name, stream)
    # The hostile beneficiary is listed (escaped, as checked above), not dropped.
    assert "pwned" in outputs["ledger list"].stdout and "1 blocks" in outputs["ledger list"].stdout


@pytest.mark.parametrize(
    ("func", "given", "expected"),
    [
        (escape.terminal, "a\x1b]0;x\x07b", "a\\x1b]0;x\\x07b"),
        (escape.terminal, "[bold]x", "\\[bold]x"),
        (escape.markdown, "a\n# h <b>|", "a\\\\n\\# h &lt;b&gt;\\|"),
        (escape.csv_cell, "=1+1", "'=1+1"),
        (escape.csv_cell, "\tx", "'\tx"),
        (escape.csv_cell, "safe\nsecond line", "safe\nsecond line"),
        (escape.html, "<a href='x'>&", "&lt;a href=&#x27;x&#x27;&gt;&amp;"),
        (escape.xml, "a\x00b", "a\\u0000b"),
    ],
)
def test_each_format_has_one_escaping_function(func, given: str, expected: str) -> None:
    assert func(given) == expected
