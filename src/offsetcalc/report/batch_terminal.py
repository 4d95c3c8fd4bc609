"""Terminal rendering of batch checks and the ledger (rich; imported lazily by the CLI).

Like offsetcalc.report.terminal, one of the few modules allowed to import rich: the batch
progress bar (on a terminal only), the summary table of a batch check, and the
ledger's block list. Functions take plain data and a Console, so tests render
into a fixed-width, colourless console.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich import box  # noqa: TID251 - a render module
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251
from rich.text import Text  # noqa: TID251

from offsetcalc.report.check_formats import ledger_text
from offsetcalc.report.escape import terminal

_VERDICT_STYLE = {"pass": "green", "fail": "red", "error": "bold red"}


def render_ledger_blocks(blocks: list[dict[str, Any]], out: Console, lang: str = "en") -> None:
    """One row per block: registry, prefix, units, quantity, vintage, retirement, beneficiary, source.

    Headings in ``lang``; the cells are the ledger's data as stored."""
    from offsetcalc.report.messages import labels, text

    L = labels(lang)
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column(L["registry"], no_wrap=True)
    t.add_column(L["ledger_prefix"], overflow="fold")
    t.add_column(L["ledger_units"], justify="right", overflow="fold")
    t.add_column("t", justify="right", no_wrap=True)
    t.add_column(L["vintage"], no_wrap=True)
    t.add_column(L["ledger_retired"], no_wrap=True)
    t.add_column(L["beneficiary"], overflow="fold", max_width=24)
    t.add_column(L["ledger_source"], overflow="fold")
    for b in blocks:
        t.add_row(
            terminal(b["registry"]),
            terminal(b["prefix"]),
            terminal(f"{b['start']}–{b['end']}"),
            f"{b['quantity']:,}",
            "" if b["vintage"] is None else terminal(b["vintage"]),
            terminal(b["retired_on"] or b["status"]),
            terminal(b["beneficiary"] or ""),
            terminal(b["location"] or b["source"]),
        )
    out.print(t)
    total = sum(b["quantity"] for b in blocks)
    out.print(text("ledger_blocks_total", lang, blocks=f"{len(blocks):,}", total=f"{total:,}"))


#: Up to this many files, the summary table lists every file; above, only those that did not pass.
LIST_ALL_UP_TO = 200


def render_batch_report(report: Any, out: Console, lang: str = "en") -> None:
    """Each submission's verdict and findings, then the summary table and totals.

    Above :data:`LIST_ALL_UP_TO` files only those that did not pass are shown,
    and the table says how many passing files it leaves out. Labels are in ``lang``.
    """
    from offsetcalc.report.check_terminal import render_file_report
    from offsetcalc.report.messages import labels, text, verdict_text
    from offsetcalc.report.result import ratio_text

    L = labels(lang)
    results = report.results
    failing = [r for r in results if r.verdict != "pass"]
    listed = results if len(results) <= LIST_ALL_UP_TO else failing[:LIST_ALL_UP_TO]
    for r in listed:
        render_file_report(r, out, lang)
    if len(failing) > LIST_ALL_UP_TO:
        out.print(text("more_findings", lang, n=f"{len(failing) - LIST_ALL_UP_TO:,}"))
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=L["summary"], title_justify="left")
    t.add_column(L["file"], overflow="fold")
    t.add_column(L["standard"], no_wrap=True)
    t.add_column(L["verdict"], no_wrap=True)
    t.add_column("Ratio" if lang == "en" else L["ratio"], justify="right", no_wrap=True)
    t.add_column(L["errors"], justify="right")
    t.add_column(L["warnings_count"], justify="right")
    for r in listed:
        ratio = "" if r.offset_ratio_percent is None else ratio_text(r.offset_ratio_percent)
        t.add_row(
            terminal(r.source),
            terminal(r.standard or ""),
            f"[{_VERDICT_STYLE[r.verdict]}]{verdict_text(r.verdict, lang)}[/]",
            ratio,
            str(r.count("error")),
            str(r.count("warning")),
        )
    if listed and _fits(t, out):
        out.print(t)
    elif listed:  # paths too long for the table at this width: one block per file, paths whole
        _render_summary_blocks(listed, out, lang)
    if len(listed) < len(results):
        out.print(text("not_listed", lang, n=f"{len(results) - len(listed):,}"))
    s = report.summary
    out.print(
        text(
            "files_summary",
            lang,
            files=f"{s['files']:,}",
            passed=f"{s['pass']:,}",
            failed=f"{s['fail']:,}",
            errored=f"{s['error']:,}",
        )
    )
    ledger = getattr(report, "ledger", None)
    if ledger:
        out.print(ledger_text(ledger, lang, path=terminal(ledger["path"])))


def _fits(t: Table, out: Console) -> bool:
    """True when the summary table shows every cell on one line (no path folded) within the width."""
    from offsetcalc.report.terminal import cell_len

    widths = [
        max([cell_len(str(c.header)), *(cell_len(Text.from_markup(str(v)).plain) for v in c.cells)]) for c in t.columns
    ]
    return sum(widths) + 3 * len(widths) - 1 <= out.width


def _render_summary_blocks(listed: list[Any], out: Console, lang: str) -> None:
    """The summary as blocks: the path on a line of its own, the figures below it, labelled."""
    from offsetcalc.report.messages import labels, verdict_text
    from offsetcalc.report.result import ratio_text

    L = labels(lang)
    out.print(Text(L["summary"], style="bold"))
    for r in listed:
        out.print(Text(" " + terminal(r.source, markup=False)), soft_wrap=True)
        line = Text("     ")
        line.append(verdict_text(r.verdict, lang), style=_VERDICT_STYLE[r.verdict])
        if r.standard:
            line.append("  " + terminal(r.standard, markup=False))
        if r.offset_ratio_percent is not None:
            line.append(f"  {L['ratio'] if lang != 'en' else 'ratio'} {ratio_text(r.offset_ratio_percent)}")
        line.append(f"  {L['errors']} {r.count('error')}  {L['warnings_count']} {r.count('warning')}")
        out.print(line)


@contextmanager
def progress_bar(*, label: str = "checking") -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr, shown only when stderr is a terminal; yields ``update(done, total)``."""
    import sys

    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import (  # noqa: TID251
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
