"""YAML files to plain data, keeping the line and column of every node.

Activity files, factor tables and rule profiles come from people and from other
programs, so reading them is defensive by design:

* only the safe subset of YAML: standard scalar tags, no object-constructing tags;
* duplicate keys are errors (PyYAML silently keeps the last one);
* aliases are allowed but their expansion is capped, so a "billion laughs"
  file fails fast instead of eating memory;
* files are size capped; empty, binary and non-UTF-8 files get their own message;
* the C parser (libyaml) is used when present, for speed.

:func:`load_yaml_file` returns a :class:`Document`: the data plus the node graph
the parser composed, from which the position of any path
(``("activities", 0, "quantity")``) is looked up when asked for, so that errors
found later (by pydantic, by the engine, by a rule) point at the right line.
:func:`validation_errors` maps pydantic's errors back onto those positions.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

from offsetcalc.errors import InputError, InputErrors, Location, OffsetcalcError
from offsetcalc.report.messages import Join, Msg, Quoted, YamlProblem, did_you_mean

MAX_FILE_BYTES = 64 * 1024 * 1024
# A pipe or device that sends nothing for this long is an error, not a hang.
STREAM_TIMEOUT_S = 10.0
# Expanded nodes allowed per byte of input: generous for real files (a node is at
# least a few bytes), fatal for alias bombs that expand a 1 kB file into 10^9 nodes.
_MAX_NODES_MIN = 200_000
_MAX_DEPTH = 200
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:merge",
}

# Numbers in exponent form that YAML 1.1 (PyYAML) leaves as strings: '1e15', '2.5e3',
# '1E-3'. YAML 1.2 and every user read them as numbers; a factor written 1e-3 must
# not become the text "1e-3" and fail as "not a number".
#: First characters a number can have: the exponent check runs only for text that starts like one.
_FLOAT_START = frozenset("+-.0123456789")
_EXPONENT_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")

Path_ = tuple[str | int, ...]


class Document:
    """Plain data read from a YAML file, with the position of every node and key.

    Positions are looked up when asked for (:meth:`location`), by walking the node graph
    the parser composed, which the document keeps: recording a position for every node
    while reading cost a third of the reading, and most runs ask for a few positions or
    none. Documents made from other files (CSV tables) pass their positions as ``marks`` /
    ``key_marks``; :attr:`marks` and :attr:`key_marks` of a YAML document are filled on
    first use, by the same lookup for every path of the data.
    """

    __slots__ = ("_index", "_key_marks", "_marks", "_root", "data", "sha256", "source")

    def __init__(
        self,
        source: str,
        data: Any,
        marks: dict[Path_, tuple[int, int]] | None = None,
        key_marks: dict[Path_, tuple[int, int]] | None = None,
        *,
        root: Any = None,
    ) -> None:
        self.source = source
        self.data = data
        self._root = root
        self._index: dict[int, Any] = {}  # mapping node id -> its keys (see _child)
        self._marks = marks if marks is not None else ({} if root is None else None)
        self._key_marks = key_marks if key_marks is not None else ({} if root is None else None)
        #: SHA-256 (hex) of the bytes parsed, for a document read from a file (load_yaml_file): what a
        #: report or the ledger names as the version checked, never a second read of the path.
        self.sha256: str | None = None

    def __repr__(self) -> str:
        return f"Document(source={self.source!r})"

    @property
    def marks(self) -> dict[Path_, tuple[int, int]]:
        """Position (line, column) of every node by its data path."""
        if self._marks is None:
            self._marks, self._key_marks = _all_marks(self._root, self.data, self._index)
        return self._marks

    @property
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        """Position of every mapping key by the path of its value."""
        if self._key_marks is None:
            self._marks, self._key_marks = _all_marks(self._root, self.data, self._index)
        return self._key_marks

    def item_locations(self, path: Path_, count: int) -> list[Location]:
        """The location of items ``0 .. count-1`` of the list at ``path``, found with one walk.

        What :meth:`location` gives for ``(*path, i)``, for every ``i`` at once: a result
        locates each of its activities and credits, and walking from the root for each was
        a measurable part of checking a file.
        """
        p = tuple(path)
        node = _node_at(self._root, p, self._index) if self._marks is None else None
        if node is None or not _is_sequence(node):
            return [self.location((*p, i)) for i in range(count)]
        items = node.value
        out = []
        for i in range(count):
            if i < len(items):
                m = items[i].start_mark
                out.append(Location(self.source, m.line + 1, m.column + 1))
            else:
                out.append(self.location((*p, i)))
        return out

    def location(self, path: Path_ = (), *, key: bool = False) -> Location:
        """The nearest known position of ``path`` (walks up to a parent if needed)."""
        p = tuple(path)
        if self._marks is None:
            line, col = _node_position(self._root, p, key, self._index)
            return Location(self.source, line, col)
        while True:
            table = self.key_marks if key and p in self.key_marks else self.marks
            if p in table:
                line, col = table[p]
                return Location(self.source, line, col)
            if not p:
                return Location(self.source, 1, 1)
            p = p[:-1]
            key = False


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file with a clear error for every way it can fail.

    Pipes and devices are read too (``compute <(generate-file)``), under the same
    size cap, and a pipe that sends nothing for :data:`STREAM_TIMEOUT_S` seconds
    is an error rather than a hang (a FIFO nobody writes to, a terminal).
    """
    return decode(read_bytes(path, max_bytes=max_bytes, what=what), str(path), what=what)


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES, what: str = "file") -> bytes:
    """The bytes of a file, pipe or device, with the errors of :func:`read_text` (nothing decoded).

    For callers that also hash what they read: a pipe can be read only once.
    """
    loc = Location(str(path))
    try:
        return _read_bytes(os.fspath(path), max_bytes, what, loc)
    except OffsetcalcError:
        raise
    except FileNotFoundError:
        raise InputError(Msg("file.missing", what=_what(what)), location=loc, code="file.missing") from None
    except PermissionError:
        raise InputError(
            Msg("file.unreadable.permission", what=_what(what)), location=loc, code="file.unreadable"
        ) from None
    except IsADirectoryError:
        raise InputError(Msg("file.is-dir", path=path, what=_article(what)), location=loc, code="file.is-dir") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InputError(
            Msg("file.unreadable", what=_what(what), reason=reason), location=loc, code="file.unreadable"
        ) from None


