"""Batch check with a ledger: 10,000 generated submissions, time and peak memory.

    python benchmarks/bench_batch.py                 # generate, check, compare, print a table
    python benchmarks/bench_batch.py --files 2000 --jobs 2 --blocks 200000
    python benchmarks/bench_batch.py --blocks 0 --repeat 3   # jobs 1 vs 2, best of three each

Steps (everything written goes to benchmarks/out/, which git ignores):

1. Generate ``--files`` jp-co event submissions (seeded, so every run is the
   same): 3–12 activities each (built-in and inline factors), 1–3 credits with
   explicit J-VER blocks or CDM CER serials; about 1 % claim a block another file
   already claims (double counting the ledger must catch) and 0.5 % are broken
   YAML (verdict error).
2. Baseline: ``yaml.safe_load`` of every file in one process (the target is a
   batch check within 5 × of this), and the same with the C loader for reference.
3. ``offsetcalc check DIR --ledger DB --jobs N --format json --output FILE`` as
   a subprocess, into a fresh ledger, then again into the filled ledger (the
   idempotent re-check). Wall time, and peak memory as the largest sum of the
   resident sizes of the command and its workers (sampled from /proc every 20 ms).
4. Cores: the same check without a ledger at ``--jobs 1`` and ``--jobs 2``
   (the ratio is the speed-up; target >= 1.6 on two cores), and the ledger run
   against ``yaml.load`` with the C loader (target <= 2). With ``--repeat N``
   each timed run is made N times and the fastest kept; the load average
   before every run is recorded, because the machine may be shared.
5. The ledger's overlap lookup with ``--blocks`` blocks (default one million):
   the size-class index offsetcalc uses against a plain (registry, prefix,
   start) index, same data, same 2,000 random probes.

The report of step 3 is checked for completeness (every file once, the double
claims found) so a fast but wrong run cannot pass.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"

EXCLUSIONS = """exclusions:
  - {source: accommodation, reason: "day event, nobody stayed overnight"}
  - {source: printed-matter, reason: "invitations by e-mail"}
  - {source: catering, reason: "no food or drink served"}
  - {source: waste, reason: "participants took their waste home"}
reduction_plan:
  description: car sharing for staff, rail for participants
  measures: [car sharing, LED lighting]
  targets:
    - {description: "staff car use halved", year: 2014, baseline_year: 2013, reduction_percent: 50}
