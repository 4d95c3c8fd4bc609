"""Ledger backends at registry scale (issue 12): import 1,000,000 blocks, probe 10,000 random ranges.

    python benchmarks/bench_ledger.py [--rows 1000000] [--postgres URL]

Generates a Verra-format retirement export (``benchmarks/out/verra-<rows>.csv``,
1,000 issuances, contiguous blocks of 1–100 units) and imports it with the real
command, ``offsetcalc ledger import --registry verra FILE --ledger L``, into a
fresh SQLite file and a fresh PostgreSQL database (``--postgres``, default
``$OFFSETCALC_TEST_POSTGRES``; a database ``offsetcalc_bench`` is created there
and dropped afterwards). Wall time and peak memory of each import are measured
(streamed import: memory must not grow with the file). Then 10,000 random
ranges (1–100 units, random issuance) are probed with ``overlapping()`` on each
backend, once on a ledger of ``--small`` blocks and once on the full one, to
show lookups stay flat as the ledger grows; both backends must find the same
blocks. Each size also times a floor in the same run (:func:`floor`: plain
``csv`` read + ``executemany`` into an equivalent SQLite table) and reports each
import's ratio to it, so figures from a loaded machine stay comparable.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
HEADER = (
    "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,Country/Area,Project Type,"
    "Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,Additional Certifications,"
    "Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,Retirement Details"
)
ISSUANCES = 1000


def generate(rows: int, seed: int = 12) -> Path:
    """A Verra export of ``rows`` retirements (written once, reused)."""
    path = OUT / f"verra-{rows}.csv"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    next_unit = [10_000_000 * (i + 1) for i in range(ISSUANCES)]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for r in range(rows):
            i = r % ISSUANCES
            size = rnd.randint(1, 100)
            start = next_unit[i]
            next_unit[i] += size
            project = 1000 + i
            serial = f"{20000 + i}-{start}-{start + size - 1}-VCS-VCU-{project}-VER-CN-1-{project}-01012020-31122020-0"
            out.write(
                f"2021-01-01,,2020-01-01,2020-12-31,{1000 + i},Project {i},China,Energy,ACM0002,1,{size},"
                f"{serial},,2022-03-01,Buyer {r % 5000},,\n"
            )
    tmp.replace(path)
    return path


def run_import(export: Path, ledger: str) -> dict[str, float]:
    """``offsetcalc ledger import`` in a fresh process: wall time and peak RSS (MiB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, sys\n"
            "from offsetcalc.cli import main\n"
            "try:\n    main()\nfinally:\n"
            "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
            "    sys.stderr.write(f'\\nmaxrss={u.ru_maxrss} cpu={u.ru_utime + u.ru_stime}\\n')",
            "ledger",
            "import",
            "--registry",
            "verra",
            str(export),
            "--ledger",
            ledger,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"import failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    tail = proc.stderr.rsplit("maxrss=", 1)[1].split()
    rss_kib, cpu = int(tail[0]), float(tail[1].removeprefix("cpu="))
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), "peak_mib": round(rss_kib / 1024, 1)}


def floor(export: Path, target: Path, cache_kib: int | None = None) -> dict[str, float]:
    """The floor for an import: plain ``csv`` read + ``executemany`` into an equivalent SQLite table.

    Same columns, indexes, WAL journal, ``synchronous = FULL``, one
    transaction and (``cache_kib``, else SQLite's default 2 MiB) page cache as
    the ledger's import; the serial is split with ``str`` methods (no
    validation, no canonical spelling, no overlap look-ups). Run in this
    process, so it has no interpreter start-up (~0.3-0.5 s) that the import has.
    """
    import csv
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    t, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    if cache_kib is not None:
        db.execute(f"PRAGMA cache_size = -{cache_kib}")
    db.execute(
        "CREATE TABLE blocks (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, registry TEXT NOT NULL, "
        'prefix TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, size_class INTEGER NOT NULL, '
        "status TEXT NOT NULL, credit_type TEXT, vintage TEXT, project TEXT, retired_on TEXT, beneficiary TEXT, "
        "location TEXT, alloc_provider TEXT, alloc_ug TEXT, claim_key TEXT)"
    )
    db.execute("CREATE INDEX blocks_range ON blocks (registry, prefix, size_class, start)")
    db.execute("CREATE INDEX blocks_source ON blocks (source_id)")
    sql = "INSERT INTO blocks VALUES (NULL, 1, 'verra', ?, ?, ?, ?, 'retired', NULL, ?, ?, ?, ?, ?, NULL, NULL, NULL)"
    db.execute("BEGIN IMMEDIATE")
    with export.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        batch = []
        for line, row in enumerate(reader, start=2):
            issuance, start, end, rest = row[11].split("-", 3)
            first, last = int(start), int(end)
            batch.append(
                (
                    f"{issuance}-{rest}",
                    first,
                    last,
                    (last - first).bit_length(),
                    row[2][:4],
                    f"{row[4]} {row[5]}",
                    row[13],
                    row[14],
                    f"{export.name}:{line}",
                )
            )
            if len(batch) >= 10_000:
                db.executemany(sql, batch)
                batch = []
        db.executemany(sql, batch)
    db.execute("COMMIT")
    db.close()
    return {"seconds": round(time.perf_counter() - t, 2), "cpu_seconds": round(time.process_time() - cpu, 2)}