def _what(what: str) -> object:
    """'activity file', 'factor table' … in the user's language (the catalogue's ``what.*``)."""
    from offsetcalc.report.messages import ERRORS

    return Msg(f"what.{what}") if f"what.{what}" in ERRORS else what


def _article(what: str) -> object:
    return _what(("an " if what[:1] in "aeiou" else "a ") + what)


def _too_large(what: str, size: str, max_bytes: int, loc: Location) -> InputError:
    return InputError(
        Msg("file.too-large", what=_what(what), size=size, limit=f"{max_bytes:,}"),
        location=loc,
        code="file.too-large",
        hint=Msg("file.too-large.hint"),
    )


def _read_bytes(path: str, max_bytes: int, what: str, loc: Location) -> bytes:
    """At most ``max_bytes`` of a file, pipe or device; never blocks for ever.

    The file is opened non-blocking (opening a FIFO without a writer would wait
    for one) and everything is decided on the open descriptor, so a file that
    is swapped or removed between a check and the read cannot slip through.
    """
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(Msg("file.is-dir", path=path, what=_article(what)), location=loc, code="file.is-dir")
        if stat.S_ISREG(st.st_mode):
            if st.st_size > max_bytes:
                raise _too_large(what, f"{st.st_size:,}", max_bytes, loc)
            os.set_blocking(fd, True)
            data = _read_upto(fd, max_bytes + 1, None)
        else:
            data = _read_upto(fd, max_bytes + 1, STREAM_TIMEOUT_S)
            if data is None:
                raise InputError(
                    Msg("file.no-data", what=_what(what), seconds=f"{STREAM_TIMEOUT_S:g}"),
                    location=loc,
                    code="file.no-data",
                    hint=Msg("file.no-data.hint"),
                )
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # a device without end (/dev/zero), or a file that grew while read
        raise _too_large(what, f"more than {max_bytes:,}", max_bytes, loc)
    return data


