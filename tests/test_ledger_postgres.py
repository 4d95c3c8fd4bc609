"""A ledger shared by several reviewers (issue 12): same answers on SQLite and PostgreSQL, under concurrency,
with failures that lose nothing and never print a password.

Each test runs against a real server (tests/pg.py says how to get one) or skips saying how.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from offsetcalc.errors import InputError
from offsetcalc.ledger import copy_ledger, open_ledger
from offsetcalc.rules.batch import check_batch
from tests.conftest import ROOT, run_cli
from tests.pg import needs_postgres, postgres_database, server_url

DATA = Path(__file__).resolve().parent / "data"
PASSING = DATA / "check" / "jp-co-event-pass.yaml"  # claims J-VER JP-EXAMPLE-2012 101–103
TODAY = "2026-01-01"


def _submission(start: int, end: int) -> str:
    text = PASSING.read_text(encoding="utf-8")
    return text.replace("start: 101, end: 103", f"start: {start}, end: {end}")


# Eight submissions in four folders; pairs a, b, c claim shared credits from different folders.
LAYOUT = {
    "f0/a0.yaml": (101, 103),
    "f1/a1.yaml": (101, 103),
    "f1/b0.yaml": (201, 203),
    "f2/b1.yaml": (203, 205),
    "f2/c0.yaml": (301, 303),
    "f3/c1.yaml": (301, 303),
    "f3/d0.yaml": (401, 403),
    "f0/e0.yaml": (501, 503),
}
PAIRS = [("f0/a0.yaml", "f1/a1.yaml"), ("f1/b0.yaml", "f2/b1.yaml"), ("f2/c0.yaml", "f3/c1.yaml")]


@pytest.fixture
def folders(tmp_path: Path) -> Path:
    for name, (start, end) in LAYOUT.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(_submission(start, end), encoding="utf-8")
    return tmp_path


def _cli_env() -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("OFFSETCALC_LEDGER", None)
    return env


def test_four_processes_over_overlapping_folders_record_every_claim_once(folders, ledger_target):
    """Issue 12's "Done when": four reviewers at once, on either backend, one consistent ledger."""
    open_ledger(ledger_target, root=folders).close()  # the schema exists before the race starts
    runs = [("f0", "f1"), ("f1", "f2"), ("f2", "f3"), ("f3", "f0")]
    procs = [
        subprocess.Popen(
            # one --root, as reviewers sharing a ledger name it: keys relative to it
            [
                sys.executable,
                "-m",
                "offsetcalc",
                "check",
                *dirs,
                "--ledger",
                ledger_target,
                "--root",
                str(folders),
                "--jobs",
                "1",
            ],
            cwd=folders,
            env=_cli_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for dirs in runs
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode in (0, 1) and "error:" not in err, err  # 1 when it lost a race: a double claim
    with open_ledger(ledger_target, root=folders) as db:
        sources = {s["key"]: s for s in db.sources()}
        assert sorted(sources) == sorted(LAYOUT)  # every submission recorded once
        # exactly one of each double-claiming pair holds the credits; the other is recorded rejected
        for x, y in PAIRS:
            assert sorted([sources[x]["verdict"], sources[y]["verdict"]]) == ["fail", "pass"], (x, y)
        assert sources["f3/d0.yaml"]["verdict"] == sources["f0/e0.yaml"]["verdict"] == "pass"
        accepted = sorted((b["prefix"], b["start"], b["end"]) for b in db.blocks() if b["claim"] == "accepted")
    assert len(accepted) == 5
    assert all(a[2] < b[1] for a, b in itertools.pairwise(accepted))  # no two accepted overlap


@needs_postgres
def test_postgres_and_sqlite_give_the_same_report(folders, monkeypatch):
    monkeypatch.chdir(folders)
    sqlite = check_batch(["."], jobs=1, ledger=folders / "l.db", today=date(2026, 1, 1)).to_dict()
    with postgres_database() as url:
        pg = check_batch(["."], jobs=1, ledger=url, today=date(2026, 1, 1)).to_dict()
        assert "@" in pg["ledger"]["path"] and _password(url) not in json.dumps(pg)
    for d in (sqlite, pg):
        d["ledger"].pop("path")
    assert sqlite == pg


def _password(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).password or "no-password-in-url"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_that_is_down_is_one_line_naming_the_host_exit_2(folders):
    pytest.importorskip("psycopg", reason="pip install 'offsetcalc[postgres]'")
    port = _free_port()
    url = f"postgresql://reviewer:s3cret-Pw@127.0.0.1:{port}/ledger"
    r = run_cli("check", "f0", "--ledger", url, cwd=folders, env={"OFFSETCALC_LEDGER": ""})
    assert r.returncode == 2, r.stderr
    assert "s3cret-Pw" not in r.stderr + r.stdout
    assert f"127.0.0.1:{port}" in r.stderr and "Traceback" not in r.stderr
    assert len([line for line in r.stderr.splitlines() if "error:" in line]) == 1


@needs_postgres
def test_a_refused_login_names_the_host_and_never_the_password(folders):
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server_url() or "")
    wrong = urlunsplit((parts.scheme, f"offsetcalc:Wr0ng-pass@{parts.hostname}:{parts.port}", parts.path, "", ""))
    r = run_cli("ledger", "list", "--ledger", wrong, cwd=folders)
    assert r.returncode == 2
    assert "Wr0ng-pass" not in r.stderr + r.stdout and f"{parts.hostname}:{parts.port}" in r.stderr
    assert "password authentication failed" in r.stderr


@needs_postgres
def test_the_environment_gives_the_ledger_and_the_password(folders):
    from urllib.parse import urlsplit, urlunsplit

    with postgres_database() as url:
        parts = urlsplit(url)
        bare = urlunsplit((parts.scheme, f"{parts.username}@{parts.hostname}:{parts.port}", parts.path, "", ""))
        env = {"OFFSETCALC_LEDGER": bare, "PGPASSWORD": parts.password or ""}
        r = run_cli("check", "f3", "--format", "json", cwd=folders, env=env)
        assert r.returncode == 0, r.stderr
        report = json.loads(r.stdout)
        assert report["ledger"]["path"] == bare and report["ledger"]["recorded"] == 2
        assert (parts.password or "?") not in r.stdout + r.stderr


@needs_postgres
def test_a_connection_dropped_mid_batch_loses_nothing_and_a_rerun_completes(folders, monkeypatch):
    import psycopg

    monkeypatch.chdir(folders)
    with postgres_database() as url:
        dbname = url.rsplit("/", 1)[1]

        def drop(done: int, total: int) -> None:
            if done == 2:  # after two submissions: the server ends our session
                with psycopg.connect(url, autocommit=True) as admin:
                    admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = %s AND application_name = 'offsetcalc'",
                        (dbname,),
                    )

        with pytest.raises(InputError) as info:
            check_batch(["f0", "f1"], jobs=1, ledger=url, progress=drop, today=date(2026, 1, 1))
        message = str(info.value)
        assert "lost the connection" in message and _password(url) not in message
        with open_ledger(url) as db:
            assert all(s["blocks"] == 1 for s in db.sources())  # whole submissions only
            assert len(db.sources()) == 2
        again = check_batch(["f0", "f1"], jobs=1, ledger=url, today=date(2026, 1, 1))
        assert [r.verdict for r in again.results] == ["pass", "pass", "fail", "pass"]  # a1 double-claims a0
        with open_ledger(url) as db:
            assert len(db.sources()) == 4


