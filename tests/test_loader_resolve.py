"""The loader's tag resolution gives exactly PyYAML's tags (io.loader._loader_class)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from offsetcalc.io.loader import _loader_class

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("examples/**/*.yaml", "factors/*.yaml", "src/offsetcalc/profiles/*.yaml")
BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Scalars that start with every character PyYAML keys a resolver on, and then some: each
# implicit type, near misses of each, and text.
_WORDS = (
    "~ null Null NULL nul n N no No NO y yes Yes YES on On ON off Off OFF true True TRUE tRUE false False "
    "FALSE t f 0 00 0. 0.5 .5 . .inf .Inf .INF -.inf +.inf .nan .NaN .NAN 1e3 1.0e3 1.0e+3 -1 +1 - + "
    "1_000 0x1F 0b101 0o17 017 190:20:30 1:30 2014-04-01 2014-04-01T10:00:00Z 2014-4-1 << < = ! & * kg "
    "fuel.jp.diesel VCS-1234 東京 ＫＷＨ 1,000 12.5% −1"
)
SCALARS = [
    "",
    *_WORDS.split(),
    "2014-04-01 10:00:00.5 +09:00",
    "100 kWh",
] + ["".join(p) for p in itertools.product("0+-.<=~nNyYtTfFoO19", repeat=2)]


@pytest.mark.parametrize("implicit", [(True, False), (False, True), (False, False), (True, True)])
def test_every_scalar_gets_pyyamls_tag(implicit: tuple[bool, bool]) -> None:
    ours, theirs = _loader_class()(""), BASE("")
    try:
        for value in SCALARS:
            got, want = (x.resolve(yaml.ScalarNode, value, implicit) for x in (ours, theirs))
            assert got == want, value
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert ours.resolve(kind, None, implicit) == theirs.resolve(kind, None, implicit)
    finally:
        ours.dispose()
        theirs.dispose()


def _tags(node: yaml.Node) -> list[tuple[str, str]]:
    out = [(node.tag, node.value if isinstance(node, yaml.ScalarNode) else "")]
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            out += _tags(child)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out += _tags(k) + _tags(v)
    return out


@pytest.mark.parametrize(
    "path",
    sorted(p for pattern in SHIPPED for p in ROOT.glob(pattern)),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_every_shipped_file_composes_to_the_same_tags(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _tags(yaml.compose(text, Loader=_loader_class())) == _tags(yaml.compose(text, Loader=BASE))


def test_a_loader_with_path_resolvers_is_left_alone() -> None:
    # The shortcut skips path resolution; the safe loader has no path resolvers, and if it ever
    # had, _loader_class would return it unchanged. This pins the premise.
    assert not BASE.yaml_path_resolvers
    assert _loader_class() is not BASE and issubclass(_loader_class(), BASE)
