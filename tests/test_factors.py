"""Built-in factor tables: literature values pinned, derivations consistent, editions resolved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from offsetcalc.errors import FactorError, InputError
from offsetcalc.factors.tables import builtin_dir, load_factors, load_table, table_paths

DATA = Path(__file__).resolve().parent / "data" / "factors"

# SHK fuel factors (t-CO2 per kL, t or 1000 Nm3) by table, from the ordinance and its
# amendments as collected in domain.md §2 and the research note of issue 2.
PUBLISHED = {
    ("jp-shk-fuel-2006", "fuel.gasoline"): 2.32,
    ("jp-shk-fuel-2006", "fuel.kerosene"): 2.49,
    ("jp-shk-fuel-2006", "fuel.diesel"): 2.62,
    ("jp-shk-fuel-2006", "fuel.a-heavy-oil"): 2.71,
    ("jp-shk-fuel-2006", "fuel.lpg"): 3.00,
    ("jp-shk-fuel-2006", "fuel.lng"): 2.70,
    ("jp-shk-fuel-2006", "fuel.city-gas"): 2.08,
    ("jp-shk-fuel-2010", "fuel.diesel"): 2.58,
    ("jp-shk-fuel-2010", "fuel.city-gas"): 2.23,
    ("jp-shk-fuel-2024", "fuel.gasoline"): 2.29,
    ("jp-shk-fuel-2024", "fuel.kerosene"): 2.50,
    ("jp-shk-fuel-2024", "fuel.diesel"): 2.62,
    ("jp-shk-fuel-2024", "fuel.a-heavy-oil"): 2.75,
    ("jp-shk-fuel-2024", "fuel.lpg"): 2.99,
    ("jp-shk-fuel-2024", "fuel.lng"): 2.79,
    ("jp-shk-fuel-2024", "fuel.city-gas"): 2.05,
    ("jp-shk-electricity-2006", "electricity.jp.default"): 0.000555,
    ("jp-electricity-retailers-fy2013", "electricity.jp.tepco.basic"): 0.000531,
    ("jp-electricity-retailers-fy2013", "electricity.jp.tepco.adjusted"): 0.000522,
    ("jp-electricity-retailers-fy2013", "electricity.jp.kepco.basic"): 0.000522,
    ("jp-electricity-retailers-fy2013", "electricity.jp.kepco.adjusted"): 0.000516,
    ("jp-electricity-retailers-fy2013", "electricity.jp.chubu.basic"): 0.000513,
    ("jp-electricity-retailers-fy2013", "electricity.jp.chubu.adjusted"): 0.000509,
    ("jp-electricity-retailers-fy2013", "electricity.jp.tohoku.basic"): 0.000591,
    ("jp-electricity-retailers-fy2013", "electricity.jp.tohoku.adjusted"): 0.000589,
    ("jp-mlit-passenger-2006", "transport.passenger.rail"): 19,
    ("jp-mlit-passenger-2006", "transport.passenger.car"): 175,
    # Appended Table 1 of the SHK ordinance: 2006 text (Shin-Nippon Hoki), 2024 text (jplaws.app)
    ("jp-shk-fuel-2006", "fuel.jet-fuel"): 2.46,
    ("jp-shk-fuel-2006", "fuel.bc-heavy-oil"): 2.98,
    ("jp-shk-fuel-2006", "fuel.natural-gas"): 2.08,
    ("jp-shk-fuel-2024", "fuel.jet-fuel"): 2.48,
    ("jp-shk-fuel-2024", "fuel.bc-heavy-oil"): 3.10,
    ("jp-shk-fuel-2024", "fuel.natural-gas"): 1.96,
    # MOE supply-chain database Ver.3.6, as transcribed by two independent third parties
    ("jp-moe-idb-v3.6", "accommodation.guest-night"): 31.532238,
    ("jp-moe-idb-v3.6", "freight.rail.tonne-km"): 0.000022,
    ("jp-moe-idb-v3.6", "travel.spend.air-domestic"): 0.005250,
}


@pytest.fixture(scope="module")
def factors():
    return load_factors()


def _find(factors, table: str, ident: str):
    return next(f for f in factors.by_id[ident] if f.table.id == table)


@pytest.mark.parametrize(("table", "ident"), sorted(PUBLISHED))
def test_published_values(factors, table: str, ident: str) -> None:
    assert _find(factors, table, ident).value == pytest.approx(PUBLISHED[(table, ident)], rel=1e-12)


def test_derivations_give_the_published_value(factors) -> None:
    # CO2 = heat content × carbon factor × 44/12, published to 3 significant figures
    checked = 0
    for f in factors.all():
        d = f.spec.derivation
        if d is None:
            continue
        derived = d.heat_content.value * d.carbon_factor.value * 44 / 12
        assert derived == pytest.approx(f.value, abs=0.005 + 1e-9), (f.table.id, f.id)
        checked += 1
    assert checked >= 20


def test_every_table_names_its_source(factors) -> None:
    for t in factors.tables:
        assert t.spec.publisher and t.spec.document and t.spec.edition
        assert t.spec.url or t.spec.url_note
        assert len(t.sha256) == 64


def test_editions_resolved_by_period(factors) -> None:
    assert factors.resolve("fuel.diesel", date(2008, 6, 1)).factor.value == 2.62
    assert factors.resolve("fuel.diesel", date(2013, 6, 1)).factor.value == 2.58
    assert factors.resolve("fuel.diesel", date(2024, 6, 1)).factor.table.id == "jp-shk-fuel-2024"
    assert factors.resolve("fuel.diesel@2006").factor.table.id == "jp-shk-fuel-2006"


def test_no_period_takes_newest_with_warning(factors) -> None:
    res = factors.resolve("fuel.gasoline", None)
    assert res.factor.table.id == "jp-shk-fuel-2024"
    assert res.warnings


def test_outside_validity_warns(factors) -> None:
    res = factors.resolve("electricity.jp.okinawa-td", date(2013, 6, 1))  # one edition, FY2025 only
    assert res.factor.value == 0.000707
    assert any("not on 2013-06-01" in w for w in res.warnings)


def test_a_year_with_no_edition_uses_the_latest_earlier_one_and_says_so(factors) -> None:
    # TEPCO's FY2010 and FY2011 data (for FY2011 and FY2012) are not in the tables yet.
    res = factors.resolve("electricity.jp.tepco.basic", date(2012, 6, 1))
    assert res.factor.table.id == "jp-electricity-retailers-fy2009"
    assert any("no edition of 'electricity.jp.tepco.basic' is valid on 2012-06-01" in w for w in res.warnings)


def test_unknown_factor_did_you_mean(factors) -> None:
    with pytest.raises(FactorError) as info:
        factors.resolve("fuel.gasolin")
    assert "fuel.gasoline" in (info.value.hint or "")
    with pytest.raises(FactorError, match="no edition"):
        factors.resolve("fuel.gasoline@1999")


def test_builtin_dir_has_the_tables() -> None:
    assert len(table_paths(builtin_dir())) >= 7


# --------------------------------------------------------------------------- tables a computation must refuse


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("name", "code", "marker"),
    [
        ("value-not-finite.yaml", "value.not-finite", ".nan"),
        ("value-not-positive.yaml", "value.not-positive", "-0.0183"),
    ],
)
def test_load_table_refuses_numbers_no_computation_may_use(name, code, marker) -> None:
    """compute --factors once crashed on a NaN factor ('cannot convert NaN to integer')."""
    with pytest.raises(InputError) as info:
        load_table(DATA / name)
    (err,) = info.value.errors
    assert (err.code, err.location.file, err.location.line) == (code, str(DATA / name), _line_of(DATA / name, marker))


def test_load_table_accepts_a_zero_factor() -> None:
    assert load_table(DATA / "value-zero.yaml").spec.factors[0].value == 0


def test_an_empty_table_gets_a_table_hint(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_table(tmp_path / "t.yaml")
    assert info.value.code == "file.empty"
    assert "offsetcalc-factors: 1" in (info.value.hint or "")


def test_the_hash_is_of_the_bytes_read_even_from_a_pipe(tmp_path) -> None:
    import hashlib
    import os
    import threading

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    source = DATA / "valid.yaml"
    expected = hashlib.sha256(source.read_bytes()).hexdigest()
    assert load_table(source).sha256 == expected
    # A pipe (--factors <(...)) can be read once: a second read for the hash gave sha256 of nothing.
    # Threads with a deadline, so that a second read (which waits for a writer for ever) fails the test.
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    got: dict[str, str] = {}
    threading.Thread(target=lambda: fifo.write_bytes(source.read_bytes()), daemon=True).start()
    reader = threading.Thread(target=lambda: got.update(sha256=load_table(fifo).sha256), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert got.get("sha256") == expected


def test_two_editions_in_force_resolve_to_the_newest(tmp_path: Path) -> None:
    # A user table set whose older edition has no end date: both are "in force" after the
    # newer one starts. The newer edition is the one a period after its start must get
    # (validate reports the overlap; compute must not silently keep the old value).
    head = "offsetcalc-factors: 1\ntable: {t}\ntitle: t\npublisher: p\ndocument: d\nedition: '{e}'\nyear: {y}\n"
    row = (
        "factors:\n  - {{id: fuel.x, name: x, category: fuel, value: {v}, unit: t-CO2 / kL,"
        " confirmed: false, valid: {{from: {f}}}}}\n"
    )
    (tmp_path / "old.yaml").write_text(head.format(t="old", e="2006", y=2006) + row.format(v=2.0, f="2006-04-01"))
    (tmp_path / "new.yaml").write_text(head.format(t="new", e="2024", y=2024) + row.format(v=3.0, f="2024-04-01"))
    factors = load_factors([tmp_path], builtin=False)
    assert factors.resolve("fuel.x", date(2025, 1, 1)).factor.value == 3.0
    assert factors.resolve("fuel.x", date(2010, 1, 1)).factor.value == 2.0