def probe(ledger: str, rows: int, n: int = 10_000, seed: int = 5) -> dict[str, float]:
    """Mean time of ``overlapping()`` over ``n`` random ranges, and the blocks found."""
    sys.path.insert(0, str(ROOT / "src"))
    from offsetcalc.credits import Block
    from offsetcalc.ledger import open_ledger

    rnd = random.Random(seed)
    per_issuance = max(1, rows // ISSUANCES) * 50  # units issued per issuance, about
    queries = []
    for _ in range(n):
        i = rnd.randrange(ISSUANCES)
        start = 10_000_000 * (i + 1) + rnd.randrange(per_issuance)
        prefix = f"{20000 + i}-VCS-VCU-{1000 + i}-VER-CN-1-{1000 + i}-1012020-31122020-0"
        queries.append(Block("verra", prefix, start, start + rnd.randint(0, 99)))
    with open_ledger(ledger, readonly=True) as db:
        for q in queries[:200]:  # warm the caches
            db.overlapping(q)
        t = time.perf_counter()
        hits = sum(len(db.overlapping(q)) for q in queries)
        seconds = time.perf_counter() - t
    return {"probe_us": round(seconds / n * 1e6, 1), "hits": hits}


def _database(url: str, name: str, create: bool) -> str:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
    p = urlsplit(url)
    return urlunsplit((p.scheme, p.netloc, f"/{name}", p.query, p.fragment))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("OFFSETCALC_TEST_POSTGRES"))
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    for rows in (args.small, args.rows):
        export = generate(rows)
        targets = {"sqlite": str(OUT / f"bench-ledger-{rows}.db")}
        for suffix in ("", "-wal", "-shm"):
            Path(targets["sqlite"] + suffix).unlink(missing_ok=True)
        if args.postgres:
            targets["postgres"] = _database(args.postgres, f"offsetcalc_bench_{rows}", create=True)
        sys.path.insert(0, str(ROOT / "src"))
        from offsetcalc.ledger.sqlite import IMPORT_CACHE_KIB

        # The import's own page cache: with the 2 MiB default the plain load spills index pages too.
        base = {"rows": rows, "floor": floor(export, OUT / f"bench-floor-{rows}.db", IMPORT_CACHE_KIB)}
        results[f"floor-{rows}"] = base
        print(json.dumps({f"floor-{rows}": base}), file=sys.stderr, flush=True)
        for backend, target in targets.items():
            entry: dict[str, object] = {"rows": rows}
            entry["import"] = run_import(export, target)
            # Wall time follows the machine's load; CPU time (the import's process, the
            # floor's own) much less so: both ratios are reported.
            imp, flo = entry["import"], base["floor"]
            imp["ratio_to_floor"] = round(imp["seconds"] / flo["seconds"], 1)
            imp["cpu_ratio_to_floor"] = round(imp["cpu_seconds"] / flo["cpu_seconds"], 1)
            entry["probe"] = probe(target, rows)
            results[f"{backend}-{rows}"] = entry
            print(json.dumps({f"{backend}-{rows}": entry}), file=sys.stderr, flush=True)
        if args.postgres:
            hits = {results[f"{b}-{rows}"]["probe"]["hits"] for b in targets}  # type: ignore[index]
            assert len(hits) == 1, f"the backends disagree: {hits}"
            _database(args.postgres, f"offsetcalc_bench_{rows}", create=False)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
