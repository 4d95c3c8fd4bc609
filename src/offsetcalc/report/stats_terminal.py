"""Terminal rendering of submission statistics: totals and breakdowns with bar charts.

A render module (rich allowed here). The bars are Unicode block characters in
eighths, so a 3 % share is still visible and two close shares differ.
"""

from __future__ import annotations

from decimal import Decimal

from rich import box  # noqa: TID251 - a render module
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.report.escape import terminal
from offsetcalc.report.result import format_t
from offsetcalc.stats import DIMENSIONS, Stats

BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"
_TITLES = {
    "credit_type": "By credit type",
    "kind": "By kind",
    "standard": "By standard",
    "industry": "By industry",
}


def _t(ug: int, places: int = 1) -> str:
    return f"{Decimal(format_t(ug, places)):,}"


def bar(share: float | None, width: int = BAR_WIDTH) -> str:
    """A horizontal bar for a share [%] in ``width`` characters, in eighths of a character."""
    if not share:
        return ""
    eighths = round(min(share, 100.0) / 100 * width * 8)
    eighths = max(eighths, 1)  # a non-zero share never disappears
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def render_stats(stats: Stats, out: Console) -> None:
    """Totals, one table per breakdown, and the files that could not be counted."""
    out.print(
        f"[bold]{stats.submissions:,} submissions[/bold] ({stats.computed:,} computed, {len(stats.errors):,} errors)"
    )
    out.print(
        f"emissions {_t(stats.emissions_ug, 3)} t-CO2e · retired {_t(stats.retired_ug)} t-CO2e"
        + (f" · planned {_t(stats.planned_ug)} t-CO2e" if stats.planned_ug else "")
    )
    for dim in DIMENSIONS:
        rows = stats.rows(dim)
        if not rows:
            continue
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=_TITLES[dim], title_justify="left")
        t.add_column(_TITLES[dim].removeprefix("By ").capitalize(), overflow="fold", min_width=10)
        t.add_column("Files", justify="right", no_wrap=True)
        t.add_column("Retired t", justify="right", no_wrap=True)
        t.add_column("Share", justify="right", no_wrap=True)
        t.add_column("", no_wrap=True, min_width=BAR_WIDTH)
        show_planned = any(g.planned_ug for g in rows)
        if show_planned:
            t.add_column("Planned t", justify="right", no_wrap=True)
        for g in rows:
            share = stats.share(g)
            cells = [
                terminal(g.key),
                f"{g.submissions:,}",
                _t(g.retired_ug),
                "" if share is None else f"{share:.1f}%",
                bar(share),
            ]
            if show_planned:
                cells.append(_t(g.planned_ug) if g.planned_ug else "")
            t.add_row(*cells)
        out.print(t)
    if stats.errors:
        out.print(f"[bold red]{len(stats.errors):,} files not counted:[/bold red]")
        for source, message in stats.errors:
            line = message if message.startswith(source) else f"{source}: {message}"
            out.print(f"  {terminal(line)}", highlight=False)
