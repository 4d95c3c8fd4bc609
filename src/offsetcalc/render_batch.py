"""Terminal rendering of batch checks and the ledger (rich; imported lazily by the CLI).

Like offsetcalc.render, one of the few modules allowed to import rich: the batch
progress bar (on a terminal only), the summary table of a batch check, and the
ledger's block list. Functions take plain data and a Console, so tests render
into a fixed-width, colourless console.
"""

from __future__ import annotations

from typing import Any

from rich import box  # noqa: TID251 - a render module
from rich.console import Console  # noqa: TID251
from rich.table import Table  # noqa: TID251

_VERDICT_STYLE = {"pass": "green", "fail": "red", "error": "bold red"}


def render_ledger_blocks(blocks: list[dict[str, Any]], out: Console) -> None:
    """One row per block: registry, prefix, units, quantity, vintage, retirement, beneficiary, source."""
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("Registry", no_wrap=True)
    t.add_column("Prefix", overflow="fold")
    t.add_column("Units", justify="right", overflow="fold")
    t.add_column("t", justify="right", no_wrap=True)
    t.add_column("Vintage", no_wrap=True)
    t.add_column("Retired", no_wrap=True)
    t.add_column("Beneficiary", overflow="fold", max_width=24)
    t.add_column("Source", overflow="fold")
    for b in blocks:
        t.add_row(
            b["registry"],
            b["prefix"],
            f"{b['start']}–{b['end']}",
            f"{b['quantity']:,}",
            "" if b["vintage"] is None else str(b["vintage"]),
            b["retired_on"] or b["status"],
            b["beneficiary"] or "",
            b["location"] or b["source"],
        )
    out.print(t)
    total = sum(b["quantity"] for b in blocks)
    out.print(f"{len(blocks):,} blocks, {total:,} t-CO2e")
