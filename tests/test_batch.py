"""Tests of batch checks (offsetcalc.rules.batch, offsetcalc.report.check_formats, ``check PATH...``)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from offsetcalc.cli import app
from offsetcalc.io.registries import read_export
from offsetcalc.ledger.sqlite import Ledger
from offsetcalc.report.check_formats import FORMATS, render, to_csv, to_junit, to_markdown, write_atomic
from offsetcalc.rules.batch import check_batch, expand_paths

DATA = Path(__file__).resolve().parent / "data"
PASSING = DATA / "check" / "jp-co-event-pass.yaml"  # claims JP-EXAMPLE-2012 101–103
FAILING = DATA / "check" / "jp-co-ineligible.yaml"
# Real registry rows (carbonplan/offsets-db-data, MIT; see the README there), committed so they always run.
SAMPLES = Path(__file__).resolve().parent / "data" / "registry-samples"
TODAY = date(2026, 1, 1)

# source -> (verdict, rules that must be among its error findings)
EXPECTED = {
    "a-good.yaml": ("pass", set()),
    "b-double.yaml": ("fail", {"ledger.double-claim"}),
    "c-good.yaml": ("pass", set()),
    "d-failing.yaml": ("fail", {"credits.eligible-type"}),
    "e-binary.yaml": ("error", {"file.invalid"}),
    "f-not-yaml.yaml": ("error", {"file.invalid"}),
    "g-gone.yaml": ("error", {"file.invalid"}),
    "h-latin1.yml": ("error", {"file.invalid"}),
    "sub/i-good.yaml": ("pass", set()),
}


def _with_serial(start: int, end: int) -> str:
    text = PASSING.read_text(encoding="utf-8")
    assert "start: 101, end: 103" in text
    return text.replace("start: 101, end: 103", f"start: {start}, end: {end}")


@pytest.fixture
def season(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder mixing good, failing, unreadable and double-claiming submissions."""
    folder = tmp_path / "season"
    (folder / "sub").mkdir(parents=True)
    (folder / "a-good.yaml").write_text(_with_serial(101, 103), encoding="utf-8")
    (folder / "b-double.yaml").write_text(_with_serial(103, 105), encoding="utf-8")  # shares unit 103 with a
    (folder / "c-good.yaml").write_text(_with_serial(201, 203), encoding="utf-8")
    (folder / "d-failing.yaml").write_text(FAILING.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "e-binary.yaml").write_bytes(b"\x00\x01\x02 binary")
    (folder / "f-not-yaml.yaml").write_text("offsetcalc: 1\nkind: [event\n", encoding="utf-8")
    (folder / "g-gone.yaml").symlink_to(folder / "does-not-exist.yaml")  # a dangling link: unreadable
    (folder / "h-latin1.yml").write_bytes("offsetcalc: 1\ntitle: caf\xe9\n".encode("latin-1"))
    (folder / "sub" / "i-good.yaml").write_text(_with_serial(301, 303), encoding="utf-8")
    (folder / "notes.txt").write_text("not a submission")  # not *.yaml: not an input
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("skipped")
    monkeypatch.chdir(folder)
    return folder


def _verdicts(report) -> dict[str, str]:
    return {r.source: r.verdict for r in report.results}


def _assert_expected(report) -> None:
    assert [r.source for r in report.results] == sorted(EXPECTED)  # each file exactly once, in order
    for r in report.results:
        verdict, rules = EXPECTED[r.source]
        assert r.verdict == verdict, (r.source, [f.to_dict() for f in r.findings])
        assert rules <= {f.rule for f in r.findings if f.severity == "error"}, r.source
        if r.verdict == "error":
            assert r.findings, r.source  # with its reason


# --------------------------------------------------------------------------- inputs


def test_expand_paths_folders_globs_duplicates_and_missing(season):
    subs = expand_paths(["sub/i-good.yaml", ".", "*.yml", "missing.yaml", "nothing-*.yaml", "sub"])
    shown = [s.source for s in subs]
    # the explicit file first, then the folder's files sorted; duplicates once
    assert shown[0] == "sub/i-good.yaml"
    assert shown.count("sub/i-good.yaml") == 1 and shown.count("h-latin1.yml") == 1
    assert "notes.txt" not in shown and not any(".hidden" in s for s in shown)
    problems = {s.source: s.problem.message for s in subs if s.problem}
    assert problems == {"missing.yaml": "no such file or folder", "nothing-*.yaml": "no file matches this pattern"}
    empty = season / "empty"
    empty.mkdir()
    (only,) = expand_paths([str(empty)])
    assert only.problem is not None and "holds no *.yaml" in only.problem.message


