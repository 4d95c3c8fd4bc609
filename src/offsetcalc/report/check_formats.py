"""A check report as JSON, CSV, JUnit XML or Markdown, and atomic writing of it.

Every format is a rendering of the same :class:`~offsetcalc.rules.check.CheckReport`
(the terminal table is offsetcalc.report.batch_terminal), and in every one each input
file appears exactly once:

- ``json`` — SPEC.md §4 (``offsetcalc.check/1``), plus ``ledger`` when one was used;
- ``csv`` — one row per file: source, standard, verdict, offset ratio, error
  and warning counts, and the findings (``severity rule location: message``,
  one per line inside the cell);
- ``junit`` — one ``<testcase>`` per file (``fail`` → ``<failure>``, ``error`` →
  ``<error>``, findings in the body) for CI systems that read JUnit XML;
- ``markdown`` — a summary line, a table of every file, then the findings of
  every file that did not pass.

``lang="ja"`` puts the words people read in Japanese (finding messages, Markdown's
headings and labels, JUnit's failure messages), from offsetcalc.report.messages. What
programs read stays as it is in every language: CSV column names, verdict, severity
and rule IDs, JUnit's element and attribute names, and JSON (SPEC §4, always English).

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
import stat
import tempfile
from collections.abc import Callable
from typing import Any

from offsetcalc.report.escape import csv_cell
from offsetcalc.report.escape import markdown as _md
from offsetcalc.report.escape import xml as _xml

FORMATS = ("table", "json", "csv", "junit", "markdown")
CSV_COLUMNS = ("source", "standard", "verdict", "offset_ratio_percent", "errors", "warnings", "findings")


def _ratio(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}"
    # two decimals round 99.997 up to '100.00': a ratio below 100 % is never shown as 100 % (SPEC §2)
    return "99.99" if value < 100 and float(text) >= 100 else text


def ledger_conflict_counts(ledger: dict[str, Any]) -> dict[str, int]:
    """The ledger's conflicts counted as what each is: ``{"double": …, "other": …}`` (retired for someone else)."""
    other = ledger.get("retired_for_other", 0)
    return {"double": ledger["conflicts"] - other, "other": other}


def ledger_text(ledger: dict[str, Any], lang: str, key: str = "ledger_line", path: str | None = None) -> str:
    """The ledger's summary line (catalogue ``key``) with its counts grouped by thousands; ``path``
    is the ledger's path escaped for the output format (the terminal, Markdown, HTML)."""
    from offsetcalc.report.messages import text

    counts = {k: f"{n:,}" for k, n in ledger_conflict_counts(ledger).items()}
    return text(
        key,
        lang,
        path=ledger["path"] if path is None else path,
        recorded=f"{ledger['recorded']:,}",
        rejected=f"{ledger.get('rejected', 0):,}",
        blocks=f"{ledger['blocks']:,}",
        **counts,
    )


def _finding_line(f: Any, lang: str = "en") -> str:
    from offsetcalc.report.messages import finding_message

    return f"{f.severity} {f.rule} {f.location}: {finding_message(f, lang)}"


