"""Verdicts a certifier can trust (issue 9): each test is one way check used to pass what it should not.

The fixture-driven cases (tests/data/check/*.yaml, see tests/test_check.py) cover the
rules one by one; the tests here need more than one file, a user factor table, or a
comparison with what ``compute`` reports.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.rules.check import check_file
from offsetcalc.rules.profile import builtin_profiles, load_profile

DATA = Path(__file__).resolve().parent / "data" / "check"
TODAY = dt.date(2026, 1, 1)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rules(report, severity: str | None = None) -> set[str]:
    return {f.rule for f in report.findings if severity is None or f.severity == severity}


# Every offset standard; an inventory standard (GPC, credits_required: false) needs no credits.
OFFSET_STANDARDS = sorted(pid for pid in builtin_profiles() if load_profile(pid).spec.credits_required)


def test_only_inventory_standards_need_no_credits() -> None:
    assert set(builtin_profiles()) - set(OFFSET_STANDARDS) <= {"gpc"}
    assert {"jp-co", "jp-cn", "au-ncos", "nz-carbonzero", "iso-14068"} <= set(OFFSET_STANDARDS)


@pytest.mark.parametrize("pid", OFFSET_STANDARDS)
def test_no_credits_fails_every_profile(pid: str, tmp_path: Path) -> None:
    kind = load_profile(pid).spec.kinds[0]
    product = "product: {name: Box, functional_unit: 1 box, units: 10}\n" if kind == "product" else ""
    path = _write(
        tmp_path / "none.yaml",
        f"offsetcalc: 1\nkind: {kind}\ntitle: No credits\nperiod: {{start: 2013-06-01, end: 2013-06-30}}\n"
        f"standard: {pid}\n{product}activities:\n"
        "  - {id: a, scope: 1, category: travel, stage: use, quantity: 1 kL, "
        "factor: {value: 2.32, unit: t-CO2 / kL, source: SHK 2006 gasoline}}\ncredits: []\n",
    )
    report = check_file(path, today=TODAY)
    assert report.verdict == "fail"
    assert "credits.none" in _rules(report, "error")


def test_planned_credits_count_only_in_a_plan_registration(tmp_path: Path) -> None:
    base = (DATA / "jp-cn-plan-pass.yaml").read_text(encoding="utf-8")
    only_planned = base.replace(
        "  - {type: J-VER, quantity: 30 t-CO2, serial: {prefix: JP-CN, start: 1, end: 30}, vintage: 2012, "
        "retired_on: 2013-05-01, evidence: notice 1}\n",
        "",
    ).replace(
        "quantity: 53 t-CO2, serial: {prefix: JCL-CN, start: 1, end: 53}",
        "quantity: 83 t-CO2, serial: {prefix: JCL-CN, start: 1, end: 83}",
    )
    assert only_planned != base
    plan = check_file(_write(tmp_path / "plan.yaml", only_planned), today=TODAY)
    assert "credits.none" not in _rules(plan) and plan.verdict == "pass"
    no_plan = only_planned.replace("plan_registration: true\n", "")
    report = check_file(_write(tmp_path / "no-plan.yaml", no_plan), today=TODAY)
    assert "credits.none" in _rules(report, "error")


def test_check_judges_the_result_compute_reports() -> None:
    # Scope 1 and 2 only from an activities_from table: compute shows both subtotals, and
    # check (which used to say "boundary lacks scope-1 / scope-2") sees the same lines.
    path = DATA / "jp-cn-table-rows.yaml"
    computed = compute(path)
    report = check_file(path, today=TODAY)
    assert set(computed.subtotals_ug) == {"scope 1", "scope 2"}
    assert report.result.subtotals_ug == computed.subtotals_ug
    assert report.result.emissions_ug == computed.emissions_ug
    assert report.offset_ratio_percent == float(computed.ratio)
    assert "boundary.missing-source" not in _rules(report)
    assert report.verdict == "pass"


TABLE = """offsetcalc-factors: 1
table: house-{edition}
title: House electricity factor
publisher: Example utility
document: Yearly emission factor notice
edition: "{edition}"
year: {edition}
factors:
  - {{id: electricity.house, name: House grid, category: grid-electricity, value: {value}, unit: t-CO2 / kWh,
     valid: {{from: {start}}}, confirmed: true}}
