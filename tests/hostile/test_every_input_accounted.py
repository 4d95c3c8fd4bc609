"""Class 4: one submission never sinks a batch; every input named appears in the report.

Before: a symlink loop gave an internal error (exit 3) in ``check``, ``stats``
and ``factors validate``; an unreadable file named on the command line was a
usage error; a folder without search permission was an internal error; a
subfolder with mode 000 was skipped silently and its files never appeared.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli, run_unprivileged

PASSING = ROOT / "tests" / "data" / "check" / "jp-co-event-pass.yaml"


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder of submissions with everything that used to sink a batch."""
    subs = tmp_path / "subs"
    (subs / "ok").mkdir(parents=True)
    shutil.copy(PASSING, subs / "ok" / "a.yaml")
    (subs / "locked").mkdir()
    shutil.copy(PASSING, subs / "locked" / "hidden.yaml")
    (subs / "locked").chmod(0)
    (subs / "nosearch").mkdir()
    shutil.copy(PASSING, subs / "nosearch" / "y.yaml")
    (subs / "nosearch").chmod(0o644)  # listable, not searchable
    (subs / "self.yaml").symlink_to("self.yaml")  # a link loop
    shutil.copy(PASSING, subs / "unread.yaml")
    (subs / "unread.yaml").chmod(0)
    yield subs
    (subs / "locked").chmod(0o755)
    (subs / "nosearch").chmod(0o755)


def _sources(stdout: str) -> dict[str, str]:
    return {r["source"]: r["verdict"] for r in json.loads(stdout)["results"]}


def test_check_reports_every_input_of_a_hostile_folder(hostile_folder: Path) -> None:
    proc = run_unprivileged("check", str(hostile_folder), "--format", "json", "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    got = _sources(proc.stdout)
    s = str(hostile_folder)
    assert got == {
        f"{s}/ok/a.yaml": "pass",
        f"{s}/locked": "error",  # its files could not be listed: said, not skipped
        f"{s}/nosearch/y.yaml": "error",
        f"{s}/self.yaml": "error",
        f"{s}/unread.yaml": "error",
    }


def test_check_of_a_glob_reports_folders_it_could_not_read(hostile_folder: Path) -> None:
    proc = run_unprivileged("check", f"{hostile_folder}/*/*.yaml", "--format", "json", "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    got = _sources(proc.stdout)
    assert got[f"{hostile_folder}/locked"] == "error"
    assert got[f"{hostile_folder}/ok/a.yaml"] == "pass"


def test_a_file_behind_a_folder_without_search_permission_is_a_result(hostile_folder: Path) -> None:
    proc = run_unprivileged("check", f"{hostile_folder}/nosearch/y.yaml", "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert _sources(proc.stdout) == {f"{hostile_folder}/nosearch/y.yaml": "error"}


def test_stats_and_factors_validate_survive_a_link_loop(hostile_folder: Path) -> None:
    stats = run_unprivileged("stats", str(hostile_folder), "--format", "json")
    assert stats.returncode in (0, 1) and "internal error" not in stats.stderr, stats.stderr
    validate = run_cli("factors", "validate", str(hostile_folder / "self.yaml"))
    assert validate.returncode == 1 and "internal error" not in validate.stderr
    assert "self.yaml" in validate.stdout + validate.stderr


def test_compute_on_an_unreadable_file_is_one_error_line(hostile_folder: Path) -> None:
    proc = run_unprivileged("compute", str(hostile_folder / "unread.yaml"))
    assert proc.returncode == 2
    assert "Usage:" not in proc.stderr
    assert proc.stderr.startswith(f"{hostile_folder}/unread.yaml: error: ") and "permission denied" in proc.stderr
