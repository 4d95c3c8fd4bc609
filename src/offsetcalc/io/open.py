"""Open a file that a submission names, once, and check the file that was opened.

A table path inside an activity file comes from someone else. Checking a path
and then handing the *path* to a reader leaves two holes:

* readers interpret the text: polars expands ``* ? [ ]`` as a glob and gives
  ``~`` and ``file:`` meanings, so ``path: '*.csv'`` reads every CSV beside it,
  links leading out included;
* a link can be flipped between the check and the read.

So :func:`open_inside` opens the path exactly as written (no expansion of any
kind), checks the *open descriptor* — a regular file, whose real path (asked of
the descriptor, not of the name) lies inside the allowed folder — and returns a
file object on that descriptor. Readers get the file object, never the path, so
what was checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from offsetcalc.errors import InputError, Location
from offsetcalc.io.paths import inside
from offsetcalc.report.messages import Msg

__all__ = ["descriptor_path", "open_inside"]


def _fd_real_path(fd: int, fallback: str) -> str:
    """The real path of an open descriptor (Linux: /proc/self/fd; elsewhere the name, checked by inode)."""
    proc = f"/proc/self/fd/{fd}"
    try:
        return os.readlink(proc)
    except OSError:
        real = os.path.realpath(fallback)
        st, here = os.fstat(fd), os.stat(real)
        if (st.st_dev, st.st_ino) != (here.st_dev, here.st_ino):  # the name moved under us
            raise InputError(Msg("table.changed"), code="table.changed") from None
        return real


def open_inside(path: Path, base: Path, *, written: str, where: Location) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file whose real path is inside ``base``.

    ``written`` is the path as the submission wrote it (for messages) and
    ``where`` the position of that text. Raises :class:`InputError` with codes
    ``table.outside``, ``table.missing``, ``table.not-file``, ``table.unreadable``.
    The caller closes the returned file.
    """
    outside = InputError(
        Msg("table.outside", path=written), location=where, code="table.outside", hint=Msg("table.outside.hint")
    )
    if Path(written).is_absolute():  # not even opened
        raise outside
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        # os.open takes the name literally: no glob, no '~', no URI scheme.
        fd = os.open(os.fspath(path), flags)
    except FileNotFoundError:
        raise InputError(
            Msg("table.missing", path=written, looked=os.path.normpath(path)),
            location=where,
            code="table.missing",
            hint=Msg("table.missing.hint"),
        ) from None
    except IsADirectoryError:
        raise _not_file(written, Msg("table.not-file.folder"), where) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(
            Msg("table.unreadable", path=written, reason=reason), location=where, code="table.unreadable"
        ) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _not_file(written, Msg("table.not-file.folder"), where)
        if not stat.S_ISREG(st.st_mode):
            raise _not_file(written, Msg("table.not-file.special"), where)
        if not inside(written, base, real=_fd_real_path(fd, os.fspath(path))):
            raise outside
        os.set_blocking(fd, True)
        return open(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def _not_file(written: str, what: Msg, where: Location) -> InputError:
    return InputError(
        Msg("table.not-file", path=written, what=what),
        location=where,
        code="table.not-file",
        hint=Msg("table.not-file.hint"),
    )


def descriptor_path(fh: BinaryIO, path: Path) -> Path:
    """A name that reads the file open on ``fh`` for readers that want a path (polars, openpyxl).

    On Linux ``/proc/self/fd/N`` opens the very file behind the descriptor, whatever has
    happened to its name since; elsewhere the checked name itself (open_inside compared its
    inode with the descriptor's when it was opened).
    """
    proc = Path(f"/proc/self/fd/{fh.fileno()}")
    return proc if proc.exists() else path
