"""The shapes users really have, each against a floor measured in the same run.

    python benchmarks/bench_shapes.py per-row      # 1M rows, ~100k distinct per-row factor values
    python benchmarks/bench_shapes.py big          # 10M rows: peak memory
    python benchmarks/bench_shapes.py huge         # 100M rows of a simple shape: peak memory (not by default)
    python benchmarks/bench_shapes.py xlsx         # an Excel sheet of 300,000 rows: peak memory (not by default)
    python benchmarks/bench_shapes.py yaml         # 5 MB YAML vs yaml.load (CSafeLoader, GC off)
    python benchmarks/bench_shapes.py startup      # README example vs python -c 'import typer'

Every measurement is a fresh process (best of N, peak RSS of that process via
os.wait4); ratios are taken against a floor run in the same invocation, so they
hold on a busy machine where seconds do not. Data are generated into
benchmarks/out/ (git-ignored) with polars expressions, deterministically.
"""

from __future__ import annotations

import sys
import time

from _measure import LAST_CPU, OUT, ROOT, offsetcalc, run, run_output

PY = sys.executable
HEAD = "offsetcalc: 1\nkind: organization\ntitle: {title}\nperiod: {{start: 2014-04-01, end: 2015-03-31}}\n"


def per_row_table(rows: int, stem: str, formats: tuple[str, ...] = ("parquet", "csv")) -> dict[str, str]:
    """Write the table (in a child process) and its activity files; their paths by format."""
    import subprocess

    # Generated in a child: on Linux a child's peak RSS counts its parent's at fork, so
    # the measuring process must stay small (polars and 10M rows here would floor every figure).
    subprocess.run([PY, __file__, "gen", str(rows), stem, *formats], check=True, cwd=ROOT / "benchmarks")
    out = {}
    for fmt in formats:
        y = OUT / f"{stem}-{fmt}.yaml"
        y.write_text(
            HEAD.format(title=f"{stem} {fmt}") + f"activities_from:\n  - path: {stem}.{fmt}\n", encoding="utf-8"
        )
        out[fmt] = str(y)
        out[f"table-{fmt}"] = str(OUT / f"{stem}.{fmt}")
    return out


