"""Which claims are the same credits, and which claims count (issue 9 items 4 and 6, issue 14 items 2 and 4).

A block is identified by its registry and its serial in canonical spelling, never by
the credit type a user wrote; a failing submission's claims are recorded rejected and
block nobody; allocations of one provider's retirement never add up to more than it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offsetcalc.credits import Block, block_from_mapping, canonical_prefix, credit_serials, parse_serial
from offsetcalc.errors import SerialError
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.sqlite import SCHEMA_VERSION, Claim, Ledger
from offsetcalc.rules.batch import check_batch

DATA = Path(__file__).resolve().parent / "data"
PASSING = DATA / "check" / "jp-co-event-pass.yaml"  # a passing jp-co event claiming J-VER JP-EXAMPLE-2012 101–103
TODAY = date(2026, 1, 1)
VERRA = "19385-941412555-941412600-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-1"
UG = 10**12  # µg per tonne


@pytest.fixture
def ledger(ledger_target: str, tmp_path: Path):
    """An open ledger of each backend (SQLite, PostgreSQL)."""
    with open_ledger(ledger_target, root=tmp_path) as db:
        yield db


def _blocks(type_name: str, serial: object, registry: str | None = None) -> list[Block]:
    return [b for s in credit_serials(type_name, registry, serial) for b in s.blocks]


# --------------------------------------------------------------------------- identity (issue 9 item 4)


@pytest.mark.parametrize("other", ["J-Credit", "domestic", "JVER", "国内クレジット", "Ｊ－ＶＥＲ"])
def test_relabelling_a_japanese_block_is_the_same_block(other):
    block = {"prefix": "JP-EXAMPLE-2012", "start": 101, "end": 103}
    # failed before: explicit blocks were filed under the type label (J-VER vs J-Credit never met)
    assert _blocks(other, block) == _blocks("J-VER", block) == [Block("j-credit", "JPEXAMPLE2012", 101, 103)]


def test_a_verra_block_written_explicitly_meets_its_serial_whatever_the_label():
    (serial,) = parse_serial(VERRA)
    explicit = {"prefix": "19385-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-1", "start": 941412555, "end": 941412600}
    assert _blocks("VCU", explicit) == [serial]
    assert _blocks("VCS", VERRA) == [serial]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_relabelled_block_in_another_file_is_a_double_claim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "a.yaml", PASSING.read_text(encoding="utf-8"))
    relabelled = PASSING.read_text(encoding="utf-8").replace("type: J-VER", "type: J-Credit")
    assert relabelled != PASSING.read_text(encoding="utf-8")
    _write(tmp_path, "b.yaml", relabelled)
    report = check_batch(["a.yaml", "b.yaml"], jobs=1, ledger=tmp_path / "l.db", today=TODAY)
    a, b = report.results
    assert a.verdict == "pass" and b.verdict == "fail"
    (f,) = [f for f in b.findings if f.rule == "ledger.double-claim"]
    assert "units 101-103" in f.message and "a.yaml" in f.message


def test_a_failing_submission_never_blocks_the_later_legitimate_claimant(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = PASSING.read_text(encoding="utf-8")
    _write(tmp_path, "a-future.yaml", text.replace("retired_on: 2013-07-15", "retired_on: 2099-07-15"))
    _write(tmp_path, "b-real.yaml", text)
    db = tmp_path / "l.db"
    report = check_batch(["a-future.yaml", "b-real.yaml"], jobs=1, ledger=db, today=TODAY)
    first, second = report.results
    assert first.verdict == "fail"
    # failed before: b-real failed with ledger.double-claim against a submission that itself failed
    assert second.verdict == "pass", [f.to_dict() for f in second.findings]
    (info,) = [f for f in second.findings if f.rule == "ledger.rejected-claim"]
    assert info.severity == "info" and "a-future.yaml" in info.message and "rejected" in info.message
    with Ledger(db) as ledger:
        assert {(s["key"], s["verdict"]) for s in ledger.sources()} == {
            ((tmp_path / "a-future.yaml").resolve().as_posix(), "fail"),  # keys are absolute without --root
            ((tmp_path / "b-real.yaml").resolve().as_posix(), "pass"),
        }
    # a later run of the same files: the same verdicts (the accepted claim is b-real's)
    again = check_batch(["a-future.yaml", "b-real.yaml"], jobs=1, ledger=db, today=TODAY)
    assert [r.verdict for r in again.results] == ["fail", "pass"]


def test_a_file_that_now_errors_frees_its_earlier_claims(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "l.db"
    _write(tmp_path, "a.yaml", PASSING.read_text(encoding="utf-8"))
    assert check_batch(["a.yaml"], jobs=1, ledger=db, today=TODAY).results[0].verdict == "pass"
    _write(tmp_path, "a.yaml", "offsetcalc: 1\nkind: [broken\n")
    assert check_batch(["a.yaml"], jobs=1, ledger=db, today=TODAY).results[0].verdict == "error"
    _write(tmp_path, "b.yaml", PASSING.read_text(encoding="utf-8"))
    (b,) = check_batch(["b.yaml"], jobs=1, ledger=db, today=TODAY).results
    assert b.verdict == "pass" and [f.rule for f in b.findings if f.rule.startswith("ledger.")] == [
        "ledger.rejected-claim"
    ]


# --------------------------------------------------------------------------- allocations (issue 9 item 6)


def _alloc(start: int, end: int, tonnes: str, provider: str = "Offset Provider KK", where: str = "x.yaml:9:5") -> Claim:
    from fractions import Fraction

    ug = int(Fraction(tonnes) * UG)
    return Claim(Block("j-credit", "JP-R", start, end), location=where, allocation=(provider, ug))


def test_allocations_of_one_retirement_add_up_to_at_most_the_retirement(ledger):
    assert ledger.record_submission("a.yaml", "1", [_alloc(1, 10, "3.1", where="a.yaml:20:5")]) == []
    assert ledger.record_submission("b.yaml", "2", [_alloc(1, 10, "4.15", where="b.yaml:20:5")]) == []
    assert ledger.record_submission("c.yaml", "3", [_alloc(1, 10, "2.75")]) == []  # 3.1 + 4.15 + 2.75 = 10
    (p,) = ledger.record_submission("d.yaml", "4", [_alloc(1, 10, "0.001")])
    assert p.rule == "ledger.over-allocated" and p.severity == "error"
    assert "10.001 t" in p.message and "(10 t)" in p.message
    assert "a.yaml (at a.yaml:20:5) 3.1 t" in p.message and "b.yaml (at b.yaml:20:5) 4.15 t" in p.message
    # re-checking an allocation replaces it (it never counts against itself); d was rejected after c was
    # first recorded, so c's report stays what it was (nothing), and d's report too
    assert ledger.record_submission("c.yaml", "3b", [_alloc(1, 10, "2.75")]) == []
    (again,) = ledger.record_submission("d.yaml", "4", [_alloc(1, 10, "0.001")])
    assert again.rule == "ledger.over-allocated" and again.message == p.message
    # a claimant first recorded after d is told about d's rejected allocation, as information
    found = ledger.record_submission("e.yaml", "5", [Claim(Block("j-credit", "JP-R", 10, 10))])
    assert ("ledger.rejected-claim", "info", "d.yaml") in [(f.rule, f.severity, f.other_source) for f in found]


def test_a_rejected_allocation_counts_for_nothing(ledger):
    assert ledger.record_submission("a.yaml", "1", [_alloc(1, 10, "9")], verdict="fail") == []
    assert [f.severity for f in ledger.record_submission("b.yaml", "2", [_alloc(1, 10, "10")])] == ["info"]


def test_a_full_claim_of_an_allocated_retirement_is_a_double_claim(ledger):
    assert ledger.record_submission("a.yaml", "1", [_alloc(1, 10, "3")]) == []
    (c,) = ledger.record_submission("b.yaml", "2", [Claim(Block("j-credit", "JP-R", 5, 5))])
    assert c.rule == "ledger.double-claim" and c.other_source == "a.yaml"
    # and the other way round
    assert ledger.record_submission("c.yaml", "3", [Claim(Block("j-credit", "JP-S", 1, 10))]) == []
    (c,) = ledger.record_submission("d.yaml", "4", [Claim(Block("j-credit", "JP-S", 1, 10), allocation=("P", UG))])
    assert c.rule == "ledger.double-claim"


def test_another_provider_or_another_range_is_not_the_same_retirement(ledger):
    assert ledger.record_submission("a.yaml", "1", [_alloc(1, 10, "3")]) == []
    assert [f.rule for f in ledger.record_submission("b.yaml", "2", [_alloc(1, 10, "3", provider="Other Co")])] == [
        "ledger.double-claim"
    ]
    found = ledger.record_submission("c.yaml", "3", [_alloc(1, 9, "3")])
    assert [f.rule for f in found if f.severity == "error"] == ["ledger.double-claim"]


def test_allocation_reaches_the_ledger_from_a_file(tmp_path):
    from offsetcalc.api import compute
    from offsetcalc.ledger.sqlite import claims_from_result

    text = PASSING.read_text(encoding="utf-8").replace(
        "    quantity: 3 t-CO2\n",
        "    quantity: 2.5 t-CO2\n    allocation: {provider: Example Provider, retirement_quantity: 3 t-CO2}\n",
    )
    path = _write(tmp_path, "a.yaml", text)
    (c,) = claims_from_result(compute(path))
    assert c.allocation == ("Example Provider", 5 * UG // 2)
    assert c.block == Block("j-credit", "JPEXAMPLE2012", 101, 103)  # stored without separators beside letters


# --------------------------------------------------------------------------- spellings (issue 14 item 2)

SPELLINGS = [
    VERRA,
    VERRA.replace("19385", "１９３８５"),  # full-width digits
    VERRA.replace("19385", "١٩٣٨٥"),  # Arabic-Indic digits
    VERRA.replace("19385", "۱۹۳۸۵"),  # extended Arabic-Indic digits
    VERRA.replace("19385", "019385"),  # a leading zero
    VERRA[:-2] + "-01",  # the trailing flag as -01
    VERRA.replace("-", "‐"),  # typographic hyphens
    VERRA.replace("941412555", "0941412555"),
]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_one_serial_is_one_block(spelling):
    # failed before: each spelling was stored as a different block and passed the ledger
    assert parse_serial(spelling) == parse_serial(VERRA)


@pytest.mark.parametrize(
    "prefix",
    [
        "JP-EXAMPLE-2012",
        "jp-example-２０１２",
        "JP-EXAMPLE-02012",
        "JP–EXAMPLE–2012",
        " JP-EXAMPLE-2012 ",
        # separators (found by the red-team round): a space, an underscore, a doubled dash
        "JP EXAMPLE 2012",
        "JP_EXAMPLE_2012",
        "JP--EXAMPLE - 2012",
    ],
)
def test_explicit_block_spellings_are_one_block(prefix):
    assert block_from_mapping({"prefix": prefix, "start": "１０１", "end": 103}) == Block("", "JPEXAMPLE2012", 101, 103)


@pytest.mark.parametrize(
    "text", [VERRA.replace("-VCS", "\u200b-VCS"), VERRA + "\u2066", "JP-\u0000X"], ids=["zwsp", "isolate", "nul"]
)
def test_what_cannot_be_normalised_is_refused(text):
    with pytest.raises(SerialError) as info:
        if text.startswith("JP"):
            canonical_prefix(text)
        else:
            parse_serial(text)
    assert "U+" in info.value.message


def test_a_4000_digit_unit_number_is_a_serial_error_not_a_crash():
    with pytest.raises(SerialError, match="digits"):
        parse_serial(f"19385-1-{'9' * 4000}-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-1")


def test_spellings_meet_in_the_ledger_from_import_and_check(ledger, tmp_path):
    from offsetcalc.io.registries import read_export

    header = (
        "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,Country/Area,Project Type,"
        "Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,Additional Certifications,"
        "Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,Retirement Details"
    )
    spelled = VERRA.replace("19385", "１９３８５")[:-2] + "-01"
    row = f'2023-02-01,,2022-01-01,2022-10-31,1310,X,China,T,ACM0002,"1",46,{spelled},,2023-03-15,Someone Else Ltd,,'
    export = tmp_path / "verra.csv"
    export.write_text(header + "\n" + row + "\n", encoding="utf-8")
    read = read_export(export, "verra")
    assert not read.problems, read.problems
    ledger.import_export(read)
    (block,) = parse_serial(VERRA)
    # failed before: the import stored the full-width, -01 spelling as another block
    (c,) = ledger.record_submission("a.yaml", "1", [Claim(block, beneficiary="Me")])
    assert c.rule == "ledger.retired-for-other"


# --------------------------------------------------------------------------- beyond 64 bits (issue 14 item 4)


def test_a_unit_number_beyond_int64_is_a_finding_not_the_end_of_the_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = PASSING.read_text(encoding="utf-8")
    big = 2**63 + 5
    _write(tmp_path, "a-huge.yaml", text.replace("start: 101, end: 103", f"start: {big - 2}, end: {big}"))
    _write(tmp_path, "b-good.yaml", text)
    # failed before: exit 2, no report, for the whole batch
    for ledger in (tmp_path / "l.db", None):
        report = check_batch(["a-huge.yaml", "b-good.yaml"], jobs=1, ledger=ledger, today=TODAY)
        huge, good = report.results
        assert huge.verdict == "fail" and "ledger.range" in {f.rule for f in huge.findings}
        assert good.verdict == "pass"


# --------------------------------------------------------------------------- schema 1 → 2

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, sha256 TEXT NOT NULL,
    registry TEXT, title TEXT, beneficiary TEXT, recorded_at TEXT NOT NULL, UNIQUE (kind, key));
CREATE TABLE blocks (id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    registry TEXT NOT NULL, prefix TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    size_class INTEGER NOT NULL, status TEXT NOT NULL, credit_type TEXT, vintage TEXT, project TEXT,
    retired_on TEXT, beneficiary TEXT, location TEXT);
CREATE INDEX blocks_range ON blocks (registry, prefix, size_class, start);
CREATE TABLE prefix_classes (registry TEXT NOT NULL, prefix TEXT NOT NULL, size_class INTEGER NOT NULL,
    PRIMARY KEY (registry, prefix, size_class)) WITHOUT ROWID;
INSERT INTO meta VALUES ('application', 'offsetcalc-ledger'), ('schema_version', '1');
INSERT INTO sources VALUES (1, 'submission', 'a.yaml', 'h', NULL, NULL, NULL, '2025-01-01');
INSERT INTO blocks VALUES (1, 1, 'J-VER', 'JP-X-012', 1, 3, 2, 'retired', 'J-VER', NULL, NULL, NULL, NULL, 'a:9:5');
INSERT INTO prefix_classes VALUES ('J-VER', 'JP-X-012', 2);
PRAGMA user_version = 1;
"""


