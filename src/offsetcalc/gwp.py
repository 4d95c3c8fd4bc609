"""Global warming potentials (100-year) by IPCC assessment report.

The values come from the maintained ``globalwarmingpotentials`` package
(Robert Gieseke, PyPI; data from IPCC SAR, AR4 WG1 Table 2.14, AR5 WG1
Table 8.A.1, AR6 WG1 Table 7.SM.7) rather than a hand-copied table. ``AR2`` is
the Second Assessment Report (SAR), the set Japan's mandatory reporting used
until 2015-03-31 (CH4 21, N2O 310).

AR6 distinguishes fossil from non-fossil methane (IPCC AR6 WG1 Table 7.15:
fossil 29.8, non-fossil 27.0); the package has one CH4 value (27.9), so the
split is kept here with its citation. Under the other sets both map to CH4.
"""

from __future__ import annotations

import functools

from offsetcalc.errors import InputError

GWP_SETS = ("AR2", "AR4", "AR5", "AR6")
DEFAULT_GWP = "AR5"
_PACKAGE_KEYS = {"AR2": "SARGWP100", "AR4": "AR4GWP100", "AR5": "AR5GWP100", "AR6": "AR6GWP100"}
SOURCE = {
    "AR2": "IPCC Second Assessment Report (1995), 100-year GWP, via the globalwarmingpotentials package",
    "AR4": "IPCC AR4 WG1 (2007) Table 2.14, 100-year GWP, via the globalwarmingpotentials package",
    "AR5": "IPCC AR5 WG1 (2013) Table 8.A.1, 100-year GWP, via the globalwarmingpotentials package",
    "AR6": "IPCC AR6 WG1 (2021) Table 7.SM.7, 100-year GWP, via the globalwarmingpotentials package",
}
# IPCC AR6 WG1 Chapter 7, Table 7.15 (GWP-100 of fossil and non-fossil CH4).
_AR6_CH4_SPLIT = {"CH4_fossil": 29.8, "CH4_nonfossil": 27.0}


def _gas_key(gas: str) -> str:
    """One spelling per gas: 'HFC-134a' -> 'HFC134A', 'ch4 fossil' -> 'CH4FOSSIL'."""
    return "".join(ch for ch in str(gas).upper() if ch.isalnum())


@functools.cache
def _table(gwp_set: str) -> dict[str, float]:
    import globalwarmingpotentials as gwps

    raw = gwps.data[_PACKAGE_KEYS[gwp_set]]
    table = {_gas_key(k): float(v) for k, v in raw.items() if v is not None and v == v}
    table["CO2"] = 1.0
    if gwp_set == "AR6":
        table.update({_gas_key(k): v for k, v in _AR6_CH4_SPLIT.items()})
    else:
        table["CH4FOSSIL"] = table["CH4NONFOSSIL"] = table["CH4"]
    return table


def check_set(gwp_set: str) -> str:
    """Normalise a GWP set name ('ar4', 'SAR' -> 'AR2'); raise InputError if unknown."""
    name = str(gwp_set).strip().upper()
    if name == "SAR":
        name = "AR2"
    if name not in GWP_SETS:
        from offsetcalc.report.messages import Msg

        raise InputError(
            Msg("gwp.unknown", name=gwp_set), hint=Msg("gwp.unknown.hint", sets=", ".join(GWP_SETS)), code="gwp.unknown"
        )
    return name


def gwp(gas: str, gwp_set: str) -> float:
    """The 100-year GWP of ``gas`` in ``gwp_set`` (CO2 = 1)."""
    table = _table(check_set(gwp_set))
    key = _gas_key(gas)
    if key in table:
        return table[key]
    from offsetcalc.report.messages import Msg
    from offsetcalc.report.messages import did_you_mean as dym

    hint = dym(key, list(table)) or Msg("gwp.gas.hint")
    raise InputError(Msg("gwp.gas", set=gwp_set, gas=gas), hint=hint, code="gwp.gas")
