"""Helpers for the hostile-input tests: a minimal submission, the CLI run without root's powers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

__all__ = ["ROOT", "organization", "run_cli", "run_unprivileged"]


def organization(folder: Path, table: str, *, name: str = "org.yaml", sheet: str | None = None) -> Path:
    """An organisation activity file in ``folder`` whose only activities come from ``table``."""
    sheet_line = f"\n    sheet: {sheet!r}" if sheet else ""
    text = (
        "offsetcalc: 1\nkind: organization\ntitle: t\noffsetter: o\n"
        "period: {start: 2014-04-01, end: 2015-03-31}\n"
        f"activities_from:\n  - path: {table!r}{sheet_line}\n"
        "activities: []\ncredits: []\n"
    )
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def _unprivileged_prefix() -> list[str] | None:
    """How to run a command without root's power to read anything: nothing, or ``unshare --user``.

    In a new user namespace root's uid is unmapped, so permission bits apply to
    it as to anyone: a mode-000 file is unreadable, as it is for the users the
    tests speak for.
    """
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "--user", "true"], capture_output=True)
    return [unshare, "--user"] if probe.returncode == 0 else None


def run_unprivileged(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m offsetcalc ARGS`` without the power to ignore file permissions."""
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root without 'unshare --user': permissions cannot be tested; run as a normal user")
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("OFFSETCALC_DEBUG", None)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "offsetcalc", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
