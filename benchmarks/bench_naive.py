"""The baseline: the same rows computed the naive way, one pint Quantity per row.

    python benchmarks/bench_naive.py [--rows 20000]

Times a per-row loop (pint Quantity × factor Quantity → t CO2e → µg) over the first
ROWS rows of the 1M-row Parquet file, extrapolates linearly to 1M rows (the loop is
per-row work; running all 1M takes minutes) and compares with the column path's
in-process time for the full 1M rows.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from _measure import OUT, ROOT

sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    n = ap.parse_args().rows
    import polars as pl

    from offsetcalc.api import compute
    from offsetcalc.engine.compute import t_to_ug
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.units import normalise_unit_text, registry

    fs = load_factors()
    ureg = registry()
    df = pl.read_parquet(OUT / "readings-1000000.parquet")
    sample = df.head(n)
    factors = {f: fs.resolve(f, date(2014, 4, 1)).factor for f in sample["factor"].unique()}
    t0 = time.perf_counter()
    total = 0
    for q, unit, f in sample.select("quantity", "unit", "factor").iter_rows():
        fac = factors[f]
        # Parse both units and multiply Quantities per row: what a straightforward loop does.
        tq = (
            q
            * ureg.parse_expression(normalise_unit_text(unit))
            * (fac.value * ureg.parse_expression(normalise_unit_text(fac.unit)))
        )
        total += t_to_ug(tq.to("t_CO2e").magnitude)
    naive = time.perf_counter() - t0
    naive_1m = naive / n * df.height

    compute(OUT / "readings-1000000-parquet.yaml", factors=fs)  # warm: pint registry, polars
    t0 = time.perf_counter()
    r = compute(OUT / "readings-1000000-parquet.yaml", factors=fs)
    column = time.perf_counter() - t0
    print(
        f"naive pint loop: {naive:.2f} s for {n:,} rows = {naive / n * 1e6:.0f} µs/row -> {naive_1m:.0f} s per 1M rows"
    )
    print(f"column path: {column:.3f} s for {df.height:,} rows (in process, warm)")
    print(f"speed-up: {naive_1m / column:.0f}x (target >= 100x)")
    assert r.emissions_ug > 0 and total > 0


if __name__ == "__main__":
    main()
