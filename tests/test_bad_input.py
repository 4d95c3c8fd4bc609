"""Bad input is normal input: one file per failure mode in tests/data/bad/, each with its message.

Every case runs through the CLI as a user would: one compiler-form line (plus a hint
where one helps) on stderr, exit code 2, and never a Python traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import DATA, run_cli

BAD = DATA / "bad"

# file -> (line:col or None for whole-file errors, text the message must contain, text the hint must contain)
EXPECTED: dict[str, tuple[str | None, str, str | None]] = {
    "empty.yaml": ("1:1", "activity file is empty", "offsetcalc: 1"),
    "binary.yaml": ("1:1", "is binary, not YAML text", None),
    "not-utf8.yaml": ("3:9", "is not UTF-8 (byte 0x83", "Shift_JIS"),
    "syntax.yaml": ("4:11", "not valid YAML", "indentation"),
    "duplicate-key.yaml": ("4:1", "duplicate key 'title' (first at line 3)", None),
    "python-tag.yaml": ("3:8", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed", None),
    "alias-bomb.yaml": (None, "document expands to more than", "aliases"),
    "not-mapping.yaml": ("1:1", "an activity file is a mapping", None),
    "missing-version.yaml": ("1:1", "missing 'offsetcalc: 1'", "start the file"),
    "wrong-version.yaml": ("1:13", "unsupported format version 2", None),
    "unknown-key.yaml": ("6:5", "unknown key 'quantiy'", "did you mean 'quantity'?"),
    "unknown-factor.yaml": ("7:13", "unknown factor 'fuel.gasolin'", "did you mean 'fuel.gasoline'"),
    "unknown-unit.yaml": ("6:15", "unknown unit", None),
    "ambiguous-ton.yaml": ("6:15", "unit 'ton' is ambiguous", "write 't'"),
    "dimension-mismatch.yaml": (
        "7:15",
        "quantity '100 kWh' cannot be used with factor 'fuel.gasoline' (t_CO2e per kL): an energy is not a volume",
        None,
    ),
    "nan.yaml": ("6:23", "NaN", None),
    "infinity.yaml": ("6:23", "infinite", None),
    "negative.yaml": ("6:15", "negative", None),
    "absurd.yaml": ("6:15", "absurdly large", None),
    "duplicate-id.yaml": ("8:9", "duplicate activity id 'car' (first at line 5)", "unique"),
    "credit-not-co2e.yaml": ("10:15", "credit quantity '3 L' is not a CO2e mass", "t-CO2"),
    "no-unit.yaml": ("6:15", "quantity 180 has no unit", "180 kWh"),
    "product-without-product.yaml": ("2:7", "a product file needs 'product:", "functional_unit"),
    "period-reversed.yaml": ("4:9", "period ends (2013-06-01) before it starts (2013-06-30)", None),
    "bad-gwp.yaml": ("4:6", "unknown GWP set 'AR9'", None),
    "bad-kind.yaml": ("2:7", "'organization' or 'city'", None),
    "inline-factor-no-source.yaml": ("7:13", "missing required key 'source'", None),
    "huge-integer.yaml": ("6:23", "value is absurdly large", None),
    "control-chars.yaml": ("6:10", "duplicate activity id 'car\\n\\x1b[2J' (first at line 5)", "unique"),
    "decimal-comma.yaml": ("6:15", "cannot read the number in quantity '1.500,5 kWh'", "decimal comma"),
    "decimal-comma-value.yaml": ("6:23", "'1,50' is not a number", "decimal comma"),
    "space-thousands.yaml": ("6:15", "has two numbers in a row ('12' then '345')", "a space does not group"),
    "nan-factor.yaml": ("7:21", "value: factor value is NaN", None),  # at the value, not 'inline:' at the factor
    "serial-bad-block.yaml": ("7:36", "start: Input should be a valid integer", None),
    "inverted-factor.yaml": ("7:13", "factor unit 'kL / t-CO2' is not a CO2e mass per activity unit", None),
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file(name: str) -> None:
    where, message, hint = EXPECTED[name]
    proc = run_cli("compute", f"tests/data/bad/{name}")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    first = proc.stderr.splitlines()[0]
    prefix = f"tests/data/bad/{name}:{where}: error: " if where else f"tests/data/bad/{name}:"
    assert first.startswith(prefix), first
    assert message in first, first
    if hint:
        assert f"hint: {hint}" in proc.stderr or hint in proc.stderr.split("hint:", 1)[-1], proc.stderr


def test_missing_file() -> None:
    proc = run_cli("compute", "no/such/file.yaml")
    assert proc.returncode == 2
    assert proc.stderr.startswith("no/such/file.yaml: error: no such activity file")


def test_folder_given_as_file() -> None:
    proc = run_cli("compute", "tests")
    assert proc.returncode == 2
    assert "is a folder, not a activity file" in proc.stderr or "is a folder" in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    p = tmp_path / "secret.yaml"
    p.write_text("offsetcalc: 1\n")
    p.chmod(0)
    proc = run_cli("compute", str(p))
    assert proc.returncode == 2
    assert "permission denied" in proc.stderr


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    from offsetcalc.errors import InputError
    from offsetcalc.io.loader import read_text

    p = tmp_path / "big.yaml"
    p.write_text("offsetcalc: 1\n" + "# padding\n" * 200)
    with pytest.raises(InputError, match="over the limit of 1,000"):
        read_text(p, max_bytes=1000)


def test_several_errors_reported_together(tmp_path: Path) -> None:
    p = tmp_path / "many.yaml"
    p.write_text(
        "offsetcalc: 1\nkind: event\ntitle: t\nactivities:\n"
        "  - {id: a, quantity: 10 kWh, factor: fuel.gasolin}\n"
        "  - {id: b, quantity: 10 kWh, factor: fuel.gasoline}\n",
        encoding="utf-8",
    )
    proc = run_cli("compute", str(p))
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ": error: " in ln]
    assert len(lines) == 2
    assert ":5:" in lines[0] and ":6:" in lines[1]


def test_wrong_command_line_exits_2() -> None:
    proc = run_cli("compute", "--format", "xml", "examples/readme-workshop.yaml")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_hits_the_size_cap() -> None:
    proc = run_cli("compute", "/dev/zero")
    assert proc.returncode == 2
    assert proc.stderr.startswith("/dev/zero: error: activity file is more than 67,108,864 bytes, over the limit")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_without_writer_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from offsetcalc.errors import InputError
    from offsetcalc.io import loader as loader

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(loader, "STREAM_TIMEOUT_S", 0.2)
    with pytest.raises(InputError, match=r"sent no data for 0.2 s") as exc:
        loader.read_text(fifo, what="activity file")
    assert exc.value.code == "file.no-data"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_with_writer_is_read_and_capped(tmp_path: Path) -> None:
    import contextlib
    import threading

    from offsetcalc.errors import InputError
    from offsetcalc.io.loader import read_text

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def write(data: bytes) -> None:
        with open(fifo, "wb") as f, contextlib.suppress(BrokenPipeError):  # the reader stops at its cap
            f.write(data)

    writer = threading.Thread(target=write, args=(b"offsetcalc: 1\n",))
    writer.start()
    assert read_text(fifo) == "offsetcalc: 1\n"
    writer.join()
    writer = threading.Thread(target=write, args=(b"#" * 5000,))
    writer.start()
    with pytest.raises(InputError, match="more than 1,000 bytes"):
        read_text(fifo, max_bytes=1000)
    writer.join()


def test_exponent_numbers_are_numbers() -> None:
    """PyYAML (YAML 1.1) reads 1e-3 and 2.5e3 as text; users and YAML 1.2 mean numbers. Quoted stays text."""
    from offsetcalc.io.loader import load_yaml_text

    doc = load_yaml_text("a: 1e-3\nb: [2.5E3, -1e15, '1e3', \"2e3\", 1e400]\nc: 1e3x\n", "x.yaml")
    assert doc.data["a"] == 0.001
    assert doc.data["b"][:4] == [2500.0, -1e15, "1e3", "2e3"]
    assert doc.data["b"][4] == float("inf")  # then refused as infinite by the models
    assert doc.data["c"] == "1e3x"