def _read_upto(fd: int, limit: int, timeout: float | None) -> bytes | None:
    """Read until end of file or ``limit`` bytes; None if a stream stays silent for ``timeout`` s."""
    import select

    chunks: list[bytes] = []
    total = 0
    poller = select.poll() if timeout is not None and hasattr(select, "poll") else None
    if poller is not None:
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    else:
        os.set_blocking(fd, True)
    while total < limit:
        if poller is not None and not poller.poll(timeout * 1000):
            return None
        try:
            chunk = os.read(fd, min(1 << 20, limit - total))
        except BlockingIOError:  # woken without data; poll again
            continue
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, source: str, *, what: str = "file") -> str:
    """Bytes to text: UTF-8 (BOM allowed); binary and other encodings are errors."""
    if not raw.strip():
        raise InputError(
            Msg("file.empty", what=_what(what)),
            location=Location(source, 1, 1),
            code="file.empty",
            hint=Msg("file.empty.hint"),
        )
    if b"\x00" in raw[:8192]:
        raise InputError(Msg("file.binary", what=_what(what)), location=Location(source, 1, 1), code="file.binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            Msg("file.encoding", what=_what(what), byte=f"{raw[exc.start]:02x}"),
            location=Location(source, line, col),
            code="file.encoding",
            hint=Msg("file.encoding.hint"),
        ) from None


