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
from collections.abc import Iterator, Mapping
from typing import Any

from offsetcalc import unit_cache

FORMAT = 2  # 2: an index line, then a line per table header and per factor row (1: one JSON document)
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


class Entries(Mapping[str, Any]):
    """The cached table entries (key → table spec as JSON data), each part decoded when first asked for.

    After the index line the file holds, per table, its header (the spec without its
    factors) and then each factor row, one line each; the index gives where each table
    starts and the length of each of its lines. A run that uses a few factors decodes the
    index and those factors' rows: decoding every entry grew with the built-in tables (the
    FY2024 retailer list alone is 900+ rows, ~4 ms to decode) and was ~7 ms of every run. A
    decoded part is kept, so a change made to an entry is what :func:`save` writes.
    """

    def __init__(self, body: bytes = b"", spans: dict[str, list[Any]] | None = None, ids: Any = None) -> None:
        self._body = body
        self._spans = spans or {}  # key → [start, [length of the header line, of each row's line …]]
        self._ids = ids if isinstance(ids, dict) else {}
        self._heads: dict[str, dict[str, Any]] = {}
        self._rows: dict[str, list[Any]] = {}

    def _line(self, key: str, n: int) -> Any:
        """Line ``n`` of entry ``key`` (0: its header, 1…: its rows), decoded; KeyError if it will not decode."""
        start, lengths = self._spans[key]
        at = start + sum(lengths[:n]) + n
        try:
            return json.loads(self._body[at : at + lengths[n]])
        except (ValueError, IndexError):
            raise KeyError(key) from None  # only a writer that also fixed the digest can get here

    def header(self, key: str) -> dict[str, Any]:
        """Entry ``key`` without its factors."""
        if key not in self._heads:
            head = self._line(key, 0)
            if not isinstance(head, dict) or "factors" in head:
                raise KeyError(key)
            self._heads[key] = head
            self._rows[key] = [None] * (len(self._spans[key][1]) - 1)
        return self._heads[key]

    def row(self, key: str, i: int) -> Any:
        """The ``i``-th factor row of entry ``key``."""
        self.header(key)
        rows = self._rows[key]
        if rows[i] is None:
            rows[i] = self._line(key, i + 1)
        return rows[i]

    def __getitem__(self, key: str) -> dict[str, Any]:
        head = self.header(key)
        return {**head, "factors": [self.row(key, i) for i in range(len(self._rows[key]))]}

    def __contains__(self, key: object) -> bool:
        return key in self._spans  # without decoding; a part that will not decode is a KeyError

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def row_ids(self, key: str) -> list[Any]:
        """The factor ID of each row of entry ``key``, from the index (nothing decoded)."""
        ids = self._ids.get(key)
        return ids if isinstance(ids, list) else []


def load() -> Entries:
    """The cached entries, or an empty :class:`Entries` when there is no good cache."""
    return load_all()[0]


def load_all() -> tuple[Entries, dict[str, list[Any]]]:
    """The cached entries, and the file list they were made from (name → [size, mtime_ns, sha256]).

    The first line is ``offsetcalc-factor-cache <sha256 of the rest>``; a body that does
    not hash to it (truncated, damaged) or whose index does not parse as the expected shape
    is ignored (no entries, no files). The file list lets a run trust the cache's index of
    factor IDs without reading every table (:class:`offsetcalc.factors.tables.BuiltinIndex`).
    """
    path = _path()
    if path is None:
        return Entries(), {}
    try:
        with open(path, "rb") as f:
            raw = f.read()
            mtime = os.fstat(f.fileno()).st_mtime
        head, _, body = raw.partition(b"\n")
        magic, _, digest = head.partition(b" ")
        if magic != _HEADER or hashlib.sha256(body).hexdigest().encode() != digest:
            return Entries(), {}
        line, _, rest = body.partition(b"\n")
        index = json.loads(line)
    except (OSError, ValueError):
        return Entries(), {}
    if not isinstance(index, dict) or index.get("format") != FORMAT or not isinstance(index.get("spans"), dict):
        return Entries(), {}
    unit_cache.mark_used(path, mtime)  # in use: not stale for another version's prune
    spans = {k: v for k, v in index["spans"].items() if isinstance(k, str) and _span_fits(v, len(rest))}
    entries = Entries(rest, spans, index.get("ids"))
    files = index.get("files")
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


def save(entries: Mapping[str, Any], files: dict[str, list[Any]] | None = None) -> None:
    """Write the entries and the file list (atomically: a reader sees the old file or the new one, never half).

    Failure to write (read-only or missing home, full disk) is silent: the next run parses again.
    """
    path = _path()
    if path is None:
        return
    parts: list[bytes] = []
    spans: dict[str, list[Any]] = {}
    ids: dict[str, list[str | None]] = {}
    at = 0  # offsets in the part after the index line
    for key, entry in entries.items():
        rows = entry.get("factors") or []
        lines = [_json({k: v for k, v in entry.items() if k != "factors"})] + [_json(r) for r in rows]
        spans[key] = [at, [len(b) for b in lines]]
        ids[key] = [_row_id(r) for r in rows]
        parts.extend(lines)
        at += sum(len(b) + 1 for b in lines)
    index = {"format": FORMAT, "files": files or {}, "spans": spans, "ids": ids}
    body = _json(index) + b"\n" + b"".join(b + b"\n" for b in parts)
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


def _json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _span_fits(span: Any, size: int) -> bool:
    """Whether an index span ``[start, [line lengths]]`` is well formed and within ``size`` bytes."""
    if not (isinstance(span, list) and len(span) == 2 and isinstance(span[1], list) and span[1]):
        return False
    start, lengths = span
    numbers = [start, *lengths]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers):
        return False
    return start + sum(lengths) + len(lengths) <= size


def _row_id(row: Any) -> str | None:
    ident = row.get("id") if isinstance(row, dict) else None
    return ident if isinstance(ident, str) else None


def _prune(folder: str, keep: str) -> None:
    """Delete stale factor caches of other keys in ``folder`` (:func:`offsetcalc.unit_cache.prune`)."""
    unit_cache.prune(folder, keep, _OURS)
