"""The retired-credit ledger: who claimed which credits, so none is claimed twice.

Double counting — the same credits claimed by two submissions, or claimed after
a registry shows them retired for someone else — is the fraud offset schemes fear
most (domain.md §6). The ledger is a SQLite file that remembers every credit
block (:class:`~offsetcalc.credits.Block`) each checked submission claims and
every block imported from a registry's public export, and answers one question
fast: does this block share credits with a block someone else holds?

Sources. A *submission* is identified by its path (its *key*: relative to a root
folder, by default the current directory, when the file lies under it, else
absolute; both resolved). Re-checking the same path replaces that submission's
blocks — it never conflicts with itself, even after the file was edited — and
the file's SHA-256 is stored beside it as the version that was recorded. The
content hash is deliberately *not* part of the identity: with (path, hash) a
corrected file would collide with its own earlier version. A copy of a
submission under another path is another submission, and its claims conflict
(the message says when the two files are identical, the usual cause being a
check run from another folder: pass the same ``--root``). Registry exports are
sources too, keyed by their path, and re-importing one replaces its blocks.

Conflicts. A submission's block conflicts with
- a block claimed by a different submission (recorded earlier in this batch or
  in an earlier run), or
- a block a registry export lists as *retired* for a named beneficiary who is
  not the submission's beneficiary (the credit's ``beneficiary``, else the
  file's ``offsetter``). Names are compared loosely — Unicode NFKC, case,
  punctuation and spacing ignored, and one name containing the other counts as
  the same (``Hilti`` = ``Hilti Corporation``) — because a false accusation of
  double counting costs a reviewer's time while a real one names a different
  party. Rows with no beneficiary, and issued or cancelled (transferred) rows,
  never conflict.
:meth:`Ledger.record_submission` records a submission only when it has no
conflict; otherwise the ledger is left as it was and the conflicts are
returned. So the first claim recorded keeps the credits and every later,
overlapping claim is the one reported — in a batch, "first" is the order the
batch processes files (sorted paths).

Speed. The overlap test is ``same registry and prefix and start <= other.end
and end >= other.start``. An index on (registry, prefix, start) alone turns that
into a scan of every block starting before ``end``. Blocks are therefore filed
by *size class* ``k = (end - start).bit_length()``: a block of class k is at most
``2**k - 1`` units longer than a single unit, so one that overlaps [s, e] starts
in [s - (2**k - 1), e]. The lookup is one index range per class present for that
prefix (the small table ``prefix_classes`` lists them; a handful in practice),
each returning only blocks that start near ``s``. It stays flat with millions
of blocks (see benchmarks/README.md).

Concurrency. The file is in WAL mode with a busy timeout; every write is one
``BEGIN IMMEDIATE`` transaction, so the conflict test and the insert happen
under the same write lock and two processes checking into one ledger cannot
both claim the same credits. An interrupted write rolls back as a whole.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from offsetcalc.credits import Block
from offsetcalc.errors import InputError, Location

__all__ = [
    "APPLICATION",
    "LEDGER_FORMAT",
    "SCHEMA_VERSION",
    "Claim",
    "Conflict",
    "ImportSummary",
    "Ledger",
    "claims_from_result",
    "file_sha256",
    "same_beneficiary",
    "submission_key",
]

#: Written to ``meta`` so a foreign SQLite file is never mistaken for a ledger.
APPLICATION = "offsetcalc-ledger"
#: ``format`` of ``ledger list --format json``.
LEDGER_FORMAT = "offsetcalc.ledger/1"
#: Schema version, also in ``PRAGMA user_version``. Bump with a migration in ``_migrate``.
SCHEMA_VERSION = 1
#: How long a writer waits for another process's transaction [s].
BUSY_TIMEOUT_S = 60.0
#: SQLite integers are signed 64-bit.
_MAX_UNIT = 2**63 - 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('submission', 'registry-export')),
    key         TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    registry    TEXT,
    title       TEXT,
    beneficiary TEXT,
    recorded_at TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE TABLE blocks (
    id          INTEGER PRIMARY KEY,
    source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    registry    TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    size_class  INTEGER NOT NULL,
    status      TEXT NOT NULL,
    credit_type TEXT,
    vintage     TEXT,
    project     TEXT,
    retired_on  TEXT,
    beneficiary TEXT,
    location    TEXT,
    CHECK ("end" >= start)
);
CREATE INDEX blocks_range ON blocks (registry, prefix, size_class, start);
CREATE INDEX blocks_source ON blocks (source_id);
CREATE TABLE prefix_classes (
    registry   TEXT NOT NULL,
    prefix     TEXT NOT NULL,
    size_class INTEGER NOT NULL,
    PRIMARY KEY (registry, prefix, size_class)
) WITHOUT ROWID;
"""


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Claim:
    """One block of credits a submission claims, with what the file says about it.

    ``location`` is where the credit is in the file (``file:line:col``);
    ``status`` is ``retired`` or ``planned``.
    """

    block: Block
    location: str | None = None
    credit_type: str | None = None
    vintage: Any = None
    project: str | None = None
    retired_on: date | None = None
    beneficiary: str | None = None
    status: str = "retired"


