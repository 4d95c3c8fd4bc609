"""Japanese in the terminal: labels from the catalogue, columns aligned in East Asian cells,
and no identifier cut mid-word at 80 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _render(path: Path, lang: str, width: int) -> str:
    from offsetcalc.api import compute
    from offsetcalc.report.terminal import console, render_result

    out = console(plain=True, width=width)
    with out.capture() as cap:
        render_result(compute(path.relative_to(ROOT)), out, lang)
    return cap.get()


def _cells(line: str) -> int:
    from offsetcalc.report.terminal import cell_len

    return cell_len(line)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_compute_at_80_columns_never_cuts_an_identifier(path: Path, lang: str) -> None:
    from offsetcalc.api import compute

    text = _render(path, lang, 80)
    lines = text.splitlines()
    assert max(_cells(line) for line in lines) <= 80
    r = compute(path.relative_to(ROOT))
    for a in r.activity_lines:
        for ident in (a.id, a.factor.ref, a.factor.table):
            if ident and _cells(ident) <= 76:
                assert any(ident in line for line in lines), ident


def test_compute_keeps_the_table_where_it_fits_with_columns_aligned_in_cells() -> None:
    text = _render(ROOT / "examples" / "event-dance-class.yaml", "ja", 140)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("活動 "))
    table = lines[header : header + 8]
    assert "排出係数" in table[0] and "出典" in table[0]
    # rich pads every row to the same number of cells: a Japanese cell counted as 1 would not be.
    assert len({_cells(line) for line in table}) == 1
    # The tonnes end in the same cell as their header, after Japanese cells on the same line.
    ends = {_cells(line.rstrip()) for line in table if re.search(r"\d\.\d{3}$", line.rstrip())}
    assert ends == {_cells(table[0].rstrip())}, table
    assert "ガソリン" in text  # the factor tables' Japanese names
    assert "排出係数 'fuel.gasoline'（jp-shk-fuel-2010）は出典と照合されていません" in text


def test_check_table_in_japanese() -> None:
    proc = run_cli("check", "examples/event-dance-class.yaml", "tests/data/check/jp-co-ineligible.yaml", "--lang", "ja")
    assert proc.returncode == 1
    out = proc.stdout
    assert "適合  examples/event-dance-class.yaml  [jp-co]  オフセット率 141%" in out
    assert "不適合" in out and "警告" in out and "根拠:" in out
    assert "では使用できません" in out  # credits.eligible-type, word for word in Japanese
    assert "2 件: 適合 1 件、不適合 1 件、判定不能 0 件" in out


def test_stats_in_japanese_fit_80_columns_with_words_whole() -> None:
    proc = run_cli("stats", "examples/", "tests/data/check/", "--lang", "ja", env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    table_lines = [line for line in lines if "件" not in line and ":" not in line]
    assert max(_cells(line) for line in table_lines) <= 80
    for word in (
        "クレジットの種類別",
        "ファイル数",
        "無効化済 t",
        "無効化予定 t",
        "商品・サービス型",
        "会議・イベント型",
    ):
        assert any(word in line for line in lines), word


def test_offsetcalc_own_group_names_and_large_quantities_read_as_people_write_them() -> None:
    text = _render(ROOT / "examples" / "organization-fy2019.yaml", "ja", 100)
    assert "小計: スコープ2" in text and "スコープ1" in text
    assert "1,200,000 kWh" in text and "e+06" not in text
    en = _render(ROOT / "examples" / "organization-fy2019.yaml", "en", 100)
    assert "Subtotal: scope 2" in en and "1,200,000 kWh" in en


# --------------------------------------------------------------------------- 80 columns, as the CLI prints

_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/@']*[A-Za-z0-9_]")


def _fragments(narrow: str, wide: str) -> list[str]:
    """ASCII words of ``narrow`` that the unwrapped ``wide`` rendering does not hold as words: pieces
    of an identifier, path or number cut at a line end. Table borders and padding are not words."""
    whole = set(_WORD.findall(wide))
    too_long = [w for w in wide.split() if len(w) > 72]  # a URL longer than a line can only be folded
    return sorted({w for w in _WORD.findall(narrow) if w not in whole and not any(w in t for t in too_long)})


def _cli_at(width: int, *args: str) -> str:
    proc = run_cli(*args, env={"COLUMNS": str(width)})
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


CHECK_FILES = sorted((ROOT / "tests" / "data" / "check").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_compute_in_japanese_at_80_columns_as_the_cli_prints(path: Path) -> None:
    """COLUMNS=80: no line wider than 80 cells, no word cut across lines (against a 400-column print)."""
    rel = str(path.relative_to(ROOT))
    narrow = _cli_at(80, "compute", rel, "--lang", "ja")
    assert max(_cells(line) for line in narrow.splitlines()) <= 80, narrow
    assert _fragments(narrow, _cli_at(400, "compute", rel, "--lang", "ja")) == [], narrow
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", narrow)


def test_check_in_japanese_at_80_columns_as_the_cli_prints() -> None:
    """Every check fixture and example in one batch: findings wrap at spaces and between Japanese
    characters, never inside a rule ID, key, path or number."""
    files = [str(p.relative_to(ROOT)) for p in (*EXAMPLES, *CHECK_FILES)]
    narrow = _cli_at(80, "check", *files, "--lang", "ja")
    assert max(_cells(line) for line in narrow.splitlines()) <= 80
    assert _fragments(narrow, _cli_at(1000, "check", *files, "--lang", "ja")) == [], narrow
    assert "原文" not in narrow  # every finding in Japanese, none as title + English


def test_the_fragment_check_catches_a_cut_word() -> None:
    """The check above can fail: a word folded letter by letter is reported."""
    wide = "エラー  allowed keys here: category、location_factor"
    narrow = "エラー  allowed keys here: category、locat\nion_factor"
    assert _fragments(narrow, wide) == ["ion_factor", "locat"]


# --------------------------------------------------------------------------- error lines and check formats in Japanese

_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ENGLISH = re.compile(r"\b(cannot|unknown|missing|required|allowed|is not|has no|write|did you mean|no such)\b")

BAD_INPUTS = {
    # name: (file text, what the Japanese line says)
    "dimension": (
        "activities:\n  - {id: a, factor: fuel.gasoline, quantity: 100 kWh}\n",
        "エネルギーは体積ではありません",
    ),
    "unknown-key": ("activities:\n  - {id: a, factor: fuel.gasoline, quantity: 1 L, colour: red}\n", "不明なキー"),
    "unknown-factor": ("activities:\n  - {id: a, factor: fuel.gasolin, quantity: 1 L}\n", "の誤りではありませんか"),
    "yaml": ("activities: [\n", "YAML として正しくありません"),
    "no-unit": ("activities:\n  - {id: a, factor: fuel.gasoline, quantity: '100'}\n", "単位がありません"),
    "decimal-comma": ("activities:\n  - {id: a, factor: fuel.gasoline, quantity: '1.500,5 L'}\n", "小数点にカンマ"),
    "ambiguous": ("activities:\n  - {id: a, factor: fuel.gasoline, quantity: '3 ton'}\n", "曖昧です"),
    "kind": ("kind2: x\n", "不明なキー 'kind2'"),
    "period": ("period: {start: 2013-05-01, end: 2013-04-01}\nactivities: []\n", "対象期間の終わり"),
    "negative": (
        "activities:\n  - {id: a, factor: {value: -1, unit: t-CO2 / L, source: s}, quantity: 1 L}\n",
        "負です",
    ),
    "bad-date": ("period: {start: 2013-13-01, end: 2014-01-01}\nactivities: []\n", "月は 1～12 です"),
    "version": ("activities: []\n", "形式のバージョン 2 には対応していません"),
    "missing-key": ("activities:\n  - {id: a, quantity: 1 L}\n", "必須のキー"),
    "duplicate-id": (
        "activities:\n  - {id: a, factor: fuel.gasoline, quantity: 1 L}\n"
        "  - {id: a, factor: fuel.gasoline, quantity: 1 L}\n",
        "活動 ID 'a' が重複しています",
    ),
    "credit-unit": (
        "activities:\n  - {id: a, factor: fuel.gasoline, quantity: 1 L}\n"
        "credits:\n  - {type: J-VER, quantity: 3 kWh}\n",
        "クレジット量 '3 kWh' は CO2 換算の質量ではありません",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_error_lines_are_japanese_with_the_same_compiler_prefix(tmp_path: Path, name: str) -> None:
    body, expected = BAD_INPUTS[name]
    path = tmp_path / f"{name}.yaml"
    version = 2 if name == "version" else 1
    path.write_text(f"offsetcalc: {version}\ntitle: t\nkind: event\noffsetter: x\n" + body, encoding="utf-8")
    _assert_japanese_error_lines(path, expected)


def _assert_japanese_error_lines(path: Path, expected: str) -> None:
    """compute PATH fails (exit 2) in both languages with as many lines, the same prefixes and
    Japanese messages and hints; the Japanese output contains ``expected``."""
    en = run_cli("compute", str(path))
    ja = run_cli("compute", str(path), "--lang", "ja")
    assert en.returncode == ja.returncode == 2, (en.stderr, ja.stderr)
    assert "Traceback" not in ja.stderr
    en_lines, ja_lines = en.stderr.splitlines(), ja.stderr.splitlines()
    assert len(en_lines) == len(ja_lines), ja.stderr
    for e, j in zip(en_lines, ja_lines, strict=True):
        if e.startswith("  hint: "):
            assert j.startswith("  hint: ") and _JA.search(j), j
            continue
        prefix = e[: e.index(" error: ") + len(" error: ")]
        assert j.startswith(prefix), (e, j)  # file:line:col: error: is the same in every language
        message = j[len(prefix) :]
        assert _JA.search(message) and not _ENGLISH.search(message), j
    assert expected in ja.stderr, ja.stderr


#: Tables an organisation exports (second pass of issue 10): name -> (table file, its bytes, Japanese words).
BAD_TABLES = {
    "no-quantity-column": ("t.csv", b"amount,unit,factor\n1,L,fuel.gasoline\n", "表に列 'quantity'"),
    "duplicate-column": ("t.csv", b"quantity,Quantity,unit,factor\n1,2,L,fuel.gasoline\n", "つの列が"),
    "pdf-named-csv": ("t.csv", b"%PDF-1.4\n%binary\n", "PDF 文書で、CSV ではありません"),
    "empty": ("t.csv", b"\n", "表が空です"),
    "text-named-xlsx": ("t.xlsx", b"quantity,unit\n1,L\n", "Excel .xlsx ブックではありません"),
    "bad-cells": (
        "t.csv",
        b"quantity,unit,factor,date\nabc,L,fuel.gasoline,2014-05-01\n-5,L,fuel.gasoline,2014-05-01\n"
        b"3,kWh,fuel.gasoline,2014-05-01\n,L,fuel.gasoline,2014-05-01\n3,L,fuel.gasoline,41000\n",
        "単位 'kWh' は排出係数 'fuel.gasoline'",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_TABLES))
def test_table_errors_are_japanese_with_the_same_compiler_prefix(tmp_path: Path, name: str) -> None:
    table, data, expected = BAD_TABLES[name]
    (tmp_path / table).write_bytes(data)
    path = tmp_path / "org.yaml"
    path.write_text(
        "offsetcalc: 1\ntitle: t\nkind: organization\noffsetter: x\n"
        f"period: {{start: 2014-04-01, end: 2015-03-31}}\nactivities_from:\n  - path: {table}\n",
        encoding="utf-8",
    )
    _assert_japanese_error_lines(path, expected)


def test_a_ledger_error_is_japanese_under_check_lang_ja(tmp_path: Path) -> None:
    """check --ledger passes --lang to the ledger's errors (a folder given as the ledger)."""
    en = run_cli("check", "examples/event-dance-class.yaml", "--ledger", str(tmp_path))
    ja = run_cli("check", "examples/event-dance-class.yaml", "--ledger", str(tmp_path), "--lang", "ja")
    assert en.returncode == ja.returncode == 2, (en.stderr, ja.stderr)
    assert "the ledger path is a folder, not a file" in en.stderr
    assert f"{tmp_path}: error: 台帳のパスはフォルダで、ファイルではありません" in ja.stderr, ja.stderr


