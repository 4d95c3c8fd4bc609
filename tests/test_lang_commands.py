"""``--lang ja`` on the commands that print messages only: factors validate, ledger import / list /
forget / migrate / copy. Run through the real CLI in both languages: the compiler-form prefixes,
severities and codes stay, the words are Japanese, the English is what it always was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

FACTORS = ROOT / "tests" / "data" / "factors"
REGISTRIES = ROOT / "tests" / "data" / "registries"

_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: English words none of our Japanese messages holds (identifiers and quoted data aside).
_ENGLISH = re.compile(
    r"\b(cannot|unknown|missing|required|allowed|is not|has no|neither|write|did you mean|no such|expected|"
    r"invalid|found|should|outside|overlaps|defined twice|blocks|rows|imported|forgotten|copied|schema version)\b"
)


def _english(text: str) -> re.Match[str] | None:
    """An English word of ``text`` outside what it quotes ('…') and outside paths."""
    return _ENGLISH.search(re.sub(r"\S*/\S*", "", re.sub(r"'[^']*'", "", text)))


_FINDING = re.compile(r"^(?P<where>.*?): (?P<severity>error|warning): (?P<message>.*) \[(?P<code>[a-z0-9._-]+)\]$")


def _bad_tables(tmp_path: Path) -> Path:
    """Every broken factor table of tests/data/factors, each in its own folder (no clash between them)."""
    root = tmp_path / "tables"
    for src in sorted(FACTORS.iterdir()):
        if src.name in ("README.md", "user", "valid.yaml"):
            continue
        dst = root / src.stem
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.mkdir(parents=True)
            shutil.copy(src, dst / src.name)
    return root


def test_factors_validate_findings_are_japanese_with_the_same_location_severity_and_code(tmp_path: Path) -> None:
    root = _bad_tables(tmp_path)
    # one run over several broken folders: each folder's findings, so no table hides another's
    dirs = [str(d) for d in sorted(root.iterdir())]
    en = run_cli("factors", "validate", *dirs)
    ja = run_cli("factors", "validate", *dirs, "--lang", "ja")
    assert en.returncode == ja.returncode == 1, (en.stderr, ja.stderr)
    en_lines, ja_lines = en.stdout.splitlines(), ja.stdout.splitlines()
    assert len(en_lines) == len(ja_lines) and len(en_lines) > 30, ja.stdout
    codes = set()
    for e, j in zip(en_lines, ja_lines, strict=True):
        if e.startswith("  hint: "):
            assert j.startswith("  hint: ") and _JA.search(j) and not _english(j), j
            continue
        me, mj = _FINDING.match(e), _FINDING.match(j)
        assert me and mj, (e, j)
        assert (me["where"], me["severity"], me["code"]) == (mj["where"], mj["severity"], mj["code"])
        assert _JA.search(mj["message"]) and not _english(mj["message"]), j
        codes.add(mj["code"])
    # the kinds of finding this covers (each its own catalogue message)
    assert {
        "yaml.syntax",
        "schema.not-mapping",
        "provenance.missing",
        "value.missing",
        "value.not-positive",
        "value.zero",
        "value.implausible",
        "unit.dimension",
        "unit.invalid",
        "unit.category",
        "gases.unknown-gas",
        "gases.gwp-mismatch",
        "derivation.mismatch",
        "derivation.unit",
        "id.duplicate",
        "table.duplicate",
        "validity.overlap",
        "validity.reversed",
    } <= codes, codes
    assert en.stderr.startswith("invalid: ") and "table(s)" in en.stderr
    assert ja.stderr.startswith("不備あり: 排出係数表 ") and "エラー" in ja.stderr, ja.stderr
    assert "排出係数 'fuel.gasoline' の適用期間は 2010-03-31〜2006-04-01 で、終わりが始まりより前です" in ja.stdout
    assert "offsetcalc が定めた範囲: すべて石炭火力の系統でも 1 kg-CO2/kWh 程度です" in ja.stdout


def test_factors_validate_github_annotations_in_japanese_keep_their_fields(tmp_path: Path) -> None:
    table = FACTORS / "value-implausible.yaml"
    en = run_cli("factors", "validate", str(table), "--format", "github")
    ja = run_cli("factors", "validate", str(table), "--format", "github", "--lang", "ja")
    (e,), (j,) = en.stdout.splitlines(), ja.stdout.splitlines()
    head = e[: e.index("::", 2) + 2]  # ::warning file=…,line=…,col=…,title=value.implausible::
    assert j.startswith(head) and "title=value.implausible" in head
    assert "（ヒント: offsetcalc が定めた範囲" in j and "(hint:" not in j, j
    assert e.endswith("check the unit and the digits (a warning, not an error))")
    assert ja.stderr.startswith("問題なし: ")  # a warning alone does not make a table invalid


def test_factors_validate_json_has_the_english_messages_in_every_language() -> None:
    table = FACTORS / "unit-inverted.yaml"
    en = run_cli("factors", "validate", str(table), "--format", "json")
    ja = run_cli("factors", "validate", str(table), "--format", "json", "--lang", "ja")
    assert en.stdout == ja.stdout and "is inverted: activity per CO2e" in en.stdout


def test_every_factor_table_finding_is_catalogued() -> None:
    """A finding of factors validate written as English text (not a catalogue message) fails here."""
    from offsetcalc.factors.validate import validate_tables
    from offsetcalc.report.messages import MsgText

    tables = [p for p in sorted(FACTORS.glob("*.yaml")) if p.name != "valid.yaml"]
    tables += [FACTORS / "id-duplicate", FACTORS / "table-duplicate", Path("no/such/table.yaml")]
    seen = 0
    for table in tables:
        for f in validate_tables([table]).findings:
            seen += 1
            assert isinstance(f.message, MsgText), (table.name, f.code, f.message)
            assert f.hint is None or isinstance(f.hint, MsgText), (table.name, f.code, f.hint)
            assert _JA.search(f.text("ja")), (f.code, f.text("ja"))
    assert seen > 30  # every table but overlay-overlap.yaml (valid on its own) has a finding


# --------------------------------------------------------------------------- ledger commands


def test_ledger_import_with_bad_rows_in_japanese(tmp_path: Path) -> None:
    """Each rejected row of a registry export: the same FILE:LINE: error: prefix, a Japanese reason."""
    bad = REGISTRIES / "car-bad-rows.csv"
    args = ["ledger", "import", "--registry", "climate-action-reserve", str(bad)]
    en = run_cli(*args, "--ledger", str(tmp_path / "en.db"))
    ja = run_cli(*args, "--ledger", str(tmp_path / "ja.db"), "--lang", "ja")
    assert en.returncode == ja.returncode == 1, (en.stderr, ja.stderr)
    en_lines, ja_lines = en.stderr.splitlines(), ja.stderr.splitlines()
    assert len(en_lines) == len(ja_lines) == 8
    for e, j in zip(en_lines, ja_lines, strict=True):
        prefix = e[: e.index(" error: ") + len(" error: ")]
        assert j.startswith(prefix), (e, j)
        assert _JA.search(j[len(prefix) :]) and not _english(j[len(prefix) :]), j
    assert (
        f"{bad}:7: error: 列 'Status Effective': 日付 '13/45/2025'（月/日/年）が正しくありません: 月は 1～12 です"
        in ja.stderr
    )
    assert f"{bad}:10: error: 列は 10 個のはずですが、5 個です" in ja.stderr
    assert f"{bad}:11: error: 列 'Offset Credit Serial Numbers' が空です" in ja.stderr
    assert "rows imported" in en.stdout and "8 rows with problems" in en.stdout
    assert ja.stdout.startswith(f"{bad}: 9 行から 2 ブロックを台帳 ") and "問題のある行 8 行" in ja.stdout, ja.stdout


def test_ledger_list_forget_migrate_copy_in_japanese(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    export = REGISTRIES / "car-retirements.csv"
    assert (
        run_cli("ledger", "import", "--registry", "climate-action-reserve", str(export), "--ledger", str(db)).returncode
        == 0
    )

    listed = run_cli("ledger", "list", "--ledger", str(db), "--lang", "ja", env={"COLUMNS": "200"})
    assert listed.returncode == 0
    assert "登録簿" in listed.stdout and "発行年度" in listed.stdout and "無効化日" in listed.stdout
    assert "Registry" not in listed.stdout and "blocks" not in listed.stdout
    assert listed.stdout.rstrip().endswith("2 ブロック、5,010 t-CO2")

    migrated = run_cli("ledger", "migrate", "--ledger", str(db), "--lang", "ja")
    assert migrated.returncode == 0 and "移行の必要はありません" in migrated.stdout, migrated.stdout

    copied = run_cli("ledger", "copy", "--from", str(db), "--to", str(tmp_path / "c.db"), "--lang", "ja")
    assert copied.returncode == 0 and copied.stdout.strip().endswith("記録元 1 件、ブロック 2 件を複写しました")

    forgot = run_cli("ledger", "forget", "--ledger", str(db), "nope.yaml", str(export), "--lang", "ja")
    assert forgot.returncode == 2
    assert forgot.stdout == f"{export}: 台帳から削除しました\n"
    assert forgot.stderr.splitlines() == [
        f"{db}: error: 'nope.yaml' は台帳にありません",
        f"  hint: 'offsetcalc ledger list --ledger {db}' ですべての記録元を確認できます",
    ]

    missing = run_cli("ledger", "list", "--ledger", str(tmp_path / "none.db"), "--lang", "ja")
    assert missing.returncode == 2 and _JA.search(missing.stderr) and not _english(missing.stderr), missing.stderr


def test_every_command_that_prints_words_takes_lang() -> None:
    """SPEC §1: --lang on every command that prints words for people."""
    import typer.main

    from offsetcalc.cli import app

    group = typer.main.get_command(app)
    commands = []
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        commands += [(f"{name} {n}", c) for n, c in subs.items()] if subs else [(name, cmd)]
    without = [name for name, cmd in commands if not any("--lang" in p.opts for p in cmd.params)]
    assert without == [], without


# --------------------------------------------------------------------------- text other libraries wrote

#: Files whose error is worded by PyYAML or pydantic: name -> (file body, Japanese the line shows).
LIBRARY_WORDED = {
    "yaml-tab": ("activities:\n\t- {id: a}\n", "値の始まりに使えない文字があります"),
    "yaml-colon": ("activities: a: b\n", "ここにはマッピングの値（': ' のあと）を書けません"),
    "yaml-unclosed": ("activities: [\n  {id: a, factor: fuel.gasoline, quantity: 1 L}\n", "あるはずの ',' か ']'"),
    "yaml-alias": ("activities: *acts\n", "定義されていないエイリアス"),
    "int": (
        "activities:\n  - {id: a, factor: fuel.gasoline, quantity: 1 L}\n"
        "credits:\n  - {type: J-VER, quantity: 1 t-CO2, vintage: 2012.5}\n",
        "整数を指定してください（小数部分のある数値です）",
    ),
    "string": ("title: [a]\nactivities: []\n", "title: 文字列を指定してください"),
    "literal": ("kind: party\nactivities: []\n", "'event'、'product'、'organization'、'city' のいずれか"),
    "list": ("activities: 5\n", "リスト（- で始まる項目）を指定してください"),
    "date": ("period: {start: 2013/04/01, end: 2014-03-31}\nactivities: []\n", "日付の区切りが正しくありません"),
    "datetime": (
        "period: {start: 2013-04-01T10:00:00, end: 2014-03-31}\nactivities: []\n",
        "時刻のある日時は使えません",
    ),
}


@pytest.mark.parametrize("name", sorted(LIBRARY_WORDED))
def test_yaml_and_pydantic_errors_are_japanese_word_for_word(tmp_path: Path, name: str) -> None:
    from .test_lang import _assert_japanese_error_lines

    body, expected = LIBRARY_WORDED[name]
    head = "offsetcalc: 1\n" + ("" if name in ("string",) else "title: t\n")
    head += "" if name == "literal" else "kind: event\n"
    path = tmp_path / f"{name}.yaml"
    path.write_text(head + "offsetter: x\n" + body, encoding="utf-8")
    _assert_japanese_error_lines(path, expected)
    ja = run_cli("compute", str(path), "--lang", "ja")
    assert "原文" not in ja.stderr and not _english(ja.stderr.split("error: ", 1)[1]), ja.stderr


def test_pydantic_english_is_kept_word_for_word() -> None:
    """The English line is pydantic's own text (plural and all), whatever the catalogue holds."""
    from pydantic import ValidationError

    from offsetcalc.errors import InputErrors
    from offsetcalc.io.loader import load_yaml_text, validation_errors
    from offsetcalc.models import ActivityFile

    doc = load_yaml_text(
        "offsetcalc: 1\ntitle: t\nkind: party\noffsetter: x\nperiod: {start: abc, end: 2014-03-31}\nactivities: []\n",
        "f.yaml",
    )
    with pytest.raises(ValidationError) as info:
        ActivityFile.model_validate(doc.data)
    errors: InputErrors = validation_errors(info.value, doc)
    lines = errors.render("en").splitlines()
    assert (
        "f.yaml:3:7: error: kind: Input should be 'event', 'product', 'organization' or 'city' (got 'party')" in lines
    )
    assert (
        "f.yaml:5:17: error: start: Input should be a valid date or datetime, input is too short (got 'abc')" in lines
    )
    ja = errors.render("ja")
    assert "kind: 'event'、'product'、'organization'、'city' のいずれかを指定してください（値: 'party'）" in ja
    assert "start: 日付を YYYY-MM-DD の形式で指定してください（短すぎます）（値: 'abc'）" in ja
