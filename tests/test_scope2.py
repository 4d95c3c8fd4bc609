"""Scope 2 both ways (offsetcalc.engine.scope2): location- and market-based side by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.errors import InputErrors
from offsetcalc.report.result import result_to_dict

HEAD = """offsetcalc: 1
kind: organization
title: Scope 2 test
period: {{start: {start}, end: {end}}}
gwp: AR4
{extra}
activities:
  - {{id: power, scope: 2, quantity: '1,000,000 kWh', factor: electricity.jp.kyushu.adjusted{lf}}}
  - {{id: gas, scope: 1, quantity: 10 kL, factor: fuel.kerosene}}
"""


def _file(tmp_path: Path, start: str = "2019-04-01", end: str = "2020-03-31", extra: str = "", lf: str = "") -> Path:
    p = tmp_path / "org.yaml"
    p.write_text(HEAD.format(start=start, end=end, extra=extra, lf=lf), encoding="utf-8")
    return p


def test_fy2019_both_figures_market_used_by_default(tmp_path: Path) -> None:
    r = compute(_file(tmp_path))
    s2 = result_to_dict(r)["emissions"]["scope2"]
    assert s2["method"] == "market"
    # Kyushu Electric FY2018 adjusted 0.347 and the national average 0.462 kg-CO2/kWh (FY2018 data)
    assert s2["market_based_t_co2e"] == pytest.approx(347.0)
    assert s2["location_based_t_co2e"] == pytest.approx(462.0)
    power = next(a for a in r.activities if a.id == "power")
    assert power.ug == 347 * UG_PER_T


def test_location_method_changes_the_total_and_the_line(tmp_path: Path) -> None:
    market = compute(_file(tmp_path))
    loc = compute(_file(tmp_path, extra="scope2_method: location"))
    assert loc.emissions_ug - market.emissions_ug == (462 - 347) * UG_PER_T
    power = next(a for a in loc.activities if a.id == "power")
    assert power.factor.ref == "electricity.jp.national-average"
    assert sum(a.ug for a in loc.activities) == loc.emissions_ug  # the lines still add up
    assert result_to_dict(loc)["emissions"]["scope2"]["method"] == "location"


def test_location_method_without_a_grid_factor_for_the_year_is_an_error(tmp_path: Path) -> None:
    p = _file(tmp_path, start="2012-04-01", end="2013-03-31", extra="scope2_method: location")
    with pytest.raises(InputErrors) as info:
        compute(p)
    err = info.value.errors[0]
    assert err.code == "scope2.location-factor"
    assert err.location.line == 8  # the activity's line


def test_without_a_grid_factor_market_is_used_and_location_is_null(tmp_path: Path) -> None:
    r = compute(_file(tmp_path, start="2012-04-01", end="2013-03-31"))
    s2 = result_to_dict(r)["emissions"]["scope2"]
    assert s2["location_based_t_co2e"] is None


def test_inline_location_factor(tmp_path: Path) -> None:
    lf = ", location_factor: {value: 0.5, unit: kg-CO2 / kWh, source: 'test grid factor'}"
    r = compute(_file(tmp_path, start="2012-04-01", end="2013-03-31", extra="scope2_method: location", lf=lf))
    assert result_to_dict(r)["emissions"]["scope2"]["location_based_t_co2e"] == pytest.approx(500.0)


def test_events_have_no_scope2_summary() -> None:
    from .conftest import ROOT

    assert "scope2" not in result_to_dict(compute(ROOT / "examples" / "conference-2025.yaml"))["emissions"]


# --------------------------------------------------------------------------- who chooses the method

CREDITS = "credits:\n  - {type: J-Credit, quantity: 400 t-CO2, retired_on: 2020-06-30, evidence: notice 1}\n"


def _org(tmp_path: Path, extra: str = "", credits: str = "") -> Path:
    """The FY2019 file: market 347 t + kerosene; location 462 t + kerosene."""
    p = _file(tmp_path, extra=extra)
    p.write_text(p.read_text(encoding="utf-8") + credits, encoding="utf-8")
    return p


def _s2(r: object) -> dict[str, object]:
    return result_to_dict(r)["emissions"]["scope2"]  # type: ignore[arg-type]


def test_without_any_choice_the_default_is_market_and_says_so(tmp_path: Path) -> None:
    assert _s2(compute(_org(tmp_path)))["method_chosen_by"] == "offsetcalc-default"


def test_the_files_standard_chooses_the_method(tmp_path: Path) -> None:
    s2 = _s2(compute(_org(tmp_path, extra="standard: jp-co")))
    assert (s2["method"], s2["method_chosen_by"]) == ("market", "standard:jp-co")


def test_the_file_overrides_the_standard_and_the_command_line_overrides_both(tmp_path: Path) -> None:
    p = _org(tmp_path, extra="standard: jp-co\nscope2_method: location")
    assert (_s2(compute(p))["method"], _s2(compute(p))["method_chosen_by"]) == ("location", "file")
    s2 = _s2(compute(p, scope2_method="market"))
    assert (s2["method"], s2["method_chosen_by"]) == ("market", "command-line")


def test_an_unknown_method_on_the_command_line_is_an_input_error(tmp_path: Path) -> None:
    from offsetcalc.errors import InputError

    with pytest.raises(InputError) as info:
        compute(_org(tmp_path), scope2_method="residual")
    assert info.value.code == "scope2.method"


def test_cli_option_and_table_say_what_chose_the_method(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from offsetcalc.cli import app

    p = _org(tmp_path, extra="standard: jp-co")
    out = CliRunner().invoke(app, ["compute", str(p), "--scope2-method", "location", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert '"method_chosen_by":"command-line"' in out.output.replace(" ", "")
    table = CliRunner().invoke(app, ["compute", str(p)], env={"COLUMNS": "160"})
    assert "chosen by standard:jp-co" in table.output


def test_check_reports_a_file_that_leaves_the_standards_method(tmp_path: Path) -> None:
    """jp-co computes with the retailer's factor (market, inferred): a file choosing location is
    told, with the jp-co figure; an inferred method only warns."""
    from offsetcalc.rules.check import check_file

    report = check_file(_org(tmp_path, extra="standard: jp-co\nscope2_method: location", credits=CREDITS))
    (f,) = [f for f in report.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "warning"
    assert "jp-co uses market-based" in f.message and "(chosen by file)" in f.message
    assert f.location.line == 7  # the file's scope2_method key


def test_a_confirmed_standard_method_fails_a_claim_only_the_other_method_covers(tmp_path: Path) -> None:
    """Credits of 400 t cover market (347 t + kerosene 24.9 t) but not location (462 t + …):
    under a standard that confirmedly uses location-based, choosing market must not pass."""
    from offsetcalc.rules.check import check_file

    profile = tmp_path / "loc.yaml"
    profile.write_text(
        "offsetcalc-profile: 1\nid: loc-test\ntitle: location-based test standard\nkinds: [organization]\n"
        "scope2_method: {method: location, source: s, confirmed: true}\n"
        "sources:\n  s: {publisher: Test, document: test standard, year: 2020}\n",
        encoding="utf-8",
    )
    sub = _org(tmp_path, extra="scope2_method: market", credits=CREDITS)
    report = check_file(sub, standard=str(profile))
    (f,) = [f for f in report.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "error" and report.verdict == "fail"
    # The same file computed the standard's way is not fully offset either.
    assert check_file(_org(tmp_path, credits=CREDITS), standard=str(profile)).result.fully_offset is False


def test_a_profile_method_needs_a_defined_source(tmp_path: Path) -> None:
    from offsetcalc.errors import InputError
    from offsetcalc.rules.profile import load_profile

    p = tmp_path / "bad.yaml"
    p.write_text(
        "offsetcalc-profile: 1\nid: bad\ntitle: t\nkinds: [organization]\n"
        "scope2_method: {method: location, source: nowhere, confirmed: false}\n"
        "sources:\n  s: {publisher: Test, document: test standard, year: 2020}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        load_profile(str(p))


def test_the_disclosure_report_takes_the_option_and_shows_what_chose(tmp_path: Path) -> None:
    from offsetcalc.report.html import disclosure, render_disclosure

    d = disclosure(_org(tmp_path, extra="standard: jp-co", credits=CREDITS), scope2_method="location")
    assert (d.result.scope2["method"], d.result.scope2["method_chosen_by"]) == ("location", "command-line")
    html = render_disclosure(d, "en")
    assert "used in the total; chosen by command-line" in html
    assert "合計に使用; 選択元 command-line" in render_disclosure(d, "ja")


# --- a full offset must not rest on the submitter's choice of method (core-scope2-policy) ----------


def _unconfirmed_location_profile(tmp_path: Path) -> Path:
    profile = tmp_path / "loc-unconfirmed.yaml"
    profile.write_text(
        "offsetcalc-profile: 1\nid: loc-unconfirmed\ntitle: location-based, unconfirmed\nkinds: [organization]\n"
        "scope2_method: {method: location, source: s, confirmed: false, note: inferred}\n"
        "sources:\n  s: {publisher: Test, document: test standard, year: 2020}\n",
        encoding="utf-8",
    )
    return profile


def test_choosing_the_lower_method_under_an_unconfirmed_standard_method_fails(tmp_path: Path) -> None:
    """400 t covers market (371.9 t) but not location (486.9 t): the file picks market against its
    standard's (unconfirmed) location. Before, a warning and a pass; now offsetcalc's policy fails it."""
    from offsetcalc.rules.check import check_file

    report = check_file(_org(tmp_path, extra="scope2_method: market", credits=CREDITS),
                        standard=str(_unconfirmed_location_profile(tmp_path)))  # fmt: skip
    assert report.result.fully_offset is True  # by the method the file chose
    (f,) = [f for f in report.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "error" and report.verdict == "fail"
    assert "offsetcalc's own policy" in f.message and "486.9" in f.message


def test_choosing_a_method_by_command_line_is_the_same_choice(tmp_path: Path) -> None:
    from offsetcalc.rules.check import check_file

    report = check_file(_org(tmp_path, credits=CREDITS), standard=str(_unconfirmed_location_profile(tmp_path)),
                        scope2_method="market")  # fmt: skip
    (f,) = [f for f in report.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "error" and "(chosen by command-line)" in f.message


def test_without_a_standard_method_the_default_is_what_a_choice_is_measured_against(tmp_path: Path) -> None:
    """iso-14068 names no method, so market (offsetcalc's default) applies. Choosing location, the
    higher figure here, with credits covering it holds by both: a warning only. Spelling out
    market, the default, is no choice at all."""
    from offsetcalc.rules.check import check_file

    plenty = CREDITS.replace("400 t-CO2", "500 t-CO2")
    chose_location = check_file(_org(tmp_path, extra="scope2_method: location", credits=plenty),
                                standard="iso-14068")  # fmt: skip
    (f,) = [f for f in chose_location.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "warning" and "by market-based scope 2 the total is" in f.message
    spelt = check_file(_org(tmp_path, extra="scope2_method: market", credits=CREDITS), standard="iso-14068")
    assert not [f for f in spelt.findings if f.rule == "scope2.method-differs"]


def test_a_location_factor_lower_than_the_market_figure_cannot_carry_the_claim(tmp_path: Path) -> None:
    """The red-team case: a file that names a low 'location' factor and chooses location. The market
    figure still applies and the claim is short by it."""
    from offsetcalc.rules.check import check_file

    low = ", location_factor: {value: 0.0001, unit: t-CO2/MWh, source: a plausible-looking source 2019}"
    sub = _file(tmp_path, extra="scope2_method: location", lf=low)
    sub.write_text(sub.read_text(encoding="utf-8") + CREDITS.replace("400 t-CO2", "30 t-CO2"), encoding="utf-8")
    report = check_file(sub, standard="iso-14068")
    assert report.result.fully_offset is True  # 0.1 t + kerosene 24.9 t by the chosen method
    (f,) = [f for f in report.findings if f.rule == "scope2.method-differs"]
    assert f.severity == "error" and report.verdict == "fail"