def test_a_schema_1_ledger_is_refused_until_migrated_then_keeps_its_claims(tmp_path):
    import sqlite3

    from offsetcalc.errors import InputError

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(_V1)
    db.close()
    with pytest.raises(InputError, match="older") as info:
        Ledger(path)
    assert "ledger migrate" in (info.value.hint or "")
    from typer.testing import CliRunner

    from offsetcalc.cli import app

    r = CliRunner().invoke(app, ["ledger", "migrate", "--ledger", str(path)])
    assert r.exit_code == 0 and f"from schema version 1 to {SCHEMA_VERSION}" in r.stdout
    r = CliRunner().invoke(app, ["ledger", "migrate", "--ledger", str(path)])
    assert r.exit_code == 0 and "nothing to do" in r.stdout
    with Ledger(path) as ledger:
        assert ledger.meta()["schema_version"] == str(SCHEMA_VERSION)
        # the old J-VER label is now the registry, the prefix in canonical spelling: a J-Credit relabel meets it
        (c,) = ledger.record_submission(
            "b.yaml", "h2", _claims("J-Credit", {"prefix": "JP-X-12", "start": 3, "end": 3})
        )
        assert c.rule == "ledger.double-claim" and c.other_source == "a.yaml"


def _claims(type_name: str, serial: object) -> list[Claim]:
    return [Claim(b) for b in _blocks(type_name, serial)]


