"""The same J-Credit block spelled two ways in two submissions meets in the ledger (schema 4).

redteam7 left this open: the in-file overlap rule compared ``JCL-TBL`` and ``JCLTBL`` as one
batch, but the ledger stored each spelling as written, so a second submission spelling the
same credits the other way passed. J-Credit blocks are explicit (offsetcalc reads no J-Credit
serial), so the ledger now stores their prefix without the separators beside a letter, and
``ledger migrate`` re-spells a schema-3 ledger's prefixes so. The tests of the two submissions
failed on the code before (both passed).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from offsetcalc.credits import Block, block_from_mapping
from offsetcalc.errors import InputError
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.core import SCHEMA_VERSION, UG_PER_T, Claim
from offsetcalc.rules.batch import check_batch
from tests.pg import needs_postgres, postgres_database

DATA = Path(__file__).parent / "data"
PASSING = DATA / "check" / "jp-co-event-pass.yaml"  # claims J-VER JP-EXAMPLE-2012 101–103
TODAY = date(2026, 11, 30)


def _submission(tmp_path: Path, name: str, prefix: str) -> Path:
    text = PASSING.read_text(encoding="utf-8").replace('prefix: "JP-EXAMPLE-2012"', f'prefix: "{prefix}"')
    assert f'prefix: "{prefix}"' in text
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / name


@pytest.mark.parametrize("second", ["JCLTBL", "JCL TBL", "jcl_tbl", "J-C-L-T-B-L"])
def test_explicit_jcredit_spellings_are_one_block(second: str) -> None:
    a = block_from_mapping({"prefix": "JCL-TBL", "start": 1, "end": 27}, "j-credit")
    assert (
        block_from_mapping({"prefix": second, "start": 1, "end": 27}, "j-credit")
        == a
        == Block("j-credit", "JCLTBL", 1, 27)
    )


def test_a_separator_between_digits_still_tells_blocks_apart() -> None:
    one = block_from_mapping({"prefix": "JCL-1-23", "start": 1, "end": 27}, "j-credit")
    other = block_from_mapping({"prefix": "JCL-12-3", "start": 1, "end": 27}, "j-credit")
    assert one != other and one.prefix == "JCL1-23"


def test_registries_with_a_serial_grammar_keep_their_separators() -> None:
    """Control: an explicit block of a registry whose serials offsetcalc reads keeps its serial's prefix."""
    block = block_from_mapping({"prefix": "GS1-1-KE-GS11603-16-2025-30256", "start": 110, "end": 5463}, "gold-standard")
    assert block.prefix == "GS1-1-KE-GS11603-16-2025-30256"


@pytest.mark.parametrize("registry", ["jcm", "anreu", ""])
def test_other_explicit_only_registries_are_stored_like_jcredit(registry: str) -> None:
    """review22: JCM, ANREU (and an unknown registry) have no serial grammar either: 'MN-JP-12' and
    'MNJP12' were two blocks for the ledger, so the same JCM credits claimed twice passed."""
    one = block_from_mapping({"prefix": "MN-JP-012", "start": 1, "end": 2}, registry)
    assert one == block_from_mapping({"prefix": "MNJP12", "start": 1, "end": 2}, registry)
    assert one.prefix == "MNJP12"


@pytest.mark.parametrize("written", ["JCL-TBL", "JCL.TBL", "jcl tbl"])
def test_a_jcredit_scheme_code_under_jcm_is_still_refused(written: str) -> None:
    """Control: stored as JCLTBL, the block's prefix as written still names scheme code JCL."""
    from offsetcalc.credits import block_prefix_error

    block = block_from_mapping({"prefix": written, "start": 1, "end": 27}, "jcm")
    assert block.prefix == "JCLTBL" and block_prefix_error(block, written) is not None


