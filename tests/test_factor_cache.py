"""The cache of parsed built-in factor tables (offsetcalc.factors.cache): used when the
files are unchanged, never when a table was edited, rebuilt when damaged."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from offsetcalc.factors import cache, tables
from offsetcalc.io.loader import Document

from .conftest import ROOT, run_cli

SHK_2006 = "jp-shk-fuel-2006.yaml"


@pytest.fixture
def builtins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in tables as the built-in folder, and an empty cache folder of this test."""
    folder = tmp_path / "factors"
    shutil.copytree(ROOT / "factors", folder)
    monkeypatch.setattr(tables, "builtin_dir", lambda: folder)
    monkeypatch.setenv("OFFSETCALC_CACHE_DIR", str(tmp_path / "cache"))
    tables._builtin_tables.cache_clear()
    tables._lazy_builtins.cache_clear()
    yield folder
    tables._builtin_tables.cache_clear()
    tables._lazy_builtins.cache_clear()


def fresh_load() -> tuple[tables.TableInfo, ...]:
    tables._builtin_tables.cache_clear()
    tables._lazy_builtins.cache_clear()
    return tables._builtin_tables()


def cache_files(builtins: Path) -> list[Path]:
    return sorted((builtins.parent / "cache").glob("factors-*.json"))


def gasoline_2006(infos: tuple[tables.TableInfo, ...]) -> tables.Factor:
    return tables.build_set(list(infos)).resolve("fuel.gasoline", date(2007, 1, 1)).factor


def test_second_run_uses_the_cache_and_gets_the_same_tables(builtins: Path) -> None:
    parsed = fresh_load()
    assert all(isinstance(t.doc, Document) for t in parsed)  # nothing cached yet: every file parsed
    assert len(cache_files(builtins)) == 1
    cached = fresh_load()
    assert not any(isinstance(t.doc, Document) for t in cached)  # every table from the cache
    for a, b in zip(parsed, cached, strict=True):
        assert (a.spec, a.path, a.sha256) == (b.spec, b.path, b.sha256)
        assert b.sha256 == hashlib.sha256(Path(b.path).read_bytes()).hexdigest()
    # A location still comes from the real file, parsed when asked for.
    a, b = gasoline_2006(parsed), gasoline_2006(cached)
    assert a.location == b.location and a.location.line > 1


def test_an_edited_table_is_read_again(builtins: Path) -> None:
    assert gasoline_2006(fresh_load()).value == 2.32
    path = builtins / SHK_2006
    text = path.read_text(encoding="utf-8")
    assert text.count("value: 2.32\n") == 1
    path.write_text(text.replace("value: 2.32\n", "value: 2.45\n"), encoding="utf-8")
    infos = fresh_load()
    f = gasoline_2006(infos)
    assert f.value == 2.45
    assert f.table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert isinstance(f.table.doc, Document)  # this one parsed from the file
    # ... and the cache now holds the edited table: the next run takes it from there.
    again = gasoline_2006(fresh_load())
    assert again.value == 2.45 and not isinstance(again.table.doc, Document)


def test_an_edit_that_breaks_a_table_is_an_error_not_a_stale_value(builtins: Path) -> None:
    fresh_load()
    path = builtins / SHK_2006
    path.write_text(path.read_text(encoding="utf-8").replace("value: 2.32\n", "value: -2.32\n"), encoding="utf-8")
    with pytest.raises(Exception, match="negative") as err:
        fresh_load()
    assert SHK_2006 in str(err.value.errors[0].location)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"\x00garbage" * 10,
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw.replace(b"2.32", b"9.99", 1),  # changed without its digest
        lambda raw: b"",
    ],
    ids=["garbage", "truncated", "altered", "empty"],
)
def test_a_damaged_cache_is_rebuilt(builtins: Path, damage) -> None:
    fresh_load()
    [file] = cache_files(builtins)
    file.write_bytes(damage(file.read_bytes()))
    infos = fresh_load()
    assert all(isinstance(t.doc, Document) for t in infos)  # nothing taken from the damaged file
    assert gasoline_2006(infos).value == 2.32
    assert cache.load()  # written again, and good
    assert not any(isinstance(t.doc, Document) for t in fresh_load())


def test_a_cache_entry_the_schema_refuses_is_not_used(builtins: Path) -> None:
    # Even with a matching digest (written by something else), entries are validated like a file.
    infos = fresh_load()
    entries = cache.load()
    key = cache.entry_key(SHK_2006, next(t.sha256 for t in infos if t.path.endswith(SHK_2006)))
    entries[key]["factors"][0]["value"] = -1.0
    other = next(k for k in entries if k != key)
    entries[other]["factors"][0]["value"] = "not a number"
    cache.save(entries)
    infos = fresh_load()
    assert gasoline_2006(infos).value == 2.32
    parsed = {t.path.rsplit("/", 1)[-1] for t in infos if isinstance(t.doc, Document)}
    assert parsed == {SHK_2006, other.split("\x00")[0]}


