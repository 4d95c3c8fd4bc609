"""Classes 9, 10 and 11: values and messages of the activity file itself.

Before: a 4,000-digit hex/octal/binary integer was an internal error (Python's
int-to-string limit, via ``repr``); a serial written as a list of blocks (valid
input) failed JSON output; a control character had no line:col; YAML 1.1 read
``190:20:30`` as 685,230 (base 60), ``0101`` as 65 (octal) and ``NO`` as false.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offsetcalc.io.loader import load_yaml_text

from .conftest import run_cli

HEAD = "offsetcalc: 1\nkind: event\ntitle: t\noffsetter: o\nperiod: {start: 2013-06-01, end: 2013-06-30}\n"


def _activity(quantity: str) -> str:
    return HEAD + (
        f"activities:\n  - {{id: a, category: x, quantity: {{value: {quantity}, unit: kWh}},"
        " factor: {value: 0.5, unit: kg-CO2/kWh, source: s}}\ncredits: []\n"
    )


@pytest.mark.parametrize("prefix", ["0x", "0b", "0"])
def test_huge_non_decimal_integer_is_one_input_error(tmp_path: Path, prefix: str) -> None:
    p = tmp_path / "big.yaml"
    p.write_text(_activity(prefix + "1" * 4000))
    proc = run_cli("compute", str(p))
    assert proc.returncode == 2 and "internal error" not in proc.stderr
    assert proc.stderr.startswith(f"{p}:7:44: error: ") and "numbers are decimal" in proc.stderr
    assert len(proc.stderr) < 600  # the value is not quoted in full


def test_serial_as_a_list_of_blocks_in_json_outputs(tmp_path: Path) -> None:
    p = tmp_path / "list.yaml"
    p.write_text(
        HEAD + "activities:\n  - {id: a, category: x, quantity: 10 kWh, "
        "factor: {value: 0.5, unit: kg-CO2/kWh, source: s}}\n"
        "credits:\n  - type: J-VER\n    quantity: 2 t-CO2\n    retired_on: 2013-07-01\n"
        "    serial: [{prefix: JP-A, start: 1, end: 1}, {prefix: JP-A, start: 5, end: 5}]\n"
    )
    compute = run_cli("compute", str(p), "--format", "json")
    assert compute.returncode == 0, compute.stderr
    (credit,) = json.loads(compute.stdout)["credits"]["items"]
    assert credit["serial"] == [{"prefix": "JP-A", "start": 1, "end": 1}, {"prefix": "JP-A", "start": 5, "end": 5}]
    check = run_cli("check", str(p), "--standard", "jp-co", "--format", "json")
    assert check.returncode in (0, 1) and "internal error" not in check.stderr, check.stderr
    json.loads(check.stdout)


def test_control_character_has_line_and_column(tmp_path: Path) -> None:
    p = tmp_path / "ctl.yaml"
    p.write_bytes(b'offsetcalc: 1\nkind: event\ntitle: "a\x07b"\n')
    proc = run_cli("compute", str(p))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{p}:3:10: error: not valid YAML: control character U+0007 is not allowed")
    assert "<unicode string>" not in proc.stderr


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("190:20:30", "yaml.sexagesimal"),
        ("1:30.5", "yaml.sexagesimal"),
        ("0101", "yaml.not-decimal"),
        ("0x1F", "yaml.not-decimal"),
        ("0b101", "yaml.not-decimal"),
    ],
)
def test_yaml11_numbers_nobody_means_are_refused_with_a_hint(text: str, code: str) -> None:
    from offsetcalc.errors import InputError

    with pytest.raises(InputError) as err:
        load_yaml_text(f"value: {text}\n", "f.yaml")
    assert err.value.code == code and err.value.hint and str(err.value.location) == "f.yaml:1:8"


def test_yaml11_forms_that_stay() -> None:
    data = load_yaml_text(
        "a: 1_000\nb: NO\nc: yes\nd: Off\ne: true\nf: False\ng: '0101'\nh: '190:20:30'\ni: 0\nj: -0.5\n", "f.yaml"
    ).data
    # 1_000 is one thousand; yes/no/on/off are text (a country code NO, a GPC notation key NO);
    # only true/false are booleans; quoted values are text.
    assert data == {
        "a": 1000,
        "b": "NO",
        "c": "yes",
        "d": "Off",
        "e": True,
        "f": False,
        "g": "0101",
        "h": "190:20:30",
        "i": 0,
        "j": -0.5,
    }
