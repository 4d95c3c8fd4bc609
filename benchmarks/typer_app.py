"""A typer command with compute's parameter types and no work: what any typer CLI pays to start.

typer 0.2x coerces each parameter through a pydantic TypeAdapter, so running a command
imports pydantic (and, through its plugin loader, importlib.metadata), which
``python -c 'import typer'`` does not. ``bench_shapes.py startup`` times this beside the
floor the issue names, to show how much of the ratio is the framework's. With the
environment variable ``LIBRARIES=1`` it also imports PyYAML and rich's console and table:
what any program with this stack pays before its own code runs.
"""

from __future__ import annotations

import importlib
import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


class Fmt(str, Enum):
    table = "table"
    json = "json"


app = typer.Typer()


@app.command()
def compute(
    file: Annotated[Path, typer.Argument(readable=False)],
    format: Annotated[Fmt, typer.Option("--format", "-f")] = Fmt.table,
    factors: Annotated[list[Path] | None, typer.Option("--factors")] = None,
    gwp: Annotated[Fmt | None, typer.Option("--gwp")] = None,
    scope2_method: Annotated[Fmt | None, typer.Option("--scope2-method")] = None,
    lang: Annotated[Fmt, typer.Option("--lang")] = Fmt.table,
    rows_out: Annotated[Path | None, typer.Option("--rows-out")] = None,
) -> None:
    """Parse the parameters, print the file name (with LIBRARIES=1, import what the table output needs first)."""
    if os.environ.get("LIBRARIES") == "1":
        # The libraries the README example's table output cannot do without: the YAML reader and
        # rich's console and table. With them this is the stack's floor, before any offsetcalc code.
        for name in ("yaml", "rich.console", "rich.table"):
            importlib.import_module(name)
    print(file)


@app.command()
def other() -> None:
    """A second command, so typer builds a group as offsetcalc's does."""


if __name__ == "__main__":
    app()
