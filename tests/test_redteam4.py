"""Wrong passes found by the fourth red-team round (redteam4).

Each test starts from a submission that passes, changes one thing a dishonest or
careless submitter could change, and asserts the verdict a certifier needs. Every
test here failed before the fix committed with it (the controls excepted: they say so).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from offsetcalc.rules.batch import check_batch
from offsetcalc.rules.check import check_file

TODAY = dt.date(2026, 1, 1)

#: An ISO 14068-1 event that passes: 45 t of emissions, 50 credits retired within 12 months.
BASE = """\
offsetcalc: 1
kind: event
title: Annual conference 2024
offsetter: Example Co
period: {start: 2024-01-01, end: 2024-12-31}
standard: iso-14068
activities:
  - id: venue-power
    category: venue
    quantity: 90 MWh
    factor: {value: 0.5, unit: t-CO2 / MWh, source: "Example utility FY2023 emission factor, published 2024"}
reduction_plan:
  description: Carbon neutrality management plan 2024–2030
  measures: [renewable electricity contract from 2026, virtual attendance option]
  targets: [{description: "-50 % by 2030 against 2024", year: 2030, baseline_year: 2024, reduction_percent: 50}]
credits:
"""

GS = """\
  - type: GS-VER
    quantity: 50 t-CO2
    project: Efficient cooking, Kenya
    serial: "GS1-1-KE-GS11603-16-{year}-30256-1-50"
{vintage}    retired_on: 2025-06-30
    evidence: Gold Standard retirement record
"""

VERRA = """\
  - type: VCU
    quantity: 50 t-CO2
    project: Tongxu biogas
    serial: "{serial}"
{vintage}    retired_on: 2025-06-30
    evidence: Verra retirement record
"""

VERRA_SERIAL = "19381-941412555-941412604-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _gs(year: int | str, vintage: str | None) -> str:
    return BASE + GS.format(year=year, vintage=f"    vintage: {vintage}\n" if vintage is not None else "")


def _verra(serial: str = VERRA_SERIAL, vintage: str | None = "2022") -> str:
    return VERRA.format(serial=serial, vintage=f"    vintage: {vintage}\n" if vintage is not None else "")


def _errors(report) -> set[str]:
    return {f.rule for f in report.findings if f.severity == "error"}


def _rules(report) -> set[str]:
    return {f.rule for f in report.findings}


# --------------------------------------------------------------------------- vintages


def test_the_starting_files_pass(tmp_path: Path) -> None:
    """Control (passed before too): the files the attacks below start from."""
    assert check_file(_write(tmp_path / "gs.yaml", _gs(2024, "2024")), today=TODAY).verdict == "pass"
    assert check_file(_write(tmp_path / "vcu.yaml", BASE + _verra()), today=TODAY).verdict == "pass"


def test_a_vintage_range_written_backwards_cannot_hide_a_future_year(tmp_path: Path) -> None:
    """'2030-2012' was read as ending in 2012: credits of 2030 retired in 2025 passed."""
    rep = check_file(_write(tmp_path / "s.yaml", _gs(2024, '"2030-2012"')), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.future-issuance" in _errors(rep)


@pytest.mark.parametrize("vintage", [None, "2024"], ids=["no-vintage", "vintage-contradicts-serial"])
def test_the_vintage_in_a_gold_standard_serial_is_not_ignored(tmp_path: Path, vintage: str | None) -> None:
    """The serial says vintage 2027, the credits were retired in 2025: with no vintage (or a false one)
    written beside it, the file passed; the serial's vintage is the registry's record."""
    rep = check_file(_write(tmp_path / "s.yaml", _gs(2027, vintage)), today=TODAY)
    assert rep.verdict == "fail"
    [f] = [f for f in rep.findings if f.rule == "credits.future-issuance"]
    assert f.severity == "error" and "2027" in f.message
    if vintage is not None:
        [w] = [f for f in rep.findings if f.rule == "credits.vintage"]
        assert "2024" in w.message and "2027" in w.message


def test_the_vintage_dates_in_a_verra_serial_are_not_ignored(tmp_path: Path) -> None:
    serial = VERRA_SERIAL.replace("01012022-31102022", "01012026-31122026")
    rep = check_file(_write(tmp_path / "s.yaml", BASE + _verra(serial, vintage=None)), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.future-issuance" in _errors(rep)


def test_a_vintage_the_serial_agrees_with_gives_no_finding(tmp_path: Path) -> None:
    """Control: a range that contains the serial's year, or no vintage at all, is fine."""
    for vintage in ("2023-2024", None):
        rep = check_file(_write(tmp_path / "s.yaml", _gs(2024, vintage)), today=TODAY)
        assert rep.verdict == "pass"
        assert not _rules(rep) & {"credits.vintage", "credits.future-issuance"}


# --------------------------------------------------------------------------- Verra serials with and without 'VCS-'

VCS_LESS = VERRA_SERIAL.replace("-VCS-VCU-", "-VCU-")


