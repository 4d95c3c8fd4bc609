"""The engine's arithmetic: exact to the microgram, verdicts immune to float noise."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offsetcalc.api import compute
from offsetcalc.engine.compute import UG_PER_T, FactorUse, emissions_ug, t_to_ug
from offsetcalc.report.result import format_ratio

from .conftest import DATA


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_spec_float_noise_case_is_exactly_100_percent(tmp_path: Path) -> None:
    # SPEC.md §2: 27 kWh × 0.1 t-CO2/kWh + 0.1 t + 0.2 t against 3 t is exactly 100 % and fully offset
    # (in floats 2.7000000000000002 + 0.1 + 0.2 = 3.0000000000000004).
    p = write(
        tmp_path,
        """
offsetcalc: 1
kind: event
title: float noise
activities:
  - {id: a, quantity: 27 kWh, factor: {value: 0.1, unit: t-CO2 / kWh, source: test}}
  - {id: b, quantity: 1 kL, factor: {value: 0.1, unit: t-CO2 / kL, source: test}}
  - {id: c, quantity: 1 kL, factor: {value: 0.2, unit: t-CO2 / kL, source: test}}
credits:
  - {type: J-VER, quantity: 3 t-CO2}
""",
    )
    r = compute(p)
    assert r.emissions_ug == 3 * UG_PER_T
    assert r.ratio == 100
    assert r.fully_offset
    assert r.shortfall_ug == 0
    assert r.credits_needed_t == 0
    assert format_ratio(r.ratio) == "100%"


def test_spec_example_totals() -> None:
    r = compute(DATA / "spec-event.yaml")
    # 0.4176 (180 L × 2.32 t/kL) + 0.00912 (480 pkm × 19 g) + 1.19 (2.5 MWh × 0.476 kg/kWh)
    # + 0.2602572 (100 L × (2.58 + 0.00014×25 + 0.000064×298) kg/L, AR4)
    assert r.emissions_ug == t_to_ug(1.8769772)
    assert float(r.ratio) == pytest.approx(159.83, abs=0.005)
    assert r.gwp == "AR4"


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (Fraction(14104, 100), "141%"),
        (Fraction(1005, 10), "101%"),  # half up, as printed reports do
        (Fraction(100), "100%"),
        (Fraction(9996, 100), "99.9%"),  # never 100 % below 100 %
        (Fraction(99999, 1000), "99.9%"),
        (Fraction(995, 10), "99.5%"),
        (Fraction(9949, 100), "99%"),
        (None, "—"),
    ],
)
def test_ratio_display(ratio: Fraction | None, shown: str) -> None:
    assert format_ratio(ratio) == shown


def test_t_to_ug_rounds_half_even() -> None:
    assert t_to_ug(2.7000000000000002) == 2_700_000_000_000
    assert t_to_ug(0.0000000000005) == 0  # 0.5 µg -> 0 (half to even)
    assert t_to_ug(0.0000000000015) == 2  # 1.5 µg -> 2


def test_shortfall_rounds_up_to_whole_credits(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        """
offsetcalc: 1
kind: organization
title: shortfall
activities:
  - {id: a, scope: 2, quantity: 10.0001 kL, factor: {value: 1, unit: t-CO2 / kL, source: test}}
credits:
  - {type: J-Credit, quantity: 7 t-CO2}
""",
    )
    r = compute(p)
    assert not r.fully_offset
    assert r.shortfall_ug == t_to_ug(3.0001)
    assert r.credits_needed_t == 4
    assert format_ratio(r.ratio) == "70%"


def test_planned_credits_count_only_in_plan_registration(tmp_path: Path) -> None:
    body = """
kind: organization
title: plan
activities:
  - {id: a, scope: 1, quantity: 5 kL, factor: {value: 1, unit: t-CO2 / kL, source: test}}
credits:
  - {type: J-Credit, quantity: 5 t-CO2, status: planned}
