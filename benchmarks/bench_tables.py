"""1,000,000 rows from Parquet and from CSV (mixed units): wall time, peak memory, exact total.

    python benchmarks/bench_tables.py            # generates benchmarks/out/ data on first run

Each measurement is a fresh `python -m offsetcalc compute FILE --format json` process
(interpreter start, pint registry, factor tables, reading, computing, JSON), best of 3,
peak RSS of the child. The total is then checked against the per-activity engine
kernel (engine.emissions_ug over all rows, one t_to_ug per row) in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys

from _measure import OUT, ROOT, offsetcalc, run

TARGETS = {"parquet": 1.5, "csv": 3.0}


def ensure(stem: str, rows: int, big: bool = False) -> None:
    if not (OUT / f"{stem}.parquet").exists():
        cmd = [sys.executable, str(ROOT / "benchmarks" / "gen_data.py"), "--rows", str(rows)]
        subprocess.run(cmd + (["--big"] if big else []), check=True, stdout=subprocess.DEVNULL)


def kernel_total(table: str) -> int:
    """The same rows through the per-activity kernel: the reference integer."""
    import polars as pl

    sys.path.insert(0, str(ROOT / "src"))
    from offsetcalc.engine.compute import emissions_ug, factor_use_from_table, weighted
    from offsetcalc.factors.tables import load_factors

    fs = load_factors()
    df = pl.read_parquet(table)
    from datetime import date

    uses = {
        f: weighted(factor_use_from_table(fs.resolve(f, date(2014, 4, 1)).factor), "AR5") for f in df["factor"].unique()
    }
    return sum(
        emissions_ug(df["quantity"].to_list(), [1.0] * df.height, df["unit"].to_list(), [uses[f] for f in df["factor"]])
    )


def main() -> None:
    for stem, rows, big in (("readings-1000000", 1_000_000, False), ("readings-1000000-big", 1_000_000, True)):
        ensure(stem, rows, big)
        ref = kernel_total(str(OUT / f"{stem}.parquet"))
        for fmt in ("parquet", "csv"):
            yaml = OUT / f"{stem}-{fmt}.yaml"
            wall, peak = run(offsetcalc("compute", str(yaml), "--format", "json"))
            out = subprocess.run(
                offsetcalc("compute", str(yaml), "--format", "json"),
                cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "src")},
            )  # fmt: skip
            d = json.loads(out.stdout)
            total_t = d["emissions"]["total_t_co2e"]
            from offsetcalc.engine.compute import ug_to_t

            exact = "exact" if total_t == ug_to_t(ref) else f"DIFFERS from kernel {ug_to_t(ref)}"
            size = (OUT / f"{stem}.{fmt}").stat().st_size / 1e6
            target = TARGETS[fmt]
            print(
                f"{stem}.{fmt} ({size:.0f} MB): {wall:.2f} s (target < {target} s), peak {peak:.0f} MB "
                f"(target < 1024), total {total_t} t, {exact} vs per-activity kernel"
            )


if __name__ == "__main__":
    main()
