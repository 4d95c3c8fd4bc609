"""The SQLite ledger backend: one file, for one person or one machine (the default).

The backend-neutral logic — what a claim is, when claims conflict, what is
recorded — is :class:`offsetcalc.ledger.core.LedgerBase`; this module supplies
the file, its schema, the overlap lookup and the transactions. Names of the
core (``Claim``, ``Conflict`` ...) are re-exported here for older imports.

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
both claim the same credits. An interrupted write rolls back as a whole. On a
network share SQLite's locks are unsafe: use PostgreSQL
(:mod:`offsetcalc.ledger.postgres`) for a ledger several machines share.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from offsetcalc.credits import UNIT_NUMBERED_REGISTRIES, Block
from offsetcalc.errors import InputError, Location
from offsetcalc.ledger.core import (
    APPLICATION,
    LEDGER_FORMAT,
    RESPELL_BEFORE,
    SCHEMA_VERSION,
    UG_PER_T,
    Claim,
    Conflict,
    ImportSummary,
    LedgerBase,
    Problem,
    _now,
    claims_from_result,
    file_sha256,
    same_beneficiary,
    submission_key,
)
from offsetcalc.report.messages import Msg

__all__ = [
    "APPLICATION",
    "LEDGER_FORMAT",
    "MEMORY",
    "SCHEMA_VERSION",
    "UG_PER_T",
    "Claim",
    "Conflict",
    "ImportSummary",
    "Ledger",
    "Problem",
    "claims_from_result",
    "file_sha256",
    "same_beneficiary",
    "submission_key",
]

#: How long a writer waits for another process's transaction [s].
BUSY_TIMEOUT_S = 60.0
#: Page cache of a connection while it imports a registry export [KiB] (SQLite's default: 2,000).
IMPORT_CACHE_KIB = 64 * 1024
#: The ``path`` of a ledger held in memory for one run.
MEMORY = ":memory:"

#: Verra blocks by unit numbers alone, whatever their prefix (ledger.unit-overlap; schema 3): the
#: size classes present, and a partial index holding only Verra's blocks. The registry is written
#: out, not a parameter, so SQLite can prove a lookup may use the partial index.
_UNIT_SCHEMA = """
CREATE INDEX blocks_units ON blocks (size_class, start) WHERE registry = 'verra';
CREATE TABLE unit_classes (
    registry   TEXT NOT NULL,
    size_class INTEGER NOT NULL,
    PRIMARY KEY (registry, size_class)
) WITHOUT ROWID;
"""

_SCHEMA = (
    """
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
    verdict     TEXT NOT NULL DEFAULT 'pass' CHECK (verdict IN ('pass', 'fail', 'error')),
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
    alloc_provider TEXT,
    alloc_ug    TEXT,
    claim_key   TEXT,
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
    + _UNIT_SCHEMA
)


#: The tables of the schema, for telling a damaged ledger from a bug.
_TABLES = tuple(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", _SCHEMA))


#: SQLite virtual-machine steps between calls of the progress callback (_let_signals_in).
_PROGRESS_STEPS = 10_000


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
        Msg("ledger.error.read-only"),
        location=where,
        code="ledger.read-only",
        hint=Msg("ledger.error.read-only.hint"),
    )


