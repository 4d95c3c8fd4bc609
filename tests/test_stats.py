"""Tests of offsetcalc.stats, its rendering and ``offsetcalc stats``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offsetcalc.cli import app
from offsetcalc.report.stats_terminal import BAR_WIDTH, bar, render_stats
from offsetcalc.report.terminal import console
from offsetcalc.stats import collect_stats

FACTOR = '{value: 0.5, unit: t-CO2 / kWh, source: "test factor"}'

FILES = {
    # event, jp-co, manufacturing: 3 t J-VER + 7 t CER retired
    "a.yaml": f"""offsetcalc: 1
kind: event
title: A
standard: jp-co
industry: manufacturing
activities: [{{id: power, category: venue, quantity: 10 kWh, factor: {FACTOR}}}]
credits:
  - {{type: J-VER, quantity: 3 t-CO2}}
  - {{type: CER, quantity: 7 t-CO2}}
""",
    # organisation, jp-cn plan registration: 2 t J-Credit retired, 5 t planned
    "b.yaml": f"""offsetcalc: 1
kind: organization
title: B
standard: jp-cn
industry: services
plan_registration: true
activities: [{{id: power, scope: 2, quantity: 14 kWh, factor: {FACTOR}}}]
credits:
  - {{type: J-Credit, quantity: 2 t-CO2}}
  - {{type: jcredit, quantity: 5 t-CO2, status: planned}}
""",
    # product, no standard, no industry: 10 t VCU ("VCS" is an alias)
    "sub/c.yaml": f"""offsetcalc: 1
kind: product
title: C
product: {{name: box, functional_unit: 1 box, units: 4}}
activities: [{{id: power, stage: processing, per: unit, quantity: 1 kWh, factor: {FACTOR}}}]
credits:
  - {{type: VCS, quantity: 10 t-CO2}}
""",
    "d-broken.yaml": "offsetcalc: 1\nkind: event\n",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_totals_and_breakdowns(folder):
    # None of these files passes its standard (no serials, no dates; c has no standard):
    # --verdict all counts every computed one, to test the sums.
    data = collect_stats(["."], verdict="all").to_dict()
    assert (data["submissions"], data["computed"]) == (4, 3)
    assert data["verdicts"] == {"pass": 0, "fail": 2, "error": 2}
    assert [e["source"] for e in data["errors"]] == ["d-broken.yaml"]
    # emissions 10 kWh × 0.5 + 14 × 0.5 + 4 × 1 × 0.5 = 14 t; retired 3 + 7 + 2 + 10 = 22 t; planned 5 t
    assert (data["emissions_t_co2e"], data["retired_t_co2e"], data["planned_t_co2e"]) == (14.0, 22.0, 5.0)

    def rows(dim):
        return [
            (r["key"], r["submissions"], r["retired_t_co2e"], r["planned_t_co2e"], r["share_percent"])
            for r in data[f"by_{dim}"]
        ]

    assert rows("credit_type") == [
        ("VCU", 1, 10.0, 0.0, 45.45),
        ("CER", 1, 7.0, 0.0, 31.82),
        ("J-VER", 1, 3.0, 0.0, 13.64),
        ("J-Credit", 1, 2.0, 5.0, 9.09),  # two spellings of one type, one submission
    ]
    assert rows("kind") == [
        ("event", 1, 10.0, 0.0, 45.45),
        ("product", 1, 10.0, 0.0, 45.45),
        ("organization", 1, 2.0, 5.0, 9.09),
    ]
    assert rows("standard") == [
        ("(not given)", 1, 10.0, 0.0, 45.45),
        ("jp-co", 1, 10.0, 0.0, 45.45),
        ("jp-cn", 1, 2.0, 5.0, 9.09),
    ]
    assert [r[0] for r in rows("industry")] == ["(not given)", "manufacturing", "services"]


def test_nothing_retired_gives_no_shares(tmp_path):
    f = tmp_path / "x.yaml"
    f.write_text(FILES["a.yaml"].split("credits:")[0], encoding="utf-8")
    data = collect_stats([f], verdict="all").to_dict()
    assert data["retired_t_co2e"] == 0.0 and data["by_credit_type"] == []
    assert data["by_kind"][0]["share_percent"] is None


def test_bars():
    assert bar(100) == "█" * BAR_WIDTH
    assert bar(50) == "█" * (BAR_WIDTH // 2)
    assert bar(0.01) == "▏"  # a share above zero is always visible
    assert bar(0) == bar(None) == ""
    assert len(bar(45.45)) == 11 and bar(45.45).endswith("▉")  # 45.45 % of 24 = 10.9 characters


def test_table(folder):
    out = console(plain=True, width=100)
    with out.capture() as cap:
        render_stats(collect_stats(["."], verdict="all"), out)
    text = cap.get()
    assert text.startswith(
        "4 submissions (0 pass, 2 fail, 2 error; 3 counted: all verdicts)\n"
        "emissions 14.000 t-CO2e · retired 22.0 t-CO2e"
    )
    assert "By credit type" in text and "By industry" in text
    line = next(line for line in text.splitlines() if line.strip().startswith("VCU"))
    assert "45.5%" in line and bar(45.45) in line
    assert "d-broken.yaml" in text.split("files not counted:")[1]


def test_cli_json_equals_library(folder):
    result = CliRunner().invoke(app, ["stats", ".", "--format", "json", "--verdict", "all"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == collect_stats(["."], verdict="all").to_dict()
    assert CliRunner().invoke(app, ["stats", ".", "--format", "xml"]).exit_code == 2


# --------------------------------------------------------------------------- statistics that match the verdicts

PASSING = (Path(__file__).resolve().parent / "data" / "check" / "jp-co-event-pass.yaml").read_text(encoding="utf-8")


def _season(tmp_path: Path) -> Path:
    """good.yaml passes (3 t); late.yaml fails (retired 2099); copy.yaml claims good's serials again."""
    (tmp_path / "good.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "late.yaml").write_text(
        PASSING.replace("start: 101, end: 103", "start: 201, end: 203").replace("2013-07-15", "2099-07-15"),
        encoding="utf-8",
    )
    (tmp_path / "copy.yaml").write_text(PASSING.replace("Community dance", "Copied dance"), encoding="utf-8")
    return tmp_path


