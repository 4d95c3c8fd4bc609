"""Standard output that reports a failed write, as ``--output`` does.

``check … --format json > report.json`` on a full disk, or into a pipe whose
reader has gone, must not end with exit 0, a truncated report and a silent
stderr. :func:`install` puts a checked layer under ``sys.stdout`` (at the raw
file-descriptor level, so every writer — typer, click's own wrappers, rich —
goes through it); a failed write raises :class:`OutputError`, which the
command line reports as one ``error: cannot write the output …`` line with
exit code 2, like a failed ``--output`` write. :func:`finish` flushes what is
still buffered under the same check before the process exits.
"""

from __future__ import annotations

import io
import os
import sys

__all__ = ["OutputError", "finish", "install"]


class OutputError(Exception):
    """Writing standard output failed (a full disk, a closed pipe, an I/O error).

    Not an OSError on purpose: click silences EPIPE (OSError) as a normal exit.
    """

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.strerror or str(exc))
        self.errno = exc.errno


class _CheckedRaw(io.RawIOBase):
    """File descriptor 1 whose write errors become :class:`OutputError`."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return os.isatty(self._fd)

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            return os.write(self._fd, data)
        except BlockingIOError:
            raise
        except OSError as exc:
            raise OutputError(exc) from None

    def close(self) -> None:  # the descriptor belongs to the process, not to this object
        super().close()


def install() -> None:
    """Replace ``sys.stdout`` with a checked stream on the same descriptor (same encoding and buffering)."""
    old = sys.stdout
    try:
        fd = old.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real descriptor (a test harness): nothing to check at this level
    old.flush()
    encoding = getattr(old, "encoding", None) or "utf-8"
    errors = getattr(old, "errors", None) or "strict"
    line_buffering = bool(getattr(old, "line_buffering", False))
    raw = _CheckedRaw(fd)
    sys.stdout = io.TextIOWrapper(
        io.BufferedWriter(raw), encoding=encoding, errors=errors, line_buffering=line_buffering, write_through=False
    )


def finish() -> None:
    """Flush standard output; a failure raises :class:`OutputError`."""
    sys.stdout.flush()


def abandon() -> None:
    """After a failed write: drop what is still buffered so the interpreter's exit does not try again."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until the process ends