# --------------------------------------------------------------------------- the batch


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_mixed_folder_gives_a_complete_correct_report(season, tmp_path, jobs):
    report = check_batch(["."], jobs=jobs, ledger=tmp_path / f"l{jobs}.db", today=TODAY)
    _assert_expected(report)
    (double,) = [f for f in report.results[1].findings if f.rule == "ledger.double-claim"]
    assert "JPEXAMPLE2012 units 103 (1 t)" in double.message and "a-good.yaml" in double.message
    assert str(double.location).startswith("b-double.yaml:")
    assert report.summary == {"files": 9, "pass": 3, "fail": 2, "error": 4}
    # accepted: a, c, i; rejected (they fail, so they hold no credits): b, d
    assert report.ledger["recorded"] == 3 and report.ledger["rejected"] == 2 and report.ledger["conflicts"] == 1


def test_parallel_and_serial_runs_agree(season, tmp_path):
    one = check_batch(["."], jobs=1, ledger=tmp_path / "1.db", today=TODAY).to_dict()
    two = check_batch(["."], jobs=2, ledger=tmp_path / "2.db", today=TODAY).to_dict()
    for d in (one, two):
        d.pop("ledger")
    assert one == two


def test_rechecking_is_idempotent_and_double_claims_are_caught_across_runs(season, tmp_path):
    db = tmp_path / "ledger.db"
    first = check_batch(["."], jobs=2, ledger=db, today=TODAY).to_dict()
    again = check_batch(["."], jobs=2, ledger=db, today=TODAY).to_dict()
    # the same report: b-double was rejected after a-good was first recorded, so a-good is not told of it
    assert first == again
    # a later run: a new submission claiming credits an earlier run recorded
    (season / "later").mkdir()
    (season / "later" / "z.yaml").write_text(_with_serial(300, 301), encoding="utf-8")
    later = check_batch(["later"], ledger=db, today=TODAY)
    (r,) = later.results
    assert r.verdict == "fail"
    (f,) = [f for f in r.findings if f.rule == "ledger.double-claim"]
    assert "units 301 (1 t)" in f.message and "sub/i-good.yaml" in f.message


def test_the_order_of_the_command_line_decides_who_keeps_the_credits(season, tmp_path):
    report = check_batch(["b-double.yaml", "a-good.yaml"], ledger=tmp_path / "l.db", today=TODAY)
    assert _verdicts(report) == {"b-double.yaml": "pass", "a-good.yaml": "fail"}


def test_a_claim_the_registry_shows_retired_for_someone_else(season, tmp_path):
    db = tmp_path / "l.db"
    with Ledger(db) as ledger:
        ledger.import_export(read_export(SAMPLES / "gold-standard-retirements.csv", "gold-standard"))
    text = (
        PASSING.read_text(encoding="utf-8")
        .replace("type: J-VER\n    quantity: 3 t-CO2", "type: GS-VER\n    quantity: 5354 t-CO2")
        .replace('{prefix: "JP-EXAMPLE-2012", start: 101, end: 103}', '"GS1-1-KE-GS11603-16-2025-30256-110-5463"')
    )
    Path("gs.yaml").write_text(text, encoding="utf-8")
    report = check_batch(["gs.yaml"], ledger=db, today=TODAY)
    (r,) = report.results
    (f,) = [f for f in r.findings if f.rule == "ledger.retired-for-other"]
    assert "'Hilti Corporation'" in f.message and "gold-standard-retirements.csv:" in f.message
    assert r.verdict == "fail"
    # The summary counts it as what it is, not as a double claim (issue 9).
    from offsetcalc.report.check_formats import to_markdown

    assert (report.ledger["conflicts"], report.ledger["retired_for_other"]) == (1, 1)
    summary = to_markdown(report).rsplit("Ledger", 1)[1]
    assert "0 double claims, 1 claims of credits the registry shows retired for someone else" in summary


