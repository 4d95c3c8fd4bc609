"""GWP values pinned to the IPCC reports (domain.md §3) with a tolerance."""

from __future__ import annotations

import pytest

from offsetcalc.errors import InputError
from offsetcalc.gwp import check_set, gwp

# (gas, set) -> literature value: AR2/SAR (Japan until 2015-03), AR4 WG1 Table 2.14,
# AR5 WG1 Table 8.A.1, AR6 WG1 Table 7.SM.7 / 7.15.
LITERATURE = {
    ("CH4", "AR2"): 21,
    ("N2O", "AR2"): 310,
    ("CH4", "AR4"): 25,
    ("N2O", "AR4"): 298,
    ("SF6", "AR4"): 22800,
    ("HFC-134a", "AR4"): 1430,
    ("NF3", "AR4"): 17200,
    ("CH4", "AR5"): 28,
    ("N2O", "AR5"): 265,
    ("SF6", "AR5"): 23500,
    ("HFC-134a", "AR5"): 1300,
    ("NF3", "AR5"): 16100,
    ("CH4", "AR6"): 27.9,
    ("N2O", "AR6"): 273,
    ("SF6", "AR6"): 25200,
    ("HFC-134a", "AR6"): 1530,
    ("NF3", "AR6"): 17400,
    ("CH4-fossil", "AR6"): 29.8,
    ("CH4-nonfossil", "AR6"): 27.0,
    ("CO2", "AR5"): 1,
}


@pytest.mark.parametrize(("gas", "gwp_set"), sorted(LITERATURE))
def test_literature_values(gas: str, gwp_set: str) -> None:
    assert gwp(gas, gwp_set) == pytest.approx(LITERATURE[(gas, gwp_set)], rel=1e-9)


def test_fossil_split_falls_back_to_ch4_outside_ar6() -> None:
    assert gwp("CH4-fossil", "AR4") == 25


def test_sar_is_ar2() -> None:
    assert check_set("sar") == "AR2"


def test_unknown_set_and_gas() -> None:
    with pytest.raises(InputError, match="unknown GWP set"):
        check_set("AR9")
    with pytest.raises(InputError, match="no AR5 GWP for gas 'CH5'") as info:
        gwp("CH5", "AR5")
    assert info.value.hint and "CH4" in info.value.hint
