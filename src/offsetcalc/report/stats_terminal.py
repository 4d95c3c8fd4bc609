"""Terminal rendering of submission statistics: totals and breakdowns with bar charts.

A render module (rich allowed here). The bars are Unicode block characters in
eighths, so a 3 % share is still visible and two close shares differ.
"""

from __future__ import annotations

from decimal import Decimal

from rich import box  # noqa: TID251 - a render module
from rich.cells import cell_len  # noqa: TID251
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

from offsetcalc.report.escape import terminal
from offsetcalc.report.result import format_t
from offsetcalc.stats import DIMENSIONS, Stats

BAR_WIDTH = 24
_EIGHTHS = " ▏▎▍▌▋▊▉"
#: breakdown → (title, first column) message keys of offsetcalc.report.messages
_TITLES = {
    "credit_type": ("by_credit_type", "credit_type"),
    "kind": ("by_kind", "kind"),
    "standard": ("by_standard", "standard"),
    "industry": ("by_industry", "industry"),
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


def render_stats(stats: Stats, out: Console, lang: str = "en") -> None:
    """Totals, one table per breakdown, and the files that could not be counted (labels in ``lang``)."""
    from offsetcalc.report.messages import kind_text, text, verdict_text

    v = stats.verdicts
    if stats.verdict_filter == "all":
        counted = text("counted_all", lang)
    else:
        counted = text("counted_verdict", lang, verdict=verdict_text(stats.verdict_filter, lang))
    out.print(
        "[bold]"
        + text("submissions_head", lang, n=f"{stats.submissions:,}")
        + "[/bold]"
        + text(
            "submissions_detail",
            lang,
            passed=f"{v['pass']:,}",
            failed=f"{v['fail']:,}",
            errored=f"{v['error']:,}",
            computed=f"{stats.computed:,}",
            counted=counted,
        ),
        highlight=False,
    )
    out.print(
        text("stats_totals", lang, emissions=_t(stats.emissions_ug, 3), retired=_t(stats.retired_ug))
        + (text("stats_planned", lang, planned=_t(stats.planned_ug)) if stats.planned_ug else "")
    )
    for dim in DIMENSIONS:
        rows = stats.rows(dim)
        if not rows:
            continue
        title, first = _TITLES[dim]
        show_planned = any(g.planned_ug for g in rows)
        body = [
            [
                kind_text(g.key, lang) if dim == "kind" and lang != "en" else terminal(g.key),
                f"{g.submissions:,}",
                _t(g.retired_ug),
                "" if stats.share(g) is None else f"{stats.share(g):.1f}%",
                *([_t(g.planned_ug) if g.planned_ug else ""] if show_planned else []),
            ]
            for g in rows
        ]
        heads = [text(first, lang).capitalize(), text("files", lang), text("retired_t", lang), text("share", lang)]
        if show_planned:
            heads.append(text("planned_t", lang))
        # Every column but the bars keeps its words whole (East Asian width counted in cells);
        # the bars take what is left of the terminal, so nothing wraps mid-word at 80 columns.
        widths = [max(cell_len(str(c)) for c in col) for col in zip(heads, *body, strict=True)]
        # n columns take 2n - 2 cells of padding (no outer padding), n - 1 dividers and 2 edges.
        bar_width = max(4, min(BAR_WIDTH, out.width - sum(widths) - 3 * len(widths) - 2))
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=text(title, lang), title_justify="left")
        t.add_column(heads[0], no_wrap=True)
        for h in heads[1:4]:
            t.add_column(h, justify="right", no_wrap=True)
        t.add_column("", no_wrap=True, min_width=bar_width)
        if show_planned:
            t.add_column(heads[4], justify="right", no_wrap=True)
        for g, cells in zip(rows, body, strict=True):
            share = stats.share(g)
            t.add_row(*cells[:4], bar(share, bar_width), *cells[4:])
        out.print(t)
    if stats.double_claims:
        out.print(f"[bold]{text('double_claims_not_counted', lang, n=f'{len(stats.double_claims):,}')}[/bold]")
        for source, message in stats.double_claims:
            out.print(f"  {terminal(source)}: {terminal(message)}", highlight=False)
    if stats.errors:
        out.print(f"[bold red]{text('not_counted_files', lang, n=f'{len(stats.errors):,}')}[/bold red]")
        for source, message in stats.errors:
            line = message if message.startswith(source) else f"{source}: {message}"
            out.print(f"  {terminal(line)}", highlight=False)
