"""Retailers other than the ten former utilities in the FY2024-data list (for FY2025 emissions).

The values are pinned as the copy of the list prints them (japan-gx-group/OpenGreenTrack,
``scripts/official-factors/data/denki.txt``, a pdftotext extraction of the ministries' PDF of
2026-01-09, updated 2026-06-04; all 16 pages, A0002-A0906). They are unconfirmed: the PDF itself was
not read. These tests check that each row is what the list says for that registration
number, that basic and adjusted are not swapped where they differ, that an organisation
file of FY2025 gets them without naming an edition, and that a later year is never
filled in silently.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T
from offsetcalc.factors.tables import load_factors
from offsetcalc.units import conversion

from .test_retailer_years import _org  # one organisation file: 100,000 kWh of one factor

TABLE = "jp-electricity-retailers-fy2024"
FY2025 = date(2025, 4, 1)

# (factor ID, t-CO2/kWh as the list prints it, what the list row says)
AS_LISTED = [
    ("electricity.jp.retailer.a0009.adjusted", 0.000547),  # (株)エネット メニューF(残差), p. 1
    ("electricity.jp.retailer.a0023.basic", 0.000653),  # (株)ナンワ, one factor, p. 1
    ("electricity.jp.retailer.a0045.basic", 0.000538),  # (株)VーPower メニューD(残差): basic 0.000538
    ("electricity.jp.retailer.a0045.adjusted", 0.000482),  # ... and adjusted 0.000482, p. 2
    ("electricity.jp.retailer.a0048.adjusted", 0.000501),  # 大阪瓦斯(株) メニューG(残差), p. 2
    ("electricity.jp.retailer.a0052.adjusted", 0.001259),  # 三井物産(株) メニューD(残差), p. 3
    ("electricity.jp.retailer.a0064.adjusted", 0.000368),  # 東京ガス(株) メニューF(残差), p. 3
    ("electricity.jp.tohogas.adjusted", 0.000543),  # 東邦ガス(株) A0085 メニューC(残差), p. 4
    ("electricity.jp.retailer.a0124.basic", 0.000616),  # 合同会社北上新電力 メニューB(残差), p. 4
    ("electricity.jp.retailer.a0138.adjusted", 0.000638),  # (株)関電エネルギーソリューション, p. 5
    ("electricity.jp.retailer.a0181.basic", 0.000649),  # 鈴与商事(株) メニューH(残差): basic 0.000649
    ("electricity.jp.retailer.a0181.adjusted", 0.000639),  # ... and adjusted 0.000639, p. 6
    ("electricity.jp.retailer.a0186.adjusted", 0.000659),  # SBパワー(株) メニューE(残差), p. 6
    ("electricity.jp.retailer.a0211.basic", 0.000472),  # (株)パワー・オプティマイザー, p. 7
    ("electricity.jp.retailer.a0368.basic", 0.000382),  # リエスパワーネクスト(株): basic 0.000382
    ("electricity.jp.retailer.a0368.adjusted", 0.000374),  # ... and adjusted 0.000374, p. 9
    ("electricity.jp.retailer.a0388.adjusted", 0.000578),  # 楽天モバイル(株) メニューC(残差), p. 9
    ("electricity.jp.retailer.a0480.adjusted", 0.000293),  # 松阪新電力(株): adjusted 0.000293, p. 10
    ("electricity.jp.retailer.a0490.adjusted", 0.000465),  # (株)CDエナジーダイレクト, p. 10
    ("electricity.jp.retailer.a0506.adjusted", 0.000622),  # 鈴与電力(株) メニューL(残差), p. 11
    ("electricity.jp.retailer.a0653.adjusted", 0.000919),  # NTTアノードエナジー(株) メニューB(残差), p. 12
    ("electricity.jp.retailer.a0690.basic", 0.000417),  # 東広島スマートエネルギー(株): basic 0.000417
    ("electricity.jp.retailer.a0690.adjusted", 0.000368),  # ... and adjusted 0.000368, p. 13
    ("electricity.jp.retailer.a0777.adjusted", 0.000377),  # 住友商事(株) メニューB(残差), p. 14
    ("electricity.jp.retailer.a0906.basic", 0.000617),  # (株)アイモバイル, the last retailer, p. 15
]


@pytest.mark.parametrize(("ident", "t_per_kwh"), AS_LISTED)
def test_rows_are_the_lists_values_for_fy2025_emissions(ident: str, t_per_kwh: float) -> None:
    res = load_factors().resolve(ident, FY2025)
    f = res.factor
    assert f.table.id == TABLE
    assert f.value * conversion(f.unit, "t-CO2 / kWh") == pytest.approx(t_per_kwh, rel=1e-9)
    assert f.confirmed is False  # read in a third-party extraction, not in the PDF
    assert res.warnings == []


def _new_entrant_rows() -> list:
    table = next(t for t in load_factors().tables if t.id == TABLE)
    return [f for f in table.spec.factors if f.id.startswith("electricity.jp.retailer.")]


def test_every_new_entrant_has_basic_and_adjusted_and_none_is_zero() -> None:
    rows = _new_entrant_rows()
    assert len(rows) == 914  # 457 retailers, A0002-A0906 (Toho Gas and the ten utilities keep their stems)
    stems = {f.id.rsplit(".", 1)[0] for f in rows}
    assert {f.id for f in rows} == {f"{s}.{k}" for s in stems for k in ("basic", "adjusted")}
    assert all(f.value > 0 and f.confirmed is False for f in rows)


def test_rows_the_list_marks_as_replaced_say_so() -> None:
    # ※: "異常値となった基礎排出係数または調整後排出係数に代替値を適用"
    marked = {f.id.split(".")[3] for f in _new_entrant_rows() if "※" in (f.note or "")}
    assert marked == {
        *("a0002", "a0043", "a0053", "a0071", "a0153", "a0156", "a0180"),
        *("a0221", "a0231", "a0355", "a0407", "a0425", "a0452"),
        *("a0553", "a0555", "a0571", "a0641", "a0680", "a0707", "a0838", "a0857"),
    }


def test_a_fy2025_organisation_gets_the_retailers_factor_and_is_told_it_is_unconfirmed(
    tmp_path: Path,
) -> None:
    r = compute(_org(tmp_path, 2025, "electricity.jp.retailer.a0009.adjusted"))
    (power,) = r.activities
    assert power.factor.table == TABLE  # type: ignore[attr-defined]
    assert power.ug / UG_PER_T == pytest.approx(100_000 * 0.000547)  # 54.7 t
    mine = [w for w in r.warnings if "a0009" in w]
    assert any("not confirmed" in w for w in mine)
    assert not [w for w in mine if "no edition" in w]


def test_toho_gas_keeps_each_years_list() -> None:
    fs = load_factors()
    # FY2019 data (menu B, as Toho Gas reported it) for FY2020; FY2024 data for FY2025
    assert fs.resolve("electricity.jp.tohogas.adjusted", date(2020, 6, 1)).factor.value == pytest.approx(0.000486)
    assert fs.resolve("electricity.jp.tohogas.adjusted", date(2025, 6, 1)).factor.value == pytest.approx(0.000543)


def test_fy2026_is_not_filled_in_silently() -> None:
    # The FY2025-data list (for FY2026 emissions) is not built in: the FY2024 row is used
    # and the result says it is not valid on that day.
    res = load_factors().resolve("electricity.jp.retailer.a0009.adjusted", date(2026, 4, 1))
    assert res.factor.table.id == TABLE
    assert any("not on 2026-04-01" in w for w in res.warnings)
