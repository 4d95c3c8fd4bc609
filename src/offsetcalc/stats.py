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

Statistics match the verdicts: each file is checked against its standard
(:func:`offsetcalc.rules.check.check_file`) and, by default, only the tonnes of
submissions that *pass* are counted — a failed submission's credits were not a
valid offset. ``verdict`` selects ``pass`` (default), ``fail``, ``error`` or
``all``. A block of credits claimed by two submissions counts once, for the
first claimant: within one run in the order given, and, with a ``ledger``,
for the submission the ledger holds it for (read only; nothing is recorded).
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from offsetcalc.engine.compute import ug_to_t
from offsetcalc.ledger.core import same_retirement

STATS_FORMAT = "offsetcalc.stats/1"
DIMENSIONS = ("credit_type", "kind", "standard", "industry")
VERDICT_FILTERS = ("pass", "fail", "error", "all")
NOT_GIVEN = "(not given)"

__all__ = ["DIMENSIONS", "STATS_FORMAT", "VERDICT_FILTERS", "Group", "Stats", "collect_stats"]


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
    computed: int = 0  # submissions counted in the totals (their verdict matched the filter)
    emissions_ug: int = 0
    retired_ug: int = 0
    planned_ug: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    verdict_filter: str = "pass"
    verdicts: dict[str, int] = field(default_factory=lambda: {"pass": 0, "fail": 0, "error": 0})
    # (source, why): submissions whose verdict matched but whose credits another claimant holds
    double_claims: list[tuple[str, str]] = field(default_factory=list)
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
            "verdict_filter": self.verdict_filter,
            "verdicts": dict(self.verdicts),
            "double_claims": [{"source": s, "message": m} for s, m in self.double_claims],
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
    paths: Iterable[str | os.PathLike[str]],
    *,
    factor_dirs: Sequence[str | os.PathLike[str]] = (),
    verdict: str = "pass",
    ledger: str | os.PathLike[str] | None = None,
    today: Any = None,
) -> Stats:
    """Statistics over the submissions named by ``paths`` (files, folders, globs).

    ``verdict`` counts submissions with that verdict only (``pass``, ``fail``,
    ``error``, or ``all``); ``ledger`` is a ledger file read to count each
    claimed block once; ``today`` is the date check's rules judge against.

    Raises InputError only for the caller's mistakes (a broken ``factor_dirs``
    table, an unknown verdict, a ledger that cannot be read); a bad submission
    is counted in ``errors``.
    """
    from offsetcalc.errors import InputError
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.rules.batch import expand_paths, printable

    if verdict not in VERDICT_FILTERS:
        from offsetcalc.report.messages import Msg

        raise InputError(
            Msg("stats.verdict", verdict=verdict),
            hint=Msg("stats.verdict.hint", choices=", ".join(VERDICT_FILTERS)),
            code="stats.verdict",
        )
    factors = load_factors([os.fspath(d) for d in factor_dirs])
    stats = Stats(verdict_filter=verdict)
    claimed = _Claimed(ledger)

    def error(source: str, message: str) -> None:
        # A file name that is not UTF-8 or holds control characters must not break JSON or the terminal.
        stats.errors.append((printable(source), printable(message, name=False)))

    try:
        for sub in expand_paths(paths):
            stats.submissions += 1
            if sub.problem is not None:
                stats.verdicts["error"] += 1
                error(sub.source, f"{sub.source}: {sub.problem.message}")
                continue
            result, verdict_of, problem = _judge(sub.source, factors, today)
            stats.verdicts[verdict_of] += 1
            if result is None:
                error(sub.source, problem or f"{sub.source}: not computed")
                continue
            if verdict_of != "pass" and verdict not in ("all", verdict_of):
                continue  # not counted below, and holds no credits a later file could meet
            other, claims = None, claimed.claims(sub.source, result)
            if verdict_of == "pass":  # as check decides: credits an accepted claim holds fail a later claimant
                other = claimed.holder(claims, claimed.held)
                if other is not None:
                    stats.verdicts["pass"] -= 1
                    stats.verdicts["fail"] += 1
                    verdict_of = "fail"
                    stats.double_claims.append((printable(sub.source), printable(other, name=False)))
            if verdict not in ("all", verdict_of) or other is not None:
                continue
            other = claimed.holder(claims, claimed.counted)  # each block's tonnes count once
            if other is not None:
                stats.double_claims.append((printable(sub.source), printable(other, name=False)))
                continue
            stats.add(result)
    finally:
        claimed.close()
    return stats