def test_an_unwritable_cache_folder_is_no_error(builtins: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = builtins.parent / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("OFFSETCALC_CACHE_DIR", str(blocker))
    assert gasoline_2006(fresh_load()).value == 2.32


def test_cli_with_a_garbage_cache_file_computes_without_traceback(tmp_path: Path) -> None:
    env = {"OFFSETCALC_CACHE_DIR": str(tmp_path)}
    first = run_cli("compute", "examples/readme-workshop.yaml", "--format", "json", env=env)
    assert first.returncode == 0, first.stderr
    [file] = tmp_path.glob("factors-*.json")
    file.write_bytes(b"{not json at all")
    second = run_cli("compute", "examples/readme-workshop.yaml", "--format", "json", env=env)
    assert second.returncode == 0 and "Traceback" not in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    assert file.read_bytes().startswith(b"offsetcalc-factor-cache ")


# ---- the lazily read built-ins (tables.BuiltinIndex): same answers, fewer tables read


def lazy_set() -> tables.FactorSet:
    tables._lazy_builtins.cache_clear()
    fs = tables.load_factors()
    assert isinstance(fs.by_id, tables.BuiltinIndex), "the cache should vouch for the files"
    return fs


def test_the_lazy_index_answers_as_reading_every_table_does(builtins: Path) -> None:
    eager = tables.build_set(list(fresh_load()))  # also writes the cache with the file list
    lazy = lazy_set()
    assert sorted(lazy.by_id) == sorted(eager.by_id) and len(lazy.by_id) == len(eager.by_id)
    for ident in eager.by_id:
        got = [(f.key, f.value, f.unit, f.table.id, f.table.sha256, f.edition) for f in lazy.by_id[ident]]
        want = [(f.key, f.value, f.unit, f.table.id, f.table.sha256, f.edition) for f in eager.by_id[ident]]
        assert got == want, ident
    assert [t.sha256 for t in lazy_set().tables] == [t.sha256 for t in eager.tables]
    assert "no.such.factor" not in lazy.by_id and lazy.by_id.get("no.such.factor") is None


def test_the_lazy_index_reads_only_the_tables_it_is_asked_about(builtins: Path) -> None:
    fresh_load()
    fs = lazy_set()
    f = fs.resolve("fuel.gasoline", date(2007, 1, 1)).factor
    assert f.value == 2.32 and f.table.sha256 == hashlib.sha256(Path(f.table.path).read_bytes()).hexdigest()
    holders = {t.path for t in fresh_load() for g in t.spec.factors if g.id == "fuel.gasoline"}
    assert {i.path for i in fs.by_id._heads.values()} == holders  # type: ignore[attr-defined]
    assert 1 <= len(holders) < len(list(builtins.iterdir())) // 4


RETAILERS_FY2024 = "jp-electricity-retailers-fy2024.csv"


def _corrupt_row(ident: str, value: object) -> None:
    """Give ``ident``'s row of the FY2024 retailer list ``value`` in the cache, with a good digest."""
    infos = fresh_load()
    entries = cache.load()
    key = cache.entry_key(RETAILERS_FY2024, next(t.sha256 for t in infos if t.path.endswith(RETAILERS_FY2024)))
    [row] = [r for r in entries[key]["factors"] if r["id"] == ident]
    row["value"] = value
    cache.save(entries, cache.load_all()[1])


def test_a_lookup_decodes_and_validates_only_the_rows_of_the_id_it_asks_for(builtins: Path) -> None:
    # One retailer's row broken in the cache: another ID of the same 900-row table is still
    # answered from the cache (its rows alone are validated), and only that table's entry was decoded.
    _corrupt_row("electricity.jp.retailer.a0009.adjusted", "not a number")
    fs = lazy_set()
    f = fs.resolve("electricity.jp.tepco.adjusted", date(2025, 6, 1)).factor
    assert f.value == 0.000452 and f.table.path.endswith(RETAILERS_FY2024)
    index = fs.by_id
    assert index._eager is None  # type: ignore[attr-defined]  # not read in full
    decoded = index._entries._rows  # type: ignore[attr-defined]
    holders = {k.split("\x00")[0]: rows for k, rows in decoded.items()}
    assert RETAILERS_FY2024 in holders and len(holders) <= 4
    rows = holders[RETAILERS_FY2024]
    assert len(rows) > 900 and sum(r is not None for r in rows) == 1  # TEPCO's row alone was decoded


@pytest.mark.parametrize("bad", ["not a number", -1.0, float("inf")])
def test_a_broken_row_of_the_id_asked_for_is_read_from_the_file(builtins: Path, bad: object) -> None:
    _corrupt_row("electricity.jp.retailer.a0009.adjusted", bad)
    fs = lazy_set()
    f = fs.resolve("electricity.jp.retailer.a0009.adjusted", date(2025, 6, 1)).factor
    assert f.value == 0.000547  # the file's, never the cache's
    assert fs.by_id._eager is not None  # type: ignore[attr-defined]  # every table read, as the cache is not trusted


def test_an_edit_that_keeps_size_and_time_is_caught_by_the_hash(builtins: Path) -> None:
    import os

    fresh_load()
    path = builtins / SHK_2006
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value: 2.32\n", "value: 2.45\n"), encoding="utf-8")  # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the recorded time: the index is trusted ...
    fs = lazy_set()
    f = fs.resolve("fuel.gasoline", date(2007, 1, 1)).factor
    # ... but the table read for the answer is hashed: the file's value, never the cache's
    assert f.value == 2.45 and f.table.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("change", ["touch", "add", "remove"])
def test_a_changed_folder_is_read_in_full(builtins: Path, change: str) -> None:
    import os

    fresh_load()
    if change == "touch":
        os.utime(builtins / SHK_2006, ns=(1, 1))
    elif change == "add":
        (builtins / "zz-extra.yaml").write_text((builtins / SHK_2006).read_text(encoding="utf-8"), encoding="utf-8")
    else:
        next(p for p in sorted(builtins.iterdir()) if p.name != SHK_2006).unlink()
    tables._lazy_builtins.cache_clear()
    assert tables._lazy_builtins() is None  # the cache cannot vouch: every table is read
    tables._builtin_tables.cache_clear()
    assert not isinstance(tables.load_factors().by_id, tables.BuiltinIndex)


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_writing_a_cache_prunes_stale_caches_of_other_versions(builtins: Path) -> None:
    """Every offsetcalc version (and dev edit of the parsing code) keys its own file; they were
    never deleted (66 files in one folder in a day of this project's work)."""
    folder = builtins.parent / "cache"
    folder.mkdir()
    day = cache.STALE_AFTER
    old = folder / f"factors-{'a' * 24}.json"  # another version's, unused for over a day
    recent = folder / f"factors-{'b' * 24}.json"  # another version's, in use (a second install)
    orphan = folder / f"factors-{'c' * 24}.json.4242.tmp"  # a killed writer's, a day ago
    writing = folder / f"factors-{'d' * 24}.json.4243.tmp"  # being written right now
    units = folder / f"units-{'e' * 24}.json"  # the unit cache's: not ours
    other = folder / "notes.json"
    for f in (old, recent, orphan, writing, units, other):
        f.write_text("{}")
    for f in (old, orphan, units, other):
        _age(f, day + 60)
    _age(recent, day - 600)
    target = builtins.parent / "elsewhere.json"
    target.write_text("{}")
    _age(target, day + 60)
    link = folder / f"factors-{'f' * 24}.json"
    link.symlink_to(target)
    os.utime(link, (0, 0), follow_symlinks=False)

    fresh_load()  # parses and writes this version's cache
    left = sorted(p.name for p in folder.iterdir())
    [mine] = [p.name for p in cache_files(builtins) if p not in (recent, link)]
    assert left == sorted([mine, recent.name, writing.name, units.name, other.name, link.name])
    assert target.exists()
    assert not any(isinstance(t.doc, Document) for t in fresh_load())  # the new cache is good


def test_a_cache_in_use_is_marked_used_and_survives_another_versions_prune(builtins: Path) -> None:
    fresh_load()
    [mine] = cache_files(builtins)
    _age(mine, cache.STALE_AFTER + 60)  # written long ago, used every day since
    assert cache.load()  # a run uses it ...
    assert mine.stat().st_mtime > time.time() - 60  # ... and marks it used
    cache._prune(str(mine.parent), "factors-" + "0" * 24 + ".json")  # another version writes its cache
    assert mine.exists()
    _age(mine, cache.STALE_AFTER + 60)
    cache._prune(str(mine.parent), "factors-" + "0" * 24 + ".json")
    assert not mine.exists()  # unused for a day: pruned


def test_a_damaged_cache_is_not_marked_used(builtins: Path) -> None:
    fresh_load()
    [mine] = cache_files(builtins)
    mine.write_bytes(b"garbage")
    _age(mine, cache.STALE_AFTER + 60)
    assert cache.load() == {}
    assert mine.stat().st_mtime < time.time() - cache.STALE_AFTER
