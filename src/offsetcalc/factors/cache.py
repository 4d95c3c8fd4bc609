"""A cache of the parsed built-in factor tables, so a run need not parse ~26 YAML/CSV files.

Parsing every built-in table (YAML with node positions, CSV rows under a YAML
header) was ~0.05–0.08 s of CPU on every run, ~15 % of the README example.
The parsed, validated table specs are kept as JSON in the user's cache folder
(the same folder as :mod:`offsetcalc.unit_cache`; ``OFFSETCALC_CACHE_DIR``
moves it, ``=off`` disables both caches).

What is trusted and what is not:

* Each entry is keyed by the table file's name and the sha256 of its bytes. The
  cache also records each built-in file's size, modification time and sha256.
  When every built-in file still has the recorded size and time (and no file
  came or went), a run trusts the cache's map of which table holds which factor
  ID and reads only the tables whose factors it uses: each of those is read and
  hashed from the real file (so the hash a result reports is always the file's
  own), and a hash that differs from the record makes the run read and hash every
  table, as when anything else differs. An edited table has a new hash: its entry
  is not found and the file is parsed.
* The cache file's name carries a key of offsetcalc's version, this format and
  the size/mtime of the modules whose code decides what a parsed table is
  (tables.py, csvtable.py, io/loader.py): a new offsetcalc starts a new file.
* The file is data from disk: its body carries a sha256 that must match, and
  each entry is validated again by the table schema (and its numbers checked)
  before use; anything wrong means the table is parsed from its file and the
  cache rewritten. A missing, unreadable, corrupt or unwritable cache is the
  same as an empty one. Writes are atomic.
* Each version (and each edit of those modules) leaves its own file behind, so
  writing a new cache deletes the other cache files nobody has used for
  :data:`STALE_AFTER` (:func:`_prune`). A run that uses a cache marks it used
  (its modification time, at most once an hour), so installations sharing the
  folder keep each other's caches while they are in use.

Only built-in tables are cached: user tables (``--factors``) and
``factors validate`` always read the real files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from typing import Any

from offsetcalc import unit_cache

FORMAT = 1
_HEADER = b"offsetcalc-factor-cache"
#: Seconds a cache file of another key may go unused before a run that writes its own deletes it
#: (rebuilt, it costs a run ~0.05–0.08 s of CPU); shared with the unit cache.
STALE_AFTER = unit_cache.STALE_AFTER
#: What save() writes: the cache files and their temporary files (``<cache>.<pid>.tmp``).
_OURS = re.compile(r"factors-[0-9a-f]{24}\.json(?:\.[0-9]+\.tmp)?")


def _path() -> str | None:
    """The cache file, or None when caching is off or the key cannot be made."""
    from offsetcalc import __version__
    from offsetcalc.factors import csvtable, tables
    from offsetcalc.io import loader

    folder = unit_cache.folder()
    if folder is None:
        return None
    parts = [f"format={FORMAT}", f"offsetcalc={__version__}"]
    try:
        for f in (tables.__file__, csvtable.__file__, loader.__file__):
            st = os.stat(f)
            parts.append(f"{f}:{st.st_size}:{st.st_mtime_ns}")
    except (OSError, TypeError):
        return None
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]
    return os.path.join(folder, f"factors-{key}.json")


def entry_key(name: str, sha256: str) -> str:
    """An entry's key: the file's name (its suffix decides how it is parsed) and its content hash."""
    return f"{name}\x00{sha256}"


def load() -> dict[str, Any]:
    """The cached entries (key → table spec as JSON data), or {} when there is no good cache."""
    return load_all()[0]


def load_all() -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The cached entries, and the file list they were made from (name → [size, mtime_ns, sha256]).

    The first line is ``offsetcalc-factor-cache <sha256 of the rest>``; a body that does
    not hash to it (truncated, damaged) or does not parse as the expected shape is ignored
    ({} and {}). The file list lets a run trust the cache's index of factor IDs without
    reading every table (:class:`offsetcalc.factors.tables.BuiltinIndex`).
    """
    path = _path()
    if path is None:
        return {}, {}
    try:
        with open(path, "rb") as f:
            raw = f.read()
            mtime = os.fstat(f.fileno()).st_mtime
        head, _, body = raw.partition(b"\n")
        magic, _, digest = head.partition(b" ")
        if magic != _HEADER or hashlib.sha256(body).hexdigest().encode() != digest:
            return {}, {}
        data = json.loads(body)
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        return {}, {}
    unit_cache.mark_used(path, mtime)  # in use: not stale for another version's prune
    entries = {k: v for k, v in data["tables"].items() if isinstance(k, str) and isinstance(v, dict)}
    files = data.get("files")
    good = isinstance(files, dict) and all(
        isinstance(v, list)
        and len(v) == 3
        and isinstance(v[0], int)
        and isinstance(v[1], int)
        and isinstance(v[2], str)
        and entry_key(k, v[2]) in entries
        for k, v in files.items()
    )
    return entries, (files if good else {})


def save(entries: dict[str, Any], files: dict[str, list[Any]] | None = None) -> None:
    """Write the entries and the file list (atomically: a reader sees the old file or the new one, never half).

    Failure to write (read-only or missing home, full disk) is silent: the next run parses again.
    """
    path = _path()
    if path is None:
        return
    data = {"format": FORMAT, "tables": entries, "files": files or {}}
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(_HEADER + b" " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        return
    _prune(os.path.dirname(path), os.path.basename(path))


def _prune(folder: str, keep: str) -> None:
    """Delete stale factor caches of other keys in ``folder`` (:func:`offsetcalc.unit_cache.prune`)."""
    unit_cache.prune(folder, keep, _OURS)
