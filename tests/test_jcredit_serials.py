"""J-Credit / J-VER / domestic-credit registry numbers: recognised, never guessed into blocks.

The J-Credit secretariat's page 「制度記号・クレジット種別・クレジット認証番号について」 names the
scheme codes (JC, JCL, KC, KCP, JP) and credit types (ER, ERL, FM, KC, KCP, JRM, KRM ...), but the
structure of the certification number after them was not found, so offsetcalc refuses such a
string with a pointer to the explicit block form instead of inventing a range.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from offsetcalc.credits import JCREDIT_SCHEME_CODES, credit_serials, parse_serial
from offsetcalc.errors import SerialError


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("KC / KC / 01 / 01 / 8054801", "KC"),  # the shape quoted in issue 13
        ("JCL-ERL-001-0001-12345", "JCL"),
        ("jp-jrm-01-02-3", "JP"),
        ("ＪＣ－ＦＭ－０１－１", "JC"),  # full-width, as Japanese documents print it
    ],
)
def test_jcredit_numbers_are_refused_with_the_explicit_block_hint(text: str, scheme: str) -> None:
    with pytest.raises(SerialError) as err:
        parse_serial(text)
    assert err.value.code == "serial.unsupported"
    assert f"制度記号 {scheme}" in err.value.message
    assert "{prefix:" in (err.value.hint or "")


def test_a_japanese_kyoto_unit_still_parses_as_kyoto() -> None:
    # "JP" is also Japan's party code in Kyoto serials; those have a number second.
    (block,) = parse_serial("JP-5-1459975-2-2-0-7014")
    assert block.registry == "kyoto"


@pytest.mark.parametrize("text", ["XX-ER-01-1", "JCL-XYZ-01-1", "nonsense"])
def test_other_strings_keep_the_generic_error(text: str) -> None:
    with pytest.raises(SerialError) as err:
        parse_serial(text)
    assert err.value.code == "serial.syntax"


def test_scheme_codes_map_to_the_three_japanese_credit_kinds() -> None:
    assert set(JCREDIT_SCHEME_CODES) == {"JC", "JCL", "KC", "KCP", "JP"}


def test_an_explicit_jcredit_block_is_still_accepted() -> None:
    (item,) = credit_serials("J-Credit", None, {"prefix": "JCL-ERL-0001", "start": 1, "end": 50})
    assert item.error is None
    assert item.blocks[0].quantity == 50


def test_check_reports_a_jcredit_string_as_a_serial_finding(tmp_path: Path) -> None:
    from offsetcalc.rules.check import check_file

    p = tmp_path / "e.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\noffsetter: o\nperiod: {start: 2024-04-01, end: 2024-04-02}\n"
        "standard: jp-co\n"
        "activities:\n  - {id: a, category: venue, quantity: 1 kg, factor: {value: 1, unit: t-CO2/kg, source: s}}\n"
        "credits:\n  - {type: J-Credit, quantity: 1 t-CO2, serial: 'JCL-ERL-001-0001-12345', retired_on: 2024-05-01}\n",
        encoding="utf-8",
    )
    result = check_file(p)
    assert result.verdict != "pass"
    assert any(f.rule == "credits.serial-syntax" and "J-Credit registry number" in f.message for f in result.findings)
