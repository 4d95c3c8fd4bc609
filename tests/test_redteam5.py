"""Wrong passes found by the fifth red-team round (redteam5).

Each test starts from a submission that passes, changes one thing a dishonest or
careless submitter could change, and asserts the verdict a certifier needs. Every
test here failed before the fix committed with it, except the controls, which say so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from offsetcalc.errors import UnitError
from offsetcalc.rules.check import check_file
from offsetcalc.units import conversion, parse_unit

TODAY = dt.date(2026, 11, 30)

#: An ISO 14068-1 event that passes: 4,500 t of emissions (9,000 MWh at 0.5 t/MWh), 5,000 credits.
BASE = """\
offsetcalc: 1
kind: event
title: Annual conference 2024
offsetter: Example Co
period: {start: 2024-01-01, end: 2024-12-31}
standard: iso-14068
{gwp}activities:
{activities}reduction_plan:
  description: Carbon neutrality management plan 2024–2030
  measures: [renewable electricity contract from 2026, virtual attendance option]
  targets: [{description: "-50 % by 2030 against 2024", year: 2030, baseline_year: 2024, reduction_percent: 50}]
credits:
  - type: CAR
    quantity: {credits} t-CO2
    project: Kansas landfill gas
    serial: "CAR-1-US-1335-31-983-KS-2025-9205-1 to {credits}"
    vintage: 2025
    retired_on: 2025-06-30
    evidence: CAR retirement record 2025-06-30
"""

POWER = (
    "  - {id: venue-power, category: venue, quantity: 9000 MWh,"
    ' factor: {value: 0.5, unit: t-CO2 / MWh, source: "Example utility FY2023 emission factor, published 2024"}}\n'
)


def _write(tmp_path: Path, *, activities: str = POWER, gwp: str = "", credits: int = 5000) -> Path:
    p = tmp_path / "submission.yaml"
    text = BASE.replace("{gwp}", gwp).replace("{activities}", activities).replace("{credits}", str(credits))
    p.write_text(text, encoding="utf-8")
    return p


def _errors(rep) -> list[str]:
    return sorted({f.rule for f in rep.findings if f.severity == "error"})


def test_the_base_submission_passes(tmp_path: Path) -> None:
    """Control (passed before too): the file every attack below changes passes as written."""
    rep = check_file(_write(tmp_path), today=TODAY)
    assert rep.verdict == "pass", _errors(rep)
    assert rep.offset_ratio_percent == pytest.approx(5000 / 4500 * 100)


# ---------------------------------------------------------------- units read one way by pint, another by the field


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        # pint: millitonne (1 kg); US reports: the metric ton ('MTCO2e', 'mtCO2e')
        ("mt", "millitonne"),
        ("mtCO2e", "millitonne"),
        ("mt_CO2e", "millitonne"),
        ("t-CO2 / mt", "millitonne"),
        ("mtCO2e / MWh", "millitonne"),
        # pint: the US liquid barrel (31.5 gal, 119.2 L); oil: 42 gal (158.99 L); 'Mbbl' a thousand barrels
        ("bbl", "158.99 L"),
        ("barrels", "158.99 L"),
        ("Mbbl", "158.99 L"),
        ("t-CO2 / bbl", "158.99 L"),
        # pint: the US gallon (3.785 L); the imperial gallon is 4.546 L
        ("gal", "imperial"),
        ("gallons", "imperial"),
        ("kgal", "imperial"),
        ("kg-CO2 / gallon", "imperial"),
        # pint: mega-Btu; the US energy trade's MBtu is a thousand Btu
        ("MBtu", "thousand Btu"),
        ("kg-CO2 / MBtu", "thousand Btu"),
        # pint: mega-pound; US district steam is sold by the Mlb (a thousand pounds)
        ("Mlb", "thousand pounds"),
        ("kg-CO2 / Mlb", "thousand pounds"),
    ],
)
def test_units_pint_reads_one_way_and_the_field_another_are_refused(text: str, hint: str) -> None:
    # Before: 'mtCO2e' was 0.001 t, 'bbl' 119.24 L, 'gal' 3.785 L, 'MBtu' 1.055 GJ and 'Mlb' 1e6 lb, silently.
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.code == "unit.ambiguous"
    assert hint in str(info.value.hint)


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("oil_barrel", "L", 158.987294928),
        ("oil_bbl", "L", 158.987294928),
        ("imperial_gallon", "L", 4.54609),
        ("US_liquid_gallon", "L", 3.785411784),
        ("kBtu", "kJ", 1055.056),
        ("klb", "kg", 453.59237),
        ("Mt", "t", 1e6),
        ("MtCO2e", "t-CO2e", 1e6),
        ("kt-CO2", "t-CO2e", 1e3),
        ("t", "kg", 1e3),
    ],
)
def test_the_unambiguous_spellings_the_hints_give_still_convert(text: str, base: str, expected: float) -> None:
    """Control (passed before too): what the hints tell a user to write converts as it says."""
    assert conversion(text, base) == pytest.approx(expected, rel=1e-9)


def test_a_factor_in_mtco2e_is_refused_not_read_as_kilograms(tmp_path: Path) -> None:
    # Before: 0.5 mtCO2e/MWh (US style for metric tons) was read as 0.5 kg/MWh: 4.5 t of emissions
    # against 5,000 credits, pass at 111,111 %.
    power = POWER.replace("unit: t-CO2 / MWh", "unit: mtCO2e / MWh")
    rep = check_file(_write(tmp_path, activities=power), today=TODAY)
    assert rep.verdict == "error"
    assert any("ambiguous" in f.message and "mtCO2e" in f.message for f in rep.findings)


def _diesel(unit: str) -> str:
    """13,000 barrels of diesel for the venue's generators, in ``unit``."""
    return (
        f"  - {{id: generators, category: venue, quantity: 13000 {unit},"
        ' factor: {value: 2.62, unit: t-CO2 / kL, source: "SHK 2006 diesel (light oil), 38.2 GJ/kL"}}\n'
    )


