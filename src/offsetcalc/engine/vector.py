"""The engine on whole columns: emissions of table rows, exact to the microgram.

The per-activity engine (:func:`offsetcalc.engine.compute.emissions_ug`) computes each
row as ``t = value × multiplier × factor value × coefficient`` in floats and then
rounds ``t`` to whole micrograms with :func:`offsetcalc.engine.compute.t_to_ug`, which
takes the shortest decimal that prints ``t`` (its ``repr``) times 10¹² and rounds
half to even. This module computes the same integers on polars columns, so a row
gives the same micrograms whether it was written in YAML or read from a table:

* ``t`` is computed with the same float operations in the same order
  (``(value × factor value) × coefficient``; the multiplier of table rows is 1),
  so it is the same double, bit for bit;
* ``y = t × 10¹²`` is rounded on the column. ``y`` differs from the exact
  decimal ``repr(t) × 10¹²`` by at most 1.5 units in the last place of ``y``;
  where ``y`` is further than ``|y| × 2⁻⁵⁰`` (≥ 4 ulp) from a half-integer both
  round to the same integer, so the column value is taken;
* the other rows — those within a hair of a tie, and every row over about
  2⁴⁹ µg (≈ 563 t CO2e) where a float cannot hold the microgram — go through
  ``t_to_ug`` one by one, in Python integers. They are rare in meter data
  (``benchmarks/README.md`` measures the cost when every row is large).

Sums never overflow: column sums are taken of the high and low 24 bits of each
row's micrograms separately (int64 holds 2³⁹ rows of either) and combined in
Python integers, to which the rows of the exact path are added.

polars is imported inside the functions: this module is only used for
``activities_from`` tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from offsetcalc.engine.compute import ActivityResult, FactorUse, subtotals_ug, t_to_ug, ug_to_t

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

# |y| × 2^-50 ≥ 4 ulp(y): the margin from a half-integer beyond which a float
# rounding of y = t × 1e12 equals the exact decimal rounding of repr(t) × 1e12.
_TIE_MARGIN = 2.0**-50
_LOW_BITS = 24


@dataclass
class TableLine(ActivityResult):
    """Rows of one table that share group, unit and factor, summed.

    An :class:`offsetcalc.engine.compute.ActivityResult`, so reports list it among the
    activities, plus ``rows`` and ``table``. ``quantity`` is the float sum of the
    rows' quantities, for display; ``ug`` is the exact sum of the rows' micrograms.
    """

    rows: int = field(kw_only=True)
    table: str = field(kw_only=True)
    # Per-row factor values (factor_value column): the smallest and largest applied.
    factor_min: float | None = field(default=None, kw_only=True)
    factor_max: float | None = field(default=None, kw_only=True)
    # An organisation's scope 2 line (offsetcalc.engine.scope2): both figures, exact. ``ug`` and
    # ``factor`` are the market-based ones until scope2.with_tables shows the location-based.
    split: bool = field(default=False, kw_only=True)
    market_ug: int = field(default=0, kw_only=True)
    location_ug: int | None = field(default=None, kw_only=True)  # None: no location-based factor
    location_factor: FactorUse | None = field(default=None, kw_only=True)


@dataclass
class TableSummary:
    """One ``activities_from`` table, computed: what a result keeps of a million rows."""

    path: str  # as shown in messages (relative to the working directory when given so)
    format: str  # csv, parquet or xlsx
    rows: int  # data rows computed (blank lines not counted)
    sha256: str  # of the table file, so a result can be reproduced and audited
    lines: list[TableLine] = field(default_factory=list)
    exact_path_rows: int = 0  # rows rounded one by one (ties, or over ~563 t): see module docs
    dated_outside: int = 0  # rows dated outside the file's period (counted all the same)
    first_dated_outside: int | None = None  # the first such row, as a spreadsheet numbers it

    @property
    def ug(self) -> int:
        return sum(line.ug for line in self.lines)

    @property
    def subtotals_ug(self) -> dict[str, int]:
        return subtotals_ug(self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "rows": self.rows,
            "sha256": self.sha256,
            "t_co2e": ug_to_t(self.ug),
            "subtotals": {k: ug_to_t(v) for k, v in self.subtotals_ug.items()},
        }


def tonnes(quantity: pl.Expr, factor_value: pl.Expr, coeff: pl.Expr) -> pl.Expr:
    """t CO2e per row, with the float operations of the per-activity engine, in its order."""
    return (quantity * factor_value) * coeff


def rounding_columns(t: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(micrograms as Int64 where the column rounding is exact else null, is-exact flag)."""
    import polars as pl

    y = t * 1e12
    # is_finite: polars orders NaN above every number, so an infinite row (a bad row, reported
    # later) counted as exact and its cast to Int64 raised for the whole table.
    exact = y.is_finite() & (((y - y.floor()) - 0.5).abs() > y.abs() * _TIE_MARGIN)
    ug = pl.when(exact).then(y.round(0, mode="half_to_even")).otherwise(None).cast(pl.Int64)
    return ug, exact


def row_micrograms(quantity: pl.Series, factor_value: pl.Series, coeff: pl.Series) -> list[int]:
    """Each row's micrograms CO2e, exactly as :func:`offsetcalc.engine.compute.t_to_ug` gives them.

    The kernel in a testable shape (a list per row is for tests and small tables;
    :class:`Totals` never builds one for the fast rows).
    """
    import polars as pl

    df = pl.DataFrame({"q": quantity, "fv": factor_value, "c": coeff}).with_columns(
        tonnes(pl.col("q"), pl.col("fv"), pl.col("c")).alias("t")
    )
    ug, exact = rounding_columns(pl.col("t"))
    df = df.with_columns(ug.alias("ug"), exact.alias("exact"))
    return [u if ok else t_to_ug(t) for u, ok, t in zip(df["ug"], df["exact"], df["t"], strict=True)]


