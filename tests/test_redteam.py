"""Wrong passes found by attacking ``check`` as a dishonest submitter (redteam, after issue 9).

Each test is one way a submission that should fail used to pass (or used to pass without
saying why it could be trusted). They start from a fixture that passes and change one thing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from offsetcalc.errors import OffsetcalcError
from offsetcalc.rules.check import check_file, check_files
from offsetcalc.rules.profile import load_profile

DATA = Path(__file__).resolve().parent / "data" / "check"
TODAY = dt.date(2026, 1, 1)
PASSING = (DATA / "jp-co-event-pass.yaml").read_text(encoding="utf-8")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _errors(report) -> set[str]:
    return {f.rule for f in report.findings if f.severity == "error"}


def test_the_starting_fixture_passes() -> None:
    assert check_file(DATA / "jp-co-event-pass.yaml", today=TODAY).verdict == "pass"


# --------------------------------------------------------------------------- user profiles

WEAK_PROFILE = """\
offsetcalc-profile: 1
id: {id}
title: Carbon offset certification
kinds: [event]
sources:
  me: {{publisher: Submitter, document: our own rules, policy: true}}
rules:
  credits.serial-overlap: {{severity: info, source: me, confirmed: true}}
  factors.outside-validity: {{severity: info, source: me, confirmed: true}}
"""


def test_a_user_profile_cannot_pose_as_a_built_in_one(tmp_path: Path) -> None:
    """A profile file with id 'jp-co' made a report say 'jp-co' while applying other rules."""
    profile = _write(tmp_path / "jp-co.yaml", WEAK_PROFILE.format(id="jp-co"))
    with pytest.raises(OffsetcalcError, match="built-in"):
        load_profile(str(profile))
    # Named by the submission itself: the verdict is error, never a pass under 'jp-co'.
    sub = PASSING.replace("standard: jp-co", "standard: ./jp-co.yaml")
    report = check_file(_write(tmp_path / "sub.yaml", sub), today=TODAY)
    assert report.verdict == "error"
    assert "standard.unknown" in _errors(report)


def test_a_user_profile_that_turns_off_core_rules_is_named_in_the_report(tmp_path: Path) -> None:
    """A submission shipped its own profile (standard: ./house.yaml) that downgrades double counting.

    Allowed (a user profile may set any severity), but the report must say the profile is not a
    built-in one and which core rules it weakens, so a certifier sees it.
    """
    _write(tmp_path / "house.yaml", WEAK_PROFILE.format(id="house"))
    dup = PASSING.replace(
        "credits:\n",
        "credits:\n  - {type: J-VER, quantity: 3 t-CO2, serial: {prefix: JP-EXAMPLE-2012, start: 101, end: 103}, "
        "vintage: 2012, retired_on: 2013-07-15, evidence: notice 2}\n",
    ).replace("standard: jp-co", "standard: ./house.yaml")
    report = check_file(_write(tmp_path / "sub.yaml", dup), today=TODAY)
    notes = [f for f in report.findings if f.rule == "standard.not-builtin"]
    assert len(notes) == 1 and notes[0].severity == "warning"
    assert "house.yaml" in notes[0].message
    assert "credits.serial-overlap" in notes[0].message and "factors.outside-validity" in notes[0].message
    # A built-in profile gets no such finding.
    assert not [
        f for f in check_file(DATA / "jp-co-event-pass.yaml", today=TODAY).findings if f.rule == "standard.not-builtin"
    ]


# --------------------------------------------------------------------------- emissions


def test_a_submission_with_no_emissions_never_passes(tmp_path: Path) -> None:
    """Every source excluded, no activities: 0 t emissions, ratio None, and it passed."""
    sub = PASSING.split("activities:\n")[0] + (
        "activities: []\nexclusions:\n"
        + "".join(
            f"  - {{source: {s}, reason: none}}\n"
            for s in ("travel", "venue-energy", "accommodation", "printed-matter", "catering", "waste")
        )
        + "reduction_plan:"
        + PASSING.split("reduction_plan:")[1]
    )
    report = check_file(_write(tmp_path / "empty.yaml", sub), today=TODAY)
    assert report.result.emissions_ug == 0
    assert report.verdict == "fail"
    assert "emissions.none" in _errors(report)


# --------------------------------------------------------------------------- factors without a period

OUT_OF_PERIOD = (DATA / "jp-cn-factor-out-of-period.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("standard", ["jp-co", "jp-cn"])
def test_dropping_the_period_does_not_hide_a_factor_outside_its_validity(standard: str, tmp_path: Path) -> None:
    """Without a period the factor's validity went unchecked; in jp-co (period.missing a
    warning) a FY2019 inventory using a FY2013 retailer factor then passed."""
    sub = OUT_OF_PERIOD.replace("period: {start: 2019-04-01, end: 2020-03-31}\n", "")
    report = check_file(_write(tmp_path / "no-period.yaml", sub), standard=standard, today=TODAY)
    assert report.verdict == "fail"
    assert "factors.outside-validity" in _errors(report)


def test_inline_factors_need_no_period_for_their_validity(tmp_path: Path) -> None:
    """Inline factors carry no validity: a file without a period is not failed for them."""
    sub = PASSING.replace("period: {start: 2013-06-01, end: 2013-06-30}\n", "")
    report = check_file(_write(tmp_path / "no-period.yaml", sub), today=TODAY)
    assert "factors.outside-validity" not in {f.rule for f in report.findings}
    assert report.verdict == "pass"


# --------------------------------------------------------------------------- vintages


@pytest.mark.parametrize("vintage", ["FY2014", "2014年度", "Y2014"])
def test_an_unreadable_vintage_does_not_dodge_the_future_issuance_error(vintage: str, tmp_path: Path) -> None:
    """'vintage: FY2014' on a credit retired in 2013 was only a warning (unreadable vintage) and passed."""
    sub = PASSING.replace("vintage: 2012", f"vintage: '{vintage}'")
    report = check_file(_write(tmp_path / "v.yaml", sub), today=TODAY)
    assert report.verdict == "fail"
    assert "credits.future-issuance" in _errors(report)


def test_a_vintage_range_ending_after_the_retirement_is_future_issuance(tmp_path: Path) -> None:
    """Credits for reductions of 2012–2014 retired in July 2013: part of them were not yet made."""
    sub = PASSING.replace("vintage: 2012", "vintage: '2012-2014'")
    report = check_file(_write(tmp_path / "v.yaml", sub), today=TODAY)
    assert report.verdict == "fail"
    assert "credits.future-issuance" in _errors(report)
    ok = PASSING.replace("vintage: 2012", "vintage: '2011-2012'")
    assert check_file(_write(tmp_path / "ok.yaml", ok), today=TODAY).verdict == "pass"


def test_batch_keeps_every_file_with_a_user_profile(tmp_path: Path) -> None:
    """check_files with a user profile posing as built-in raises the caller's error (exit 2)."""
    profile = _write(tmp_path / "p.yaml", WEAK_PROFILE.format(id="iso-14068"))
    with pytest.raises(OffsetcalcError):
        check_files([DATA / "jp-co-event-pass.yaml"], standard=str(profile), today=TODAY)


