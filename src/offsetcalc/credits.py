"""Credit types, credit blocks and the serial numbers registries print for them.

A retired credit is identified by a *block*: a registry, a prefix naming the
batch, and an inclusive range of unit numbers (quantity = end - start + 1, the
rule every registry shares; domain.md §4). This module knows the credit types a
submission may name (:data:`CREDIT_TYPES`, each fact with its source), turns the
serial strings of Verra, Gold Standard, the Kyoto/CDM registries, the Climate
Action Reserve, the American Carbon Registry and ART TREES into blocks
(:func:`parse_serial`), writes them back (:func:`format_serial`) and finds every
pair of overlapping blocks in a submission (:func:`find_overlaps`), which is how
double counting of the same credits shows up. It is pure: no I/O, stdlib only.

Prefix convention. A block's prefix is the serial with the start and end unit
numbers taken out, its other fields kept in the registry's order and joined by
``-``. Every registry in the samples keeps those fields unchanged when a batch
is split into smaller blocks (checked on all 200 Verra rows: sub-blocks of one
issuance share the issuance number), so the same credits always get the same
prefix, and two different batches always differ in some field. Per registry
(serial → prefix):

- verra: ``19381-941412555-941441125-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0``
  → ``19381-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0`` (the issuance number stays; a serial
  printed without ``VCS-`` gets it back, so both spellings are one batch)
- gold-standard: ``GS1-1-KE-GS11603-16-2025-30256-110-5463`` → ``GS1-1-KE-GS11603-16-2025-30256``
- kyoto: ``RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014`` → ``RW-5-2-2-0-7014``
- climate-action-reserve: ``CAR-1-US-1335-31-983-KS-2025-9205-1 to 5000``
  → ``CAR-1-US-1335-31-983-KS-2025-9205``
- american-carbon-registry: ``ACR-FR-1129-2025-2917-30932 to 35143`` → ``ACR-FR-1129-2025-2917``
- art-trees: ``FCPF-CI-130-2023-20-1 to 46404`` → ``FCPF-CI-130-2023-20``

The Kyoto prefix is party - unit type - original CP - applicable CP - LULUCF
activity - project. The CDM registry form (as in Gold Standard exports) carries
no supplementary unit type, so the full EU Reg. 2216/2004 Annex VI form drops it
from the prefix too: otherwise the same CERs written in the two forms would get
two prefixes and an overlap between them would go unseen.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from offsetcalc.errors import InputError, OffsetcalcError, SerialError
from offsetcalc.report.messages import Join, Msg, did_you_mean

__all__ = [
    "COMMITMENT_PERIODS",
    "CREDIT_TYPES",
    "KYOTO_UNIT_TYPES",
    "REGISTRIES",
    "UNIT_NUMBERED_REGISTRIES",
    "Block",
    "CreditType",
    "block_from_mapping",
    "block_prefix_error",
    "block_registry",
    "canonical_block_prefix",
    "canonical_prefix",
    "canonical_serial_text",
    "credit_type",
    "find_overlaps",
    "find_unit_overlaps",
    "format_serial",
    "overlap_key",
    "parse_serial",
    "registry_id",
    "serial_issued_from",
    "serial_vintage",
    "serial_year_inferred",
]

K = TypeVar("K", bound=Hashable)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, order=True)
class Block:
    """An inclusive range of credit units in one batch of one registry.

    ``registry`` is one of :data:`REGISTRIES` for a parsed serial, or any label
    (``""`` when unknown) for a block given explicitly; ``prefix`` names the
    batch (see the module docstring); ``start`` and ``end`` are unit numbers,
    both included.
    """

    registry: str
    prefix: str
    start: int
    end: int

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # bool is an int; a True/False unit number is always a mistake upstream.
            if not isinstance(value, int) or isinstance(value, bool):
                raise SerialError(Msg("serial.block.whole", name=name, value=repr(value)), code="serial.block")
            if value < 0:
                raise SerialError(Msg("serial.block.negative", name=name, value=value), code="serial.block")
        if self.end < self.start:
            raise SerialError(
                Msg("serial.range.block", prefix=repr(self.prefix), end=self.end, start=self.start),
                hint=Msg("serial.range.block.hint"),
                code="serial.range",
            )

    @property
    def quantity(self) -> int:
        """Number of credits in the block (each is 1 t-CO2e) [t-CO2e]."""
        return self.end - self.start + 1

    def _same_batch(self, other: Block) -> bool:
        return self.registry == other.registry and self.prefix == other.prefix

    def overlaps(self, other: Block) -> bool:
        """True if both blocks hold at least one common credit."""
        return self._same_batch(other) and self.start <= other.end and other.start <= self.end

    def intersection(self, other: Block) -> tuple[int, int] | None:
        """The common unit numbers ``(lo, hi)``, both included, or None."""
        if not self.overlaps(other):
            return None
        return max(self.start, other.start), min(self.end, other.end)


def block_from_mapping(data: Mapping[str, object], registry: str = "") -> Block:
    """A block from an explicit ``{prefix, start, end}`` mapping.

    This is the form for credits whose registry serial syntax is not known
    (J-VER, domestic credits, J-Credit: domain.md §4). ``start`` and ``end``
    may be integers or strings of digits.
    """
    expected = ("prefix", "start", "end")
    missing = [k for k in expected if k not in data]
    unknown = sorted(str(k) for k in data if k not in expected)
    if missing or unknown:
        parts = []
        if missing:
            parts.append(Msg("serial.block.keys.missing", keys=", ".join(missing)))
        if unknown:
            parts.append(Msg("serial.block.keys.unknown", keys=", ".join(unknown)))
        raise SerialError(
            Msg("serial.block.keys", parts=Join(parts, "serial.block.keys.sep")),
            hint=Msg("serial.block.keys.hint"),
            code="serial.block",
        )
    prefix = data["prefix"]
    if not isinstance(prefix, str) or not prefix.strip():
        raise SerialError(Msg("serial.block.prefix", value=repr(prefix)), code="serial.block")
    return Block(
        registry,
        canonical_block_prefix(registry, prefix),
        _unit_number(data["start"], "start"),
        _unit_number(data["end"], "end"),
    )


def canonical_block_prefix(registry: str, prefix: str) -> str:
    """The prefix a block filed under ``registry`` is identified by: one spelling for the same batch.

    :func:`canonical_prefix`; for Verra the ``VCS-`` field put back (:func:`_verra_prefix`); for a
    registry with no serial grammar here (J-Credit, JCM, ANREU: explicit blocks only) without the
    separators beside a letter (:func:`overlap_key`).
    The claim path (explicit blocks) and ``ledger migrate`` (prefixes an older offsetcalc stored)
    both use it, so a migrated ledger holds exactly what a new claim of the same credits is.
    Raises SerialError when the prefix cannot be spelled canonically (a control character, a
    letter outside ASCII).
    """
    canonical = canonical_prefix(prefix)
    if registry == "verra":
        return _verra_prefix(canonical)
    if registry not in REGISTRIES:
        # The J-Credit registry's credits have no serial offsetcalc reads: every block of them is
        # explicit, its prefix the submitter's own text. 'JCL-TBL' and 'JCLTBL' name the same batch,
        # and a second submission spelling it the other way passed the ledger (redteam7): stored
        # without the separators beside a letter (overlap_key), as the in-file rule compares them.
        # So for every registry without a serial grammar here (JCM, ANREU, an unknown one): 'MN-JP-12'
        # and 'MNJP12' as JCM passed twice the same way (review22).
        return overlap_key(canonical)
    return canonical


def _unit_number(value: object, name: str) -> int:
    if isinstance(value, str):
        text = _ascii_digits(unicodedata.normalize("NFKC", value)).strip()
        if text.isascii() and text.isdigit():
            return _int(text, Msg("serial.what.block", name=name))
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise SerialError(Msg("serial.block.whole", name=name, value=repr(value)), code="serial.block")


# --------------------------------------------------------------------------- canonical spellings
#
# The same credits can be written many ways: full-width digits (１９３８５),
# other scripts' digits (Arabic-Indic ١٩٣٨٥), leading zeros (019385, -01 for -1),
# lower case, typographic dashes. Every serial and explicit block is brought to
# one canonical form before it becomes a Block, so each of those spellings is the
# same block for the in-file overlap rule, the ledger and a registry import alike
# (one rule for every registry's format): NFKC, every decimal digit of any script
# as its ASCII digit, dashes as '-', upper case, and each run of digits without its
# leading zeros. What still is not plain text after that (control and format
# characters such as a zero-width space) is refused, never silently dropped.

#: Longest digit run read as a number: far above any registry's unit numbers
#: (int64 has 19 digits) and far below Python's int-from-string limit.
_MAX_DIGITS = 40
_DIGIT_RUN = re.compile(r"[0-9]+")


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script (Unicode Nd) as its ASCII digit."""
    if text.isascii():
        return text
    return "".join(
        str(unicodedata.digit(ch)) if not ch.isascii() and unicodedata.category(ch) == "Nd" else ch for ch in text
    )


