"""Worker processes for a batch: tied to the parent's life, rebuilt after a crash, never one per file.

Two promises, both about other people's files and machines:

* **Workers die with their parent.** If the parent is killed (kill -9, SIGTERM,
  SIGHUP, a closed terminal) its forkserver and workers must not live on,
  holding the caller's stdout open so that a pipeline waits for ever. On
  Linux :func:`lifeline` asks the kernel (``prctl(PR_SET_PDEATHSIG, SIGKILL)``)
  to kill the process when its parent goes: the forkserver gets it when it is
  preloaded (it is a child of the parent), each worker in its initializer (it
  is a child of the forkserver), so the chain falls as a whole. Elsewhere a
  watchdog thread polls ``os.getppid()``.
* **A crash costs only its own file.** When a worker dies (the memory killer, a
  segfault in a C library) every chunk in flight is suspect. At most
  ``2 × jobs`` chunks are in flight, so the suspects are few: they are re-run
  one file at a time in a single-worker pool (rebuilt only when it crashes
  again, which then names the culprit exactly), and the rest of the batch goes
  on in a rebuilt pool of ``jobs`` workers — not one process per file.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["lifeline", "mp_context", "run_chunks"]

_PR_SET_PDEATHSIG = 1
#: Pools in a row that die before returning a single result: the workers cannot start (a broken
#: installation, no memory at all). Then every file left gets an error instead of a process each.
_MAX_BARREN_POOLS = 3


def lifeline() -> None:
    """End this process when its parent ends (see module docs). Safe to call more than once."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() == 1:  # the parent died before the request was made
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    parent = os.getppid()

    def watch() -> None:  # pragma: no cover - not Linux
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="offsetcalc-lifeline", daemon=True).start()


def mp_context() -> Any:
    """A forkserver context (workers do not inherit the parent's open ledger connection or threads).

    The forkserver preloads :mod:`offsetcalc.rules.lifeline_preload`: it ties the
    forkserver to the parent and imports the checking code once, so each
    worker forked from it starts with it already imported.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:  # pragma: no cover - not POSIX
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["offsetcalc.rules.lifeline_preload"])
    return ctx


Deliver = Callable[[int, list[Any]], None]


def run_chunks(
    chunks: Sequence[Sequence[str]],
    jobs: int,
    *,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    work: Callable[[Sequence[str]], list[Any]],
    crashed: Callable[[str], Any],
    deliver: Deliver,
) -> None:
    """Run ``work(chunk)`` for every chunk in ``jobs`` processes; ``deliver(i, outcomes)`` in chunk order.

    ``crashed(source)`` makes the outcome of a file whose process died on it twice
    (once in a chunk, once alone). Ctrl-C stops the workers at once and propagates.
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ready: dict[int, list[Any]] = {}
    next_i = 0
    todo: deque[int] = deque(range(len(chunks)))
    window = 2 * jobs  # chunks in flight: enough to keep every worker busy, few enough to be suspects
    barren = [0]  # pools in a row that died before giving back anything: workers that cannot even start

    def flush() -> None:
        nonlocal next_i
        while next_i in ready:
            deliver(next_i, ready.pop(next_i))
            next_i += 1

    while todo:
        if barren[0] >= _MAX_BARREN_POOLS:  # do not start a process per file that dies as it starts
            for i in todo:
                ready[i] = [crashed(s) for s in chunks[i]]
            todo.clear()
            break
        pool = ProcessPoolExecutor(jobs, mp_context=mp_context(), initializer=initializer, initargs=initargs)
        suspects: list[int] = []
        try:
            flying: dict[Any, int] = {}
            while todo or flying:
                while todo and len(flying) < window:
                    i = todo.popleft()
                    flying[pool.submit(work, chunks[i])] = i
                done, _ = wait(flying, return_when=FIRST_COMPLETED)
                broken = False
                for f in done:
                    i = flying.pop(f)
                    try:
                        ready[i] = f.result()
                        barren[0] = 0
                    except BrokenProcessPool:
                        suspects.append(i)
                        broken = True
                flush()
                if broken:
                    suspects.extend(flying.values())  # whatever was in flight may have been the cause
                    barren[0] += 1
                    break
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown(wait=True, cancel_futures=True)
        for i in sorted(suspects):
            ready[i] = _one_by_one(chunks[i], initializer, initargs, work, crashed, barren)
        flush()
    flush()


def _one_by_one(
    sources: Sequence[str],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    work: Callable[[Sequence[str]], list[Any]],
    crashed: Callable[[str], Any],
    barren: list[int],
) -> list[Any]:
    """Each file of a suspect chunk alone, in one reused worker; a file that kills it is the culprit."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    out: list[Any] = []
    pool = None
    try:
        for source in sources:
            if barren[0] >= _MAX_BARREN_POOLS:
                out.append(crashed(source))
                continue
            if pool is None:
                pool = ProcessPoolExecutor(1, mp_context=mp_context(), initializer=initializer, initargs=initargs)
            try:
                out.extend(pool.submit(work, [source]).result())
                barren[0] = 0
            except BrokenProcessPool:
                out.append(crashed(source))
                barren[0] += 1
                pool.shutdown(wait=True)
                pool = None
    except BaseException:
        if pool is not None:
            _stop(pool)
        raise
    if pool is not None:
        pool.shutdown(wait=True)
    return out


def _stop(pool: Any) -> None:
    """Stop at once: cancel queued chunks and end the workers (Ctrl-C)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(5)
