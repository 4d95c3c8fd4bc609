"""NGA Factors 2021 and 2022 (Australia, scope 2): only the grids two independent copies agree on.

Each value below was read in two places: a third-party transcription naming the edition (Climatiq's
Open Emission Factors Database for 2021, a script citing the 2022 PDF for 2022) and the Clean Energy
Regulator's own table of the Determination's scope 2 factors by reporting year (2021-22, 2022-23).
"""

from __future__ import annotations

from datetime import date

import pytest

from offsetcalc.factors.tables import load_factors

# edition -> {id: kg CO2-e/kWh as printed in both copies}
AGREED = {
    "au-nga-2021": {
        "electricity.au.nsw-act": 0.79,
        "electricity.au.vic": 0.96,
        "electricity.au.qld": 0.80,
        "electricity.au.sa": 0.35,
        "electricity.au.wa-swis": 0.68,
    },
    "au-nga-2022": {
        "electricity.au.nsw-act": 0.73,
        "electricity.au.vic": 0.85,
        "electricity.au.qld": 0.73,
        "electricity.au.sa": 0.25,
    },
}
FINANCIAL_YEAR = {
    "au-nga-2021": (date(2021, 7, 1), date(2022, 6, 30)),
    "au-nga-2022": (date(2022, 7, 1), date(2023, 6, 30)),
}


@pytest.fixture(scope="module")
def factors():
    return load_factors()


@pytest.mark.parametrize(("table", "ident"), [(t, i) for t, rows in sorted(AGREED.items()) for i in sorted(rows)])
def test_agreed_value_resolves_on_both_ends_of_its_financial_year(factors, table: str, ident: str) -> None:
    for day in FINANCIAL_YEAR[table]:
        res = factors.resolve(ident, day)
        assert res.factor.table.id == table
        assert res.factor.value == pytest.approx(AGREED[table][ident], abs=5e-9)
        assert not res.warnings


@pytest.mark.parametrize("table", sorted(AGREED))
def test_no_row_beyond_the_agreed_ones_and_none_confirmed(factors, table: str) -> None:
    # single-copy values (2021: Tasmania, NWIS, NT, national; 2022: Tasmania, SWIS, NT, national) stay out
    rows = [f for f in factors.all() if f.table.id == table]
    assert {f.id for f in rows} == set(AGREED[table])
    assert not any(f.spec.confirmed for f in rows)
    assert all(f.table.spec.valid is not None and f.table.spec.valid.to_confirmed is False for f in rows)
    assert all((f.valid_from, f.valid_to) == FINANCIAL_YEAR[table] for f in rows)


def test_victoria_steps_through_the_editions_on_1_july(factors) -> None:
    days = (date(2022, 6, 30), date(2022, 7, 1), date(2023, 6, 30), date(2023, 7, 1))
    got = [factors.resolve("electricity.au.vic", day).factor for day in days]
    assert [(f.table.id, f.value) for f in got] == [
        ("au-nga-2021", 0.96),
        ("au-nga-2022", 0.85),
        ("au-nga-2022", 0.85),
        ("au-nga-2023", 0.79),
    ]


def test_a_grid_missing_from_2022_falls_back_with_a_warning(factors) -> None:
    # SWIS has no agreed 2022 value: a 2022-23 file gets the 2021 figure and is told so, never silently
    res = factors.resolve("electricity.au.wa-swis", date(2022, 10, 1))
    assert (res.factor.table.id, res.factor.value) == ("au-nga-2021", 0.68)
    [warning] = res.warnings
    assert warning.startswith("no edition of 'electricity.au.wa-swis' is valid on 2022-10-01")


def test_tasmania_before_2023_still_warns(factors) -> None:
    # no edition before 2023 has Tasmania: the nearest (2023) is used, with a warning
    res = factors.resolve("electricity.au.tas", date(2021, 10, 1))
    assert res.factor.table.id == "au-nga-2023"
    assert res.warnings


def test_cli_office_in_the_2021_22_financial_year(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from offsetcalc.cli import app

    path = tmp_path / "office.yaml"
    path.write_text(
        """\
offsetcalc: 1
kind: organization
title: Melbourne and Adelaide offices
offsetter: Example Pty Ltd
period: {start: 2021-07-01, end: 2022-06-30}
standard: au-ncos
activities:
  - id: melbourne
    quantity: 100000 kWh
    factor: electricity.au.vic
  - id: adelaide
    quantity: 40000 kWh
    factor: electricity.au.sa
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["compute", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    acts = {a["id"]: a for a in json.loads(result.stdout)["emissions"]["activities"]}
    assert {a["factor"]["table"] for a in acts.values()} == {"au-nga-2021"}
    assert all(a["factor"]["confirmed"] is False for a in acts.values())
    # 100,000 kWh x 0.96 kg = 96 t; 40,000 kWh x 0.35 kg = 14 t
    assert acts["melbourne"]["t_co2e"] == pytest.approx(96.0, rel=1e-12)
    assert acts["adelaide"]["t_co2e"] == pytest.approx(14.0, rel=1e-12)