def generate(rows: int, stem: str, formats: tuple[str, ...]) -> None:
    """Meter readings whose factor comes per row (a supplier's factor per invoice): ~100k distinct values.

    Columns: id, site, quantity (kWh or MWh), unit, factor_value (t-CO2/kWh,
    0.0003–0.0007 in 100,000 steps), factor_unit, factor_source (3 suppliers), scope.
    """
    import polars as pl

    paths = {fmt: OUT / f"{stem}.{fmt}" for fmt in formats}
    if not all(p.exists() for p in paths.values()):
        OUT.mkdir(parents=True, exist_ok=True)
        i = pl.int_range(rows, dtype=pl.Int64)
        h = i.hash(7)
        df = pl.select(
            ("r" + i.cast(pl.String)).alias("id"),
            ("site-" + (h % 500).cast(pl.String)).alias("site"),
            # kWh readings 0–60,000.00; one row in ten in MWh (0–60.00000)
            pl.when(h % 10 == 0)
            .then((h // 7 % 6_000_000).cast(pl.Float64) / 100_000)
            .otherwise((h // 7 % 6_000_000).cast(pl.Float64) / 100)
            .alias("quantity"),
            pl.when(h % 10 == 0).then(pl.lit("MWh")).otherwise(pl.lit("kWh")).alias("unit"),
            (0.0003 + (h // 11 % 100_000).cast(pl.Float64) * 4e-9).round(10).alias("factor_value"),
            pl.lit("t-CO2 / kWh").alias("factor_unit"),
            pl.format("supplier {} invoice factor", (h // 13 % 3)).alias("factor_source"),
            pl.lit(2).alias("scope"),
        )
        df.write_parquet(paths["parquet"])
        if "csv" in paths:
            df.write_csv(paths["csv"])


def floor_cmd(table: str) -> list[str]:
    """polars read + multiply + sum: the least any tool must do with these rows."""
    read = f"pl.read_parquet({table!r})" if table.endswith(".parquet") else f"pl.read_csv({table!r})"
    code = f"import polars as pl; df = {read}; print((df['quantity'] * df['factor_value']).sum())"
    return [PY, "-c", code]


def pint_loop_per_row(table: str, n: int = 3000) -> float:
    """Seconds per row of the loop a straightforward program writes: pint Quantities per row."""
    import polars as pl

    sys.path.insert(0, str(ROOT / "src"))
    from offsetcalc.engine.compute import t_to_ug
    from offsetcalc.units import normalise_unit_text, registry

    ureg = registry()
    sample = pl.read_parquet(table).head(n)
    t0 = time.perf_counter()
    total = 0
    for q, unit, fv, fu in sample.select("quantity", "unit", "factor_value", "factor_unit").iter_rows():
        quantity = q * ureg.parse_expression(normalise_unit_text(unit))
        tq = quantity * (fv * ureg.parse_expression(normalise_unit_text(fu)))
        total += t_to_ug(tq.to("t_CO2e").magnitude)
    assert total > 0
    return (time.perf_counter() - t0) / n


def per_row() -> None:
    rows = 1_000_000
    files = per_row_table(rows, "per-row-1000000")
    import subprocess

    loop = subprocess.run(
        [PY, __file__, "pint-loop", files["table-parquet"]], check=True, capture_output=True, text=True
    )
    per_row_s = float(loop.stdout)
    print(f"per-row pint loop: {per_row_s * 1e6:.0f} µs/row -> {per_row_s * rows:.0f} s per 1M rows")
    for fmt in ("parquet", "csv"):
        floor, floor_peak = run(floor_cmd(files[f"table-{fmt}"]))
        print(f"{fmt}: polars floor (read + multiply + sum) {floor:.2f} s, peak {floor_peak:.0f} MB")
        for out in ("json", "table"):
            wall, peak, size = run_output(offsetcalc("compute", files[fmt], "--format", out))
            print(
                f"  offsetcalc --format {out}: {wall:.2f} s = {wall / floor:.2f}x floor (target <= 3x), "
                f"{per_row_s * rows / wall:.0f}x faster than the pint loop (target >= 100x), "
                f"output {size / 1e3:.1f} kB (target < 1 MB), peak {peak:.0f} MB"
            )


def big() -> None:
    rows = 10_000_000
    files = per_row_table(rows, "per-row-10000000", ("parquet",))
    for fmt in ("parquet",):
        floor, floor_peak = run(floor_cmd(files[f"table-{fmt}"]), repeat=1)
        wall, peak = run(offsetcalc("compute", files[fmt], "--format", "json"), repeat=1)
        print(
            f"10M rows {fmt}: offsetcalc {wall:.2f} s, peak {peak:.0f} MB (target <= 1024 MB); "
            f"polars floor {floor:.2f} s, peak {floor_peak:.0f} MB"
        )


def generate_simple(rows: int, path: str) -> None:
    """``rows`` meter readings (quantity kWh, one built-in factor ID), written 5M rows at a time.

    The whole frame would need ~5 GB here; pyarrow's ParquetWriter appends row groups.
    """
    import polars as pl
    import pyarrow.parquet as pq

    step = 5_000_000
    writer = None
    try:
        for start in range(0, rows, step):
            i = pl.int_range(start, min(rows, start + step), dtype=pl.Int64)
            part = pl.select(
                ((i.hash(7) % 6_000_000).cast(pl.Float64) / 100).alias("quantity"),
                pl.lit("kWh").alias("unit"),
                pl.lit("electricity.jp.tepco.basic").alias("factor"),
            ).to_arrow()
            writer = writer or pq.ParquetWriter(path, part.schema)
            writer.write_table(part)
    finally:
        if writer is not None:
            writer.close()


def huge(rows: int = 100_000_000) -> None:
    """100M rows: time and peak memory of compute (no floor: reading them whole is what is avoided)."""
    import subprocess

    table = OUT / f"simple-{rows}.parquet"
    if not table.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        subprocess.run([PY, __file__, "gen-simple", str(rows), str(table)], check=True, cwd=ROOT / "benchmarks")
        print(f"generated {rows:,} rows in {time.perf_counter() - t:.0f} s ({table.stat().st_size / 1e6:.0f} MB)")
    y = OUT / f"simple-{rows}.yaml"
    y.write_text(HEAD.format(title=f"simple {rows}") + f"activities_from:\n  - path: {table.name}\n", encoding="utf-8")
    wall, peak = run(offsetcalc("compute", str(y), "--format", "json"), repeat=1)
    cpu = LAST_CPU[0]
    print(f"{rows:,} rows Parquet: offsetcalc compute --format json {wall:.1f} s, peak {peak:.0f} MB, CPU {cpu:.1f} s")


def generate_sheet(rows: int, path: str) -> None:
    """An .xlsx sheet of ``rows`` meter readings (openpyxl's write-only mode: ~4 s per 100,000 rows)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("readings")
    ws.append(["id", "quantity", "unit", "factor"])
    for i in range(rows):
        ws.append([f"m{i}", (i % 997) + 0.5, "kWh", "electricity.jp.tepco.basic"])
    wb.save(path)


def xlsx(rows: int = 300_000) -> None:
    """An Excel sheet: time and peak memory of compute (the sheet is read in batches)."""
    import subprocess

    table = OUT / f"sheet-{rows}.xlsx"
    if not table.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        subprocess.run([PY, __file__, "gen-sheet", str(rows), str(table)], check=True, cwd=ROOT / "benchmarks")
    y = OUT / f"sheet-{rows}.yaml"
    y.write_text(HEAD.format(title=f"sheet {rows}") + f"activities_from:\n  - path: {table.name}\n", encoding="utf-8")
    wall, peak = run(offsetcalc("compute", str(y), "--format", "json"), repeat=1)
    cpu = LAST_CPU[0]
    print(f"{rows:,} rows .xlsx: offsetcalc compute --format json {wall:.1f} s, peak {peak:.0f} MB, CPU {cpu:.1f} s")


def yaml_file() -> None:
    from bench_yaml import write

    path, n = write()
    code = f"import gc, yaml; gc.disable(); yaml.load(open({path!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
    floor, _ = run([PY, "-c", code], repeat=3)
    wall, peak = run(offsetcalc("compute", path, "--format", "json"), repeat=3)
    print(
        f"5 MB YAML ({n:,} activities): yaml.load CSafeLoader GC off {floor:.2f} s; "
        f"offsetcalc compute --format json {wall:.2f} s = {wall / floor:.2f}x (target <= 2.5x), peak {peak:.0f} MB"
    )


def startup(rounds: int = 15) -> None:
    """Best of ``rounds``, the commands interleaved so a burst of load hits them alike."""
    example = "examples/readme-workshop.yaml"
    run(offsetcalc("compute", example))  # fills the unit cache, as any first run does
    cases = {
        "import typer": [PY, "-c", "import typer"],
        "typer app": [PY, str(ROOT / "benchmarks" / "typer_app.py"), "compute", example],
        "stack": ["env", "LIBRARIES=1", PY, str(ROOT / "benchmarks" / "typer_app.py"), "compute", example],
        "table": offsetcalc("compute", example),
        "json": offsetcalc("compute", example, "--format", "json"),
    }
    best = dict.fromkeys(cases, float("inf"))
    cpu = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, argv in cases.items():
            best[name] = min(best[name], run(argv, repeat=1)[0])
            cpu[name] = min(cpu[name], LAST_CPU[0])
    floor, floor_cpu = best["import typer"], cpu["import typer"]
    print(f"a typer command that does nothing (benchmarks/typer_app.py): {best['typer app'] * 1000:.0f} ms = "
          f"{best['typer app'] / floor:.2f}x; CPU {cpu['typer app'] * 1000:.0f} ms = "
          f"{cpu['typer app'] / floor_cpu:.2f}x: what typer itself costs to run a command")  # fmt: skip
    print(f"the same importing PyYAML and rich's console and table (LIBRARIES=1): {best['stack'] * 1000:.0f} ms = "
          f"{best['stack'] / floor:.2f}x; CPU {cpu['stack'] * 1000:.0f} ms = {cpu['stack'] / floor_cpu:.2f}x: "
          "the stack's floor for the table output, before any offsetcalc code")  # fmt: skip
    for name, args in (("table", ""), ("json", " --format json")):
        wall = f"{best[name] * 1000:.0f} ms = {best[name] / floor:.2f}x"
        cpu_time = f"{cpu[name] * 1000:.0f} ms = {cpu[name] / floor_cpu:.2f}x"
        print(f"offsetcalc compute {example}{args}: {wall} python -c 'import typer' ({floor * 1000:.0f} ms) "
              f"(target <= 4x); CPU time {cpu_time} ({floor_cpu * 1000:.0f} ms)")  # fmt: skip


CASES = {"per-row": per_row, "big": big, "yaml": yaml_file, "startup": startup}

if __name__ == "__main__":
    if sys.argv[1:2] == ["gen"]:
        generate(int(sys.argv[2]), sys.argv[3], tuple(sys.argv[4:]))
    elif sys.argv[1:2] == ["gen-simple"]:
        generate_simple(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["gen-sheet"]:
        generate_sheet(int(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["xlsx"]:
        xlsx(int(sys.argv[2]) if sys.argv[2:] else 300_000)
    elif sys.argv[1:2] == ["huge"]:
        huge(int(sys.argv[2]) if sys.argv[2:] else 100_000_000)
    elif sys.argv[1:2] == ["pint-loop"]:
        print(pint_loop_per_row(sys.argv[2]))
    else:
        for name in sys.argv[1:] or list(CASES):
            CASES[name]()
