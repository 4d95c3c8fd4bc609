"""Positions of YAML nodes: looked up on demand from the kept node graph (io.loader.Document).

The reader no longer records a position for every node while reading; these tests hold
the on-demand lookup to what the file says: every key's position points at that key's
text, every string value's at its text, merged keys ('<<') are found where the data takes
them from, and the whole-map view (``marks``) agrees with the lookup path by path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from offsetcalc.io.loader import load_yaml_text

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(
    p
    for where in ("examples", "tests/data", "factors", "src/offsetcalc/profiles")
    for p in (ROOT / where).rglob("*.yaml")
    if "hostile" not in p.parts and "bad" not in p.parts
)


def _paths(data: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def _text_at(lines: list[str], line: int, col: int) -> str:
    return lines[line - 1][col - 1 :]


def _readable(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def test_there_are_files_to_check() -> None:
    assert len(YAML_FILES) > 30


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_positions_point_at_the_text(path: Path) -> None:
    text = _readable(path)
    if text is None:
        pytest.skip("not a readable UTF-8 file")
    try:
        lazy = load_yaml_text(text, str(path))
    except Exception:  # files that are refused on purpose (tests of bad input) have no positions to check
        pytest.skip("the file is refused by the reader")
    full = load_yaml_text(text, str(path))
    lines = text.splitlines()
    for p in _paths(lazy.data):
        loc = lazy.location(p)
        # The on-demand lookup and the whole map agree, for values and keys.
        assert (loc.line, loc.column) == full.marks[p], p
        if p and isinstance(p[-1], str):
            key_loc = lazy.location(p, key=True)
            assert (key_loc.line, key_loc.column) == full.key_marks[p], p
            assert _text_at(lines, key_loc.line, key_loc.column).lstrip("'\"").startswith(p[-1]), (p, key_loc)
        value = _value(lazy.data, p)
        if isinstance(value, str) and value and "\n" not in value:
            at = _text_at(lines, loc.line, loc.column)
            assert at.startswith((value[:10], "'", '"', "|", ">", "&", "*")), (p, at[:40])


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_item_locations_are_each_items_location(path: Path) -> None:
    # Document.item_locations (one walk for a whole list, as results locate activities and
    # credits) gives what location() gives item by item, and falls back beyond the end.
    text = _readable(path)
    try:
        doc = load_yaml_text(text or "", str(path))
    except Exception:
        pytest.skip("the file is refused by the reader")
    lists = [p for p in _paths(doc.data) if isinstance(_value(doc.data, p), list)]
    for p in [*lists, ("no", "such", "list")]:
        n = len(_value(doc.data, p)) + 1 if p in lists else 2
        assert doc.item_locations(p, n) == [doc.location((*p, i)) for i in range(n)], p
    full = load_yaml_text(text or "", str(path))
    full.marks  # noqa: B018 - the whole map made: item_locations then reads it like location()
    for p in lists:
        n = len(_value(full.data, p))
        assert full.item_locations(p, n) == [doc.location((*p, i)) for i in range(n)], p


def _value(data: object, path: tuple) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


MERGED = """\
base: &base
  unit: kWh
  factor: jp-grid
more: &more
  unit: MWh
  note: second
a:
  <<: [*base, *more]
  factor: own
  quantity: 5
"""


def test_merged_keys_are_found_where_the_data_takes_them_from() -> None:
    doc = load_yaml_text(MERGED, "m.yaml")
    assert doc.data["a"] == {"unit": "kWh", "factor": "own", "quantity": 5, "note": "second"}
    # explicit key: its own line; merged keys: the first merged mapping that has them
    assert doc.location(("a", "factor")).line == 9
    assert doc.location(("a", "unit")).line == 2
    assert doc.location(("a", "note")).line == 6
    assert doc.location(("a", "unit"), key=True).line == 2
    assert load_yaml_text(MERGED, "m.yaml").marks[("a", "factor")] == (9, 11)
    assert load_yaml_text(MERGED, "m.yaml").marks[("a", "unit")] == (2, 9)


def test_a_path_not_in_the_file_falls_back_to_its_nearest_ancestor() -> None:
    doc = load_yaml_text("activities:\n  - quantity: 5 kWh\n    factor: x\n", "f.yaml")
    missing = doc.location(("activities", 0, "missing"))
    assert (missing.line, missing.column) == (2, 5)
    assert doc.location(("activities", 7)).line == 2
    assert doc.location(("nothing", "here")).line == 1
    # a key asked for where there is none: the value's nearest ancestor, not a key
    assert doc.location(("activities", 0, "unit"), key=True).line == 2


def test_keys_keep_their_spelling_and_positions() -> None:
    doc = load_yaml_text("1.50: a\ntrue: b\n~: c\n2014-04-01: d\n'x y': e\n", "k.yaml")
    assert doc.data == {"1.50": "a", "true": "b", "null": "c", "2014-04-01": "d", "x y": "e"}
    assert [doc.location((k,), key=True).line for k in doc.data] == [1, 2, 3, 4, 5]


def test_duplicate_key_names_the_first_line() -> None:
    from offsetcalc.errors import InputError

    with pytest.raises(InputError) as err:
        load_yaml_text("a: 1\nb: 2\n\na: 3\n", "d.yaml")
    assert "line 1" in str(err.value) and err.value.location.line == 4
