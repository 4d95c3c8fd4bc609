"""The retired-credit ledger that catches double counting across submissions.

:func:`open_ledger` opens one by what ``--ledger`` says: a path is a SQLite
file (:mod:`offsetcalc.ledger.sqlite`, the default), ``postgresql://…`` a
PostgreSQL database (:mod:`offsetcalc.ledger.postgres`, for a ledger several
reviewers or machines share). Both implement :class:`offsetcalc.ledger.core.LedgerBase`
with the same semantics, reports and exit codes.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["ENV", "copy_ledger", "display", "open_ledger"]

#: Environment variable giving ``--ledger`` when the option is absent.
ENV = "OFFSETCALC_LEDGER"


def display(target: str | os.PathLike[str]) -> str:
    """``target`` as it may be printed: a PostgreSQL URL with its password masked."""
    from offsetcalc.ledger.postgres import is_postgres_url, mask_url

    text = os.fspath(target)
    return mask_url(text) if is_postgres_url(text) else text


def open_ledger(
    target: str | os.PathLike[str],
    *,
    root: Any = None,
    readonly: bool = False,
    migrate: bool = False,
) -> Any:
    """An open ledger (a :class:`~offsetcalc.ledger.core.LedgerBase`) for a path or a ``postgresql://`` URL."""
    from offsetcalc.ledger.postgres import is_postgres_url

    text = os.fspath(target)
    if is_postgres_url(text):
        from offsetcalc.ledger.postgres import Ledger as PostgresLedger

        return PostgresLedger(text, root=root, readonly=readonly, migrate=migrate)
    from offsetcalc.ledger.sqlite import Ledger as SqliteLedger

    return SqliteLedger(text, root=root, readonly=readonly, migrate=migrate)


_SOURCE_COLUMNS = "kind, key, sha256, registry, title, beneficiary, recorded_at, verdict"
_BLOCK_COLUMNS = (
    'registry, prefix, start, "end", size_class, status, credit_type, vintage, project, retired_on, '
    "beneficiary, location, alloc_provider, alloc_ug, claim_key"
)


def copy_ledger(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> dict[str, int]:
    """Copy every source and block of ``source`` into the empty ledger ``target``, losslessly.

    Either may be a SQLite path or a PostgreSQL URL. Every column is copied as
    stored (recording times and verdicts included); blocks are streamed in
    batches, and the target is written in one transaction, so a failed copy
    leaves it empty. Returns the numbers of sources and blocks copied.
    """
    from offsetcalc.errors import InputError, Location
    from offsetcalc.ledger.core import BATCH_ROWS
    from offsetcalc.report.messages import Msg

    with open_ledger(source, readonly=True) as src, open_ledger(target) as dst:
        if dst.sources():
            raise InputError(
                Msg("ledger.error.not-empty"),
                location=Location(dst.display),
                code="ledger.not-empty",
            )
        counts = {"sources": 0, "blocks": 0}
        rows = list(src.iter_rows(f"SELECT id, {_SOURCE_COLUMNS} FROM sources ORDER BY id"))
        with dst._write():
            for old_id, *values in rows:
                new_id = int(
                    dst._q(
                        f"INSERT INTO sources ({_SOURCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", values
                    ).fetchone()[0]
                )
                counts["sources"] += 1
                batch: list[tuple[Any, ...]] = []
                for block in src.iter_rows(
                    f"SELECT {_BLOCK_COLUMNS} FROM blocks WHERE source_id = ? ORDER BY id", (old_id,)
                ):
                    key = block[-1]
                    if key is not None and key.startswith("s:"):
                        key = f"s:{new_id}"  # a plain claim's key names its source, whose id is new here
                    batch.append((*block[:-1], key))
                    if len(batch) >= BATCH_ROWS:
                        dst._insert_blocks(new_id, batch)
                        counts["blocks"] += len(batch)
                        batch = []
                dst._insert_blocks(new_id, batch)
                counts["blocks"] += len(batch)
        return counts