@pytest.mark.parametrize("jobs", [1, 2])
def test_without_a_ledger_double_claims_within_the_batch_are_caught(season, jobs):
    # issue 9: failed before (both passed); an in-memory ledger holds this run's claims
    report = check_batch(["a-good.yaml", "b-double.yaml"], jobs=jobs, today=TODAY)
    assert _verdicts(report) == {"a-good.yaml": "pass", "b-double.yaml": "fail"}
    (f,) = [f for f in report.results[1].findings if f.rule == "ledger.double-claim"]
    assert "a-good.yaml" in f.message
    assert "ledger" not in report.to_dict()
    assert not any(p.suffix == ".db" for p in season.iterdir())  # nothing written


def test_interrupt_leaves_whole_submissions_in_the_ledger(season, tmp_path):
    db = tmp_path / "l.db"
    calls = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if done >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_batch(["."], jobs=2, ledger=db, progress=progress, today=TODAY)
    here = Path.cwd().resolve()
    with Ledger(db) as ledger:
        keys = {Path(s["key"]).relative_to(here).as_posix() for s in ledger.sources()}  # keys are absolute
        assert keys <= {"a-good.yaml", "b-double.yaml", "c-good.yaml", "d-failing.yaml", "sub/i-good.yaml"}
        for s in ledger.sources():  # every recorded submission is whole: all its blocks are there
            assert s["blocks"] == 1 if not s["key"].endswith("/d-failing.yaml") else s["blocks"] >= 0
    # the ledger is usable, and a full run afterwards gives the full answer
    _assert_expected(check_batch(["."], jobs=2, ledger=db, today=TODAY))


# --------------------------------------------------------------------------- formats


@pytest.fixture
def report(season, tmp_path):
    return check_batch(["."], jobs=2, ledger=tmp_path / "l.db", today=TODAY)


def test_csv_has_one_row_per_file(report):
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert [(r["source"], r["verdict"]) for r in rows] == [(r.source, r.verdict) for r in report.results]
    double = rows[1]
    assert double["errors"] == "1" and "ledger.double-claim" in double["findings"]


def test_junit_has_one_testcase_per_file(report):
    root = ET.fromstring(to_junit(report))
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [r.source for r in report.results]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("9", "2", "4")
    for case, r in zip(cases, report.results, strict=True):
        kinds = {child.tag for child in case}
        assert ("failure" in kinds) == (r.verdict == "fail") and ("error" in kinds) == (r.verdict == "error")
    failure = cases[1].find("failure")
    assert failure.get("type") == "ledger.double-claim"


def test_markdown_lists_every_file_once(report):
    text = to_markdown(report)
    table = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| File")]
    assert [line.split(" | ")[0][2:] for line in table] == [r.source for r in report.results]
    assert "**9 files: 3 pass, 2 fail, 4 error**" in text
    assert "### b-double.yaml — fail" in text


def test_table_lists_every_file(report):
    text = render(report, "table")
    for r in report.results:
        assert f"{r.verdict.upper()}  {r.source}" in text
    assert "9 files: 3 pass, 2 fail, 4 error" in text
    assert "1 double claims" in text


def test_every_format_via_the_cli_is_written_atomically_and_matches_the_library(season, tmp_path):
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        db = tmp_path / f"{fmt}.db"
        result = runner.invoke(app, ["check", ".", "--ledger", str(db), "--format", fmt, "--output", str(out)])
        assert result.exit_code == 1, result.output
        assert result.stdout == ""  # the report went to the file; no progress bar when not on a terminal
        expected = check_batch(["."], ledger=tmp_path / f"{fmt}-lib.db", today=date.today())
        expected.ledger["path"] = str(db)
        assert out.read_bytes().decode("utf-8") == render(expected, fmt)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["format"] == "offsetcalc.check/1" and data["summary"]["files"] == 9


