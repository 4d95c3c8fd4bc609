"""Terminal rendering with rich: the only module that imports rich.

Imported lazily by the CLI, only when a table is shown, so ``--help`` and JSON
output never pay for rich. Functions take a result (or report) and a Console,
so tests render into a fixed-width, colourless console and compare text.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from rich import box  # noqa: TID251 - this is the one module allowed to import rich
from rich.cells import cell_len  # noqa: TID251
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.engine.compute import Result
from offsetcalc.errors import one_line
from offsetcalc.report.escape import terminal
from offsetcalc.report.result import (
    factor_value_text,
    format_number,
    format_ratio,
    format_t,
    labels,
    more_text,
    quantity_text,
    shown_lines,
)

#: Japanese (and other East Asian wide) characters: a line may break before or after each one.
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


@functools.cache
def _atom() -> re.Pattern[str]:
    # Compiled on first use: a class of these ranges costs re ~3 ms to build (a 64k-entry
    # map), and only Japanese check output wraps with it, never compute's table.
    return re.compile(f"( +)|([{_WIDE}])|([^ {_WIDE}]+)")


#: Kinsoku (禁則): these never start a line, these never end one.
_NO_START = frozenset("、。，．・：；？！ー）」』】〕〉》”’％")
_NO_END = frozenset("（「『【〔〈《“‘")


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, for Japanese mixed with identifiers.

    A line breaks at a space or next to a Japanese character (after 、 and 。, never before
    them or after an opening bracket: kinsoku), never inside a run of other characters, so a
    rule ID, key, path or number stays whole. A run wider than ``width`` (a long URL) is the
    only thing folded. rich wraps at spaces only and folds 'category、date、scope2_method' anywhere.
    """
    atoms: list[str] = []  # breakable units; " " atoms are dropped at a break
    glue_next = False
    for m in _atom().finditer(text):
        piece = m.group(0)
        if m.group(1):
            atoms.append(" ")
            glue_next = False
            continue
        if atoms and atoms[-1] != " " and (glue_next or piece[0] in _NO_START):
            atoms[-1] += piece
        else:
            atoms.append(piece)
        glue_next = piece[-1] in _NO_END
    lines: list[str] = []
    line, used, space = "", 0, False
    for atom in atoms:
        if atom == " ":
            space = bool(line)
            continue
        n = cell_len(atom)
        if used + space + n <= width:
            line, used = line + (" " if space else "") + atom, used + space + n
        else:
            if line:
                lines.append(line)
            line, used = "", 0
            while cell_len(atom) > width:  # wider than a line: fold it (nothing else can fit it)
                cut = next(i for i in range(len(atom), 0, -1) if cell_len(atom[:i]) <= width)
                lines.append(atom[:cut])
                atom = atom[cut:]
            line, used = atom, cell_len(atom)
        space = False
    if line or not lines:
        lines.append(line)
    return lines


def escape(text: Any) -> str:
    """User text as literal terminal text: no rich markup, no control characters (offsetcalc.report.escape)."""
    return terminal(text)


def console(*, stderr: bool = False, width: int | None = None, plain: bool = False) -> Console:
    """A Console; ``plain`` gives a fixed-width, colourless one (tests, pipes).

    ``emoji=False``: user text such as ':warning:' is shown as written (rich's markup escape
    leaves emoji codes alone), and rich's emoji table (~15 ms) is never imported.
    """
    if plain:
        return Console(
            stderr=stderr,
            width=width or 120,
            color_system=None,
            force_terminal=False,
            no_color=True,
            highlight=False,
            soft_wrap=False,
            emoji=False,
        )
    return Console(stderr=stderr, width=width, highlight=False, emoji=False)


def _table_width(widths: list[int]) -> int:
    """Cells a SIMPLE_HEAD table without outer padding needs for columns of these widths:
    2 cells of padding between columns, a divider each, and the two edges."""
    return sum(widths) + 3 * len(widths) - 1