def test_a_missing_file_and_an_unknown_standard_are_japanese() -> None:
    proc = run_cli("compute", "no/such.yaml", "--lang", "ja")
    assert proc.returncode == 2 and proc.stderr.startswith("no/such.yaml: error: 活動ファイルがありません"), proc.stderr
    proc = run_cli("check", "examples/event-dance-class.yaml", "--standard", "jp-c0", "--lang", "ja")
    assert proc.returncode == 2
    assert (
        "認証基準 'jp-c0' はありません" in proc.stderr
        and "hint: 'jp-co'、'jp-cn' の誤りではありませんか？" in proc.stderr
    )


@pytest.mark.parametrize(
    ("name", "rule", "expected"),
    [
        ("invalid-schema", "file.invalid", "不明なキー 'activites'"),
        ("unknown-standard", "standard.unknown", "認証基準 'jp-c0' はありません"),
        ("user-profile-vintage", "standard.not-builtin", "組み込みの認証基準ではなく、プロファイルファイル"),
    ],
)
def test_check_own_findings_are_japanese_word_for_word(name: str, rule: str, expected: str) -> None:
    from offsetcalc.report.messages import finding_text
    from offsetcalc.rules.check import check_file

    rep = check_file(ROOT / "tests" / "data" / "check" / f"{name}.yaml")
    found = [f for f in rep.findings if f.rule == rule]
    assert found, [f.rule for f in rep.findings]
    for f in found:
        assert finding_text(f, "en") == (f.text if f.text is not None else f.message)  # the JSON's English
        assert expected in finding_text(f, "ja"), finding_text(f, "ja")
        assert not _ENGLISH.search(finding_text(f, "ja")), finding_text(f, "ja")


