"""Two writers of one PostgreSQL ledger, driven through a chosen interleaving, step by step.

A file checked by two processes at the same moment (two reviewers whose folders
overlap) is recorded twice under one key. Its own claim must never count as a
double claim against itself, and it must end up recorded once, whatever the
order of the two transactions' statements. These tests pause one writer at a
chosen point inside its transaction (a wrapper around one of its methods), run
the other writer to the point the interleaving names, and go on; "the other
writer waits" is read from the server (``pg_stat_activity``), never guessed from
a sleep.

SQLite needs no such test: every write there is one ``BEGIN IMMEDIATE``
transaction, so a writer reads its own id under the same write lock as it
writes, and a second writer cannot come between.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from offsetcalc.credits import Block
from offsetcalc.ledger import open_ledger
from offsetcalc.ledger.core import Claim
from tests.pg import needs_postgres, postgres_database

pytestmark = needs_postgres

KEY = "f3/d0.yaml"
CLAIMS = [Claim(Block("J-VER", "JP-EXAMPLE-2012", 401, 403), location="f3/d0.yaml:14:5")]
#: Seconds any one step may take before the test fails (a step normally takes milliseconds).
STEP_S = 30.0


@pytest.fixture
def url() -> Iterator[str]:
    with postgres_database() as u:
        open_ledger(u).close()  # the schema exists before the writers start
        yield u


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STEP_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.005)


def _waits_on_a_lock(url: str, ledger: Any) -> Callable[[], bool]:
    """A test of whether ``ledger``'s server session is waiting for a lock another transaction holds."""
    import psycopg

    pid = ledger._conn.info.backend_pid

    def waiting() -> bool:
        with psycopg.connect(url, autocommit=True) as admin:
            row = admin.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
        return row is not None and row[0] == "Lock"

    return waiting


class _Writer(threading.Thread):
    """``record_submission`` on another connection, in a thread; its findings or its exception kept."""

    def __init__(self, ledger: Any, key: str, claims: list[Claim], sha256: str = "h", **kwargs: Any) -> None:
        super().__init__(daemon=True)
        self.ledger, self.key, self.claims, self.sha256, self.kwargs = ledger, key, claims, sha256, kwargs
        self.found: list[Any] | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.found = self.ledger.record_submission(self.key, self.sha256, self.claims, **self.kwargs)
        except BaseException as exc:  # re-raised by finish() in the test's thread
            self.error = exc

    def finish(self) -> list[Any]:
        self.join(STEP_S)
        assert not self.is_alive(), "the other writer never finished"
        if self.error is not None:
            raise self.error
        assert self.found is not None
        return self.found


