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
from pathlib import Path

__all__ = ["inside", "path_identity", "path_kind"]


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


def path_identity(path: Path) -> str:
    """One identity per file, however it was named (never raises, even on a link loop)."""
    try:
        return os.path.normcase(os.path.realpath(path))
    except (OSError, ValueError, RuntimeError):
        return os.path.normcase(os.path.abspath(path))


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