@functools.cache
def _loader_class() -> type:
    """PyYAML's safe loader (libyaml's when present) with its tag resolution made cheap.

    libyaml calls back into Python for every node: ``resolve`` to give a scalar its
    implicit tag, and ``descend_resolver``/``ascend_resolver`` around every collection
    for path resolvers, which the safe loader has none of. PyYAML's ``resolve`` builds
    a new list of candidate resolvers for each scalar; here the candidates for each
    first character are joined once, in PyYAML's own order and with its own regular
    expressions, so every tag is the one PyYAML gives (``tests/test_loader_resolve.py``
    compares the two on every first character, plain and quoted). A loader class with
    path resolvers is used as it is.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if base.yaml_path_resolvers:
        return base
    table = base.yaml_implicit_resolvers
    wildcard = list(table.get(None, []))
    candidates = {first: tuple(list(rs) + wildcard) for first, rs in table.items() if first is not None}
    fallback = tuple(wildcard)
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    str_tag, seq_tag, map_tag = base.DEFAULT_SCALAR_TAG, base.DEFAULT_SEQUENCE_TAG, base.DEFAULT_MAPPING_TAG

    class Loader(base):  # type: ignore[misc,valid-type]
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is scalar:
                if implicit[0]:
                    for tag, regexp in candidates.get(value[:1], fallback):
                        if regexp.match(value):
                            return tag
                return str_tag
            return seq_tag if kind is sequence else map_tag

    return Loader


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for a bounded piece of work, then restored.

    Reading and computing a big file makes millions of long-lived objects and no
    cycles worth collecting; each collector pass walks them all again (about half
    the load time of a 5 MB file). Cycles made meanwhile are collected once the
    collector is back on. Nested uses are fine: only the outermost restores it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_yaml_text(text: str, source: str) -> Document:
    """Parse YAML text safely into a :class:`Document` (with the cyclic GC paused: :func:`paused_gc`)."""
    with paused_gc():
        return _load_yaml_text(text, source)


def _load_yaml_text(text: str, source: str) -> Document:
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader_class())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
        problem = YamlProblem(exc.problem or exc.context or "invalid YAML")
        raise InputError(
            Msg("yaml.syntax", problem=problem), location=loc, code="yaml.syntax", hint=Msg("yaml.syntax.hint")
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: say where, as for any error
        raise _reader_error(exc, text, source) from None
    except yaml.YAMLError as exc:
        raise InputError(Msg("yaml.syntax", problem=exc), location=Location(source), code="yaml.syntax") from None
    if node is None:
        raise InputError(
            Msg("file.empty.no-document"),
            location=Location(source, 1, 1),
            code="file.empty",
            hint=Msg("file.empty.hint"),
        )
    builder = _Builder(source, max_nodes=max(_MAX_NODES_MIN, len(text) // 2))
    data = builder.build(node, 0)
    return Document(source=source, data=data, root=node)


def _reader_error(exc: Any, text: str, source: str) -> InputError:
    """A character YAML refuses (a control character), at its line and column."""
    pos = getattr(exc, "position", None)
    char = getattr(exc, "character", None)
    loc = Location(source)
    if isinstance(pos, int) and 0 <= pos <= len(text):
        before = text[:pos]
        loc = Location(source, before.count("\n") + 1, pos - (before.rfind("\n") + 1) + 1)
    if isinstance(char, str) and len(char) == 1:
        char = ord(char)
    code_point = f"U+{char:04X}" if isinstance(char, int) else "?"
    return InputError(
        Msg("yaml.control-character", code_point=code_point),
        location=loc,
        code="yaml.control-character",
        hint=Msg("yaml.control-character.hint"),
    )


#: YAML 1.1 number forms that surprise people (see README, "YAML: what is a number"). PyYAML reads
#: '190:20:30' as 685,230 (base 60) and '0101' as 65 (octal); offsetcalc refuses them with a hint.
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_NOT_DECIMAL = re.compile(r"[-+]?0(?:[bx][0-9a-fA-F_]+|[0-7_]+)")
#: Digits an integer may have: far beyond any quantity or serial, far below Python's int/str limit (4,300).
MAX_INT_DIGITS = 1000
#: YAML 1.2 booleans; YAML 1.1's yes/no/on/off stay text ('country: NO' is Norway, 'key: NO' a GPC notation key).
_BOOLEANS = {"true", "True", "TRUE", "false", "False", "FALSE"}


def _yaml11_surprise(node: Any, where: Callable[[Any], Location]) -> InputError | None:
    """An error (at ``where(node)``) for a plain int/float scalar that YAML 1.1 would read as a number nobody meant."""
    v = node.value
    is_int = node.tag == "tag:yaml.org,2002:int"
    sexagesimal = _SEXAGESIMAL.fullmatch(v)
    not_decimal = is_int and not sexagesimal and _NOT_DECIMAL.fullmatch(v)
    # len() first: counting digits only for the rare text long enough to have too many
    too_long = is_int and len(v) > MAX_INT_DIGITS and sum(c.isdigit() for c in v) > MAX_INT_DIGITS
    if not (sexagesimal or not_decimal or too_long):
        return None
    loc = where(node)
    shown = v if len(v) <= 40 else f"{v[:24]}… ({len(v):,} characters)"
    if sexagesimal:
        return InputError(
            Msg("yaml.sexagesimal", shown=shown),
            location=loc,
            code="yaml.sexagesimal",
            hint=Msg("yaml.sexagesimal.hint", shown=shown),
        )
    if not_decimal:
        prefix = v.lstrip("+-")[1:2]
        base = Msg("yaml.base.binary") if prefix == "b" else Msg("yaml.base.hexadecimal") if prefix == "x" else None
        base = base or Msg("yaml.base.octal")
        return InputError(
            Msg("yaml.not-decimal", shown=shown, base=base),
            location=loc,
            code="yaml.not-decimal",
            hint=Msg("yaml.not-decimal.hint", shown=shown),
        )
    return InputError(
        Msg("yaml.int-too-long", digits=f"{sum(c.isdigit() for c in v):,}", limit=MAX_INT_DIGITS),
        location=loc,
        code="yaml.int-too-long",
        hint=Msg("yaml.int-too-long.hint"),
    )


def load_yaml_file(path: str | os.PathLike[str], *, what: str = "file") -> Document:
    """Read and parse a YAML file (see module docs for what is refused); ``sha256`` is of the bytes read."""
    import hashlib

    raw = read_bytes(path, what=what)
    doc = load_yaml_text(decode(raw, str(path), what=what), str(path))
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc


class _Builder:
    """Turns a composed node graph into plain Python data, refusing what the module docs list.

    Positions are not recorded here: :class:`Document` keeps the graph and finds a
    node's position when one is asked for (:func:`_node_position`).
    """

    def __init__(self, source: str, max_nodes: int) -> None:
        import yaml

        self.source = source
        self.max_nodes = max_nodes
        self.count = 0
        self._constructor = yaml.constructor.SafeConstructor()
        self._yaml = yaml

    def _loc(self, node: Any) -> Location:
        m = node.start_mark
        return Location(self.source, m.line + 1, m.column + 1)

    def build(self, node: Any, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            raise InputError(
                Msg("yaml.too-many-nodes", n=f"{self.max_nodes:,}"),
                location=self._loc(node),
                code="yaml.too-many-nodes",
                hint=Msg("yaml.too-many-nodes.hint"),
            )
        if depth > _MAX_DEPTH:
            raise InputError(
                Msg("yaml.too-deep", n=_MAX_DEPTH),
                location=self._loc(node),
                code="yaml.too-deep",
                hint=Msg("yaml.too-deep.hint"),
            )
        tag = node.tag
        if tag not in _STANDARD_TAGS:
            raise InputError(
                Msg("yaml.tag", tag=tag),
                location=self._loc(node),
                code="yaml.tag",
                hint=Msg("yaml.tag.hint"),
            )
        y = self._yaml
        if isinstance(node, y.ScalarNode):
            if tag == _STR:
                # Most scalars are text: SafeConstructor gives a str node its value as is, so its
                # dispatch is skipped. A plain 1e3 is a number (YAML 1.2), not YAML 1.1's text.
                v = node.value
                if not node.style and v[:1] in _FLOAT_START and _EXPONENT_FLOAT.fullmatch(v):
                    return float(v)
                return v
            if not node.style:  # plain scalars only: a quoted one is always text
                if tag == _BOOL and node.value not in _BOOLEANS:
                    return node.value
                if tag in _NUMBER_TAGS:
                    surprise = _yaml11_surprise(node, self._loc)
                    if surprise is not None:
                        raise surprise
            try:
                return self._constructor.construct_object(node, deep=True)
            except (y.YAMLError, ValueError, OverflowError) as exc:
                detail = python_date_error(exc)
                raise InputError(
                    Msg("yaml.value", value=repr(node.value), detail=detail),
                    location=self._loc(node),
                    code="yaml.value",
                ) from None
        if isinstance(node, y.SequenceNode):
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, y.MappingNode):
            return self._mapping(node, depth)
        raise InputError(Msg("yaml.node"), location=self._loc(node), code="yaml.node")

    def _mapping(self, node: Any, depth: int) -> dict[Any, Any]:
        y = self._yaml
        out: dict[Any, Any] = {}
        merged: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                # '<<: *base' merges a mapping (or list of mappings) below explicit keys.
                value = self.build(value_node, depth + 1)
                for part in value if isinstance(value, list) else [value]:
                    if not isinstance(part, dict):
                        raise InputError(Msg("yaml.merge"), location=self._loc(value_node), code="yaml.merge")
                    for k, v in part.items():
                        merged.setdefault(k, v)
                continue
            if not isinstance(key_node, y.ScalarNode):
                raise InputError(Msg("yaml.key"), location=self._loc(key_node), code="yaml.key")
            if key_node.tag == _STR and self.count < self.max_nodes and depth < _MAX_DEPTH:
                self.count += 1  # what build() does for a text key that passes its limits, inline
                key = key_node.value
            else:
                self.build(key_node, depth + 1)  # a key is checked like any scalar; its text is the key
                key = _key_text(key_node)
            if key in out:
                first = next(k for k, _ in node.value if k.tag != _MERGE and _key_text(k) == key)
                raise InputError(
                    Msg(
                        "yaml.duplicate-key",
                        key=key,
                        where=Msg("yaml.duplicate-key.where", line=first.start_mark.line + 1),
                    ),
                    location=self._loc(key_node),
                    code="yaml.duplicate-key",
                    hint=Msg("yaml.duplicate-key.hint"),
                )
            out[key] = self.build(value_node, depth + 1)
        for k, v in merged.items():
            out.setdefault(k, v)
        return out


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _key_text(key_node: Any) -> str:
    """The key a scalar key node becomes in the data: its text as written.

    Numbers and booleans keep their spelling ('1.50', 'true'), null becomes "null", a
    date key its ISO form; the same function finds a key's node again (:func:`_child`).
    """
    if key_node.tag == _NULL:
        return "null"
    if key_node.tag == _TIMESTAMP:
        import yaml

        try:
            return str(yaml.constructor.SafeConstructor().construct_object(key_node))
        except (yaml.YAMLError, ValueError, OverflowError):
            return key_node.value
    return key_node.value


def _child(node: Any, step: str | int, index: dict[int, Any]) -> tuple[Any, Any] | None:
    """(key node or None, value node) that ``step`` leads to from ``node``, as the builder reads it.

    An explicit key wins over a merged one ('<<'), and among merged mappings the first
    that has the key, as in :meth:`_Builder._mapping`. ``index`` keeps each mapping's keys
    once looked at (by node identity: the document holds the graph), so asking for every
    activity's position costs one pass over each mapping, not one per question.
    """
    import yaml

    if isinstance(node, yaml.SequenceNode):
        if isinstance(step, int) and 0 <= step < len(node.value):
            return None, node.value[step]
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    entry = index.get(id(node))
    if entry is None:
        keys: dict[str, tuple[Any, Any]] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
            elif isinstance(key_node, yaml.ScalarNode):
                keys.setdefault(_key_text(key_node), (key_node, value_node))
        entry = index[id(node)] = (keys, merges)
    keys, merges = entry
    found = keys.get(step) if isinstance(step, str) else None
    if found is not None:
        return found
    for value_node in merges:
        parts = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for part in parts:
            found = _child(part, step, index)
            if found is not None:
                return found
    return None


def _node_at(root: Any, path: Path_, index: dict[int, Any]) -> Any:
    """The node ``path`` leads to, or None when a step of it is not in the graph."""
    node = root
    for step in path:
        found = _child(node, step, index)
        if found is None:
            return None
        node = found[1]
    return node


def _is_sequence(node: Any) -> bool:
    import yaml

    return isinstance(node, yaml.SequenceNode)


def _node_position(root: Any, path: Path_, key: bool, index: dict[int, Any]) -> tuple[int, int]:
    """Line and column of ``path`` (of its key when ``key``), else of its nearest ancestor found."""
    node, key_node = root, None
    for step in path:
        found = _child(node, step, index)
        if found is None:
            key_node = None
            break
        key_node, node = found
    mark = (key_node if key and key_node is not None else node).start_mark
    return mark.line + 1, mark.column + 1


def _all_marks(root: Any, data: Any, index: dict[int, Any]) -> tuple[dict[Path_, Any], dict[Path_, Any]]:
    """Every data path's position and every key's, from the same lookup :meth:`Document.location` uses."""
    marks: dict[Path_, tuple[int, int]] = {}
    key_marks: dict[Path_, tuple[int, int]] = {}

    def walk(value: Any, path: Path_) -> None:
        marks[path] = _node_position(root, path, False, index)
        if path and isinstance(path[-1], str):
            key_marks[path] = _node_position(root, path, True, index)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, (*path, i))

    if root is not None:
        walk(data, ())
    return marks, key_marks


# --------------------------------------------------------------------------- pydantic


#: Python's own words when a YAML date does not exist (datetime.date), as catalogue keys.
_PY_DATE_ERRORS = {
    "month must be in 1..12": "yaml.value.month",
    "day is out of range for month": "yaml.value.day",
    "year 0 is out of range": "yaml.value.year",
}


def python_date_error(exc: BaseException) -> Msg | BaseException:
    """Python's message for a date that does not exist (2013-13-01) as a catalogue Msg; other errors as they are."""
    key = _PY_DATE_ERRORS.get(str(exc))
    return Msg(key) if key else exc


