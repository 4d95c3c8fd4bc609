"""Asking the file system about paths a user named, without ever raising on a strange one.

``Path.exists()`` raises on a folder without search permission, ``Path.resolve()``
on a link loop: in a batch of other people's files either one stopped the whole
run with an internal error. These answer instead, so the caller can report the
path as one bad input among the good ones.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["path_identity", "path_kind"]


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
