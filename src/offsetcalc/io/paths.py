"""Asking the file system about paths a user named, without ever raising on a strange one.

``Path.exists()`` raises on a folder without search permission, ``Path.resolve()``
on a link loop: in a batch of other people's files either one stopped the whole
run with an internal error. These answer instead, so the caller can report the
path as one bad input among the good ones.

:func:`inside` is the one test that a path a submission wrote stays in its folder.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

__all__ = ["inside", "path_identity", "path_kind", "resolver"]


def path_kind(path: Path) -> str:
    """'dir', 'file' (anything that is there, links included), 'error: why' or 'missing' — never raises."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "file" if os.path.islink(path) else "missing"
    except NotADirectoryError:
        return "missing"
    except OSError as exc:  # a loop, a folder on the way without search permission
        return "file" if os.path.islink(path) or exc.errno != errno.EACCES else f"error: {exc.strerror or exc}"
    except ValueError as exc:
        return f"error: {exc}"
    return "dir" if stat.S_ISDIR(st.st_mode) else "file"


def path_identity(path: Path, real: Callable[[str | os.PathLike[str]], str] = os.path.realpath) -> str:
    """One identity per file, however it was named (never raises, even on a link loop).

    ``real`` is ``os.path.realpath`` or, for many files, a :func:`resolver`.
    """
    try:
        return os.path.normcase(real(path))
    except (OSError, ValueError, RuntimeError):
        return os.path.normcase(os.path.abspath(path))


def resolver() -> Callable[[str | os.PathLike[str]], str]:
    """``os.path.realpath`` for the many files of a few folders (a batch): each folder resolved once.

    realpath looks at every component of a path, for every file; the files of a batch share
    their folders, and resolving each folder again was much of a batch parent's time. A file
    that is not itself a symbolic link is its resolved folder plus its name; a name that is a
    link, cannot be looked at, or ends in '.' or '..' is resolved whole, as realpath does.
    Folders are resolved when first met: one batch, one answer per folder.
    """
    folders: dict[str, str] = {}

    def real(path: str | os.PathLike[str]) -> str:
        text = os.fspath(path)
        head, tail = os.path.split(text)
        if tail in ("", os.curdir, os.pardir):
            return os.path.realpath(text)
        try:
            if stat.S_ISLNK(os.lstat(text).st_mode):
                return os.path.realpath(text)
        except (OSError, ValueError):
            return os.path.realpath(text)
        base = folders.get(head)
        if base is None:
            base = folders[head] = os.path.realpath(head or os.curdir)
        return os.path.join(base, tail)

    return real


def inside(written: str, base: str | os.PathLike[str], real: str | None = None) -> bool:
    """True when a path a submission wrote stays in the folder ``base`` or below.

    ``written`` is the path as the submission wrote it, relative to ``base``; ``real`` the real
    path of what it names when the caller knows it better (an open descriptor's), else
    ``os.path.realpath`` of ``base / written``. Submissions come from other people:
    ``/etc/passwd`` or ``../other-client.csv`` would let one read, and quote back, files of the
    machine that checks them. An absolute path is outside whatever it names, and the real paths
    are compared, so a symbolic link cannot lead out either.
    """
    if Path(written).is_absolute():
        return False
    root = os.path.realpath(base)
    if real is None:
        real = os.path.realpath(os.path.join(base, written))
    return os.path.commonpath([root, real]) == root
