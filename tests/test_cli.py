"""The command line: formats, languages, exit codes, documentation of every command."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT, run_cli


def test_compute_table_shows_ratio_and_shortfall() -> None:
    proc = run_cli("compute", "examples/readme-workshop.yaml")
    assert proc.returncode == 0, proc.stderr
    assert "Offset ratio" in proc.stdout and "75%" in proc.stdout
    assert "Credits still needed" in proc.stdout and "1 t" in proc.stdout


def test_compute_japanese_labels() -> None:
    proc = run_cli("compute", "examples/event-dance-class.yaml", "--lang", "ja")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"オフセット率\s+141%", proc.stdout)
    assert "会議・イベント型" in proc.stdout


def test_compute_markdown() -> None:
    proc = run_cli("compute", "examples/organization-wood-recycling.yaml", "--format", "markdown")
    assert proc.returncode == 0
    assert "**Offset ratio: 100%**" in proc.stdout
    assert "| plant-electricity | scope 2 |" in proc.stdout


def test_json_has_spec_keys_and_table_hashes() -> None:
    proc = run_cli("compute", "tests/data/spec-event.yaml", "--format", "json")
    data = json.loads(proc.stdout)
    for key in (
        "format",
        "source",
        "kind",
        "title",
        "gwp",
        "emissions",
        "per_unit_kg_co2e",
        "credits",
        "offset_ratio_percent",
        "fully_offset",
        "shortfall_t_co2e",
        "factor_tables",
    ):
        assert key in data
    assert data["format"] == "offsetcalc.result/1"
    assert data["emissions"]["total_t_co2e"] == 1.8769772
    assert data["emissions"]["activities"][0]["factor"]["ref"] == "fuel.gasoline"
    # the factor's unit in canonical spelling, as SPEC.md §3 shows it
    units = {a["id"]: a["factor"]["unit"] for a in data["emissions"]["activities"]}
    assert units == {
        "staff-car": "t_CO2e / kL",
        "participants-rail": "g_CO2e / (person * km)",
        "venue-power": "t_CO2e / kWh",
        "generator": "kg_CO2e / L",
    }
    assert all(len(t["sha256"]) == 64 for t in data["factor_tables"])


def test_gwp_override_changes_per_gas_factor() -> None:
    ar4 = json.loads(run_cli("compute", "tests/data/spec-event.yaml", "-f", "json").stdout)
    ar6 = json.loads(run_cli("compute", "tests/data/spec-event.yaml", "-f", "json", "--gwp", "AR6").stdout)
    assert ar6["gwp"] == "AR6"
    gen4 = next(a for a in ar4["emissions"]["activities"] if a["id"] == "generator")
    gen6 = next(a for a in ar6["emissions"]["activities"] if a["id"] == "generator")
    # 100 L × (2.58 + 0.00014 × GWP_CH4 + 0.000064 × GWP_N2O) kg
    assert gen4["t_co2e"] == round(0.1 * (2.58 + 0.00014 * 25 + 0.000064 * 298), 12)
    assert gen6["t_co2e"] == round(0.1 * (2.58 + 0.00014 * 27.9 + 0.000064 * 273), 12)


def test_version_and_module_entry() -> None:
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("offsetcalc ")


def test_factors_list_search_japanese() -> None:
    proc = run_cli("factors", "list", "--search", "軽油", "--format", "json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)
    assert rows and all(r["id"] == "fuel.diesel" for r in rows)


def _commands() -> list[str]:
    import typer.main

    from offsetcalc.cli import app

    group = typer.main.get_command(app)
    names: list[str] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        names.extend(f"{name} {s}" for s in sub) if sub else names.append(name)
    return names


def test_every_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in _commands() if f"offsetcalc {c}" not in readme]
    assert not missing, f"commands not in README.md: {missing}"


def test_every_command_help_has_an_example() -> None:
    for c in _commands():
        proc = run_cli(*c.split(), "--help")
        assert proc.returncode == 0
        assert "Example: offsetcalc" in proc.stdout, c


def test_check_gwp_overrides_file_and_standard() -> None:
    ar4 = json.loads(run_cli("check", "tests/data/spec-event.yaml", "-f", "json", "-j", "1").stdout)
    ar6 = json.loads(run_cli("check", "tests/data/spec-event.yaml", "-f", "json", "-j", "1", "--gwp", "AR6").stdout)
    # only the per-gas generator changes: 100 L × (0.00014 × (27.9 − 25) + 0.000064 × (273 − 298)) kg
    r4, r6 = ar4["results"][0]["offset_ratio_percent"], ar6["results"][0]["offset_ratio_percent"]
    assert r4 != r6
    e4, e6 = 300 / r4, 300 / r6  # t-CO2e, from 3 t of credits
    assert e6 - e4 == pytest.approx(0.1 * (0.00014 * 2.9 - 0.000064 * 25), abs=1e-9)
    bad = run_cli("check", "tests/data/spec-event.yaml", "--gwp", "AR9")
    assert bad.returncode == 2 and "unknown GWP set 'AR9'" in bad.stderr


def test_user_text_is_shown_literally_in_table_and_markdown(tmp_path) -> None:
    """Titles, ids and credit names that look like rich markup or hold escapes are text, not commands."""
    p = tmp_path / "markup.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\n"
        'title: "[/bold] looks like markup [red \\e[2J"\n'
        "activities:\n"
        '  - {id: "[/x]", category: "[link=x]", quantity: 180 L, factor: fuel.gasoline}\n'
        "credits:\n"
        '  - {type: "[/]", quantity: 1 t-CO2, project: "[bold"}\n',
        encoding="utf-8",
    )
    proc = run_cli("compute", str(p))
    assert proc.returncode == 0, proc.stderr
    assert "[/bold] looks like markup [red \\x1b[2J" in proc.stdout
    assert "\x1b" not in proc.stdout
    assert re.search(r"\[/x\]\s+\[link=x\]", proc.stdout)
    assert "Credit: [/] [bold (retired)" in proc.stdout
    md = run_cli("compute", str(p), "--format", "markdown")
    assert md.returncode == 0 and "\x1b" not in md.stdout
    # Markdown shows the brackets literally by escaping them (\[ renders as [), so no link can be forged.
    assert md.stdout.startswith("# \\[/bold\\] looks like markup \\[red \\\\x1b\\[2J\n")


def test_emoji_codes_in_user_text_stay_text(tmp_path) -> None:
    """rich's markup escape leaves ':warning:' alone; the console must not turn it into an emoji."""
    p = tmp_path / "emoji.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\ntitle: 'Workshop :warning: :smile:'\n"
        "activities:\n  - {id: ':fire:', category: travel, quantity: 180 L, factor: fuel.gasoline}\n",
        encoding="utf-8",
    )
    proc = run_cli("compute", str(p))
    assert proc.returncode == 0, proc.stderr
    assert "Workshop :warning: :smile:" in proc.stdout and ":fire:" in proc.stdout
    assert "\u26a0" not in proc.stdout and "\U0001f525" not in proc.stdout