def test_the_same_jcm_block_spelled_two_ways_in_two_submissions_is_a_double_claim(tmp_path: Path) -> None:
    """review22: both passed, in one run and across runs (the ledger kept 'MN-JP-12' and 'MNJP12' apart)."""
    a = _submission(tmp_path, "a.yaml", "MN-JP-12")
    b = _submission(tmp_path, "b.yaml", "MNJP12")
    for p in (a, b):
        p.write_text(p.read_text(encoding="utf-8").replace("type: J-VER", "type: JCM"), encoding="utf-8")
    assert [r.verdict for r in check_batch([str(a)], jobs=1, ledger=tmp_path / "l.db", today=TODAY).results] == ["pass"]
    (second,) = check_batch([str(b)], jobs=1, ledger=tmp_path / "l.db", today=TODAY).results
    assert [f.rule for f in second.findings if f.severity == "error"] == ["ledger.double-claim"]
    assert sorted(r.verdict for r in check_batch([str(a), str(b)], jobs=1, today=TODAY).results) == ["fail", "pass"]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_a_second_submission_spelling_the_block_otherwise_is_a_double_claim(tmp_path: Path, backend: str) -> None:
    """Before: both submissions passed, each in its own run against the same ledger."""
    a = _submission(tmp_path, "a.yaml", "JP-EXAMPLE-2012")
    b = _submission(tmp_path, "b.yaml", "JPEXAMPLE2012")
    with _target(tmp_path, backend) as target:
        first = check_batch([str(a)], jobs=1, ledger=target, today=TODAY).results
        assert [r.verdict for r in first] == ["pass"]
        (second,) = check_batch([str(b)], jobs=1, ledger=target, today=TODAY).results
        assert second.verdict == "fail"
        assert [f.rule for f in second.findings if f.severity == "error"] == ["ledger.double-claim"]


def test_one_run_with_both_spellings_fails_the_later(tmp_path: Path) -> None:
    a = _submission(tmp_path, "a.yaml", "JP-EXAMPLE-2012")
    b = _submission(tmp_path, "b.yaml", "JP EXAMPLE2012")
    results = check_batch([str(a), str(b)], jobs=1, today=TODAY).results
    assert sorted(r.verdict for r in results) == ["fail", "pass"]


# --------------------------------------------------------------------------- ledger migrate (3 -> 4)


def _claim(prefix: str, who: str) -> Claim:
    return Claim(Block("j-credit", prefix, 1, 27), beneficiary=who)


def _as_schema_3(target: str, old_prefixes: dict[str, str], version: int = 3) -> None:
    """A new ledger as offsetcalc before schema 4 stored it: J-Credit prefixes as written."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target, autocommit=True) as con:
            for new, old in old_prefixes.items():
                con.execute("UPDATE offsetcalc.blocks SET prefix = %s WHERE prefix = %s", (old, new))
            con.execute("UPDATE offsetcalc.meta SET value = %s WHERE key = 'schema_version'", (str(version),))
        return
    con = sqlite3.connect(target)
    for new, old in old_prefixes.items():
        con.execute("UPDATE blocks SET prefix = ? WHERE prefix = ?", (old, new))
        con.execute("UPDATE prefix_classes SET prefix = ? WHERE prefix = ?", (old, new))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()


def _target(tmp_path: Path, backend: str):
    from contextlib import nullcontext

    return postgres_database() if backend == "postgres" else nullcontext(str(tmp_path / "l.db"))


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_migrate_respells_a_schema_3_ledger_and_new_claims_meet_it(tmp_path: Path, backend: str) -> None:
    with _target(tmp_path, backend) as target:
        with open_ledger(target) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [_claim("JCLTBL", "A Co")])
        _as_schema_3(target, {"JCLTBL": "JCL-TBL"})
        with pytest.raises(InputError) as info:  # an older ledger is not used without migrating
            open_ledger(target)
        assert info.value.code == "ledger.schema"
        with open_ledger(target, migrate=True) as ledger:
            assert ledger.migration.changed == [("j-credit", "JCL-TBL", "JCLTBL", 1)]
            assert ledger.meta()["schema_version"] == str(SCHEMA_VERSION)
            found = ledger.record_submission("b.yaml", "sha-b", [_claim("JCLTBL", "B Co")])
        assert [f.rule for f in found] == ["ledger.double-claim"]


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_migrate_rejects_the_later_of_two_accepted_claims_that_are_now_one_block(tmp_path: Path, backend: str) -> None:
    """A schema-3 ledger holding JCL-TBL (a.yaml) and JCLTBL (b.yaml, recorded later), both accepted:
    the migration records b.yaml's claim as rejected and says so."""
    with _target(tmp_path, backend) as target:
        with open_ledger(target) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [_claim("JCLTBL", "A Co")])
            ledger.record_submission("b.yaml", "sha-b", [_claim("JCLTBX", "B Co")])
        _as_schema_3(target, {"JCLTBL": "JCL-TBL", "JCLTBX": "JCLTBL"})
        with open_ledger(target, migrate=True) as ledger:
            assert ledger.migration.rejected == [("b.yaml", "a.yaml")]
        with open_ledger(target, readonly=True) as ledger:
            claims = {b["source"]: b["claim"] for b in ledger.blocks()}
        assert claims == {"a.yaml": "accepted", "b.yaml": "rejected"}


