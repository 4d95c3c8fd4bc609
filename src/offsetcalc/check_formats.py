"""A check report as JSON, CSV, JUnit XML or Markdown, and atomic writing of it.

Every format is a rendering of the same :class:`~offsetcalc.check.CheckReport`
(the terminal table is offsetcalc.render_batch), and in every one each input
file appears exactly once:

- ``json`` — SPEC.md §4 (``offsetcalc.check/1``), plus ``ledger`` when one was used;
- ``csv`` — one row per file: source, standard, verdict, offset ratio, error
  and warning counts, and the findings (``severity rule location: message``,
  one per line inside the cell);
- ``junit`` — one ``<testcase>`` per file (``fail`` → ``<failure>``, ``error`` →
  ``<error>``, findings in the body) for CI systems that read JUnit XML;
- ``markdown`` — a summary line, a table of every file, then the findings of
  every file that did not pass.

:func:`write_atomic` writes a report so that a reader sees the old file or the
whole new one, never a part: a temporary file in the same folder, flushed and
fsync'ed, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from typing import Any

FORMATS = ("table", "json", "csv", "junit", "markdown")
CSV_COLUMNS = ("source", "standard", "verdict", "offset_ratio_percent", "errors", "warnings", "findings")


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _finding_line(f: Any) -> str:
    return f"{f.severity} {f.rule} {f.location}: {f.message}"


def _count(r: Any, severity: str) -> int:
    return sum(1 for f in r.findings if f.severity == severity)


def to_json(report: Any) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"


def to_csv(report: Any) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    w.writerow(CSV_COLUMNS)
    for r in report.results:
        w.writerow(
            [
                r.source,
                r.standard or "",
                r.verdict,
                _ratio(r.offset_ratio_percent),
                _count(r, "error"),
                _count(r, "warning"),
                "\n".join(_finding_line(f) for f in r.findings),
            ]
        )
    return buf.getvalue()


def to_junit(report: Any, *, name: str = "offsetcalc check") -> str:
    """JUnit XML (the schema Jenkins, GitLab and GitHub test reporters read)."""
    import xml.etree.ElementTree as ET

    s = report.summary
    suites = ET.Element("testsuites", name=name, tests=str(s["files"]), failures=str(s["fail"]), errors=str(s["error"]))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=name,
        tests=str(s["files"]),
        failures=str(s["fail"]),
        errors=str(s["error"]),
        skipped="0",
    )
    for r in report.results:
        case = ET.SubElement(suite, "testcase", classname=r.standard or "offsetcalc", name=r.source, file=r.source)
        body = "\n".join(_finding_line(f) for f in r.findings)
        if r.verdict != "pass":
            first = next((f for f in r.findings if f.severity == "error"), r.findings[0] if r.findings else None)
            tag = "failure" if r.verdict == "fail" else "error"
            el = ET.SubElement(
                case, tag, message=first.message if first else r.verdict, type=first.rule if first else r.verdict
            )
            el.text = body
        elif body:
            ET.SubElement(case, "system-out").text = body
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Any) -> str:
    s = report.summary
    lines = [
        "# offsetcalc check",
        "",
        f"**{s['files']} files: {s['pass']} pass, {s['fail']} fail, {s['error']} error**",
        "",
        "| File | Standard | Verdict | Offset ratio | Errors | Warnings |",
        "|---|---|---|---:|---:|---:|",
    ]
    for r in report.results:
        ratio = "" if r.offset_ratio_percent is None else f"{_ratio(r.offset_ratio_percent)} %"
        lines.append(
            f"| {_md(r.source)} | {_md(r.standard or '')} | {r.verdict} | {ratio} "
            f"| {_count(r, 'error')} | {_count(r, 'warning')} |"
        )
    failing = [r for r in report.results if r.verdict != "pass"]
    if failing:
        lines += ["", "## Findings"]
        for r in failing:
            lines += ["", f"### {_md(r.source)} — {r.verdict}", ""]
            lines += [f"- **{f.severity}** `{f.rule}` {_md(f.location)}: {_md(f.message)}" for f in r.findings]
    ledger = getattr(report, "ledger", None)
    if ledger:
        lines += [
            "",
            f"Ledger `{_md(ledger['path'])}`: {ledger['recorded']} submissions recorded, "
            f"{ledger['conflicts']} double claims, {ledger['blocks']} blocks held.",
        ]
    return "\n".join(lines) + "\n"


def to_table(report: Any, *, width: int = 120) -> str:
    """The terminal table as plain text (for ``--output`` and pipes)."""
    from offsetcalc.render import console
    from offsetcalc.render_batch import render_batch_report

    out = console(plain=True, width=width)
    with out.capture() as cap:
        render_batch_report(report, out)
    return cap.get()


RENDERERS: dict[str, Callable[[Any], str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "junit": to_junit,
    "markdown": to_markdown,
}


def render(report: Any, fmt: str) -> str:
    """The report in one of :data:`FORMATS`."""
    return RENDERERS[fmt](report)


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once or not at all.

    An interrupt or error before the final ``os.replace`` leaves the old file
    (or none) in place and removes the temporary file.
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        try:
            mode = os.stat(target).st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
