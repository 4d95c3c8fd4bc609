"""Emission-factor tables: load by name or path, look up by ID, with provenance.

A factor table is a YAML file (``factors/<dataset>-<edition>.yaml``; long lists as
CSV rows under a YAML header, ``*.csv``, see :mod:`offsetcalc.factors.csvtable`) holding one
published source — a ministry ordinance, a yearly list, a transport statistic —
and its factors. Each factor carries its ID, names in English and Japanese, the
value and unit, the gas, its validity period and whether the value is confirmed
against the source; the table carries publisher, document, edition/year and URL.

IDs name *what* is emitted (``fuel.gasoline``, ``electricity.jp.tepco.basic``);
editions are told apart by validity period, so one ID can exist in the 2006 and
the 2024 SHK tables. The uniqueness key is (ID, valid_from). A reference picks
the edition in force on the activity file's period start; ``ID@edition``
(``fuel.gasoline@2006``) names one explicitly.

Built-in tables ship in the wheel as ``offsetcalc._factors``; user tables
(``--factors DIR``) are added on top and override built-ins with the same key.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from offsetcalc.errors import FactorError, InputError, InputErrors, Location, OffsetcalcError
from offsetcalc.io.loader import Document, decode, load_yaml_text, read_bytes, validation_errors
from offsetcalc.report.messages import Msg, MsgValueError

TABLE_FORMAT = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _not_bool(v: object) -> object:
    """YAML ``true`` is not a number (pydantic would read it as 1.0)."""
    if isinstance(v, bool):
        raise InputError(Msg("schema.not-a-number", value=str(v).lower()), code="schema.not-a-number")
    return v


def _plain_name(v: str, what: Msg) -> str:
    """IDs and table names are cited in one-line findings and in ``ID@edition`` references."""
    # Fast path, checked on every table load: the only whitespace str.isprintable() accepts is " ".
    if v.isprintable() and " " not in v and "@" not in v:
        return v
    bad = [c for c in v if c.isspace() or not c.isprintable() or c == "@"]
    if bad:
        raise InputError(
            Msg("schema.name", what=what, name=repr(v), char=repr(bad[0])),
            hint=Msg("schema.name.hint", what=what),
            code="schema.name",
        )
    return v


class Validity(_Strict):
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None
    # False when the end is inferred (e.g. from a later edition), not stated by the source:
    # use past it is then a warning, not an error (offsetcalc.rules.checks.check_factors).
    to_confirmed: StrictBool = True


class Ingredient(_Strict):
    value: float
    unit: str

    _value_not_bool = field_validator("value", mode="before")(_not_bool)


class Derivation(_Strict):
    """SHK derivation: CO2 = heat content × carbon emission factor × 44/12."""

    heat_content: Ingredient
    carbon_factor: Ingredient


class FactorSpec(_Strict):
    id: str = Field(min_length=1)
    name: str
    name_ja: str | None = None
    category: str
    value: float | None = None
    unit: str
    gas: str = "CO2"
    gases: dict[str, float] | None = None
    derivation: Derivation | None = None
    valid: Validity | None = None
    confirmed: StrictBool  # a provenance claim: `true`/`false`, never "yes" or 1
    # Per-factor provenance where it differs from the table's (e.g. another page).
    document: str | None = None
    edition: str | None = None
    url: str | None = None
    note: str | None = None

    _value_not_bool = field_validator("value", mode="before")(_not_bool)

    @field_validator("gases", mode="before")
    @classmethod
    def _gases_not_bool(cls, v: object) -> object:
        if isinstance(v, dict):
            for g in v.values():
                _not_bool(g)
        return v

    @field_validator("id")
    @classmethod
    def _id_plain(cls, v: str) -> str:
        return _plain_name(v, Msg("schema.name.factor-id"))


class TableSpec(_Strict):
    offsetcalc_factors: int = Field(alias="offsetcalc-factors")
    table: str = Field(min_length=1)
    title: str
    title_ja: str | None = None
    publisher: str
    document: str
    document_ja: str | None = None
    edition: str
    year: int | None = None
    url: str | None = None
    url_note: str | None = None
    valid: Validity | None = None
    note: str | None = None
    factors: list[FactorSpec]

    @field_validator("table")
    @classmethod
    def _table_plain(cls, v: str) -> str:
        return _plain_name(v, Msg("schema.name.table"))

    @field_validator("offsetcalc_factors")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != TABLE_FORMAT:
            raise MsgValueError(Msg("factors.format", given=v, reads=TABLE_FORMAT))
        return v


@dataclass(frozen=True)
class TableInfo:
    """A loaded table: its spec, file, hash and document (for locations)."""

    spec: TableSpec
    path: str
    sha256: str
    builtin: bool
    doc: Document = field(repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.spec.table


@dataclass(frozen=True)
class Factor:
    """One factor, resolved against its table: what the engine and reports use."""

    id: str
    name: str
    name_ja: str | None
    category: str
    value: float | None
    unit: str
    gas: str
    gases: dict[str, float] | None
    confirmed: bool
    valid_from: date | None
    valid_to: date | None
    table: TableInfo = field(repr=False)
    index: int  # position in the table's factors list (for locations)
    spec: FactorSpec = field(repr=False)

    @property
    def key(self) -> tuple[str, date | None]:
        return (self.id, self.valid_from)

    @property
    def edition(self) -> str:
        return self.spec.edition or self.table.spec.edition

    @property
    def source(self) -> str:
        t = self.table.spec
        doc = self.spec.document or t.document
        url = self.spec.url or t.url
        text = f"{t.publisher}, {doc}, {self.edition}"
        return f"{text}, {url}" if url else text

    @property
    def location(self) -> Location:
        return self.table.doc.location(("factors", self.index))

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Resolution:
    factor: Factor
    warnings: list[str]


class FactorSet:
    """All factors loaded together; ``overrides`` records user factors that replaced built-ins.

    ``by_id`` maps a factor ID to its editions (oldest first). For the built-in tables alone
    it is a :class:`BuiltinIndex`, which reads a table the first time one of its IDs is
    asked for; ``tables`` and :meth:`all` read every table.
    """

    def __init__(
        self,
        tables: list[TableInfo] | None,
        by_id: Mapping[str, list[Factor]],
        overrides: list[tuple[Factor, Factor]] | None = None,
    ) -> None:
        self._tables = tables
        self.by_id = by_id
        self.overrides = overrides or []

    @property
    def tables(self) -> list[TableInfo]:
        if self._tables is None:
            self._tables = self.by_id.tables()  # type: ignore[attr-defined]
        return self._tables

    def all(self) -> list[Factor]:
        return [f for fs in self.by_id.values() for f in fs]

    def resolve(self, ref: str, on: date | None = None) -> Resolution:
        """The factor for ``ref`` in force on ``on`` (see module docs)."""
        ident, _, edition = ref.partition("@")
        candidates = self.by_id.get(ident)
        if not candidates:
            from offsetcalc.report.messages import did_you_mean

            hint = did_you_mean(ident, list(self.by_id)) or Msg("factor.unknown.hint")
            raise FactorError(Msg("factor.unknown", ref=ident), hint=hint, code="factor.unknown")
        if edition:
            chosen = [f for f in candidates if f.edition == edition or f.table.id == edition]
            if not chosen:
                editions = ", ".join(sorted({f.edition for f in candidates}))
                raise FactorError(
                    Msg("factor.edition", ref=ident, edition=edition),
                    hint=Msg("factor.edition.hint", editions=editions),
                    code="factor.edition",
                )
            return Resolution(chosen[0], [])
        if len(candidates) == 1:
            f = candidates[0]
            warn = (
                []
                if on is None or f.valid_on(on)
                else [f"factor '{ident}' ({f.edition}) is valid {_span(f)}, not on {on}; used anyway"]
            )
            return Resolution(f, warn)
        if on is None:
            latest = max(candidates, key=edition_start)
            return Resolution(
                latest,
                [
                    f"factor '{ident}' has several editions and the file has no period; "
                    f"used the newest ({latest.edition})"
                ],
            )
        in_force = [f for f in candidates if f.valid_on(on)]
        if in_force:
            # Editions that overlap (an older one with no end date) are a table fault that
            # `factors validate` reports; the newest edition in force is the one a period gets.
            return Resolution(max(in_force, key=edition_start), [])
        earlier = [f for f in candidates if f.valid_from is None or f.valid_from <= on]
        # The latest earlier edition; before the first one, the first (the nearest in time, not the newest).
        pick = max(earlier, key=edition_start) if earlier else min(candidates, key=edition_start)
        return Resolution(pick, [f"no edition of '{ident}' is valid on {on}; used {pick.edition}"])


def edition_start(f: Factor) -> date:
    """Sort key of editions, oldest first (one without a start date before all)."""
    return f.valid_from or date.min


def _span(f: Factor) -> str:
    return f"{f.valid_from or '…'} to {f.valid_to or '…'}"


def builtin_dir() -> Path:
    """Where the built-in tables are: inside the installed package, or factors/ in a source tree."""
    package = Path(__file__).resolve().parents[1]  # src/offsetcalc or site-packages/offsetcalc
    installed = package / "_factors"
    if installed.is_dir():
        return installed
    return package.parents[1] / "factors"


def table_paths(where: str | os.PathLike[str]) -> list[Path]:
    """The table files in a folder (sorted), or the one file given: YAML tables and
    CSV tables with a YAML header (:mod:`offsetcalc.factors.csvtable`)."""
    p = Path(where)
    if p.is_dir():
        return sorted([*p.glob("*.yaml"), *p.glob("*.yml"), *p.glob("*.csv")])
    return [p]


def parse_table_text(text: str, source: str) -> Document:
    """A table's text as a Document: YAML, or CSV rows under a YAML header (by file suffix)."""
    from offsetcalc.factors.csvtable import is_csv_table, load_csv_table_text

    if is_csv_table(source):
        return load_csv_table_text(text, source)
    return load_yaml_text(text, source)


