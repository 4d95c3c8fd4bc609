"""offsetcalc check: verdicts and findings on fixtures, the report JSON (SPEC §4) and the CLI.

Each fixture in tests/data/check/ states its verdict in a header comment
(``# check: verdict=fail``) and marks every line where an error or warning
finding must point with ``# expect: rule.id[, rule.id]``. The test compares the
findings (rule, line) of severity error and warning with the markers exactly:
a missing finding, an extra one, or one on the wrong line fails.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offsetcalc.cli import app
from offsetcalc.rules.check import CHECK_FORMAT, check_file, check_files

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FIXTURES = sorted((DATA / "check").glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)  # "in the future" is judged against this day


def expectations(path: Path) -> tuple[str, Counter[tuple[str, int]]]:
    text = path.read_text(encoding="utf-8")
    verdict = re.search(r"# check: verdict=(\w+)", text)
    assert verdict, f"{path.name} has no '# check: verdict=...' header"
    marks: Counter[tuple[str, int]] = Counter()
    for n, line in enumerate(text.splitlines(), start=1):
        m = re.search(r"# expect: (.+)$", line)
        if m:
            for rule in m[1].split(","):
                marks[(rule.strip(), n)] += 1
    return verdict[1], marks


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_verdict_and_findings(path: Path) -> None:
    verdict, marks = expectations(path)
    report = check_file(path, today=TODAY)
    got = Counter((f.rule, f.location.line) for f in report.findings if f.severity in ("error", "warning"))
    assert report.verdict == verdict, [f.to_dict() for f in report.findings]
    assert got == marks
    for f in report.findings:
        assert f.location.file == str(path)
        assert f.location.line is not None


def test_fixtures_cover_every_profile_with_pass_and_fail() -> None:
    from offsetcalc.rules.profile import builtin_profiles

    by_std: dict[str, set[str]] = {}
    for path in FIXTURES:
        verdict, _ = expectations(path)
        r = check_file(path, today=TODAY)
        by_std.setdefault(r.standard or "", set()).add(verdict)
    for std in builtin_profiles():
        assert {"pass", "fail"} <= by_std.get(std, set()), std


def test_every_rule_has_a_failing_fixture() -> None:
    from offsetcalc.rules.catalogue import RULES

    marked = set()
    for path in FIXTURES:
        marked |= {rule for rule, _ in expectations(path)[1]}
    # info-only rules are tested below; internal.error needs a bug in offsetcalc to fire;
    # file.missing / file.none are about command-line paths, not file contents (tests/test_batch.py).
    assert set(RULES) - marked == {
        "gwp.profile-default",
        "plan.planned-credits",
        "internal.error",
        "file.missing",
        "file.none",
        "file.unreadable",  # a folder that cannot be listed: tests/hostile/test_every_input_accounted.py
        "factors.superseded",  # needs a user factor table beside the built-ins: tests/test_verdicts.py
        "factors.overridden",  # needs a user factor table too: tests/test_redteam.py
    }
    assert marked <= set(RULES)


def test_info_findings() -> None:
    r = check_file(DATA / "check" / "jp-cn-plan-pass.yaml", today=TODAY)
    info = {f.rule: f for f in r.findings if f.severity == "info"}
    assert "53.000 t-CO2e planned" in info["plan.planned-credits"].message
    assert "30.000 t-CO2e already retired" in info["plan.planned-credits"].message
    assert "AR2" in info["gwp.profile-default"].message
    assert r.result.gwp == "AR2"  # the profile's default GWP set was used
    # Planned credits count in a plan registration: (30 + 53) / (27.1 + 55.5) t
    assert r.offset_ratio_percent == pytest.approx(83 / 82.6 * 100)


def test_planned_credits_do_not_count_outside_a_plan() -> None:
    r = check_file(DATA / "check" / "jp-cn-fail.yaml", today=TODAY)
    assert r.offset_ratio_percent == pytest.approx(20 / 27.1 * 100)


def test_findings_cite_their_source_and_say_when_unconfirmed() -> None:
    r = check_file(DATA / "check" / "au-ncos-fail.yaml", today=TODAY)
    by_rule = {f.rule: f.message for f in r.findings}
    assert "[source: National Carbon Offset Standard" in by_rule["credits.excluded-project"]
    assert "unconfirmed" not in by_rule["credits.excluded-project"]
    assert "(unconfirmed" in by_rule["plan.reduction-missing"]
    # An ineligible type cites the standard's list of eligible units, not the registry conventions.
    assert "schemes abroad (NCOS, carboNZero)" in by_rule["credits.eligible-type"]
    assert "Registry serial conventions" not in by_rule["credits.eligible-type"]
    # The message and its citation are kept apart too (the terminal shows each citation once).
    for f in r.findings:
        assert f.cite and f.message == f"{f.text} {f.cite}"


def test_user_profile_without_own_citation_cites_its_list() -> None:
    # house-rules lists eligible types but not the credits.eligible-type rule: its list's source is cited.
    r = check_file(
        DATA / "check" / "jp-co-event-pass.yaml", DATA / "check" / "profiles" / "house-rules.yaml", today=TODAY
    )
    msgs = [f.message for f in r.findings if f.rule == "credits.eligible-type"]
    assert msgs and all("Internal offset policy" in m and "unconfirmed" not in m for m in msgs)


def test_table_shows_each_citation_once() -> None:
    from offsetcalc.report.check_terminal import render_check_report
    from offsetcalc.report.terminal import console

    report = check_files([DATA / "check" / "jp-co-retirement-bad.yaml"], today=TODAY)
    out = console(plain=True, width=1000)  # no wrapping: each legend entry on one line
    with out.capture() as cap:
        render_check_report(report, out)
    text = cap.get()
    findings = report.results[0].findings
    cites = list(dict.fromkeys(f.cite for f in findings if f.cite))
    assert len(cites) < len(findings)  # findings share citations
    assert "sources:" in text
    documents = [c.removeprefix("[source: ").split("]")[0] for c in cites]
    for n, document in enumerate(documents, start=1):
        # in the legend only: once per distinct citation (one document may be cited with different notes)
        assert text.count(document) == documents.count(document), document
        assert f"    [{n}] " in text
    for f in findings:  # every finding's own text is shown, and unconfirmed ones say so on their line
        line = next(ln for ln in text.splitlines() if f.text and f.text[:40] in ln)
        assert ("(unconfirmed)" in line) == ("(unconfirmed" in (f.cite or ""))
    # A location is never broken across lines.
    assert all(str(f.location) in text for f in findings)


def test_spec_example_passes_jp_co() -> None:
    r = check_file(DATA / "spec-event.yaml", today=TODAY)
    assert (r.standard, r.verdict) == ("jp-co", "pass")
    assert r.offset_ratio_percent == pytest.approx(r.result.credits_ug * 100 / r.result.emissions_ug)
    assert r.offset_ratio_percent > 100
    assert all(f.severity != "error" for f in r.findings)


def test_standard_override_and_profile_object() -> None:
    from offsetcalc.rules.profile import load_profile

    path = DATA / "check" / "jp-co-partial.yaml"
    assert check_file(path, today=TODAY).verdict == "pass"  # jp-co: partial offsets allowed
    r = check_file(path, "jp-cn", today=TODAY)
    assert r.standard == "jp-cn" and r.verdict == "fail"
    assert "offset.ratio-below-100" in {f.rule for f in r.findings if f.severity == "error"}
    assert check_file(path, load_profile("jp-cn"), today=TODAY).to_dict() == r.to_dict()


def test_file_without_standard_is_an_error_not_a_crash() -> None:
    r = check_file(DATA / "spec-product.yaml")
    assert r.verdict == "error" and [f.rule for f in r.findings] == ["standard.unknown"]


def test_batch_keeps_every_file_and_counts(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\x01\x02")
    paths = [
        DATA / "check" / "jp-co-event-pass.yaml",
        DATA / "check" / "jp-cn-fail.yaml",
        tmp_path / "missing.yaml",
        binary,
        DATA / "check" / "invalid-schema.yaml",
    ]
    report = check_files(paths, today=TODAY)
    d = report.to_dict()
    assert d["format"] == CHECK_FORMAT
    assert [r["source"] for r in d["results"]] == [str(p) for p in paths]
    assert [r["verdict"] for r in d["results"]] == ["pass", "fail", "error", "error", "error"]
    assert d["summary"] == {"files": 5, "pass": 1, "fail": 1, "error": 3}
    assert not report.passed
    for r in d["results"]:
        assert set(r) == {"source", "standard", "verdict", "offset_ratio_percent", "findings"}
        for f in r["findings"]:
            assert set(f) == {"rule", "severity", "message", "location"}
            assert f["severity"] in ("error", "warning", "info")
    assert d["results"][2]["findings"][0]["rule"] == "file.invalid"
    assert d["results"][2]["offset_ratio_percent"] is None


def test_bad_standard_argument_raises_for_the_caller() -> None:
    from offsetcalc.errors import InputError

    with pytest.raises(InputError, match="unknown standard 'jp-xx'"):
        check_files([DATA / "spec-event.yaml"], standard="jp-xx")


# --------------------------------------------------------------------------- CLI


def test_cli_json_equals_library_report() -> None:
    paths = [str(p) for p in FIXTURES]
    result = CliRunner().invoke(app, ["check", *paths, "--format", "json"])
    assert result.exit_code == 1, result.output
    # The CLI checks a batch (folders, globs, workers); compare with the batch API.
    from offsetcalc.rules.batch import check_batch

    assert json.loads(result.stdout) == check_batch(paths, jobs=1).to_dict()


def test_cli_json_with_standard_override() -> None:
    path = str(DATA / "check" / "jp-co-partial.yaml")
    result = CliRunner().invoke(app, ["check", path, "--standard", "jp-cn", "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == check_files([path], standard="jp-cn").to_dict()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "offsetcalc", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_exit_codes_and_table() -> None:
    ok = _run("check", "tests/data/check/jp-co-event-pass.yaml", "tests/data/check/au-ncos-pass.yaml")
    assert ok.returncode == 0, ok.stderr
    assert "PASS  tests/data/check/jp-co-event-pass.yaml  [jp-co]  offset ratio" in ok.stdout
    assert "2 files: 2 pass, 0 fail, 0 error" in ok.stdout
    bad = _run("check", "tests/data/check/jp-co-serials-bad.yaml")
    assert bad.returncode == 1
    assert "credits.serial-overlap  tests/data/check/jp-co-serials-bad.yaml:21:13" in bad.stdout
    wrong = _run("check", "tests/data/spec-event.yaml", "--standard", "jp-xx")
    assert wrong.returncode == 2
    assert wrong.stderr.startswith("error: unknown standard 'jp-xx'")
    assert "Traceback" not in wrong.stderr
    assert _run("check", "tests/data/spec-event.yaml", "--format", "xml").returncode == 2


def test_overlap_names_the_batch_that_overlaps(tmp_path: Path) -> None:
    # The later serial string names two batches; only the second (…-7015) holds the credit claimed before.
    path = tmp_path / "two-batches.yaml"
    path.write_text(
        """offsetcalc: 1
kind: organization
title: Two batches in one serial string
period: {start: 2012-04-01, end: 2013-03-31}
standard: jp-co
activities:
  - {id: boiler, scope: 1, quantity: 1 kL, factor: {value: 2.71, unit: t-CO2 / kL, source: "SHK 2006 A heavy oil"}}
credits:
  - type: CER
    quantity: 1 t-CO2
    serial: "RW-5-1459975-2-2-0-7015"
    vintage: 2012
    retired_on: 2013-05-01
    evidence: notice 1
  - type: CER
    quantity: 266 t-CO2
    serial: "RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014; RW-5-1459975-2-2-0-7015 - RW-5-1460107-2-2-0-7015"
    vintage: 2012
    retired_on: 2013-05-01
    evidence: notice 2
""",
        encoding="utf-8",
    )
    report = check_file(path, today=TODAY)
    overlaps = [f for f in report.findings if f.rule == "credits.serial-overlap"]
    assert [(f.location.line, f.text) for f in overlaps] == [
        (
            17,
            "credits 1459975–1459975 of RW-5-2-2-0-7015 (1 t) are also listed at line 11: "
            "the same credits cannot be counted twice",
        )
    ]