def test_diesel_in_barrels_is_refused_not_read_as_the_us_liquid_barrel(tmp_path: Path) -> None:
    # Before: 13,000 bbl of diesel at 2.62 t/kL was read as 1,550 kL (pint's 119.24 L barrel): 4,061 t
    # against 5,000 credits, pass at 123 %. In barrels of oil (158.99 L) it is 5,415 t: 92 %, a fail.
    rep = check_file(_write(tmp_path, activities=_diesel("bbl")), today=TODAY)
    assert rep.verdict == "error"
    assert any("ambiguous" in f.message and "bbl" in f.message for f in rep.findings)


def test_diesel_in_oil_barrels_is_computed(tmp_path: Path) -> None:
    """Control (passed before too): the hint's spelling computes with the 42-gallon barrel."""
    rep = check_file(_write(tmp_path, activities=_diesel("oil_barrel")), today=TODAY)
    assert rep.result is not None
    assert rep.result.emissions_ug / 10**12 == pytest.approx(13000 * 0.158987294928 * 2.62, rel=1e-9)
    assert rep.verdict == "fail"  # 5,415 t against 5,000 credits
    assert "offset.ratio-below-100" in _errors(rep)


# ---------------------------------------------------------------- GWP set chosen where the standard names none

#: 1,000 t of food waste to landfill, 200 kg CH4 per tonne: 5,600 t by AR5 (CH4 28), 4,200 t by AR2 (21).
METHANE = (
    "  - {id: food-waste, category: waste, quantity: 1000 t,"
    ' factor: {unit: kg / t, gases: {CH4: 200}, source: "IPCC 2006 Guidelines vol. 5 ch. 3, first-order decay"}}\n'
)


def test_a_gwp_set_chosen_under_a_standard_that_names_none_is_judged_by_the_default(tmp_path: Path) -> None:
    # Before: iso-14068 names no GWP set, so 'gwp: AR2' (CH4 21) gave 4,200 t against 5,000 credits,
    # pass at 119 %, with no finding; by offsetcalc's default AR5 (the set used when nobody chooses)
    # the same file is 5,600 t, 89 %.
    rep = check_file(_write(tmp_path, activities=METHANE, gwp="gwp: AR2\n"), today=TODAY)
    assert rep.verdict == "fail"
    (f,) = [f for f in rep.findings if f.rule == "gwp.set-differs"]
    assert f.severity == "error"
    assert "AR5" in f.message and "5600.000" in f.message and "89%" in f.message
    assert f.location.line == 7  # the file's 'gwp:' line
    assert "地球温暖化係数 AR2" in f.msg.render("ja")


def test_a_chosen_set_that_does_not_decide_the_claim_is_a_warning(tmp_path: Path) -> None:
    """Enough credits by both sets: the choice is reported, the claim stands."""
    rep = check_file(_write(tmp_path, activities=METHANE, gwp="gwp: AR2\n", credits=6000), today=TODAY)
    assert rep.verdict == "pass", _errors(rep)
    assert [f.severity for f in rep.findings if f.rule == "gwp.set-differs"] == ["warning"]