def test_check_without_a_standard_and_missing_paths_and_internal_errors_in_japanese(tmp_path: Path) -> None:
    from offsetcalc.report.messages import finding_text
    from offsetcalc.rules.batch import expand_paths
    from offsetcalc.rules.check import check_file, internal_error_report

    path = tmp_path / "no-standard.yaml"
    path.write_text(
        "offsetcalc: 1\ntitle: t\nkind: event\nactivities:\n  - {id: a, factor: fuel.gasoline, quantity: 1 L}\n"
    )
    (f,) = check_file(path).findings
    assert f.rule == "standard.unknown" and "審査する認証基準がありません" in finding_text(f, "ja")
    subs = expand_paths([str(tmp_path / "nothing-here.yaml"), str(tmp_path / "*.yml")])
    texts = [finding_text(s.problem, "ja") for s in subs]
    assert texts == ["そのようなファイル・フォルダはありません", "このパターンに一致するファイルがありません"]
    crash = internal_error_report("x.yaml", "jp-co", KeyError("boom")).findings[0]
    assert crash.message == "internal error: KeyError: 'boom'"
    assert finding_text(crash, "ja") == "offsetcalc の内部エラー（不具合）: KeyError: 'boom'"


def test_check_csv_junit_markdown_in_japanese_keep_machine_fields() -> None:
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    files = ["tests/data/check/jp-co-retirement-bad.yaml", "tests/data/check/invalid-schema.yaml"]
    out = {}
    for fmt in ("csv", "junit", "markdown", "json"):
        for lang in ("en", "ja"):
            proc = run_cli("check", *files, "--format", fmt, "--lang", lang)
            assert proc.returncode == 1, proc.stderr
            out[fmt, lang] = proc.stdout
    assert json.loads(out["json", "ja"]) == json.loads(out["json", "en"])  # SPEC §4: JSON is one contract
    en_rows = list(csv.DictReader(io.StringIO(out["csv", "en"])))
    ja_rows = list(csv.DictReader(io.StringIO(out["csv", "ja"])))
    assert out["csv", "ja"].splitlines()[0] == out["csv", "en"].splitlines()[0]  # column names
    for e, j in zip(en_rows, ja_rows, strict=True):
        assert {k: v for k, v in e.items() if k != "findings"} == {k: v for k, v in j.items() if k != "findings"}
        for le, lj in zip(e["findings"].splitlines(), j["findings"].splitlines(), strict=True):
            head = le.split(": ", 1)[0]  # severity rule file:line:col stay machine-readable
            assert lj.startswith(head + ": ") and _JA.search(lj.split(": ", 1)[1]), lj
    assert "無効化日 2999-01-01 は未来の日付です" in out["csv", "ja"]
    root_en, root_ja = ET.fromstring(out["junit", "en"]), ET.fromstring(out["junit", "ja"])
    assert [(c.tag, c.attrib.get("type")) for c in root_ja.iter()] == [
        (c.tag, c.attrib.get("type")) for c in root_en.iter()
    ]
    failure = next(root_ja.iter("failure"))
    assert _JA.search(failure.attrib["message"]) and _JA.search(failure.text or "")
    md = out["markdown", "ja"]
    assert md.startswith("# offsetcalc 認証審査") and "| ファイル | 認証基準 | 判定 |" in md and "## 指摘事項" in md
    assert "**エラー** `credits.retirement-date`" in md and "不明なキー 'activites'" in md
    for english in ("Findings", "| File |", "files:", "**error**"):
        assert english not in md


