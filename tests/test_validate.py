"""offsetcalc.factors.validate: one broken table per finding type, the built-ins clean, diff."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from offsetcalc.errors import InputError
from offsetcalc.factors.tables import builtin_dir, table_paths
from offsetcalc.factors.validate import PLAUSIBLE, diff_tables, validate_tables

DATA = Path(__file__).resolve().parent / "data" / "factors"


def _codes(report):
    return sorted({f.code for f in report.findings})


def _line_of(path: Path, text: str) -> int:
    """1-based line of the first line containing ``text`` (so tests do not hard-code lines)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return n
    raise AssertionError(f"{text!r} not in {path}")


# --------------------------------------------------------------------------- built-ins


def test_builtin_tables_validate_clean():
    report = validate_tables()
    assert report.findings == []
    assert report.valid
    assert len(report.tables) == len(table_paths(builtin_dir()))
    assert report.factors >= 40


def test_valid_fixture_is_clean():
    report = validate_tables([DATA / "valid.yaml"])
    assert report.findings == []
    assert report.factors == 2


# --------------------------------------------------------------------------- one table per finding

# (fixture, code, severity, text on the line the finding must point at)
BROKEN = [
    ("yaml-syntax.yaml", "yaml.syntax", "error", "unit: t-CO2 / kL: per kilolitre"),
    ("yaml-duplicate-key.yaml", "yaml.duplicate-key", "error", "value: 2.33"),
    ("schema-unknown-key.yaml", "schema.unknown-key", "error", "confimred"),
    ("schema-missing.yaml", "schema.missing", "error", "- id: fuel.gasoline"),
    ("schema-not-mapping.yaml", "schema.not-mapping", "error", "- fuel.gasoline"),
    ("provenance-missing.yaml", "provenance.missing", "error", "publisher: ''"),
    ("provenance-no-url.yaml", "provenance.missing", "error", "offsetcalc-factors: 1"),
    ("validity-overlap.yaml", "validity.overlap", "error", "valid: {from: 2009-04-01}"),
    ("validity-reversed.yaml", "validity.reversed", "error", "valid: {from: 2010-03-31"),
    ("unit-invalid.yaml", "unit.invalid", "error", "unit: t-CO2 / Kl"),
    ("unit-inverted.yaml", "unit.dimension", "error", "unit: kL / t-CO2"),
    ("unit-no-activity.yaml", "unit.dimension", "error", "unit: t-CO2"),
    ("unit-gases-co2e.yaml", "unit.dimension", "error", "unit: kg-CO2 / L"),
    ("gases-gwp-mismatch.yaml", "gases.gwp-mismatch", "error", "value: 2.70"),
    ("gases-unknown-gas.yaml", "gases.unknown-gas", "error", "NO2"),
    ("value-missing.yaml", "value.missing", "error", "- id: fuel.gasoline"),
    ("value-not-finite.yaml", "value.not-finite", "error", "value: .nan"),
    ("value-not-positive.yaml", "value.not-positive", "error", "-0.0183"),
    ("derivation-mismatch.yaml", "derivation.mismatch", "error", "value: 2.23"),
    ("derivation-unit.yaml", "derivation.unit", "error", "derivation:"),
    ("value-implausible.yaml", "value.implausible", "warning", "value: 0.555"),
    ("value-zero.yaml", "value.zero", "warning", "value: 0"),
    ("unit-category.yaml", "unit.category", "warning", "unit: t-CO2 / kL"),
    ("unit-activity.yaml", "unit.dimension", "error", "unit: t-CO2 / kL / kL"),
    ("gas-unknown.yaml", "gases.unknown-gas", "error", "gas: HFC-999"),
    ("schema-name.yaml", "schema.name", "error", "- id: fuel.gasoline@2006"),
    ("schema-not-a-number.yaml", "schema.not-a-number", "error", "value: true"),
    ("schema-confirmed-not-bool.yaml", "schema.bool_type", "error", 'confirmed: "yes"'),
]


