"""Re-checking into a filled ledger: the same files give the same reports, and no double claim ever passes.

The policy is offsetcalc's own ("Reports" in :mod:`offsetcalc.ledger.core`): a
submission is told about a rejected claim only when that claim was first
recorded before its own, and about a later claimant's accepted claim only when
it would otherwise be accepted. Every test runs on SQLite and on PostgreSQL
(``source .ci/pg-start`` first, see tests/pg.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offsetcalc.credits import Block
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.core import Claim
from offsetcalc.ledger.sqlite import MEMORY
from offsetcalc.rules.batch import check_batch
from tests.conftest import run_cli

DATA = Path(__file__).resolve().parent / "data"
PASSING = DATA / "check" / "jp-co-event-pass.yaml"  # a passing jp-co event claiming J-VER JP-EXAMPLE-2012 101–103
TODAY = date(2026, 1, 1)


def _with_serial(start: int, end: int, *, retired: str = "2013-07-15") -> str:
    text = PASSING.read_text(encoding="utf-8")
    assert "start: 101, end: 103" in text and "retired_on: 2013-07-15" in text
    return text.replace("start: 101, end: 103", f"start: {start}, end: {end}").replace(
        "retired_on: 2013-07-15", f"retired_on: {retired}"
    )


# The files, in the order of the first run, and what that run must say about each.
FILES = {
    "a-good.yaml": _with_serial(101, 103),
    "b-double.yaml": _with_serial(103, 105),  # unit 103 is a's: fails
    "c-after-rejected.yaml": _with_serial(105, 107),  # unit 105 is b's, rejected: passes, told as information
    "d-future.yaml": _with_serial(401, 403, retired="2099-07-15"),  # fails on its own
    "e-real.yaml": _with_serial(401, 403),  # d's claim is rejected: the legitimate claimant passes
}
FIRST_RUN = {
    "a-good.yaml": ("pass", []),
    "b-double.yaml": ("fail", ["ledger.double-claim"]),
    "c-after-rejected.yaml": ("pass", ["ledger.rejected-claim"]),
    "d-future.yaml": ("fail", []),
    "e-real.yaml": ("pass", ["ledger.rejected-claim"]),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "subs"
    here.mkdir()
    for name, text in FILES.items():
        (here / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(here)
    return here


def _ledger_rules(result) -> list[str]:
    return [f.rule for f in result.findings if f.rule.startswith("ledger.")]


def _by_source(report) -> dict[str, dict]:
    return {r["source"]: r for r in report.to_dict()["results"]}


def test_two_runs_into_one_ledger_give_byte_identical_json(folder, ledger_target):
    # Failed before: the second run named b's rejected claim to a, and e's accepted claim to d.
    out = []
    for run, jobs in enumerate(("2", "1")):
        target = folder.parent / f"run{run}.json"
        done = run_cli("check", *FILES, "--ledger", ledger_target, "--jobs", jobs, "--format", "json", "-o",
                       str(target), cwd=folder)  # fmt: skip
        assert done.returncode == 1, done.stderr  # b and d fail
        out.append(target.read_bytes())
    assert out[0] == out[1]


def test_the_first_run_reports_what_the_policy_says(folder, ledger_target):
    report = check_batch(list(FILES), jobs=1, ledger=ledger_target, today=TODAY)
    assert {r.source: (r.verdict, _ledger_rules(r)) for r in report.results} == FIRST_RUN
    (info,) = [f for f in report.results[2].findings if f.rule == "ledger.rejected-claim"]
    assert info.severity == "info" and "b-double.yaml" in info.message


def test_order_and_single_file_rechecks_change_no_report(folder, ledger_target):
    first = _by_source(check_batch(list(FILES), jobs=1, ledger=ledger_target, today=TODAY))
    assert {k: v["verdict"] for k, v in first.items()} == {k: v[0] for k, v in FIRST_RUN.items()}
    backwards = _by_source(check_batch(list(reversed(FILES)), jobs=2, ledger=ledger_target, today=TODAY))
    assert backwards == first
    for name in reversed(FILES):
        alone = _by_source(check_batch([name], jobs=1, ledger=ledger_target, today=TODAY))
        assert alone == {name: first[name]}, name


def test_a_true_double_claim_never_passes_whatever_the_history(folder, ledger_target):
    def check(*names: str) -> dict[str, tuple[str, list[str]]]:
        report = check_batch(list(names), jobs=1, ledger=ledger_target, today=TODAY)
        return {r.source: (r.verdict, _ledger_rules(r)) for r in report.results}

    a, b = folder / "a-good.yaml", folder / "b-double.yaml"
    assert check("a-good.yaml", "b-double.yaml") == {
        "a-good.yaml": ("pass", []),
        "b-double.yaml": ("fail", ["ledger.double-claim"]),
    }
    # a now fails on its own; until a is re-checked the ledger still holds its credits for it
    a.write_text(FILES["a-good.yaml"].replace("retired_on: 2013-07-15", "retired_on: 2099-07-15"), encoding="utf-8")
    assert check("b-double.yaml")["b-double.yaml"][0] == "fail"
    assert check("a-good.yaml")["a-good.yaml"][0] == "fail"
    # a's claim is rejected now: b is the legitimate claimant, and is told about a's claim
    assert check("b-double.yaml") == {"b-double.yaml": ("pass", ["ledger.rejected-claim"])}
    # a corrected: b's accepted claim came later than a's first record, but it holds the credits,
    # so a fails with a double claim (two accepted claims of unit 103 would be a wrong pass)
    a.write_text(FILES["a-good.yaml"], encoding="utf-8")
    verdict, rules = check("a-good.yaml")["a-good.yaml"]
    assert (verdict, rules) == ("fail", ["ledger.double-claim"])
    # and from now on every re-check, in any order, says the same
    again = check("b-double.yaml", "a-good.yaml")
    assert again == {
        "a-good.yaml": ("fail", ["ledger.double-claim"]),
        "b-double.yaml": ("pass", ["ledger.rejected-claim"]),  # a was first recorded before b
    }
    assert check("a-good.yaml", "b-double.yaml") == again
    with open_ledger(ledger_target, root=folder) as db:
        held = [(x["source"], x["start"], x["end"]) for x in db.blocks() if x["claim"] == "accepted"]
    assert held == [((folder / "b-double.yaml").resolve().as_posix(), 103, 105)]  # keys: absolute paths
    assert b.exists()


# --------------------------------------------------------------------------- the rule on any history

_SUBMISSIONS = st.lists(
    st.tuples(
        st.lists(st.tuples(st.integers(0, 12), st.integers(0, 3)), min_size=1, max_size=2),  # (start, length-1)
        st.booleans(),  # passes on its own
    ),
    min_size=2,
    max_size=7,
)


def _claims(blocks: list[tuple[int, int]]) -> list[Claim]:
    return [Claim(Block("j-credit", "JP-H", s, s + n), location="x.yaml:1:1") for s, n in blocks]


def _accepted_blocks_never_overlap(db) -> None:
    held = [(x["start"], x["end"], x["source"]) for x in db.blocks() if x["claim"] == "accepted"]
    for s1, e1, k1 in held:
        for s2, e2, k2 in held:
            assert k1 == k2 or e1 < s2 or e2 < s1, ("two accepted claims share credits", held)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subs=_SUBMISSIONS, rechecks=st.lists(st.integers(0, 6), max_size=12), flips=st.lists(st.integers(0, 6)))
def test_rechecks_repeat_the_first_reports_and_never_accept_two_claims_of_one_block(subs, rechecks, flips):
    """Unchanged files: any re-check repeats the first report. Edited files: never two accepted claims."""
    with open_ledger(MEMORY) as db:
        first = {}
        for k, (blocks, passes) in enumerate(subs):
            found = db.record_submission(f"s{k}", "h", _claims(blocks), verdict="pass" if passes else "fail")
            first[k] = [f.to_dict() for f in found]
            _accepted_blocks_never_overlap(db)
        for k in rechecks:
            k %= len(subs)
            blocks, passes = subs[k]
            found = db.record_submission(f"s{k}", "h", _claims(blocks), verdict="pass" if passes else "fail")
            assert [f.to_dict() for f in found] == first[k], k
        # files edited to pass or fail in turn, re-checked in any order: the verdicts move, the rule holds
        verdicts = [passes for _, passes in subs]
        for k in flips:
            k %= len(subs)
            verdicts[k] = not verdicts[k]
            db.record_submission(f"s{k}", "h", _claims(subs[k][0]), verdict="pass" if verdicts[k] else "fail")
            _accepted_blocks_never_overlap(db)
