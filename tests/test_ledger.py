"""Tests of offsetcalc.ledger.sqlite and ``offsetcalc ledger import / list``."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from offsetcalc.cli import app
from offsetcalc.credits import Block
from offsetcalc.errors import InputError
from offsetcalc.io.registries import read_export
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.sqlite import SCHEMA_VERSION, Claim, Ledger, same_beneficiary, submission_key

# Real registry rows (carbonplan/offsets-db-data, MIT; see the README there), committed so they always run.
SAMPLES = Path(__file__).resolve().parent / "data" / "registry-samples"
FIXTURES = Path(__file__).resolve().parent / "data" / "registries"

# A real Verra row: 28,571 VCUs retired for Lindblad Expeditions (verra-transactions.csv, line 4).
LINDBLAD = Block("verra", "19381-VCS-VCU-1310-VER-CN-13-3005-1012022-31102022-0", 941412555, 941441125)  # canonical
# A real Gold Standard row: 5,354 VERs retired for Hilti Corporation (gold-standard-retirements.csv).
HILTI = Block("gold-standard", "GS1-1-KE-GS11603-16-2025-30256", 110, 5463)


def claim(prefix: str, start: int, end: int, *, registry: str = "J-VER", where: str = "x.yaml:9:5", **kw) -> Claim:
    return Claim(Block(registry, prefix, start, end), location=where, **kw)


@pytest.fixture
def ledger(ledger_target: str, tmp_path: Path):
    """An open ledger of each backend (SQLite, PostgreSQL)."""
    with open_ledger(ledger_target, root=tmp_path) as db:
        yield db


# --------------------------------------------------------------------------- recording


def test_recheck_of_the_same_submission_is_idempotent(ledger):
    claims = [claim("JP-A", 101, 103), claim("JP-A", 200, 200)]
    assert ledger.record_submission("subs/a.yaml", "h1", claims) == []
    assert ledger.record_submission("subs/a.yaml", "h1", claims) == []
    assert ledger.count() == 2
    # an edited file at the same path replaces its own blocks, never meets itself
    assert ledger.record_submission("subs/a.yaml", "h2", [claim("JP-A", 102, 150)]) == []
    assert [(b["start"], b["end"]) for b in ledger.blocks()] == [(102, 150)]
    assert ledger.sources()[0]["sha256"] == "h2"


def test_overlap_with_another_submission_names_both_and_the_range(ledger):
    assert ledger.record_submission("subs/a.yaml", "h1", [claim("JP-A", 101, 110, where="subs/a.yaml:20:5")]) == []
    conflicts = ledger.record_submission("subs/b.yaml", "h2", [claim("JP-A", 108, 120, where="subs/b.yaml:22:7")])
    assert len(conflicts) == 1
    c = conflicts[0]
    assert (c.lo, c.hi, c.quantity) == (108, 110, 3)
    assert c.rule == "ledger.double-claim"
    assert c.submission == "subs/b.yaml" and c.other_source == "subs/a.yaml"
    assert "JP-A units 108-110 (3 t)" in c.message
    assert "subs/a.yaml:20:5" in c.message
    assert not c.identical_copy
    # the later claim is recorded rejected: it holds no credits
    assert [(b["source"], b["claim"]) for b in ledger.blocks()] == [
        ("subs/a.yaml", "accepted"),
        ("subs/b.yaml", "rejected"),
    ]
    # adjacent blocks do not overlap (the rejected claim on 111-120 is named as information only);
    # another prefix or registry is another batch
    (info,) = ledger.record_submission("subs/c.yaml", "h3", [claim("JP-A", 111, 130)])
    assert (info.rule, info.severity, info.other_source, info.lo, info.hi) == (
        "ledger.rejected-claim",
        "info",
        "subs/b.yaml",
        111,
        120,
    )
    assert ledger.record_submission("subs/d.yaml", "h4", [claim("JP-B", 101, 110)]) == []
    assert ledger.record_submission("subs/e.yaml", "h5", [claim("JP-A", 101, 110, registry="verra")]) == []


def test_identical_copy_gets_a_hint(ledger):
    ledger.record_submission("a.yaml", "same", [claim("JP-A", 1, 5)])
    (c,) = ledger.record_submission("copy/a.yaml", "same", [claim("JP-A", 5, 5)])
    assert c.identical_copy and "--root" in c.hint


def test_dry_run_changes_nothing(ledger):
    assert ledger.record_submission("a.yaml", "h", [claim("JP-A", 1, 5)], dry_run=True) == []
    assert ledger.count() == 0


def test_batch_transaction_rolls_back_only_the_conflicting_submission(ledger):
    with ledger.transaction():
        assert ledger.record_submission("a.yaml", "1", [claim("P", 1, 10)]) == []
        assert len(ledger.record_submission("b.yaml", "2", [claim("P", 10, 20), claim("Q", 1, 1)])) == 1
        # b's claims are rejected, so Q 1 is c's: b is named as information only
        assert [f.rule for f in ledger.record_submission("c.yaml", "3", [claim("Q", 1, 1)])] == [
            "ledger.rejected-claim"
        ]
    assert sorted((s["key"], s["verdict"]) for s in ledger.sources()) == [
        ("a.yaml", "pass"),
        ("b.yaml", "fail"),
        ("c.yaml", "pass"),
    ]


def test_interrupted_transaction_leaves_the_ledger_unchanged(ledger):
    ledger.record_submission("a.yaml", "1", [claim("P", 1, 10)])
    with pytest.raises(KeyboardInterrupt), ledger.transaction():
        ledger.record_submission("b.yaml", "2", [claim("P", 20, 30)])
        raise KeyboardInterrupt
    # SQLite rolls back the group; PostgreSQL records each submission in its own transaction. Either way
    # nothing is half-recorded.
    whole = ["a.yaml"] if isinstance(ledger, Ledger) else ["a.yaml", "b.yaml"]
    assert [(s["key"], s["blocks"]) for s in ledger.sources()] == [(k, 1) for k in whole]


def test_forget_frees_the_credits(ledger):
    ledger.record_submission("a.yaml", "1", [claim("P", 1, 10)])
    assert ledger.forget("a.yaml")
    assert ledger.record_submission("b.yaml", "2", [claim("P", 1, 10)]) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 2000)), min_size=1, max_size=40),
    st.tuples(st.integers(0, 3000), st.integers(0, 300)),
)
def test_overlap_lookup_equals_brute_force(tmp_path_factory, stored, probe):
    """The size-class index finds exactly the blocks a pairwise comparison finds."""
    path = tmp_path_factory.mktemp("h") / "l.db"
    blocks = [Block("r", "P", s, s + n) for s, n in stored]
    with Ledger(path) as db:
        with db.transaction():
            for i, b in enumerate(blocks):
                db._insert_blocks(
                    db._replace_source("submission", f"s{i}", "h", registry=None, title=None, beneficiary=None)[0],
                    [(b.registry, b.prefix, b.start, b.end, (b.end - b.start).bit_length(), "retired") + (None,) * 9],
                )
        q = Block("r", "P", probe[0], probe[0] + probe[1])
        found = sorted((r["start"], r["end"]) for r in db.overlapping(q))
    assert found == sorted((b.start, b.end) for b in blocks if b.overlaps(q))


def test_huge_unit_numbers_and_blocks(ledger):
    big = 2**62
    assert ledger.record_submission("a.yaml", "1", [claim("P", 0, 2**63 - 1)]) == []
    assert len(ledger.record_submission("b.yaml", "2", [claim("P", big, big)])) == 1
    # beyond signed 64 bits: a finding on that submission (recorded rejected without the block), never a crash
    (p,) = ledger.record_submission("c.yaml", "3", [claim("P", 2**63, 2**63), claim("R", 1, 2)])
    assert p.rule == "ledger.range" and p.severity == "error" and str(2**63) in p.message
    assert {(b["prefix"], b["claim"]) for b in ledger.blocks(prefix="R")} == {("R", "rejected")}


# --------------------------------------------------------------------------- the file


def test_schema_is_versioned(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as db:
        assert db.meta()["schema_version"] == str(SCHEMA_VERSION)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(InputError, match="newer than this offsetcalc"):
        Ledger(path)


@pytest.mark.parametrize("content", [b"hello, not a database\n" * 100, None])
def test_a_foreign_file_is_not_a_ledger(tmp_path, content):
    path = tmp_path / "other.db"
    if content is None:  # another application's SQLite database
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match="not an offsetcalc ledger"):
        Ledger(path)


def test_submission_key_is_relative_to_root(tmp_path):
    (tmp_path / "subs").mkdir()
    f = tmp_path / "subs" / "a.yaml"
    f.write_text("x")
    assert submission_key(f, tmp_path) == "subs/a.yaml"
    assert submission_key(tmp_path / "subs" / ".." / "subs" / "a.yaml", tmp_path) == "subs/a.yaml"
    assert submission_key(f, tmp_path / "elsewhere") == f.resolve().as_posix()


def test_beneficiary_names_compare_loosely():
    assert same_beneficiary("Hilti Corporation", "HILTI  corporation.")
    assert same_beneficiary("Hilti", "Hilti Corporation")
    assert not same_beneficiary("Hilti", "Hiltix AG")
    assert not same_beneficiary("Coca-Cola", "Lindblad Expeditions")
    assert not same_beneficiary("Not Disclosed", "Not Disclosed")  # names nobody
    assert not same_beneficiary(None, "Hilti")


# --------------------------------------------------------------------------- two processes at once


def _writer(path: str, name: str, n: int, barrier, out: str) -> None:
    found = {}
    with open_ledger(path) as db:
        barrier.wait()
        for i in range(n):
            # both writers claim block i of the same batch; each also has blocks of its own
            conflicts = db.record_submission(
                f"{name}-{i}.yaml", name, [claim("SHARED", i * 10, i * 10 + 9), claim(name, i, i)]
            )
            found[i] = [(c.rule, c.other_source) for c in conflicts if c.severity == "error"]
    Path(out).write_text(json.dumps(found))


def test_two_processes_writing_at_once_never_both_claim(ledger_target, tmp_path):
    """Two reviewers claim the same blocks at the same moment: exactly one wins, the other is told who."""
    path = ledger_target
    open_ledger(path).close()
    n = 60
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    outs = {name: str(tmp_path / f"{name}.json") for name in ("a", "b")}
    procs = [ctx.Process(target=_writer, args=(path, name, n, barrier, outs[name])) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with open_ledger(path) as db:
        shared = [b for b in db.blocks(prefix="SHARED") if b["claim"] == "accepted"]
        # each shared block is held by exactly one of the two, and no two held blocks overlap
        assert sorted(b["start"] for b in shared) == [i * 10 for i in range(n)]
        winners = {b["start"] // 10: b["source"] for b in shared}
        own = [b for b in db.blocks() if b["prefix"] in ("a", "b") and b["claim"] == "accepted"]
        assert len(own) == n  # a losing submission is recorded rejected: it holds nothing
        assert {b["source"] for b in own} == set(winners.values())
    found = {name: json.loads(Path(out).read_text()) for name, out in outs.items()}
    for i, winner in winners.items():
        loser = "b" if winner.startswith("a") else "a"
        assert found[winner[0]][str(i)] == []
        assert found[loser][str(i)] == [["ledger.double-claim", winner]]  # the finding names the winner


# --------------------------------------------------------------------------- registry exports


def test_verra_retirement_for_someone_else_is_caught(ledger):
    summary = ledger.import_export(read_export(SAMPLES / "verra-transactions.csv", "verra"))
    assert summary.blocks == 200 and not summary.contradictions
    part = Block(LINDBLAD.registry, LINDBLAD.prefix, 941420000, 941420099)
    (c,) = ledger.record_submission("sub.yaml", "h", [Claim(part, location="sub.yaml:30:5", beneficiary="Example Co")])
    assert c.rule == "ledger.retired-for-other"
    assert c.other_beneficiary == "Lindblad Expeditions Family of Companies"
    assert c.other_location.endswith("verra-transactions.csv:4")
    assert (c.lo, c.hi) == (941420000, 941420099)
    # the beneficiary itself may claim them
    claim_ok = Claim(part, location="sub.yaml:30:5", beneficiary="Lindblad Expeditions")
    assert ledger.record_submission("sub.yaml", "h", [claim_ok]) == []


def test_sqlite_import_widens_the_page_cache_only_while_it_runs(tmp_path):
    # A 1M-row import spilled index pages to the WAL with the default 2 MiB cache; the
    # larger cache must not outlive the import, also when it is interrupted.
    from offsetcalc.ledger.sqlite import IMPORT_CACHE_KIB

    def pragma(db: Ledger) -> int:
        return db._db.execute("PRAGMA cache_size").fetchone()[0]

    with Ledger(tmp_path / "l.db", root=tmp_path) as db:
        before = pragma(db)
        assert before != -IMPORT_CACHE_KIB
        seen: list[int] = []
        export = read_export(SAMPLES / "verra-transactions.csv", "verra")
        rows = list(export.records)

        def watched(stop_at: int | None = None):
            for i, r in enumerate(rows):
                if i == stop_at:
                    raise KeyboardInterrupt
                seen.append(pragma(db))
                yield r

        export.records = watched()
        assert db.import_export(export, key="v.csv", sha256="1").blocks == 200
        assert set(seen) == {-IMPORT_CACHE_KIB} and pragma(db) == before
        export.records = watched(stop_at=150)
        with pytest.raises(KeyboardInterrupt):
            db.import_export(export, key="w.csv", sha256="2")
        assert pragma(db) == before
        assert db.count() == 200 and [s["key"] for s in db.sources()] == ["v.csv"]


def test_gold_standard_retirement_and_undisclosed_beneficiaries(ledger):
    export = read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard")
    ledger.import_export(export)
    (c,) = ledger.record_submission("s.yaml", "h", [Claim(HILTI, beneficiary="Someone Else Ltd")])
    assert c.other_beneficiary == "Hilti Corporation" and c.quantity == 5354
    assert ledger.record_submission("s.yaml", "h", [Claim(HILTI, beneficiary="Hilti Corporation")]) == []
    undisclosed = next(r for r in export.records if r.beneficiary == "Not Disclosed")
    assert ledger.record_submission("u.yaml", "h", [Claim(undisclosed.block, beneficiary="Anyone")]) == []


def test_reimport_replaces_and_issuances_never_conflict(ledger):
    ledger.import_export(read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard"))
    again = ledger.import_export(read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard"))
    assert again.replaced == again.blocks == 100 == ledger.count()
    issued = read_export(SAMPLES / "gold-standard-issuances.csv", "gold-standard").records[0].block
    assert ledger.record_submission("s.yaml", "h", [Claim(issued, beneficiary="X")]) == []


def test_import_reports_earlier_claims_the_registry_contradicts(ledger):
    ledger.record_submission("s.yaml", "h", [Claim(HILTI, location="s.yaml:12:5", beneficiary="Someone Else Ltd")])
    summary = ledger.import_export(read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard"))
    (c,) = summary.contradictions
    assert c.submission == "s.yaml" and c.other_beneficiary == "Hilti Corporation"


# --------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_import_and_list_json(tmp_path):
    db = tmp_path / "l.db"
    r = runner.invoke(
        app, ["ledger", "import", "--registry", "verra", str(SAMPLES / "verra-transactions.csv"), "--ledger", str(db)]
    )
    assert r.exit_code == 0, r.output
    assert "200 blocks from 200 rows" in r.output
    r = runner.invoke(app, ["ledger", "list", "--ledger", str(db), "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    with Ledger(db) as ledger:
        assert data["blocks"] == list(ledger.blocks())
    row = next(b for b in data["blocks"] if b["start"] == LINDBLAD.start)
    for key in (
        "registry",
        "prefix",
        "start",
        "end",
        "quantity",
        "vintage",
        "project",
        "retired_on",
        "beneficiary",
        "source",
    ):
        assert key in row
    assert row["quantity"] == 28571 == row["end"] - row["start"] + 1
    assert row["vintage"] == 2022 and row["retired_on"] == "2026-04-06"
    assert row["beneficiary"] == "Lindblad Expeditions Family of Companies"
    assert row["project"].startswith("3005 Tongxu Biogas")


def test_cli_import_reports_every_rejected_row_with_its_line(tmp_path):
    db = tmp_path / "l.db"
    bad = FIXTURES / "car-bad-rows.csv"
    r = runner.invoke(app, ["ledger", "import", "--registry", "climate-action-reserve", str(bad), "--ledger", str(db)])
    assert r.exit_code == 1
    expected = read_export(bad, "climate-action-reserve")
    assert expected.problems
    for line, message in expected.problems:
        assert f"{bad}:{line}: error: {message}" in r.stderr
    with Ledger(db) as ledger:
        assert ledger.count() == len(expected.records)


def test_cli_import_of_a_wrong_file_is_exit_2_and_imports_nothing(tmp_path):
    db = tmp_path / "l.db"
    r = runner.invoke(
        app, ["ledger", "import", "--registry", "verra", str(FIXTURES / "acr-retirements.csv"), "--ledger", str(db)]
    )
    assert r.exit_code == 2
    assert "error: not an export of verra" in r.stderr
    assert "Traceback" not in r.output


def test_cli_list_of_a_missing_ledger_is_exit_2(tmp_path):
    r = runner.invoke(app, ["ledger", "list", "--ledger", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no such ledger" in r.stderr
    assert not (tmp_path / "none.db").exists()


def test_cli_list_table(tmp_path):
    db = tmp_path / "l.db"
    runner.invoke(
        app,
        [
            "ledger",
            "import",
            "--registry",
            "art-trees",
            str(FIXTURES / "art-trees-retirements.csv"),
            "--ledger",
            str(db),
        ],
    )
    r = runner.invoke(app, ["ledger", "list", "--ledger", str(db), "--registry", "ART"])
    assert r.exit_code == 0
    with Ledger(db) as ledger:
        n = ledger.count()
    assert n > 0 and f"{n:,} blocks" in r.output


def test_a_source_listing_the_same_credits_twice_is_one_conflict(ledger):
    ledger.record_submission("a.yaml", "1", [claim("P", 1, 10), claim("P", 1, 10)])
    (c,) = ledger.record_submission("b.yaml", "2", [claim("P", 5, 5)])
    assert c.other_source == "a.yaml"


# --------------------------------------------------------------------------- a season's trouble


def test_conflict_messages_name_both_submissions_and_the_range(ledger):
    ledger.record_submission("subs/a.yaml", "h1", [claim("JP-A", 101, 110, where="subs/a.yaml:20:5")])
    (c,) = ledger.record_submission("subs/b.yaml", "h2", [claim("JP-A", 105, 130, where="subs/b.yaml:22:7")])
    assert c.message == (
        "credits J-VER JP-A units 105-110 (6 t) claimed by submission subs/b.yaml "
        "are also claimed by submission subs/a.yaml (at subs/a.yaml:20:5)"
    )


@pytest.mark.parametrize(
    ("stored", "probe", "shared"),
    [
        ((100, 200), (150, 250), (150, 200)),  # overlapping at the end
        ((100, 200), (50, 100), (100, 100)),  # one unit at the start
        ((100, 200), (120, 130), (120, 130)),  # inside
        ((100, 200), (0, 1000), (100, 200)),  # around
    ],
)
def test_overlapping_but_unequal_ranges_report_the_shared_units(ledger, stored, probe, shared):
    ledger.record_submission("a.yaml", "1", [claim("P", *stored)])
    (c,) = ledger.record_submission("b.yaml", "2", [claim("P", *probe)])
    assert (c.lo, c.hi) == shared and c.quantity == shared[1] - shared[0] + 1


def test_a_serial_string_and_the_same_credits_as_an_explicit_block_meet(tmp_path):
    """Writing the block form instead of the registry's serial must not hide a double claim."""
    from types import SimpleNamespace

    from offsetcalc.ledger.sqlite import claims_from_result

    def result(serial, beneficiary="Lindblad Expeditions"):
        credit = SimpleNamespace(
            type="VCU",
            registry=None,
            serial=serial,
            location="x.yaml:9:5",
            vintage=2022,
            project=None,
            retired_on=None,
            beneficiary=None,
            status="retired",
        )
        return SimpleNamespace(credits=[credit], offsetter=beneficiary)

    as_string = claims_from_result(result("19381-941412555-941441125-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0"))
    as_block = claims_from_result(result({"prefix": LINDBLAD.prefix, "start": 941441000, "end": 941441200}))
    assert as_string[0].block == LINDBLAD and as_block[0].block.registry == "verra"
    with Ledger(tmp_path / "l.db", root=tmp_path) as db:
        assert db.record_submission("string.yaml", "1", as_string) == []
        (c,) = db.record_submission("block.yaml", "2", as_block)
        assert (c.other_source, c.lo, c.hi) == ("string.yaml", 941441000, 941441125)
        # and against the registry's own export, where Verra shows them retired for Lindblad
        db.forget("string.yaml")
        db.import_export(read_export(SAMPLES / "verra-transactions.csv", "verra"))
        other = claims_from_result(result({"prefix": LINDBLAD.prefix, "start": 941412555, "end": 941412555}, "Acme"))
        (c,) = db.record_submission("block.yaml", "3", other)
        assert c.rule == "ledger.retired-for-other" and "Lindblad" in c.message


