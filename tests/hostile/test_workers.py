"""Class 7: batch workers die with their parent, and a crashed worker costs its own file only.

Before: after kill -9 of the parent alone, the forkserver and the workers lived
on for good (holding the caller's stdout open, so a pipeline waited for ever);
after a worker crash the rest of the batch ran one process per file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

PASSING = ROOT / "tests" / "data" / "check" / "jp-co-event-pass.yaml"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry))
    return out


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for c in _children(todo.pop()):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _batch(tmp_path: Path, n: int) -> Path:
    subs = tmp_path / "subs"
    subs.mkdir()
    # Each copy claims its own serial block: copies of one block would be double claims
    # (caught within a batch even without --ledger), and every file must pass here.
    text = PASSING.read_text(encoding="utf-8")
    assert 'prefix: "JP-EXAMPLE-2012"' in text
    for i in range(n):
        own = text.replace('prefix: "JP-EXAMPLE-2012"', f'prefix: "JP-EXAMPLE-2012-{i}"')
        (subs / f"s{i:05d}.yaml").write_text(own, encoding="utf-8")
    return subs


def _start(subs: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "OFFSETCALC_DEBUG"}
    with open(out, "wb") as f:
        return subprocess.Popen(
            [sys.executable, "-m", "offsetcalc", "check", str(subs), "--jobs", "2", "--format", "json"],
            stdout=f,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )


def _workers(parent: int, timeout: float = 60) -> set[int]:
    """The batch's worker processes (grandchildren through the forkserver), once there are two."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        grand = {g for c in _children(parent) for g in _children(c)}
        if len(grand) >= 2:
            return grand
        time.sleep(0.05)
    pytest.fail("the batch started no workers")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=lambda s: s.name)
def test_workers_die_with_a_killed_parent(tmp_path: Path, sig: signal.Signals) -> None:
    proc = _start(_batch(tmp_path, 1500), tmp_path / "out.json")
    _workers(proc.pid)
    family = _descendants(proc.pid)
    os.kill(proc.pid, sig)  # the parent alone
    proc.wait(timeout=30)
    assert proc.stderr is not None
    proc.stderr.close()
    end = time.monotonic() + 15
    while time.monotonic() < end and any(_alive(p) for p in family):
        time.sleep(0.1)
    left = [p for p in family if _alive(p)]
    for p in left:  # do not leave them behind if the test fails
        os.kill(p, signal.SIGKILL)
    assert not left, "forkserver or workers outlived their parent"


def test_a_killed_worker_costs_no_file_and_no_process_per_file(tmp_path: Path) -> None:
    n = 1500
    out = tmp_path / "out.json"
    proc = _start(_batch(tmp_path, n), out)
    first = _workers(proc.pid)
    os.kill(min(first), signal.SIGKILL)  # what the memory killer does
    seen: set[int] = set(first)
    while proc.poll() is None:  # every worker process the batch ever runs (each lives far longer than 50 ms)
        seen |= {g for c in _children(proc.pid) for g in _children(c)}
        time.sleep(0.05)
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.returncode == 0, err
    report = json.loads(out.read_text())
    assert report["summary"] == {"files": n, "pass": n, "fail": 0, "error": 0}
    # 2 first workers + 2 in the rebuilt pool + 1 for the suspects, give or take a rebuild: not ~1,000.
    assert len(seen) <= 12, f"{len(seen)} worker processes for one crash"
