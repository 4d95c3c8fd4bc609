"""The backend-neutral ledger: what a claim is, when two claims conflict, what is recorded.

Double counting — the same credits claimed by two submissions, or claimed after
a registry shows them retired for someone else — is the fraud offset schemes fear
most. A ledger remembers every credit block (:class:`~offsetcalc.credits.Block`)
each checked submission claims and every block imported from a registry's
public export, and answers one question fast: does this block share credits
with a block someone else holds? :class:`LedgerBase` holds that logic once; a
backend (:mod:`offsetcalc.ledger.sqlite`, :mod:`offsetcalc.ledger.postgres`)
supplies the connection, the schema, the overlap lookup and the transactions.
:func:`offsetcalc.ledger.open_ledger` picks the backend from ``--ledger``.

Identity. A block is its registry and its serial in canonical spelling
(:func:`offsetcalc.credits.credit_serials`), never the credit type a user wrote.
A *submission* is identified by its path (its *key*: its resolved absolute
path; with a root folder — ``--root`` — the path relative to it when the file
lies under it). The default is absolute, not relative to the current folder:
two clients' ``submission.yaml``, each checked from its own folder, are two
submissions, not one whose claims the second silently replaces. Re-checking
the same path replaces that submission's blocks —
it never conflicts with itself, even after the file was edited, as long as it
names the same offsetter and title (else it is another submission under the same
key, a :class:`Collision`, and is not recorded) — and the
file's SHA-256 is stored beside it as the version that was recorded. The
content hash is deliberately *not* part of the identity: with (path, hash) a
corrected file would collide with its own earlier version. A copy of a
submission under another path is another submission, and its claims conflict.
Registry exports are sources too, keyed by their path; re-importing one
replaces its blocks.

Accepted and rejected. A submission's claims are recorded *accepted* when it
passes and the ledger finds no error, else *rejected* (``sources.verdict``
``fail``/``error``). Only accepted claims hold credits: a rejected claim
never blocks another claimant and is named to it as information.

Conflicts. An accepted or new claim conflicts with
- a block claimed (accepted) by a different submission, unless both are
  allocations of the same provider's retirement (same provider, same range),
  whose allocated quantities are summed and may not exceed the retirement, or
- a block a registry export lists as *retired* for a named beneficiary who is
  not the submission's beneficiary (the credit's ``beneficiary`` and the file's
  ``offsetter`` both, or an allocation's provider). Names are compared loosely
  — Unicode NFKC, case, punctuation and spacing ignored, and one name
  containing the other word for word counts as the same (``Hilti`` = ``Hilti
  Corporation``) unless the contained one is only legal forms (``Corporation``).
  Rows with no beneficiary, and issued or cancelled (transferred) rows, never
  conflict.
The first accepted claim keeps the credits; in a batch, "first" is the order
the batch processes files.

Reports (offsetcalc's own policy, no scheme prescribes it). Re-checking files
the ledger already holds must give the same report as the run that recorded
them, whatever order they are re-checked in, or a CI log would change without
any file changing. So each submission has a *first-record order*: its source
id, given when it is first recorded and kept when it is re-recorded (``ledger
copy`` copies sources in this order). A submission is told
- about a rejected claim (``ledger.rejected-claim``, info) only when that
  claim's submission was first recorded before its own: the first run could
  only have shown it those;
- about an accepted claim of a submission first recorded after its own only
  when it would otherwise be accepted. Such a claim took the credits while
  this submission was rejected; if this one now passes, the later accepted
  claim is a ``ledger.double-claim`` error as always (two accepted claims of one
  block never both stand), and if it fails anyway, naming the later claimant
  would only make the report differ from the first run's. Allocations of one
  retirement are summed the same way.
Only what is *reported* depends on the order; whether a claim is accepted does
not: a passing submission is tested against every accepted claim and every
registry export. This rule hides only information from a submission that is
rejected anyway, so it cannot make a double claim pass.

Enforcement. Each accepted submission block carries a ``claim_key``: ``s:<source
id>`` for a plain claim, ``a:<provider>:<start>-<end>`` for an allocation. Two
accepted blocks of the same registry and prefix whose ranges overlap must have
the same ``claim_key``. PostgreSQL enforces this with an exclusion constraint,
so a double claim cannot be committed twice whatever the interleaving of
writers; SQLite serialises writers with one write lock. Two writers of the
*same* source (one file checked by two processes at once) take turns on
PostgreSQL too (a transaction-level advisory lock on the source, taken before
its id is read), so the second finds the first's record under its key and
replaces it (or is a key collision): a file's own claim never counts against
it, and it is never recorded twice.

Unit numbers alone (Verra). Verra appears to number its units registry-wide, so the
same unit numbers under another prefix (the serial's flag, country or project id
changed in place) are very likely the same credits. That is inferred from the
registry's export, not confirmed by a Verra document, so such an overlap — with an
accepted claim recorded earlier or with a registry export — is the *warning*
``ledger.unit-overlap`` (:class:`UnitOverlap`): it never rejects a claim, and no
constraint enforces it. Both backends index Verra blocks by unit numbers alone
(schema 3).

Unit numbers are signed 64-bit integers in both backends; a block beyond
2**63 - 1 is a ``ledger.range`` finding on its submission.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from offsetcalc.credits import Block
from offsetcalc.errors import InputError, Location
from offsetcalc.report.messages import Msg, error_text

__all__ = [
    "APPLICATION",
    "LEDGER_FORMAT",
    "SCHEMA_VERSION",
    "Claim",
    "Collision",
    "Conflict",
    "ImportSummary",
    "LedgerBase",
    "MigrationReport",
    "Problem",
    "UnitOverlap",
    "claims_from_result",
    "file_sha256",
    "same_beneficiary",
    "submission_key",
    "submission_keys",
]

#: Written to ``meta`` so a foreign database is never mistaken for a ledger.
APPLICATION = "offsetcalc-ledger"
#: ``format`` of ``ledger list --format json``.
LEDGER_FORMAT = "offsetcalc.ledger/1"
#: Schema version of both backends (kept in step). Bump with a migration in each backend.
#: 3: an index of Verra blocks by unit numbers alone (``ledger.unit-overlap``), and every stored
#: prefix re-spelled canonically on migration (:meth:`LedgerBase._recanonicalise`).
#: 4: J-Credit block prefixes stored without the separators beside a letter (``JCL-TBL`` = ``JCLTBL``),
#: every stored prefix re-spelled again on migration.
#: 5: the same for every registry without a serial grammar (JCM, ANREU, unknown: ``MN-JP-12`` = ``MNJP12``),
#: every stored prefix re-spelled again on migration (review22).
SCHEMA_VERSION = 5
#: The schema versions before which a migration re-spells every stored prefix (_recanonicalise).
RESPELL_BEFORE = 5
#: SQLite and PostgreSQL integers are signed 64-bit: unit numbers are stored as such.
_MAX_UNIT = 2**63 - 1
#: Micrograms per tonne (allocations are stored as exact µg CO2e, as text).
UG_PER_T = 10**12
#: Rows per INSERT batch when importing or copying.
BATCH_ROWS = 10_000

# --------------------------------------------------------------------------- values


class _English:
    """``message`` and ``hint`` as English text, from a finding's catalogued ``message_msg`` and ``hint_msg``."""

    message_msg: Any
    hint_msg: Any

    @property
    def message(self) -> str:
        return self.message_msg.render("en")

    @property
    def hint(self) -> str:
        return self.hint_msg.render("en")


