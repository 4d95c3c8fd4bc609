"""Class 5: a failed write of standard output is an error, as a failed ``--output`` write is.

Before: ``check … --format json > file`` on a full device gave a truncated
report (or an internal error, exit 3), and a closed pipe ended silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

EXAMPLE = ROOT / "tests" / "data" / "check" / "jp-co-event-pass.yaml"


def _run_into(stdout: object, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OFFSETCALC_DEBUG"}
    return subprocess.run(
        [sys.executable, "-m", "offsetcalc", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux) to simulate a full disk")
@pytest.mark.parametrize(
    "args",
    [
        ("check", str(EXAMPLE), "--format", "json"),
        ("check", str(EXAMPLE), "--format", "csv"),
        ("check", str(EXAMPLE)),
        ("compute", str(EXAMPLE), "--format", "json"),
        ("compute", str(EXAMPLE)),
        ("stats", str(EXAMPLE), "--format", "json"),
    ],
    ids=lambda a: " ".join(x for x in a if not x.startswith("/")),
)
def test_full_disk_on_stdout_is_a_clear_error(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        proc = _run_into(full, *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot write the output: No space left on device")
    assert "internal error" not in proc.stderr


def test_reader_gone_is_a_clear_error() -> None:
    env = {k: v for k, v in os.environ.items() if k != "OFFSETCALC_DEBUG"}
    big = ROOT / "tests" / "data" / "check"
    p = subprocess.Popen(
        [sys.executable, "-m", "offsetcalc", "check", str(big), "--format", "json", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # the reader (say, `head`) has gone before the report is written
    code = p.wait(timeout=120)
    err = p.stderr.read().decode()
    p.stderr.close()
    assert code == 2 and "cannot write the output: Broken pipe" in err
