"""The message catalogue: every label and rule has its Japanese, templates use only known labels."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from offsetcalc.report.messages import (
    BATCH_RULES,
    LANGS,
    MESSAGES,
    RULE_TITLES_JA,
    WARNINGS_JA,
    rule_title,
    text,
    warning_text,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "offsetcalc" / "report" / "templates"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_every_language_with_the_same_parameters(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        assert entry[lang].strip(), f"{key} has no {lang} text"
    assert _fields(entry["en"]) == _fields(entry["ja"]), key


def test_every_rule_has_a_japanese_title() -> None:
    from offsetcalc.rules.catalogue import RULES

    missing = [r for r in (*RULES, *BATCH_RULES) if r not in RULE_TITLES_JA]
    assert not missing, f"rules without a Japanese title in offsetcalc/report/messages.py: {missing}"
    unknown = [r for r in RULE_TITLES_JA if r not in RULES and r not in BATCH_RULES]
    assert not unknown, f"Japanese titles of rules that do not exist: {unknown}"
    assert rule_title("offset.ratio-below-100", "ja").startswith("クレジットが排出量")
    assert rule_title("offset.ratio-below-100", "en") == RULES["offset.ratio-below-100"]


def test_templates_use_only_catalogued_labels() -> None:
    used = set()
    for path in TEMPLATES.glob("*.j2"):
        used |= set(re.findall(r"\bL\.([a-z_0-9]+)", path.read_text(encoding="utf-8")))
    assert used, "the templates use no labels?"
    assert sorted(used - set(MESSAGES)) == []


def test_text_formats_parameters_in_both_languages() -> None:
    assert text("files_summary", "en", files=3, passed=1, failed=1, errored=1) == "3 files: 1 pass, 1 fail, 1 error"
    assert text("files_summary", "ja", files=3, passed=1, failed=1, errored=1).startswith("3 件: 適合 1 件")
    assert text("ratio", "fr") == "Offset ratio"  # an unknown language falls back to English


def test_engine_warnings_have_japanese_templates() -> None:
    """The patterns match the warnings the engine really writes (built by its own functions)."""
    from offsetcalc.engine.compute import FactorUse, unconfirmed_warning

    use = FactorUse(ref="fuel.gasoline", value=2.32, unit="t-CO2 / kL", source="s", confirmed=False, table="jp-x")
    assert warning_text(unconfirmed_warning(use), "ja") == "排出係数 'fuel.gasoline'（jp-x）は出典と照合されていません"
    assert warning_text(unconfirmed_warning(use), "en") == unconfirmed_warning(use)
    for pattern, template in WARNINGS_JA:
        assert _fields(template) <= set(re.compile(pattern).groupindex), pattern
    assert warning_text("something new", "ja") == "something new"  # shown, in English, rather than lost


def test_every_warning_of_the_examples_is_translated() -> None:
    from offsetcalc.api import compute

    root = Path(__file__).resolve().parents[1]
    seen = 0
    for path in sorted((root / "examples").glob("*.yaml")):
        for w in compute(path).warnings:
            seen += 1
            assert warning_text(w, "ja") != w, w
    assert seen


# --------------------------------------------------------------------------- finding messages

SRC = Path(__file__).resolve().parents[1] / "src" / "offsetcalc"


def _catalogue() -> dict[str, dict[str, str]]:
    from offsetcalc.report.messages import ERRORS, FINDINGS

    assert not set(FINDINGS) & set(ERRORS), "a key in both FINDINGS and ERRORS"
    return {**FINDINGS, **ERRORS}


def _all_keys() -> list[str]:
    return sorted(_catalogue())


#: Keys that are the same in both languages on purpose (only placeholders, or separators).
SAME_IN_BOTH = {
    "sep.or",
    "sep.comma",
    "file.invalid",
    "schema.value",
    "credits.eligible-type.unknown.catalogued",
    "credits.serial-syntax.catalogued",
}


@pytest.mark.parametrize("key", _all_keys())
def test_every_finding_and_error_message_has_japanese_with_the_same_placeholders(key: str) -> None:
    entry = _catalogue()[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    assert entry["ja"].strip(), f"{key} has no Japanese"
    assert entry["ja"] != entry["en"] or key in SAME_IN_BOTH, f"{key} is not translated"
    if key not in SAME_IN_BOTH:
        assert re.search(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]", entry["ja"]), f"{key}: no Japanese"
    assert _fields(entry["en"]) == _fields(entry["ja"]), f"{key}: placeholders differ between en and ja"


def _used_keys() -> set[str]:
    """Every catalogue key the code names: Msg("key", …) anywhere under src, and the keys of its tables."""
    from offsetcalc.rules.batch import _KINDS
    from offsetcalc.units import _AMBIGUOUS, _AMBIGUOUS_WORDS, _DIMENSION_WORDS

    code = "".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    used = set(re.findall(r'Msg\(\s*"([^"]+)"', code)) - {"plan.missing."}
    used |= set(re.findall(r'Join\([^()]*(?:\([^()]*\))?[^()]*,\s*"([a-z][^"]+)"\)', code))  # separators
    used |= {f"plan.missing.{m}" for m in ("measures", "targets", "both")}  # built from the missing names
    used |= {
        "factors.advice.edition",
        "gpc.not-estimated.c",
        "factors.overridden.instead",
        "validate.provenance.blank",
        "validate.summary.invalid",
    }  # else branches of conditional Msg keys
    used |= set(_DIMENSION_WORDS.values()) | {"dim.other"} | set(_AMBIGUOUS.values()) | {k for _, k in _KINDS}
    used |= {k for _, k in _AMBIGUOUS_WORDS}
    used |= {"batch.kind.other", "hint.did-you-mean-q", "model.what.value"}
    from offsetcalc.io.loader import _PY_DATE_ERRORS

    used |= set(_PY_DATE_ERRORS.values())
    from offsetcalc.factors.validate import _PROVENANCE, PLAUSIBLE

    used |= {r.basis_key for r in PLAUSIBLE} | set(_PROVENANCE.values())
    used |= {k for k in _catalogue() if k.startswith("pydantic.")}  # io/loader.py: f"pydantic.{etype}"
    for key in ("credits.eligible-type.unknown", "credits.serial-syntax"):  # rules/checks.py _detail_msg
        used |= {key, f"{key}.catalogued"}
    what = ("activity file", "factor table", "standard profile", "file")  # loader._what(what)
    used |= {f"what.{w}" for w in what} | {f"what.{'an' if w[0] in 'aeiou' else 'a'} {w}" for w in what}
    return used


def test_every_message_key_the_code_uses_is_in_the_catalogue() -> None:
    """A Msg key without a catalogue entry would fail only when that error or rule fires."""
    used = _used_keys()
    assert len(used) > 100, used
    assert sorted(used - set(_catalogue())) == []
    unused = set(_catalogue()) - used - {"sep.or", "sep.comma"}
    assert sorted(unused) == [], "catalogued messages nothing uses"


def test_a_message_renders_nested_parts_in_one_language() -> None:
    from offsetcalc.report.messages import Join, Msg

    name = Msg("factors.name", ref="fuel.gasoline", table="jp-shk-2010", edition="2010")
    m = Msg("factors.unconfirmed", name=name, also=Msg("factors.also", n=3))
    assert (
        m.render("en")
        == "factor 'fuel.gasoline' (jp-shk-2010, edition 2010) is not confirmed against its source (used 3 times)"
    )
    assert (
        m.render("ja")
        == "排出係数 'fuel.gasoline'（排出係数表 jp-shk-2010、2010 版）は出典と照合されていません（3 回使用）"
    )
    j = Msg("credits.project-missing", code="CER", kinds=Join(["large hydro", "HFC-23"]))
    assert "large hydro, HFC-23 projects" in j.render("en") and "large hydro、HFC-23 プロジェクト" in j.render("ja")
    import pickle

    assert pickle.loads(pickle.dumps(m)) == m and pickle.loads(pickle.dumps(m)).render("ja") == m.render("ja")


def _check_ja(path: Path):
    from offsetcalc.rules.check import check_file

    return check_file(path)


@pytest.mark.parametrize(
    "name",
    [
        "jp-co-serials-bad",
        "jp-co-retirement-bad",
        "jp-co-boundary-missing",
        "jp-co-ineligible",
        "jp-cn-fail",
        "gpc-fail",
        "gpc-claim-fail",
    ],
)
def test_failing_files_get_japanese_finding_messages_and_unchanged_english(name: str) -> None:
    from offsetcalc.report.messages import finding_text

    rep = _check_ja(Path(__file__).parent / "data" / "check" / f"{name}.yaml")
    catalogued = [f for f in rep.findings if f.msg is not None]
    assert catalogued, [f.rule for f in rep.findings]
    for f in catalogued:
        assert finding_text(f, "en") == f.text  # the JSON's English comes from the same template
        ja = finding_text(f, "ja")
        assert ja != f.text and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), (f.rule, ja)
    only_title = {f.rule for f in rep.findings if f.msg is None}
    assert not {r for r in only_title if r.split(".")[0] in ("credits", "offset", "factors", "boundary", "plan", "gpc")}


def test_check_terminal_in_japanese_shows_japanese_messages(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from offsetcalc.cli import app

    path = Path(__file__).parent / "data" / "check" / "jp-co-retirement-bad.yaml"
    res = CliRunner().invoke(app, ["check", str(path), "--lang", "ja"], env={"COLUMNS": "200"})
    assert "無効化日" in res.output and "gives no" not in res.output, res.output
    en = CliRunner().invoke(app, ["check", str(path)], env={"COLUMNS": "200"})
    assert "無効化日" not in en.output


# --------------------------------------------------------------------------- error lines not yet catalogued

#: Error constructors whose message is still English text (not a catalogue Msg), per module: the
#: errors of tables, spreadsheets, registry exports, the ledger, factor tables and user profiles.
#: Under --lang ja these print in English. The numbers may only go down: a new error written as
#: English text fails this test; give it a catalogue message (offsetcalc.report.messages.ERRORS).
ENGLISH_ONLY_ERRORS: dict[str, int] = {
    # main()'s last-resort lines (broken output pipe, Ctrl-C twice, internal error): printed outside
    # any command, before --lang is known, so in English (README, "Japanese output").
    "cli/__init__.py": 4,
}
_ERROR_CLASSES = {"InputError", "FactorError", "UnitError", "SerialError", "OffsetcalcError", "BrowserError"}


_TEXT = (ast.Constant, ast.JoinedStr, ast.BinOp)
#: Words a printed line may hold in every language: the compiler-form prefixes and GitHub's annotation fields.
_PREFIX_WORDS = {"error", "hint", "warning", "file", "line", "col", "title", "offsetcalc"}


def _words(node: ast.AST) -> set[str]:
    """The English words (3+ letters) of the literal parts of a string, f-string or concatenation."""
    parts = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return {w for p in parts for w in re.findall(r"[A-Za-z]{3,}", p)} - _PREFIX_WORDS


def _english_only_calls(source: str) -> int:
    """Calls in ``source`` that give people English text rather than a catalogue Msg:

    - an error constructor whose message is a string or f-string;
    - a factor-table finding (``_finding(code, severity, message, loc, hint)``) whose message or hint is text;
    - a ``ValueError`` / ``MsgValueError`` raised with text (a registry export's row problems and the
      pydantic validators' messages are shown to people);
    - a line the command line prints itself (``typer.echo``, ``sys.stderr.write``) holding English words.
    """
    n = 0
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        first = node.args[0]
        if name in _ERROR_CLASSES:
            n += isinstance(first, _TEXT)
        elif name == "ValueError":
            n += isinstance(first, _TEXT) and bool(_words(first))
        elif name == "_finding":
            texts = [*node.args[2:3], *node.args[4:5], *(k.value for k in node.keywords if k.arg == "hint")]
            n += any(isinstance(t, _TEXT) for t in texts)
        elif name in ("echo", "write") and isinstance(first, _TEXT):
            n += bool(_words(first))
    return n


def _english_only_errors() -> dict[str, int]:
    found = {
        p.relative_to(SRC).as_posix(): _english_only_calls(p.read_text(encoding="utf-8")) for p in SRC.rglob("*.py")
    }
    return {m: n for m, n in found.items() if n}


def test_no_new_error_message_is_written_as_english_text() -> None:
    found = _english_only_errors()
    grown = {m: (n, ENGLISH_ONLY_ERRORS.get(m, 0)) for m, n in found.items() if n > ENGLISH_ONLY_ERRORS.get(m, 0)}
    assert not grown, f"errors written as English text (found, allowed): {grown}; use a catalogue Msg"
    assert sum(found.values()) <= sum(ENGLISH_ONLY_ERRORS.values())
    # The submission path is done: reading and parsing the activity file, units, factors, credits.
    for module in (
        "io/loader.py",
        "units.py",
        "models.py",
        "api.py",
        "engine/compute.py",
        "engine/city.py",
        "engine/scope2.py",
        "gwp.py",
        "rules/profile.py",
    ):
        assert module not in found, module


def test_the_english_only_count_sees_an_english_error() -> None:
    """The scan above counts an error written as text and not one written as a catalogue message."""
    assert _english_only_calls('raise InputError(f"no such {x}", code="x")') == 1
    assert _english_only_calls('raise UnitError("a unit is required")\nraise e.FactorError("a" + b)') == 2
    assert _english_only_calls('raise InputError(Msg("file.missing", what=w), code="file.missing")') == 0
    # factor-table findings, registry rows and the lines a command prints itself
    assert _english_only_calls('_finding("c", ERROR, f"factor {i} is bad", loc)') == 1
    assert _english_only_calls('_finding("c", ERROR, Msg("k"), loc, hint="add it")') == 1
    assert _english_only_calls('_finding("c", ERROR, Msg("k"), loc, hint=Msg("h"))') == 0
    assert _english_only_calls('raise ValueError(f"invalid quantity {t!r}")') == 1
    assert _english_only_calls('typer.echo(f"{name}: forgotten")\nsys.stderr.write(f"{f}:{n}: error: {m}")') == 1
    assert _english_only_calls('typer.echo(f"::{sev} {props}::{m}")\ntyper.echo(Msg("k").render(lang))') == 0


def test_a_message_holding_an_exception_survives_the_trip_back_from_a_worker() -> None:
    """internal.error carries the exception's text; pickling the exception itself fails for
    classes whose __init__ takes other arguments, and would lose the file's report."""
    import pickle

    from offsetcalc.report.messages import Msg
    from offsetcalc.rules.check import internal_error_report

    class Odd(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(f"{a}-{b}")

    rep = internal_error_report("x.yaml", "jp-co", Odd(1, 2))
    back = pickle.loads(pickle.dumps(rep.findings[0]))
    assert back.msg.render("ja") == "offsetcalc の内部エラー（不具合）: Odd: 1-2"
    assert pickle.loads(pickle.dumps(Msg("unit.syntax", text="x", detail=Odd(3, 4)))).render("en").endswith("3-4")


# --------------------------------------------------------------------------- the YAML parser's own words

#: Broken YAML people write, and what each shows: every problem the parser names here has its Japanese.
BROKEN_YAML = {
    "value after a value": "a: b: c\n",
    "tab indent": "a:\n\tb: 1\n",
    "tab after a key": "a: 1\n\tb: 2\n",
    "line without colon": "a: 1\nb\nc: 2\n",
    "undefined alias": "a: *x\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "unclosed list": "a: [1, 2\n",
    "unclosed mapping": "a: {b: 1\n",
    "unclosed quote": "a: 'abc\n",
    "bad escape": 'a: "abc\\q"\n',
    "at sign": "a: @x\n",
    "backtick": "a: `x\n",
    "indent": "a:\n  b: 1\n c: 2\n",
    "list after mapping": "a: 1\n- b\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "mapping inside list": "a:\n  - 1\n  b: 2\n",
    "document end": "a: 1\n...\nb\n",
    "list on a value line": "a: - b\n",
    "flow bracket": "a: [b, c]]\n",
}


@pytest.mark.parametrize("loader_name", ["CSafeLoader", "SafeLoader"])
def test_the_yaml_parsers_problems_are_japanese(monkeypatch: pytest.MonkeyPatch, loader_name: str) -> None:
    """libyaml (what offsetcalc uses when PyYAML has it) and pure-Python PyYAML word errors differently."""
    import yaml

    from offsetcalc.errors import InputError
    from offsetcalc.io import loader

    if not hasattr(yaml, loader_name):
        pytest.skip(f"PyYAML without {loader_name}")
    monkeypatch.setattr(loader, "_loader_class", lambda: getattr(yaml, loader_name))
    seen = set()
    for name, body in BROKEN_YAML.items():
        with pytest.raises(InputError) as info:
            loader.load_yaml_text(body, "f.yaml")
        err = info.value
        assert err.code == "yaml.syntax", name
        en, ja = err.render("en").splitlines()[0], err.render("ja").splitlines()[0]
        assert en.startswith("f.yaml:") and "error: not valid YAML: " in en, en
        problem = ja.split("YAML として正しくありません: ", 1)[1]
        assert "原文" not in problem and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", problem), (name, en, ja)
        seen.add(en.split("not valid YAML: ", 1)[1])
    assert len(seen) >= 12, seen


def test_yaml_problem_catalogue_round_trips_and_unknown_text_is_quoted() -> None:
    from offsetcalc.report.messages import YAML_PROBLEMS_JA, YamlProblem, yaml_problem_text

    for english, ja in YAML_PROBLEMS_JA.items():
        assert _fields(english) == _fields(ja) <= {"x"}, english
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", ja), english
        actual = english.format(x="'\\t'")  # the text the parser writes
        assert yaml_problem_text(actual, "ja") == ja.format(x="'\\t'"), english
        assert yaml_problem_text(actual, "en") == actual
    odd = YamlProblem("while scanning something new")
    assert odd.render("en") == "while scanning something new"
    assert odd.render("ja") == "（原文）while scanning something new"
    import pickle

    assert pickle.loads(pickle.dumps(odd)) == odd


def test_pydantic_types_in_the_catalogue_are_pydantics_own_with_its_words() -> None:
    """Each ``pydantic.<type>`` key names an error type pydantic has, and its English is pydantic's
    template (without the plural ending and the field type, which the Japanese does not show)."""
    from pydantic_core._pydantic_core import list_all_errors

    from offsetcalc.report.messages import ERRORS

    templates = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    keys = [k for k in ERRORS if k.startswith("pydantic.") and not k.startswith("pydantic.detail.")]
    assert len(keys) > 40
    for key in keys:
        etype = key.removeprefix("pydantic.")
        assert etype in templates, key
        theirs = templates[etype].replace("{expected_plural}", "").replace("{field_type} ", "")
        assert ERRORS[key]["en"] == theirs, (key, theirs)


def test_an_unmapped_pydantic_type_keeps_its_english_marked_as_the_original() -> None:
    from offsetcalc.io.loader import _catalogued_msg
    from offsetcalc.report.messages import Msg, Quoted

    assert _catalogued_msg("json_invalid", {"ctx": {"error": "x"}}, None) is None
    said = Quoted("Invalid JSON: x", None)
    line = Msg("schema.value", field="a: ", message=said, shown="")
    assert line.render("en") == "a: Invalid JSON: x"
    assert line.render("ja") == "a: （原文）Invalid JSON: x"


def test_rewritten_error_text_drops_its_catalogued_message() -> None:
    """Text set on .message / .hint replaces the catalogued message in every language (and in
    error_text / findings); a catalogued message set there renders in every language."""
    from offsetcalc.errors import InputError
    from offsetcalc.report.messages import Msg, MsgText, error_hint, error_text
    from offsetcalc.rules.check import error_finding

    e = InputError(Msg("file.empty", what="file"), hint=Msg("file.empty", what="hint"), code="file.empty")
    assert e.text("ja") != e.message and e.hint_text("ja") != e.hint
    assert isinstance(error_text(e), MsgText) and isinstance(error_hint(e), MsgText)
    assert error_finding(e, "x.yaml").msg is not None

    e.hint = "a better hint"
    assert e.hint_msg is None and e.hint_text("ja") == "a better hint" and error_hint(e) == "a better hint"
    assert not isinstance(error_hint(e), MsgText)
    assert error_finding(e, "x.yaml").msg is None  # the hint is English only: the finding is too
    assert "a better hint" in e.render("ja")

    e.message = "context: " + e.message
    assert e.msg is None and e.text("ja") == "context: file is empty"
    assert not isinstance(error_text(e), MsgText)

    e.message = Msg("file.empty", what="table")
    assert e.message == "table is empty" and e.text("ja") == Msg("file.empty", what="table").render("ja")


def test_empty_factor_table_hint_is_the_tables_in_every_language(tmp_path: Path) -> None:
    from offsetcalc.errors import InputError
    from offsetcalc.factors.tables import read_table_file

    empty = tmp_path / "t.yaml"
    empty.write_text("")
    with pytest.raises(InputError) as info:
        read_table_file(empty)
    assert info.value.hint_text("ja") == info.value.hint
    assert info.value.hint.startswith("a factor table starts with 'offsetcalc-factors: 1'")