@pytest.mark.parametrize(("name", "code", "severity", "marker"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_broken_table_gives_its_finding_at_its_line(name, code, severity, marker):
    path = DATA / name
    report = validate_tables([path])
    assert _codes(report) == [code], [f.render() for f in report.findings]
    (finding,) = report.findings
    assert finding.severity == severity
    assert finding.file == str(path)
    assert finding.line == _line_of(path, marker)
    assert report.valid is (severity == "warning")


def test_duplicate_ids_across_tables_point_at_the_second():
    report = validate_tables([DATA / "id-duplicate"])
    assert _codes(report) == ["id.duplicate"]
    (f,) = report.findings
    assert f.file == str(DATA / "id-duplicate" / "b.yaml")
    assert f.line == _line_of(DATA / "id-duplicate" / "b.yaml", "- id: fuel.gasoline")
    assert f"{DATA / 'id-duplicate' / 'a.yaml'}:" in f.message


def test_duplicate_table_names():
    report = validate_tables([DATA / "table-duplicate"])
    assert _codes(report) == ["table.duplicate"]
    assert report.findings[0].line == _line_of(DATA / "table-duplicate" / "b.yaml", "table: test-table-duplicate")


def test_every_finding_type_has_a_fixture():
    """The module doc lists the codes; each (but file.*) has a broken table above."""
    import offsetcalc.factors.validate as v

    documented = set(re.findall(r"``([a-z]+\.[a-z-]+)``", v.__doc__ or ""))
    covered = {b[1] for b in BROKEN} | {"id.duplicate", "table.duplicate"}
    assert len(documented) >= 15
    assert documented - covered == set()


def test_strict_makes_warnings_errors():
    report = validate_tables([DATA / "value-implausible.yaml"], strict=True)
    assert [f.severity for f in report.findings] == ["error"]
    assert not report.valid


def test_missing_path_and_empty_folder_are_findings(tmp_path):
    report = validate_tables([tmp_path / "nope.yaml", tmp_path])
    assert _codes(report) == ["file.missing", "file.no-tables"]
    assert not report.valid


def test_a_file_named_twice_is_one_table(tmp_path):
    """'validate a.yaml .' names a.yaml twice; its factors are not duplicates of themselves."""
    table = shutil.copy(DATA / "valid.yaml", tmp_path / "a.yaml")
    report = validate_tables([table, tmp_path, Path(table)])
    assert report.findings == []
    assert len(report.tables) == 1


def test_a_finding_is_one_line_whatever_the_table_holds(tmp_path):
    """A line break in a quoted unit (or a file name) is shown escaped, not as a second line."""
    text = (DATA / "valid.yaml").read_text(encoding="utf-8").replace("unit: t-CO2 / kL", 'unit: "t-CO2 / kL\\nzz"')
    path = tmp_path / "tab\tname.yaml"
    path.write_text(text, encoding="utf-8")
    report = validate_tables([path])
    rendered = [f.render() for f in report.findings]
    assert rendered, "the broken unit must be reported"
    for text in rendered:
        first, *hint = text.split("\n")
        assert first.startswith(str(tmp_path)) and "tab\\tname.yaml:" in first
        assert all(h.startswith("  hint: ") for h in hint)
    assert any("\\n" in r for r in rendered)


def test_zero_is_not_an_error_but_a_zero_derivation_input_is(tmp_path):
    zero_heat = _write_copy(
        DATA / "valid.yaml", tmp_path / "zero.yaml", ("{value: 34.6, unit: GJ / kL}", "{value: 0, unit: GJ / kL}")
    )
    report = validate_tables([zero_heat])
    assert "value.not-positive" in _codes(report)
    assert validate_tables([DATA / "value-zero.yaml"]).valid


def test_a_broken_table_does_not_hide_the_others():
    report = validate_tables([DATA / "yaml-syntax.yaml", DATA / "unit-inverted.yaml"])
    assert _codes(report) == ["unit.dimension", "yaml.syntax"]
    assert [t["path"] for t in report.tables] == [str(DATA / "unit-inverted.yaml")]


# --------------------------------------------------------------------------- overlay (--factors)


def test_overlay_replacing_a_builtin_key_is_not_a_duplicate():
    report = validate_tables(overlay=[DATA / "user"])
    assert report.findings == []
    assert [t["table"] for t in report.tables] == ["test-user-gasoline"]


def test_overlay_overlapping_a_builtin_edition_is_an_error():
    path = DATA / "overlay-overlap.yaml"
    report = validate_tables(overlay=[path])
    assert _codes(report) == ["validity.overlap"]
    (f,) = report.findings
    assert (f.file, f.line) == (str(path), _line_of(path, "valid: {from: 2012-04-01"))
    assert "jp-shk-fuel-2010.yaml" in f.message


# --------------------------------------------------------------------------- corrupted copies of the built-ins

CORRUPTIONS = [
    ("jp-shk-fuel-2024.yaml", "value: 2.29", "value: 2.92", "derivation.mismatch"),
    (
        "jp-electricity-retailers-fy2013.yaml",
        "unit: t-CO2 / kWh, confirmed: true}",
        "unit: kWh / t-CO2, confirmed: true}",
        "unit.dimension",
    ),
    ("jp-electricity-retailers-fy2013.yaml", "value: 0.000531,", "value: 0.531,", "value.implausible"),
    ("jp-moe-waste-2003.yaml", "value: 2600,", "value: -2600,", "value.not-positive"),
    (
        "jp-mlit-passenger-2006.yaml",
        "url: https://www.mlit.go.jp",
        "note_url: https://www.mlit.go.jp",
        "schema.unknown-key",
    ),
    ("jp-shk-fuel-2006.yaml", "  - id: fuel.kerosene", "  - id: fuel.gasoline  # was kerosene", "id.duplicate"),
    ("jp-shk-fuel-2024.yaml", "valid: {from: 2023-04-01}", "valid: {from: 2022-04-01}", "validity.overlap"),
    ("jp-shk-fuel-2010.yaml", "    value: 2.58\n", "    value: 2.58\n    value: 2.62\n", "yaml.duplicate-key"),
]


@pytest.mark.parametrize(("name", "old", "new", "code"), CORRUPTIONS, ids=[c[3] for c in CORRUPTIONS])
def test_corrupted_copy_of_builtins_is_caught_with_its_line(tmp_path, name, old, new, code):
    copy = tmp_path / "factors"
    shutil.copytree(builtin_dir(), copy)
    target = copy / name
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = validate_tables([copy])
    hits = [f for f in report.findings if f.code == code]
    assert hits, [f.render() for f in report.findings]
    marker = new.strip().splitlines()[-1]
    assert (hits[0].file, hits[0].line) == (str(target), _line_of(target, marker))
    assert not report.valid or code == "value.implausible"


# --------------------------------------------------------------------------- plausibility table


def test_every_plausibility_range_says_what_it_rests_on():
    for r in PLAUSIBLE:
        assert r.low < r.high
        assert "chosen by offsetcalc" in r.basis or "physics" in r.basis


# --------------------------------------------------------------------------- diff


def _write_copy(src: Path, dst: Path, *pairs: tuple[str, str]) -> Path:
    text = src.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    dst.write_text(text, encoding="utf-8")
    return dst


def test_diff_identical():
    report = diff_tables(builtin_dir(), builtin_dir())
    assert report.identical
    assert report.to_dict()["changed"] == []


def test_diff_changed_value_with_percent(tmp_path):
    old = builtin_dir() / "jp-shk-fuel-2010.yaml"
    new = _write_copy(old, tmp_path / "new.yaml", ("value: 2.58", "value: 2.62"))
    report = diff_tables(old, new)
    (c,) = report.changed
    assert (c["id"], c["valid_from"], c["old_value"], c["new_value"]) == ("fuel.diesel", "2010-04-01", 2.58, 2.62)
    assert c["change_percent"] == pytest.approx((2.62 - 2.58) / 2.58 * 100)
    assert [x["field"] for x in c["fields"]] == ["value"]
    assert not report.added and not report.removed


def test_diff_unit_change_compares_converted_values(tmp_path):
    old = DATA / "valid.yaml"
    new = _write_copy(
        old, tmp_path / "new.yaml", ("value: 2.32\n    unit: t-CO2 / kL", "value: 2.32\n    unit: kg-CO2 / L")
    )
    (c,) = diff_tables(old, new).changed
    assert [x["field"] for x in c["fields"]] == ["unit"]
    assert c["change_percent"] == pytest.approx(0.0)


def test_diff_added_and_removed(tmp_path):
    old = DATA / "valid.yaml"
    new = _write_copy(old, tmp_path / "new.yaml", ("id: test.generator-diesel", "id: test.generator-diesel-2"))
    report = diff_tables(old, new)
    assert [f["id"] for f in report.added] == ["test.generator-diesel-2"]
    assert [f["id"] for f in report.removed] == ["test.generator-diesel"]
    assert report.changed == []


def test_diff_unreadable_table_raises(tmp_path):
    with pytest.raises(InputError):
        diff_tables(DATA / "yaml-syntax.yaml", DATA / "valid.yaml")
    with pytest.raises(InputError):
        diff_tables(tmp_path / "missing", DATA / "valid.yaml")


def test_diff_refuses_an_empty_folder(tmp_path):
    """An empty folder (a wrong path in CI) would show every factor as removed."""
    with pytest.raises(InputError) as exc:
        diff_tables(DATA / "valid.yaml", tmp_path)
    assert exc.value.code == "file.no-tables"


def test_diff_refuses_a_nan_table_instead_of_reporting_nan_changes():
    """NaN != NaN: a diff of a NaN table with itself once showed a change of '+nan %'
    (and wrote NaN, which is not JSON). Tables with such numbers do not load."""
    with pytest.raises(InputError) as exc:
        diff_tables(DATA / "value-not-finite.yaml", DATA / "value-not-finite.yaml")
    (err,) = exc.value.errors
    assert (err.code, err.location.line) == ("value.not-finite", _line_of(DATA / "value-not-finite.yaml", ".nan"))