@dataclass(frozen=True)
class Claim:
    """One block of credits a submission claims, with what the file says about it.

    ``location`` is where the credit is in the file (``file:line:col``);
    ``status`` is ``retired`` or ``planned``. ``allocation`` is ``(provider,
    allocated µg CO2e)`` when the credit is an offset provider's allocation of
    part of the retirement ``block`` belongs to (all blocks of that credit form
    the retirement).
    """

    block: Block
    location: str | None = None
    credit_type: str | None = None
    vintage: Any = None
    project: str | None = None
    retired_on: date | None = None
    beneficiary: str | None = None
    status: str = "retired"
    allocation: tuple[str, int] | None = None
    #: The file's ``offsetter:`` (not stored): a registry retirement must be for it as well as for
    #: ``beneficiary``, or a credit's beneficiary could be any name the two happen to share.
    offsetter: str | None = field(default=None, compare=False)

    @property
    def provider(self) -> str | None:
        """The offset provider whose retirement this claim is an allocation of, or None."""
        return self.allocation[0] if self.allocation else None


@dataclass(frozen=True)
class Conflict(_English):
    """A claimed block that shares credits ``lo..hi`` with a block someone else holds.

    ``other_kind`` is ``submission`` or ``registry-export``; ``other_source`` the
    other submission's key or the export's path; ``other_location`` the other
    credit's ``file:line:col`` or the export's ``file:line``.
    """

    claim: Claim
    submission: str
    other_kind: str
    other_source: str
    other_location: str | None
    other_beneficiary: str | None
    lo: int
    hi: int
    identical_copy: bool = False
    other_gone: bool = False
    other_verdict: str = "pass"

    @property
    def rejected(self) -> bool:
        """True when the other claim belongs to a submission that failed: information, not a conflict."""
        return self.other_kind == "submission" and self.other_verdict != "pass"

    @property
    def rule(self) -> str:
        if self.rejected:
            return "ledger.rejected-claim"
        return "ledger.double-claim" if self.other_kind == "submission" else "ledger.retired-for-other"

    @property
    def severity(self) -> str:
        return "info" if self.rejected else "error"

    @property
    def quantity(self) -> int:
        return self.hi - self.lo + 1

    def range_text(self) -> str:
        return self.range_msg.render("en")

    @property
    def range_msg(self) -> Any:
        return _range_msg(self)

    @property
    def message_msg(self) -> Any:
        """The message as a catalogue Msg (offsetcalc.report.messages), English or Japanese."""
        from offsetcalc.report.messages import Msg

        # Both parties and the shared range, so the line stands alone in a log or a CI summary.
        where = self.other_location or self.other_source
        mine = Msg("ledger.mine", range=self.range_msg, submission=self.submission)
        if self.rejected:
            return Msg(
                "ledger.rejected-claim", mine=mine, other=self.other_source, where=where, verdict=self.other_verdict
            )
        if self.other_kind == "submission":
            return Msg("ledger.double-claim", mine=mine, other=self.other_source, where=where)
        return Msg(
            "ledger.retired-for-other",
            mine=mine,
            other_beneficiary=repr(self.other_beneficiary),
            where=where,
            beneficiary=repr(self.claim.beneficiary or "this submission"),
        )

    @property
    def hint_msg(self) -> Any:
        from offsetcalc.report.messages import Msg

        if self.rejected:
            return Msg("ledger.hint.rejected")
        if self.other_kind == "submission":
            if self.other_gone:
                # The usual cause: the file was renamed or moved since the earlier run.
                more = Msg("ledger.hint.same-root") if self.identical_copy else ""
                return Msg("ledger.hint.gone", other=self.other_source, more=more)
            if self.identical_copy:
                return Msg("ledger.hint.identical")
            return Msg("ledger.hint.once")
        return Msg("ledger.hint.beneficiary")

    def to_dict(self) -> dict[str, Any]:
        return {
            **_shared_dict(self),
            "other_beneficiary": self.other_beneficiary,
            "other_verdict": self.other_verdict,
            "message": self.message,
        }


@dataclass(frozen=True)
class UnitOverlap(_English):
    """A claimed Verra block sharing unit numbers ``lo..hi`` with a block of *another* prefix.

    Verra appears to number its units registry-wide (:data:`offsetcalc.credits.UNIT_NUMBERED_REGISTRIES`):
    the same unit numbers under another serial are then the same credits with a field of the serial
    (flag, country, project id) changed. That is inferred from the registry's export, not confirmed
    by a Verra document, so this is a warning (``ledger.unit-overlap``): it never rejects a claim.
    ``other_kind`` is ``submission`` (an accepted claim recorded before this one) or ``registry-export``.
    """

    claim: Claim
    submission: str
    other_kind: str
    other_source: str
    other_location: str | None
    other_prefix: str
    other_start: int
    other_end: int
    lo: int
    hi: int
    rule: str = "ledger.unit-overlap"
    severity: str = "warning"

    @property
    def quantity(self) -> int:
        return self.hi - self.lo + 1

    @property
    def message_msg(self) -> Any:
        b = self.claim.block
        mine = Msg("ledger.mine", range=_range_msg(self), submission=self.submission)
        units = f"{self.other_start}" if self.other_start == self.other_end else f"{self.other_start}-{self.other_end}"
        from offsetcalc.credits import UNIT_NUMBERED_REGISTRIES

        args = {
            "mine": mine,
            "name": UNIT_NUMBERED_REGISTRIES.get(b.registry, b.registry),
            "other_prefix": self.other_prefix,
            "other_units": units,
            "other": self.other_source,
            "where": self.other_location or self.other_source,
        }
        if self.other_kind == "submission":
            return Msg("ledger.unit-overlap", **args)
        return Msg("ledger.unit-overlap.export", **args)

    @property
    def hint_msg(self) -> Any:
        return Msg("ledger.hint.unit-overlap")

    def to_dict(self) -> dict[str, Any]:
        return {
            **_shared_dict(self),
            "other_prefix": self.other_prefix,
            "message": self.message,
        }