def render_result(r: Result, out: Console, lang: str = "en") -> None:
    """Activities, subtotals, credits, ratio, shortfall: the compute table.

    The activities are a table when every identifier fits on its line at the console's
    width (East Asian characters count two cells); otherwise one block per activity, so
    a factor ID or a table name is never broken letter by letter (80 columns, Japanese).
    """
    from offsetcalc.report.messages import group_text, warning_text

    L = labels(lang)
    # Everything from the user's files is escaped: a title or id such as '[/bold]' is text,
    # not rich markup (unescaped, it garbled the table or raised MarkupError).
    head = f"[bold]{escape(r.title)}[/bold]  ({escape(L.get(r.kind, r.kind))}"
    if r.period:
        head += f", {r.period[0]} – {r.period[1]}"
    out.print(head + f", {L['gwp']} {escape(r.gwp)})")

    rows = []
    lines, omitted = shown_lines(r.activity_lines)  # at most a screenful per group
    for a in lines:
        qty = quantity_text(a, r)
        per_row = getattr(a, "factor_min", None) is not None
        derived = a.factor.name if getattr(a.factor, "basis", ()) else None  # improved ton-kilo method
        factor_lines = [a.factor.ref or derived or ("per row" if per_row else L["inline"])]
        if lang != "en" and a.factor.name_ja:
            factor_lines.append(a.factor.name_ja)  # the tables' Japanese names
        value = f"{factor_value_text(a.factor, a)} {a.factor.unit}" + (f" ({a.factor.gwp})" if a.factor.gases else "")
        # The table shows where the factor is from in short; JSON/Markdown carry the full citation.
        short = a.factor.table or a.factor.source
        src = short + ("" if a.factor.confirmed else f" [{L['unconfirmed']}]")
        rows.append((a.id, group_text(a.group, lang), qty, factor_lines, value, src, format_t(a.ug)))
    for o in omitted:  # the lines left out, summed, so the table still adds up to the totals
        rows.append((more_text(o), group_text(o.group, lang), "", [""], "", o.table or "", format_t(o.ug)))

    heads = [L["activity"], L["group"], L["quantity"], L["factor"], L["source"], L["t_co2e"]]

    def widest(cells: list[str], words: bool = False) -> int:
        """The widest cell, or with ``words`` the widest word (a cell may wrap at its spaces)."""
        parts = [w for c in cells for w in (one_line(c).split() if words else [one_line(c)])]
        return max(cell_len(p) for p in parts)

    # The narrowest each column can be without cutting a word: IDs, groups and tonnes on one
    # line; a quantity, a factor's value and a source may wrap at their spaces.
    widths = [
        widest([heads[0], *(x[0] for x in rows)]),
        widest([heads[1], *(x[1] for x in rows)]),
        widest([heads[2], *(x[2] for x in rows)], words=True),
        max(widest([heads[3], *(f for x in rows for f in x[3])]), widest([x[4] for x in rows] or [""], words=True)),
        widest([heads[4], *(x[5] for x in rows)], words=True),
        widest([heads[5], *(x[6] for x in rows)]),
    ]
    if _table_width(widths) <= out.width or not rows:
        # Widths are set here, not left to rich, which narrows columns below their longest word:
        # the space left over goes to the columns that wrap (source, factor, quantity), up to
        # their widest line.
        full = {
            2: widest([x[2] for x in rows]),
            3: widest([f for x in rows for f in (*x[3], x[4])]),
            4: widest([x[5] for x in rows]),
        }
        spare = out.width - _table_width(widths)
        for i in (2, 4, 3):
            grow = min(spare, max(0, full[i] - widths[i]))
            widths[i] += grow
            spare -= grow
        t = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False)
        for i, h in enumerate(heads):
            t.add_column(h, justify="right" if i in (2, 5) else "left", no_wrap=i not in full, width=widths[i])
        for ident, group, qty, factor_lines, value, src, tonnes in rows:
            factor = "\n".join(escape(f) for f in (*factor_lines, value))
            t.add_row(escape(ident), escape(group), escape(qty), factor, escape(src), tonnes)
        out.print(t)
    else:
        _render_activity_blocks(rows, out, L)

    s = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_header=False)
    s.add_column("")
    s.add_column("", justify="right")
    for g, ug in r.subtotals_ug.items():
        s.add_row(f"{L['subtotal']}: {escape(group_text(g, lang))}", format_t(ug))
    s.add_row(f"[bold]{L['emissions']} ({L['total']})[/bold]", f"[bold]{format_t(r.emissions_ug)}[/bold]")
    if getattr(r, "scope2", None):  # organisations: both scope 2 figures side by side
        for method in ("location", "market"):
            ug = r.scope2[f"{method}_based_ug"]
            chosen_by = r.scope2.get("method_chosen_by")
            by = f"; {L['scope2_by']} {escape(chosen_by)}" if chosen_by else ""
            used = f" ({L['scope2_used']}{by})" if r.scope2["method"] == method else ""
            s.add_row(f"{L['scope2_' + method]}{used}", format_t(ug) if ug is not None else "—")
    if r.per_unit_kg is not None and r.product:
        s.add_row(f"{L['per_unit']} ({escape(r.product['functional_unit'])}, kg-CO2e)", f"{r.per_unit_kg:.3f}")
    for c in r.credits:
        status = L.get(c.status, c.status)
        s.add_row(f"{L['credit']}: {escape(c.type)} {escape(c.project or '')} ({status})", format_t(c.ug))
    s.add_row(f"[bold]{L['credits']} ({L['total']})[/bold]", f"[bold]{format_t(r.credits_ug)}[/bold]")
    s.add_row(f"[bold]{L['ratio']}[/bold]", f"[bold]{format_ratio(r.ratio)}[/bold]")
    if r.fully_offset:
        s.add_row(L["fully_offset"], L["yes"])
    else:
        s.add_row(L["shortfall"], format_t(r.shortfall_ug))
        s.add_row(f"[bold]{L['needed']}[/bold]", f"[bold]{r.credits_needed_t} {L['whole_t']}[/bold]")
    out.print(s)
    for o in r.overrides:
        out.print(escape(f"{L['overrides']}: {o['id']} {o['replaced_table']} → {o['by_table']}"))
    for w in r.warnings:
        out.print(f"[yellow]{L['warning']}:[/yellow] {escape(warning_text(w, lang))}")
    for tb in r.factor_tables:
        out.print(f"[dim]{L['table']}: {escape(tb['id'])} sha256:{tb['sha256'][:16]}…[/dim]")


