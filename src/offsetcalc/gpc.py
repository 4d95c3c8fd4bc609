"""The GPC cell table: every source a city inventory reports, its scope and its reporting level.

The Global Protocol for Community-Scale Greenhouse Gas Emission Inventories (GPC;
WRI, C40, ICLEI, 2014; version 1.1, 2021, keeps the references) files every
emission source of a city in a *cell* named by a reference number: sector (roman),
sub-sector, and for energy and waste the scope or origin (``I.1.2`` is residential
buildings, grid-supplied energy, scope 2). The table is data,
``offsetcalc/data/gpc-2014.yaml``, with its source; this module loads it once and
answers the questions the loader, the engine and the rules ask of it.

Levels: ``BASIC`` cells are required for BASIC and for BASIC+; ``BASIC+`` cells are
added by BASIC+; ``none`` cells (I.4.4, III.x.3, VI.1) are reported but in neither
level, and never added into a level's total.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEVELS = ("BASIC", "BASIC+")
NOTATION_KEYS = {
    "NO": "not occurring",
    "IE": "included elsewhere",
    "NE": "not estimated",
    "C": "confidential",
}


@dataclass(frozen=True)
class Cell:
    """One GPC cell: reference, scope (1, 2, 3), level (``BASIC``, ``BASIC+`` or None), sector.

    ``disputed`` marks a cell that the transcriptions of the GPC's table disagree on (II.5.3: C40
    lists it, CityCatalyst does not); findings about it say so.
    """

    ref: str
    scope: int
    level: str | None
    description: str
    disputed: bool = False

    @property
    def sector(self) -> str:
        return self.ref.split(".")[0]

    @property
    def subsector(self) -> str:
        """``I.1`` for ``I.1.2``; IPPU and AFOLU cells are their own sub-sector (``IV.1``)."""
        parts = self.ref.split(".")
        return ".".join(parts[:2])

    def required_for(self, level: str) -> bool:
        """Whether a claim of ``level`` needs this cell (a value or a notation key)."""
        if self.level is None:
            return False
        return self.level == "BASIC" or (self.level == "BASIC+" and level == "BASIC+")


@dataclass(frozen=True)
class GpcTable:
    """The loaded table: cells in GPC order, sector and sub-sector names, the source."""

    cells: tuple[Cell, ...]
    sectors: dict[str, dict[str, str]]
    subsectors: dict[str, dict[str, str]]
    source: dict[str, Any]
    versions: tuple[str, ...]
    confirmed: bool

    @functools.cached_property
    def by_ref(self) -> dict[str, Cell]:
        return {c.ref: c for c in self.cells}

    def required(self, level: str) -> list[Cell]:
        return [c for c in self.cells if c.required_for(level)]

    def citation(self) -> str:
        s = self.source
        return f"{s['publisher']}, {s['document']}, {s['year']} ({s['tables']})"


def data_path() -> Path:
    return Path(__file__).resolve().parent / "data" / "gpc-2014.yaml"


@functools.lru_cache(maxsize=1)
def table() -> GpcTable:
    """The GPC 2014 cell table (loaded once)."""
    import yaml

    data = yaml.safe_load(data_path().read_text(encoding="utf-8"))
    cells = tuple(
        Cell(
            ref=str(c["ref"]),
            scope=int(c["scope"]),
            level=None if c["level"] == "none" else str(c["level"]),
            description=str(c["description"]),
            disputed=c.get("disputed") is True,
        )
        for c in data["cells"]
    )
    return GpcTable(
        cells=cells,
        sectors=data["sectors"],
        subsectors=data["subsectors"],
        source=data["source"],
        versions=tuple(str(v) for v in data["versions"]),
        confirmed=bool(data["confirmed"]),
    )


def cell(ref: str) -> Cell | None:
    return table().by_ref.get(ref)