def test_readme_japanese_error_example_is_what_offsetcalc_prints(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Japanese output (`--lang ja`)") :]
    yaml_block = re.search(r"```yaml\n# bad.yaml\n(.*?)```", section, re.S)
    out_block = re.search(r"```text\n\$ offsetcalc compute bad.yaml --lang ja\n(.*?)```", section, re.S)
    assert yaml_block and out_block
    (tmp_path / "bad.yaml").write_text(yaml_block.group(1), encoding="utf-8")
    proc = run_cli("compute", "bad.yaml", "--lang", "ja", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == out_block.group(1)


def test_city_table_rows_and_city_warnings_are_japanese(tmp_path: Path) -> None:
    """A city table's row cells (no cell, an unknown cell, a scope against the cell) and the
    inventory's own warnings, in Japanese under --lang ja (English unchanged)."""
    (tmp_path / "rows.csv").write_text(
        "id,gpc,scope,quantity,unit,factor\nr1,I.9.9,,10,kL,fuel.diesel\nr2,,,10,kL,fuel.diesel\n"
        "r3,I.1.1,2,10,kL,fuel.diesel\n",
        encoding="utf-8",
    )
    head = (
        "offsetcalc: 1\nkind: city\ntitle: t\ncity: {name: T}\nperiod: {start: 2019-01-01, end: 2019-12-31}\n"
        'gpc: {version: "2014", level: BASIC}\n'
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(head + "activities_from:\n  - path: rows.csv\n", encoding="utf-8")
    _assert_japanese_error_lines(bad, "行に GPC の区分がありません")
    ja = run_cli("compute", str(bad), "--lang", "ja").stderr
    assert "'I.9.9' は GPC の区分番号ではありません" in ja and "スコープ 2 は GPC の区分 I.1.1" in ja
    thin = tmp_path / "thin.yaml"
    thin.write_text(
        head + "activities:\n  - {id: a, gpc: I.1.1, emissions: 10 t-CO2e, source: x}\n"
        "notation_keys:\n  - {gpc: [I.1.2], key: NO}\n",
        encoding="utf-8",
    )
    en, ja_out = run_cli("compute", str(thin)).stdout, run_cli("compute", str(thin), "--lang", "ja").stdout
    assert "notation key NO for I.1.2 has no explanation" in en
    assert "区分 I.1.2 の注記記号 NO に説明がありません" in ja_out
    assert "インベントリは BASIC を満たしていません" in ja_out and "does not meet" not in ja_out