"""

ACTIVITIES = [
    ("travel", "{q} L", "fuel.gasoline", (20, 800)),
    ("travel", "{q} person * 120 km", "transport.passenger.rail", (10, 400)),
    ("travel", "{q} person * 40 km", "transport.passenger.bus", (10, 300)),
    ("venue", "{q} kWh", "electricity.jp.default", (100, 20_000)),
    ("venue", "{q} L", '{value: 2.49, unit: t-CO2 / kL, source: "SHK 2006 kerosene"}', (10, 500)),
]


def generate(folder: Path, n: int, seed: int = 4) -> dict[str, int]:
    """Write ``n`` submissions; returns how many of each kind were made."""
    rnd = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    claimed: list[str] = []
    counts = {"files": n, "double": 0, "broken": 0}
    next_unit = 1
    for i in range(n):
        path = folder / f"{i // 1000:02d}" / f"sub-{i:05d}.yaml"
        path.parent.mkdir(exist_ok=True)
        if rnd.random() < 0.005:
            path.write_text("offsetcalc: 1\nkind: [event\ntitle: broken\n", encoding="utf-8")
            counts["broken"] += 1
            continue
        acts = []
        # an event's boundary (jp-co): at least one travel and one venue source
        picks = [ACTIVITIES[0], ACTIVITIES[3]] + [rnd.choice(ACTIVITIES) for _ in range(rnd.randint(1, 10))]
        for j, (cat, qty, factor, (lo, hi)) in enumerate(picks):
            acts.append(
                f"  - {{id: a{j}, category: {cat}, quantity: {qty.format(q=rnd.randint(lo, hi))}, factor: {factor}}}"
            )
        credits = []
        for _ in range(rnd.randint(1, 3)):
            size = rnd.randint(1, 40)
            if claimed and rnd.random() < 0.004:  # about 1 % of files: a block someone else claims
                serial = rnd.choice(claimed)
                counts["double"] += 1
                size = int(serial.split("end: ")[1].rstrip("}")) - int(serial.split("start: ")[1].split(",")[0]) + 1
                ctype = "J-VER"
            elif rnd.random() < 0.3:
                start = 1_400_000 + next_unit  # CERs in the CDM registry's form (domain.md §4)
                serial = f'"IN-5-{start}-2-2-0-1234 - IN-5-{start + size - 1}-2-2-0-1234"'
                ctype = "CER"
            else:
                serial = f'{{prefix: "JP-BENCH-2012", start: {next_unit}, end: {next_unit + size - 1}}}'
                claimed.append(serial)
                ctype = "J-VER"
            next_unit += size
            credits.append(
                f"  - {{type: {ctype}, quantity: {size} t-CO2, project: Bench forest project, serial: {serial}, "
                f"vintage: 2012, retired_on: 2013-07-15, evidence: notice {i}}}"
            )
        path.write_text(
            "offsetcalc: 1\nkind: event\n"
            f"title: Generated event {i}\noffsetter: Generated Org {i % 97}\n"
            "period: {start: 2013-06-01, end: 2013-06-30}\nstandard: jp-co\n"
            f"industry: {rnd.choice(['services', 'manufacturing', 'retail', 'transport'])}\ngwp: AR4\n"
            "activities:\n" + "\n".join(acts) + "\n" + EXCLUSIONS + "credits:\n" + "\n".join(credits) + "\n",
            encoding="utf-8",
        )
    return counts


def baseline(files: list[Path], csafe_only: bool = False) -> dict[str, float]:
    import yaml

    out = {}
    loaders = (("safe_load", yaml.SafeLoader), ("csafe_load", getattr(yaml, "CSafeLoader", None)))
    for name, loader in loaders[1:] if csafe_only else loaders:
        if loader is None:
            continue
        t, c = time.perf_counter(), time.process_time()
        for f in files:
            # the broken files are part of the set
            with open(f, encoding="utf-8") as handle, contextlib.suppress(yaml.YAMLError):
                yaml.load(handle, Loader=loader)
        out[name] = time.perf_counter() - t
        out[f"{name}_cpu"] = time.process_time() - c
    return out


def _tree_rss_kib(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of a process and all its descendants [KiB]; ``cpu`` gets each one's CPU seconds so far."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            if cpu is not None:
                with open(f"/proc/{p}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                cpu[p] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def run_check(folder: Path, ledger: Path | None, report: Path, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-m", "offsetcalc", "check", str(folder), "--jobs", str(jobs)]
    cmd += ["--ledger", str(ledger)] if ledger is not None else []
    cmd += ["--format", "json", "--output", str(report)]
    load = os.getloadavg()[0]
    cpu: dict[int, float] = {}
    peak = 0
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(proc.pid, cpu))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"check failed with exit {proc.returncode}:\n{err}")
    # CPU of the command and of every process under it, sampled with the memory (the last
    # 20 ms of each process are missed): on a shared machine the wall time depends on the
    # others' load, the CPU time much less. The parent's share is what one core must do alone.
    return {
        "seconds": elapsed,
        "cpu_seconds": sum(cpu.values()),
        "parent_cpu_seconds": cpu.get(proc.pid, 0.0),
        "peak_rss_mib": peak / 1024,
        "exit": proc.returncode,
        "load_before": load,
    }


def best_of(n: int, run: Any) -> dict[str, float]:
    """The fastest of ``n`` runs (the others were slowed by other work on the machine), with every time kept."""
    runs = [run() for _ in range(max(1, n))]
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "all_seconds": [r["seconds"] for r in runs], "all_load_before": [r["load_before"] for r in runs]}


def fresh(ledger: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{ledger}{suffix}").unlink(missing_ok=True)
    return ledger


def compare_cores(folder: Path, files: list[Path], counts: dict[str, int], repeat: int) -> dict[str, Any]:
    """The check without a ledger at --jobs 1 and --jobs 2 (each the best of ``repeat``)."""
    report = OUT / "cores-report.json"
    runs = {}
    for jobs in (1, 2):
        runs[jobs] = best_of(repeat, lambda jobs=jobs: run_check(folder, None, report, jobs))
        got = json.loads(report.read_text(encoding="utf-8"))
        assert len(got["results"]) == len(files) and got["summary"]["error"] == counts["broken"], got["summary"]
    one, two = runs[1], runs[2]
    # What two idle cores would allow: the parent's own work is serial, the rest splits in two.
    bound = one["cpu_seconds"] / max(two["parent_cpu_seconds"], two["cpu_seconds"] / 2)
    return {
        "jobs_1": one,
        "jobs_2": two,
        "speedup_wall": one["seconds"] / two["seconds"],
        "speedup_cpu_bound": bound,
    }


def print_cores(cores: dict[str, Any]) -> None:
    for jobs in (1, 2):
        r = cores[f"jobs_{jobs}"]
        print(
            f"  check, no ledger, --jobs {jobs}       {r['seconds']:7.2f} s   CPU {r['cpu_seconds']:.1f} s"
            f" (parent {r['parent_cpu_seconds']:.1f} s)   load before {r['load_before']:.1f}"
        )
    print(
        f"  speed-up of --jobs 2: {cores['speedup_wall']:.2f} x wall clock (target >= 1.6); "
        f"{cores['speedup_cpu_bound']:.2f} x from CPU times (what two idle cores allow)"
    )


def lookup_bench(n_blocks: int, probes: int = 2000, seed: int = 9) -> dict[str, float]:
    """Overlap lookups in a ledger of ``n_blocks``: size classes against a plain start index."""
    sys.path.insert(0, str(ROOT / "src"))
    from offsetcalc.credits import Block
    from offsetcalc.ledger.sqlite import Ledger

    path = OUT / "lookup.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rnd = random.Random(seed)
    db = Ledger(path)
    t = time.perf_counter()
    rows = []
    # 1,000 batches (prefixes); mostly small blocks, a few large issuance-sized ones
    for i in range(n_blocks):
        prefix = f"JP-{i % 1000:04d}"
        start = (i // 1000) * 1_000 + rnd.randint(0, 500)
        size = rnd.choice((1, 3, 10, 40, 100)) if rnd.random() > 0.001 else rnd.randint(10_000, 5_000_000)
        end = start + size - 1
        rows.append(("J-VER", prefix, start, end, (end - start).bit_length(), "retired", *(None,) * 9))
    with db.transaction():
        sid, _ = db._replace_source("submission", "bulk", "-", registry=None, title=None, beneficiary=None)
        db._insert_blocks(sid, rows)
    fill = time.perf_counter() - t
    queries = [(f"JP-{rnd.randint(0, 999):04d}", rnd.randint(0, n_blocks)) for _ in range(probes)]
    t = time.perf_counter()
    hits = sum(len(db.overlapping(Block("J-VER", p, s, s + 20))) for p, s in queries)
    ours = (time.perf_counter() - t) / probes
    db.close()
    con = sqlite3.connect(path)
    con.execute("CREATE INDEX naive ON blocks (registry, prefix, start)")
    t = time.perf_counter()
    naive_hits = 0
    for p, s in queries:
        naive_hits += len(
            con.execute(
                "SELECT id FROM blocks INDEXED BY naive "
                'WHERE registry = ? AND prefix = ? AND start <= ? AND "end" >= ?',
                ("J-VER", p, s + 20, s),
            ).fetchall()
        )
    naive = (time.perf_counter() - t) / probes
    con.close()
    assert hits == naive_hits, (hits, naive_hits)  # same answers, or the comparison means nothing
    return {
        "blocks": n_blocks,
        "fill_seconds": fill,
        "lookup_us": ours * 1e6,
        "naive_lookup_us": naive * 1e6,
        "hits": hits,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--blocks", type=int, default=1_000_000, help="ledger size for the lookup benchmark (0: skip)")
    ap.add_argument("--repeat", type=int, default=1, help="time each check N times and keep the fastest")
    ap.add_argument("--cores-only", action="store_true", help="only the --jobs 1 / --jobs 2 comparison")
    ap.add_argument(
        "--ledger-only", action="store_true", help="only the ledger runs (fresh, re-check) against CSafeLoader"
    )
    args = ap.parse_args()

    folder = OUT / "batch"
    counts = generate(folder, args.files)
    files = sorted(folder.rglob("*.yaml"))
    if args.cores_only:
        cores = compare_cores(folder, files, counts, args.repeat)
        (OUT / "bench_batch_cores.json").write_text(json.dumps(cores, indent=2) + "\n", encoding="utf-8")
        print(f"{len(files):,} submissions on {os.cpu_count()} CPUs")
        print_cores(cores)
        return
    base = baseline(files, csafe_only=args.ledger_only)
    ledger, report = OUT / "batch.db", OUT / "batch-report.json"
    first = best_of(args.repeat, lambda: run_check(folder, fresh(ledger), report, args.jobs))
    if args.ledger_only:  # the baseline again, after: the machine's load moves during a run
        base = {k: min(v, baseline(files, csafe_only=True)[k]) for k, v in base.items()}
    data = json.loads(report.read_text(encoding="utf-8"))
    results = data["results"]
    assert len(results) == len({r["source"] for r in results}) == len(files), "every file exactly once"
    doubles = sum(1 for r in results if any(f["rule"] == "ledger.double-claim" for f in r["findings"]))
    errors = data["summary"]["error"]
    assert errors == counts["broken"], (errors, counts)
    assert doubles > 0 and doubles <= counts["double"], (doubles, counts)
    first_bytes = report.read_bytes()
    again = run_check(folder, ledger, report, args.jobs)
    assert report.read_bytes() == first_bytes, "re-check is idempotent (byte-identical JSON)"
    cores = None if args.ledger_only else compare_cores(folder, files, counts, args.repeat)
    lookup = lookup_bench(args.blocks) if args.blocks and not args.ledger_only else None
    # What two idle cores would allow (as for --jobs): the parent's share is serial, the rest splits.
    cores_bound = max(first["parent_cpu_seconds"], first["cpu_seconds"] / min(2, args.jobs))

    summary = {
        "files": len(files),
        "jobs": args.jobs,
        "cpus": os.cpu_count(),
        "generated": counts,
        "verdicts": data["summary"],
        "double_claims_found": doubles,
        "ledger": data.get("ledger"),
        "baseline_seconds": base,
        "check_fresh_ledger": first,
        "check_filled_ledger": again,
        "ratio_to_safe_load": first["seconds"] / base["safe_load"] if "safe_load" in base else None,
        "ratio_to_csafe_load": first["seconds"] / base["csafe_load"] if "csafe_load" in base else None,
        "ratio_to_csafe_load_cpu": cores_bound / base["csafe_load_cpu"] if "csafe_load" in base else None,
        "load_average_end": os.getloadavg(),
        "cores": cores,
        "lookup": lookup,
    }
    (OUT / "bench_batch.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"{len(files):,} submissions, {args.jobs} jobs on {os.cpu_count()} CPUs; verdicts {data['summary']}")
    if "safe_load" in base:
        print(f"  yaml.safe_load, one process      {base['safe_load']:7.2f} s")
    if "csafe_load" in base:
        print(f"  yaml CSafeLoader, one process    {base['csafe_load']:7.2f} s   CPU {base['csafe_load_cpu']:.2f} s")
    print(
        f"  check + ledger (fresh)           {first['seconds']:7.2f} s   CPU {first['cpu_seconds']:.1f} s"
        f" (parent {first['parent_cpu_seconds']:.1f} s)   peak {first['peak_rss_mib']:.0f} MiB"
        f"   load before {first['load_before']:.1f}"
    )
    if "safe_load" in base:
        print(f"  check + ledger / safe_load       {summary['ratio_to_safe_load']:7.2f} x (target <= 5)")
    print(f"  check + ledger (re-check)        {again['seconds']:7.2f} s   peak {again['peak_rss_mib']:.0f} MiB")
    if summary["ratio_to_csafe_load"] is not None:
        print(
            f"  check + ledger / CSafeLoader     {summary['ratio_to_csafe_load']:7.2f} x wall clock (target <= 2); "
            f"{summary['ratio_to_csafe_load_cpu']:.2f} x from CPU times (what two idle cores allow)"
        )
    print(f"  load average at the end          {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if cores is not None:
        print_cores(cores)
    print(f"  double claims found              {doubles} (generated {counts['double']} reused blocks)")
    if lookup:
        print(
            f"  ledger of {lookup['blocks']:,} blocks: filled in {lookup['fill_seconds']:.1f} s; overlap lookup "
            f"{lookup['lookup_us']:.0f} us (size classes) vs {lookup['naive_lookup_us']:.0f} us (start index)"
        )


if __name__ == "__main__":
    main()