def _int(text: str, what: Any) -> int:
    """``text``'s digits as an int; ``what`` (a Msg, or a function making one) names it in the error."""
    if len(text) > _MAX_DIGITS:
        what = what() if callable(what) else what
        raise SerialError(Msg("serial.range.digits", what=what, n=f"{len(text):,}"), code="serial.range")
    return int(text)


#: What the serial checks name in their errors; made once (a Msg is immutable), not per serial.
_WHAT_SERIAL_WORD = Msg("serial.what.serial-word")
_WHAT_PREFIX = Msg("serial.what.prefix")


def _strip_zeros(m: re.Match[str]) -> str:
    digits = m.group().lstrip("0")
    return digits or "0"


def _refuse_unprintable(text: str, what: Any) -> None:
    if text.isascii() and text.isprintable():
        return  # the usual case, decided in C
    for ch in text:
        if unicodedata.category(ch)[0] == "C":
            name = unicodedata.name(ch, "a control character")
            raise SerialError(
                Msg(
                    "serial.syntax.character",
                    what=what,
                    text=repr(text.encode("unicode_escape").decode("ascii")),
                    code=f"{ord(ch):04X}",
                    name=name,
                ),
                hint=Msg("serial.syntax.character.hint"),
                code="serial.syntax",
            )


def canonical_serial_text(text: str) -> str:
    """A serial string in canonical spelling (see above), before it is parsed.

    Raises SerialError when it holds a control or format character.
    """
    out = text if text.isascii() else _ascii_digits(unicodedata.normalize("NFKC", text)).translate(_DASHES)
    _refuse_unprintable(out.replace("\n", "").replace("\t", "").replace("\r", ""), _WHAT_SERIAL_WORD)
    return out


#: Everything between the letters and digits of a prefix is a separator: spaces, underscores,
#: dashes, dots, slashes, a Japanese middle dot (・) ...
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def canonical_prefix(prefix: str) -> str:
    """A block prefix in canonical spelling: the one form the ledger and the overlap rule compare.

    >>> canonical_prefix("jp-０１２-x")
    'JP-12-X'
    """
    # ASCII is its own NFKC form and holds no other digits or dashes: only the rest needs the slow path.
    text = prefix if prefix.isascii() else _ascii_digits(unicodedata.normalize("NFKC", prefix)).translate(_DASHES)
    _refuse_unprintable(text, _WHAT_PREFIX)
    if not text.isascii():
        _refuse_foreign_letters(text)
    # Separators are one: a space, an underscore, a dot or a run of dashes between the parts of
    # a prefix never names another batch, and a double claim must not hide behind them.
    text = _SEPARATORS.sub("-", text).strip("-").upper()
    for run in _DIGIT_RUN.findall(text):
        if len(run) > _MAX_DIGITS:
            _int(run, _WHAT_PREFIX)
    return _DIGIT_RUN.sub(_strip_zeros, text)


def _refuse_foreign_letters(text: str) -> None:
    """Refuse a letter NFKC left outside ASCII: a Cyrillic 'Е' looks like 'E' but would be another block.

    offsetcalc's own policy: every registry serial format offsetcalc reads is written in
    ASCII letters and digits, and a look-alike letter must not make the same credits a
    second block that passes the overlap rule and the ledger.
    """
    for ch in text:
        if not ch.isascii() and ch.isalnum():
            raise SerialError(
                Msg(
                    "serial.syntax.foreign-letter",
                    text=repr(text),
                    ch=repr(ch),
                    code=f"{ord(ch):04X}",
                    name=unicodedata.name(ch, "a letter"),
                ),
                hint=Msg("serial.syntax.foreign-letter.hint"),
                code="serial.syntax",
            )


_LETTER_SEPARATOR = re.compile(r"-(?![0-9])|(?<![0-9])-")


def overlap_key(prefix: str) -> str:
    """A canonical prefix without the separators a letter stands beside: what the in-file overlap rule groups by.

    ``JCL-TBL`` and ``JCLTBL`` name the same batch to any reader, and the same 27 credits listed under
    both passed as 54 (redteam7). A separator between two digits stays (``JCL-1-23`` is not
    ``JCL-12-3``). The ledger stores J-Credit blocks so (:func:`canonical_block_prefix`, schema 4).
    """
    return _LETTER_SEPARATOR.sub("", prefix)


