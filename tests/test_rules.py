"""Standard profiles as data: presence, sources, schema errors, default GWP sets, rule helpers."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from offsetcalc.errors import InputError, InputErrors
from offsetcalc.rules import default_gwp
from offsetcalc.rules.catalogue import CORE_RULES, RULES
from offsetcalc.rules.checks import _years, add_months, keyword_match
from offsetcalc.rules.profile import builtin_profiles, load_profile

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "tests" / "data" / "check" / "profiles"
BUILTIN = ("jp-co", "jp-cn", "au-ncos", "nz-carbonzero", "iso-14068", "gpc")


def test_builtin_profiles_present() -> None:
    assert set(builtin_profiles()) == set(BUILTIN)


@pytest.mark.parametrize("pid", BUILTIN)
def test_profile_rules_and_sources(pid: str) -> None:
    p = load_profile(pid)
    assert p.id == pid and p.builtin
    assert p.spec.rules, "a profile enforces rules"
    # Every rule, credit type, excluded project and boundary source names a defined source
    # with a document; each profile cites at least one URL.
    refs = [r.source for r in p.spec.rules.values()]
    refs += [e.source for e in p.spec.eligible_types] + [x.source for x in p.spec.excluded_projects]
    refs += [b.source for entries in p.spec.boundary.values() for b in entries]
    for ref in refs:
        assert p.sources[ref].document and p.sources[ref].publisher
    assert any(s.url for s in p.spec.sources.values())
    assert set(p.rules) <= set(RULES)
    assert set(CORE_RULES) <= set(p.rules)


def test_profile_tables_hold_the_documented_facts() -> None:
    ncos = load_profile("au-ncos")
    assert set(ncos.eligible) == {"ACCU", "CER", "ERU", "RMU", "GS-VER", "VCU"}
    # The MOE's 2013 reference document lists NCOS's units: Kyoto credits, Australian government
    # credits (ACCU), Gold Standard and VCU — which confirms every entry (issue 9).
    assert all(e.confirmed for e in ncos.eligible.values())
    assert "event" in ncos.spec.kinds  # 「事業活動、地方政府の活動、イベント、商品・サービス等、いずれも対象」
    # carboNZero: Kyoto units (CDM, JI), Gold Standard and VCS, from the same document.
    assert set(load_profile("nz-carbonzero").eligible) == {"CER", "ERU", "GS-VER", "VCU"}
    # ISO 14068-1 names quality criteria, not programmes: its list is offsetcalc's reading, a warning only.
    iso = load_profile("iso-14068")
    assert iso.rule("credits.eligible-type").severity == "warning"
    assert not any(e.confirmed for e in iso.eligible.values())
    assert {x.name for x in ncos.spec.excluded_projects} == {"nuclear", "HFC-23 destruction", "adipic-acid N2O"}
    assert {"tCER", "lCER"}.isdisjoint(load_profile("jp-co").eligible)
    assert {"J-VER", "J-Credit", "domestic", "CER", "JCM"} <= set(load_profile("jp-co").eligible)
    assert load_profile("jp-co").rule("offset.ratio-below-100").severity == "warning"  # partial offsets allowed
    assert load_profile("jp-cn").rule("offset.ratio-below-100").severity == "error"  # 100 % required
    assert load_profile("jp-cn").spec.plan_registration and not load_profile("jp-co").spec.plan_registration
    assert load_profile("iso-14068").rule("credits.retired-within-12-months").months == 12
    nz = load_profile("nz-carbonzero")
    assert {b.id for b in nz.spec.boundary["organization"]} == {
        "direct",
        "imported-energy",
        "business-travel",
        "freight",
        "waste",
        "td-losses",
    }
    assert all(b.confirmed and b.source == "toitu-boundary" for b in nz.spec.boundary["organization"])
    assert nz.rule("offset.ratio-below-100").confirmed
    event = {b.id: b.severity for b in load_profile("jp-co").spec.boundary["event"]}
    # Venue energy is an inferred source (travel-only event offsets are published): a warning.
    assert (event["travel"], event["venue-energy"]) == ("error", "warning")
    # The J-VER end of use rests on a glossary: a warning until a primary source is found.
    assert load_profile("jp-co").rule("credits.usable-until").severity == "warning"


@pytest.mark.parametrize("pid", BUILTIN)
def test_unconfirmed_facts_are_marked(pid: str) -> None:
    # A fact resting on a secondary summary, or on carboNZero documents that were not read, is never confirmed.
    p = load_profile(pid)
    weak = {k for k, s in p.sources.items() if "secondary" in (s.note or "")} | {"carbonzero"}
    facts = [*p.spec.rules.values(), *p.spec.eligible_types, *p.spec.excluded_projects]
    facts += [b for entries in p.spec.boundary.values() for b in entries]
    assert not [f for f in facts if f.source in weak and f.confirmed]


@pytest.mark.parametrize("pid", BUILTIN)
def test_eligibility_cites_the_profiles_list(pid: str) -> None:
    # A profile with a list of eligible types says where the list comes from (not the registry conventions).
    p = load_profile(pid)
    if p.spec.eligible_types:
        assert p.spec.rules["credits.eligible-type"].source in p.spec.sources


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("Jiangsu HFC-23 destruction project", "HFC-23"),
        ("HFC23 decomposition, Zhejiang", "HFC-23"),
        ("hfc 23 abatement", "HFC-23"),
        ("N2O abatement at an adipic acid plant", "adipic"),
        ("Adipic-acid N2O", "adipic"),
        ("Kudankulam Nuclear Power", "nuclear"),
        ("nuclear; non-nuclear back-up", "nuclear"),  # one plain mention is enough
        ("浜岡原子力発電所", "原子力"),
    ],
)
def test_excluded_project_keywords_match(text: str, keyword: str) -> None:
    assert keyword_match(text, keyword)


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("non-nuclear renewable power", "nuclear"),
        ("Non nuclear grid", "nuclear"),
        ("nonnuclear", "nuclear"),
        ("非原子力の再生可能エネルギー", "原子力"),
        ("HFC-236fa substitution", "HFC-23"),
        ("HFC-134a recovery", "HFC-23"),
        ("Antinuclear-free wind", "nuclear"),  # part of a longer word
        ("Eucalyptus plantation", "adipic"),
    ],
)
def test_excluded_project_keywords_do_not_match(text: str, keyword: str) -> None:
    assert not keyword_match(text, keyword)


def test_default_gwp_follows_the_period() -> None:
    # Japan's SHK used AR2 (SAR) until 2015-03-31 and AR4 from FY2015; no period: the latest set.
    for pid in ("jp-co", "jp-cn"):
        assert default_gwp(pid, period_start=dt.date(2013, 6, 1)) == "AR2"
        assert default_gwp(pid, period_start=dt.date(2015, 3, 31)) == "AR2"
        assert default_gwp(pid, period_start=dt.date(2015, 4, 1)) == "AR4"
        assert default_gwp(pid, period_start=dt.date(2019, 4, 1)) == "AR4"
        assert default_gwp(pid) == "AR4"
    # Australia's NGER: AR2 for 2008–09 to 2014–15, AR4 for 2015–16 to 2019–20, AR5 from 2020–21 (Clean
    # Energy Regulator); au-ncos follows it (inferred, redteam5).
    assert default_gwp("au-ncos", period_start=dt.date(2010, 7, 1)) == "AR2"
    assert default_gwp("au-ncos", period_start=dt.date(2015, 6, 30)) == "AR2"
    assert default_gwp("au-ncos", period_start=dt.date(2015, 7, 1)) == "AR4"
    assert default_gwp("au-ncos", period_start=dt.date(2020, 6, 30)) == "AR4"
    assert default_gwp("au-ncos", period_start=dt.date(2020, 7, 1)) == "AR5"
    assert default_gwp("au-ncos") == "AR5"
    for pid in ("nz-carbonzero", "iso-14068"):
        assert default_gwp(pid) is None
    assert default_gwp("no-such-standard") is None


def test_unknown_profile_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as e:
        load_profile("iso-14086")
    assert "built-in standards: au-ncos, gpc, iso-14068" in e.value.message
    assert "iso-14068" in (e.value.hint or "")


def test_user_profile_file() -> None:
    p = load_profile(PROFILES / "house-rules.yaml")
    assert p.id == "house-rules" and not p.builtin
    assert set(p.eligible) == {"VCU"}
    assert p.rule("credits.vintage").max_age_years == 5


def test_broken_profile_reports_every_mistake_at_its_line() -> None:
    path = PROFILES / "broken-profile.yaml"
    with pytest.raises(InputErrors) as e:
        load_profile(path)
    lines = {(err.location.line, err.code) for err in e.value.errors}
    assert (9, "schema.literal_error") in lines  # severity: fatal
    text = e.value.render()
    assert f"{path}:9:" in text


def test_broken_profile_references(tmp_path: Path) -> None:
    src = (PROFILES / "broken-profile.yaml").read_text().replace("severity: fatal", "severity: error")
    path = tmp_path / "refs.yaml"
    path.write_text(src)
    with pytest.raises(InputErrors) as e:
        load_profile(path)
    got = {(err.location.line, err.code) for err in e.value.errors}
    assert got == {(8, "profile.rule"), (10, "profile.source"), (12, "credit.type")}
    hints = " ".join(err.hint or "" for err in e.value.errors)
    assert "offset.ratio-below-100" in hints and "'policy'" in hints and "'VCU'" in hints


def test_not_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("offsetcalc: 1\n")
    with pytest.raises(InputError, match="offsetcalc-profile: 1"):
        load_profile(path)


def test_rule_ids_in_code_are_catalogued() -> None:
    src = ROOT / "src" / "offsetcalc"
    code = "".join(p.read_text() for p in sorted((src / "rules").glob("*.py")))
    used = set(re.findall(r'"((?:credits|offset|plan|boundary|kind|period|gwp|file|standard)\.[a-z0-9-]+)"', code))
    assert "credits.serial-overlap" in used
    assert used <= set(RULES), used - set(RULES)


def test_readme_documents_profiles_and_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Certification checks") :]
    for pid in BUILTIN:
        assert f"`{pid}`" in section
    for rid in RULES:
        assert f"`{rid}`" in section, rid


@pytest.mark.parametrize(
    ("vintage", "years"),
    [(2012, (2012, 2012)), ("2012", (2012, 2012)), ("2012-2013", (2012, 2013)), ("01012022-31102022", (2022, 2022))],
)
def test_vintage_years(vintage: object, years: tuple[int, int]) -> None:
    assert _years(vintage) == years


@pytest.mark.parametrize("vintage", ["twenty-twelve", 12, True, "2012/13/14"])
def test_vintage_unreadable(vintage: object) -> None:
    assert _years(vintage) is None


def test_add_months() -> None:
    assert add_months(dt.date(2024, 12, 31), 12) == dt.date(2025, 12, 31)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)


def test_readme_profile_and_format_examples_load(tmp_path: Path) -> None:
    import yaml

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Certification checks") :]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    profile = next(b for b in blocks if b.startswith("offsetcalc-profile: 1"))
    (tmp_path / "p.yaml").write_text(profile, encoding="utf-8")
    assert load_profile(tmp_path / "p.yaml").id == "house-rules"

    from offsetcalc.models import ActivityFile

    additions = yaml.safe_load(next(b for b in blocks if b.startswith("reduction_plan:")))
    base = {"offsetcalc": 1, "kind": "event", "title": "t"}
    model = ActivityFile.model_validate({**base, **additions})
    assert model.reduction_plan.targets[0].reduction_percent == 10
    assert model.exclusions[0].source == "accommodation"