@pytest.mark.parametrize("written", ["JP-EXAMPLE-2012", "jp example 2012", "JPEXAMPLE2012"])
def test_ledger_list_finds_a_jcredit_block_by_the_prefix_as_the_file_writes_it(tmp_path: Path, written: str) -> None:
    """review22: stored as JPEXAMPLE2012 (schema 4), ``ledger list --prefix JP-EXAMPLE-2012`` listed nothing."""
    from typer.testing import CliRunner

    from offsetcalc.cli import app

    a = _submission(tmp_path, "a.yaml", "JP-EXAMPLE-2012")
    db = tmp_path / "l.db"
    check_batch([str(a)], jobs=1, ledger=db, today=TODAY)
    with open_ledger(db, readonly=True) as ledger:
        assert [b["prefix"] for b in ledger.blocks(prefix=written)] == ["JPEXAMPLE2012"]
        assert [b["prefix"] for b in ledger.blocks(registry="j-credit", prefix=written)] == ["JPEXAMPLE2012"]
        assert list(ledger.blocks(registry="verra", prefix=written)) == []
    out = CliRunner().invoke(app, ["ledger", "list", "--ledger", str(db), "--prefix", written, "--format", "json"])
    assert out.exit_code == 0 and '"prefix":"JPEXAMPLE2012"' in out.stdout, out.stdout


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_migrate_sums_allocations_of_one_retirement_that_are_now_one_block(tmp_path: Path, backend: str) -> None:
    """review22: a.yaml and b.yaml each allocated 20 t of Prov's 27 t retirement, spelled JCL-TBL and
    JCLTBL in a schema-3 ledger; the migration left both accepted (40 t of 27 t). b.yaml is rejected now;
    a third allocation within what is left (7 t) still stands."""

    def allocation(prefix: str, t: int) -> Claim:
        return Claim(Block("j-credit", prefix, 1, 27), location="x.yaml:1:1", allocation=("Prov", t * UG_PER_T))

    with _target(tmp_path, backend) as target:
        with open_ledger(target) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [allocation("JCLTBL", 20)])
            ledger.record_submission("b.yaml", "sha-b", [allocation("JCLTBX", 20)])
            ledger.record_submission("c.yaml", "sha-c", [allocation("JCLTBY", 7)])
        _as_schema_3(target, {"JCLTBL": "JCL-TBL", "JCLTBX": "JCLTBL", "JCLTBY": "J-CLTBL"})
        with open_ledger(target, migrate=True) as ledger:
            assert ledger.migration.rejected == [("b.yaml", "a.yaml")]
        with open_ledger(target, readonly=True) as ledger:
            claims = {b["source"]: b["claim"] for b in ledger.blocks()}
        assert claims == {"a.yaml": "accepted", "b.yaml": "rejected", "c.yaml": "accepted"}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=needs_postgres)])
def test_migrate_respells_a_schema_4_ledgers_jcm_prefixes(tmp_path: Path, backend: str) -> None:
    """review22: schema 4 (840dfdb) stored JCM prefixes as written; schema 5 re-spells them, and a new
    claim of the same credits spelled the other way meets the stored one."""

    def jcm(prefix: str, who: str) -> Claim:
        return Claim(Block("jcm", prefix, 1, 27), beneficiary=who)

    with _target(tmp_path, backend) as target:
        with open_ledger(target) as ledger:
            ledger.record_submission("a.yaml", "sha-a", [jcm("MNJP12", "A Co")])
        _as_schema_3(target, {"MNJP12": "MN-JP-12"}, version=4)
        with open_ledger(target, migrate=True) as ledger:
            assert ledger.migration.changed == [("jcm", "MN-JP-12", "MNJP12", 1)]
            found = ledger.record_submission("b.yaml", "sha-b", [jcm("MNJP12", "B Co")])
        assert [f.rule for f in found] == ["ledger.double-claim"]