"""
    plain = compute(write(tmp_path, "offsetcalc: 1\n" + body, "a.yaml"))
    plan = compute(write(tmp_path, "offsetcalc: 1\nplan_registration: true\n" + body, "b.yaml"))
    assert plain.credits_ug == 0 and not plain.fully_offset
    assert any("planned credits are not counted" in w for w in plain.warnings)
    assert plan.credits_ug == 5 * UG_PER_T and plan.fully_offset


def test_per_unit_activity_is_multiplied_by_units() -> None:
    r = compute(DATA / "spec-product.yaml")
    # 0.8 kWh × 12000 boxes × 0.000521 t/kWh
    assert r.emissions_ug == t_to_ug(0.8 * 12000 * 0.000521)
    assert r.per_unit_kg == pytest.approx(0.8 * 0.521)


def _factor() -> FactorUse:
    return FactorUse(ref="x", value=0.000555, unit="t-CO2 / kWh", source="test", confirmed=True)


@settings(max_examples=60)
@given(st.lists(st.floats(min_value=0, max_value=1e7, allow_nan=False), min_size=1, max_size=30), st.randoms())
def test_totals_do_not_depend_on_order(values: list[float], rnd: object) -> None:
    f = _factor()
    a = sum(emissions_ug(values, [1.0] * len(values), ["kWh"] * len(values), [f] * len(values)))
    shuffled = list(values)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    b = sum(emissions_ug(shuffled, [1.0] * len(values), ["kWh"] * len(values), [f] * len(values)))
    assert a == b


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=50), st.integers(min_value=0, max_value=50))
def test_ratio_grows_with_credits(tmp_path_factory: pytest.TempPathFactory, c1: int, c2: int) -> None:
    tmp = tmp_path_factory.mktemp("ratio")
    text = """
offsetcalc: 1
kind: event
title: ratio
activities:
  - {{id: a, quantity: 7.3 kL, factor: {{value: 1, unit: t-CO2 / kL, source: test}}}}
credits:
  - {{type: J-VER, quantity: {c} t-CO2}}
"""
    r1 = compute(write(tmp, text.format(c=c1), "a.yaml"))
    r2 = compute(write(tmp, text.format(c=c2), "b.yaml"))
    assert (r1.ratio <= r2.ratio) == (c1 <= c2) or c1 == c2
    assert r1.fully_offset == (c1 >= 7.3)


def test_per_gas_factor_per_tonne_of_fuel(tmp_path: Path) -> None:
    # kg of each gas per t of fuel is dimensionless as a whole, but valid: 2 t × (3000 + 0.1 × 25) kg/t (AR4)
    p = write(
        tmp_path,
        """
offsetcalc: 1
kind: organization
title: per-gas per tonne
gwp: AR4
activities:
  - {id: boiler, scope: 1, quantity: 2 t, factor: {unit: kg / t, gases: {CO2: 3000, CH4: 0.1}, source: test}}
""",
    )
    assert compute(p).emissions_ug == t_to_ug(6.005)


def test_table_factor_without_value_is_an_error(tmp_path: Path) -> None:
    from offsetcalc.errors import InputError

    table = tmp_path / "t.yaml"
    table.write_text(
        """
offsetcalc-factors: 1
table: user-empty
title: t
publisher: p
document: d
edition: "1"
url_note: test
factors:
  - {id: x.empty, name: empty, category: other, unit: t-CO2 / kL, confirmed: false}
""",
        encoding="utf-8",
    )
    p = write(
        tmp_path, "offsetcalc: 1\nkind: event\ntitle: t\nactivities:\n  - {id: a, quantity: 1 kL, factor: x.empty}\n"
    )
    with pytest.raises(InputError, match="has neither a value nor per-gas values"):
        compute(p, factor_dirs=[table])


def test_a_file_without_activities_says_so(tmp_path: Path) -> None:
    r = compute(write(tmp_path, "offsetcalc: 1\nkind: event\ntitle: empty\n"))
    assert r.emissions_ug == 0 and r.ratio is None
    assert any("no activities" in w for w in r.warnings)


def test_serial_errors_report_only_the_form_written(tmp_path: Path) -> None:
    from offsetcalc.errors import InputErrors

    p = write(
        tmp_path,
        """offsetcalc: 1
kind: event
title: t
credits:
  - {type: J-VER, quantity: 3 t-CO2, serial: 12345}
""",
    )
    with pytest.raises(InputErrors) as info:
        compute(p)
    assert [e.message for e in info.value.errors] == ["serial: Input should be a valid string (got 12345)"]


def test_profile_path_in_file_is_relative_to_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file naming its own profile by a relative path gets that profile's default GWP set,
    # wherever offsetcalc is run from.
    import shutil

    from offsetcalc.rules.profile import builtin_profiles

    sub = tmp_path / "subs"
    sub.mkdir()
    profile = sub / "my-profile.yaml"
    shutil.copy(builtin_profiles()["jp-co"], profile)
    profile.write_text(
        profile.read_text(encoding="utf-8")
        .replace("id: jp-co", "id: my-profile", 1)
        .replace("{set: AR4,", "{set: AR6,", 1),  # the latest set: the file below has no period
        encoding="utf-8",
    )
    write(sub, "offsetcalc: 1\nkind: event\ntitle: t\nstandard: my-profile.yaml\n")
    monkeypatch.chdir(tmp_path)
    assert compute(Path("subs") / "a.yaml").gwp == "AR6"
