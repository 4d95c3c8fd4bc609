"""Run a command in a fresh process: wall time and peak memory (resource.getrusage of the child)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def run(argv: list[str], repeat: int = 3) -> tuple[float, float]:
    """Best wall time (s) of ``repeat`` runs and the peak RSS (MB) over them; output discarded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        best = min(best, time.perf_counter() - t)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed:\n{proc.stderr.decode()[-2000:]}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    return best, peak_mb


def offsetcalc(*args: str) -> list[str]:
    return [sys.executable, "-m", "offsetcalc", *args]
