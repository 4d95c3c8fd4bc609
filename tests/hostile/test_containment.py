"""Class 1: a table path names exactly one file inside the activity file's folder.

Before: the path was checked, then handed to polars, which expanded ``* ? [ ]``
as a glob, so ``path: '*.csv'`` (a file really named so, next to a link
leading out) read the outside file and quoted its cells; and a link flipped
between the check and the read leaked too.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from offsetcalc.errors import InputError, Location
from offsetcalc.io.open import open_inside

from .conftest import organization, run_cli

ROW = "id,quantity,unit,factor\n{id},1,kWh,electricity.jp.tepco.basic\n"


def test_glob_characters_in_a_table_path_name_one_file(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(ROW.format(id="SECRET-CELL"))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "*.csv").write_text(ROW.format(id="inside"))  # a file really named '*.csv'
    (sub / "leak.csv").symlink_to(outside / "secret.csv")
    act = organization(sub, "*.csv")
    proc = run_cli("compute", str(act), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "SECRET" not in proc.stdout + proc.stderr
    (table,) = json.loads(proc.stdout)["emissions"]["tables"]
    assert table["rows"] == 1  # the one file, not two matches


@pytest.mark.parametrize("written", ["~/x.csv", "file:x.csv", "[ab].csv"])
def test_special_spellings_are_plain_names(tmp_path: Path, written: str) -> None:
    act = organization(tmp_path, written)
    proc = run_cli("compute", str(act))
    assert proc.returncode == 2
    assert f"no such table '{written}'" in proc.stderr


def test_the_checked_descriptor_is_the_one_read(tmp_path: Path) -> None:
    """A link flipped after the check cannot redirect the read (what a race would do)."""
    (tmp_path / "in.csv").write_text("inside")
    (tmp_path / "out.csv").write_text("outside")
    base = tmp_path / "base"
    base.mkdir()
    os.symlink(tmp_path / "base" / "real.csv", base / "t.csv")
    (base / "real.csv").write_text("inside")
    with open_inside(base / "t.csv", base, written="t.csv", where=Location("a.yaml", 1, 1)) as fh:
        (base / "t.csv").unlink()
        (base / "t.csv").symlink_to(tmp_path / "out.csv")  # flipped to lead out
        assert fh.read() == b"inside"


def test_a_link_leading_out_is_refused_on_the_descriptor(tmp_path: Path) -> None:
    (tmp_path / "out.csv").write_text("outside")
    base = tmp_path / "base"
    base.mkdir()
    (base / "t.csv").symlink_to(tmp_path / "out.csv")
    with pytest.raises(InputError) as err:
        open_inside(base / "t.csv", base, written="t.csv", where=Location("a.yaml", 1, 1))
    assert err.value.code == "table.outside"


def test_readers_given_the_descriptor_path_read_the_checked_file(tmp_path: Path) -> None:
    """What compute hands polars: a name for the open descriptor, not the submission's path."""
    import polars as pl

    from offsetcalc.io.open import descriptor_path

    (tmp_path / "out.csv").write_text("id\nOUTSIDE\n")
    base = tmp_path / "base"
    base.mkdir()
    (base / "real.csv").write_text("id\ninside\n")
    (base / "t.csv").symlink_to(base / "real.csv")
    with open_inside(base / "t.csv", base, written="t.csv", where=Location("a.yaml", 1, 1)) as fh:
        name = descriptor_path(fh, base / "t.csv")
        (base / "t.csv").unlink()
        (base / "t.csv").symlink_to(tmp_path / "out.csv")  # flipped after the check
        assert pl.read_csv(name)["id"].to_list() == ["inside"]


def test_inside_compares_real_paths(tmp_path: Path) -> None:
    """The one containment test (io.paths.inside) behind tables, open_inside and profiles."""
    from offsetcalc.io.paths import inside

    base = tmp_path / "base"
    (base / "sub").mkdir(parents=True)
    (tmp_path / "out.csv").write_text("x")
    (base / "in.csv").write_text("x")
    (base / "leak.csv").symlink_to(tmp_path / "out.csv")
    (base / "ok.csv").symlink_to(base / "in.csv")
    (tmp_path / "linked").symlink_to(base)  # the folder itself named through a link
    assert inside("in.csv", base) and inside("sub/../in.csv", base) and inside("ok.csv", base)
    assert inside("missing.csv", base) and inside("in.csv", tmp_path / "linked")
    assert not inside("leak.csv", base) and not inside("../out.csv", base)
    assert not inside(str(base / "in.csv"), base)  # absolute: outside whatever it names
    assert not inside("in.csv", base, real=str(tmp_path / "out.csv"))  # the descriptor's real path decides
    assert not inside("../base2/x.csv", base)  # a sibling whose name starts with the folder's


@pytest.mark.parametrize(
    ("target", "code"),
    [("../out.yaml", "profile.outside"), ("/dev/zero", "profile.outside"), ("fifo", "profile.not-file")],
)
def test_a_profile_link_is_checked_where_it_leads(tmp_path: Path, target: str, code: str) -> None:
    from offsetcalc.rules.profile import _inside_submission_folder

    (tmp_path / "out.yaml").write_text("offsetcalc-profile: 1\n")
    base = tmp_path / "sub"
    base.mkdir()
    os.mkfifo(base / "fifo")  # inside, but no regular file
    (base / "rules.yaml").symlink_to(target)
    with pytest.raises(InputError) as info:
        _inside_submission_folder("rules.yaml", base)
    assert info.value.code == code