def to_json(report: Any) -> str:
    """SPEC §4's JSON with one line per file's result (and per top-level key).

    Each line is encoded by json's C encoder; ``indent`` would switch to the
    pure-Python encoder, which took as long as recording 10,000 files in the
    ledger. One result a line still reads in a diff and greps by file name.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    lines = []
    for key, value in report.to_dict().items():
        if key == "results" and value:
            body = ",\n    ".join(encode(r) for r in value)
            lines.append(f"  {encode(key)}: [\n    {body}\n  ]")
        else:
            lines.append(f"  {encode(key)}: {encode(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def to_csv(report: Any, lang: str = "en") -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180
    w.writerow(CSV_COLUMNS)
    for r in report.results:
        w.writerow(
            [
                csv_cell(r.source),
                csv_cell(r.standard or ""),
                r.verdict,
                _ratio(r.offset_ratio_percent),
                r.count("error"),
                r.count("warning"),
                csv_cell("\n".join(_finding_line(f, lang) for f in r.findings)),
            ]
        )
    return buf.getvalue()


def to_junit(report: Any, lang: str = "en", *, name: str = "offsetcalc check") -> str:
    """JUnit XML (the schema Jenkins, GitLab and GitHub test reporters read).

    Text XML cannot carry (control characters, lone surrogates) is written as
    ``\\uNNNN`` so the file always parses.
    """
    import xml.etree.ElementTree as ET

    from offsetcalc.report.messages import finding_message

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
        source = _xml(r.source)
        case = ET.SubElement(suite, "testcase", classname=_xml(r.standard or "offsetcalc"), name=source, file=source)
        body = _xml("\n".join(_finding_line(f, lang) for f in r.findings))
        if r.verdict != "pass":
            first = next((f for f in r.findings if f.severity == "error"), r.findings[0] if r.findings else None)
            tag = "failure" if r.verdict == "fail" else "error"
            el = ET.SubElement(
                case,
                tag,
                message=_xml(finding_message(first, lang)) if first else r.verdict,
                type=first.rule if first else r.verdict,
            )
            el.text = body
        elif body:
            ET.SubElement(case, "system-out").text = body
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def to_markdown(report: Any, lang: str = "en") -> str:
    from offsetcalc.report.messages import finding_message, labels, severity_text, text, verdict_text
    from offsetcalc.report.result import ratio_text

    L = labels(lang)
    s = report.summary
    summary = text("files_summary", lang, files=s["files"], passed=s["pass"], failed=s["fail"], errored=s["error"])
    lines = [
        f"# {L['md_title']}",
        "",
        f"**{summary}**",
        "",
        f"| {L['file']} | {L['standard']} | {L['verdict']} | {L['md_ratio']} | {L['errors']} | {L['warnings_count']} |",
        "|---|---|---|---:|---:|---:|",
    ]

    for r in report.results:
        ratio = "" if r.offset_ratio_percent is None else ratio_text(r.offset_ratio_percent)
        lines.append(
            f"| {_md(r.source)} | {_md(r.standard or '')} | {verdict_text(r.verdict, lang)} | {ratio} "
            f"| {r.count('error')} | {r.count('warning')} |"
        )
    # Every file with findings: a passing file's warnings are what a reviewer reads next.
    noted = [r for r in report.results if r.verdict != "pass" or r.count("warning")]
    if noted:
        lines += ["", f"## {L['findings']}"]
        for r in noted:
            shown = [f for f in r.findings if r.verdict != "pass" or f.severity != "info"]
            lines += ["", f"### {_md(r.source)} — {verdict_text(r.verdict, lang)}", ""]
            lines += [
                f"- **{severity_text(f.severity, lang)}** `{f.rule}` {_md(f.location)}: {_md(finding_message(f, lang))}"
                for f in shown
            ]
    ledger = getattr(report, "ledger", None)
    if ledger:
        lines += ["", ledger_text(ledger, lang, "md_ledger", _md(ledger["path"]))]
    return "\n".join(lines) + "\n"


def to_table(report: Any, *, width: int = 120, lang: str = "en") -> str:
    """The terminal table as plain text (for ``--output`` and pipes)."""
    from offsetcalc.report.batch_terminal import render_batch_report
    from offsetcalc.report.terminal import console

    out = console(plain=True, width=width)
    with out.capture() as cap:
        render_batch_report(report, out, lang)
    return cap.get()


RENDERERS: dict[str, Callable[..., str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "junit": to_junit,
    "markdown": to_markdown,
}


def render(report: Any, fmt: str, lang: str = "en") -> str:
    """The report in one of :data:`FORMATS`; JSON is the same in every language (SPEC §4)."""
    if fmt == "json":
        return to_json(report)
    return RENDERERS[fmt](report, lang=lang)


def _special(path: str) -> bool:
    """True for a target that is not a plain file to replace: a device, a FIFO, a stream.

    ``/dev/stdout`` resolves to ``/proc/self/fd/1``, which may be a regular
    file (output redirected to a file): replacing *that* would swap the file
    under the shell's redirection, so anything named under /dev or /proc is
    written in place.
    """
    absolute = os.path.abspath(path)
    if absolute.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_writable(path: str | os.PathLike[str]) -> None:
    """An InputError unless :func:`write_atomic` can write ``path``: checked before a long run, not after.

    The folder must exist and be writable (the temporary file goes there), the
    target must not be a folder, and an existing file must be writable (an
    atomic replace would otherwise overwrite a file its owner made read-only).
    """
    from offsetcalc.errors import InputError, Location
    from offsetcalc.report.messages import Msg

    given = os.fspath(path)
    target = os.path.realpath(given)
    where = Location(given)
    if _special(given):
        if not os.access(given, os.W_OK):
            raise InputError(Msg("output.permission"), location=where, code="output.io")
        return
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise InputError(Msg("output.folder"), location=where, code="output.io", hint=Msg("output.folder.hint"))
    if not os.path.isdir(folder):
        raise InputError(
            Msg("output.no-folder", folder=folder), location=where, code="output.io", hint=Msg("output.no-folder.hint")
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(Msg("output.folder-read-only", folder=folder), location=where, code="output.io")
    if os.path.exists(target) and not os.access(target, os.W_OK):
        raise InputError(Msg("output.file-read-only"), location=where, code="output.io")


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are, e.g. a PDF) to ``path`` all at once or not at all.

    An interrupt or error before the final ``os.replace`` leaves the old file
    (or none) in place and removes the temporary file. A symbolic link is
    followed (the file it points to is replaced, the link stays). A target that
    is not a regular file — ``/dev/null``, ``/dev/stdout``, a FIFO — is written
    to directly: replacing it would put a regular file in place of a device.
    """
    given = os.fspath(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    if _special(given):
        with open(given, "wb") as handle:
            handle.write(data)
        return
    target = os.path.realpath(given)
    folder = os.path.dirname(target)
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
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
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
