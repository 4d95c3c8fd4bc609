"""Tests of offsetcalc.credits: credit types, blocks, serial parsing and overlap search."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offsetcalc.credits import (
    COMMITMENT_PERIODS,
    CREDIT_TYPES,
    KYOTO_UNIT_TYPES,
    REGISTRIES,
    Block,
    _fold,
    block_from_mapping,
    canonical_prefix,
    credit_type,
    find_overlaps,
    format_serial,
    parse_serial,
    registry_id,
)
from offsetcalc.errors import InputError, SerialError

# Real registry rows (carbonplan/offsets-db-data, MIT; see the README there), committed so they always run.
SAMPLES = Path(__file__).resolve().parent / "data" / "registry-samples"

# --------------------------------------------------------------------------- domain.md §4 examples

# (serial, registry, quantity, prefix, start, end): every example in domain.md §4.
DOMAIN_EXAMPLES = [
    (
        "19381-941412555-941441125-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0",
        "verra",
        28_571,
        "19381-VCS-VCU-1310-VER-CN-13-3005-1012022-31102022-0",  # canonical: no leading zeros
        941412555,
        941441125,
    ),
    (
        "GS1-1-KE-GS11603-16-2025-30256-110-5463",
        "gold-standard",
        5_354,
        "GS1-1-KE-GS11603-16-2025-30256",
        110,
        5463,
    ),
    (
        "RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014",
        "kyoto",
        133,
        "RW-5-2-2-0-7014",
        1459975,
        1460107,
    ),
    (
        "CAR-1-US-1335-31-983-KS-2025-9205-1 to 5000",
        "climate-action-reserve",
        5_000,
        "CAR-1-US-1335-31-983-KS-2025-9205",
        1,
        5000,
    ),
    (
        "ACR-FR-1129-2025-2917-30932 to 35143",
        "american-carbon-registry",
        4_212,
        "ACR-FR-1129-2025-2917",
        30932,
        35143,
    ),
    ("FCPF-CI-130-2023-20-1 to 46404", "art-trees", 46_404, "FCPF-CI-130-2023-20", 1, 46404),
]


@pytest.mark.parametrize(("serial", "registry", "quantity", "prefix", "start", "end"), DOMAIN_EXAMPLES)
def test_domain_examples_parse_to_their_quantity(serial, registry, quantity, prefix, start, end):
    (block,) = parse_serial(serial)
    assert block == Block(registry, prefix, start, end)
    assert block.quantity == quantity


@pytest.mark.parametrize(("serial", "registry", "quantity", "prefix", "start", "end"), DOMAIN_EXAMPLES)
def test_naming_the_registry_gives_the_same_block(serial, registry, quantity, prefix, start, end):
    assert parse_serial(serial, registry) == parse_serial(serial)


@pytest.mark.parametrize(("serial", "registry"), [(e[0], e[1]) for e in DOMAIN_EXAMPLES])
def test_format_serial_writes_the_registry_string_back(serial, registry):
    (block,) = parse_serial(serial)
    # in canonical spelling: the registry's string without leading zeros in its digit runs
    assert format_serial(block) == serial.replace("-01012022-", "-1012022-")
    assert parse_serial(format_serial(block)) == [block]


@pytest.mark.parametrize(
    ("alias", "registry"),
    [
        ("VCS", "verra"),
        ("gs", "gold-standard"),
        ("CDM", "kyoto"),
        ("CAR", "climate-action-reserve"),
        ("acr", "american-carbon-registry"),
        ("ART TREES", "art-trees"),
        ("Gold Standard", "gold-standard"),
    ],
)
def test_registry_aliases(alias, registry):
    assert registry_id(alias) == registry


def test_unknown_registry_lists_the_valid_ones():
    with pytest.raises(SerialError) as info:
        registry_id("verrra")
    assert "unknown registry 'verrra'" in info.value.message
    assert "gold-standard" in info.value.message
    assert info.value.hint == "did you mean 'verra'?"


# --------------------------------------------------------------------------- other accepted forms


def test_kyoto_annex_vi_form_gives_the_same_block_as_the_cdm_form():
    # party-type-supplementary-start-end-origCP-applCP-LULUCF-project (EU Reg. 2216/2004 Annex VI)
    full = parse_serial("RW-5-0-1459975-1460107-2-2-0-7014")
    compact = parse_serial("RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014")
    assert full == compact


def test_a_single_kyoto_unit_is_a_block_of_one():
    (block,) = parse_serial("RW-5-1459975-2-2-0-7014")
    assert (block.start, block.end, block.quantity) == (1459975, 1459975, 1)
    assert format_serial(block) == "RW-5-1459975-2-2-0-7014"


def test_parsed_prefixes_are_canonical_and_a_bad_one_fails_every_time():
    # The parsers cache canonical prefixes (an export repeats one per issuance):
    # the cached spelling must equal canonical_prefix's, and an error must not be cached.
    serial = "20000-10000000-10000009-VCS-VCU-01000-VER-CN-1-1000-01012020-31122020-0"
    for _ in range(2):
        (b,) = parse_serial(serial, "verra")
        assert b.prefix == canonical_prefix("20000-VCS-VCU-01000-VER-CN-1-1000-01012020-31122020-0")
        assert b.prefix == "20000-VCS-VCU-1000-VER-CN-1-1000-1012020-31122020-0"
    bad = "20000-10000000-10000009-VCS-VCU-1000-VER-CN-1-" + "1" * 45 + "-01012020-31122020-0"
    for _ in range(2):
        with pytest.raises(SerialError) as info:
            parse_serial(bad, "verra")
        assert info.value.code == "serial.range"


def test_several_serials_in_one_string_give_several_blocks():
    text = (
        "CAR-1-US-1335-31-983-KS-2025-9205-1 to 5000; ACR-FR-1129-2025-2917-30932 to 35143,\n"
        "GS1-1-KE-GS11603-16-2025-30256-110-5463"
    )
    blocks = parse_serial(text)
    assert [b.registry for b in blocks] == [
        "climate-action-reserve",
        "american-carbon-registry",
        "gold-standard",
    ]
    assert sum(b.quantity for b in blocks) == 5_000 + 4_212 + 5_354


def test_to_form_end_may_repeat_the_prefix():
    (block,) = parse_serial("ACR-FR-1129-2025-2917-30932 to ACR-FR-1129-2025-2917-35143")
    assert block == Block("american-carbon-registry", "ACR-FR-1129-2025-2917", 30932, 35143)


def test_spacing_and_typographic_dashes_are_tolerated():
    (block,) = parse_serial("  RW-5-1459975-2-2-0-7014 – RW-5-1460107-2-2-0-7014 ")
    assert block.quantity == 133
    (block,) = parse_serial("CAR-1-US-1335-31-983-KS-2025-9205-1   TO 5000")
    assert block.quantity == 5000


def test_art_trees_serial_with_an_unknown_program_code_needs_the_registry_named():
    with pytest.raises(SerialError) as info:
        parse_serial("GY-TREES-EXAMPLE-2021-3-1 to 10")  # constructed, not a real serial
    assert "cannot tell which registry" in info.value.message
    (block,) = parse_serial("GY-EXAMPLE-2021-3-1 to 10", registry="art-trees")
    assert block == Block("art-trees", "GY-EXAMPLE-2021-3", 1, 10)


# --------------------------------------------------------------------------- bad serials


@pytest.mark.parametrize(
    ("text", "registry", "message", "code"),
    [
        ("", None, "cannot read credit serial '': it is empty", "serial.syntax"),
        (
            "hello",
            None,
            "cannot read credit serial 'hello': it matches no known registry serial form",
            "serial.syntax",
        ),
        (
            "GS1-1-KE-GS11603-16-2025-30256-5463-110",
            None,
            "credit serial 'GS1-1-KE-GS11603-16-2025-30256-5463-110' ends before it starts: end 110 < start 5463",
            "serial.range",
        ),
        (
            "CAR-1-US-1335-31-983-KS-2025-9205-5000 to 1",
            None,
            "ends before it starts: end 1 < start 5000",
            "serial.range",
        ),
        (
            "RW-5-1460107-2-2-0-7014 - RW-5-1459975-2-2-0-7014",
            None,
            "ends before it starts: end 1459975 < start 1460107",
            "serial.range",
        ),
        (
            "19381-941441125-941412555-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0",
            None,
            "ends before it starts",
            "serial.range",
        ),
        (
            "XYZ-1 to 5",
            None,
            "cannot tell which registry issued credit serial 'XYZ-1 to 5'",
            "serial.registry",
        ),
        (
            "RW-9-1459975-2-2-0-7014",
            None,
            "credit serial 'RW-9-1459975-2-2-0-7014' has Kyoto unit type 9, which does not exist",
            "serial.syntax",
        ),
        (
            "RW-5-10-2-2-0-7014 - RW-5-20-1-2-0-7014",
            None,
            "the two ends are different batches (RW-5-2-2-0-7014 vs RW-5-1-2-0-7014)",
            "serial.syntax",
        ),
        (
            "ACR-FR-1129-2025-2917-30932 to 35143",
            "car",
            "cannot read credit serial 'ACR-FR-1129-2025-2917-30932 to 35143': "
            "it is not a climate-action-reserve serial",
            "serial.syntax",
        ),
        (
            "GS1-1-KE-GS11603-16-2025-30256-110-5463",
            "verra",
            "it is not a verra serial",
            "serial.syntax",
        ),
        (
            "CAR-1-US-1335-1 to ACR-2-9",
            None,
            "the end 'ACR-2-9' is neither a number nor",
            "serial.syntax",
        ),
        (
            "GS1-1-KE-GS11603-16-2025-30256-110",
            None,
            "matches no known registry serial form",
            "serial.syntax",
        ),
    ],
)
def test_bad_serials_say_what_was_given(text, registry, message, code):
    with pytest.raises(SerialError) as info:
        parse_serial(text, registry)
    assert message in info.value.message
    assert info.value.code == code


def test_syntax_errors_list_the_accepted_forms():
    with pytest.raises(SerialError) as info:
        parse_serial("hello")
    for registry in REGISTRIES:
        assert registry in info.value.hint
    with pytest.raises(SerialError) as info:
        parse_serial("hello", "gs")
    assert info.value.hint.startswith("accepted forms: gold-standard: GS1-1-")
    assert "verra" not in info.value.hint


def test_unknown_registry_argument_is_an_error():
    with pytest.raises(SerialError, match="unknown registry 'nowhere'"):
        parse_serial("GS1-1-KE-GS11603-16-2025-30256-110-5463", "nowhere")


def test_non_text_serial_is_an_error():
    with pytest.raises(SerialError, match="must be text"):
        parse_serial(12345)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the real samples


def _sample_rows(name: str) -> list[dict[str, str]]:
    with (SAMPLES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("name", "quantity_column", "rows"),
    [
        ("verra-transactions.csv", "Quantity Issued", 200),
        ("gold-standard-retirements.csv", "Quantity", 100),
        ("gold-standard-issuances.csv", "Quantity", 100),
    ],
)
def test_every_sample_serial_parses_to_its_quantity(name, quantity_column, rows):
    sample = _sample_rows(name)
    assert len(sample) == rows
    for row in sample:
        blocks = parse_serial(row["Serial Number"])
        assert len(blocks) == 1, row["Serial Number"]
        assert blocks[0].quantity == int(row[quantity_column].replace(",", "")), row
        # written back in canonical spelling: the same block, digit runs without leading zeros
        assert parse_serial(format_serial(blocks[0])) == blocks
        assert format_serial(blocks[0]) == re.sub(r"(?<![0-9])0+(?=[0-9])", "", row["Serial Number"])


def test_gold_standard_export_holds_cdm_cers_in_kyoto_form():
    cers = [r for r in _sample_rows("gold-standard-issuances.csv") if r["Product Type"] == "CER"]
    assert len(cers) == 3
    for row in cers:
        (block,) = parse_serial(row["Serial Number"])
        assert block.registry == "kyoto"
        # unit type 5 is a CER (domain.md §4): the sample agrees with the table
        assert KYOTO_UNIT_TYPES[int(block.prefix.split("-")[1])] == "CER"


def test_verra_sub_blocks_of_one_issuance_share_a_prefix_and_do_not_overlap():
    blocks = [parse_serial(r["Serial Number"])[0] for r in _sample_rows("verra-transactions.csv")]
    issuance_19298 = [b for b in blocks if b.prefix.startswith("19298-")]
    assert len(issuance_19298) == 56
    assert len({b.prefix for b in issuance_19298}) == 1
    assert find_overlaps(list(enumerate(blocks))) == []


# --------------------------------------------------------------------------- blocks


def test_block_quantity_counts_both_ends():
    assert Block("", "P", 101, 103).quantity == 3
    assert Block("", "P", 7, 7).quantity == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (5, 4, "block 'P' ends before it starts: end 4 < start 5"),
        (-1, 4, "block start must not be negative, got -1"),
        (1.0, 4, "block start must be a whole number, got 1.0"),
        (True, 4, "block start must be a whole number, got True"),
        (1, "4", "block end must be a whole number, got '4'"),
    ],
)
def test_bad_blocks_are_refused(start, end, message):
    with pytest.raises(SerialError) as info:
        Block("", "P", start, end)
    assert info.value.message == message


def test_overlap_needs_the_same_registry_and_prefix():
    a = Block("verra", "P", 1, 10)
    assert a.overlaps(Block("verra", "P", 10, 20))
    assert a.intersection(Block("verra", "P", 10, 20)) == (10, 10)
    assert a.intersection(Block("verra", "P", 3, 5)) == (3, 5)
    assert not a.overlaps(Block("verra", "P", 11, 20))
    assert a.intersection(Block("verra", "P", 11, 20)) is None
    assert not a.overlaps(Block("verra", "Q", 1, 10))
    assert not a.overlaps(Block("gold-standard", "P", 1, 10))


def test_block_from_mapping():
    block = block_from_mapping({"prefix": " JP-EXAMPLE-2012 ", "start": 101, "end": "103"}, "jp")
    assert block == Block("jp", "JPEXAMPLE2012", 101, 103)  # no serial grammar: no separator beside a letter
    assert block_from_mapping({"prefix": "X", "start": 1, "end": 1}).registry == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"prefix": "X", "start": 1}, "missing end"),
        ({"prefix": "X", "start": 1, "end": 2, "stop": 3}, "unknown stop"),
        ({"prefix": "", "start": 1, "end": 2}, "block prefix must be non-empty text, got ''"),
        ({"prefix": 7, "start": 1, "end": 2}, "block prefix must be non-empty text, got 7"),
        (
            {"prefix": "X", "start": "one", "end": 2},
            "block start must be a whole number, got 'one'",
        ),
        ({"prefix": "X", "start": 3, "end": 2}, "end 2 < start 3"),
    ],
)
def test_block_from_mapping_errors(data, message):
    with pytest.raises(SerialError) as info:
        block_from_mapping(data)
    assert message in info.value.message


def test_find_overlaps_reports_every_pair_with_the_shared_range():
    blocks = [
        ("a", Block("verra", "P", 1, 100)),
        ("b", Block("verra", "P", 50, 60)),
        ("c", Block("verra", "Q", 50, 60)),  # other batch: no overlap
        ("d", Block("verra", "P", 55, 200)),
        ("e", Block("verra", "P", 201, 300)),  # touches d, does not overlap
        ("f", Block("verra", "P", 1, 100)),  # the same block twice
    ]
    assert find_overlaps(blocks) == [
        ("a", "b", (50, 60)),
        ("a", "d", (55, 100)),
        ("a", "f", (1, 100)),
        ("b", "d", (55, 60)),
        ("b", "f", (50, 60)),
        ("d", "f", (55, 100)),
    ]
    assert find_overlaps([]) == []
    assert find_overlaps(blocks[:1]) == []


# --------------------------------------------------------------------------- properties

small_blocks = st.builds(
    lambda reg, pre, start, length: Block(reg, pre, start, start + length),
    st.sampled_from(["verra", "gold-standard"]),
    st.sampled_from(["P", "Q"]),
    st.integers(0, 60),
    st.integers(0, 15),
)


def _brute_force(blocks: list[Block]) -> list[tuple[int, int, tuple[int, int]]]:
    found = []
    for (i, a), (j, b) in itertools.combinations(enumerate(blocks), 2):
        shared = a.intersection(b)
        if shared is not None:
            found.append((i, j, shared))
    return found


@given(st.lists(small_blocks, max_size=40))
@settings(max_examples=300)
def test_find_overlaps_equals_brute_force(blocks):
    assert find_overlaps(list(enumerate(blocks))) == _brute_force(blocks)


@given(small_blocks, small_blocks)
def test_overlap_is_symmetric(a, b):
    assert a.overlaps(b) == b.overlaps(a)
    assert a.intersection(b) == b.intersection(a)
    shared = set(range(a.start, a.end + 1)) & set(range(b.start, b.end + 1))
    if (a.registry, a.prefix) != (b.registry, b.prefix):
        shared = set()
    expected = (min(shared), max(shared)) if shared else None
    assert a.intersection(b) == expected


digits = st.integers(0, 10**9).map(str)
code = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
prefixes = {
    "verra": st.builds(
        lambda i, c, cc, s, p, v, w, f: f"{i}-VCS-VCU-{c}-VER-{cc}-{s}-{p}-{v:08d}-{w:08d}-{f}",
        digits,
        digits,
        code,
        digits,
        digits,
        st.integers(1010000, 31129999),
        st.integers(1010000, 31129999),
        st.sampled_from("01"),
    ),
    "gold-standard": st.builds(
        lambda cc, g, t, y, b: f"GS1-1-{cc}-GS{g}-{t}-{y}-{b}",
        code,
        digits,
        digits,
        st.integers(1000, 9999),
        digits,
    ),
    "kyoto": st.builds(
        lambda cc, t, o, a, lu, p: f"{cc}-{t}-{o}-{a}-{lu}-{p}",
        code,
        st.sampled_from(sorted(KYOTO_UNIT_TYPES)),
        st.sampled_from("12"),
        st.sampled_from("12"),
        digits,
        digits,
    ),
    "climate-action-reserve": st.builds(lambda r: f"CAR-1-US-{r}-2025-9205", digits),
    "american-carbon-registry": st.builds(lambda r: f"ACR-FR-{r}-2025-2917", digits),
    "art-trees": st.builds(lambda cc, r: f"FCPF-{cc}-{r}-2023-20", code, digits),
}
registry_blocks = st.sampled_from(sorted(prefixes)).flatmap(
    lambda reg: st.builds(
        lambda pre, start, length: Block(reg, pre, start, start + length),
        prefixes[reg],
        st.integers(0, 10**12),
        st.integers(0, 10**6),
    )
)


@given(registry_blocks)
@settings(max_examples=300)
def test_block_round_trip_through_its_serial(block):
    text = format_serial(block)
    canonical = Block(block.registry, canonical_prefix(block.prefix), block.start, block.end)
    assert parse_serial(text) == [canonical]
    assert parse_serial(text, block.registry) == [canonical]


def test_format_serial_refuses_blocks_without_a_registry_form():
    with pytest.raises(SerialError, match="has no registry serial form"):
        format_serial(Block("", "JP-EXAMPLE-2012", 101, 103))
    with pytest.raises(SerialError, match="does not have the shape of a gold-standard serial"):
        format_serial(Block("gold-standard", "nonsense", 1, 2))


# --------------------------------------------------------------------------- credit types


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("J-VER", "J-VER"),
        ("JVER", "J-VER"),
        ("j ver", "J-VER"),
        ("ＪＶＥＲ", "J-VER"),
        ("J-Credit", "J-Credit"),
        ("jcredit", "J-Credit"),
        ("Jクレジット", "J-Credit"),
        ("domestic", "domestic"),
        ("国内クレジット", "domestic"),
        ("CER", "CER"),
        ("cer", "CER"),
        ("tCER", "tCER"),
        ("TCER", "tCER"),
        ("lcer", "lCER"),
        ("VCU", "VCU"),
        ("VCS", "VCU"),
        ("GS VER", "GS-VER"),
        ("gs-ver", "GS-VER"),
        ("Gold Standard", "GS-VER"),
        ("CRT", "CAR"),
        ("ERT", "ACR"),
        ("ART TREES", "ART-TREES"),
        ("ACCU", "ACCU"),
        ("JCM", "JCM"),
        ("二国間クレジット", "JCM"),
    ],
)
def test_credit_type_spellings(spelling, code):
    assert credit_type(spelling).code == code


def test_unknown_credit_type_lists_valid_names_and_suggests():
    with pytest.raises(InputError) as info:
        credit_type("J-Credits2")
    err = info.value
    assert err.code == "credit.type"
    assert err.message.startswith("unknown credit type 'J-Credits2'; valid types: J-VER, ")
    for valid in CREDIT_TYPES:
        assert valid in err.message
    assert err.hint == "did you mean 'J-Credit'?"
    with pytest.raises(InputError) as info:
        credit_type("zzzzzz")
    assert info.value.hint is None


def test_kyoto_unit_type_codes():
    # domain.md §4: AAU 1, RMU 2, ERU 3 (from AAU) / 4 (from RMU), CER 5, tCER 6, lCER 7
    assert KYOTO_UNIT_TYPES == {
        1: "AAU",
        2: "RMU",
        3: "ERU",
        4: "ERU",
        5: "CER",
        6: "tCER",
        7: "lCER",
    }
    assert COMMITMENT_PERIODS == {"CP1": (2008, 2012), "CP2": (2013, 2020)}
    for code in set(KYOTO_UNIT_TYPES.values()):
        assert CREDIT_TYPES[code].commitment_periods == ("CP1", "CP2")
        assert CREDIT_TYPES[code].serial_registry == "kyoto"


def test_every_credit_type_names_its_source_and_explains_doubt():
    for t in CREDIT_TYPES.values():
        assert t.source.strip(), t.code
        assert t.serial_registry is None or t.serial_registry in REGISTRIES, t.code
        if not t.confirmed:
            assert t.note.strip(), f"{t.code} is unconfirmed but does not say why"


def test_no_two_credit_types_fold_to_the_same_spelling():
    spellings = [(_fold(s), t.code) for t in CREDIT_TYPES.values() for s in (t.code, *t.aliases)]
    owners: dict[str, set[str]] = {}
    for folded, owner in spellings:
        owners.setdefault(folded, set()).add(owner)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_credit_serials_one_convention_for_rules_and_ledger() -> None:
    from offsetcalc.credits import credit_serials

    items = credit_serials(
        "JVER",
        None,
        [{"prefix": "JP-X", "start": 1, "end": 3}, "GS1-1-KE-GS11603-16-2025-30256-110-5463", "nonsense"],
    )
    assert [s.path for s in items] == [("serial", 0), ("serial", 1), ("serial", 2)]
    # an explicit block is filed under the registry holding the type (never the label the user wrote)
    assert items[0].blocks[0].registry == "j-credit" and items[0].blocks[0].quantity == 3
    assert items[1].blocks[0].quantity == 5354
    assert items[2].blocks == () and items[2].error is not None
    assert credit_serials("CER", None, None) == []
