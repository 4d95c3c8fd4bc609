"""Generate organisation-scale test data into benchmarks/out/ (never committed).

A year of meter readings and fuel receipts for 500 sites: electricity in kWh
and MWh, gasoline in L and kL, city gas in Nm3 and 1000 Nm3, LPG in kg and t —
mixed units on purpose, so the engine must convert per (unit, factor) pair.

    python benchmarks/gen_data.py            # 1,000,000 rows -> out/readings-1m.{csv,parquet,yaml}
    python benchmarks/gen_data.py --rows 1000 --big   # rows of > 563 t each (exact-rounding fallback path)
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

# (factor ID, scope, [(unit, typical max quantity in that unit)])
KINDS = [
    ("electricity.jp.tepco.basic", 2, [("kWh", 60_000.0), ("MWh", 60.0)]),
    ("fuel.gasoline", 1, [("L", 2_000.0), ("kL", 2.0)]),
    ("fuel.city-gas", 1, [("Nm3", 20_000.0), ("1000 Nm3", 20.0)]),
    ("fuel.lpg", 1, [("kg", 3_000.0), ("t", 3.0)]),
]
PERIOD = ("2014-04-01", "2015-03-31")  # TEPCO FY2013 factor is valid in this year


def rows(n: int, seed: int = 6, big: bool = False) -> dict[str, list]:
    rnd = random.Random(seed)
    cols: dict[str, list] = {k: [] for k in ("id", "site", "date", "quantity", "unit", "factor", "scope")}
    for i in range(n):
        factor, scope, units = KINDS[rnd.randrange(len(KINDS))]
        unit, top = units[rnd.randrange(len(units))]
        q = round(rnd.uniform(0, top), 2)
        if big:  # ~1e6 .. 1e7 kWh-equivalents: hundreds to thousands of t per row
            q = round(rnd.uniform(1e3, 1e4) * top, 2)
        cols["id"].append(f"r{i}")
        cols["site"].append(f"site-{rnd.randrange(500):03d}")
        cols["date"].append(f"2014-{4 + (i % 9):02d}-{1 + (i % 28):02d}")
        cols["quantity"].append(q)
        cols["unit"].append(unit)
        cols["factor"].append(factor)
        cols["scope"].append(scope)
    return cols


ACTIVITY_FILE = """offsetcalc: 1
kind: organization
title: Benchmark organisation ({n:,} rows, {fmt})
period: {{start: {start}, end: {end}}}
activities_from:
  - path: {table}
"""


def write(n: int, stem: str, big: bool = False) -> dict[str, Path]:
    import polars as pl

    OUT.mkdir(parents=True, exist_ok=True)
    df = pl.DataFrame(rows(n, big=big))
    paths = {"csv": OUT / f"{stem}.csv", "parquet": OUT / f"{stem}.parquet"}
    df.write_csv(paths["csv"])
    df.write_parquet(paths["parquet"])
    for fmt in ("csv", "parquet"):
        y = OUT / f"{stem}-{fmt}.yaml"
        y.write_text(ACTIVITY_FILE.format(n=n, fmt=fmt, start=PERIOD[0], end=PERIOD[1], table=paths[fmt].name))
        paths[f"yaml-{fmt}"] = y
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--big", action="store_true")
    a = ap.parse_args()
    stem = f"readings-{a.rows}" + ("-big" if a.big else "")
    for k, p in write(a.rows, stem, a.big).items():
        print(k, p, p.stat().st_size)