def _open_error(exc: sqlite3.Error, path: str) -> InputError:
    """What went wrong opening a ledger, told apart: a full disk, a read-only file, I/O, or not a ledger."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    where = Location(path)
    if name.startswith("SQLITE_FULL") or "disk is full" in str(exc):
        return InputError(
            Msg("ledger.error.disk-full"),
            location=where,
            code="ledger.disk-full",
            hint=Msg("ledger.error.disk-full.hint"),
        )
    if name.startswith("SQLITE_READONLY") or "readonly database" in str(exc):
        return _read_only(where)
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED")):
        return InputError(
            Msg("ledger.error.open", detail=exc),
            location=where,
            code="ledger.io",
            hint=Msg("ledger.error.open.hint"),
        )
    return InputError(
        Msg("ledger.error.not-a-ledger", detail=exc),
        location=where,
        code="ledger.not-a-ledger",
        hint=Msg("ledger.error.not-a-ledger.hint"),
    )


def _check_writable(path: Path) -> None:
    """An InputError unless a ledger can be written at ``path`` (checked before any work is done)."""
    folder = path.absolute().parent
    where = Location(str(path))
    if not folder.is_dir():
        raise InputError(Msg("ledger.error.no-folder", folder=folder), location=where, code="ledger.io")
    if path.exists() and not os.access(path, os.W_OK):
        raise _read_only(where)
    # SQLite keeps its write-ahead log (-wal, -shm) beside the file.
    if not os.access(folder, os.W_OK):
        raise InputError(
            Msg("ledger.error.folder-read-only", folder=folder),
            location=where,
            code="ledger.read-only",
            hint=Msg("ledger.error.folder-read-only.hint"),
        )


def _migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a ledger of schema ``version`` to :data:`SCHEMA_VERSION` (inside the caller's transaction)."""
    if version < 2:
        # v2: verdict of each submission (rejected claims block nobody), provider
        # allocations, and blocks identified by registry (never the type label)
        # in canonical serial spelling.
        from offsetcalc.credits import REGISTRIES, block_registry

        db.execute(
            "ALTER TABLE sources ADD COLUMN verdict TEXT NOT NULL DEFAULT 'pass' "
            "CHECK (verdict IN ('pass', 'fail', 'error'))"
        )
        db.execute("ALTER TABLE blocks ADD COLUMN alloc_provider TEXT")
        db.execute("ALTER TABLE blocks ADD COLUMN alloc_ug TEXT")
        db.execute("ALTER TABLE blocks ADD COLUMN claim_key TEXT")
        db.execute(
            "UPDATE blocks SET claim_key = 's:' || source_id "
            "WHERE source_id IN (SELECT id FROM sources WHERE kind = 'submission')"
        )
        # The prefixes are re-spelled by the step to 3 (LedgerBase._recanonicalise), the registries here.
        for (registry,) in db.execute("SELECT DISTINCT registry FROM blocks").fetchall():
            if registry not in REGISTRIES:
                db.execute("UPDATE blocks SET registry = ? WHERE registry = ?", (block_registry(registry), registry))
    if version < 3:
        # v3: Verra blocks indexed by unit numbers alone (ledger.unit-overlap).
        for statement in _UNIT_SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(
            "INSERT INTO unit_classes (registry, size_class) SELECT DISTINCT registry, size_class FROM blocks "
            "WHERE registry = 'verra'"
        )
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# --------------------------------------------------------------------------- the ledger


