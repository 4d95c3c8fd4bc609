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