"""


def test_a_factor_without_an_end_superseded_by_a_newer_edition_is_a_warning_naming_it(tmp_path: Path) -> None:
    tables = tmp_path / "factors"
    tables.mkdir()
    _write(tables / "house-2015.yaml", TABLE.format(edition=2015, value=0.0005, start="2015-04-01"))
    _write(tables / "house-2020.yaml", TABLE.format(edition=2020, value=0.0004, start="2020-04-01"))
    sub = (DATA / "jp-cn-factor-out-of-period.yaml").read_text(encoding="utf-8")
    # The 2015 edition has no end, so it is "in force" in FY2020 too. The engine takes the
    # newest edition in force, so the plain ID gets 2020 and nothing is superseded ...
    plain = sub.replace("factor: electricity.jp.tepco.basic", "factor: electricity.house")
    plain = plain.replace("2019-04-01, end: 2020-03-31", "2020-04-01, end: 2021-03-31")
    report = check_file(_write(tmp_path / "fy2020-plain.yaml", plain), factor_dirs=[tables], today=TODAY)
    assert "factors.superseded" not in _rules(report)
    # ... while a file that pins the old edition is told which newer one supersedes it.
    sub = sub.replace("factor: electricity.jp.tepco.basic", "factor: electricity.house@2015")
    sub = sub.replace("2019-04-01, end: 2020-03-31", "2020-04-01, end: 2021-03-31")
    report = check_file(_write(tmp_path / "fy2020.yaml", sub), factor_dirs=[tables], today=TODAY)
    superseded = [f for f in report.findings if f.rule == "factors.superseded"]
    assert [f.severity for f in superseded] == ["warning"]
    assert "'electricity.house@2020'" in superseded[0].message and "2020-04-01" in superseded[0].message
    # Before the newer edition, nothing supersedes the old one.
    early = sub.replace("2020-04-01, end: 2021-03-31", "2016-04-01, end: 2017-03-31")
    report = check_file(_write(tmp_path / "fy2016.yaml", early), factor_dirs=[tables], today=TODAY)
    assert "factors.superseded" not in _rules(report)


def test_grid_default_of_2006_on_a_2024_inventory_is_flagged(tmp_path: Path) -> None:
    sub = (DATA / "jp-cn-factor-out-of-period.yaml").read_text(encoding="utf-8")
    sub = sub.replace("factor: electricity.jp.tepco.basic", "factor: electricity.jp.default")
    sub = sub.replace("2019-04-01, end: 2020-03-31", "2024-04-01, end: 2025-03-31")
    report = check_file(_write(tmp_path / "fy2024.yaml", sub), today=TODAY)
    found = [f for f in report.findings if f.rule == "factors.outside-validity"]
    assert found and "2023-03-31" in found[0].message
    # The end is inferred from the 2024 revision, not stated: a warning, and said so.
    assert found[0].severity == "warning" and "inferred" in found[0].message


@pytest.mark.parametrize(("start", "expected"), [("2013-06-01", "AR2"), ("2015-03-31", "AR2"), ("2016-06-01", "AR4")])
def test_the_default_gwp_follows_the_period_in_compute_and_check(start: str, expected: str, tmp_path: Path) -> None:
    end = str(dt.date.fromisoformat(start) + dt.timedelta(days=1))
    path = _write(
        tmp_path / "event.yaml",
        f"offsetcalc: 1\nkind: event\ntitle: Methane\nperiod: {{start: {start}, end: {end}}}\nstandard: jp-co\n"
        "activities:\n  - {id: g, category: travel, quantity: 1 t, factor: {unit: t / t, gases: {CH4: 1}, "
        "source: 'IPCC CH4, 1 t per t'}}\n"
        "credits:\n  - {type: J-Credit, quantity: 30 t-CO2, serial: {prefix: JCL-G, start: 1, end: 30}, "
        f"retired_on: {end}, evidence: notice}}\n",
    )
    assert compute(path).gwp == expected
    report = check_file(path, today=TODAY)
    assert report.result.gwp == expected
    info = next(f for f in report.findings if f.rule == "gwp.profile-default")
    assert f"GWP set {expected}" in info.message


def test_check_json_reports_allocations_as_passing() -> None:
    report = check_file(DATA / "jp-co-allocation.yaml", today=TODAY)
    assert report.verdict == "pass", json.dumps(report.to_dict(), ensure_ascii=False)
    assert {"credits.whole-units", "credits.block-size"}.isdisjoint(_rules(report))


# --------------------------------------------------------------------------- findings a reviewer can read


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345678.0, "12,345,678"),
        (2e6, "2,000,000"),
        (0.000555, "0.000555"),
        (1e-07, "0.0000001"),
        (19.0, "19"),
        (3.1, "3.1"),
        (1.5e22, "15,000,000,000,000,000,000,000"),
    ],
)
def test_numbers_are_never_in_scientific_notation(value: float, text: str) -> None:
    from offsetcalc.report.result import format_number

    assert format_number(value) == text


def test_compute_table_and_markdown_show_plain_quantities(tmp_path: Path) -> None:
    from offsetcalc.report.result import result_to_markdown
    from offsetcalc.report.terminal import console, render_result

    path = _write(
        tmp_path / "p.yaml",
        "offsetcalc: 1\nkind: product\ntitle: Cans\nproduct: {name: can, functional_unit: 1 can, units: 2000000}\n"
        "activities:\n"
        "  - {id: plant, stage: processing, quantity: '12,345,678 kWh', factor: {value: 0.0000001, unit: t-CO2 / kWh, "
        "source: 'test factor'}}\n"
        "  - {id: can, stage: processing, per: unit, quantity: 0.8 kWh, factor: {value: 0.0000001, unit: t-CO2 / kWh, "
        "source: 'test factor'}}\n",
    )
    result = compute(path)
    out = console(plain=True, width=200)
    with out.capture() as cap:
        render_result(result, out)
    for text in (cap.get(), result_to_markdown(result)):
        assert "12,345,678 kWh" in text and "0.8 kWh × 2,000,000" in text and "0.0000001 t-CO2 / kWh" in text
        assert "e+0" not in text and "e-0" not in text


def test_markdown_report_shows_warnings_of_passing_files() -> None:
    from offsetcalc.report.check_formats import to_markdown
    from offsetcalc.rules.check import check_files

    report = check_files([DATA / "jp-co-event-2019-factors.yaml"], today=TODAY)
    assert report.results[0].verdict == "pass"
    text = to_markdown(report)
    assert "factors.unsourced" in text and "factors.outside-validity" in text
    # one ratio formatting, as the terminal shows it: 2 t / (60,000 pkm × 20 g (FY2016 rail) + 0.2 kL × 2.58 t)
    # = 2 / 1.716 = 116.55 %
    assert "| pass | 117% |" in text


@pytest.mark.parametrize("pid", sorted(builtin_profiles()))
def test_every_rule_cites_an_external_source_or_says_it_is_offsetcalc_policy(pid: str) -> None:
    profile = load_profile(pid)
    spec = profile.spec
    gwp = spec.default_gwp if isinstance(spec.default_gwp, list) else [spec.default_gwp] if spec.default_gwp else []
    cited = {
        *(r.source for r in profile.rules.values()),
        *(e.source for e in spec.eligible_types),
        *(x.source for x in spec.excluded_projects),
        *(b.source for entries in spec.boundary.values() for b in entries),
        *(d.source for d in gwp),
    }
    for name in cited:
        src = profile.sources[name]
        own = src.publisher.casefold().startswith("offsetcalc")
        assert src.policy == own, f"{pid}: source '{name}' ({src.publisher})"
        if src.policy:
            assert profile.cite(name, True).startswith("[offsetcalc's own policy: ")


def test_quantities_in_messages_are_plain_numbers() -> None:
    from offsetcalc.models import Quantity

    assert str(Quantity(value=12345678.0, unit="kWh")) == "12,345,678 kWh"
    assert str(Quantity(value=2e-07, unit="t")) == "0.0000002 t"


def test_findings_never_send_a_user_to_notes_they_do_not_have() -> None:
    # Rule notes end up in findings; domain.md is a file of the developers' workspace, not of offsetcalc.
    from offsetcalc.rules import catalogue

    root = Path(catalogue.__file__).resolve().parents[1]
    for path in [*sorted((root / "profiles").glob("*.yaml")), root / "rules" / "catalogue.py"]:
        assert "domain.md" not in path.read_text(encoding="utf-8"), path.name
