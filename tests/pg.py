"""Ledger backends for the tests: every ledger test runs on SQLite and on a real PostgreSQL server.

PostgreSQL tests need a server and the driver. ``.ci/run`` starts a throw-away
cluster (``.ci/pg-start``) and exports ``OFFSETCALC_TEST_POSTGRES``; to run them
yourself, ``source .ci/pg-start`` (PostgreSQL server binaries installed) or set
``OFFSETCALC_TEST_POSTGRES=postgresql://user:password@host:port/db`` for a role
that may create databases, and ``pip install -e '.[postgres,test]'``. Each test
gets a database of its own, dropped afterwards. Without a server these tests
skip, saying so. Never mocked: a user runs the real thing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "OFFSETCALC_TEST_POSTGRES"
SKIP_REASON = (
    f"no PostgreSQL server: set {ENV}=postgresql://user:password@host:port/db (a role that may create "
    "databases) or run 'source .ci/pg-start' first, with pip install -e '.[postgres,test]'"
)


def server_url() -> str | None:
    url = os.environ.get(ENV)
    if not url:
        return None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None
    return url


needs_postgres = pytest.mark.skipif(server_url() is None, reason=SKIP_REASON)


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server; dropped afterwards."""
    import psycopg

    url = server_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    name = f"offsetcalc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=needs_postgres)])
def ledger_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """``--ledger`` for each backend: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    with postgres_database() as url:
        yield url