def _render_activity_blocks(rows: list[tuple], out: Console, L: dict[str, str]) -> None:
    """One block per activity (narrow consoles): ID, group and tonnes, then quantity, factor, source."""
    out.print()
    for ident, group, qty, factor_lines, value, src, tonnes in rows:
        line = Table.grid(expand=True)
        line.add_column(ratio=1)
        line.add_column(justify="right", no_wrap=True)
        line.add_row(f"[bold]{escape(ident)}[/bold]  {escape(group)}", f"{tonnes} {L['t_co2e']}")
        out.print(line)
        out.print(f"  {L['quantity']}: {escape(qty)}")
        out.print(f"  {L['factor']}: {escape(' / '.join(factor_lines))}  {escape(value)}")
        out.print(f"  {L['source']}: {escape(src)}")
    out.print()


def render_factors(factors: list[Any], out: Console, lang: str = "en") -> None:
    """The factor list: ID, name, value, unit, edition, confirmed."""
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("ID", "Name", "Value", "Unit", "Table", "Valid", "Confirmed"):
        t.add_column(col, justify="right" if col == "Value" else "left", no_wrap=col in ("ID", "Value", "Valid"))
    for f in factors:
        name = f.name_ja if lang == "ja" and f.name_ja else f.name
        valid = f"{f.valid_from or ''}…{f.valid_to or ''}" if (f.valid_from or f.valid_to) else ""
        value = format_number(f.value) if f.value is not None else "per gas"
        t.add_row(
            *(escape(x or "") for x in (f.id, name, value, f.unit, f.table.id, valid)),
            "yes" if f.confirmed else "no",
        )
    out.print(t)
