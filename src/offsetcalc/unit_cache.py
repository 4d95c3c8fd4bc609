"""A cache of pint's answers, so a run that uses known units need not import pint.

pint is the authority on units (:mod:`offsetcalc.units`), but importing it and
building the registry costs ~0.2 s, more than everything else the README
example does. What offsetcalc asks pint is small and deterministic: a unit
text's scale and dimension, and the factor between two unit texts. Those
answers are kept in one JSON file in the user's cache folder, and a later run
that asks the same questions reads them instead of importing pint.

Only answers pint gave are stored (never errors: an unknown unit always goes to
pint, so its message is pint's). The file's name carries a key made of
everything the answers depend on — pint's installed version and its unit
definitions file, offsetcalc's own definitions and normalisation code
(units.py) and this module's format — so upgrading pint or offsetcalc starts a
new file rather than reading stale answers.

Safe fallback: a missing, unreadable, corrupt or unwritable cache is the same as
an empty one (the run asks pint); entries that are not finite positive numbers
are ignored. ``OFFSETCALC_CACHE_DIR`` moves the folder; ``OFFSETCALC_CACHE_DIR=off``
turns the cache off. New answers are written once, at exit, atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import stat
import time
from typing import Any

FORMAT = 1
_state: dict[str, Any] = {}
#: Seconds a cache file of another key (another version of offsetcalc or pint, or code edited
#: since) may go unused before a run that writes its own cache deletes it (:func:`prune`).
STALE_AFTER = 24 * 3600
#: A cache in use has its modification time set when it is older than this (one write an hour, not a run).
_MARK_USED_AFTER = 3600
#: What save() writes: the cache files and their temporary files (``<cache>.<pid>.tmp``).
_OURS = re.compile(r"units-[0-9a-f]{24}\.json(?:\.[0-9]+\.tmp)?")


def folder() -> str | None:
    """The user's cache folder for offsetcalc (what platformdirs gives, without its import);
    None when ``OFFSETCALC_CACHE_DIR`` turns caching off. Also used by :mod:`offsetcalc.factors.cache`."""
    env = os.environ.get("OFFSETCALC_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else env
    import sys

    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "offsetcalc", "Cache") if base else None
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/offsetcalc")
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not os.path.isabs(base):  # unset, empty or relative: the XDG default
        base = os.path.expanduser("~/.cache")
    return None if base.startswith("~") else os.path.join(base, "offsetcalc")


def _key() -> str | None:
    """What the answers depend on, hashed; None when pint is not installed."""
    import importlib.util

    from offsetcalc import units

    spec = importlib.util.find_spec("pint")
    if spec is None or spec.origin is None:
        return None
    pint_dir = os.path.dirname(spec.origin)
    parts = [f"format={FORMAT}", units._DEFINITIONS]
    try:
        # The dist-info folder names pint's version; the definitions file is what pint parses.
        parent = os.path.dirname(pint_dir)
        parts += sorted(n for n in os.listdir(parent) if n.lower().startswith("pint-"))
        for f in (os.path.join(pint_dir, "default_en.txt"), units.__file__):
            st = os.stat(f)
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    except OSError:
        return None
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _load() -> dict[str, Any]:
    if _state:
        return _state
    _state.update(units={}, factors={}, dirty=False, path=None)
    where = folder()
    key = _key() if where else None
    if where is None or key is None:
        return _state
    _state["path"] = os.path.join(where, f"units-{key}.json")
    try:
        with open(_state["path"], encoding="utf-8") as f:
            data = json.load(f)
            mtime = os.fstat(f.fileno()).st_mtime
        if isinstance(data, dict) and data.get("format") == FORMAT:
            mark_used(_state["path"], mtime)
            for text, v in data.get("units", {}).items():
                ok = isinstance(v, list) and len(v) == 2 and _good(v[0]) and isinstance(v[1], list)
                if ok and all(isinstance(d, list) and len(d) == 2 and isinstance(d[0], str) for d in v[1]):
                    _state["units"][text] = (float(v[0]), tuple((d[0], d[1]) for d in v[1]))
            for k, v in data.get("factors", {}).items():
                if _good(v):
                    _state["factors"][k] = float(v)
    except (OSError, ValueError, TypeError, AttributeError):
        pass  # no cache yet, or a damaged one: pint answers and a new file is written
    return _state


def _good(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v > 0


def unit(text: str) -> tuple[float, tuple[tuple[str, Any], ...]] | None:
    """(scale, dims) of a unit text pint parsed before, or None."""
    return _load()["units"].get(text)


def factor(from_text: str, to_text: str) -> float | None:
    """The conversion factor pint gave before from ``from_text`` to ``to_text``, or None."""
    return _load()["factors"].get(f"{from_text}\x00{to_text}")


def record_unit(text: str, scale: float, dims: tuple[tuple[str, Any], ...]) -> None:
    st = _load()
    if isinstance(text, str) and _good(scale) and text not in st["units"]:
        st["units"][text] = (scale, dims)
        _dirty(st)


def record_factor(from_text: str, to_text: str, value: float) -> None:
    st = _load()
    if _good(value):
        st["factors"][f"{from_text}\x00{to_text}"] = value
        _dirty(st)


def _dirty(st: dict[str, Any]) -> None:
    if st["path"] and not st["dirty"]:
        import atexit

        st["dirty"] = True
        atexit.register(save)


def save() -> None:
    """Write the answers (atomically: a reader sees the old file or the new one, never half)."""
    st = _state
    if not st or not st.get("dirty") or not st.get("path"):
        return
    st["dirty"] = False
    data = {
        "format": FORMAT,
        "units": {t: [s, [list(d) for d in dims]] for t, (s, dims) in st["units"].items()},
        "factors": st["factors"],
    }
    path = st["path"]
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        return
    prune(os.path.dirname(path), os.path.basename(path), _OURS)


def prune(folder: str, keep: str, ours: re.Pattern[str]) -> None:
    """Delete the cache files in ``folder`` named like ``ours``, other than ``keep``, that were not
    used for :data:`STALE_AFTER`, and temporary files a killed writer left that long ago.

    Each version (of offsetcalc, of pint, or an edit of the code a cache depends on) writes a
    cache file of its own; without this they would pile up in the user's cache folder. The
    unit cache and the factor cache (:mod:`offsetcalc.factors.cache`) both use it.

    Never a file another process is writing: save() writes a temporary file of its own and
    renames it into place, so a cache file is never written in place, and a temporary file is
    deleted only when it is a day old (writing one takes milliseconds). Only names the
    caches' save() makes and regular files (not links) are touched. A reader that has a deleted file open
    still reads it whole (on Windows the delete fails and is skipped). A run that renames a
    fresh cache into a name between the age test and the delete loses it: the next run of that
    version asks pint (or parses its tables) once more, never reads a damaged file. Failures are silent.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return
    now = time.time()
    for name in names:
        if name == keep or not ours.fullmatch(name):
            continue
        path = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and now - st.st_mtime > STALE_AFTER:
                os.remove(path)


def mark_used(path: str, mtime: float) -> None:
    """Set the modification time of a cache file just read (``mtime``, as read) when it is over an
    hour old, so that another version's :func:`prune` keeps it while it is in use."""
    if time.time() - mtime > _MARK_USED_AFTER:
        with contextlib.suppress(OSError):
            os.utime(path)


def clear_memory() -> None:
    """Forget what was loaded (tests)."""
    _state.clear()
