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


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run a test from the repository root (examples use relative paths)."""
    monkeypatch.chdir(ROOT)
    return ROOT


# Every ledger test runs on each backend: SQLite, and PostgreSQL when a server is available (tests/pg.py).
from tests.pg import ledger_target  # noqa: E402,F401
