"""Terminal rendering of ``factors show`` and ``factors diff`` with rich.

A render module (like :mod:`offsetcalc.report.terminal`): imported lazily, only when a
table is shown. Functions take plain data from :mod:`offsetcalc.factors.validate` and a
Console, so tests render into a fixed-width, colourless console. Every cell goes
through :func:`offsetcalc.report.terminal.escape`: tables come from users, and a name such
as ``[/b]`` is text, not rich markup.
"""

from __future__ import annotations

from typing import Any

from rich import box  # noqa: TID251 - a render module may import rich
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.report.messages import labels, text
from offsetcalc.report.result import format_number
from offsetcalc.report.terminal import escape

#: The fields ``factors show`` lists, in order; each heading is the catalogue label ``fshow_<field>``.
_SHOW_FIELDS = (
    "id",
    "name",
    "name_ja",
    "category",
    "value",
    "unit",
    "gas",
    "gases",
    "derivation",
    "valid_from",
    "valid_to",
    "confirmed",
    "edition",
    "source",
    "note",
    "table",
    "table_title",
    "file",
    "sha256",
)


def _text(key: str, value: Any, lang: str = "en") -> str:
    if value is None:
        return "—"
    if key == "confirmed":
        return text("fshow_yes" if value else "fshow_no", lang)
    if key == "derivation":
        h, c = value["heat_content"], value["carbon_factor"]
        return f"{format_number(h['value'])} {h['unit']} × {format_number(c['value'])} {c['unit']} × 44/12"
    if key == "gases":
        return ", ".join(f"{g} {format_number(v)}" for g, v in value.items())
    if key == "value":
        return format_number(value)
    return str(value)


def render_factor_details(rows: list[dict[str, Any]], out: Console, lang: str = "en") -> None:
    """One two-column table per edition of a factor: every field, source, file and hash (headings in ``lang``)."""
    L = labels(lang)
    for n, row in enumerate(rows):
        if n:
            out.print()
        t = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
        t.add_column("field", style="bold", no_wrap=True)
        t.add_column("value", overflow="fold")
        for key in _SHOW_FIELDS:
            value = row.get(key)
            if key == "file" and row.get("line"):
                value = f"{value}:{row['line']}"
            t.add_row(L[f"fshow_{key}"], escape(_text(key, value, lang)))
        out.print(t)


def _pct(p: float | None) -> str:
    return "" if p is None else f"{p:+.2f} %"


def render_diff(report: Any, out: Console, lang: str = "en") -> None:
    """Added, removed and changed factors; a one-line verdict when nothing changed (words in ``lang``)."""
    L = labels(lang)
    if report.identical:
        out.print(L["fdiff_identical"])
        return
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    right = ("fdiff_old", "fdiff_new", "fdiff_change")
    for key in ("", "fshow_id", "fdiff_valid_from", *right, "fdiff_what"):
        t.add_column(
            L[key] if key else "",
            justify="right" if key in right else "left",
            no_wrap=key != "fdiff_what",
            overflow="fold",
        )

    def add_row(*cells: str) -> None:
        t.add_row(*(escape(cell) for cell in cells))

    for f in report.added:
        add_row(
            "+", f["id"], f["valid_from"] or "", "", f"{_text('value', f['value'])} {f['unit']}", "", L["fdiff_added"]
        )
    for f in report.removed:
        add_row(
            "-", f["id"], f["valid_from"] or "", f"{_text('value', f['value'])} {f['unit']}", "", "", L["fdiff_removed"]
        )
    for c in report.changed:
        add_row(
            "~",
            c["id"],
            c["valid_from"] or "",
            f"{_text('value', c['old_value'])} {c['old_unit']}",
            f"{_text('value', c['new_value'])} {c['new_unit']}",
            _pct(c["change_percent"]),
            ", ".join(x["field"] for x in c["fields"]),
        )
    out.print(t)
    out.print(
        text("fdiff_summary", lang, added=len(report.added), removed=len(report.removed), changed=len(report.changed))
    )