def test_a_renamed_submission_gets_a_hint_to_forget_the_old_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("old.yaml").write_text("x")
    with Ledger("l.db") as db:
        db.record_submission("old.yaml", "same", [claim("P", 1, 3)])
        Path("old.yaml").rename("new.yaml")
        (c,) = db.record_submission("new.yaml", "same", [claim("P", 1, 3)])
        assert c.other_gone and "ledger forget --ledger LEDGER old.yaml" in c.hint
    r = runner.invoke(app, ["ledger", "forget", "--ledger", "l.db", "old.yaml", "never-there.yaml"])
    assert r.exit_code == 2
    assert "old.yaml: forgotten" in r.stdout and "'never-there.yaml' is not in the ledger" in r.stderr
    with Ledger("l.db") as db:
        assert db.record_submission("new.yaml", "same", [claim("P", 1, 3)]) == []


def test_list_never_writes_the_file(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    r = runner.invoke(app, ["ledger", "list", "--ledger", str(empty)])
    assert r.exit_code == 2 and "not an offsetcalc ledger" in r.stderr
    assert empty.read_bytes() == b""
    path = tmp_path / "l.db"
    with Ledger(path) as db:
        db.record_submission("a.yaml", "1", [claim("P", 1, 3)])
    before = path.read_bytes()
    with Ledger(path, readonly=True) as db:
        assert db.count() == 1
    assert path.read_bytes() == before


def test_a_ledger_in_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match=r"folder .* does not exist"):
        Ledger(tmp_path / "nowhere" / "l.db")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_ledger_is_exit_2_and_can_still_be_listed(tmp_path):
    path = tmp_path / "l.db"
    with Ledger(path) as db:
        db.record_submission("a.yaml", "1", [claim("P", 1, 3)])
    path.chmod(0o444)
    with pytest.raises(InputError, match="read-only"):
        Ledger(path)
    r = runner.invoke(app, ["ledger", "list", "--ledger", str(path), "--format", "json"])
    assert r.exit_code == 0 and len(json.loads(r.stdout)["blocks"]) == 1