#: canonical_prefix for the serial parsers; bounded, so it never grows with the distinct prefixes of a file.
_cached_prefix = functools.lru_cache(maxsize=4096)(canonical_prefix)


def find_overlaps(blocks: Sequence[tuple[K, Block]]) -> list[tuple[K, K, tuple[int, int]]]:
    """Every pair of blocks that share credits, with the shared range.

    ``blocks`` pairs a caller's key (a credit's location, an index ...) with a
    block. Returns ``(key_a, key_b, (lo, hi))`` for each overlapping pair, where
    ``key_a`` comes before ``key_b`` in the input, sorted by input position. A
    block listed twice overlaps itself entirely.

    A sweep per (registry, prefix): blocks sorted by start, the ones still open
    kept in a heap by end. Each new block overlaps exactly the open blocks that
    have not ended before it starts. O(n log n + k) for k pairs, so a ledger of
    many thousand blocks is checked without comparing every pair.
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, block) in enumerate(blocks):
        groups[(block.registry, overlap_key(block.prefix))].append(i)

    found: list[tuple[int, int, int, int]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda i: (blocks[i][1].start, i))
        open_ends: list[tuple[int, int]] = []  # (end, index), smallest end first
        for i in members:
            block = blocks[i][1]
            while open_ends and open_ends[0][0] < block.start:
                heapq.heappop(open_ends)
            for end, j in open_ends:
                a, b = (i, j) if i < j else (j, i)
                found.append((a, b, block.start, min(end, block.end)))
            heapq.heappush(open_ends, (block.end, i))
    found.sort()
    return [(blocks[a][0], blocks[b][0], (lo, hi)) for a, b, lo, hi in found]


#: Registries whose unit numbers appear to be numbered registry-wide, so that the same unit numbers
#: under two prefixes are very likely the same credits with a field of the serial altered. Verra: on
#: all 200 rows of the sample export (115 issuances of 56 projects in 28 countries) the unit ranges
#: are disjoint and increase with the issuance number, and each issuance number has one set of other
#: fields. (Gold Standard numbers per batch: 97 of its 100 sample issuances start at unit 1.) No
#: Verra document read says the unit numbers are unique across the registry, so this is an
#: inference: an overlap is a warning (``credits.unit-overlap``, ``ledger.unit-overlap``), never
#: ``ledger.double-claim``.
UNIT_NUMBERED_REGISTRIES: dict[str, str] = {"verra": "Verra"}  # registry id -> the name messages give it


def find_unit_overlaps(blocks: Sequence[tuple[K, Block]]) -> list[tuple[K, K, tuple[int, int]]]:
    """Pairs of blocks of one :data:`UNIT_NUMBERED_REGISTRIES` registry sharing unit numbers under two prefixes.

    Same shape as :func:`find_overlaps`; pairs with the same prefix are :func:`find_overlaps`'s, not these.
    """
    keyed = [(i, Block(b.registry, "", b.start, b.end)) for i, (_, b) in enumerate(blocks)]
    keyed = [(i, b) for i, b in keyed if b.registry in UNIT_NUMBERED_REGISTRIES]
    return [
        (blocks[a][0], blocks[b][0], shared)
        for a, b, shared in find_overlaps(keyed)
        if overlap_key(blocks[a][1].prefix) != overlap_key(blocks[b][1].prefix)
    ]


# --------------------------------------------------------------------------- credit types

#: Kyoto commitment periods, first and last year (domain.md §4).
COMMITMENT_PERIODS: dict[str, tuple[int, int]] = {"CP1": (2008, 2012), "CP2": (2013, 2020)}

_KYOTO_SOURCE = (
    "domain.md §4, citing EU Regulation 2216/2004 Annex VI (unit identification elements) and the Kyoto unit-type codes"
)


@dataclass(frozen=True)
class CreditType:
    """One kind of credit a submission may use.

    ``serial_registry`` is the :data:`REGISTRIES` id whose serial grammar this
    type's serials follow, or None when no serial syntax is known (use an
    explicit block). ``confirmed`` is False when a fact here rests on a
    secondary source or an inference; ``source`` says which.
    """

    code: str
    name: str
    registry: str
    source: str
    confirmed: bool
    name_ja: str | None = None
    serial_registry: str | None = None
    kyoto_unit_types: tuple[int, ...] = ()
    commitment_periods: tuple[str, ...] = ()
    period: str | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""


_TYPES: tuple[CreditType, ...] = (
    CreditType(
        code="J-VER",
        name="Japan Verified Emission Reduction (offset credit)",
        name_ja="オフセット・クレジット（J-VER）",
        registry="J-VER registry (MOE); holdings moved to the J-Credit registry",
        period="issued 2008–2013; usable to FY2020",
        aliases=("JVER", "J VER", "offset credit", "オフセット・クレジット"),
        source="domain.md §4 (scheme code JP; one registry account holds J-VER, domestic and "
        "J-Credit); domain.md §1 (J-Credit replaces J-VER in 2013-04)",
        confirmed=False,
        note="scheme code JP and the usable-to-FY2020 limit come without a primary source; "
        "the Japanese name is the scheme's common name, not from domain.md",
    ),
    CreditType(
        code="domestic",
        name="Domestic credit (domestic clean development mechanism)",
        name_ja="国内クレジット",
        registry="domestic credit registry; holdings moved to the J-Credit registry",
        period="2008–2013",
        aliases=("domestic credit", "domestic credits", "国内クレジット", "KC", "KCP"),
        source="domain.md §1 and §4 (scheme codes KC/KCP; replaced by J-Credit 2013-04)",
        confirmed=False,
        note="scheme codes KC/KCP come without a primary source",
    ),
    CreditType(
        code="J-Credit",
        name="J-Credit",
        name_ja="J-クレジット",
        registry="J-Credit registry",
        period="2013–",
        aliases=("JCredit", "J Credit", "Jクレジット", "J-クレジット", "JC", "JCL"),
        source="domain.md §1 and §4 (scheme codes JC/JCL; starts 2013-04)",
        confirmed=False,
        note="scheme codes JC/JCL come without a primary source",
    ),
    CreditType(
        code="AAU",
        name="Assigned Amount Unit",
        registry="national registry of the originating Party (Kyoto)",
        serial_registry="kyoto",
        kyoto_unit_types=(1,),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE,
        confirmed=True,
    ),
    CreditType(
        code="RMU",
        name="Removal Unit",
        registry="national registry of the originating Party (Kyoto)",
        serial_registry="kyoto",
        kyoto_unit_types=(2,),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE,
        confirmed=True,
    ),
    CreditType(
        code="ERU",
        name="Emission Reduction Unit (Joint Implementation)",
        registry="national registry of the host Party (Kyoto JI)",
        serial_registry="kyoto",
        kyoto_unit_types=(3, 4),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE + " (3 converted from an AAU, 4 from an RMU)",
        confirmed=True,
    ),
    CreditType(
        code="CER",
        name="Certified Emission Reduction (Clean Development Mechanism)",
        registry="CDM registry (UNFCCC)",
        serial_registry="kyoto",
        kyoto_unit_types=(5,),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE + "; unit type 5 seen on the CER rows of the Gold Standard "
        "issuance sample (Product Type CER, serial RW-5-...); voluntary cancellation since "
        "CDM EB 69 (Sept 2012)",
        confirmed=True,
    ),
    CreditType(
        code="tCER",
        name="temporary CER (afforestation/reforestation CDM)",
        registry="CDM registry (UNFCCC)",
        serial_registry="kyoto",
        kyoto_unit_types=(6,),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE,
        confirmed=True,
    ),
    CreditType(
        code="lCER",
        name="long-term CER (afforestation/reforestation CDM)",
        registry="CDM registry (UNFCCC)",
        serial_registry="kyoto",
        kyoto_unit_types=(7,),
        commitment_periods=("CP1", "CP2"),
        source=_KYOTO_SOURCE,
        confirmed=True,
    ),
    CreditType(
        code="JCM",
        name="Joint Crediting Mechanism credit (bilateral credit)",
        name_ja="二国間クレジット（JCM）",
        registry="JCM registry of Japan (opened Nov 2015) and of each partner country",
        period="first agreement (Mongolia) 2013-01-08",
        aliases=("Joint Crediting Mechanism", "bilateral credit", "二国間クレジット"),
        source="domain.md §4",
        confirmed=False,
        note="the Japanese name is the scheme's common name, not from domain.md; no serial syntax found",
    ),
    CreditType(
        code="VCU",
        name="Verified Carbon Unit (Verra VCS)",
        registry="Verra Registry",
        serial_registry="verra",
        aliases=("VCS", "Verra", "Verified Carbon Unit"),
        source="domain.md §4 (serial syntax); serial form checked on all rows of "
        "shared/data/registry-samples/verra-transactions.csv",
        confirmed=True,
    ),
    CreditType(
        code="GS-VER",
        name="Gold Standard Verified Emission Reduction",
        registry="Gold Standard Impact Registry",
        serial_registry="gold-standard",
        aliases=("GS VER", "GSVER", "Gold Standard", "Gold Standard VER", "GS"),
        source="domain.md §4 (serial syntax); Product Type 'VER' and serial form checked on "
        "all rows of shared/data/registry-samples/gold-standard-*.csv",
        confirmed=True,
    ),
    CreditType(
        code="ACCU",
        name="Australian Carbon Credit Unit",
        registry="Australian National Registry of Emissions Units (ANREU)",
        aliases=("Australian Carbon Credit Unit",),
        source="domain.md §5 (eligible under NCOS); registry name not in domain.md",
        confirmed=False,
        note="registry (ANREU, Clean Energy Regulator) from general knowledge: confirm; no serial syntax found",
    ),
    CreditType(
        code="CAR",
        name="Climate Reserve Tonne (Climate Action Reserve)",
        registry="Climate Action Reserve",
        serial_registry="climate-action-reserve",
        aliases=("CRT", "Climate Reserve Tonne", "Climate Action Reserve"),
        source="domain.md §4 (serial example and export columns)",
        confirmed=False,
        note="the unit name 'Climate Reserve Tonne' (CRT) is not in domain.md",
    ),
    CreditType(
        code="ACR",
        name="Emission Reduction Ton (American Carbon Registry)",
        registry="American Carbon Registry",
        serial_registry="american-carbon-registry",
        aliases=("ERT", "Emission Reduction Ton", "American Carbon Registry"),
        source="domain.md §4 (serial example and export columns)",
        confirmed=False,
        note="the unit name 'Emission Reduction Ton' (ERT) is not in domain.md",
    ),
    CreditType(
        code="ART-TREES",
        name="ART TREES credit (Architecture for REDD+ Transactions)",
        registry="ART registry",
        serial_registry="art-trees",
        aliases=("ART", "TREES", "ART TREES"),
        source="domain.md §4 (serial example and export columns)",
        confirmed=False,
        note="the expansion 'Architecture for REDD+ Transactions' is not in domain.md",
    ),
)

#: Every credit type by its canonical code.
CREDIT_TYPES: dict[str, CreditType] = {t.code: t for t in _TYPES}

#: Kyoto unit-type code → credit type code (ERU has two codes).
KYOTO_UNIT_TYPES: dict[int, str] = {code: t.code for t in _TYPES for code in t.kyoto_unit_types}


def _fold(name: str) -> str:
    # NFKC turns full-width letters (ＪＶＥＲ) into ASCII; separators and case carry
    # no meaning in how people write these names.
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\s\-_.・()（）]+", "", text)


_TYPE_INDEX: dict[str, str] = {}
for _t in _TYPES:
    for _spelling in (_t.code, *_t.aliases):
        _TYPE_INDEX.setdefault(_fold(_spelling), _t.code)


def credit_type(name: str) -> CreditType:
    """The credit type for a name as people write it.

    Case, spaces, hyphens and full-width letters are ignored, and common
    aliases are known: ``'JVER'``, ``'gs ver'``, ``'VCS'`` (→ VCU), ``'CRT'``
    (→ CAR), ``'国内クレジット'`` (→ domestic). An unknown name raises an
    :class:`~offsetcalc.errors.InputError` listing the valid codes, with a
    "did you mean" hint.
    """
    code = _TYPE_INDEX.get(_fold(name)) if isinstance(name, str) else None
    if code is not None:
        return CREDIT_TYPES[code]
    valid = ", ".join(CREDIT_TYPES)
    # Match on folded spellings (report.messages.did_you_mean compares raw text, and
    # 'jcredits' is far from 'J-Credit' until case and hyphens are folded away).
    close = difflib.get_close_matches(_fold(str(name)), _TYPE_INDEX, n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(_TYPE_INDEX[c] for c in close))
    hint = Msg("hint.did-you-mean-q", names=Join([f"'{s}'" for s in suggestions], "sep.or")) if suggestions else None
    raise InputError(Msg("credit.type", name=repr(name), valid=valid), hint=hint, code="credit.type")


# --------------------------------------------------------------------------- serials

#: Registry ids and the serial forms each accepts (shown in error messages).
REGISTRIES: dict[str, str] = {
    "verra": "ISSUANCE-START-END-VCS-VCU-CODE-VER-COUNTRY-SCOPE-PROJECT-VINTAGESTART-VINTAGEEND-FLAG  e.g. "
    "19381-941412555-941441125-VCS-VCU-1310-VER-CN-13-3005-01012022-31102022-0",
    "gold-standard": "GS1-1-CC-GSID-TYPE-VINTAGE-BATCH-START-END  e.g. GS1-1-KE-GS11603-16-2025-30256-110-5463",
    "kyoto": "PARTY-TYPE-FIRST-CP-CP-LULUCF-PROJECT - PARTY-TYPE-LAST-CP-CP-LULUCF-PROJECT "
    "(CDM registry form, e.g. RW-5-1459975-2-2-0-7014 - RW-5-1460107-2-2-0-7014), one unit "
    "in that form, or PARTY-TYPE-SUPP-START-END-CP-CP-LULUCF-PROJECT (EU Reg. 2216/2004 "
    "Annex VI)",
    "climate-action-reserve": "CAR-...-START to END  e.g. CAR-1-US-1335-31-983-KS-2025-9205-1 to 5000",
    "american-carbon-registry": "ACR-...-START to END  e.g. ACR-FR-1129-2025-2917-30932 to 35143",
    "art-trees": "...-START to END  e.g. FCPF-CI-130-2023-20-1 to 46404",
}

_REGISTRY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "verra": ("VCS", "VCU"),
    "gold-standard": ("GS", "GS-VER"),
    "kyoto": ("CDM", "UNFCCC", "ITL"),
    "climate-action-reserve": ("CAR",),
    "american-carbon-registry": ("ACR",),
    "art-trees": ("ART", "TREES"),
}
_REGISTRY_ALIASES: dict[str, str] = {
    _fold(spelling): rid for rid, spellings in _REGISTRY_SPELLINGS.items() for spelling in (rid, *spellings)
}


def registry_id(name: str) -> str:
    """The canonical registry id for a name or alias (``'VCS'`` → ``'verra'``)."""
    found = _REGISTRY_ALIASES.get(_fold(name))
    if found is None:
        raise SerialError(
            Msg("serial.registry", name=repr(name), valid=", ".join(REGISTRIES)),
            hint=did_you_mean(str(name).casefold(), REGISTRIES),
            code="serial.registry",
        )
    return found


_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—−"})

# Verra: issuance - start - end - VCS - VCU - code - VER - country - sectoral scope - project - vintage start
# - vintage end - flag: 13 fields on every row of the Verra sample export and in Cloverly's description of
# the form (help.cloverly.com/knowledge/registry-serial-number-ranges). Only that shape is read: when any
# run of fields after 'VCU' was accepted, the same credits with a field dropped or added were another
# batch, and a second claim of them passed (redteam4).
# The fields after 'VCU' (code - VER - country - scope - project - vintage start - end - flag), and a
# Gold Standard batch (everything before the unit range): the serial grammars and the prefixes they
# give are written from these, so an explicit block is held to the same shape (_PREFIX_SHAPES).
_VERRA_FIELDS = r"VCU-\d+-[A-Z0-9]+-[A-Z]{2}-\d+-\d+-\d{7,8}-\d{7,8}-\d+"
_GOLD_BATCH = r"GS\d+-\d+-[A-Z]{2}-GS\d+-\d+-\d{4}-\d+"
_VERRA = re.compile(rf"(?P<issuance>\d+)-(?P<start>\d+)-(?P<end>\d+)-(?P<rest>(?:VCS-)?{_VERRA_FIELDS})")
_GOLD = re.compile(rf"(?P<prefix>{_GOLD_BATCH})-(?P<start>\d+)-(?P<end>\d+)")
# One Kyoto unit as the CDM registry prints it: party-type-serial-origCP-applCP-LULUCF-project.
_KYOTO_UNIT = r"([A-Z]{2})-(\d+)-(\d+)-(\d+)-(\d+)-(\d+)-(\d+)"
_KYOTO_RANGE = re.compile(rf"{_KYOTO_UNIT}(?:\s*-\s*{_KYOTO_UNIT})?")
_KYOTO_ANNEX_VI = re.compile(
    r"(?P<party>[A-Z]{2})-(?P<type>\d+)-(?P<supp>\d+)-(?P<start>\d+)-(?P<end>\d+)"
    r"-(?P<ocp>\d+)-(?P<acp>\d+)-(?P<lulucf>\d+)-(?P<project>\d+)"
)
# CAR, ACR and ART TREES registries print "PREFIX-START to END"; the end may
# repeat the prefix ("PREFIX-START to PREFIX-END").
_TO_FORM = re.compile(
    r"(?P<prefix>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*?)-(?P<start>\d+)\s+to\s+(?P<end>\S+)",
    re.IGNORECASE,
)
_TO_FORM_FIRST = {
    "CAR": "climate-action-reserve",
    "ACR": "american-carbon-registry",
    "ART": "art-trees",
    "TREES": "art-trees",
    "FCPF": "art-trees",
}
_TO_REGISTRIES = frozenset(_TO_FORM_FIRST.values())


def _accepted_forms(registry: str | None = None) -> Any:
    names = [registry] if registry else list(REGISTRIES)
    return Msg("serial.forms", forms="; ".join(f"{n}: {REGISTRIES[n]}" for n in names))


def _fail(text: str, why: Any, registry: str | None = None) -> SerialError:
    return SerialError(
        Msg("serial.syntax", text=repr(text), why=why),
        hint=_accepted_forms(registry),
        code="serial.syntax",
    )


def _block(text: str, registry: str, prefix: str, start: str, end: str) -> Block:
    def what() -> Msg:  # only for an error: most serials have none
        return Msg("serial.what.serial", text=repr(text))

    first, last = _int(start, what), _int(end, what)
    if last < first:
        raise SerialError(
            Msg("serial.range.serial", text=repr(text), last=last, first=first),
            hint=Msg("serial.range.serial.hint"),
            code="serial.range",
        )
    # An export repeats one prefix on every row of an issuance: each short prefix is
    # spelled canonically once (a bounded cache; errors are not cached, so they re-raise).
    return Block(registry, _cached_prefix(prefix) if len(prefix) <= 200 else canonical_prefix(prefix), first, last)


#: A canonical Verra prefix without 'VCS' before 'VCU' (the issuance number first).
_VERRA_NO_VCS = re.compile(r"(\d+)-VCU-")


def _verra_prefix(prefix: str) -> str:
    """A canonical Verra prefix with its 'VCS-' field, whether the serial printed it or not.

    Verra prints ``ISSUANCE-START-END-VCS-VCU-...``; the grammar also reads the serial without
    its ``VCS-`` field (``ISSUANCE-START-END-VCU-...``), and the issuance number names the batch
    either way. Read as two prefixes, the same credits written both ways were two blocks: listed
    twice in one file, or claimed in two files, they passed (redteam4). The form with 'VCS-' is
    the one every row of the Verra sample export prints, so prefixes already in a ledger keep it.
    """
    m = _VERRA_NO_VCS.match(prefix)
    return f"{m[1]}-VCS-VCU-{prefix[m.end() :]}" if m else prefix


#: The vintage fields of a canonical prefix: Verra's vintage start and end dates (DDMMYYYY, a
#: leading zero dropped) before the last field; Gold Standard's vintage year after the product type.
_VERRA_VINTAGE = re.compile(r"-VCU-.*-(\d{7,8})-(\d{7,8})-\d+")
_GOLD_VINTAGE = re.compile(r"GS\d+-\d+-[A-Z]{2}-GS\d+-\d+-(\d{4})-\d+")


def serial_vintage(block: Block) -> tuple[int, int] | None:
    """First and last vintage year a block's serial prints, or None where it prints none offsetcalc reads.

    The fields' places were checked on every row of the Verra and Gold Standard sample exports
    (vintage start/end columns and the Vintage column agree with the serial on all 200 Verra and
    all 100 Gold Standard retirement rows). Other registries' serials carry a year too (CAR, ACR,
    ART TREES), but which field is the vintage was not confirmed, so none is read.
    """
    if block.registry == "verra":
        dates = _verra_vintage_dates(block)
        return (dates[0].year, dates[1].year) if dates else None
    if block.registry == "gold-standard":
        m = _GOLD_VINTAGE.fullmatch(block.prefix)
        return (int(m[1]), int(m[1])) if m else None
    return None


_CAR_YEAR = re.compile(r"CAR-[A-Z0-9]+-[A-Z]{2}-\d+-\d+-\d+-[A-Z]{2}-((?:19|20)\d\d)-\d+")


def serial_year_inferred(block: Block) -> int | None:
    """The year a Climate Action Reserve serial prints where, by inference, its vintage stands; else None.

    The Reserve's serial number guide lists the fields CAR, unit type, project country, project id,
    project type, project developer id, project state (climateactionreserve.org/how/projects/
    serial-number-guide/, as stored; the rest of its table was not read), its FAQ says "the vintage
    is included in the serial number", and published serials carry a year next (CAR-1-US-293-1-120-
    CA-2006-102-1 to 29251). That this year is the vintage is inferred, not confirmed, so the rule
    that uses it (credits.future-issuance) gives a warning (redteam7).
    """
    if block.registry != "climate-action-reserve":
        return None
    m = _CAR_YEAR.fullmatch(block.prefix)
    return int(m[1]) if m else None


def serial_vintage_end(block: Block) -> dt.date | None:
    """The last day of the vintage a Verra serial prints (its vintage end date), or None.

    Verra issues units for a vintage only after it ended: on all 200 rows of the Verra sample export
    the issuance date lies after the vintage end and every retirement on or after it (redteam5). So
    a unit retired before its vintage ended had not been issued; a year alone (vintage 2025, retired
    2025-06-30) cannot show that. Gold Standard serials print a year only.
    """
    dates = _verra_vintage_dates(block) if block.registry == "verra" else None
    return dates[1] if dates else None


def _verra_vintage_dates(block: Block) -> tuple[dt.date, dt.date] | None:
    """First and last day of the vintage a Verra prefix prints, or None (no such fields, not dates, backwards)."""
    m = _VERRA_VINTAGE.search(block.prefix)
    if m is None:
        return None
    try:
        first, last = (dt.datetime.strptime(d.zfill(8), "%d%m%Y").date() for d in (m[1], m[2]))
    except ValueError:  # not a date: not a vintage field
        return None
    return (first, last) if first <= last else None


#: The canonical prefix each serial grammar gives (see the module docstring). An explicit block
#: filed under one of these registries must have it (:func:`block_prefix_error`): a block with a
#: prefix of the user's own ('VCU-3005', 'GS11603') was another batch than the registry's serial of
#: the same credits, and a second claim of them passed (redteam4). Climate Action Reserve, ACR and
#: ART TREES prefixes are only known to start with their registry's word (no export of theirs was seen).
_PREFIX_SHAPES: dict[str, re.Pattern[str]] = {
    "verra": re.compile(rf"\d+-VCS-{_VERRA_FIELDS}"),
    "gold-standard": re.compile(_GOLD_BATCH),
    "kyoto": re.compile(r"[A-Z]{2}-[1-7]-\d+-\d+-\d+-\d+"),
    "climate-action-reserve": re.compile(r"CAR(?:-[A-Z0-9]+)+"),
    "american-carbon-registry": re.compile(r"ACR(?:-[A-Z0-9]+)+"),
    "art-trees": re.compile(r"(?:ART|TREES|FCPF)(?:-[A-Z0-9]+)+"),
}


def block_prefix_error(block: Block, written: str | None = None) -> SerialError | None:
    """Why an explicit block's prefix is not the one its registry's serials give, or None.

    Only for registries whose serial form offsetcalc reads (:data:`_PREFIX_SHAPES`); a block
    of any other registry (J-Credit, JCM, ANREU) may carry any prefix, except a J-Credit scheme
    code (JC, JCL, KC, KCP) outside the J-Credit registry. A rule reports it
    (credits.serial-syntax), so the submission fails and its claims block nobody. ``written``: the
    prefix as the file (or an older ledger) spells it, whose first field is the scheme code; such a
    block's stored prefix has no separators beside a letter (:func:`canonical_block_prefix`).
    """
    try:
        spelled = canonical_prefix(written) if written is not None else block.prefix
    except SerialError:
        spelled = block.prefix
    first = spelled.split("-", 1)[0]
    if block.registry != "j-credit" and first in _JCREDIT_ONLY_CODES:
        # 'JCL-TBL 1-53' filed as JCM credits: the same J-Credits, another registry for the ledger, and
        # a second claim of them passed (redteam7). 'JP' is also Japan's Kyoto party code: not here.
        return SerialError(
            Msg(
                "serial.block.jcredit-prefix",
                prefix=repr(block.prefix),
                code=first,
                scheme=JCREDIT_SCHEME_CODES[first],
                registry=block.registry,
            ),
            hint=Msg("serial.block.jcredit-prefix.hint"),
            code="serial.block",
        )
    shape = _PREFIX_SHAPES.get(block.registry)
    if shape is None or shape.fullmatch(block.prefix):
        return None
    return SerialError(
        Msg("serial.block.prefix-shape", prefix=repr(block.prefix), registry=block.registry),
        hint=Msg("serial.block.prefix-shape.hint", form=REGISTRIES[block.registry]),
        code="serial.block",
    )


def serial_issued_from(block: Block) -> int | None:
    """The first year a block's credits can exist in, as its serial prints it, or None.

    A Kyoto unit's original commitment period is the one it was issued for (EU Reg. 2216/2004
    Annex VI; :data:`COMMITMENT_PERIODS`): a unit of CP2 (2013–2020) did not exist before 2013,
    so one retired in 2011 is a credit not yet issued (redteam4). Other registries: None.
    """
    if block.registry != "kyoto":
        return None
    fields = block.prefix.split("-")  # party - unit type - original CP - applicable CP - LULUCF - project
    period = COMMITMENT_PERIODS.get(f"CP{fields[2]}") if len(fields) == 6 else None
    return period[0] if period else None


def _parse_verra(text: str) -> Block | None:
    m = _VERRA.fullmatch(text)
    if m is None:
        return None
    return _block(text, "verra", _verra_prefix(f"{m['issuance']}-{m['rest']}"), m["start"], m["end"])


def _parse_gold(text: str) -> Block | None:
    m = _GOLD.fullmatch(text)
    if m is None:
        return None
    return _block(text, "gold-standard", m["prefix"], m["start"], m["end"])


def _kyoto_prefix(text: str, party: str, unit_type: str, rest: Sequence[str]) -> str:
    if _int(unit_type, lambda: Msg("serial.what.serial", text=repr(text))) not in KYOTO_UNIT_TYPES:
        codes = ", ".join(f"{c} {t}" for c, t in KYOTO_UNIT_TYPES.items())
        raise SerialError(
            Msg("serial.kyoto.unit-type", text=repr(text), unit_type=unit_type),
            hint=Msg("serial.kyoto.unit-type.hint", codes=codes),
            code="serial.syntax",
        )
    return "-".join((party, str(int(unit_type)), *rest))


def _parse_kyoto(text: str) -> Block | None:
    m = _KYOTO_ANNEX_VI.fullmatch(text)
    if m is not None:
        rest = (m["ocp"], m["acp"], m["lulucf"], m["project"])
        prefix = _kyoto_prefix(text, m["party"], m["type"], rest)
        return _block(text, "kyoto", prefix, m["start"], m["end"])
    m = _KYOTO_RANGE.fullmatch(text)
    if m is None:
        return None
    g = m.groups()
    first, last = g[:7], g[7:]
    if last[0] is None:  # a single unit: start = end
        last = first
    first_id = (first[0], first[1], *first[3:])
    last_id = (last[0], last[1], *last[3:])
    if first_id != last_id:
        raise SerialError(
            Msg("serial.kyoto.batches", text=repr(text), first="-".join(first_id), last="-".join(last_id)),
            hint=Msg("serial.kyoto.batches.hint"),
            code="serial.syntax",
        )
    prefix = _kyoto_prefix(text, first[0], first[1], first[3:])
    return _block(text, "kyoto", prefix, first[2], last[2])


def _parse_to_form(text: str, registry: str | None) -> Block | None:
    m = _TO_FORM.fullmatch(text)
    if m is None:
        return None
    prefix, end = m["prefix"], m["end"]
    if not end.isdigit():
        head, _, tail = end.rpartition("-")
        if head != prefix or not tail.isdigit():
            raise _fail(text, Msg("serial.syntax.end", end=repr(end), prefix=prefix), registry)
        end = tail
    detected = _TO_FORM_FIRST.get(prefix.split("-", 1)[0].upper())
    if registry is None:
        if detected is None:
            raise SerialError(
                Msg("serial.registry.unknown", text=repr(text)),
                hint=Msg("serial.registry.unknown.hint"),
                code="serial.registry",
            )
        registry = detected
    elif detected is not None and detected != registry:
        # ART TREES serials begin with the program's own code (FCPF-..., other
        # jurisdictions), so an unknown first field is accepted when the caller
        # names the registry; a CAR-/ACR- prefix is held to its own registry.
        return None
    return _block(text, registry, prefix, m["start"], end)


#: J-Credit registry codes as the J-Credit secretariat's page 「制度記号・クレジット種別・
#: クレジット認証番号について」 lists them (https://japancredit.go.jp/about/number/, read at its
#: mirror http://krutar.com/about/number/): scheme code (制度記号) -> scheme, and the credit
#: types (クレジット種別) that page names. The digit structure of the certification number
#: (クレジット認証番号) that follows them is not given in what could be read of that page, so a
#: serial of this shape is recognised and refused with a hint, never guessed into a block.
JCREDIT_SCHEME_CODES: dict[str, str] = {
    "JC": "J-Credit",
    "JCL": "J-Credit",
    "KC": "domestic credit (通常型)",
    "KCP": "domestic credit (プログラム型)",
    "JP": "J-VER",
}
JCREDIT_CREDIT_TYPES = frozenset({"ER", "ERL", "FM", "KC", "KCP", "JRM", "KRM"})
#: Scheme codes that name the J-Credit registry's schemes only (JP is also Japan's Kyoto party code).
_JCREDIT_ONLY_CODES = frozenset(JCREDIT_SCHEME_CODES) - {"JP"}
_JCREDIT_HEAD = re.compile(r"(?P<scheme>[A-Za-z]{2,3})\s*[-/ ]\s*(?P<type>[A-Za-z]{2,3})\s*[-/ ]\s*\d")


def _jcredit_refusal(text: str) -> SerialError | None:
    """A clear refusal for a J-Credit registry number, or None when the text is not one."""
    m = _JCREDIT_HEAD.match(text)
    if m is None:
        return None
    scheme, kind = m["scheme"].upper(), m["type"].upper()
    if scheme not in JCREDIT_SCHEME_CODES or kind not in JCREDIT_CREDIT_TYPES:
        return None
    return SerialError(
        Msg("serial.unsupported", text=repr(text), scheme=scheme, name=JCREDIT_SCHEME_CODES[scheme], kind=kind),
        hint=Msg("serial.unsupported.hint"),
        code="serial.unsupported",
    )


_PARSERS = {
    "verra": _parse_verra,
    "gold-standard": _parse_gold,
    "kyoto": _parse_kyoto,
}


def _parse_one(text: str, registry: str | None) -> Block:
    if registry is None or registry in _TO_REGISTRIES:
        found = _parse_to_form(text, registry)
        if found is not None:
            return found
    for name, parser in _PARSERS.items():
        if registry is None or registry == name:
            found = parser(text)
            if found is not None:
                return found
    if registry is None:
        raise _jcredit_refusal(text) or _fail(text, Msg("serial.syntax.no-form"))
    raise _fail(text, Msg("serial.syntax.not-registry", registry=registry), registry)


#: Between the serials of one cell (compiled once: an export parses one cell per row).
_SERIAL_SEPARATORS = re.compile(r"[;,\n]")


def parse_serial(text: str, registry: str | None = None) -> list[Block]:
    """Blocks of the credits a registry serial string names.

    Parameters
    ----------
    text : str
        One serial as a registry prints it, or several separated by ``;``,
        ``,`` or line breaks (each becomes a block).
    registry : str, optional
        A registry id or alias (see :data:`REGISTRIES`, :func:`registry_id`);
        detected from the serial's form when None.

    Returns
    -------
    list of Block
        One block per serial, in the order given.

    Raises
    ------
    SerialError
        When a serial matches no accepted form (the message shows the text and
        the forms accepted), when it ends before it starts, or when the
        registry cannot be told.

    References
    ----------
    Serial forms: domain.md §4 and the Verra and Gold Standard export samples.
    Kyoto block elements: EU Regulation 2216/2004 Annex VI.
    """
    if not isinstance(text, str):
        raise SerialError(Msg("serial.text", value=repr(text)), code="serial.syntax")
    wanted = registry_id(registry) if registry is not None else None
    pieces = [p.strip() for p in _SERIAL_SEPARATORS.split(canonical_serial_text(text))]
    pieces = [" ".join(p.split()) for p in pieces if p.strip()]
    if not pieces:
        raise _fail(text, Msg("serial.syntax.empty"), wanted)
    return [_parse_one(piece, wanted) for piece in pieces]


def format_serial(block: Block) -> str:
    """The registry serial string for a block, in canonical spelling (inverse of :func:`parse_serial`).

    Digit runs carry no leading zeros (Verra's ``01012022`` is written ``1012022``):
    the string parses back to the block, though it may differ from the registry's
    printed form in those zeros. Raises SerialError for a block whose registry has
    no serial form (an explicit block) or whose prefix does not have that registry's shape.
    """
    r, s, e = block.registry, block.start, block.end
    try:
        p = canonical_prefix(block.prefix)
    except SerialError:
        p = block.prefix
    block = Block(r, p, s, e)
    text: str | None = None
    if r == "verra":
        issuance, _, rest = p.partition("-")
        text = f"{issuance}-{s}-{e}-{rest}"
    elif r == "gold-standard":
        text = f"{p}-{s}-{e}"
    elif r in _TO_REGISTRIES:
        text = f"{p}-{s} to {e}"
    elif r == "kyoto":
        parts = p.split("-")
        if len(parts) == 6:
            head, tail = "-".join(parts[:2]), "-".join(parts[2:])
            text = f"{head}-{s}-{tail}"
            if e != s:
                text += f" - {head}-{e}-{tail}"
    if text is None:
        raise SerialError(
            Msg("serial.format.none", prefix=repr(p), registry=repr(r)),
            hint=Msg("serial.format.none.hint"),
            code="serial.format",
        )
    try:
        parsed: Block | None = _parse_one(text, r)
    except SerialError:
        parsed = None
    if parsed != block:
        raise SerialError(
            Msg("serial.format.shape", prefix=repr(p), registry=r), hint=_accepted_forms(r), code="serial.format"
        )
    return text


@dataclass(frozen=True)
class SerialItem:
    """One serial of a credit as written in a file, and what it parses to.

    ``path`` is the suffix of the item's location within the credit (``("serial",)``
    or ``("serial", 2)``); ``blocks`` is empty and ``error`` set when it did not parse.
    """

    path: tuple[str | int, ...]
    item: object
    blocks: tuple[Block, ...]
    error: SerialError | None = None


#: The registry holding the credits of each type that has no serial grammar here
#: (its explicit blocks are filed under it). J-VER, domestic credits and J-Credits
#: are held in one J-Credit registry account (domain.md §4: "One registry account
#: holds all three"), so one registry id: relabelling a block J-VER ↔ J-Credit never
#: makes it another block.
_BLOCK_REGISTRY: dict[str, str] = {
    "J-VER": "j-credit",
    "domestic": "j-credit",
    "J-Credit": "j-credit",
    "JCM": "jcm",
    "ACCU": "anreu",
}


def block_registry(type_name: str | None, registry: str | None = None) -> str:
    """The registry an explicit block of this credit is identified by (never the type label).

    The credit's ``registry:`` when offsetcalc knows it, else the registry of the credit
    type (its serial grammar's registry, or :data:`_BLOCK_REGISTRY`), else ``""``
    (unknown: such blocks meet every other block of an unknown registry with the same prefix).
    """
    if registry:
        try:
            return registry_id(registry)
        except OffsetcalcError:
            pass
    try:
        ct = credit_type(type_name) if type_name else None
    except OffsetcalcError:
        ct = None
    if ct is None:
        return ""
    return ct.serial_registry or _BLOCK_REGISTRY.get(ct.code, "")


def credit_serials(type_name: str, registry: str | None, serial: object) -> list[SerialItem]:
    """Every serial of one credit parsed into blocks: the one convention for rules and ledger.

    A block's identity is its registry and its serial (prefix and range), in
    canonical spelling (:func:`canonical_prefix`), never the credit type a user
    wrote. A registry serial string is parsed with the credit's ``registry:``
    when offsetcalc knows it, else its registry is detected from the form. An
    explicit ``{prefix, start, end}`` block (a mapping or a model with those
    attributes) is filed under :func:`block_registry` — for J-VER, domestic and
    J-Credit blocks alike the J-Credit registry — so relabelling cannot hide a
    double claim; when its prefix has the shape of that registry's serial
    prefix it is the very block the serial string gives, so the same credits
    written as a serial in one file and as a block in another (or in a registry
    export) still meet.
    """
    if serial is None:
        return []
    try:
        reg = registry_id(registry) if registry else None
    except OffsetcalcError:
        reg = None  # a registry with no serial grammar here: detect from the serial
    label = block_registry(type_name, registry)
    items = list(enumerate(serial)) if isinstance(serial, list) else [(None, serial)]
    out: list[SerialItem] = []
    for j, item in items:
        path: tuple[str | int, ...] = ("serial",) if j is None else ("serial", j)
        try:
            if isinstance(item, str):
                blocks = tuple(parse_serial(item, reg))
            else:
                data = item if isinstance(item, Mapping) else {k: getattr(item, k) for k in ("prefix", "start", "end")}
                blocks = (block_from_mapping(data, label),)
        except SerialError as exc:
            out.append(SerialItem(path, item, (), exc))
            continue
        out.append(SerialItem(path, item, blocks))
    return out