@needs_postgres
def test_copy_is_lossless_both_ways(folders, monkeypatch, tmp_path):
    monkeypatch.chdir(folders)
    first = folders / "first.db"
    check_batch(["."], jobs=1, ledger=first, today=date(2026, 1, 1))
    with open_ledger(first) as db:
        expected_sources, expected_blocks = db.sources(), list(db.blocks())
    assert any(s["verdict"] == "fail" for s in expected_sources)
    back = tmp_path / "back.db"
    with postgres_database() as url:
        r = run_cli("ledger", "copy", "--from", str(first), "--to", url, cwd=folders)
        assert r.returncode == 0, r.stderr
        assert "8 sources, 8 blocks" in r.stdout and _password(url) not in r.stdout
        with open_ledger(url) as db:
            assert db.sources() == expected_sources and list(db.blocks()) == expected_blocks
            # the copied claims still hold their credits there
            (c,) = [
                f
                for f in db.record_submission("new.yaml", "h", _claims_of("f0/a0.yaml"), dry_run=True)
                if f.severity == "error"
            ]
            assert c.rule == "ledger.double-claim"
        assert copy_ledger(url, back) == {"sources": 8, "blocks": 8}
        # into a ledger that already holds sources: refused, exit 2
        r = run_cli("ledger", "copy", "--from", str(first), "--to", url, cwd=folders)
        assert r.returncode == 2 and "empty" in r.stderr
    with open_ledger(back) as db:
        assert db.sources() == expected_sources and list(db.blocks()) == expected_blocks


def _claims_of(name: str) -> list:
    from offsetcalc.api import compute
    from offsetcalc.ledger.core import claims_from_result

    return claims_from_result(compute(name))


@needs_postgres
def test_migrate_and_list_work_on_postgres(folders):
    with postgres_database() as url:
        r = run_cli("ledger", "list", "--ledger", url, cwd=folders)
        assert r.returncode == 2 and "no offsetcalc ledger" in r.stderr  # listing never creates one
        assert run_cli("check", "f3", "--ledger", url, cwd=folders).returncode == 0
        r = run_cli("ledger", "migrate", "--ledger", url, cwd=folders)
        assert r.returncode == 0 and "nothing to do" in r.stdout and _password(url) not in r.stdout
        r = run_cli("ledger", "list", "--ledger", url, "--format", "json", "--registry", "J-Credit", cwd=folders)
        assert r.returncode == 0 and len(json.loads(r.stdout)["blocks"]) == 2


def test_the_readme_says_how_to_run_the_postgres_tests():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OFFSETCALC_TEST_POSTGRES" in text and ".ci/pg-start" in text
