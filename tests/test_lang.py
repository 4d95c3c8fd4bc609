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
    too_long = [w for w in whole if len(w) > 72]  # a URL longer than a line can only be folded
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
