"""Statistics over many submissions: the overview a scheme publishes.

The Japanese Ministry of the Environment reported its carbon-offset scheme as
a number of certifications, the tonnes retired, and the shares by credit type
and by industry (domain.md §1: 169 cases, 185,579 t; CER ≈ 83 %, J-VER ≈ 9 %;
manufacturing 38 %, services 14 % ...). :func:`collect_stats` computes the same
for a set of submission files: how many, how many could be computed, emissions,
tonnes retired and planned (plan registrations, reported apart as the scheme
did), and breakdowns by credit type, kind, standard and industry, each with the
number of submissions and the tonnes retired and planned.

Tonnes are summed as integer micrograms (as the engine does) and shares are of
the tonnes *retired*. A file that cannot be read or computed is counted and
listed with its reason, never dropped; it adds no tonnes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from offsetcalc.engine.compute import ug_to_t

STATS_FORMAT = "offsetcalc.stats/1"
DIMENSIONS = ("credit_type", "kind", "standard", "industry")
NOT_GIVEN = "(not given)"

__all__ = ["DIMENSIONS", "STATS_FORMAT", "Group", "Stats", "collect_stats"]


@dataclass
class Group:
    """One row of a breakdown: submissions in it and tonnes [µg CO2e, exact]."""

    key: str
    submissions: int = 0
    retired_ug: int = 0
    planned_ug: int = 0


@dataclass
class Stats:
    """Counts and breakdowns over a set of submissions."""

    submissions: int = 0
    computed: int = 0
    emissions_ug: int = 0
    retired_ug: int = 0
    planned_ug: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    breakdowns: dict[str, dict[str, Group]] = field(default_factory=lambda: {d: {} for d in DIMENSIONS})

    def rows(self, dimension: str) -> list[Group]:
        """A breakdown's groups, most tonnes retired first (then most submissions, then by name)."""
        return sorted(self.breakdowns[dimension].values(), key=lambda g: (-g.retired_ug, -g.submissions, g.key))

    def share(self, group: Group) -> float | None:
        """The group's share of all tonnes retired [%], None when nothing was retired."""
        return None if self.retired_ug == 0 else group.retired_ug * 100 / self.retired_ug

    def add(self, result: Any) -> None:
        """Count one computed submission (:class:`~offsetcalc.engine.compute.Result`)."""
        self.computed += 1
        self.emissions_ug += result.emissions_ug
        self.retired_ug += result.retired_ug
        self.planned_ug += result.planned_ug
        keys = {
            "kind": result.kind,
            "standard": result.standard or NOT_GIVEN,
            "industry": result.industry or NOT_GIVEN,
        }
        for dim, key in keys.items():
            g = self.breakdowns[dim].setdefault(key, Group(key))
            g.submissions += 1
            g.retired_ug += result.retired_ug
            g.planned_ug += result.planned_ug
        seen: set[str] = set()
        for c in result.credits:
            key = _credit_code(c.type)
            g = self.breakdowns["credit_type"].setdefault(key, Group(key))
            if key not in seen:
                g.submissions += 1
                seen.add(key)
            if c.status == "retired":
                g.retired_ug += c.ug
            elif c.status == "planned":
                g.planned_ug += c.ug

    def to_dict(self) -> dict[str, Any]:
        def group(g: Group) -> dict[str, Any]:
            share = self.share(g)
            return {
                "key": g.key,
                "submissions": g.submissions,
                "retired_t_co2e": ug_to_t(g.retired_ug),
                "planned_t_co2e": ug_to_t(g.planned_ug),
                "share_percent": None if share is None else round(share, 2),
            }

        return {
            "format": STATS_FORMAT,
            "submissions": self.submissions,
            "computed": self.computed,
            "errors": [{"source": s, "message": m} for s, m in self.errors],
            "emissions_t_co2e": ug_to_t(self.emissions_ug),
            "retired_t_co2e": ug_to_t(self.retired_ug),
            "planned_t_co2e": ug_to_t(self.planned_ug),
            **{f"by_{dim}": [group(g) for g in self.rows(dim)] for dim in DIMENSIONS},
        }


def _credit_code(name: str) -> str:
    from offsetcalc.credits import credit_type
    from offsetcalc.errors import OffsetcalcError

    try:
        return credit_type(name).code
    except OffsetcalcError:
        return name


def collect_stats(
    paths: Iterable[str | os.PathLike[str]], *, factor_dirs: Sequence[str | os.PathLike[str]] = ()
) -> Stats:
    """Statistics over the submissions named by ``paths`` (files, folders, globs).

    Raises InputError only for a broken ``factor_dirs`` table (the caller's
    mistake); a bad submission is counted in ``errors``.
    """
    from offsetcalc.api import compute
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.rules.batch import expand_paths, printable

    factors = load_factors([os.fspath(d) for d in factor_dirs])
    stats = Stats()

    def error(source: str, message: str) -> None:
        # A file name that is not UTF-8 or holds control characters must not break JSON or the terminal.
        stats.errors.append((printable(source), printable(message, name=False)))

    for sub in expand_paths(paths):
        stats.submissions += 1
        if sub.problem is not None:
            error(sub.source, f"{sub.source}: {sub.problem.message}")
            continue
        try:
            result = compute(sub.source, factors=factors)
        except OffsetcalcError as exc:
            where = str(exc.location) if exc.location else sub.source
            error(sub.source, f"{where}: {exc.message}")
            continue
        except Exception as exc:  # a bug of ours must not drop a file
            error(sub.source, f"internal error: {type(exc).__name__}: {exc}")
            continue
        stats.add(result)
    return stats
