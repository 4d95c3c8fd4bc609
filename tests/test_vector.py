"""The column engine gives the per-activity engine's integers: row by row, in sums, end to end."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offsetcalc.api import compute
from offsetcalc.engine.compute import FactorUse, coefficient, emissions_ug, t_to_ug
from offsetcalc.engine.vector import row_micrograms, summarise
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
    frame = pl.DataFrame(
        {
            "g": [i % 3 for i in range(len(values))],
            "quantity": values,
            "__fv": [f.value for f in uses],
            "__c": coeffs,
        }
    )
    groups, _ = summarise(frame, ["g"])
    want: dict[int, int] = {}
    for i, ug in enumerate(want_rows):
        want[i % 3] = want.get(i % 3, 0) + ug
    assert {g["g"]: g["ug"] for g in groups} == want


def test_sums_beyond_int64_stay_exact() -> None:
    # 40,000 rows of 500 t (5e14 µg, column path) sum to 2e19 µg > 2**63; rows of 1e15 kWh
    # (5.31e23 µg each, exact path) do not fit int64 even alone.
    n = 40_000
    frame = pl.DataFrame(
        {
            "g": [0] * n + [1] * 3,
            "quantity": [500.0] * n + [1e15] * 3,
            "__fv": [1.0] * n + [0.000531] * 3,
            "__c": [1.0] * n + [1.0] * 3,
        }
    )
    groups, exact_rows = summarise(frame, ["g"])
    got = {g["g"]: g["ug"] for g in groups}
    assert got[0] == n * 500 * 10**12 and got[0] > 2**63
    assert got[1] == 3 * t_to_ug(1e15 * 0.000531 * 1.0)
    assert exact_rows == 3


@functools.cache
def _factors() -> Any:  # loaded once for all examples
    return load_factors()


ROW_FACTORS = [("kWh", "electricity.jp.tepco.basic", 2), ("MWh", "electricity.jp.tepco.basic", 2),
               ("L", "fuel.gasoline", 1), ("kL", "fuel.gasoline", 1), ("kg", "fuel.lpg", 1)]  # fmt: skip
HEAD = "offsetcalc: 1\nkind: organization\ntitle: t\nperiod: {start: 2014-04-01, end: 2015-03-31}\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(quantities, st.sampled_from(range(len(ROW_FACTORS)))), min_size=1, max_size=40))
def test_table_file_and_activity_file_compute_the_same(tmp_path: Path, data: list[tuple[float, int]]) -> None:
    csv = ["id,quantity,unit,factor,scope"]
    acts = ["activities:"]
    for n, (q, i) in enumerate(data):
        unit, factor, scope = ROW_FACTORS[i]
        csv.append(f"r{n},{q!r},{unit},{factor},{scope}")
        acts.append(f"  - {{id: r{n}, scope: {scope}, quantity: {{value: '{q!r}', unit: {unit}}}, factor: {factor}}}")
    (tmp_path / "t.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")
    (tmp_path / "table.yaml").write_text(HEAD + "activities_from: [{path: t.csv}]\n", encoding="utf-8")
    (tmp_path / "acts.yaml").write_text(HEAD + "\n".join(acts) + "\n", encoding="utf-8")
    by_table = compute(tmp_path / "table.yaml", factors=_factors())
    by_activity = compute(tmp_path / "acts.yaml", factors=_factors())
    assert by_table.emissions_ug == by_activity.emissions_ug
    assert by_table.subtotals_ug == by_activity.subtotals_ug
    assert by_table.factor_tables == by_activity.factor_tables