def _after_first_call(ledger: Any, name: str, step: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``step`` once, right after ``ledger.<name>`` first returns (inside the writer's transaction)."""
    original = getattr(ledger, name)
    done: list[bool] = []

    def paused(*args: Any, **kwargs: Any) -> Any:
        value = original(*args, **kwargs)
        if not done:
            done.append(True)
            step()
        return value

    monkeypatch.setattr(ledger, name, paused)


def _recorded_once_and_accepted(ledger: Any) -> None:
    (source,) = ledger.sources()
    assert (source["key"], source["verdict"], source["blocks"]) == (KEY, "pass", 1)
    assert [b["claim"] for b in ledger.blocks()] == ["accepted"]


def test_a_file_first_recorded_by_another_process_meanwhile_is_not_a_double_claim(url, monkeypatch):
    """B reads "not recorded yet", A records the same file and commits, B goes on: both pass, one record.

    Before the fix B met A's claim of its own file as another submission's and
    was recorded ``fail`` with ``ledger.double-claim`` naming itself.
    """
    with open_ledger(url) as a, open_ledger(url) as b:
        writer_a = _Writer(a, KEY, CLAIMS)

        def a_runs() -> None:
            writer_a.start()
            # A either completes (nothing stops it) or waits for B: both are interleavings to survive.
            _until(lambda: not writer_a.is_alive() or _waits_on_a_lock(url, a)(), "A is done or waits for B")

        _after_first_call(b, "_source_id", a_runs, monkeypatch)
        found_b = b.record_submission(KEY, "h", CLAIMS)
        found_a = writer_a.finish()
        assert found_a == [] and found_b == []
        _recorded_once_and_accepted(b)


def test_a_file_re_recorded_by_two_processes_at_once_keeps_one_set_of_blocks(url, monkeypatch):
    """A re-records a file and pauses after removing its old blocks; B re-records it too; A commits; B goes on.

    Before the fix B's DELETE waited for A's, then could not see A's new blocks
    (its snapshot predates them), so the file ended up holding its blocks twice.
    """
    with open_ledger(url) as first:
        assert first.record_submission(KEY, "h", CLAIMS) == []
    with open_ledger(url) as a, open_ledger(url) as b:
        a_paused = threading.Event()

        def a_waits_for_b() -> None:
            a_paused.set()
            _until(_waits_on_a_lock(url, b), "B waits for A")

        _after_first_call(a, "_replace_source", a_waits_for_b, monkeypatch)
        writer_a = _Writer(a, KEY, CLAIMS)
        writer_a.start()
        assert a_paused.wait(STEP_S)
        found_b = b.record_submission(KEY, "h", CLAIMS)
        assert writer_a.finish() == [] and found_b == []
        _recorded_once_and_accepted(b)


def test_another_file_recorded_meanwhile_is_still_a_double_claim(url, monkeypatch):
    """The same interleaving with two different files: the later one is told the credits are taken."""
    with open_ledger(url) as a, open_ledger(url) as b:
        writer_a = _Writer(a, "f2/c0.yaml", CLAIMS)

        def a_runs() -> None:
            writer_a.start()
            _until(lambda: not writer_a.is_alive(), "A is done")  # another key: A never waits for B

        _after_first_call(b, "_source_id", a_runs, monkeypatch)
        found_b = b.record_submission(KEY, "h", CLAIMS)
        assert writer_a.finish() == []
        assert [(f.rule, f.other_source) for f in found_b] == [("ledger.double-claim", "f2/c0.yaml")]
        verdicts = {s["key"]: s["verdict"] for s in b.sources()}
        assert verdicts == {"f2/c0.yaml": "pass", KEY: "fail"}


def test_another_submission_under_the_same_key_meanwhile_never_replaces_the_first(url, monkeypatch):
    """Two clients' files under one key (another offsetter, another title), in the interleaving of the first test.

    The one recorded first keeps the key; the other is a ``ledger.key-collision``
    and writes nothing. Before the fix the later writer had read "not recorded
    yet", so it skipped the collision test and then replaced the first's record
    with its own: both passed, and the first's accepted claim was silently gone.
    """
    other = [Claim(Block("J-VER", "JP-EXAMPLE-2012", 901, 903), location="f3/d0.yaml:14:5")]
    with open_ledger(url) as a, open_ledger(url) as b:
        writer_a = _Writer(a, KEY, CLAIMS, "ha", title="Client A event", beneficiary="Client A")

        def a_runs() -> None:
            writer_a.start()
            _until(lambda: not writer_a.is_alive() or _waits_on_a_lock(url, a)(), "A is done or waits for B")

        _after_first_call(b, "_source_id", a_runs, monkeypatch)
        found_b = b.record_submission(KEY, "hb", other, title="Client B event", beneficiary="Client B")
        found_a = writer_a.finish()
        rules = {name: [f.rule for f in found] for name, found in (("a", found_a), ("b", found_b))}
        assert sorted(len(r) for r in rules.values()) == [0, 1], rules  # exactly one is refused
        (kept,) = [name for name, r in rules.items() if r == []]
        (refused,) = [name for name, r in rules.items() if r != []]
        assert rules[refused] == ["ledger.key-collision"]
        (source,) = b.sources()
        assert (source["sha256"], source["verdict"], source["blocks"]) == (f"h{kept}", "pass", 1)
        starts = {"a": 401, "b": 901}
        assert [(blk["start"], blk["claim"]) for blk in b.blocks()] == [(starts[kept], "accepted")]