def compute_rows(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The kernel on a batch that has ``quantity``, ``factor_value`` (optional),
    ``__kfv``/``__perrow`` (the key's factor value, or the row's) and ``__c``.

    Adds ``__fv`` (the factor value applied), ``__t`` (t CO2e as a float), ``__ug``
    (exact micrograms where the column rounding is exact, else null), ``__exact``,
    and ``__t_co2e`` (the row's tonnes for ``--rows-out``: micrograms ÷ 10¹², or
    ``__t`` itself on the rare exact-path rows, within 1 µg of their exact value).

    A batch with an organisation's scope 2 keys also has ``__lfv`` and ``__lc`` (the key's
    location-based factor value and coefficient, null where it has none): the same kernel
    gives ``__lt``, ``__lug``, ``__lexact`` and ``__lt_co2e``, the location-based figures.
    """
    import polars as pl

    lf = frame.lazy()
    names = lf.collect_schema().names()
    row_fv = pl.col("factor_value") if "factor_value" in names else pl.lit(None, dtype=pl.Float64)
    fv = pl.when(pl.col("__perrow")).then(row_fv).otherwise(pl.col("__kfv"))
    lf = lf.with_columns(fv.alias("__fv"))
    lf = _figures(lf, "__fv", "__c", "")
    if "__lfv" in names:
        lf = _figures(lf, "__lfv", "__lc", "l")
    return lf.collect()


def _figures(lf: pl.LazyFrame, fv: str, coeff: str, p: str) -> pl.LazyFrame:
    """``__{p}t``, ``__{p}ug``, ``__{p}exact`` and ``__{p}t_co2e`` of one factor column (see compute_rows)."""
    import polars as pl

    ug, exact = rounding_columns(pl.col(f"__{p}t"))
    return (
        lf.with_columns(tonnes(pl.col("quantity"), pl.col(fv), pl.col(coeff)).alias(f"__{p}t"))
        .with_columns(ug.alias(f"__{p}ug"), exact.alias(f"__{p}exact"))
        .with_columns(
            pl.when(pl.col(f"__{p}exact"))
            .then(pl.col(f"__{p}ug").cast(pl.Float64) / 1e12)
            .otherwise(pl.col(f"__{p}t"))
            .alias(f"__{p}t_co2e")
        )
    )


@dataclass
class KeyTotal:
    """The rows of one key combination, summed: exact micrograms in a Python integer."""

    rows: int = 0
    quantity: float = 0.0
    ug: int = 0
    fv_min: float = float("inf")
    fv_max: float = float("-inf")
    location_ug: int = 0  # scope 2 keys with a location-based factor (see compute_rows)


@dataclass
class Totals:
    """Per-key sums over every batch of a table (what a result keeps of its rows)."""

    by_key: dict[int, KeyTotal] = field(default_factory=dict)
    exact_rows: int = 0  # rows rounded one by one (ties, or over ~563 t): see module docs

    def add(self, frame: pl.DataFrame) -> None:
        """Add a batch computed by :func:`row_columns` (grouped by ``__k``)."""
        import polars as pl

        split = "__lug" in frame.columns
        groups = frame.group_by("__k").agg(
            pl.len().alias("rows"),
            pl.col("quantity").sum().alias("quantity"),
            *_split_sum("__ug", ""),
            pl.col("__fv").min().alias("fv_min"),
            pl.col("__fv").max().alias("fv_max"),
            *(_split_sum("__lug", "l") if split else (pl.lit(0).alias("__lhi"), pl.lit(0).alias("__llo"))),
        )
        for k, rows, quantity, hi, lo, fv_min, fv_max, lhi, llo in groups.iter_rows():
            total = self.by_key.setdefault(k, KeyTotal())
            total.rows += rows
            total.quantity += quantity
            total.ug += (int(hi) << _LOW_BITS) + int(lo)
            total.fv_min = min(total.fv_min, fv_min)
            total.fv_max = max(total.fv_max, fv_max)
            total.location_ug += (int(lhi) << _LOW_BITS) + int(llo)
        slow = _exact_path(frame, "")
        for k, t in slow.iter_rows():
            self.by_key[k].ug += t_to_ug(t)
        self.exact_rows += slow.height
        if split:
            for k, t in _exact_path(frame, "l").iter_rows():
                self.by_key[k].location_ug += t_to_ug(t)


def _exact_path(frame: pl.DataFrame, p: str) -> pl.DataFrame:
    """(``__k``, ``__{p}t``) of the rows the column rounding cannot give exactly (see the module docs).

    Rows without a figure (a null ``__{p}t``: a key with no location-based factor) have none to round.
    """
    import polars as pl

    exact_path = pl.col(f"__{p}t").is_not_null() & ~pl.col(f"__{p}exact").fill_null(True)
    return frame.filter(exact_path).select("__k", f"__{p}t")


def _split_sum(col: str, p: str) -> tuple[pl.Expr, pl.Expr]:
    """Sums of the high and low bits of a micrograms column (nulls as 0), as ``__{p}hi``, ``__{p}lo``."""
    import polars as pl

    ug = pl.col(col).fill_null(0)
    return (ug // (1 << _LOW_BITS)).sum().alias(f"__{p}hi"), (ug % (1 << _LOW_BITS)).sum().alias(f"__{p}lo")