def test_an_import_reports_the_accepted_claims_it_contradicts(ledger, tmp_path):
    from offsetcalc.io.registries import iter_export

    (block,) = parse_serial(VERRA)
    assert ledger.record_submission("mine.yaml", "1", [Claim(block, beneficiary="Me", location="mine.yaml:9:5")]) == []
    assert ledger.record_submission("gone.yaml", "2", [Claim(block, beneficiary="Me")], verdict="fail")
    header = (
        "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,Country/Area,Project Type,"
        "Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,Additional Certifications,"
        "Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,Retirement Details"
    )
    row = f"2023-02-01,,2022-01-01,2022-10-31,1310,X,China,T,ACM0002,1,46,{VERRA},,2023-03-15,Someone Else Ltd,,"
    export = tmp_path / "verra.csv"
    export.write_text(f"{header}\n{row}\n", encoding="utf-8")
    summary = ledger.import_export(iter_export(export, "verra"))  # streamed
    assert summary.blocks == 1
    # the accepted claim only: a rejected one holds no credits to contradict
    assert [(c.submission, c.other_beneficiary) for c in summary.contradictions] == [("mine.yaml", "Someone Else Ltd")]


# --------------------------------------------------------------------------- the folder checked from is no identity


def test_two_clients_files_of_one_name_checked_from_their_own_folders_are_two_submissions(tmp_path, ledger_target):
    """Red-team (redteam2 open item 1): keys relative to the current folder made s1/submission.yaml
    and s2/submission.yaml, each checked from its own folder, one key: the second silently replaced
    the first's claim and both passed the same credits."""
    from tests.conftest import run_cli

    text = PASSING.read_text(encoding="utf-8")
    for client in ("s1", "s2"):
        (tmp_path / client).mkdir()
        _write(tmp_path / client, "submission.yaml", text.replace("Example Association", f"Client {client}"))
    verdicts = []
    for client in ("s1", "s2"):
        done = run_cli("check", "submission.yaml", "--ledger", ledger_target, "--format", "json",
                       cwd=tmp_path / client)  # fmt: skip
        verdicts.append(done.returncode)
    assert verdicts == [0, 1]  # the second claim of JP-EXAMPLE-2012 101-103 fails
    with open_ledger(ledger_target) as db:
        keys = sorted(s["key"] for s in db.sources())
    assert keys == [(tmp_path / c / "submission.yaml").resolve().as_posix() for c in ("s1", "s2")]


def test_a_root_names_submissions_relative_to_it(tmp_path, ledger_target):
    """A ledger shared between machines names one --root: keys are relative to it, wherever it is mounted."""
    from tests.conftest import run_cli

    (tmp_path / "subs").mkdir()
    _write(tmp_path / "subs", "a.yaml", PASSING.read_text(encoding="utf-8"))
    done = run_cli("check", "subs/a.yaml", "--ledger", ledger_target, "--root", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    with open_ledger(ledger_target) as db:
        assert [s["key"] for s in db.sources()] == ["subs/a.yaml"]