def _catalogued_msg(etype: str, err: dict[str, Any], inner: Any) -> Msg | None:
    """Our validator's message, or the catalogue's words for pydantic's error ``etype`` with its
    context (``pydantic.<type>``), as a Msg; None for a type the catalogue does not know."""
    from offsetcalc.report.messages import ERRORS, MsgValueError

    if isinstance(inner, MsgValueError):
        return inner.msg
    key = f"pydantic.{etype}"
    if key not in ERRORS:
        return None
    ctx: dict[str, Any] = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    if "expected" in ctx:  # "'event', 'product' or 'organization'": the choices, joined in the user's language
        ctx["expected"] = Join(re.split(r", | or ", ctx["expected"]), "sep.or")
    if "error" in ctx:  # a date's detail ("input is too short"): the catalogue's words, or the original
        detail = next(
            (k for k, v in ERRORS.items() if k.startswith("pydantic.detail.") and v["en"] == ctx["error"]), None
        )
        ctx["error"] = Quoted(ctx["error"], Msg(detail) if detail else None)
    try:
        msg = Msg(key, **ctx)
        msg.render("ja")  # a context without a field the template names: no translation, not a crash
        return msg
    except (KeyError, IndexError):
        return None


def validation_errors(exc: Any, doc: Document, *, known_keys: dict[str, list[str]] | None = None) -> InputErrors:
    """Map a pydantic ``ValidationError`` onto file:line:col errors.

    ``known_keys`` maps a model's title to its field names, for "did you mean".
    """
    errors: list[OffsetcalcError] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        path = _data_path(doc.data, err.get("loc", ()))
        etype = err.get("type", "")
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        if isinstance(inner, OffsetcalcError):
            e = InputError(inner.msg or inner.message, hint=inner.hint_msg or inner.hint, code=inner.code)
            e.location = doc.location(path)
        elif etype == "extra_forbidden":
            key = path[-1] if path else "?"
            allowed = _allowed_keys(exc, err, known_keys)
            hint: object = None
            if allowed:
                keys = Join(sorted(allowed))
                dym = did_you_mean(str(key), allowed)
                hint = (
                    Msg("schema.unknown-key.dym-allowed", dym=dym, keys=keys)
                    if dym
                    else Msg("schema.unknown-key.allowed", keys=keys)
                )
            if _value_at(doc.data, path) is None and " " in str(key):
                comma = Msg("schema.unknown-key.comma")
                hint = Msg("hint.join", a=hint, b=comma) if hint else comma
            e = InputError(Msg("schema.unknown-key", key=key), hint=hint, code="schema.unknown-key")
            e.location = doc.location(path, key=True)
        elif etype == "missing":
            key = err["loc"][-1]
            e = InputError(Msg("schema.missing", key=key), code="schema.missing")
            e.location = doc.location(path)
        else:
            msg = err.get("msg", "invalid value")
            msg = msg.removeprefix("Value error, ")
            value = _value_at(doc.data, path)
            shown = (
                f" (got {value!r})"
                if isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(repr(value)) < 60
                else ""
            )
            field_name = next((str(p) for p in reversed(path) if isinstance(p, str)), None)
            prefix = f"{field_name}: " if field_name else ""
            # pydantic's own English is kept word for word; other languages get the catalogue's words
            # for its error type, or pydantic's text marked as the original (Quoted).
            said = Quoted(msg, _catalogued_msg(etype, err, inner))
            got = Msg("schema.got", value=repr(value)) if shown else ""
            message = Msg("schema.value", field=prefix, message=said, shown=got)
            e = InputError(message, code=f"schema.{etype}")
            e.location = doc.location(path)
        key_ = (str(e.location), e.message)
        if key_ not in seen:
            seen.add(key_)
            errors.append(e)
    errors = _drop_explained_missing(errors)
    errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
    return InputErrors(errors)