def test_a_built_in_profile_given_by_its_path_or_a_copy_is_still_built_in(tmp_path: Path) -> None:
    from offsetcalc.rules.profile import builtin_profiles

    path = builtin_profiles()["jp-co"]
    copy = _write(tmp_path / "copy.yaml", path.read_text(encoding="utf-8"))
    for p in (path, copy):
        prof = load_profile(str(p))
        assert prof.id == "jp-co" and prof.builtin
    report = check_file(DATA / "jp-co-event-pass.yaml", standard=str(copy), today=TODAY)
    assert report.verdict == "pass" and not report.findings


CHEAP_GASOLINE = """offsetcalc-factors: 1
table: jp-shk-fuel-2006
title: SHK fuel factors
publisher: Ministry of the Environment
document: Ordinance
edition: "2006"
year: 2006
factors:
  - {id: fuel.gasoline, name: Gasoline, category: liquid-fuel, value: 0.5, unit: t-CO2 / kL,
     valid: {from: 2006-04-01, to: 2010-03-31}, confirmed: true}
"""


def test_a_user_table_replacing_a_built_in_factor_is_shown(tmp_path: Path) -> None:
    """--factors DIR with gasoline at 0.5 instead of 2.32 t/kL raised the ratio with no finding."""
    tables = tmp_path / "factors"
    tables.mkdir()
    _write(tables / "cheap.yaml", CHEAP_GASOLINE)
    sub = (
        PASSING.replace('factor: {value: 2.32, unit: t-CO2 / kL, source: "SHK 2006 gasoline"}', "factor: fuel.gasoline")
        .replace("2013-06-01, end: 2013-06-30", "2009-06-01, end: 2009-06-30")
        .replace("retired_on: 2013-07-15", "retired_on: 2009-07-15")
        .replace("vintage: 2012", "vintage: 2009")
    )
    path = _write(tmp_path / "sub.yaml", sub)
    assert not [f for f in check_file(path, today=TODAY).findings if f.rule == "factors.overridden"]
    report = check_file(path, factor_dirs=[tables], today=TODAY)
    found = [f for f in report.findings if f.rule == "factors.overridden"]
    assert [f.severity for f in found] == ["warning"]
    assert "0.5 t-CO2 / kL" in found[0].message and "2.32 t-CO2 / kL" in found[0].message
    assert "cheap.yaml" in found[0].message
