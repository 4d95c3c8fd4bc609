"""The three files of issue 13, written from built-in factors only: a conference, a
product's distribution stage in tonne-km, a FY2019 company's electricity."""

from __future__ import annotations

import pytest

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T

from .conftest import ROOT


def _activities(name: str) -> dict[str, object]:
    r = compute(ROOT / "examples" / name)
    return {a.id: a for a in r.activities}


def _t(a: object) -> float:
    return a.ug / UG_PER_T  # type: ignore[attr-defined]


def test_fy2019_company_gets_the_fy2018_data_list_without_naming_it() -> None:
    acts = _activities("organization-fy2019.yaml")
    power = acts["plant-electricity"]
    assert power.factor.table == "jp-electricity-retailers-fy2018"  # type: ignore[attr-defined]
    # Kyushu Electric, FY2018 adjusted factor for other customers: 0.347 kg-CO2/kWh
    assert _t(power) == pytest.approx(1_200_000 * 0.000347)


def test_distribution_stage_in_tonne_km_and_by_fuel_economy() -> None:
    acts = _activities("product-distribution-tonne-km.yaml")
    assert _t(acts["rail-container"]) == pytest.approx(144 * 1200 * 22e-6)  # 22 g-CO2/tkm
    assert _t(acts["coastal-ship"]) == pytest.approx(24 * 1500 * 39e-6)  # 39 g-CO2/tkm
    assert _t(acts["delivery-trucks"]) == pytest.approx(10_000 / 8 / 1000 * 2.62)  # 1250 L of diesel
    # Improved ton-kilo method, checked by hand: ln y = 2.71 − 0.812 ln 0.62 − 0.654 ln 4000
    # = −2.32614, y = 0.097672 L/(t·km); 30 t × 190 km × y = 556.7 L of diesel × 2.62 t/kL.
    assert _t(acts["chartered-truck"]) == pytest.approx(30 * 190 * 0.097672 / 1000 * 2.62, rel=1e-5)


def test_conference_fares_stays_catering_and_venue() -> None:
    acts = _activities("conference-2025.yaml")
    assert _t(acts["hotel"]) == pytest.approx(240 * 31.532238 / 1000)
    assert _t(acts["flights-domestic"]) == pytest.approx(4_560_000 * 0.005250 / 1000)
    assert acts["venue-electricity"].factor.table == "jp-electricity-retailers-fy2024"  # type: ignore[attr-defined]
    # Catering per thousand yen and water per m3 (Koide et al. 2021, as the cited copy prints them)
    assert _t(acts["catering"]) == pytest.approx(1440 * 2.972239521 / 1000)
    assert _t(acts["venue-water"]) == pytest.approx(90 * 0.584462203 / 1000)