def test_cli_json_to_stdout_and_exit_codes(season, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "a-good.yaml", "c-good.yaml", "--format", "json", "--jobs", "2"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["summary"] == {"files": 2, "pass": 2, "fail": 0, "error": 0}
    bad = runner.invoke(app, ["check", ".", "--ledger", str(tmp_path / "not-a-db"), "--format", "json"])
    assert bad.exit_code == 1  # a fresh ledger is created; the folder has failures
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    junk = runner.invoke(app, ["check", ".", "--ledger", str(tmp_path / "junk.db")])
    assert junk.exit_code == 2 and "not an offsetcalc ledger" in junk.stderr


def test_write_atomic_never_leaves_a_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old report\n")
    os.chmod(target, 0o644)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new report\n" * 1000)
    assert target.read_text() == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    monkeypatch.undo()
    write_atomic(target, "new report\n")
    assert target.read_text() == "new report\n"
    assert target.stat().st_mode & 0o777 == 0o644


# --------------------------------------------------------------------------- hostile inputs


@pytest.fixture
def hostile(season: Path) -> Path:
    """The season plus what a real upload folder also holds: things that are not files, and odd names."""
    (season / "j-empty.yaml").write_bytes(b"")
    (season / "k-folder.yaml").mkdir()  # a folder named like a submission
    os.mkfifo(season / "l-fifo.yaml")  # opening it would wait for a writer for ever
    (season / "m-device.yaml").symlink_to("/dev/zero")  # reading it would never end
    (season / "n-pipe|name.yaml").write_text(_with_serial(401, 403), encoding="utf-8")
    # a name that is not UTF-8 and one with control characters (ESC moves a terminal's cursor; XML cannot hold it)
    os.rename(season / "c-good.yaml", os.fsdecode(b"c-good-\xff.yaml"))
    (season / "o-\x1b[2J\x01.yaml").write_text(_with_serial(501, 503), encoding="utf-8")
    return season


HOSTILE = {
    "a-good.yaml": "pass",
    "b-double.yaml": "fail",
    "c-good-\\xff.yaml": "pass",
    "d-failing.yaml": "fail",
    "e-binary.yaml": "error",
    "f-not-yaml.yaml": "error",
    "g-gone.yaml": "error",
    "h-latin1.yml": "error",
    "j-empty.yaml": "error",
    "k-folder.yaml": "error",
    "l-fifo.yaml": "error",
    "m-device.yaml": "error",
    "n-pipe|name.yaml": "pass",
    "o-\\x1b[2J\\x01.yaml": "pass",
    "sub/i-good.yaml": "pass",
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hostile_folder_never_hangs_and_every_input_appears_once_in_every_format(hostile, tmp_path, jobs):
    report = check_batch(["."], jobs=jobs, ledger=tmp_path / f"h{jobs}.db", today=TODAY)
    assert {r.source: r.verdict for r in report.results} == HOSTILE
    assert [r.source for r in report.results] == sorted(HOSTILE)
    reasons = {r.source: r.findings[0].message for r in report.results if r.verdict == "error"}
    assert reasons["k-folder.yaml"] == "is a folder, not a submission file"
    assert reasons["l-fifo.yaml"] == "is a named pipe (FIFO), not a submission file"
    assert reasons["m-device.yaml"] == "is a character device, not a submission file"
    assert "empty" in reasons["j-empty.yaml"]

    names = list(HOSTILE)
    data = json.loads(render(report, "json"))
    assert [r["source"] for r in data["results"]] == names
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"), newline="")))
    assert [(r["source"], r["verdict"]) for r in rows] == list(HOSTILE.items())
    cases = ET.fromstring(render(report, "junit").encode("utf-8")).find("testsuite").findall("testcase")
    assert [c.get("name") for c in cases] == names
    md = render(report, "markdown")
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| File")]
    assert len(table) == len(names)
    for line in table:  # every row has exactly the six columns: no unescaped pipe in a name
        assert len(re.split(r"(?<!\\)\|", line)) == 8, line
    assert "n-pipe\\|name.yaml" in md
    text = render(report, "table")
    assert "\x1b" not in text and "\x1b" not in md and "\x1b" not in json.dumps(data, ensure_ascii=False)
    for name, verdict in HOSTILE.items():
        assert f"{verdict.upper()}  {name}" in text


def test_names_that_are_not_utf8_are_recorded_in_the_ledger(hostile, tmp_path):
    db = tmp_path / "l.db"
    check_batch(["."], jobs=1, ledger=db, today=TODAY)
    with Ledger(db) as ledger:
        assert f"{Path.cwd().resolve().as_posix()}/c-good-\\xff.yaml" in {s["key"] for s in ledger.sources()}
    # and they keep their credits on the next run (the key is stable)
    again = check_batch(["."], jobs=1, ledger=db, today=TODAY)
    assert {r.source: r.verdict for r in again.results} == HOSTILE


def test_a_folder_named_like_a_submission_still_gives_its_files(season):
    (season / "k.yaml").mkdir()
    (season / "k.yaml" / "inner.yaml").write_text(_with_serial(601, 603), encoding="utf-8")
    subs = {s.source: s.problem for s in expand_paths(["."])}
    assert subs["k.yaml"] is not None and subs["k.yaml"].rule == "file.invalid"
    assert subs["k.yaml/inner.yaml"] is None


# --------------------------------------------------------------------------- where the report goes


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("missing/folder/report.json", "the folder"),
        (".", "this is a folder"),
    ],
)
def test_output_that_cannot_be_written_is_exit_2_before_any_work(season, tmp_path, target, message):
    db = tmp_path / "l.db"
    r = CliRunner().invoke(app, ["check", ".", "--ledger", str(db), "--format", "json", "--output", target])
    assert r.exit_code == 2, r.output
    assert f"{target}: error: cannot write the report: {message}" in r.stderr
    assert "Traceback" not in r.output
    assert not db.exists()  # refused before the batch ran: the ledger was not touched


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files and folders")
def test_output_into_a_read_only_folder_is_exit_2(season, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        r = CliRunner().invoke(app, ["check", "a-good.yaml", "--output", str(ro / "r.json")])
    finally:
        ro.chmod(0o755)
    assert r.exit_code == 2 and "is read-only" in r.stderr


def test_output_to_a_device_writes_through_it_and_never_replaces_it(season, tmp_path):
    """``-o /dev/stdout`` and the like: an atomic replace would put a regular file in place of the device."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "one line\n")
    reader.join(10)
    assert got == [b"one line\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_write_atomic_follows_a_symbolic_link(tmp_path):
    (tmp_path / "reports").mkdir()
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "reports" / "r.json")
    write_atomic(link, "x\n")
    assert link.is_symlink() and (tmp_path / "reports" / "r.json").read_text() == "x\n"


# --------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_prints_interrupted_and_exits_130(season):
    """typer turns KeyboardInterrupt into a silent exit 130; main() must say why it stopped."""
    script = (
        "import sys, offsetcalc.rules.batch as b\n"
        "def boom(*a, **k):\n"
        "    raise KeyboardInterrupt\n"
        "b.check_batch = boom\n"
        "sys.argv = ['offsetcalc', 'check', 'a-good.yaml']\n"
        "from offsetcalc.cli import main\n"
        "main()\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130
    assert done.stderr == "interrupted\n"
    assert done.stdout == ""


def test_ledger_findings_render_word_for_word_in_japanese(season, tmp_path):
    """The ledger's conflict messages come from the catalogue: English as before, Japanese in full."""
    from offsetcalc.report.messages import finding_text

    report = check_batch(["."], jobs=1, ledger=tmp_path / "l.db", today=TODAY)
    (double,) = [f for f in report.results[1].findings if f.rule == "ledger.double-claim"]
    assert finding_text(double, "en") == double.message and " (hint: " in double.message
    ja = finding_text(double, "ja")
    assert "JPEXAMPLE2012 の 103 番（1 t）" in ja and "二重の主張" in ja and "ヒント" in ja, ja
    assert "claimed by" not in ja and "a-good.yaml" in ja


def test_the_batch_resolver_answers_as_realpath(tmp_path, monkeypatch):
    # io.paths.resolver resolves each folder once for a whole batch; its answer must be
    # os.path.realpath's for every way a file can be named.
    import os

    from offsetcalc.io.paths import resolver

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "a.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "linkdir").symlink_to(real, target_is_directory=True)
    (real / "sub" / "link.yaml").symlink_to(real / "sub" / "a.yaml")
    (real / "sub" / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (real / "loop.yaml").symlink_to(real / "loop.yaml")
    monkeypatch.chdir(real / "sub")
    names = [
        real / "sub" / "a.yaml",
        tmp_path / "linkdir" / "sub" / "a.yaml",
        tmp_path / "linkdir" / "sub" / ".." / "sub" / "a.yaml",
        real / "sub" / "link.yaml",
        tmp_path / "linkdir" / "sub" / "link.yaml",
        real / "sub" / "dangling.yaml",
        real / "sub" / "missing.yaml",
        real / "sub" / "a.yaml" / "not-a-folder.yaml",
        real / "sub" / "..",
        real / "sub" / ".",
        "a.yaml",
        "./a.yaml",
        "../sub/link.yaml",
        str(tmp_path / "linkdir" / "sub") + "/",
    ]
    r = resolver()
    for _ in range(2):  # the second round answers from the folders resolved in the first
        for n in names:
            assert r(n) == os.path.realpath(n), n
    assert os.path.realpath(real / "loop.yaml")  # a loop: realpath's own answer, whatever it is
    assert r(real / "loop.yaml") == os.path.realpath(real / "loop.yaml")