def _judge(source: str, factors: Any, today: Any) -> tuple[Any, str, str | None]:
    """(computed result or None, verdict, why it could not be computed) for one submission.

    A file without a loadable standard has the verdict ``error`` but may still compute:
    its tonnes count under ``--verdict error`` / ``all``.
    """
    from offsetcalc.api import compute
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.rules.check import check_file

    try:
        rep = check_file(source, factors=factors, today=today)
    except Exception as exc:  # a bug of ours must not drop a file
        return None, "error", f"internal error: {type(exc).__name__}: {exc}"
    if rep.result is not None:
        return rep.result, rep.verdict, None
    first = rep.findings[0] if rep.findings else None
    why = f"{first.location}: {first.text or first.message}" if first else None
    if any(f.rule == "file.invalid" for f in rep.findings):
        return None, "error", why
    try:  # no (loadable) standard: the file may still compute
        return compute(source, factors=factors), "error", None
    except OffsetcalcError as exc:
        return None, "error", f"{exc.location or source}: {exc.message}"
    except Exception as exc:
        return None, "error", f"internal error: {type(exc).__name__}: {exc}"


class _Spans:
    """Blocks per (registry, prefix), sorted by start and never overlapping: a look-up is a bisection."""

    def __init__(self) -> None:
        self.starts: dict[tuple[Any, str], list[int]] = {}
        self.spans: dict[tuple[Any, str], list[tuple[int, int, str, str | None]]] = {}

    def find(self, block: Any) -> tuple[int, int, str, str | None] | None:
        key = (block.registry, block.prefix)
        i = bisect.bisect_right(self.starts.get(key, []), block.end) - 1
        if i >= 0:
            span = self.spans[key][i]
            if span[1] >= block.start:
                return span
        return None

    def add(self, block: Any, source: str, provider: str | None) -> None:
        if self.find(block) is None:  # a block listed twice (or allocated twice) counts once
            k = (block.registry, block.prefix)
            i = bisect.bisect_right(self.starts.setdefault(k, []), block.start)
            self.starts[k].insert(i, block.start)
            self.spans.setdefault(k, []).insert(i, (block.start, block.end, source, provider))


class _Claimed:
    """Claims seen in this run and the ledger's holders (read only), for double claims, as ``check``
    decides them (offsetcalc.ledger.core): ``held`` are the blocks of passing submissions (the
    claims that hold credits, against which a later passing claimant fails), ``counted`` the blocks
    whose tonnes the statistics already hold (each counts once). Allocations of one provider's
    retirement (same provider, same block) are not double claims of each other, and a ledger claim
    of a failing or erroring submission holds nothing.
    """

    def __init__(self, ledger: str | os.PathLike[str] | None) -> None:
        self.held, self.counted = _Spans(), _Spans()
        self.db = None
        if ledger is not None:
            from offsetcalc.ledger.sqlite import Ledger

            self.db = Ledger(ledger, readonly=True)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def claims(self, source: str, result: Any) -> _Claims:
        """This submission's retired claims, ready for :meth:`holder` (asked once per span set)."""
        from offsetcalc.ledger.sqlite import claims_from_result, submission_key
        from offsetcalc.rules.batch import ledger_key

        retired = [c for c in claims_from_result(result) if c.status == "retired"]
        return _Claims(source, ledger_key(submission_key(source)), retired)

    def holder(self, claims: _Claims, spans: _Spans) -> str | None:
        """Who else holds a block these claims take (a message), or None; then their blocks join ``spans``.

        Blocks are looked up in ``spans`` first, then in the ledger; a claim's ledger answer is
        kept in ``claims``, so a submission asks the ledger once per block, not once per span set.
        """
        for i, c in enumerate(claims.retired):
            b = c.block
            span = spans.find(b)
            if span is not None and not same_retirement(c, span[3], span[0], span[1]):
                lo, hi = max(span[0], b.start), min(span[1], b.end)
                return f"{b.prefix} {lo}–{hi} also claimed by {span[2]} (counted there)"
            if i not in claims.in_ledger:
                claims.in_ledger[i] = self._in_ledger(c, claims.key)
            if claims.in_ledger[i] is not None:
                return claims.in_ledger[i]
        for c in claims.retired:
            spans.add(c.block, claims.source, c.provider)
        return None

    def _in_ledger(self, c: Any, key: str) -> str | None:
        """Another submission's accepted ledger claim on claim ``c``'s block (a message), or None."""
        b = c.block
        for row in self.db.overlapping(b) if self.db is not None else []:
            if row["source_kind"] != "submission" or row["source_key"] == key:
                continue
            if row["source_verdict"] in ("fail", "error"):  # a rejected claim holds no credits
                continue
            if same_retirement(c, row["alloc_provider"], row["start"], row["end"]):
                continue
            lo, hi = max(row["start"], b.start), min(row["end"], b.end)
            return f"{b.prefix} {lo}–{hi} is held in the ledger by {row['source_key']}"
        return None


@dataclass
class _Claims:
    """One submission's retired claims, its ledger key, and the ledger's answer per claim (filled lazily)."""

    source: str
    key: str
    retired: list[Any]
    in_ledger: dict[int, str | None] = field(default_factory=dict)