def test_huge_totals_are_shown_not_crashed(tmp_path) -> None:
    """Valid but absurd magnitudes (10**36 t) overflowed Decimal's 28 digits in the table."""
    p = tmp_path / "big.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\n"
        "activities:\n  - {id: a, quantity: 1e15 Mt, factor: {value: 1e15, unit: t-CO2 / t, source: x}}\n"
        "credits:\n  - {type: x, quantity: 1e15 Mt-CO2}\n",
        encoding="utf-8",
    )
    proc = run_cli("compute", str(p))
    assert proc.returncode == 0, proc.stderr
    assert "1000000000000000000000000000000000000.000" in proc.stdout
    assert re.search(r"Offset ratio\s+0%", proc.stdout)
    data = json.loads(run_cli("compute", str(p), "--format", "json").stdout)
    assert data["emissions"]["total_t_co2e"] == 1e36
    assert data["credits_needed_t"] == 10**36 - 10**21


def test_json_names_the_gwp_source() -> None:
    data = json.loads(run_cli("compute", "tests/data/spec-event.yaml", "--format", "json").stdout)
    assert data["gwp"] == "AR4" and "IPCC AR4 WG1 (2007) Table 2.14" in data["gwp_source"]


def test_check_reports_one_standard_id_for_every_file(tmp_path) -> None:
    from offsetcalc.rules.profile import builtin_profiles

    profile = str(builtin_profiles()["jp-co"])
    data = json.loads(
        run_cli(
            "check",
            "tests/data/spec-event.yaml",
            str(tmp_path / "missing.yaml"),
            "--standard",
            profile,
            "-f",
            "json",
            "-j",
            "1",
        ).stdout
    )
    assert [r["standard"] for r in data["results"]] == ["jp-co", "jp-co"]


def test_readme_python_example_runs(in_root) -> None:
    """Docs are tests: the README's Python block runs as written."""
    import contextlib
    import io

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## Use from Python.*?```python\n(.*?)```", readme, re.S).group(1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("141.04")
    assert lines[1] == "True 0"
    assert lines[2] == "{'files': 1, 'pass': 1, 'fail': 0, 'error': 0}"
    assert lines[3] == "True"
