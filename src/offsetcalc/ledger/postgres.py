"""The PostgreSQL ledger backend: one ledger shared by several reviewers and machines.

``--ledger postgresql://user@host:port/db`` (PostgreSQL 13 or newer, driver
psycopg 3: ``pip install 'offsetcalc[postgres]'``). The password may come from
the URL, from ``PGPASSWORD`` or from ``~/.pgpass``, and every other ``PG*``
variable works as libpq defines it; the password is never printed
(:func:`mask_url`). The backend-neutral logic is
:class:`offsetcalc.ledger.core.LedgerBase`; this module supplies the
connection, the schema (in its own PostgreSQL schema ``offsetcalc``), the
overlap lookup and the transactions.

Correct under concurrency. Every accepted submission block carries a
``claim_key`` (see :mod:`offsetcalc.ledger.core`), and the table has the
exclusion constraint ``EXCLUDE USING gist (registry WITH =, prefix WITH =,
numrange(start, "end", '[]') WITH &&, claim_key WITH <>) WHERE (claim_key IS
NOT NULL)``: two accepted claims of shared credits cannot both be committed,
whatever the interleaving of writers on however many machines. Each
submission is recorded in its own transaction (test, then insert); a writer
that loses the race meets the constraint (or a deadlock, or a unique key on
the same new submission), rolls back and tests again, now seeing the winner's
committed claim, so it is recorded rejected with the double-claim finding
naming the winner. Two writers of the same submission (one file checked by
two processes at once) take turns under a transaction-level advisory lock on
its key, taken before its id is read: without it, the second could read "not
recorded yet", then meet the first's committed claim of the very same file as
another submission's (a double claim against itself) or, another client's
file under the same key, skip the key-collision test and silently replace the
first's record; or both could replace the file's blocks at once and leave it
holding them twice. Allocations of
one retirement are summed under a transaction-level advisory lock on that
retirement, so two allocations cannot each see the other missing. The range type is ``numrange``, not
``int8range``: an inclusive ``int8range`` ending at 2**63 - 1 cannot be
represented.

Overlap lookups use a GiST index on (registry, prefix, numrange): they stay
flat as the ledger grows (benchmarks/README.md).

Failure. A server that is down, a refused login or a connection dropped
mid-batch is one :class:`~offsetcalc.errors.InputError` naming the host (exit
2 in the CLI); the submission being recorded is rolled back whole, those
recorded before stay, and running the same command again completes the batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from offsetcalc.credits import Block
from offsetcalc.errors import InputError, Location
from offsetcalc.ledger.core import APPLICATION, RESPELL_BEFORE, SCHEMA_VERSION, LedgerBase, _now
from offsetcalc.report.messages import Msg

__all__ = ["Ledger", "is_postgres_url", "mask_url"]

#: Seconds to wait for the server to answer a connection.
CONNECT_TIMEOUT_S = 10
#: Attempts at recording one submission when other writers keep winning races.
ATTEMPTS = 50
#: Up to this many rows are inserted with INSERT (a submission's claims), more with COPY (an import).
_FEW_ROWS = 1000
#: Key of the advisory lock that serialises creating or migrating the schema.
_SETUP_LOCK = 0x0FF5E7CA1C

#: Verra blocks by unit numbers alone, whatever their prefix (ledger.unit-overlap; schema 3). A
#: partial index: the registry is written out so the planner can match a lookup to it.
_UNIT_SCHEMA = """
CREATE INDEX blocks_verra_units ON offsetcalc.blocks USING gist (numrange(start, "end", '[]'))
    WHERE registry = 'verra';
"""

_SCHEMA = (
    """
