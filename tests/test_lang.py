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
