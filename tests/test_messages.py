"""The message catalogue: every label and rule has its Japanese, templates use only known labels."""

from __future__ import annotations

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
