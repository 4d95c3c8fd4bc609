"""Peer factor sets (Australia NGA, New Zealand MfE): literature values pinned, editions by period."""

from __future__ import annotations

from datetime import date

import pytest

from offsetcalc.factors.tables import load_factors

# (table, id, a day in the edition's validity) -> value as published, in the table's unit
PUBLISHED = {
    # MfE "Measuring emissions" guide, annual averages, kg CO2-e/kWh (official web edition)
    ("nz-mfe-electricity", "electricity.nz.grid", date(2012, 6, 1)): 0.1729810303,
    ("nz-mfe-electricity", "electricity.nz.grid", date(2019, 6, 1)): 0.1105547311,
    ("nz-mfe-electricity", "electricity.nz.grid", date(2022, 6, 1)): 0.0818949105,
    ("nz-mfe-electricity", "electricity.nz.grid", date(2024, 6, 1)): 0.1011189484,
    # MfE guidance April 2008, Table 1 (2006), kg CO2-e per unit
    ("nz-mfe-fuel-2006", "fuel.nz.diesel", date(2006, 6, 1)): 2.61,
    ("nz-mfe-fuel-2006", "fuel.nz.natural-gas.commercial", date(2006, 6, 1)): 52.7,
    # MfE 2015 summary tables (third-party copy, unconfirmed)
    ("nz-mfe-fuel-2015", "fuel.nz.transport.petrol", date(2015, 6, 1)): 2.36,
    ("nz-mfe-fuel-2015", "fuel.nz.diesel", date(2015, 6, 1)): 2.68,
    # NGA Factors 2024 / 2025, scope 2 (third-party transcriptions, unconfirmed)
    ("au-nga-2024", "electricity.au.vic", date(2024, 10, 1)): 0.77,
    ("au-nga-2024", "electricity.au.nsw-act", date(2024, 10, 1)): 0.66,
    ("au-nga-2025", "electricity.au.vic", date(2025, 10, 1)): 0.78,
    ("au-nga-2025", "electricity.au.tas", date(2025, 10, 1)): 0.20,
    # NGA 2023 / 2026 and the fuels (one open-source transcription citing table, row and page)
    ("au-nga-2023", "electricity.au.vic", date(2023, 10, 1)): 0.79,
    ("au-nga-2023", "electricity.au.national", date(2023, 10, 1)): 0.65,
    ("au-nga-2026", "electricity.au.nsw-act", date(2026, 10, 1)): 0.6,
    ("au-nga-2026", "electricity.au.residual-mix", date(2026, 10, 1)): 0.79,
    ("au-nga-2024", "fuel.au.natural-gas", date(2024, 10, 1)): 51.53,
    ("au-nga-2024", "fuel.au.diesel", date(2024, 10, 1)): 2.70972,
}


@pytest.fixture(scope="module")
def factors():
    return load_factors()


@pytest.mark.parametrize(("table", "ident", "day"), sorted(PUBLISHED))
def test_published_value_resolves_on_a_day_of_its_edition(factors, table: str, ident: str, day: date) -> None:
    res = factors.resolve(ident, day)
    assert res.factor.table.id == table
    assert res.factor.value == pytest.approx(PUBLISHED[(table, ident, day)], rel=1e-12)
    assert not res.warnings


def test_nz_electricity_is_one_row_per_calendar_year(factors) -> None:
    rows = sorted(factors.by_id["electricity.nz.grid"], key=lambda f: f.valid_from)
    assert [f.valid_from.year for f in rows] == list(range(2012, 2025))
    for f in rows:
        assert (f.valid_from, f.valid_to) == (date(f.valid_from.year, 1, 1), date(f.valid_from.year, 12, 31))
        assert f.spec.confirmed


def test_secondary_sources_are_marked_unconfirmed(factors) -> None:
    for table in ("au-nga-2024", "au-nga-2025", "nz-mfe-fuel-2015"):
        rows = [f for f in factors.all() if f.table.id == table]
        assert rows and not any(f.spec.confirmed for f in rows), table


def test_au_editions_have_inferred_ends_and_warn_after_them(factors) -> None:
    # NGA 2026 is taken to end 2027-06-30 (inferred): later use is flagged, not silently accepted
    res = factors.resolve("electricity.au.vic", date(2027, 10, 1))
    assert res.factor.table.id == "au-nga-2026"
    assert res.warnings


def test_au_diesel_is_the_product_of_the_printed_energy_content_and_factor(factors) -> None:
    # NGA Table 8 prints 38.6 GJ/kL and 70.20 kg CO2-e/GJ for diesel oil; the table keeps their product per litre
    for table in ("au-nga-2023", "au-nga-2024", "au-nga-2025", "au-nga-2026"):
        f = next(f for f in factors.by_id["fuel.au.diesel"] if f.table.id == table)
        assert f.value == pytest.approx(38.6 * 70.20 / 1000, rel=1e-12)


def test_peer_ids_do_not_shadow_japanese_ones(factors) -> None:
    # a Japanese file asking for fuel.diesel must never get a New Zealand factor
    assert factors.resolve("fuel.diesel", date(2015, 6, 1)).factor.table.id.startswith("jp-")