def test_a_failed_write_is_an_input_error_and_keeps_nothing(tmp_path, monkeypatch):
    # SQLite's lock; PostgreSQL's failures are in test_ledger_postgres.py
    ledger = Ledger(tmp_path / "ledger.db", root=tmp_path)
    ledger.record_submission("a.yaml", "1", [claim("P", 1, 3)])
    # another process holds the write lock beyond the timeout
    other = sqlite3.connect(ledger.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    ledger._db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(InputError, match="cannot write to the ledger") as info:
            ledger.record_submission("b.yaml", "2", [claim("P", 10, 13)])
        assert "another process" in info.value.hint
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [s["key"] for s in ledger.sources()] == ["a.yaml"]


# --------------------------------------------------------------------------- importing malformed exports


def _verra_row(serial: str, quantity: str = "425") -> str:
    return f'2026-04-03,,2020-01-01,2020-12-31,1340,X,Ethiopia,T,VM0015,"1",{quantity},{serial},,2026-04-10,,,'


VERRA_HEADER = (
    "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,Country/Area,Project Type,"
    "Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,Additional Certifications,"
    "Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,Retirement Details"
)
GOOD = "19385-941467007-941467431-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1"


def test_import_reports_every_bad_row_and_keeps_the_good_ones(tmp_path):
    lines = [
        VERRA_HEADER,
        _verra_row(GOOD),  # 2: good
        _verra_row("19385-1-99999999999999999999999-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1", "1"),  # 3
        _verra_row("19385-941467431-941467007-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1"),  # 4: end < start
        _verra_row(GOOD.replace("19385", "19386"), "-5"),  # 5
        "short,row",  # 6
        _verra_row("19387-1-9223372036854775808-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1", "1"),  # 7
        _verra_row(GOOD.replace("19385", "19388")),  # 8: good
    ]
    path = tmp_path / "v.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "l.db"
    r = runner.invoke(app, ["ledger", "import", "--registry", "verra", str(path), "--ledger", str(db)])
    assert r.exit_code == 1, r.output
    reported = sorted(int(m) for m in re.findall(rf"^{re.escape(str(path))}:(\d+): error: ", r.stderr, re.M))
    assert sorted(set(reported)) == [3, 4, 5, 6, 7]
    assert "too large for the ledger" in r.stderr and "ends before it starts" in r.stderr
    assert "Traceback" not in r.output
    with Ledger(db) as ledger:
        assert sorted(b["location"].rsplit(":", 1)[1] for b in ledger.blocks()) == ["2", "8"]


@pytest.mark.parametrize("form", ["bom", "crlf", "bom+crlf"])
def test_import_reads_excel_style_exports(tmp_path, form):
    text = VERRA_HEADER + "\n" + _verra_row(GOOD) + "\n"
    if "crlf" in form:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if "bom" in form:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "v.csv"
    path.write_bytes(data)
    r = runner.invoke(app, ["ledger", "import", "--registry", "verra", str(path), "--ledger", str(tmp_path / "l.db")])
    assert r.exit_code == 0 and "1 blocks from 1 rows" in r.stdout, r.output


@pytest.mark.parametrize("sep", [";", "\t"])
def test_import_of_an_export_with_another_separator_says_so(tmp_path, sep):
    path = tmp_path / "v.csv"
    path.write_text((VERRA_HEADER + "\n" + _verra_row(GOOD)).replace(",", sep) + "\n", encoding="utf-8")
    db = tmp_path / "l.db"
    r = runner.invoke(app, ["ledger", "import", "--registry", "verra", str(path), "--ledger", str(db)])
    assert r.exit_code == 2
    assert f"the file is separated by {sep!r}" in r.stderr


@pytest.mark.parametrize("content", [b"", b"\n\n"])
def test_import_of_an_empty_export_is_exit_2(tmp_path, content):
    path = tmp_path / "v.csv"
    path.write_bytes(content)
    r = runner.invoke(app, ["ledger", "import", "--registry", "verra", str(path), "--ledger", str(tmp_path / "l.db")])
    assert r.exit_code == 2 and "the export is empty" in r.stderr


def test_an_export_is_hashed_from_the_bytes_its_rows_were_read_from(ledger, tmp_path):
    # One read serves rows and hash: a file rewritten after its rows were read keeps, in the
    # ledger, the hash of what was imported (it used to be hashed again, from the new bytes).
    import hashlib

    from offsetcalc.io.registries import iter_export

    src = SAMPLES / "gold-standard-issuances.csv"
    path = tmp_path / "gs.csv"
    path.write_bytes(src.read_bytes())
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    stream = iter_export(path, "gold-standard")
    assert stream.sha256 is None  # not known before the rows are read
    records = list(stream.records)
    assert stream.sha256 == original
    path.write_bytes(src.read_bytes() + b"\n")  # changed after the read
    stream.records = iter(records)
    assert ledger.import_export(stream, key="gs.csv").blocks == 100
    assert ledger.sources()[0]["sha256"] == original
    # a read export carries its hash too; a streamed import records it once its rows are consumed
    assert read_export(path, "gold-standard").sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    ledger.import_export(iter_export(path, "gold-standard"), key="gs2.csv")
    by_key = {s["key"]: s["sha256"] for s in ledger.sources()}
    assert by_key["gs2.csv"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_retirement_is_one_providers_exact_block() -> None:
    """The one test the ledger and `stats` share: allocations of one retirement are summed, not a double claim."""
    from offsetcalc.ledger.core import same_retirement

    alloc = Claim(HILTI, allocation=("Hilti Corporation", 10**12))
    assert same_retirement(alloc, "Hilti", HILTI.start, HILTI.end)  # the name compared loosely
    assert not same_retirement(alloc, "Hilti", HILTI.start, HILTI.end - 1)  # not exactly this block
    assert not same_retirement(alloc, "Other Co.", HILTI.start, HILTI.end)
    assert not same_retirement(alloc, None, HILTI.start, HILTI.end)  # the other claim is no allocation
    assert not same_retirement(Claim(HILTI), "Hilti", HILTI.start, HILTI.end)  # a plain claim never is