def test_the_same_verra_credits_with_and_without_vcs_overlap_in_one_file(tmp_path: Path) -> None:
    """Verra prints serials with '-VCS-VCU-' and (older issuances) '-VCU-' alone; the parser read
    both, but as two batches: the same 50 credits listed twice passed at 222 %."""
    text = BASE + _verra() + _verra(VCS_LESS)
    rep = check_file(_write(tmp_path / "s.yaml", text), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.serial-overlap" in _errors(rep)


@pytest.mark.parametrize(
    "second",
    [
        _verra(VCS_LESS),
        _verra().replace(
            f'serial: "{VERRA_SERIAL}"',
            "serial: {prefix: '19381-VCU-1310-VER-CN-13-3005-01012022-31102022-0', start: 941412555, end: 941412604}\n"
            "    registry: verra",
        ),
    ],
    ids=["serial", "explicit-block"],
)
def test_the_same_verra_credits_without_vcs_in_another_file_are_a_double_claim(tmp_path: Path, second: str) -> None:
    a = _write(tmp_path / "a.yaml", BASE + _verra())
    b = _write(tmp_path / "b.yaml", BASE.replace("Example Co", "Other Co") + second)
    report = check_batch([a, b], today=TODAY, jobs=1)
    assert [r.verdict for r in report.results] == ["pass", "fail"]


def test_serial_vintage_agrees_with_the_vintage_columns_of_the_registry_samples() -> None:
    """The vintage fields serial_vintage reads are the ones the registries' own exports fill in."""
    import csv

    from offsetcalc.credits import parse_serial, serial_vintage

    samples = Path(__file__).resolve().parent / "data" / "registry-samples"
    with open(samples / "verra-transactions.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 200
    for row in rows:
        (block,) = parse_serial(row["Serial Number"])
        assert serial_vintage(block) == (int(row["Vintage Start"][:4]), int(row["Vintage End"][:4]))
    for name in ("gold-standard-retirements.csv", "gold-standard-issuances.csv"):
        with open(samples / name, encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["Serial Number"].startswith("GS")]
        assert len(rows) > 90
        for row in rows:
            (block,) = parse_serial(row["Serial Number"])
            assert serial_vintage(block) == (int(row["Vintage"]), int(row["Vintage"]))


@pytest.mark.parametrize(
    "serial",
    [
        VERRA_SERIAL[: -len("-0")],  # the trailing field dropped
        VERRA_SERIAL.replace("-VER-", "-"),  # a middle field dropped
        VERRA_SERIAL + "-0",  # a field added
    ],
    ids=["no-last-field", "no-middle-field", "extra-field"],
)
def test_a_verra_serial_missing_or_adding_a_field_is_refused(tmp_path: Path, serial: str) -> None:
    """Any run of fields after 'VCU' was accepted and kept in the prefix, so the same credits with
    one field dropped or added were another batch: claimed in a second file, both passed. Verra
    serials have 13 fields (every row of the Verra sample export; Cloverly's description of the form)."""
    rep = check_file(_write(tmp_path / "s.yaml", BASE + _verra(serial)), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.serial-syntax" in _errors(rep)
    a = _write(tmp_path / "a.yaml", BASE + _verra())
    b = _write(tmp_path / "b.yaml", BASE.replace("Example Co", "Other Co") + _verra(serial))
    assert [r.verdict for r in check_batch([a, b], today=TODAY, jobs=1).results] == ["pass", "fail"]


# --------------------------------------------------------------------------- placeholder text

DATA = Path(__file__).resolve().parent / "data" / "check"


@pytest.mark.parametrize("evidence", ['"-"', "TBD", "n/a", '"."', "none", "x", '"\\u200b"', '"?"', "なし", "未定"])
def test_a_placeholder_is_no_retirement_evidence(tmp_path: Path, evidence: str) -> None:
    """credits.retired-evidence (an error in every profile) took any non-blank text: 'TBD' passed."""
    text = _gs(2024, "2024").replace("evidence: Gold Standard retirement record", f"evidence: {evidence}")
    rep = check_file(_write(tmp_path / "s.yaml", text), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.retired-evidence" in _errors(rep)


@pytest.mark.parametrize("project", ['"-"', "n/a", "TBD", "unknown", "不明"])
def test_a_placeholder_project_does_not_dodge_the_excluded_project_types(tmp_path: Path, project: str) -> None:
    """au-ncos refuses CERs from HFC-23, adipic-acid and nuclear projects and so needs the project named
    (credits.project-missing, an error there); a placeholder named none and passed."""
    text = (DATA / "au-ncos-pass.yaml").read_text(encoding="utf-8")
    text = text.replace("project: Rwanda cook stoves", f"project: {project}")
    rep = check_file(_write(tmp_path / "s.yaml", text), today=TODAY)
    assert rep.verdict == "fail"
    assert "credits.project-missing" in _errors(rep)


def test_real_evidence_and_project_text_still_pass(tmp_path: Path) -> None:
    """Control (passed before too): short real texts are not placeholders."""
    text = _gs(2024, "2024").replace("evidence: Gold Standard retirement record", "evidence: GS-2025-0001")
    assert check_file(_write(tmp_path / "s.yaml", text), today=TODAY).verdict == "pass"
    text = (DATA / "au-ncos-pass.yaml").read_text(encoding="utf-8").replace("Rwanda cook stoves", "X-1 wind")
    assert check_file(_write(tmp_path / "a.yaml", text), today=TODAY).verdict == "pass"


# ------------------------------------------------------------ explicit blocks of registries with a serial form


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            BASE + _verra(),
            BASE
            + _verra().replace(
                f'serial: "{VERRA_SERIAL}"', "serial: {prefix: VCU-3005, start: 941412555, end: 941412604}"
            ),
        ),
        (
            _gs(2024, "2024"),
            _gs(2024, "2024").replace(
                'serial: "GS1-1-KE-GS11603-16-2024-30256-1-50"', "serial: {prefix: GS11603, start: 1, end: 50}"
            ),
        ),
    ],
    ids=["verra", "gold-standard"],
)
def test_an_explicit_block_with_a_prefix_of_ones_own_is_refused(tmp_path: Path, first: str, second: str) -> None:
    """A VCU or GS-VER block {prefix: <anything>} was filed under the registry but with a prefix no serial
    gives, so it was another batch than the registry serial of the same credits: both files passed."""
    a = _write(tmp_path / "a.yaml", first)
    b = _write(tmp_path / "b.yaml", second.replace("Example Co", "Other Co"))
    report = check_batch([a, b], today=TODAY, jobs=1)
    assert [r.verdict for r in report.results] == ["pass", "fail"]
    assert "credits.serial-syntax" in _errors(report.results[1])


def test_an_explicit_block_with_the_serials_own_prefix_still_passes(tmp_path: Path) -> None:
    """Control (passed before too): the README's explicit Verra block meets the serial string."""
    second = _verra().replace(
        f'serial: "{VERRA_SERIAL}"',
        "serial: {prefix: 19381-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0, start: 941412555, end: 941412604}",
    )
    rep = check_file(_write(tmp_path / "b.yaml", BASE + second), today=TODAY)
    assert rep.verdict == "pass"
    a = _write(tmp_path / "a.yaml", BASE + _verra())
    b = _write(tmp_path / "c.yaml", BASE.replace("Example Co", "Other Co") + second)
    assert [r.verdict for r in check_batch([a, b], today=TODAY, jobs=1).results] == ["pass", "fail"]


# --------------------------------------------------------------------------- across runs, on both ledger backends


@pytest.mark.parametrize(
    "second",
    [
        _verra(VCS_LESS),
        _verra().replace(f'serial: "{VERRA_SERIAL}"', "serial: {prefix: VCU-3005, start: 941412555, end: 941412604}"),
    ],
    ids=["no-vcs", "own-prefix"],
)
def test_the_same_verra_credits_respelled_in_a_later_run_never_pass_twice(
    tmp_path: Path, ledger_target: str, second: str
) -> None:
    """ledger_target (tests/pg.py): a ledger file on SQLite and a fresh database on PostgreSQL."""
    first = check_batch([_write(tmp_path / "a.yaml", BASE + _verra())], ledger=ledger_target, today=TODAY, jobs=1)
    assert [r.verdict for r in first.results] == ["pass"]
    b = _write(tmp_path / "b.yaml", BASE.replace("Example Co", "Other Co") + second)
    [r] = check_batch([b], ledger=ledger_target, today=TODAY, jobs=1).results
    assert r.verdict == "fail"


# --------------------------------------------------------------------------- Kyoto commitment periods


@pytest.mark.parametrize("vintage", [None, "2010"], ids=["no-vintage", "vintage-2010"])
def test_a_kyoto_unit_of_the_second_commitment_period_retired_before_it_began_fails(
    tmp_path: Path, vintage: str | None
) -> None:
    """A CER whose serial names original commitment period 2 (2013–2020) cannot have been retired in
    2011; au-ncos passed it, with or without a vintage of 2010 written beside it (EU Reg. 2216/2004
    Annex VI: the original commitment period is the one the unit was issued for)."""
    text = (DATA / "au-ncos-pass.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "RW-5-1459975-1-1-0-7014 - RW-5-1460107-1-1-0-7014", "RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014"
    )
    if vintage is None:
        text = text.replace(
            "    vintage: 2010\n    retired_on: 2011-08-01\n    evidence: CDM",
            "    retired_on: 2011-08-01\n    evidence: CDM",
            1,
        )
    rep = check_file(_write(tmp_path / "s.yaml", text), today=TODAY)
    assert rep.verdict == "fail"
    [f] = [f for f in rep.findings if f.rule == "credits.future-issuance"]
    assert f.severity == "error" and "2013" in f.message


def test_a_kyoto_unit_retired_within_its_commitment_period_still_passes(tmp_path: Path) -> None:
    """Control: the au-ncos fixture's CP1 unit retired in 2011; a CP2 unit retired in 2013 (test_check's)."""
    assert check_file(DATA / "au-ncos-pass.yaml", today=TODAY).verdict == "pass"