def test_the_default_set_and_the_certifiers_set_give_no_finding(tmp_path: Path) -> None:
    """Control (passed before too): no 'gwp:' (AR5 applies), or the certifier's --gwp, is no file's choice."""
    rep = check_file(_write(tmp_path, activities=METHANE), today=TODAY)
    assert rep.verdict == "fail"  # 89 % by AR5
    assert not [f for f in rep.findings if f.rule == "gwp.set-differs"]
    rep = check_file(_write(tmp_path, activities=METHANE, gwp="gwp: AR2\n"), today=TODAY, gwp="AR2")
    assert rep.verdict == "pass", _errors(rep)
    assert not [f for f in rep.findings if f.rule == "gwp.set-differs"]


def test_a_co2_only_file_may_name_any_set(tmp_path: Path) -> None:
    """Control (passed before too): CO2 weighs 1 in every set, so the choice changes nothing."""
    rep = check_file(_write(tmp_path, gwp="gwp: AR2\n"), today=TODAY)
    assert rep.verdict == "pass", _errors(rep)
    assert not [f for f in rep.findings if f.rule == "gwp.set-differs"]


# ---------------------------------------------------------------- a Verra unit retired before its vintage ended

VCU = """\
credits:
  - type: VCU
    quantity: 5000 t-CO2
    project: Tongxu biogas
    serial: "19381-941412555-941417554-VCS-VCU-1310-VER-CN-13-3005-{start}-{end}-0"
{vintage}    retired_on: 2025-06-30
    evidence: Verra retirement record 2025-06-30
"""


def _with_vcu(tmp_path: Path, start: str, end: str, vintage: str = "    vintage: 2025\n") -> Path:
    p = _write(tmp_path)
    text = p.read_text(encoding="utf-8")
    text = text[: text.index("credits:\n")] + VCU.format(start=start, end=end, vintage=vintage)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("vintage", ["    vintage: 2025\n", ""], ids=["vintage-2025", "no-vintage"])
def test_a_verra_unit_retired_before_its_vintage_ended_is_not_issued(tmp_path: Path, vintage: str) -> None:
    # Before: vintage 01012025-31122025 retired 2025-06-30 passed (the years agree: 2025); Verra
    # issues a vintage only after it ended, so these units did not exist on 2025-06-30.
    rep = check_file(_with_vcu(tmp_path, "01012025", "31122025", vintage), today=TODAY)
    assert rep.verdict == "fail"
    (f,) = [f for f in rep.findings if f.rule == "credits.future-issuance"]
    assert "2025-12-31" in f.message and "retired 2025-06-30" in f.message
    assert "2025-12-31" in f.msg.render("ja")


@pytest.mark.parametrize(
    ("start", "end"), [("01012025", "31052025"), ("01012025", "30062025"), ("01012024", "31122024")]
)
def test_a_verra_unit_retired_after_its_vintage_ended_passes(tmp_path: Path, start: str, end: str) -> None:
    """Control (passed before too): a vintage that ended by the retirement day is no finding."""
    rep = check_file(_with_vcu(tmp_path, start, end, "    vintage: 2024\n" if "2024" in end else ""), today=TODAY)
    assert rep.verdict == "pass", _errors(rep)


