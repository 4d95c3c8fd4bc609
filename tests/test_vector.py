"""The engine's kernel on columns gives the scalar kernel's integers: row by row, in sums, end to end.

The kernel is one rule — t = (quantity × multiplier × factor value) × coefficient,
rounded half to even to a whole microgram of the decimal that prints t — run on
Python floats for a file's own activities (no column library at start-up) and on
polars columns for table batches. These tests hold the two executions equal.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offsetcalc.api import compute
from offsetcalc.engine.compute import FactorUse, coefficient, emissions_ug, t_to_ug
from offsetcalc.engine.vector import Totals, compute_rows, row_micrograms
from offsetcalc.factors.tables import load_factors

# (quantity unit, factor value, factor unit): pairs whose coefficient is not 1, and an
# identity pair (t = quantity) that lets the strategy aim at rounding ties exactly.
PAIRS = [
    ("kWh", 0.000531, "t-CO2 / kWh"),
    ("MWh", 0.000531, "t-CO2 / kWh"),
    ("L", 2.32, "t-CO2 / kL"),
    ("kg", 2.99, "t-CO2 / t"),
    ("1000 Nm3", 2.23, "t-CO2 / (1000 Nm3)"),
    ("kWh", 1.0, "t-CO2 / kWh"),
]

quantities = st.one_of(
    st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)),  # meter readings
    st.integers(min_value=0, max_value=10**12).map(lambda k: (k + 0.5) * 1e-12),  # near-ties on the identity pair
    st.integers(min_value=0, max_value=10**9).map(lambda k: k + 0.5),
)
rows = st.lists(st.tuples(quantities, st.sampled_from(range(len(PAIRS)))), min_size=1, max_size=60)


def _kernel_inputs(data: list[tuple[float, int]]) -> tuple[list[float], list[str], list[FactorUse], list[float]]:
    values = [q for q, _ in data]
    units = [PAIRS[i][0] for _, i in data]
    uses = [FactorUse(ref=None, value=PAIRS[i][1], unit=PAIRS[i][2], source="test", confirmed=True) for _, i in data]
    coeffs = [coefficient(u, f.co2e_unit) for u, f in zip(units, uses, strict=True)]
    return values, units, uses, coeffs


@settings(max_examples=300, deadline=None)
@given(rows)
def test_column_kernel_equals_engine_kernel_row_by_row(data: list[tuple[float, int]]) -> None:
    values, units, uses, coeffs = _kernel_inputs(data)
    want = emissions_ug(values, [1.0] * len(values), units, uses)
    got = row_micrograms(
        pl.Series(values, dtype=pl.Float64),
        pl.Series([f.value for f in uses], dtype=pl.Float64),
        pl.Series(coeffs, dtype=pl.Float64),
    )
    assert got == want


@settings(max_examples=200, deadline=None)
@given(rows)
def test_group_sums_are_exact_integer_sums(data: list[tuple[float, int]]) -> None:
    values, units, uses, coeffs = _kernel_inputs(data)
    want_rows = emissions_ug(values, [1.0] * len(values), units, uses)
    frame = _batch([i % 3 for i in range(len(values))], values, [f.value for f in uses], coeffs)
    totals = Totals()
    totals.add(compute_rows(frame))
    want: dict[int, int] = {}
    for i, ug in enumerate(want_rows):
        want[i % 3] = want.get(i % 3, 0) + ug
    assert {k: t.ug for k, t in totals.by_key.items()} == want


def _batch(keys: list[int], quantity: list[float], fv: list[float], coeff: list[float]) -> pl.DataFrame:
    """A batch as engine.tables hands it to the kernel: per-row factor values, key coefficients."""
    return pl.DataFrame(
        {
            "__k": pl.Series(keys, dtype=pl.UInt32),
            "quantity": pl.Series(quantity, dtype=pl.Float64),
            "factor_value": pl.Series(fv, dtype=pl.Float64),
            "__perrow": [True] * len(keys),
            "__kfv": pl.Series([None] * len(keys), dtype=pl.Float64),
            "__c": pl.Series(coeff, dtype=pl.Float64),
        }
    )


def test_sums_beyond_int64_stay_exact() -> None:
    # 40,000 rows of 500 t (5e14 µg, column path) sum to 2e19 µg > 2**63; rows of 1e15 kWh
    # (5.31e23 µg each, exact path) do not fit int64 even alone.
    n = 40_000
    frame = _batch([0] * n + [1] * 3, [500.0] * n + [1e15] * 3, [1.0] * n + [0.000531] * 3, [1.0] * (n + 3))
    totals = Totals()
    totals.add(compute_rows(frame))
    got = {k: t.ug for k, t in totals.by_key.items()}
    assert got[0] == n * 500 * 10**12 and got[0] > 2**63
    assert got[1] == 3 * t_to_ug(1e15 * 0.000531 * 1.0)
    assert totals.exact_rows == 3


@functools.cache
def _factors() -> Any:  # loaded once for all examples
    return load_factors()


ROW_FACTORS = [("kWh", "electricity.jp.tepco.basic", 2), ("MWh", "electricity.jp.tepco.basic", 2),
               ("L", "fuel.gasoline", 1), ("kL", "fuel.gasoline", 1), ("kg", "fuel.lpg", 1)]  # fmt: skip
HEAD = "offsetcalc: 1\nkind: organization\ntitle: t\nperiod: {start: 2014-04-01, end: 2015-03-31}\n"


# Rows chosen to reach every branch of the kernel: meter readings, an exact half-microgram
# tie, a row just beside a tie, rows over 2**49 µg (the exact path) and zero.
SAME_ROWS = [(12400.0, 0), (11850.5, 0), (86.4, 1), (0.64, 2), (1.35, 3), (350.0, 4), (0.0, 0),
             (2.5e-12, 0), (1e15, 1), (123456789.123, 3), (0.1 + 0.2, 2), (7e9, 4)]  # fmt: skip


def test_table_file_and_activity_file_compute_the_same(tmp_path: Path) -> None:
    csv = ["id,quantity,unit,factor,scope"]
    acts = ["activities:"]
    for n, (q, i) in enumerate(SAME_ROWS):
        unit, factor, scope = ROW_FACTORS[i]
        csv.append(f"r{n},{q!r},{unit},{factor},{scope}")
        acts.append(f"  - {{id: r{n}, scope: {scope}, quantity: {{value: '{q!r}', unit: {unit}}}, factor: {factor}}}")
    (tmp_path / "t.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")
    (tmp_path / "table.yaml").write_text(HEAD + "activities_from: [{path: t.csv}]\n", encoding="utf-8")
    (tmp_path / "acts.yaml").write_text(HEAD + "\n".join(acts) + "\n", encoding="utf-8")
    by_table = compute(tmp_path / "table.yaml", factors=_factors(), rows_out=tmp_path / "rows.csv")
    by_activity = compute(tmp_path / "acts.yaml", factors=_factors())
    assert by_table.emissions_ug == by_activity.emissions_ug
    assert by_table.subtotals_ug == by_activity.subtotals_ug
    assert by_table.factor_tables == by_activity.factor_tables
    # Row by row too: --rows-out gives each table row the tonnes of the same activity.
    rows = pl.read_csv(tmp_path / "rows.csv").sort("row")
    assert rows["id"].to_list() == [a.id for a in by_activity.activities]
    want = [a.t_co2e for a in by_activity.activities]
    for got, exact in zip(rows["t_co2e"].to_list(), want, strict=True):
        assert got == pytest.approx(exact, rel=1e-15, abs=1e-12)


def test_per_row_factor_values_and_inline_factors_compute_the_same(tmp_path: Path) -> None:
    values = [0.000531, 0.000522, 0.0004321, 2.32, 1e-7]
    csv = ["quantity,unit,factor_value,factor_unit,factor_source"]
    acts = ["activities:"]
    for n, (q, _) in enumerate(SAME_ROWS):
        v = values[n % len(values)]
        csv.append(f"{q!r},kWh,{v!r},t-CO2 / kWh,test")
        acts.append(f"  - {{id: a{n}, scope: 2, quantity: {{value: '{q!r}', unit: kWh}}, "
                    f"factor: {{value: {v!r}, unit: t-CO2 / kWh, source: test}}}}")  # fmt: skip
    (tmp_path / "t.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")
    (tmp_path / "table.yaml").write_text(HEAD + "activities_from: [{path: t.csv, scope: 2}]\n", encoding="utf-8")
    (tmp_path / "acts.yaml").write_text(HEAD + "\n".join(acts) + "\n", encoding="utf-8")
    by_table = compute(tmp_path / "table.yaml", factors=_factors())
    by_activity = compute(tmp_path / "acts.yaml", factors=_factors())
    assert by_table.emissions_ug == by_activity.emissions_ug
    (line,) = by_table.tables[0].lines  # 12 rows, 5 distinct values: one summary line
    assert (line.rows, line.factor_min, line.factor_max) == (len(SAME_ROWS), 1e-7, 2.32)