CREATE SCHEMA IF NOT EXISTS offsetcalc;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE offsetcalc.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE offsetcalc.sources (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('submission', 'registry-export')),
    key         text NOT NULL,
    sha256      text NOT NULL,
    registry    text,
    title       text,
    beneficiary text,
    recorded_at text NOT NULL,
    verdict     text NOT NULL DEFAULT 'pass' CHECK (verdict IN ('pass', 'fail', 'error')),
    UNIQUE (kind, key)
);
CREATE TABLE offsetcalc.blocks (
    id          bigserial PRIMARY KEY,
    source_id   bigint NOT NULL REFERENCES offsetcalc.sources(id) ON DELETE CASCADE,
    registry    text NOT NULL,
    prefix      text NOT NULL,
    start       bigint NOT NULL,
    "end"       bigint NOT NULL,
    size_class  integer NOT NULL,
    status      text NOT NULL,
    credit_type text,
    vintage     text,
    project     text,
    retired_on  text,
    beneficiary text,
    location    text,
    alloc_provider text,
    alloc_ug    text,
    claim_key   text,
    CHECK ("end" >= start),
    CONSTRAINT blocks_one_claim EXCLUDE USING gist (
        registry WITH =, prefix WITH =, numrange(start, "end", '[]') WITH &&, claim_key WITH <>
    ) WHERE (claim_key IS NOT NULL)
);
CREATE INDEX blocks_units ON offsetcalc.blocks USING gist (registry, prefix, numrange(start, "end", '[]'));
CREATE INDEX blocks_source ON offsetcalc.blocks (source_id);
"""
    + _UNIT_SCHEMA
)


def is_postgres_url(target: object) -> bool:
    """True when ``--ledger`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` parameter) as ``***``."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        if ":" in user:
            user = user.split(":", 1)[0] + ":***"
        netloc = f"{user}@{host}"
    query = "&".join(
        "password=***" if p.split("=", 1)[0].lower() == "password" else p for p in parts.query.split("&") if p
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _password(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.password:
        return unquote(parts.password)
    for p in parts.query.split("&"):
        name, _, value = p.partition("=")
        if name.lower() == "password" and value:
            return unquote(value)
    return None


class Ledger(LedgerBase):
    """An open PostgreSQL ledger. Same interface and semantics as :class:`offsetcalc.ledger.sqlite.Ledger`.

    Raises
    ------
    InputError
        When psycopg is not installed, the server cannot be reached or refuses
        the login, the database holds no ledger (``readonly``) or one of another
        schema version (older: ``offsetcalc ledger migrate``), or later when the
        connection is lost (nothing of the record in progress is kept).
    """

    def __init__(
        self,
        url: str,
        *,
        root: Any = None,
        readonly: bool = False,
        migrate: bool = False,
        timeout: float = CONNECT_TIMEOUT_S,
    ) -> None:
        self.url = url
        self.path = self.display = mask_url(url)
        self.root = root
        self.readonly = readonly
        self.migrated_from = SCHEMA_VERSION
        self.migration = None
        try:
            import psycopg
        except ImportError:
            raise InputError(
                Msg("ledger.error.driver"),
                location=Location(self.display),
                code="ledger.driver",
                hint=Msg("ledger.error.driver.hint"),
            ) from None
        self._pg = psycopg
        try:
            self._conn = psycopg.connect(
                url, autocommit=True, connect_timeout=max(1, int(timeout)), application_name="offsetcalc"
            )
        except psycopg.Error as exc:
            raise self._error(exc, Msg("ledger.error.pg.connect", host=self._host())) from None
        try:
            self._setup(migrate)
        except psycopg.Error as exc:
            self._conn.close()
            raise self._error(exc, Msg("ledger.error.pg.use", host=self._host())) from None
        except BaseException:
            self._conn.close()
            raise

    # ---- errors

    def _host(self) -> str:
        """host:port/database, as libpq resolved them (PG* variables included), never the password."""
        info = getattr(getattr(self, "_conn", None), "info", None)
        if info is not None:
            try:
                return f"{info.host}:{info.port}/{info.dbname}"
            except Exception:  # a broken connection may not answer
                pass
        parts = urlsplit(self.url)
        host = parts.hostname or os.environ.get("PGHOST", "localhost")
        port = parts.port or os.environ.get("PGPORT", "5432")
        db = parts.path.lstrip("/") or os.environ.get("PGDATABASE", "")
        return f"{host}:{port}/{db}"

    def _error(self, exc: BaseException, what: Msg) -> InputError:
        """``what``: ledger.error.pg.* naming the host (connect, use, lost, write)."""
        reason = " ".join(str(exc).split()) or type(exc).__name__
        for secret in filter(None, (_password(self.url), os.environ.get("PGPASSWORD"))):
            reason = reason.replace(secret, "***").replace(quote(secret), "***")
        if what.key == "ledger.error.pg.connect":
            hint = Msg("ledger.error.pg.connect.hint")
        else:
            hint = Msg("ledger.error.pg.write.hint")
        return InputError(
            Msg("ledger.error.pg", what=what, reason=reason),
            location=Location(self.display),
            code="ledger.io",
            hint=hint,
        )

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Connection trouble as one InputError naming the host (the transaction in progress is rolled back)."""
        try:
            yield
        except (self._pg.errors.TransactionRollback, InputError):
            raise  # a lost race (record_submission tries again) or already one clear error
        except (self._pg.OperationalError, self._pg.InterfaceError) as exc:
            raise self._error(exc, Msg("ledger.error.pg.lost", host=self._host())) from None
        except self._pg.errors.DiskFull as exc:  # pragma: no cover - needs a full server disk
            raise self._error(exc, Msg("ledger.error.pg.write", host=self._host())) from None

    # ---- lifecycle

    def close(self) -> None:
        self._conn.close()

    def _setup(self, migrate: bool) -> None:
        conn = self._conn
        conn.execute("SET search_path TO offsetcalc, public")
        if self.readonly:  # the server refuses any write of this session, whatever a later path does
            conn.execute("SET default_transaction_read_only = on")
        with conn.transaction():
            # One process creates or migrates the schema; others wait, then find it.
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
            exists = conn.execute("SELECT to_regclass('offsetcalc.meta')").fetchone()[0]
            if exists is None:
                if self.readonly:
                    raise InputError(
                        Msg("ledger.error.pg.missing"),
                        location=Location(self.display),
                        code="ledger.missing",
                        hint=Msg("ledger.error.pg.missing.hint"),
                    )
                conn.execute(_SCHEMA)
                conn.execute(
                    "INSERT INTO offsetcalc.meta (key, value) VALUES (%s, %s), (%s, %s), (%s, %s)",
                    ("application", APPLICATION, "schema_version", str(SCHEMA_VERSION), "created_at", _now()),
                )
            meta = dict(conn.execute("SELECT key, value FROM offsetcalc.meta").fetchall())
            if meta.get("application") != APPLICATION:
                raise InputError(
                    Msg("ledger.error.pg.no-marker"),
                    location=Location(self.display),
                    code="ledger.not-a-ledger",
                )
            version = int(meta.get("schema_version", "0"))
            self.migrated_from = version
            if version > SCHEMA_VERSION:
                raise InputError(
                    Msg("ledger.error.newer", version=version, reads=SCHEMA_VERSION),
                    location=Location(self.display),
                    code="ledger.schema",
                    hint=Msg("ledger.error.newer.hint"),
                )
            if version < SCHEMA_VERSION:
                if not migrate:
                    raise InputError(
                        Msg("ledger.error.older", version=version, reads=SCHEMA_VERSION),
                        location=Location(self.display),
                        code="ledger.schema",
                        hint=Msg("ledger.error.older.hint", ledger=self.display),
                    )
                _migrate(conn, version)
                if version < RESPELL_BEFORE:  # the same transaction: a failed migration leaves the ledger as it was
                    self.migration = self._recanonicalise()

    # ---- transactions

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group records for the caller; on PostgreSQL each submission is its own transaction.

        Short transactions keep other reviewers' writers from waiting on a whole
        group; each submission is still recorded whole or not at all.
        """
        with self._guard():
            yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._guard(), self._conn.transaction():
            yield

    def _lock_retirements(self, keys: list[str]) -> None:
        for key in keys:  # sorted by the caller: no deadlock between two such writers
            self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))

    def _lock_source(self, kind: str, key: str) -> None:
        # The first lock of its transaction (before any row is read or locked), and only one per
        # transaction: a writer waiting here holds nothing another waits for, so no deadlock.
        # Its own namespace ('source:'), apart from the retirement keys ('a:...'); a hash collision
        # only makes two writers take turns.
        self._conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"source:{kind}:{key}",))

    # ---- statements

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._guard():
            return self._conn.execute(sql.replace("?", "%s"), tuple(params))

    def _rows(self, where: str, params: tuple[Any, ...]) -> list[Any]:
        """Blocks (as dicts) with their source's kind, key, sha256 and verdict, in the lookups' order."""
        from psycopg.rows import dict_row

        with self._guard():
            cur = self._conn.cursor(row_factory=dict_row)
            return cur.execute(
                "SELECT b.*, s.kind AS source_kind, s.key AS source_key, s.sha256 AS source_sha256, "
                "s.verdict AS source_verdict FROM blocks AS b JOIN sources AS s ON s.id = b.source_id "
                f"WHERE {where} ORDER BY b.start, b.source_id, b.id",
                params,
            ).fetchall()

    def overlapping(self, block: Block) -> list[Any]:
        return self._rows(
            "b.registry = %s AND b.prefix = %s AND numrange(b.start, b.\"end\", '[]') && numrange(%s, %s, '[]')",
            (block.registry, block.prefix, block.start, block.end),
        )

    def overlapping_units(self, block: Block) -> list[Any]:
        # The only registry of UNIT_NUMBERED_REGISTRIES, and the one the partial index holds (written
        # out, not a parameter, so the planner can match the lookup to the partial index).
        assert block.registry == "verra", block.registry
        return self._rows(
            "b.registry = 'verra' AND numrange(b.start, b.\"end\", '[]') && numrange(%s, %s, '[]')",
            (block.start, block.end),
        )

    def _insert_blocks(self, source_id: int, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        columns = (
            'source_id, registry, prefix, start, "end", size_class, status, credit_type, vintage, project, '
            "retired_on, beneficiary, location, alloc_provider, alloc_ug, claim_key"
        )
        if len(rows) <= _FEW_ROWS:
            # A submission's claims: INSERT, whose errors keep their SQLSTATE. A lost race (a deadlock in
            # the overlap constraint with another writer) is then DeadlockDetected, which
            # record_submission tries again; under COPY it could arrive mid-stream as a bare
            # connection error ("sending copy data failed: deadlock detected") and end the run.
            marks = ", ".join(["%s"] * (len(rows[0]) + 1))
            with self._conn.cursor() as cur:
                cur.executemany(f"INSERT INTO blocks ({columns}) VALUES ({marks})", [(source_id, *r) for r in rows])
            return
        # COPY for an import's batches: the fastest way into PostgreSQL, one round trip for a batch.
        with self._conn.cursor() as cur, cur.copy(f"COPY blocks ({columns}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((source_id, *r))

    def record_submission(self, *args: Any, **kwargs: Any) -> Any:
        """As :meth:`LedgerBase.record_submission`, tried again when another writer won a race."""
        errors = self._pg.errors
        for _ in range(ATTEMPTS):
            try:
                return super().record_submission(*args, **kwargs)
            except (
                errors.ExclusionViolation,
                errors.DeadlockDetected,
                errors.SerializationFailure,
                errors.UniqueViolation,
            ):
                continue  # rolled back; the winner's claim is committed now, so the next test sees it
        raise InputError(  # pragma: no cover - needs 50 lost races in a row
            Msg("ledger.error.busy", submission=args[0] if args else "", attempts=ATTEMPTS),
            location=Location(self.display),
            code="ledger.busy",
            hint=Msg("ledger.error.busy.hint"),
        )

    def iter_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a query, streamed with a server-side cursor (millions of rows in little memory)."""
        with self._guard(), self._conn.transaction(), self._conn.cursor(name="offsetcalc_stream") as cur:
            cur.itersize = 10_000
            cur.execute(sql.replace("?", "%s"), tuple(params))
            yield from cur


def _migrate(conn: Any, version: int) -> None:
    """Bring the PostgreSQL schema from ``version`` to :data:`SCHEMA_VERSION` (inside the caller's transaction).

    Schema version 2 is the first PostgreSQL schema; later versions add their
    steps here, in step with :func:`offsetcalc.ledger.sqlite._migrate`. The stored
    prefixes are re-spelled by the caller, in the same transaction.
    """
    if version < 3:
        # v3: Verra blocks indexed by unit numbers alone (ledger.unit-overlap).
        conn.execute(_UNIT_SCHEMA)
    conn.execute("UPDATE offsetcalc.meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
