"""``offsetcalc factors validate | show | diff | list`` and ``compute --factors``: the CLI over the library."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offsetcalc.cli import app
from offsetcalc.factors.tables import builtin_dir, table_paths
from offsetcalc.factors.validate import diff_tables, validate_tables

DATA = Path(__file__).resolve().parent / "data" / "factors"
EVENT = Path(__file__).resolve().parent / "data" / "spec-event.yaml"


def run(*args: str):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def _json_roundtrip(data):
    return json.loads(json.dumps(data))


# --------------------------------------------------------------------------- validate


def test_validate_builtins_exit_0():
    r = run("factors", "validate")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "valid: " in r.stderr and "0 error(s), 0 warning(s)" in r.stderr


def test_validate_json_equals_the_library_report():
    paths = sorted(DATA.glob("*.yaml"))
    r = run("factors", "validate", *paths, "--format", "json")
    assert r.exit_code == 1
    assert json.loads(r.stdout) == _json_roundtrip(validate_tables(paths).to_dict())


def test_validate_table_format_is_compiler_form():
    path = DATA / "unit-inverted.yaml"
    r = run("factors", "validate", path)
    assert r.exit_code == 1
    (f,) = validate_tables([path]).findings
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{path}:{f.line}:{f.column}: error: ")
    assert first.endswith("[unit.dimension]")
    assert r.stdout.splitlines()[1].startswith("  hint: ")


def test_validate_github_annotations():
    path = DATA / "derivation-mismatch.yaml"
    r = run("factors", "validate", path, "--format", "github")
    assert r.exit_code == 1
    (f,) = validate_tables([path]).findings
    (line,) = r.stdout.splitlines()
    assert line.startswith(f"::error file={path},line={f.line},col={f.column},title=derivation.mismatch::")
    assert "2.23" in line


def test_validate_github_warning_and_strict():
    path = DATA / "value-implausible.yaml"
    r = run("factors", "validate", path, "--format", "github")
    assert r.exit_code == 0
    assert r.stdout.startswith("::warning file=")
    strict = run("factors", "validate", path, "--format", "github", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout.startswith("::error file=")


def test_validate_with_factors_overlay():
    assert run("factors", "validate", "--factors", DATA / "user").exit_code == 0
    r = run("factors", "validate", "--factors", DATA / "overlay-overlap.yaml", "--format", "json")
    assert r.exit_code == 1
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["validity.overlap"]


def test_validate_bad_format_is_a_command_line_error():
    assert run("factors", "validate", "--format", "xml").exit_code == 2


# --------------------------------------------------------------------------- show


def test_show_all_editions_with_file_and_sha256():
    r = run("factors", "show", "fuel.gasoline", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [row["table"] for row in rows] == ["jp-shk-fuel-2006", "jp-shk-fuel-2010", "jp-shk-fuel-2024"]
    for row in rows:
        assert row["sha256"] == hashlib.sha256(Path(row["file"]).read_bytes()).hexdigest()
        assert row["source"].startswith("Ministry of the Environment")
    assert [row["value"] for row in rows] == [2.32, 2.32, 2.29]


def test_show_one_edition_as_table():
    r = run("factors", "show", "fuel.diesel@2010")
    assert r.exit_code == 0
    text = r.stdout
    path = builtin_dir() / "jp-shk-fuel-2010.yaml"
    assert hashlib.sha256(path.read_bytes()).hexdigest() in text
    assert "jp-shk-fuel-2010" in text and "2.58" in text and "軽油" in text
    assert "37.7 GJ / kL × 0.0187 tC / GJ × 44/12" in text
    assert "jp-shk-fuel-2006" not in text


def test_show_unknown_id_suggests_and_exits_2():
    r = run("factors", "show", "fuel.gasolin")
    assert r.exit_code == 2
    assert "unknown factor 'fuel.gasolin'" in r.stderr
    assert "did you mean 'fuel.gasoline'" in r.stderr
    r = run("factors", "show", "fuel.gasoline@1999")
    assert r.exit_code == 2
    assert "no edition '1999'" in r.stderr


# --------------------------------------------------------------------------- diff


@pytest.fixture
def changed_copy(tmp_path: Path) -> Path:
    new = tmp_path / "factors"
    new.mkdir()
    for p in table_paths(builtin_dir()):
        (new / p.name).write_bytes(p.read_bytes())
    target = new / "jp-shk-fuel-2010.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("value: 2.58", "value: 2.62", 1), encoding="utf-8")
    return new


def test_diff_identical_exit_0():
    r = run("factors", "diff", builtin_dir(), builtin_dir())
    assert r.exit_code == 0
    assert "identical" in r.stdout


def test_diff_changed_exit_1_json_equals_library(changed_copy):
    r = run("factors", "diff", builtin_dir(), changed_copy, "--format", "json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert data == _json_roundtrip(diff_tables(builtin_dir(), changed_copy).to_dict())
    assert [c["id"] for c in data["changed"]] == ["fuel.diesel"]


def test_diff_table_shows_old_new_and_percent(changed_copy):
    r = run("factors", "diff", builtin_dir(), changed_copy)
    assert r.exit_code == 1
    line = next(x for x in r.stdout.splitlines() if "fuel.diesel" in x)
    assert "2.58" in line and "2.62" in line and "+1.55 %" in line


def test_diff_unreadable_exit_2():
    r = run("factors", "diff", DATA / "yaml-syntax.yaml", DATA / "valid.yaml")
    assert r.exit_code == 2
    assert "yaml-syntax.yaml:15:" in r.stderr


# --------------------------------------------------------------------------- list --search


@pytest.mark.parametrize(
    ("needle", "expected"),
    [("ガソリン", "fuel.gasoline"), ("GASOLINE", "fuel.gasoline"), ("東京電力", "electricity.jp.tepco.basic")],
)
def test_list_search_matches_english_and_japanese_names(needle, expected):
    r = run("factors", "list", "--search", needle, "--format", "json")
    assert r.exit_code == 0
    ids = {row["id"] for row in json.loads(r.stdout)}
    assert expected in ids
    assert "fuel.kerosene" not in ids


# --------------------------------------------------------------------------- compute --factors


def test_compute_reports_the_override_and_the_user_table_hash():
    user = DATA / "user" / "user-gasoline.yaml"
    r = run("compute", EVENT, "--factors", DATA / "user", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["factor_overrides"] == [
        {
            "id": "fuel.gasoline",
            "replaced_table": "jp-shk-fuel-2010",
            "by_table": "test-user-gasoline",
            "old_value": "2.32",
            "new_value": "2.29",
        }
    ]
    assert {"id": "test-user-gasoline", "sha256": hashlib.sha256(user.read_bytes()).hexdigest()} in data[
        "factor_tables"
    ]
    car = next(a for a in data["emissions"]["activities"] if a["id"] == "staff-car")
    assert car["factor"]["table"] == "test-user-gasoline"
    assert car["t_co2e"] == pytest.approx(0.180 * 2.29)  # 180 L = 0.180 kL


def test_compute_without_factors_uses_the_builtin():
    data = json.loads(run("compute", EVENT, "--format", "json").stdout)
    assert data["factor_overrides"] == []
    car = next(a for a in data["emissions"]["activities"] if a["id"] == "staff-car")
    assert car["factor"]["table"] == "jp-shk-fuel-2010"


def test_compute_with_a_nan_user_factor_is_an_input_error_not_a_crash(tmp_path):
    table = tmp_path / "nan.yaml"
    table.write_text(
        (DATA / "user" / "user-gasoline.yaml").read_text(encoding="utf-8").replace("value: 2.29", "value: .nan"),
        encoding="utf-8",
    )
    r = run("compute", EVENT, "--factors", table)
    assert r.exit_code == 2
    line = next(n for n, text in enumerate(table.read_text(encoding="utf-8").splitlines(), 1) if ".nan" in text)
    assert r.stderr.startswith(f"{table}:{line}:")
    assert "not a finite number" in r.stderr and "internal error" not in r.stderr


def test_show_and_diff_print_table_text_literally(tmp_path: Path):
    # Tables come from users: '[/bold]' in a name or ID is text, not rich markup (it raised MarkupError).
    text = (DATA / "valid.yaml").read_text(encoding="utf-8")
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        text.replace("name: Gasoline", 'name: "Gas [/bold] oline"').replace("id: fuel.gasoline", "id: fuel.[/b]x"),
        encoding="utf-8",
    )
    r = run("factors", "show", "fuel.[/b]x", "--factors", odd)
    assert r.exit_code == 0
    assert "Gas [/bold] oline" in r.stdout
    r = run("factors", "diff", DATA / "valid.yaml", odd)
    assert r.exit_code == 1
    assert "fuel.[/b]x" in r.stdout