def test_only_passing_submissions_count_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(_season(tmp_path))
    data = collect_stats(["good.yaml", "late.yaml"]).to_dict()
    assert data["verdicts"] == {"pass": 1, "fail": 1, "error": 0}
    assert (data["computed"], data["retired_t_co2e"]) == (1, 3.0)  # late.yaml's 3 t are not counted
    failed = collect_stats(["good.yaml", "late.yaml"], verdict="fail").to_dict()
    assert (failed["computed"], failed["retired_t_co2e"]) == (1, 3.0)
    everything = collect_stats(["good.yaml", "late.yaml"], verdict="all").to_dict()
    assert everything["retired_t_co2e"] == 6.0


def test_a_double_claim_counts_once_within_a_run(tmp_path, monkeypatch):
    monkeypatch.chdir(_season(tmp_path))
    data = collect_stats(["good.yaml", "copy.yaml"]).to_dict()
    # as check decides (redteam2): the later claimant of credits an accepted claim holds fails
    assert (data["verdicts"]["pass"], data["verdicts"]["fail"]) == (1, 1)
    assert data["retired_t_co2e"] == 3.0
    assert [d["source"] for d in data["double_claims"]] == ["copy.yaml"]
    assert "good.yaml" in data["double_claims"][0]["message"]


def test_the_ledger_decides_who_holds_credits_claimed_twice(tmp_path, monkeypatch):
    from offsetcalc.rules.batch import check_batch

    monkeypatch.chdir(_season(tmp_path))
    db = tmp_path / "ledger.db"
    check_batch(["good.yaml"], ledger=db, jobs=1)  # the ledger holds good.yaml's serials
    before = db.read_bytes()
    data = collect_stats(["copy.yaml"], ledger=db).to_dict()
    assert data["retired_t_co2e"] == 0.0
    assert f"held in the ledger by {Path('good.yaml').resolve().as_posix()}" in data["double_claims"][0]["message"]
    assert collect_stats(["good.yaml"], ledger=db).to_dict()["retired_t_co2e"] == 3.0  # its own claim
    assert db.read_bytes() == before  # read only


def test_cli_verdict_and_ledger_options(tmp_path, monkeypatch):
    monkeypatch.chdir(_season(tmp_path))
    result = CliRunner().invoke(app, ["stats", "good.yaml", "late.yaml", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["retired_t_co2e"] == 3.0
    assert CliRunner().invoke(app, ["stats", ".", "--verdict", "maybe"]).exit_code == 2
    assert CliRunner().invoke(app, ["stats", ".", "--ledger", "missing.db"]).exit_code == 2


def test_allocations_of_one_retirement_are_not_double_claims(tmp_path, monkeypatch):
    """Red-team (redteam2 open item 5b): two events each allocated part of one provider's
    retirements (check passes both) were counted as a double claim, and half the tonnes lost."""
    src = Path(__file__).resolve().parent / "data" / "check" / "jp-co-allocation.yaml"
    text = src.read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("title: ", "title: Other ", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from offsetcalc.rules.batch import check_batch

    assert [r.verdict for r in check_batch(["a.yaml", "b.yaml"], jobs=1).results] == ["pass", "pass"]
    one = collect_stats(["a.yaml"]).to_dict()["retired_t_co2e"]
    both = collect_stats(["a.yaml", "b.yaml"]).to_dict()
    assert both["double_claims"] == []
    assert both["retired_t_co2e"] == pytest.approx(2 * one)
