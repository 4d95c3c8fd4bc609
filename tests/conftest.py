"""Shared test helpers: the repository root, running the CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

# The unit-conversion cache (offsetcalc.unit_cache) goes to a folder of this test run,
# not the user's cache: tests start cold and leave nothing behind in ~/.cache.
os.environ.setdefault("OFFSETCALC_CACHE_DIR", tempfile.mkdtemp(prefix="offsetcalc-test-cache-"))


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m offsetcalc ARGS`` as a user runs it (stdout, stderr, exit code)."""
    full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
    full_env.pop("OFFSETCALC_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "offsetcalc", *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120
    )


def compute_event_json(folder: Path, start: str, end: str, activity: str) -> dict:
    """``offsetcalc compute --format json`` of a one-activity event file written to ``folder``
    (``activity`` is the activity's YAML flow mapping); fails the test on a non-zero exit."""
    import json

    p = folder / "event.yaml"
    p.write_text(
        f"offsetcalc: 1\nkind: event\ntitle: one activity\nperiod: {{start: {start}, end: {end}}}\n"
        f"activities:\n  - {activity}\n",
        encoding="utf-8",
    )
    r = run_cli("compute", str(p), "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run a test from the repository root (examples use relative paths)."""
    monkeypatch.chdir(ROOT)
    return ROOT


# Every ledger test runs on each backend: SQLite, and PostgreSQL when a server is available (tests/pg.py).
from tests.pg import ledger_target  # noqa: E402,F401