def read_table_file(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The text of a factor table and the sha256 of its bytes (the loader's errors, with a hint that fits a table).

    One read serves both: a table given as a pipe (``--factors <(...)``) cannot be read twice.
    """
    try:
        raw = read_bytes(path, what="factor table")
        return decode(raw, str(path), what="factor table"), hashlib.sha256(raw).hexdigest()
    except InputError as exc:
        if exc.code == "file.empty":
            exc.hint = "a factor table starts with 'offsetcalc-factors: 1', then 'table:', its source and 'factors:'"
        raise


def table_keys() -> dict[str, list[str]]:
    """Keys a table and a factor may have, by path shape, for 'did you mean' on an unknown key."""
    return {"": [*TableSpec.model_fields, "offsetcalc-factors"], "factors.*": list(FactorSpec.model_fields)}


def factor_numbers(f: FactorSpec) -> list[tuple[tuple[str, ...], float]]:
    """Every number of a factor, with its path inside the factor: value, gases.CH4, derivation inputs."""
    numbers: list[tuple[tuple[str, ...], float]] = []
    if f.value is not None:
        numbers.append((("value",), f.value))
    numbers += [(("gases", g), v) for g, v in (f.gases or {}).items()]
    if f.derivation:
        numbers.append((("derivation", "heat_content", "value"), f.derivation.heat_content.value))
        numbers.append((("derivation", "carbon_factor", "value"), f.derivation.carbon_factor.value))
    return numbers


def number_faults(spec: TableSpec, doc: Document) -> list[OffsetcalcError]:
    """Numbers no computation may use: not finite, or negative (located; codes as in validate)."""
    return [e for i, f in enumerate(spec.factors) for e in row_number_faults(i, f, doc)]


def row_number_faults(i: int, f: FactorSpec, doc: Document) -> list[OffsetcalcError]:
    """:func:`number_faults` of the table's ``i``-th factor ``f``."""
    out: list[OffsetcalcError] = []
    for path, v in factor_numbers(f):
        name = ".".join(path)
        if not math.isfinite(v):
            e: OffsetcalcError = FactorError(
                Msg("factor.not-finite", ref=f.id, name=name, value=v), code="value.not-finite"
            )
        elif v < 0:
            e = FactorError(
                Msg("factor.negative", ref=f.id, name=name, value=f"{v:g}"),
                hint=Msg("factor.negative.hint"),
                code="value.not-positive",
            )
        else:
            continue
        e.location = doc.location(("factors", i, *path))
        out.append(e)
    return out


def load_table(path: str | os.PathLike[str], *, builtin: bool = False) -> TableInfo:
    """Read one factor table; InputErrors with file:line:col on any schema fault,
    and on a number no computation may use (NaN, infinite, negative)."""
    text, sha256 = read_table_file(path)
    return _table_from_text(text, sha256, str(path), builtin=builtin)


def _table_from_text(text: str, sha256: str, path: str, *, builtin: bool) -> TableInfo:
    doc = parse_table_text(text, path)
    if not isinstance(doc.data, dict):
        raise InputError(Msg("factors.schema.mapping"), location=doc.location(), code="factors.schema")
    try:
        spec = TableSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_errors(exc, doc, known_keys=table_keys()) from None
    faults = number_faults(spec, doc)
    if faults:
        raise InputErrors(faults)
    return TableInfo(spec=spec, path=path, sha256=sha256, builtin=builtin, doc=doc)


class _FileDocument:
    """The Document of a table taken from the cache: the file is parsed only if a location is asked for.

    Locations (a factor's line:column in a finding) are rare in a run; parsing every table for
    them is what the cache saves. Same interface as :class:`~offsetcalc.io.loader.Document`.
    """

    def __init__(self, path: str) -> None:
        self.source = path
        self._doc: Document | None = None

    def _parsed(self) -> Document:
        if self._doc is None:
            try:
                self._doc = parse_table_text(read_table_file(self.source)[0], self.source)
            except OffsetcalcError:  # the file went away since: the file name is still a location
                self._doc = Document(self.source, None)
        return self._doc

    @property
    def data(self) -> object:
        return self._parsed().data

    @property
    def marks(self) -> dict:
        return self._parsed().marks

    @property
    def key_marks(self) -> dict:
        return self._parsed().key_marks

    def location(self, path: tuple = (), *, key: bool = False) -> Location:
        return self._parsed().location(path, key=key)


def _table_from_cache(entry: object, path: str, sha256: str) -> TableInfo | None:
    """A built-in table from its cache entry, or None when the entry does not pass the checks a file does."""
    doc = _FileDocument(path)
    try:
        spec = TableSpec.model_validate(entry)
    except ValidationError:
        return None
    if number_faults(spec, doc):  # type: ignore[arg-type]
        return None  # the file itself is parsed, and reports the fault with its real location
    return TableInfo(spec=spec, path=path, sha256=sha256, builtin=True, doc=doc)  # type: ignore[arg-type]


def _factors_of(table: TableInfo) -> list[Factor]:
    return [_factor(table, i, f) for i, f in enumerate(table.spec.factors)]


def _factor(table: TableInfo, i: int, f: FactorSpec) -> Factor:
    """The ``i``-th factor of ``table`` (``f``, its spec), resolved against the table's validity."""
    valid = f.valid or table.spec.valid
    return Factor(
        id=f.id,
        name=f.name,
        name_ja=f.name_ja,
        category=f.category,
        value=f.value,
        unit=f.unit,
        gas=f.gas,
        gases=f.gases,
        confirmed=f.confirmed,
        valid_from=valid.from_ if valid else None,
        valid_to=valid.to if valid else None,
        table=table,
        index=i,
        spec=f,
    )


def build_set(tables: list[TableInfo]) -> FactorSet:
    """Index tables by factor ID; later (user) tables override earlier ones with the same key."""
    by_key: dict[tuple[str, date | None], Factor] = {}
    overrides: list[tuple[Factor, Factor]] = []
    for t in tables:
        for f in _factors_of(t):
            old = by_key.get(f.key)
            if old is not None and old.table.builtin and not t.builtin:
                overrides.append((old, f))
            by_key[f.key] = f
    by_id: dict[str, list[Factor]] = {}
    for f in by_key.values():
        by_id.setdefault(f.id, []).append(f)
    for fs in by_id.values():
        fs.sort(key=edition_start)
    return FactorSet(tables=tables, by_id=by_id, overrides=overrides)


@functools.cache
def _builtin_tables() -> tuple[TableInfo, ...]:
    """The built-in tables: each file is read and hashed, and parsed only when the cache
    (:mod:`offsetcalc.factors.cache`) has no valid entry for its name and hash."""
    from offsetcalc.factors import cache

    cached, cached_files = cache.load_all()
    entries: dict[str, object] = {}
    files: dict[str, list[object]] = {}
    out = []
    changed = False
    for p in table_paths(builtin_dir()):
        st = os.stat(p)  # before the read: a file changed while read has a newer time than recorded
        text, sha256 = read_table_file(p)
        key = cache.entry_key(p.name, sha256)
        entry = cached.get(key)
        info = _table_from_cache(entry, str(p), sha256) if entry is not None else None
        if info is None:
            info = _table_from_text(text, sha256, str(p), builtin=True)
            entry, changed = info.spec.model_dump(mode="json", by_alias=True), True
        entries[key] = entry
        files[p.name] = [st.st_size, st.st_mtime_ns, sha256]
        out.append(info)
    if changed or len(entries) != len(cached) or files != cached_files:  # the cache holds exactly these tables
        cache.save(entries, files)
    return tuple(out)


class _Stale(Exception):
    """A built-in table no longer matches what the cache recorded for it."""


class BuiltinIndex(Mapping[str, list[Factor]]):
    """``by_id`` of the built-in tables, reading a table only when one of its factor IDs is asked for.

    A run uses a few factors of a few tables; validating all of them (~300 factors in 30+
    files, and more each year) was most of what loading factors cost. Made by
    :func:`_lazy_builtins` only when every built-in file has the size and modification time
    the cache recorded, so the cache's map from ID to tables is the files' own. Each table
    read is hashed and must match the recorded hash; if one does not, or its cache entry
    does not validate, the index reads every table the way :func:`_builtin_tables` does and
    answers from that. Editions of an ID are merged across its tables exactly as
    :func:`build_set` does (a later table wins for the same (ID, valid_from)).
    """

    def __init__(self, paths: list[Path], files: dict[str, list[Any]], entries: Any) -> None:
        from offsetcalc.factors import cache

        self._paths = paths
        self._shas = [files[p.name][2] for p in paths]
        self._keys = [cache.entry_key(p.name, files[p.name][2]) for p in paths]
        self._entries = entries  # a cache.Entries: an entry is decoded when its table is first used
        # Where each ID's rows are: (table number, position in its factors), in table order.
        self._ids: dict[str, list[tuple[int, int]]] = {}
        for n, key in enumerate(self._keys):
            for i, ident in enumerate(entries.row_ids(key)):
                if isinstance(ident, str):
                    self._ids.setdefault(ident, []).append((n, i))
        self._hashed: set[int] = set()
        self._heads: dict[int, TableInfo] = {}
        self._infos: dict[int, TableInfo] = {}
        self._by_id: dict[str, list[Factor]] = {}
        self._eager: FactorSet | None = None

    def _head(self, n: int) -> TableInfo:
        """Table ``n`` with its header validated and its file's hash checked, but none of its rows.

        A lookup validates only the rows of the ID asked for: the retailer lists hold hundreds of
        rows, and validating a whole list for one retailer's factor was ~12 ms of every run.
        """
        if n not in self._heads:
            try:
                head = {**self._entries.header(self._keys[n]), "factors": []}
            except KeyError:
                head = None
            self._heads[n] = self._from_cache(n, head)
        return self._heads[n]

    def _row(self, n: int, i: int, ident: str) -> Factor:
        """Row ``i`` of table ``n``, validated and number-checked as a whole table's rows are."""
        info = self._head(n)
        try:
            spec = FactorSpec.model_validate(self._entries.row(self._keys[n], i))
        except (ValidationError, LookupError, TypeError):
            raise _Stale(info.path) from None
        if spec.id != ident or row_number_faults(i, spec, info.doc):  # type: ignore[arg-type]
            raise _Stale(info.path)  # the file itself is parsed, and reports the fault where it is
        return _factor(info, i, spec)

    def _table(self, n: int) -> TableInfo:
        """Table ``n`` read whole (every row validated), for :meth:`tables`."""
        if n not in self._infos:
            self._infos[n] = self._from_cache(n, self._entries.get(self._keys[n]))
        return self._infos[n]

    def _from_cache(self, n: int, entry: Any) -> TableInfo:
        """Table ``n`` from (part of) its cache entry, once its file hashes as the cache recorded; else _Stale."""
        path = str(self._paths[n])
        if n not in self._hashed:
            if hashlib.sha256(read_bytes(path, what="factor table")).hexdigest() != self._shas[n]:
                raise _Stale(path)
            self._hashed.add(n)  # each file read and hashed once, for its header and its whole table alike
        info = _table_from_cache(entry, path, self._shas[n]) if entry is not None else None
        if info is None:
            raise _Stale(path)
        return info

    def _all_read(self) -> FactorSet:
        if self._eager is None:
            _builtin_tables.cache_clear()  # read every file again: one of them changed under the cache
            self._eager = build_set(list(_builtin_tables()))
        return self._eager

    def __getitem__(self, ident: str) -> list[Factor]:
        if self._eager is not None:
            return self._eager.by_id[ident]
        found = self._by_id.get(ident)
        if found is not None:
            return found
        where = self._ids[ident]  # KeyError for an ID no built-in table has
        try:
            by_key = {f.key: f for f in (self._row(n, i, ident) for n, i in where)}  # a later table wins
        except _Stale:
            return self._all_read().by_id[ident]
        found = self._by_id[ident] = sorted(by_key.values(), key=edition_start)
        return found

    def __contains__(self, ident: object) -> bool:
        return ident in (self._eager.by_id if self._eager is not None else self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._eager.by_id if self._eager is not None else self._ids)

    def __len__(self) -> int:
        return len(self._eager.by_id if self._eager is not None else self._ids)

    def tables(self) -> list[TableInfo]:
        """Every built-in table (all read)."""
        if self._eager is None:
            try:
                return [self._table(n) for n in range(len(self._paths))]
            except _Stale:
                pass
        return self._all_read().tables


@functools.cache
def _lazy_builtins() -> FactorSet | None:
    """The built-in tables as a lazily read :class:`BuiltinIndex`, or None when the cache cannot vouch
    for the files (no cache, a file added, removed, resized or touched since it was written)."""
    from offsetcalc.factors import cache

    entries, files = cache.load_all()
    if not files:
        return None
    paths = table_paths(builtin_dir())
    if {p.name for p in paths} != set(files):
        return None
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            return None
        size, mtime, _ = files[p.name]
        if (st.st_size, st.st_mtime_ns) != (size, mtime):
            return None
    return FactorSet(tables=None, by_id=BuiltinIndex(paths, files, entries))


def load_factors(extra: list[str | os.PathLike[str]] | None = None, *, builtin: bool = True) -> FactorSet:
    """The built-in tables plus any user tables (files or folders) given in ``extra``.

    The built-ins alone come as a lazily read set when the cache vouches for the files
    (:class:`BuiltinIndex`); with user tables every table is read, so that overrides are known.
    """
    if builtin and not extra:
        lazy = _lazy_builtins()
        if lazy is not None:
            return lazy
    tables: list[TableInfo] = list(_builtin_tables()) if builtin else []
    for where in extra or []:
        if not Path(where).exists():
            raise InputError(Msg("factors.missing"), location=Location(str(where)), code="file.missing")
        tables.extend(load_table(p) for p in table_paths(where))
    return build_set(tables)