def _drop_explained_missing(errors: list[OffsetcalcError]) -> list[OffsetcalcError]:
    """A missing key that an unknown key's 'did you mean' already names is one mistake, not two."""
    suggested = {
        e.hint.split("'")[1]
        for e in errors
        if e.code == "schema.unknown-key" and e.hint and e.hint.startswith("did you mean")
    }
    return [
        e
        for e in errors
        if not (e.code == "schema.missing" and e.message.removeprefix("missing required key ").strip("'") in suggested)
    ]


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """The longest prefix of pydantic's loc that exists in the data (drops union tags)."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif (
            isinstance(part, str)
            and (
                isinstance(node, list)  # a tag such as 'list' before an index
                or (
                    isinstance(node, dict)
                    and part not in node
                    and (
                        part[:1].isupper()
                        or part in {"str", "int", "float", "dict", "list"}
                        or "[" in part
                        or "function" in part
                        # a discriminator tag such as 'inline' or 'block': more of the path follows
                        or i + 1 < len(loc)
                    )
                )
            )
        ):
            continue  # a union member's tag, not a key of the file
        else:
            if isinstance(part, str) and isinstance(node, dict):
                path.append(part)
            break
    return tuple(path)


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for p in path:
        try:
            node = node[p]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _allowed_keys(exc: Any, err: dict[str, Any], known: dict[str, list[str]] | None) -> list[str]:
    if not known:
        return []
    loc = err.get("loc", ())
    # The model title of the failing object is not in the error; the caller maps a
    # path shape (e.g. "activities.*") to allowed keys.
    shape = ".".join(
        "*" if isinstance(p, int) else str(p) for p in loc[:-1] if isinstance(p, int) or not str(p)[:1].isupper()
    )
    return known.get(shape, [])