@dataclass
class MigrationReport:
    """What re-spelling the stored prefixes canonically did (``offsetcalc ledger migrate``).

    ``changed``: (registry, old prefix, new prefix, blocks); ``refused``: (registry, prefix, reason (a
    catalogue Msg or text), blocks) — prefixes that cannot be spelled canonically, kept as they are; ``misshapen``:
    (registry, prefix, blocks) — canonical, but not the shape that registry's serials give, kept;
    ``rejected``: (submission, other submission) — accepted claims that, spelled canonically, share
    credits with an accepted claim of a submission recorded before them, and are now rejected.
    """

    changed: list[tuple[str, str, str, int]] = field(default_factory=list)
    refused: list[tuple[str, str, Any, int]] = field(default_factory=list)
    misshapen: list[tuple[str, str, int]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """A ledger finding that is not a conflict with one other claim.

    ``ledger.over-allocated``: the allocations of one provider's retirement add up
    to more than the retirement; ``ledger.range``: a unit number the ledger
    cannot hold (beyond 2**63 - 1, the signed 64-bit integers of SQLite and
    PostgreSQL; no registry numbers its units that high).
    """

    claim: Claim
    submission: str
    rule: str
    message: str
    hint: str
    severity: str = "error"

    def to_dict(self) -> dict[str, Any]:
        b = self.claim.block
        return {
            **_finding_dict(self.rule, self.severity, self.submission, self.claim, b.start, b.end),
            "message": self.message,
        }


@dataclass(frozen=True)
class Collision(_English):
    """Another submission under the key of an accepted one: recorded, it would silently replace it.

    Keys are paths relative to ``--root``: ``a/submission.yaml`` checked with ``--root a`` and
    another client's ``b/submission.yaml`` with ``--root b`` are both ``submission.yaml``, and the
    second replaced the first's claim, both passing (verdict9). A re-check under a key is the same
    submission when it is the same file or an edit of it that names the same offsetter and title;
    other bytes *and* another offsetter or title are another submission, which is not recorded.
    """

    submission: str
    other_title: str | None
    other_beneficiary: str | None
    recorded_at: str | None
    rule: str = "ledger.key-collision"
    severity: str = "error"
    claim: None = None

    @property
    def message_msg(self) -> Any:
        return Msg(
            "ledger.key-collision",
            key=self.submission,
            title=self.other_title or "-",
            beneficiary=self.other_beneficiary or "-",
            recorded=self.recorded_at or "-",
        )

    @property
    def hint_msg(self) -> Any:
        return Msg("ledger.key-collision.hint", key=self.submission)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "submission": self.submission,
            "other_title": self.other_title,
            "other_beneficiary": self.other_beneficiary,
            "message": self.message,
        }


def _range_msg(f: Conflict | UnitOverlap) -> Msg:
    """The shared credits of a conflict or overlap: registry, prefix, units, tonnes."""
    b = f.claim.block
    return Msg(
        "ledger.range",
        registry=f"{b.registry} " if b.registry else "",
        prefix=b.prefix,
        units=f"{f.lo}" if f.lo == f.hi else f"{f.lo}-{f.hi}",
        n=f"{f.quantity:,}",
    )


def _shared_dict(f: Conflict | UnitOverlap) -> dict[str, Any]:
    """What the JSON of a conflict and of an overlap share: the finding, the shared units, the other side."""
    return {
        **_finding_dict(f.rule, f.severity, f.submission, f.claim, f.lo, f.hi),
        "quantity": f.quantity,
        "other_kind": f.other_kind,
        "other_source": f.other_source,
        "other_location": f.other_location,
    }


def _finding_dict(rule: str, severity: str, submission: str, claim: Claim, start: int, end: int) -> dict[str, Any]:
    b = claim.block
    return {
        "rule": rule,
        "severity": severity,
        "submission": submission,
        "location": claim.location,
        "registry": b.registry,
        "prefix": b.prefix,
        "start": start,
        "end": end,
    }


