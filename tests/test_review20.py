"""review20: review of ``ledger migrate`` to schema 3, the Verra unit lookups and ``report --ledger``.

Each test here failed before the fix next to it (see /work/notes/review20.md), except those
marked as controls.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from offsetcalc.credits import Block
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.core import Claim
from tests.conftest import run_cli
from tests.pg import needs_postgres, postgres_database

#: Two Verra batches as a claim spells them today (with ``VCS-``) and as offsetcalc before
#: redteam4 stored a serial written without it.
NEW_1 = "19381-VCS-VCU-1310-VER-CN-13-3005-1012022-31102022-0"
OLD_1 = "19381-VCU-1310-VER-CN-13-3005-1012022-31102022-0"
NEW_2 = "19382-VCS-VCU-1310-VER-CN-13-3005-1012022-31102022-0"
OLD_2 = "19382-VCU-1310-VER-CN-13-3005-1012022-31102022-0"


def _claim(prefix: str, start: int, end: int, who: str) -> Claim:
    return Claim(Block("verra", prefix, start, end), beneficiary=who)


def _as_schema_2(target: str) -> None:
    """Turn a new ledger into the schema-2 ledger it would have been (schema 3 only adds the unit lookup)."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as con:
            con.execute("DROP INDEX offsetcalc.blocks_verra_units")
            con.execute("UPDATE offsetcalc.meta SET value = '2' WHERE key = 'schema_version'")
        return
    con = sqlite3.connect(target)
    con.execute("DROP INDEX blocks_units")
    con.execute("DROP TABLE unit_classes")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()


def _claims(target: str) -> dict[str, set[str]]:
    with open_ledger(target, readonly=True) as ledger:
        out: dict[str, set[str]] = {}
        for b in ledger.blocks():
            out.setdefault(b["source"], set()).add(b["claim"])
        return out


# --------------------------------------------------------------------------- 1. migrate


def test_migrate_rejects_no_claim_for_meeting_a_claim_the_migration_itself_rejects(ledger_target: str) -> None:
    """a.yaml (first), s.yaml (second, old spelling), u.yaml (third). Re-spelled, s.yaml's first block meets
    u.yaml's and its second meets a.yaml's: s.yaml is the later claim of a.yaml's credits and is rejected, and
    a rejected claim blocks nobody — so u.yaml keeps its credits. Before the fix s.yaml's first block rejected
    u.yaml (s.yaml was not yet known to be rejected): two claims rejected where the ledger's rule rejects one."""
    with open_ledger(ledger_target) as ledger:
        assert ledger.record_submission("a.yaml", "sha-a", [_claim(NEW_2, 500, 520, "A Co")]) == []
        ledger.record_submission("s.yaml", "sha-s", [_claim(OLD_1, 100, 149, "S Co"), _claim(OLD_2, 510, 515, "S Co")])
        ledger.record_submission("u.yaml", "sha-u", [_claim(NEW_1, 120, 130, "U Co")])
    assert _claims(ledger_target) == {"a.yaml": {"accepted"}, "s.yaml": {"accepted"}, "u.yaml": {"accepted"}}
    _as_schema_2(ledger_target)
    with open_ledger(ledger_target, migrate=True) as ledger:
        report = ledger.migration
    assert report.rejected == [("s.yaml", "a.yaml")]
    assert _claims(ledger_target) == {"a.yaml": {"accepted"}, "s.yaml": {"rejected"}, "u.yaml": {"accepted"}}
    with open_ledger(ledger_target) as ledger:  # and the ledger agrees when each is checked again
        assert [f.rule for f in ledger.record_submission("u.yaml", "sha-u", [_claim(NEW_1, 120, 130, "U Co")])] == [
            "ledger.rejected-claim"
        ]