@dataclass(frozen=True)
class Conflict:
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

    @property
    def rule(self) -> str:
        return "ledger.double-claim" if self.other_kind == "submission" else "ledger.retired-for-other"

    @property
    def quantity(self) -> int:
        return self.hi - self.lo + 1

    def range_text(self) -> str:
        b = self.claim.block
        registry = f"{b.registry} " if b.registry else ""
        units = f"{self.lo}" if self.lo == self.hi else f"{self.lo}-{self.hi}"
        return f"{registry}{b.prefix} units {units} ({self.quantity:,} t)"

    @property
    def message(self) -> str:
        # Both parties and the shared range, so the line stands alone in a log or a CI summary.
        where = self.other_location or self.other_source
        mine = f"credits {self.range_text()} claimed by submission {self.submission}"
        if self.other_kind == "submission":
            return f"{mine} are also claimed by submission {self.other_source} (at {where})"
        return (
            f"{mine} are shown retired for {self.other_beneficiary!r} in registry export {where}, "
            f"not for {self.claim.beneficiary or 'this submission'!r}"
        )

    @property
    def hint(self) -> str:
        if self.other_kind == "submission":
            if self.other_gone:
                # The usual cause: the file was renamed or moved since the earlier run.
                hint = (
                    f"submission {self.other_source} is no longer there: if this file was renamed or moved from it, "
                    f"run 'offsetcalc ledger forget --ledger LEDGER {self.other_source}' and check again"
                )
                if self.identical_copy:
                    hint += "; if it is this file checked from another folder, check with the same --root"
                return hint
            if self.identical_copy:
                return (
                    "the two files are identical: if this is the same submission checked from another folder, "
                    "check with the same --root"
                )
            return "each credit may be claimed once: remove the double claim or ask which submission retired it"
        return (
            "a retired credit counts only for its beneficiary; if the beneficiary is you under another name, "
            "give it as 'beneficiary:' on the credit"
        )

    def to_dict(self) -> dict[str, Any]:
        b = self.claim.block
        return {
            "rule": self.rule,
            "submission": self.submission,
            "location": self.claim.location,
            "registry": b.registry,
            "prefix": b.prefix,
            "start": self.lo,
            "end": self.hi,
            "quantity": self.quantity,
            "other_kind": self.other_kind,
            "other_source": self.other_source,
            "other_location": self.other_location,
            "other_beneficiary": self.other_beneficiary,
            "message": self.message,
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

    The resolved path relative to ``root`` (default: the current directory)
    when the file lies under it, with ``/`` separators; else the resolved
    absolute path.
    """
    resolved = Path(path).resolve()
    base = Path(root if root is not None else os.getcwd()).resolve()
    try:
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


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


def same_beneficiary(a: str | None, b: str | None) -> bool:
    """True when two beneficiary names plausibly name the same party (loose, see module docs)."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or f" {ka} " in f" {kb} " or f" {kb} " in f" {ka} "


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


def _check_block(block: Block, where: str | None) -> None:
    if block.end > _MAX_UNIT:
        raise InputError(
            f"credit unit number {block.end} is too large for the ledger (limit {_MAX_UNIT})",
            location=Location(where) if where else None,
            code="ledger.range",
        )


#: The tables of the schema, for telling a damaged ledger from a bug.
_TABLES = tuple(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", _SCHEMA))


def _let_signals_in() -> int:
    """SQLite's progress callback: running any Python lets a pending Ctrl-C be raised.

    The KeyboardInterrupt raised here is swallowed by the sqlite3 module, which
    aborts the statement with SQLITE_INTERRUPT instead; :func:`_interrupted`
    turns that back into KeyboardInterrupt.
    """
    return 0


def _interrupted(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_INTERRUPT" or str(exc) == "interrupted"


def _read_only(where: Location) -> InputError:
    return InputError(
        "the ledger is read-only: offsetcalc records every checked submission in it",
        location=where,
        code="ledger.read-only",
        hint="give --ledger a file you may write to ('ledger list' reads a read-only ledger)",
    )


def _open_error(exc: sqlite3.Error, path: str) -> InputError:
    """What went wrong opening a ledger, told apart: a full disk, a read-only file, I/O, or not a ledger."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    where = Location(path)
    if name.startswith("SQLITE_FULL") or "disk is full" in str(exc):
        return InputError(
            "cannot write the ledger: the disk is full",
            location=where,
            code="ledger.disk-full",
            hint="free space on the disk (or give --ledger a file on another disk); nothing was recorded",
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in str(exc):
        return _read_only(where)
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED")):
        return InputError(
            f"cannot open the ledger: {exc}",
            location=where,
            code="ledger.io",
            hint="the disk may be full or failing, or another program holds the file",
        )
    return InputError(
        f"not an offsetcalc ledger: {exc}",
        location=where,
        code="ledger.not-a-ledger",
        hint="give --ledger a new file name or a ledger written by offsetcalc",
    )


def _check_writable(path: Path) -> None:
    """An InputError unless a ledger can be written at ``path`` (checked before any work is done)."""
    folder = path.absolute().parent
    where = Location(str(path))
    if not folder.is_dir():
        raise InputError(
            f"cannot create the ledger: the folder {folder} does not exist", location=where, code="ledger.io"
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise _read_only(where)
    # SQLite keeps its write-ahead log (-wal, -shm) beside the file.
    if not os.access(folder, os.W_OK):
        raise InputError(
            f"the ledger's folder {folder} is read-only: SQLite writes its journal beside the ledger",
            location=where,
            code="ledger.read-only",
            hint="keep the ledger in a folder you may write to",
        )


# --------------------------------------------------------------------------- the ledger


class Ledger:
    """An open ledger file. Use as a context manager, or call :meth:`close`.

    Parameters
    ----------
    path : str or Path
        The SQLite file; created (with its schema) when it does not exist.
    root : str or Path, optional
        Folder submission keys are relative to (default: the current directory).
    timeout : float
        Seconds a write waits for another process's transaction.
    readonly : bool
        Open for reading only (``ledger list``): the file must exist and is
        never changed, so a ledger one may not write can still be read.

    Raises
    ------
    InputError
        When the file is not a SQLite database, not an offsetcalc ledger, or
        was written by a newer offsetcalc (a higher schema version); when it
        (or, for a new ledger, its folder) cannot be written and ``readonly``
        is not set. A write that fails later (disk full, lock held beyond the
        timeout) is an InputError too, and the transaction is rolled back.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        root: str | os.PathLike[str] | None = None,
        timeout: float = BUSY_TIMEOUT_S,
        readonly: bool = False,
    ) -> None:
        self.path = str(path)
        self.root = root
        self.readonly = readonly
        if Path(path).is_dir():
            raise InputError("the ledger path is a folder, not a file", location=Location(self.path), code="ledger.io")
        if readonly and not Path(path).exists():
            raise InputError("no such ledger", location=Location(self.path), code="ledger.missing")
        if not readonly:
            _check_writable(Path(path))
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            if readonly:
                uri = Path(path).absolute().as_uri() + "?mode=ro"
                self._db = sqlite3.connect(uri, timeout=timeout, isolation_level=None, uri=True)
            else:
                self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise InputError(f"cannot open ledger: {exc}", location=Location(self.path), code="ledger.io") from None
        self._in_batch = False
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            # SQLite runs long statements (an import's executemany) in C, where Python never sees
            # Ctrl-C: a progress callback lets the signal in; see _interrupted().
            self._db.set_progress_handler(_let_signals_in, 10_000)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._setup()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise _open_error(exc, self.path) from None
        except BaseException:
            self._db.close()
            raise

    # ---- lifecycle

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _setup(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and self.readonly:
            raise sqlite3.DatabaseError("the file holds no ledger schema")
        if version == 0:
            db.execute("BEGIN IMMEDIATE")
            try:
                # Re-read under the write lock: another process may have just created it.
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                    if tables:
                        raise sqlite3.DatabaseError("the file holds other tables and no ledger schema")
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [
                            ("application", APPLICATION),
                            ("schema_version", str(SCHEMA_VERSION)),
                            ("created_at", _now()),
                        ],
                    )
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    version = SCHEMA_VERSION
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite has already rolled back after a full disk
                    db.execute("ROLLBACK")
                raise
        if version > SCHEMA_VERSION:
            raise InputError(
                f"ledger schema version {version} is newer than this offsetcalc reads ({SCHEMA_VERSION})",
                location=Location(self.path),
                code="ledger.schema",
                hint="upgrade offsetcalc to use this ledger",
            )
        row = db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
        if row is None or row[0] != APPLICATION:
            raise sqlite3.DatabaseError("no offsetcalc ledger marker in its meta table")
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in _TABLES if t not in present]
        if missing:
            raise InputError(
                f"the ledger is damaged: its table{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} missing",
                location=Location(self.path),
                code="ledger.damaged",
                hint="restore the ledger from a backup: offsetcalc does not rebuild it, as the claims it held "
                "would be lost without a word",
            )
        if self.readonly:
            return
        # WAL lets readers work while one process writes; set after the schema
        # exists (the mode is stored in the file).
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a network file system
            db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``) for many records.

        Records inside it are each a SAVEPOINT, so a conflicting submission is
        rolled back alone; the whole group commits at the end, or rolls back on
        any exception (including KeyboardInterrupt).
        """
        if self._in_batch:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_error(exc) from None
        self._in_batch = True
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            if _interrupted(exc):
                raise KeyboardInterrupt from None
            raise self._write_error(exc) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._in_batch = False

    def _rollback(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    def _write_error(self, exc: sqlite3.Error) -> InputError:
        # The file was writable when opened: a lock held past the timeout, a full
        # disk, permissions changed under us. Nothing of this transaction was kept.
        hint = None
        if "locked" in str(exc) or "busy" in str(exc):
            hint = "another process held the ledger longer than the timeout; run again when it is done"
        return InputError(
            f"cannot write to the ledger ({exc}); nothing of this write was kept",
            location=Location(self.path),
            code="ledger.io",
            hint=hint,
        )

    @contextmanager
    def _write(self) -> Iterator[None]:
        # A savepoint inside an open transaction, else a transaction of its own.
        if self._in_batch:
            self._db.execute("SAVEPOINT record")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK TO record")
                self._db.execute("RELEASE record")
                raise
            self._db.execute("RELEASE record")
        else:
            with self.transaction():
                yield

    # ---- queries

    def overlapping(self, block: Block) -> list[sqlite3.Row]:
        """Every recorded block sharing credits with ``block``, with its source."""
        # CROSS JOIN fixes the loop order SQLite would otherwise choose without
        # statistics: the few size classes outside, one index range each inside.
        self._db.row_factory = sqlite3.Row
        try:
            return self._db.execute(
                """
                SELECT b.*, s.kind AS source_kind, s.key AS source_key, s.sha256 AS source_sha256
                FROM prefix_classes AS c
                CROSS JOIN blocks AS b INDEXED BY blocks_range
                  ON b.registry = c.registry AND b.prefix = c.prefix AND b.size_class = c.size_class
                 AND b.start BETWEEN
                     (CASE WHEN c.size_class > 61 THEN -1 ELSE :s - ((1 << c.size_class) - 1) END) AND :e
                JOIN sources AS s ON s.id = b.source_id
                WHERE c.registry = :r AND c.prefix = :p AND b."end" >= :s
                ORDER BY b.start, b.id
                """,
                {"r": block.registry, "p": block.prefix, "s": block.start, "e": block.end},
            ).fetchall()
        finally:
            self._db.row_factory = None

    def _conflicts(self, key: str, sha256: str, claims: Sequence[Claim], own_id: int | None) -> list[Conflict]:
        found: list[Conflict] = []
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
                    found.append(
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
                            other_gone=self._gone(row["source_key"]),
                        )
                    )
                elif (
                    row["status"] == "retired"
                    and _name_key(row["beneficiary"])
                    and not same_beneficiary(row["beneficiary"], claim.beneficiary)
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
        return found

    def _gone(self, key: str) -> bool:
        """True when a submission key names no file any more (seen from this ledger's root)."""
        base = Path(self.root if self.root is not None else os.getcwd())
        try:
            return not (base / key).exists()
        except (OSError, ValueError):
            return False

    def _source_id(self, kind: str, key: str) -> int | None:
        row = self._db.execute("SELECT id FROM sources WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return row[0] if row else None

    def _replace_source(
        self, kind: str, key: str, sha256: str, *, registry: str | None, title: str | None, beneficiary: str | None
    ) -> tuple[int, int]:
        """(source id, number of blocks removed) for a fresh or replaced source."""
        own = self._source_id(kind, key)
        removed = 0
        if own is not None:
            removed = self._db.execute("DELETE FROM blocks WHERE source_id = ?", (own,)).rowcount
            self._db.execute(
                "UPDATE sources SET sha256 = ?, registry = ?, title = ?, beneficiary = ?, recorded_at = ? WHERE id = ?",
                (sha256, registry, title, beneficiary, _now(), own),
            )
            return own, removed
        cur = self._db.execute(
            "INSERT INTO sources (kind, key, sha256, registry, title, beneficiary, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, key, sha256, registry, title, beneficiary, _now()),
        )
        return int(cur.lastrowid or 0), removed

    def _insert_blocks(self, source_id: int, rows: list[tuple[Any, ...]]) -> None:
        self._db.executemany(
            'INSERT INTO blocks (source_id, registry, prefix, start, "end", size_class, status, credit_type, '
            "vintage, project, retired_on, beneficiary, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(source_id, *r) for r in rows],
        )
        classes = {(r[0], r[1], r[4]) for r in rows}
        self._db.executemany(
            "INSERT OR IGNORE INTO prefix_classes (registry, prefix, size_class) VALUES (?, ?, ?)", sorted(classes)
        )

    # ---- writes

    def record_submission(
        self,
        key: str,
        sha256: str,
        claims: Sequence[Claim],
        *,
        title: str | None = None,
        beneficiary: str | None = None,
        dry_run: bool = False,
    ) -> list[Conflict]:
        """Record the blocks a submission claims, unless they conflict.

        Returns the conflicts (empty when recorded). On conflict, or with
        ``dry_run``, the ledger is left exactly as it was. The conflict test and
        the write are one transaction (or a savepoint inside
        :meth:`transaction`), so concurrent writers cannot both win.
        """
        for claim in claims:
            _check_block(claim.block, claim.location)
        with self._write():
            own = self._source_id("submission", key)
            conflicts = self._conflicts(key, sha256, claims, own)
            if conflicts or dry_run:
                return conflicts
            source_id, _ = self._replace_source(
                "submission", key, sha256, registry=None, title=title, beneficiary=beneficiary
            )
            self._insert_blocks(
                source_id,
                [
                    (
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
                    )
                    for c in claims
                ],
            )
        return []

    def import_export(self, export: Any, *, key: str | None = None, sha256: str | None = None) -> ImportSummary:
        """Store the blocks of a read registry export (:class:`~offsetcalc.io.registries.ExportResult`).

        Re-importing the same file (same ``key``, by default its path as given
        to :func:`submission_key`) replaces its blocks. Overlaps between exports
        are normal (an issuance row holds the blocks later retired) and never
        conflict. Returned ``contradictions`` are recorded submissions whose
        claims the export shows retired for another beneficiary.
        """
        key = key or submission_key(export.source, self.root)
        sha256 = sha256 or file_sha256(export.source)
        summary = ImportSummary(source=key)
        rows = []
        records = []
        for r in export.records:
            try:
                _check_block(r.block, f"{export.source}:{r.line}")
            except InputError as exc:  # one absurd row must not cost the others
                summary.problems.append((r.line, exc.message))
                continue
            records.append(r)
            rows.append(
                (
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
                )
            )
        with self._write():
            source_id, summary.replaced = self._replace_source(
                "registry-export", key, sha256, registry=export.registry, title=None, beneficiary=None
            )
            self._insert_blocks(source_id, rows)
            summary.blocks = len(rows)
            summary.contradictions = self._contradictions(records, key)
        return summary

    def _contradictions(self, records: Sequence[Any], key: str) -> list[Conflict]:
        found = []
        for r in records:
            if r.status != "retired" or not _name_key(r.beneficiary):
                continue
            for row in self.overlapping(r.block):
                if row["source_kind"] != "submission" or same_beneficiary(r.beneficiary, row["beneficiary"]):
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
            return self._db.execute("DELETE FROM sources WHERE kind = ? AND key = ?", (kind, key)).rowcount > 0

    # ---- reading

    def blocks(self, *, registry: str | None = None, prefix: str | None = None) -> Iterator[dict[str, Any]]:
        """Every block, as SPEC.md §5 lists them, ordered by registry, prefix, start."""
        where, args = [], []
        if registry is not None:
            where.append("b.registry = ?")
            args.append(registry)
        if prefix is not None:
            where.append("b.prefix = ?")
            args.append(prefix)
        sql = (
            'SELECT b.registry, b.prefix, b.start, b."end", b.vintage, b.project, b.retired_on, b.beneficiary, '
            "s.key, s.kind, b.status, b.credit_type, b.location FROM blocks AS b JOIN sources AS s "
            "ON s.id = b.source_id" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY b.registry, "
            'b.prefix, b.start, b."end", s.kind, s.key, b.id'
        )
        for row in self._db.execute(sql, args):
            reg, pre, start, end, vintage, project, retired_on, beneficiary, key, kind, status, ctype, loc = row
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
            }

    def sources(self) -> list[dict[str, Any]]:
        """Every submission and export recorded, with its block count."""
        rows = self._db.execute(
            "SELECT s.kind, s.key, s.sha256, s.registry, s.title, s.beneficiary, s.recorded_at, count(b.id) "
            "FROM sources AS s LEFT JOIN blocks AS b ON b.source_id = s.id GROUP BY s.id ORDER BY s.kind, s.key"
        ).fetchall()
        names = ("kind", "key", "sha256", "registry", "title", "beneficiary", "recorded_at", "blocks")
        return [dict(zip(names, r, strict=True)) for r in rows]

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM blocks").fetchone()[0])