@dataclass
class ImportSummary:
    """What :meth:`Ledger.import_export` did: blocks stored, rows refused, contradictions found.

    ``problems`` are ``(line, message)`` of rows the ledger cannot hold (a unit
    number beyond SQLite's 64-bit integers); they are left out, the rest stored.
    """

    source: str
    blocks: int = 0
    replaced: int = 0
    contradictions: list[Conflict] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def submission_key(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> str:
    """The ledger identity of a submission file (see the module docstring).

    The resolved absolute path, with ``/`` separators; with ``root``, the path
    relative to it when the file lies under it (a shared ledger whose users
    mount the submissions at different places names one ``--root``).
    """
    return submission_keys(root)(path)


def submission_keys(root: str | os.PathLike[str] | None = None) -> Callable[[str | os.PathLike[str]], str]:
    """:func:`submission_key` with ``root`` resolved once, for a batch of many files.

    Resolving the folder again for every file (a ``stat`` of each component)
    was a third of the batch parent's time.
    """
    from offsetcalc.io.paths import resolver

    real = resolver()  # each folder of the batch resolved once (os.path.realpath's answer)
    if root is None:  # absolute: the current folder is not part of a submission's identity
        return lambda path: Path(real(path)).as_posix()
    base = os.path.realpath(root)
    prefix = base.rstrip(os.sep) + os.sep

    def key(path: str | os.PathLike[str]) -> str:
        # os.path, not pathlib: the same resolution (symbolic links, '..') at a third of the cost.
        resolved = real(path)
        if resolved == base:
            return "."
        if resolved.startswith(prefix):
            resolved = resolved[len(prefix) :]
        return Path(resolved).as_posix()

    return key


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_NOT_WORD = re.compile(r"[\W_]+")


#: Beneficiary cells that name nobody: such a retirement cannot be matched to a
#: claimant either way, so it never conflicts (Gold Standard exports write
#: "Not Disclosed"). Verra's "No owner - contributing towards global emissions
#: reductions" is *not* here: it says no one may claim those credits.
UNNAMED_BENEFICIARIES = frozenset(
    {"not disclosed", "undisclosed", "not specified", "unknown", "anonymous", "n a", "na", "none", "nil"}
)


def _name_key(name: str | None) -> str:
    if not name:
        return ""
    key = " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).split())
    return "" if key in UNNAMED_BENEFICIARIES else key


#: Words that name no party by themselves: legal forms and joining words. A name made only of
#: them ('Corporation', 'Inc.', 'Co., Ltd.') is contained in every name of that form, so it never
#: counts as the same party by containment (verdict9: 'Corporation' matched 'Hilti Corporation').
# fmt: off
_GENERIC_WORDS = frozenset((
    "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "ltd", "limited", "llc", "llp", "lp",
    "plc", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "kk", "ab", "as", "oy", "pty", "pte",
    "bhd", "tbk", "the", "and", "of", "for", "group", "holdings", "holding", "kabushiki", "kaisha", "gaisha",
))
# fmt: on


def _identifying(key: str) -> bool:
    return any(w not in _GENERIC_WORDS for w in key.split())


def same_beneficiary(a: str | None, b: str | None) -> bool:
    """True when two beneficiary names plausibly name the same party (loose, see module docs).

    Equal after normalisation, or one contained in the other word for word (``Hilti`` =
    ``Hilti Corporation``) when the contained one has a word that is not a legal form.
    """
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return (f" {ka} " in f" {kb} " and _identifying(ka)) or (f" {kb} " in f" {ka} " and _identifying(kb))


def _retired_for(registry_beneficiary: str | None, claim: Claim) -> bool:
    """Whether a registry retirement's beneficiary is this claim's: the credit's beneficiary and the
    offsetter both (a credit's ``beneficiary:`` naming a word the offsetter and the registry's name
    share, 'Hilti' in 'Friends of Hilti', no longer carries someone else's retirement)."""
    if not same_beneficiary(registry_beneficiary, claim.beneficiary):
        return False
    return not _name_key(claim.offsetter) or same_beneficiary(registry_beneficiary, claim.offsetter)


def claims_from_result(result: Any) -> list[Claim]:
    """The blocks a computed submission (:class:`~offsetcalc.engine.compute.Result`) claims.

    Serials become blocks by :func:`offsetcalc.credits.credit_serials`, the same
    convention the ``credits.*`` rules use. A serial that cannot be parsed is
    skipped here; the ``credits.serial-syntax`` rule reports it. The beneficiary is the credit's
    ``beneficiary:``, else the file's ``offsetter:``.
    """
    from offsetcalc.credits import credit_serials

    claims: list[Claim] = []
    for c in result.credits:
        alloc = getattr(c, "allocation", None)
        allocation = (str(alloc.provider), int(c.ug)) if alloc is not None else None
        for s in credit_serials(c.type, c.registry, c.serial):
            for block in s.blocks:  # an unparsable serial is the credits.serial-syntax rule's to report
                claims.append(
                    Claim(
                        block,
                        location=c.location,
                        credit_type=c.type,
                        vintage=c.vintage,
                        project=c.project,
                        retired_on=c.retired_on,
                        beneficiary=getattr(c, "beneficiary", None) or result.offsetter,
                        status=c.status,
                        allocation=allocation,
                        offsetter=getattr(result, "offsetter", None),
                    )
                )
    return claims


def _size_class(block: Block) -> int:
    return (block.end - block.start).bit_length()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _tonnes(ug: int) -> str:
    """µg as tonnes, exactly, with thousands separators (``3.1``, ``1,000``)."""
    whole, frac = divmod(ug, UG_PER_T)
    text = f"{whole:,}"
    if frac:
        text += "." + f"{frac:012d}".rstrip("0")
    return text


def same_retirement(claim: Claim, other_provider: str | None, lo: int, hi: int) -> bool:
    """True when ``claim`` and another claim on units ``lo``–``hi`` allocated by ``other_provider``
    are allocations of one provider's retirement of exactly this block: their sum is checked
    (``ledger.over-allocated``), they are not a double claim. Never true of a plain claim."""
    return same_beneficiary(claim.provider, other_provider) and (lo, hi) == (claim.block.start, claim.block.end)


def _first_recorded_before(row: Any, own_id: int | None) -> bool:
    """True when ``row`` belongs to a registry export or to a submission first recorded before ``own_id``.

    A source's id is given when it is first recorded and kept when it is
    re-recorded, so ids are the order of first records; a submission not yet
    recorded (``own_id`` None) comes after every recorded one.
    """
    return row["source_kind"] != "submission" or own_id is None or row["source_id"] < own_id


def _range_problem(claim: Claim, key: str) -> Problem:
    return Problem(
        claim,
        key,
        "ledger.range",
        f"credit unit number {claim.block.end} is beyond what the ledger holds ({_MAX_UNIT:,}, a signed "
        "64-bit integer); no registry numbers its units that high, so this block cannot be recorded",
        "check the serial against the registry's retirement notice",
    )


def _claim_row(c: Claim) -> tuple[Any, ...]:
    return (
        c.block.registry,
        c.block.prefix,
        c.block.start,
        c.block.end,
        _size_class(c.block),
        c.status,
        c.credit_type,
        _text(c.vintage),
        c.project,
        _text(c.retired_on),
        c.beneficiary,
        c.location,
        c.provider,
        str(c.allocation[1]) if c.allocation else None,
    )


def _export_row(r: Any, key: str) -> tuple[Any, ...]:
    return (
        r.block.registry,
        r.block.prefix,
        r.block.start,
        r.block.end,
        _size_class(r.block),
        r.status,
        None,
        _text(r.vintage),
        " ".join(p for p in (r.project.id, r.project.name) if p) or None,
        _text(r.retired_on),
        r.beneficiary or None,
        f"{key}:{r.line}",
        None,
        None,
        None,
    )


def _check_block(block: Block, where: str | None) -> None:
    if block.end > _MAX_UNIT:
        raise InputError(
            Msg("ledger.error.unit-too-large", end=block.end, limit=_MAX_UNIT),
            location=Location(where) if where else None,
            code="ledger.range",
        )


# --------------------------------------------------------------------------- the ledger


def claim_key(claim: Claim, source_id: int) -> str:
    """The key two overlapping accepted claims must share (see the module docstring)."""
    if claim.allocation is not None:
        return f"a:{_name_key(claim.allocation[0])}:{claim.block.start}-{claim.block.end}"
    return f"s:{source_id}"


class LedgerBase:
    """What every ledger backend does; a backend supplies the methods that raise NotImplementedError.

    Backend contract: ``_q(sql, params)`` runs one statement written with ``?``
    placeholders and returns a cursor (``fetchone``, ``fetchall``, ``rowcount``,
    iteration); ``overlapping(block)`` returns rows that support ``row["column"]``;
    ``_insert_blocks(source_id, rows)`` stores rows made by :func:`_claim_row`
    plus their ``claim_key``; ``_write()`` makes one record atomic;
    ``transaction()`` groups many records; ``_lock_retirements(keys)`` serialises
    writers of the same allocated retirements and ``_lock_source(kind, key)``
    writers of the same source (SQLite's single write lock does both already).
    """

    path: str
    root: Any = None
    #: Where the ledger is, for messages (a URL with its password masked).
    display: str = ""

    # ---- what a backend provides

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def overlapping(self, block: Block) -> list[Any]:
        """Every recorded block sharing credits with ``block``, with its source's kind, key, sha256, verdict.

        Ordered by start, then source id (first-record order), then block id: a
        re-recorded source's blocks get new ids, so the block id alone would
        reorder the findings of an unchanged file.
        """
        raise NotImplementedError

    def overlapping_units(self, block: Block) -> list[Any]:
        """Every recorded block of ``block``'s registry sharing unit numbers with it, whatever its prefix.

        Only for :data:`~offsetcalc.credits.UNIT_NUMBERED_REGISTRIES`; rows and order as :meth:`overlapping`.
        """
        raise NotImplementedError

    def _insert_blocks(self, source_id: int, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _lock_retirements(self, keys: list[str]) -> None:
        return None

    def _lock_source(self, kind: str, key: str) -> None:
        """Make other writers of this source wait until the current transaction ends.

        Taken first in every write of a source, before its id is read: two
        processes recording the same file at once then run one after the other,
        and the second finds the first's record as its own (see "Enforcement"
        in the module docstring). SQLite's single write lock does that already.
        """
        return None

    def _bulk_load(self) -> AbstractContextManager[None]:
        """Settings for a long import inside the current transaction (none by default); durability unchanged."""
        return nullcontext()

    def iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, streamed (``ledger copy`` of millions of blocks)."""
        yield from self._q(sql, params)

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> LedgerBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- shared logic

    def _conflicts(
        self, key: str, sha256: str, claims: Sequence[Claim], own_id: int | None
    ) -> tuple[list[Conflict], list[Conflict]]:
        """(conflicts with registry exports and submissions first recorded before ``own_id``, and with later ones).

        See "Reports" in the module docstring for why the two are kept apart.
        """
        found: list[Conflict] = []
        later: list[Conflict] = []
        seen: set[tuple[int, int, int, int]] = set()
        for i, claim in enumerate(claims):
            for row in self.overlapping(claim.block):
                if own_id is not None and row["source_id"] == own_id:
                    continue
                lo, hi = max(claim.block.start, row["start"]), min(claim.block.end, row["end"])
                # A source that lists the same credits twice is one conflict, not two.
                if (i, row["source_id"], lo, hi) in seen:
                    continue
                seen.add((i, row["source_id"], lo, hi))
                if row["source_kind"] == "submission":
                    verdict = row["source_verdict"]
                    if verdict == "pass" and same_retirement(claim, row["alloc_provider"], row["start"], row["end"]):
                        continue  # allocations of one retirement: summed by _over_allocations
                    (found if _first_recorded_before(row, own_id) else later).append(
                        Conflict(
                            claim,
                            key,
                            "submission",
                            row["source_key"],
                            row["location"],
                            row["beneficiary"],
                            lo,
                            hi,
                            identical_copy=row["source_sha256"] == sha256,
                            other_gone=verdict == "pass" and self._gone(row["source_key"]),
                            other_verdict=verdict,
                        )
                    )
                elif (
                    row["status"] == "retired"
                    and _name_key(row["beneficiary"])
                    and not _retired_for(row["beneficiary"], claim)
                    # A provider's retirement is shown retired for the provider.
                    and not (claim.allocation and same_beneficiary(row["beneficiary"], claim.allocation[0]))
                ):
                    found.append(
                        Conflict(
                            claim,
                            key,
                            "registry-export",
                            row["source_key"],
                            row["location"],
                            row["beneficiary"],
                            lo,
                            hi,
                        )
                    )
        found.extend(self._unit_overlaps(key, claims, own_id))
        return found, later

    def _unit_overlaps(self, key: str, claims: Sequence[Claim], own_id: int | None) -> list[UnitOverlap]:
        """Warnings for claims whose Verra unit numbers another prefix holds (see :class:`UnitOverlap`).

        Told only about accepted claims first recorded before this submission and about registry
        exports, as "Reports" in the module docstring tells rejected claims: re-checking an earlier
        file must not add a warning its first run did not give.
        """
        from offsetcalc.credits import UNIT_NUMBERED_REGISTRIES

        out: list[UnitOverlap] = []
        seen: set[tuple[int, int, str]] = set()
        for i, claim in enumerate(claims):
            block = claim.block
            if block.registry not in UNIT_NUMBERED_REGISTRIES:
                continue
            for row in self.overlapping_units(block):
                if row["prefix"] == block.prefix or (own_id is not None and row["source_id"] == own_id):
                    continue
                if row["source_kind"] == "submission" and (
                    row["source_verdict"] != "pass" or not _first_recorded_before(row, own_id)
                ):
                    continue
                # One warning per other source and serial: an export lists the same units in several rows.
                if (i, row["source_id"], row["prefix"]) in seen:
                    continue
                seen.add((i, row["source_id"], row["prefix"]))
                out.append(
                    UnitOverlap(
                        claim,
                        key,
                        row["source_kind"],
                        row["source_key"],
                        row["location"],
                        row["prefix"],
                        row["start"],
                        row["end"],
                        max(block.start, row["start"]),
                        min(block.end, row["end"]),
                    )
                )
        return out

    def _recanonicalise(self) -> MigrationReport:
        """Re-spell every stored prefix as a claim today spells it (inside the caller's migration transaction).

        Ledgers written before redteam4 may hold Verra prefixes without ``VCS-`` and explicit blocks in
        other spellings; a new claim of the same credits is canonical and would not meet them. Each
        distinct (registry, prefix) goes through :func:`offsetcalc.credits.canonical_block_prefix`, the
        claim path's own function. A prefix it refuses is kept and reported, never dropped. Accepted
        claims that, re-spelled, share credits with another accepted claim keep the first recorded
        one's (lower source id: "the first accepted claim keeps the credits"); the later submission is
        recorded rejected and reported, so re-checking it gives the double claim. Idempotent: a second
        run finds every prefix canonical already.
        """
        from offsetcalc.credits import block_prefix_error, canonical_block_prefix
        from offsetcalc.errors import SerialError

        report = MigrationReport()
        held: list[tuple[int, int, str, str, str, int, int]] = []
        # Sorted here, by code point: ORDER BY would follow PostgreSQL's collation (en_US, ICU) and list the
        # changes in another order than SQLite's byte order for the same ledger.
        pairs = sorted(self._q("SELECT registry, prefix, count(*) FROM blocks GROUP BY registry, prefix").fetchall())
        for registry, prefix, n in pairs:
            try:
                new = canonical_block_prefix(registry, prefix)
            except SerialError as exc:
                report.refused.append((registry, prefix, exc.msg or exc.message, int(n)))
                continue
            if block_prefix_error(Block(registry, new, 0, 0), prefix) is not None:
                report.misshapen.append((registry, new, int(n)))
            if new == prefix:
                continue
            report.changed.append((registry, prefix, new, int(n)))
            # Accepted claims let go of their key while prefixes move (PostgreSQL's exclusion
            # constraint would refuse the UPDATE of a pair that now overlaps); given back below.
            for block_id, source_id, claim, start, end in self._q(
                'SELECT id, source_id, claim_key, start, "end" FROM blocks '
                "WHERE registry = ? AND prefix = ? AND claim_key IS NOT NULL",
                (registry, prefix),
            ).fetchall():
                held.append((int(source_id), int(block_id), claim, registry, new, int(start), int(end)))
            self._q(
                "UPDATE blocks SET claim_key = NULL WHERE registry = ? AND prefix = ? AND claim_key IS NOT NULL",
                (registry, prefix),
            )
            self._q("UPDATE blocks SET prefix = ? WHERE registry = ? AND prefix = ?", (new, registry, prefix))
        # Decided in first-record order: a source is rejected only for meeting a claim of an *earlier*
        # source still accepted, so a claim the migration itself rejects blocks nobody (as
        # record_submission treats rejected claims). An accepted block a moved one meets (its own
        # prefix unchanged) lets go of its key too and is judged at its source's turn: until then no
        # block of a later source holds a key there, so giving a key back never trips the exclusion.
        todo = set(held)
        for _, _, claim, registry, prefix, start, end in held:
            todo.update(
                (int(s), int(b), str(k), registry, prefix, int(lo), int(hi))
                for s, b, k, lo, hi in self._q(
                    'SELECT source_id, id, claim_key, start, "end" FROM blocks WHERE registry = ? AND prefix = ? '
                    'AND start <= ? AND "end" >= ? AND claim_key IS NOT NULL AND claim_key <> ?',
                    (registry, prefix, end, start, claim),
                ).fetchall()
            )
        for _, block_id, *_ in todo.difference(held):  # the moved blocks let go of theirs above
            self._q("UPDATE blocks SET claim_key = NULL WHERE id = ?", (block_id,))
        rejected: set[int] = set()
        for source_id, block_id, claim, registry, prefix, start, end in sorted(todo):
            if source_id in rejected:
                continue
            first = self._q(
                'SELECT min(source_id) FROM blocks WHERE registry = ? AND prefix = ? AND start <= ? AND "end" >= ? '
                "AND claim_key IS NOT NULL AND claim_key <> ? AND source_id < ?",
                (registry, prefix, end, start, claim, source_id),
            ).fetchone()[0]
            if first is None:
                self._q("UPDATE blocks SET claim_key = ? WHERE id = ?", (claim, block_id))
                continue
            self._reject_source(source_id)
            rejected.add(source_id)
            report.rejected.append((self._source_key(source_id), self._source_key(int(first))))
        self._respelled_allocations(held, rejected, report)
        return report

    def _respelled_allocations(self, held: list[Any], rejected: set[int], report: MigrationReport) -> None:
        """Allocations of one retirement that meet only once re-spelled, summed as a new claim's are.

        They share one claim_key, so the step above (and PostgreSQL's exclusion) lets them stand together;
        a source whose allocations, with those recorded before it, exceed the retirement's size is
        recorded rejected, as ``record_submission`` would have rejected it (``ledger.over-allocated``).
        Before (review22): two accepted allocations of 20 t each of one 27 t retirement, spelled
        ``JCL-TBL`` and ``JCLTBL``, both stayed accepted after ``ledger migrate``.
        """
        batches = sorted({(registry, prefix) for _, _, key, registry, prefix, _, _ in held if key.startswith("a:")})
        sources: set[int] = set()
        for registry, prefix in batches:
            sources.update(
                int(r[0])
                for r in self._q(
                    "SELECT DISTINCT source_id FROM blocks WHERE registry = ? AND prefix = ? "
                    "AND alloc_provider IS NOT NULL AND claim_key IS NOT NULL",
                    (registry, prefix),
                ).fetchall()
            )
        for source_id in sorted(sources - rejected):
            rows = self._q(
                'SELECT registry, prefix, start, "end", location, alloc_provider, alloc_ug FROM blocks '
                "WHERE source_id = ? AND alloc_provider IS NOT NULL ORDER BY id",
                (source_id,),
            ).fetchall()
            claims = [
                Claim(Block(r, p, int(lo), int(hi)), location=loc, allocation=(prov, int(ug)))
                for r, p, lo, hi, loc, prov, ug in rows
            ]
            if not self._over_allocations("", claims, source_id, earlier_only=True):
                continue
            first = min(
                (
                    int(row["source_id"])
                    for c in claims
                    for row in self.overlapping(c.block)
                    if row["source_id"] < source_id and row["source_verdict"] == "pass" and row["alloc_provider"]
                ),
                default=None,
            )
            if first is None:  # its own allocation alone is too large: record_submission's finding, not a new one
                continue
            self._reject_source(source_id)
            rejected.add(source_id)
            report.rejected.append((self._source_key(source_id), self._source_key(first)))

    def _reject_source(self, source_id: int) -> None:
        self._q("UPDATE sources SET verdict = 'fail' WHERE id = ?", (source_id,))
        self._q("UPDATE blocks SET claim_key = NULL WHERE source_id = ?", (source_id,))

    def _source_key(self, source_id: int) -> str:
        return str(self._q("SELECT key FROM sources WHERE id = ?", (source_id,)).fetchone()[0])

    def _over_allocations(
        self, key: str, claims: Sequence[Claim], own_id: int | None, *, earlier_only: bool = False
    ) -> list[Problem]:
        """One problem per allocated credit whose retirement is allocated beyond its size.

        With ``earlier_only`` only the allocations of submissions first recorded
        before ``own_id`` are counted (see "Reports" in the module docstring).
        """
        groups: dict[str | None, list[Claim]] = {}
        for c in claims:
            if c.allocation is not None:
                groups.setdefault(c.location, []).append(c)
        problems = []
        for members in groups.values():
            provider, mine = members[0].allocation  # type: ignore[misc]
            size = sum(c.block.quantity for c in members)
            others: dict[tuple[int, str | None], tuple[str, str | None, int]] = {}
            for c in members:
                for row in self.overlapping(c.block):
                    if (own_id is not None and row["source_id"] == own_id) or row["source_kind"] != "submission":
                        continue
                    if earlier_only and not _first_recorded_before(row, own_id):
                        continue
                    if row["source_verdict"] == "pass" and same_retirement(
                        c, row["alloc_provider"], row["start"], row["end"]
                    ):
                        others[(row["source_id"], row["location"])] = (
                            row["source_key"],
                            row["location"],
                            int(row["alloc_ug"]),
                        )
            total = mine + sum(ug for _, _, ug in others.values())
            if total <= size * UG_PER_T:
                continue
            first = members[0].block
            units = ", ".join(f"{c.block.start}-{c.block.end}" for c in members)
            listed = "; ".join(f"{k} (at {loc}) {_tonnes(ug)} t" for k, loc, ug in sorted(others.values(), key=str))
            problems.append(
                Problem(
                    members[0],
                    key,
                    "ledger.over-allocated",
                    f"allocations of {provider!r}'s retirement {first.registry} {first.prefix} units {units} "
                    f"({size:,} t) add up to {_tonnes(total)} t: this submission {_tonnes(mine)} t, "
                    f"other allocations: {listed}",
                    "a provider can allocate no more than it retired: ask the provider for the allocation "
                    "records of this retirement",
                )
            )
        return problems

    def _gone(self, key: str) -> bool:
        """True when a submission key names no file any more (seen from this ledger's root)."""
        base = Path(self.root if self.root is not None else os.getcwd())
        try:
            return not (base / key).exists()
        except (OSError, ValueError):
            return False

    def _source_id(self, kind: str, key: str) -> int | None:
        row = self._q("SELECT id FROM sources WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return row[0] if row else None

    def _replace_source(
        self,
        kind: str,
        key: str,
        sha256: str,
        *,
        registry: str | None,
        title: str | None,
        beneficiary: str | None,
        verdict: str = "pass",
    ) -> tuple[int, int]:
        """(source id, number of blocks removed) for a fresh or replaced source."""
        own = self._source_id(kind, key)
        removed = 0
        if own is not None:
            removed = self._q("DELETE FROM blocks WHERE source_id = ?", (own,)).rowcount
            self._q(
                "UPDATE sources SET sha256 = ?, registry = ?, title = ?, beneficiary = ?, recorded_at = ?, verdict = ? "
                "WHERE id = ?",
                (sha256, registry, title, beneficiary, _now(), verdict, own),
            )
            return own, removed
        cur = self._q(
            "INSERT INTO sources (kind, key, sha256, registry, title, beneficiary, recorded_at, verdict) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (kind, key, sha256, registry, title, beneficiary, _now(), verdict),
        )
        return int(cur.fetchone()[0]), removed

    def record_submission(
        self,
        key: str,
        sha256: str,
        claims: Sequence[Claim],
        *,
        title: str | None = None,
        beneficiary: str | None = None,
        dry_run: bool = False,
        verdict: str = "pass",
    ) -> list[Conflict | Problem | Collision]:
        """Record the blocks a submission claims; return what the ledger found.

        ``verdict`` is the submission's verdict before the ledger. Its claims are
        recorded *accepted* when it is ``pass`` and nothing here is an error
        (a double claim, a retirement for another beneficiary, an allocation
        beyond its retirement, a unit number the ledger cannot hold); otherwise
        they are recorded *rejected* (verdict ``fail``), and a rejected claim
        never blocks another claimant: it is named to a claimant first recorded
        after it as information (``ledger.rejected-claim``, severity info;
        "Reports" in the module docstring). Re-recording the same ``key``
        replaces its blocks and keeps its first-record order — unless the key holds an accepted
        submission with other bytes and another offsetter or title: that is another submission
        (:class:`Collision`), and nothing is written. With ``dry_run`` nothing is
        written. The test and the write are one transaction (or a savepoint
        inside :meth:`transaction`), so concurrent writers cannot both win.
        """
        storable = [c for c in claims if c.block.end <= _MAX_UNIT]
        found: list[Conflict | Problem] = [_range_problem(c, key) for c in claims if c.block.end > _MAX_UNIT]
        with self._write():
            # Writers of the same submission take turns: one that read "not recorded yet" must not then
            # meet its own file's claim, committed meanwhile by another process, as someone else's.
            self._lock_source("submission", key)
            # Writers of the same allocated retirement take turns, so their sum is checked against every other.
            self._lock_retirements(sorted({claim_key(c, 0) for c in storable if c.allocation is not None}))
            own = self._source_id("submission", key)
            collision = self._collision(own, key, sha256, title, beneficiary)
            if collision is not None:
                return [*found, collision]
            earlier, later = self._conflicts(key, sha256, storable, own)
            found.extend(earlier)
            found.extend(self._over_allocations(key, storable, own, earlier_only=True))
            if verdict == "pass" and not any(f.severity == "error" for f in found):
                # Accepted on what was recorded before it, so it must also hold against every
                # accepted claim recorded after it (one that took credits while this submission
                # was rejected): two accepted claims of one block must never both stand.
                found.extend(c for c in later if not c.rejected)
                found.extend(self._over_allocations(key, storable, own))
            if dry_run:
                return found
            accepted = verdict == "pass" and not any(f.severity == "error" for f in found)
            source_id, _ = self._replace_source(
                "submission",
                key,
                sha256,
                registry=None,
                title=title,
                beneficiary=beneficiary,
                verdict="pass" if accepted else ("error" if verdict == "error" else "fail"),
            )
            self._insert_blocks(
                source_id, [(*_claim_row(c), claim_key(c, source_id) if accepted else None) for c in storable]
            )
        return found

    def _collision(
        self, own: int | None, key: str, sha256: str, title: str | None, beneficiary: str | None
    ) -> Collision | None:
        """A :class:`Collision` when ``key`` holds an accepted submission this one is not a version of."""
        if own is None:
            return None
        row = self._q(
            "SELECT sha256, title, beneficiary, verdict, recorded_at FROM sources WHERE id = ?", (own,)
        ).fetchone()
        held_sha, held_title, held_beneficiary, held_verdict, recorded_at = row
        if held_verdict != "pass" or held_sha == sha256:
            return None
        same_party = (not _name_key(held_beneficiary) and not _name_key(beneficiary)) or same_beneficiary(
            held_beneficiary, beneficiary
        )
        if same_party and _name_key(held_title) == _name_key(title):
            return None  # an edit of the same submission (a correction): it replaces its record, as always
        return Collision(key, held_title, held_beneficiary, str(recorded_at) if recorded_at else None)

    def reject_submission(self, key: str, verdict: str = "error") -> bool:
        """Mark an earlier record of ``key`` rejected (its file now errors); True if there was one."""
        with self._write():
            self._lock_source("submission", key)
            own = self._source_id("submission", key)
            if own is None:
                return False
            self._q("UPDATE sources SET verdict = ? WHERE id = ?", (verdict, own))
            self._q("UPDATE blocks SET claim_key = NULL WHERE source_id = ?", (own,))
            return True

    def import_export(self, export: Any, *, key: str | None = None, sha256: str | None = None) -> ImportSummary:
        """Store the blocks of a read registry export (:class:`~offsetcalc.io.registries.ExportResult`).

        Re-importing the same file (same ``key``, by default its path as given
        to :func:`submission_key`) replaces its blocks. Overlaps between exports
        are normal (an issuance row holds the blocks later retired) and never
        conflict. Returned ``contradictions`` are recorded submissions whose
        claims the export shows retired for another beneficiary.
        """
        key = key or submission_key(export.source, self.root)
        # The hash of the bytes the rows came from: known now for a read export, once its rows
        # are consumed for a streamed one (recorded below, in the same transaction).
        given = sha256 or getattr(export, "sha256", None)
        sha256 = given or ""
        summary = ImportSummary(source=key)
        with self._write(), self._bulk_load():
            self._lock_source("registry-export", key)
            source_id, summary.replaced = self._replace_source(
                "registry-export", key, sha256, registry=export.registry, title=None, beneficiary=None
            )
            # Streamed: ``export.records`` may be an iterator over a file of millions of rows;
            # BATCH_ROWS rows at a time are held, stored and compared with recorded claims.
            claimed = self._claimed_batches()
            records: list[Any] = []
            for r in export.records:
                try:
                    _check_block(r.block, f"{export.source}:{r.line}")
                except InputError as exc:  # one absurd row must not cost the others
                    summary.problems.append((r.line, error_text(exc)))
                    continue
                records.append(r)
                if len(records) >= BATCH_ROWS:
                    self._import_batch(source_id, key, records, summary, claimed)
                    records = []
            self._import_batch(source_id, key, records, summary, claimed)
            if not given:  # an export object without a hash of its own: the file as it is now
                sha256 = getattr(export, "sha256", None) or file_sha256(export.source)
                self._q("UPDATE sources SET sha256 = ? WHERE id = ?", (sha256, source_id))
        return summary

    def _import_batch(
        self, source_id: int, key: str, records: list[Any], summary: ImportSummary, claimed: set[tuple[str, str]]
    ) -> None:
        if not records:
            return
        self._insert_blocks(source_id, [_export_row(r, key) for r in records])
        summary.blocks += len(records)
        summary.contradictions.extend(self._contradictions(records, key, claimed))

    def _claimed_batches(self) -> set[tuple[str, str]]:
        """Every (registry, prefix) in which some submission claims credits (read once per import)."""
        return {
            (r[0], r[1])
            for r in self._q(
                "SELECT DISTINCT b.registry, b.prefix FROM blocks AS b JOIN sources AS s ON s.id = b.source_id "
                "WHERE s.kind = 'submission'"
            )
        }

    def _contradictions(self, records: Sequence[Any], key: str, claimed: set[tuple[str, str]]) -> list[Conflict]:
        found = []
        # Only rows of batches someone claims are looked up: most of a registry's history is claimed by no one.
        for r in records:
            if r.status != "retired" or not _name_key(r.beneficiary):
                continue
            if (r.block.registry, r.block.prefix) not in claimed:
                continue
            for row in self.overlapping(r.block):
                if (
                    row["source_kind"] != "submission"
                    or row["source_verdict"] != "pass"
                    or same_beneficiary(r.beneficiary, row["beneficiary"])
                    or (row["alloc_provider"] and same_beneficiary(r.beneficiary, row["alloc_provider"]))
                ):
                    continue
                claim = Claim(
                    Block(row["registry"], row["prefix"], row["start"], row["end"]),
                    location=row["location"],
                    beneficiary=row["beneficiary"],
                )
                lo, hi = max(r.block.start, row["start"]), min(r.block.end, row["end"])
                found.append(
                    Conflict(claim, row["source_key"], "registry-export", key, f"{key}:{r.line}", r.beneficiary, lo, hi)
                )
        return found

    def forget(self, key: str, kind: str = "submission") -> bool:
        """Remove a submission (or export) and its blocks; True if it was there."""
        with self._write():
            self._lock_source(kind, key)
            return self._q("DELETE FROM sources WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0

    def blocks(self, *, registry: str | None = None, prefix: str | None = None) -> Iterator[dict[str, Any]]:
        """Every block, as SPEC.md §5 lists them, ordered by registry, prefix, start.

        ``prefix`` is matched as written and as a claim of each registry spells it
        (:func:`offsetcalc.credits.canonical_block_prefix`): a J-Credit block written ``JP-EXAMPLE-2012``
        is stored ``JPEXAMPLE2012`` (schema 4), and ``ledger list --prefix JP-EXAMPLE-2012`` listed nothing (review22).
        """
        from offsetcalc.credits import canonical_block_prefix
        from offsetcalc.errors import SerialError

        where, args = [], []
        if registry is not None:
            where.append("b.registry = ?")
            args.append(registry)
        if prefix is not None:
            try:  # as written, as Verra's and as a registry without a serial grammar (J-Credit …) store it
                spellings = {prefix, canonical_block_prefix("", prefix), canonical_block_prefix("verra", prefix)}
            except SerialError:  # not a prefix a claim could have: only the text as written
                spellings = {prefix}
            where.append(f"b.prefix IN ({', '.join('?' * len(spellings))})")
            args += sorted(spellings)
        sql = (
            'SELECT b.registry, b.prefix, b.start, b."end", b.vintage, b.project, b.retired_on, b.beneficiary, '
            "s.key, s.kind, b.status, b.credit_type, b.location, s.verdict, b.alloc_provider, b.alloc_ug "
            "FROM blocks AS b JOIN sources AS s "
            "ON s.id = b.source_id" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY b.registry, "
            'b.prefix, b.start, b."end", s.kind, s.key, b.id'
        )
        for row in self._q(sql, args):
            reg, pre, start, end, vintage, project, retired_on, beneficiary, key, kind, status, ctype, loc = row[:13]
            verdict, provider, alloc_ug = row[13:]
            yield {
                "registry": reg,
                "prefix": pre,
                "start": start,
                "end": end,
                "quantity": end - start + 1,
                "vintage": int(vintage) if vintage and vintage.isdigit() else vintage,
                "project": project,
                "retired_on": retired_on,
                "beneficiary": beneficiary,
                "source": key,
                "source_kind": kind,
                "status": status,
                "credit_type": ctype,
                "location": loc,
                # A submission's claim is accepted (it passed) or rejected (it failed: it holds no credits).
                "claim": None if kind != "submission" else ("accepted" if verdict == "pass" else "rejected"),
                "allocation": None
                if provider is None
                else {"provider": provider, "quantity": _tonnes(int(alloc_ug)).replace(",", "")},
            }

    def sources(self) -> list[dict[str, Any]]:
        """Every submission and export recorded, with its block count."""
        rows = self._q(
            "SELECT s.kind, s.key, s.sha256, s.registry, s.title, s.beneficiary, s.recorded_at, s.verdict, count(b.id) "
            "FROM sources AS s LEFT JOIN blocks AS b ON b.source_id = s.id GROUP BY s.id ORDER BY s.kind, s.key"
        ).fetchall()
        names = ("kind", "key", "sha256", "registry", "title", "beneficiary", "recorded_at", "verdict", "blocks")
        return [dict(zip(names, r, strict=True)) for r in rows]

    def meta(self) -> dict[str, str]:
        return dict(self._q("SELECT key, value FROM meta").fetchall())

    def count(self) -> int:
        return int(self._q("SELECT count(*) FROM blocks").fetchone()[0])