class Ledger(LedgerBase):
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
        migrate: bool = False,
    ) -> None:
        self.path = self.display = str(path)
        self.root = root
        self.readonly = readonly
        self.memory = self.path == MEMORY
        if self.memory:
            # One run's own ledger (check without --ledger): double claims within the batch are still caught.
            self._db = sqlite3.connect(":memory:", isolation_level=None)
            self._in_batch = False
            self._setup()
            return
        if Path(path).is_dir():
            raise InputError(Msg("ledger.error.is-folder"), location=Location(self.path), code="ledger.io")
        if readonly and not Path(path).exists():
            raise InputError(Msg("ledger.error.missing"), location=Location(self.path), code="ledger.missing")
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
            raise InputError(
                Msg("ledger.error.open-short", detail=exc), location=Location(self.path), code="ledger.io"
            ) from None
        self._in_batch = False
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            # SQLite runs long statements (an import's executemany) in C, where Python never sees
            # Ctrl-C: a progress callback lets the signal in; see _interrupted().
            self._db.set_progress_handler(_let_signals_in, _PROGRESS_STEPS)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._setup(migrate)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            if _interrupted(exc):  # Ctrl-C while the schema is read or created: not a damaged file
                raise KeyboardInterrupt from None
            raise _open_error(exc, self.path) from None
        except BaseException:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def _setup(self, migrate: bool = False) -> None:
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
                Msg("ledger.error.newer", version=version, reads=SCHEMA_VERSION),
                location=Location(self.path),
                code="ledger.schema",
                hint=Msg("ledger.error.newer.hint"),
            )
        row = db.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
        if row is None or row[0] != APPLICATION:
            raise sqlite3.DatabaseError("no offsetcalc ledger marker in its meta table")
        self.migrated_from = version
        self.migration = None
        if version < SCHEMA_VERSION:
            if not migrate:
                raise InputError(
                    Msg("ledger.error.older", version=version, reads=SCHEMA_VERSION),
                    location=Location(self.path),
                    code="ledger.schema",
                    hint=Msg("ledger.error.older.backup.hint", ledger=self.path),
                )
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                _migrate(db, version)
                if version < RESPELL_BEFORE:  # the same transaction: a failed migration leaves the ledger as it was
                    self.migration = self._recanonicalise()
                    db.execute("DELETE FROM prefix_classes")
                    db.execute(
                        "INSERT INTO prefix_classes (registry, prefix, size_class) "
                        "SELECT DISTINCT registry, prefix, size_class FROM blocks"
                    )
                db.execute("COMMIT")
            except BaseException as exc:
                if db.in_transaction:  # SQLite rolls back itself when it interrupts a write
                    db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and _interrupted(exc):
                    raise KeyboardInterrupt from None  # Ctrl-C, not a damaged file (see _let_signals_in)
                raise
        present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in _TABLES if t not in present]
        if missing:
            raise InputError(
                Msg("ledger.error.damaged.many", tables=", ".join(missing))
                if len(missing) > 1
                else Msg("ledger.error.damaged.one", tables=", ".join(missing)),
                location=Location(self.path),
                code="ledger.damaged",
                hint=Msg("ledger.error.damaged.hint"),
            )
        if self.readonly or self.memory:
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
            hint = Msg("ledger.error.locked.hint")
        return InputError(
            Msg("ledger.error.write", detail=exc),
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

    @contextmanager
    def _bulk_load(self) -> Iterator[None]:
        # An import inserts each batch's rows all over the blocks_range index (rows of
        # an export interleave ~1,000 issuances x a few size classes); with SQLite's
        # default 2 MiB page cache those index pages were evicted, spilled to the WAL
        # mid-transaction and read back for every batch. A larger cache for this
        # connection, only while importing, keeps them in memory. It changes neither
        # the journal nor synchronous: the import is still one transaction.
        previous = self._db.execute("PRAGMA cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            yield
        finally:
            self._db.execute(f"PRAGMA cache_size = {int(previous)}")

    def _rows(self, sql: str, params: dict[str, Any]) -> list[sqlite3.Row]:
        """Blocks with their source's kind, key, sha256 and verdict: ``sql`` is what follows ``SELECT ...``."""
        self._db.row_factory = sqlite3.Row
        try:
            return self._db.execute(
                "SELECT b.*, s.kind AS source_kind, s.key AS source_key, s.sha256 AS source_sha256, "
                "s.verdict AS source_verdict " + sql,
                params,
            ).fetchall()
        finally:
            self._db.row_factory = None

    def overlapping(self, block: Block) -> list[sqlite3.Row]:
        """Every recorded block sharing credits with ``block``, with its source."""
        # CROSS JOIN fixes the loop order SQLite would otherwise choose without
        # statistics: the few size classes outside, one index range each inside.
        return self._rows(
            """
            FROM prefix_classes AS c
            CROSS JOIN blocks AS b INDEXED BY blocks_range
              ON b.registry = c.registry AND b.prefix = c.prefix AND b.size_class = c.size_class
             AND b.start BETWEEN
                 (CASE WHEN c.size_class > 61 THEN -1 ELSE :s - ((1 << c.size_class) - 1) END) AND :e
            JOIN sources AS s ON s.id = b.source_id
            WHERE c.registry = :r AND c.prefix = :p AND b."end" >= :s
            ORDER BY b.start, b.source_id, b.id
            """,
            {"r": block.registry, "p": block.prefix, "s": block.start, "e": block.end},
        )

    def overlapping_units(self, block: Block) -> list[sqlite3.Row]:
        """Every recorded Verra block sharing unit numbers with ``block``, whatever its prefix."""
        # The only registry of UNIT_NUMBERED_REGISTRIES, and the one the partial index holds.
        assert block.registry == "verra", block.registry
        return self._rows(
            """
            FROM unit_classes AS c
            CROSS JOIN blocks AS b INDEXED BY blocks_units
              ON b.registry = 'verra' AND b.size_class = c.size_class
             AND b.start BETWEEN
                 (CASE WHEN c.size_class > 61 THEN -1 ELSE :s - ((1 << c.size_class) - 1) END) AND :e
            JOIN sources AS s ON s.id = b.source_id
            WHERE c.registry = 'verra' AND b."end" >= :s
            ORDER BY b.start, b.source_id, b.id
            """,
            {"s": block.start, "e": block.end},
        )

    def _insert_blocks(self, source_id: int, rows: list[tuple[Any, ...]]) -> None:
        self._db.executemany(
            'INSERT INTO blocks (source_id, registry, prefix, start, "end", size_class, status, credit_type, '
            "vintage, project, retired_on, beneficiary, location, alloc_provider, alloc_ug, claim_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(source_id, *r) for r in rows],
        )
        classes = {(r[0], r[1], r[4]) for r in rows}
        self._db.executemany(
            "INSERT OR IGNORE INTO prefix_classes (registry, prefix, size_class) VALUES (?, ?, ?)", sorted(classes)
        )
        units = {(r, k) for r, _, k in classes if r in UNIT_NUMBERED_REGISTRIES}
        if units:
            self._db.executemany(
                "INSERT OR IGNORE INTO unit_classes (registry, size_class) VALUES (?, ?)", sorted(units)
            )

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._db.execute(sql, params)