def test_verra_units_are_retired_only_after_their_vintage_ended_in_the_registry_sample() -> None:
    """The fact the rule rests on, in the registry's own export: every row is issued after its vintage
    ended, and every retirement falls on or after that day; serial_vintage_end reads the same day."""
    import csv

    from offsetcalc.credits import parse_serial, serial_vintage_end

    samples = Path(__file__).resolve().parent / "data" / "registry-samples"
    with open(samples / "verra-transactions.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 200
    retired = 0
    for row in rows:
        (block,) = parse_serial(row["Serial Number"])
        end = dt.date.fromisoformat(row["Vintage End"])
        assert serial_vintage_end(block) == end
        assert dt.date.fromisoformat(row["Issuance Date"]) > end
        if row["Retirement/Cancellation Date"]:
            retired += 1
            assert dt.date.fromisoformat(row["Retirement/Cancellation Date"]) >= end
    assert retired == 100


def test_a_vintage_written_with_days_that_ends_after_the_retirement_fails(tmp_path: Path) -> None:
    # Before: vintage "01012025-31122025" (Verra's way of writing it) on a credit without a serial the
    # rule reads, retired 2025-06-30, passed: only the years were compared.
    p = _write(tmp_path)
    p.write_text(p.read_text(encoding="utf-8").replace("vintage: 2025", 'vintage: "01012025-31122025"'), "utf-8")
    rep = check_file(p, today=TODAY)
    assert rep.verdict == "fail"
    (f,) = [f for f in rep.findings if f.rule == "credits.future-issuance"]
    assert "ends 2025-12-31" in f.message and f.location.line == 18  # the vintage line
    p.write_text(p.read_text(encoding="utf-8").replace("31122025", "31052025"), "utf-8")
    assert check_file(p, today=TODAY).verdict == "pass"  # ended before the retirement: no finding


# ---------------------------------------------------------------- NCOS's refused project types under their other names

AU_NCOS_PASS = Path(__file__).resolve().parent / "data" / "check" / "au-ncos-pass.yaml"


@pytest.mark.parametrize(
    ("project", "kind"),
    [
        ("Fluoroform destruction, Gujarat", "HFC-23"),  # HFC-23 = trifluoromethane = fluoroform
        ("フルオロホルム破壊プロジェクト", "HFC-23"),
        ("トリフルオロメタン分解", "HFC-23"),
        ("アジピン酸工場 N2O 削減", "adipic"),
        ("Atomic power station, Gujarat", "nuclear"),
        ("〇〇原発 出力増強", "nuclear"),
    ],
)
def test_refused_project_types_under_their_other_names_are_refused(tmp_path: Path, project: str, kind: str) -> None:
    # Before: each passed au-ncos (the keywords were HFC-23, trifluoromethane, CHF3, adipic, nuclear, 原子力).
    p = tmp_path / "au.yaml"
    p.write_text(
        AU_NCOS_PASS.read_text(encoding="utf-8").replace("project: Rwanda cook stoves", f"project: {project}"),
        encoding="utf-8",
    )
    rep = check_file(p, today=TODAY)
    assert rep.verdict == "fail"
    (f,) = [f for f in rep.findings if f.rule == "credits.excluded-project"]
    assert kind in f.message


def test_the_au_ncos_pass_file_still_passes() -> None:
    """Control (passed before too): cook stoves are no refused project type."""
    assert check_file(AU_NCOS_PASS, today=TODAY).verdict == "pass"


# ---------------------------------------------------------------- a profile file whose id reads as a built-in one

JP_CO_PASS = Path(__file__).resolve().parent / "data" / "check" / "jp-co-event-pass.yaml"
BUILTIN_JP_CO = Path(__file__).resolve().parents[1] / "src" / "offsetcalc" / "profiles" / "jp-co.yaml"


def _own_profile(tmp_path: Path, ident: str) -> Path:
    """A submission naming its own copy of jp-co, with ``ident`` as its id."""
    text = BUILTIN_JP_CO.read_text(encoding="utf-8").replace("\nid: jp-co\n", f'\nid: "{ident}"\n', 1)
    assert f'id: "{ident}"' in text
    (tmp_path / "house.yaml").write_text(text, "utf-8")
    sub = tmp_path / "submission.yaml"
    sub.write_text(JP_CO_PASS.read_text(encoding="utf-8").replace("standard: jp-co", "standard: house.yaml"), "utf-8")
    return sub


@pytest.mark.parametrize(
    ("ident", "builtin"), [("JP-CO", "jp-co"), ("jp_co", "jp-co"), ("ｊｐ－ｃｏ", "jp-co"), ("ISO 14068", "iso-14068")]
)
def test_a_profile_id_that_reads_as_a_built_in_one_is_refused(tmp_path: Path, ident: str, builtin: str) -> None:
    # Before: 'id: JP-CO' (or jp_co, full-width, 'ISO 14068') loaded; every report's standard column
    # read 'JP-CO  pass' over rules jp-co never gave. The exact id 'jp-co' was already refused (redteam).
    rep = check_file(_own_profile(tmp_path, ident), today=TODAY)
    assert rep.verdict == "error"
    (f,) = rep.findings
    assert f.rule == "standard.unknown"
    assert f"reads as the built-in profile '{builtin}'" in f.message


def test_a_profile_of_ones_own_with_an_id_of_its_own_still_loads(tmp_path: Path) -> None:
    """Control (passed before too): 'jp-co-house' is another id; the verdict names it, with the warning."""
    rep = check_file(_own_profile(tmp_path, "jp-co-house"), today=TODAY)
    assert rep.verdict == "pass", _errors(rep)
    assert rep.standard == "jp-co-house"
    assert [f.rule for f in rep.findings] == ["standard.not-builtin"]


# ---------------------------------------------------------------- the disclosure report's exit code


def test_report_of_a_failing_submission_exits_1_and_still_writes_the_document(tmp_path: Path) -> None:
    # Before: 'offsetcalc report' exited 0 for a failing submission, so 'report … && publish' published
    # a failing claim's disclosure as a passing one's would be. SPEC §1: 1 when a check finds failures.
    import subprocess
    import sys

    failing = Path(__file__).resolve().parent / "data" / "check" / "iso-14068-fail.yaml"
    out = tmp_path / "r.html"
    proc = subprocess.run(
        [sys.executable, "-m", "offsetcalc", "report", str(failing), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert out.exists() and "fail" in out.read_text(encoding="utf-8")
    passing = Path(__file__).resolve().parents[1] / "examples" / "readme-workshop.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "offsetcalc", "report", str(passing), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr  # control: a passing submission exits 0 as before


def test_au_ncos_judges_a_chosen_set_against_ngers_set_for_the_year(tmp_path: Path) -> None:
    """au-ncos's default set follows NGER (AR2 to 2014–15): a 2010 file's 'gwp: AR2' is the standard's own set
    and gives no finding, while the same methane claim with 'gwp: AR5' is judged against AR2. Without NGER's
    years in the profile, the first would have been judged against AR5 (this round's other fix) and failed."""
    methane = (
        "  - {id: landfill, scope: 3, quantity: 100 t,"
        ' factor: {unit: kg / t, gases: {CH4: 50}, source: "IPCC 2006 Guidelines vol. 5 ch. 3"}}\n'
    )
    text = AU_NCOS_PASS.read_text(encoding="utf-8").replace("activities:\n", "activities:\n" + methane, 1)
    # 100 t of waste × 50 kg CH4/t = 5 t CH4: 105 t CO2e by AR2 (21), 140 t by AR5 (28).
    p = tmp_path / "au.yaml"
    p.write_text(text.replace("standard: au-ncos", "standard: au-ncos\ngwp: AR2"), encoding="utf-8")
    rep = check_file(p, today=TODAY)
    assert not [f for f in rep.findings if f.rule == "gwp.set-differs"]
    p.write_text(text, encoding="utf-8")  # no 'gwp:': the standard's set for 2010, AR2
    rep_default = check_file(p, today=TODAY)
    assert rep_default.result.gwp == "AR2"
    assert "gwp.profile-default" in [f.rule for f in rep_default.findings]
    p.write_text(text.replace("standard: au-ncos", "standard: au-ncos\ngwp: AR5"), encoding="utf-8")
    rep = check_file(p, today=TODAY)
    (f,) = [f for f in rep.findings if f.rule == "gwp.set-differs"]
    assert "au-ncos's set for the period is AR2" in f.message


# ---------------------------------------------------------------- the disclosure report and the ledger


def test_report_with_a_ledger_fails_a_claim_another_submission_holds(tmp_path: Path, ledger_target: str) -> None:
    """ledger_target (tests/pg.py, via conftest): a ledger file on SQLite and a fresh database on PostgreSQL."""
    # Before: 'report' had no ledger, so b.yaml — the same credits a.yaml holds in the ledger, claimed by
    # another offsetter — got a disclosure saying 'Verdict pass' (check --ledger fails it). The report
    # now reads the ledger (never writes it) and gives check's verdict and finding.
    from offsetcalc.ledger import open_ledger
    from offsetcalc.report.html import disclosure
    from offsetcalc.rules.batch import check_batch

    text = JP_CO_PASS.read_text(encoding="utf-8")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("Example Association", "Other Association"), encoding="utf-8")
    assert [r.verdict for r in check_batch([a], ledger=ledger_target, today=TODAY, jobs=1).results] == ["pass"]

    def listed() -> list[dict]:
        db = open_ledger(ledger_target, readonly=True)
        try:
            return list(db.blocks())
        finally:
            db.close()

    before = listed()
    rep = disclosure(b, ledger=ledger_target, today=TODAY).file_report
    assert rep.verdict == "fail"
    assert [f.rule for f in rep.findings if f.severity == "error"] == ["ledger.double-claim"]
    assert "a.yaml" in next(f.message for f in rep.findings if f.rule == "ledger.double-claim")
    assert listed() == before  # read only: nothing recorded
    assert disclosure(a, ledger=ledger_target, today=TODAY).file_report.verdict == "pass"  # its own record
    assert disclosure(b, today=TODAY).file_report.verdict == "pass"  # control: without a ledger, as check FILE
