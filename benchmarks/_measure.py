"""Run a command in a fresh process: wall time and peak memory (resource.getrusage of the child)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def run(argv: list[str], repeat: int = 3) -> tuple[float, float]:
    """Best wall time (s) of ``repeat`` runs and the largest peak RSS (MB) of those runs; output discarded."""
    best, peak, _ = run_output(argv, repeat)
    return best, peak


LAST_CPU: list[float] = []  # CPU seconds (user + system) of each run of the last call, in order


def run_output(argv: list[str], repeat: int = 3) -> tuple[float, float, int]:
    """Like :func:`run`, plus the size in bytes of the command's stdout (counted, not kept).

    Peak memory is each child's own ``ru_maxrss`` (os.wait4), not the running maximum
    over all children that RUSAGE_CHILDREN would give.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    # Measure what an installed offsetcalc runs: pip compiles a wheel's bytecode at install,
    # so the modules are not compiled from source on every start (an environment that sets
    # PYTHONDONTWRITEBYTECODE would charge offsetcalc ~0.1 s per run that typer, installed
    # with its bytecode, never pays).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    best, peak, size = float("inf"), 0.0, 0
    LAST_CPU.clear()
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        size = 0
        assert proc.stdout is not None
        while chunk := proc.stdout.read(1 << 20):
            size += len(chunk)
        err = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        best = min(best, time.perf_counter() - t)
        peak = max(peak, usage.ru_maxrss / 1024)  # kB on Linux
        LAST_CPU.append(usage.ru_utime + usage.ru_stime)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed:\n{err.decode()[-2000:]}")
    return best, peak, size


def offsetcalc(*args: str) -> list[str]:
    return [sys.executable, "-m", "offsetcalc", *args]