def test_migrate_keeps_the_first_of_two_old_spellings_meeting_each_other(ledger_target: str) -> None:
    """Control (passed before): both claims re-spelled, the one recorded first keeps the credits."""
    with open_ledger(ledger_target) as ledger:
        ledger.record_submission("a.yaml", "sha-a", [_claim(OLD_1, 100, 149, "A Co")])
        ledger.record_submission("b.yaml", "sha-b", [_claim(OLD_1.lower(), 149, 160, "B Co")])
    _as_schema_2(ledger_target)
    with open_ledger(ledger_target, migrate=True) as ledger:
        assert ledger.migration.rejected == [("b.yaml", "a.yaml")]
    assert _claims(ledger_target) == {"a.yaml": {"accepted"}, "b.yaml": {"rejected"}}


def test_ctrl_c_during_a_sqlite_migration_is_ctrl_c_and_keeps_the_ledger(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C inside a statement of the migration reaches SQLite's progress handler, which aborts the
    statement (SQLITE_INTERRUPT). Before the fix that abort was read as a damaged file: 'not an offsetcalc
    ledger' (exit 2) about a ledger that is fine; now it is Ctrl-C (exit 130), and the ledger is as it was."""
    from offsetcalc.ledger.core import LedgerBase

    db = str(tmp_path / "l.db")
    with open_ledger(db) as ledger:
        ledger.record_submission("a.yaml", "sha-a", [_claim(OLD_1, 100, 149, "A Co")])
    _as_schema_2(db)
    original = LedgerBase._recanonicalise

    def interrupted(self):
        pending = [True]

        def signal_arrives() -> int:  # what _let_signals_in does when the signal is pending: abort, once
            return int(pending.pop()) if pending else 0

        self._db.set_progress_handler(signal_arrives, 1)
        return original(self)

    monkeypatch.setattr(LedgerBase, "_recanonicalise", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_ledger(db, migrate=True)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    assert [p for (p,) in con.execute("SELECT prefix FROM blocks")] == [OLD_1]
    con.close()


# --------------------------------------------------------------------------- 3. report --ledger


def _ledger_state(target: str) -> tuple[list, list]:
    with open_ledger(target, readonly=True) as ledger:
        return list(ledger.blocks()), ledger.sources()


def test_report_with_a_ledger_gives_check_s_exit_codes_and_records_nothing(tmp_path: Path, ledger_target: str) -> None:
    """Control (passed before; the review's evidence): a.yaml recorded by check; report of b.yaml (a.yaml's
    credits, another offsetter) exits 1, of c.yaml (a.yaml's Verra units under an altered serial: a warning)
    and of a.yaml itself exits 0; no source and no block is added or changed (sources() too, which holds the
    verdict and time of each record), on SQLite and PostgreSQL."""
    from tests.test_verraid import ALTERED, SERIAL, _file

    a = _file(tmp_path, "a.yaml", SERIAL)
    b = _file(tmp_path, "b.yaml", SERIAL, offsetter="Other Co")
    c = _file(tmp_path, "c.yaml", ALTERED["flag"], offsetter="Other Co")
    r = run_cli("check", str(a), "--ledger", ledger_target, "--root", str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    before = _ledger_state(ledger_target)
    out = tmp_path / "out.html"
    for path, code, marker in ((b, 1, "ledger.double-claim"), (c, 0, "ledger.unit-overlap"), (a, 0, None)):
        r = run_cli("report", str(path), "--ledger", ledger_target, "--root", str(tmp_path), "-o", str(out))
        assert r.returncode == code, (path.name, r.stdout, r.stderr)
        if marker:
            assert marker in out.read_text("utf-8"), path.name
    assert _ledger_state(ledger_target) == before


def test_report_with_a_missing_ledger_file_is_an_input_error_and_creates_nothing(tmp_path: Path) -> None:
    """Control (passed before): a ledger named to report must exist; it is never created."""
    from tests.test_verraid import SERIAL, _file

    a = _file(tmp_path, "a.yaml", SERIAL)
    missing = tmp_path / "no" / "l.db", tmp_path / "l.db"
    for db in missing:
        r = run_cli("report", str(a), "--ledger", str(db), "-o", str(tmp_path / "out.html"))
        assert r.returncode == 2 and "no such ledger" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]


@needs_postgres
def test_report_with_an_empty_postgres_database_creates_no_ledger_there(tmp_path: Path) -> None:
    """Control (passed before): on PostgreSQL too, report never creates the ledger's schema."""
    import psycopg

    from tests.test_verraid import SERIAL, _file

    a = _file(tmp_path, "a.yaml", SERIAL)
    with postgres_database() as url:
        r = run_cli("report", str(a), "--ledger", url, "-o", str(tmp_path / "out.html"))
        assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
        with psycopg.connect(url) as con:
            assert con.execute("SELECT to_regnamespace('offsetcalc')").fetchone()[0] is None


# --------------------------------------------------------------------------- 2. Verra unit lookups


def test_overlapping_units_finds_exactly_the_blocks_sharing_a_unit(ledger_target: str) -> None:
    """Control (passed before; the review's evidence): the size-class lookup (SQLite) and the GiST range
    (PostgreSQL) against a brute-force answer, on blocks of every size class from one unit to the whole
    signed 64-bit range, touching at one unit, nested, and adjacent; blocks of another registry never count."""
    import random

    rng = random.Random(20)
    top = 2**63 - 1
    stored = [(0, top), (top, top), (top - 5, top), (1, 1), (100, 149), (149, 160), (150, 150), (161, 170)]
    for _ in range(60):
        k = rng.randrange(0, 63)
        start = rng.randrange(0, 2**16) if rng.random() < 0.7 else rng.randrange(0, top)
        stored.append((start, min(top, start + rng.randrange(0, 2**k + 1))))
    with open_ledger(ledger_target) as ledger:
        for i, (s, e) in enumerate(stored):  # rejected records: stored, never in conflict with each other
            ledger.record_submission(f"s{i}.yaml", f"sha{i}", [_claim(f"{i}-VCS-VCU-X", s, e, "Co")], verdict="fail")
            other = Claim(Block("gold-standard", f"GS{i}", s, e), beneficiary="Co")
            ledger.record_submission(f"g{i}.yaml", f"shg{i}", [other], verdict="fail")
        probes = [*stored, (149, 149), (0, 0), (top, top), (151, 160), (2**40, 2**41)]
        probes += [(s, min(top, s + rng.randrange(0, 2**20))) for s in (rng.randrange(0, 2**17) for _ in range(40))]
        for s, e in probes:
            got = sorted((r["start"], r["end"]) for r in ledger.overlapping_units(Block("verra", "P", s, e)))
            want = sorted((a, b) for a, b in stored if a <= e and b >= s)
            assert got == want, (s, e)


@needs_postgres
@pytest.mark.parametrize("exc", [RuntimeError("disk gone"), KeyboardInterrupt()])
def test_a_failing_migration_leaves_a_postgres_ledger_as_it_was(monkeypatch, exc: BaseException) -> None:
    """Control (passed before; verraid tested this on SQLite only): every prefix re-spelled and a claim
    rejected, then the migration fails or is interrupted: the index, version, prefixes and verdicts are as before."""
    import psycopg

    from offsetcalc.ledger.core import LedgerBase

    original = LedgerBase._recanonicalise

    def broken(self):
        assert original(self).rejected  # the re-spelling did its work ... then the migration stops
        raise exc

    with postgres_database() as url:
        with open_ledger(url) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [_claim(OLD_1, 100, 149, "A Co")])
            ledger.record_submission("b.yaml", "sha-b", [_claim(NEW_1, 120, 130, "B Co")])
        _as_schema_2(url)

        def state() -> tuple:
            with psycopg.connect(url) as con:
                return (
                    con.execute("SELECT value FROM offsetcalc.meta WHERE key = 'schema_version'").fetchone(),
                    con.execute("SELECT to_regclass('offsetcalc.blocks_verra_units')").fetchone(),
                    con.execute("SELECT prefix, claim_key FROM offsetcalc.blocks ORDER BY id").fetchall(),
                    con.execute("SELECT key, verdict FROM offsetcalc.sources ORDER BY id").fetchall(),
                )

        before = state()
        assert before[0] == ("2",) and before[1] == (None,)
        monkeypatch.setattr(LedgerBase, "_recanonicalise", broken)
        with pytest.raises(type(exc)):
            open_ledger(url, migrate=True)
        assert state() == before
        monkeypatch.setattr(LedgerBase, "_recanonicalise", original)
        with open_ledger(url, migrate=True) as ledger:
            assert ledger.migration.rejected == [("b.yaml", "a.yaml")]


@needs_postgres
def test_migrate_lists_changed_prefixes_in_the_same_order_on_both_backends(tmp_path: Path) -> None:
    """SQLite sorted the re-spelled prefixes by bytes, PostgreSQL by the database's collation: on a database
    with an ICU (or en_US) collation 'ab' came before 'Bc', on SQLite after, so `ledger migrate` printed its
    lines in another order for the same ledger. Now both list them in code-point order."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    from tests.pg import server_url

    def migrated(target: str) -> list:
        with open_ledger(target) as ledger:
            for i, prefix in enumerate(("ab", "Bc", "c.d")):
                claim = Claim(Block("", prefix, 1, 10), beneficiary="Co")
                ledger.record_submission(f"{i}.yaml", f"sha{i}", [claim], verdict="fail")
        _as_schema_2(target)
        with open_ledger(target, migrate=True) as ledger:
            return ledger.migration.changed

    on_sqlite = migrated(str(tmp_path / "l.db"))
    assert [old for _, old, _, _ in on_sqlite] == ["Bc", "ab", "c.d"]
    url, name = server_url(), f"offsetcalc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C'")
    try:
        parts = urlsplit(url)
        assert migrated(urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))) == on_sqlite
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_ctrl_c_while_sqlite_creates_a_new_ledger_is_ctrl_c(tmp_path: Path, monkeypatch) -> None:
    """review20's open item: Ctrl-C inside the statements that create a new ledger's schema aborted
    them (SQLITE_INTERRUPT), which was read as 'not an offsetcalc ledger' (exit 2). It is Ctrl-C
    (exit 130); the file holds no half schema, and the next run creates the ledger."""
    import offsetcalc.ledger.sqlite as mod

    conns: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conns.append(real_connect(*args, **kwargs))
        return conns[-1]

    fired: list[bool] = []

    def signal_arrives() -> int:  # the signal is pending once the schema's transaction has begun
        if conns and conns[-1].in_transaction and not fired:
            fired.append(True)
            return 1
        return 0

    monkeypatch.setattr(mod.sqlite3, "connect", connect)
    monkeypatch.setattr(mod, "_let_signals_in", signal_arrives)
    monkeypatch.setattr(mod, "_PROGRESS_STEPS", 1)
    db = str(tmp_path / "new.db")
    with pytest.raises(KeyboardInterrupt):
        open_ledger(db)
    assert fired
    con = real_connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    con.close()
    monkeypatch.undo()
    with open_ledger(db) as ledger:
        assert list(ledger.blocks()) == []  # created now, empty


@needs_postgres
def test_a_postgres_ledger_opened_read_only_cannot_write(tmp_path: Path) -> None:
    """review20's open item: read-only was kept only by no path writing; the server now refuses a write
    of the session too (default_transaction_read_only), so `report --ledger` cannot change a ledger."""
    import psycopg

    with postgres_database() as url:
        with open_ledger(url) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [_claim(OLD_1, 100, 149, "A Co")])
        with open_ledger(url, readonly=True) as ledger:
            assert len(list(ledger.blocks())) == 1  # reading works
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                ledger._conn.execute("DELETE FROM offsetcalc.blocks")
        with open_ledger(url) as ledger:  # a writer's session is not affected
            assert len(list(ledger.blocks())) == 1
            ledger.record_submission("b.yaml", "sha-b", [_claim(OLD_1, 200, 210, "B Co")])
