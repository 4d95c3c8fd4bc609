"""Batch checks: many submissions, checked in parallel, recorded in the ledger, none lost.

:func:`expand_paths` turns the command line's files, folders and globs into the
list of submissions; :func:`check_batch` checks them with
:func:`offsetcalc.rules.check.check_file` in worker processes and returns one
:class:`BatchReport` (a :class:`~offsetcalc.rules.check.CheckReport`) holding every
input exactly once.

Order and determinism. Inputs are taken in the order of the command line; a
folder's files and a glob's matches in sorted order (by path); a file named
twice is checked once, where it first appears. Workers check files in chunks,
in any order; the parent takes the results back *in that input order* and alone
writes the ledger, one submission at a time (each its own savepoint inside a
transaction per group of results). So the same command line always gives the
same outcome: of two double-claiming submissions, the one earlier in the input
order keeps the credits and the later one gets ``ledger.double-claim``. The
report lists results in the same order.

Nothing lost. A path that does not exist, a glob that matches nothing and a
folder without YAML files each appear as a result with verdict ``error``. A
worker that dies (a crash, the memory killer) costs no file: the chunks in
flight are re-run one file at a time, the rest in a rebuilt pool, and a file
that kills its process again gets verdict ``error`` (:mod:`offsetcalc.rules.pool`).
Workers die with the parent. Ctrl-C stops the workers, rolls back the ledger group being
written (submissions recorded before stay recorded, each whole) and writes no
report.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import signal
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from offsetcalc.errors import InputError, Location
from offsetcalc.io.paths import path_identity, path_kind, resolver
from offsetcalc.report.messages import Msg
from offsetcalc.rules.check import CheckReport, FileReport, Finding

__all__ = ["BatchReport", "Submission", "check_batch", "default_jobs", "expand_paths"]

YAML_SUFFIXES = (".yaml", ".yml")
_GLOB_CHARS = set("*?[")


@dataclass
class Submission:
    """One input of a batch: the path as shown, or the problem that stands in for it."""

    source: str
    problem: Finding | None = None


@dataclass
class BatchReport(CheckReport):
    """A :class:`~offsetcalc.rules.check.CheckReport` plus what the ledger did."""

    ledger: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        if self.ledger is not None:
            data["ledger"] = self.ledger
        return data


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- inputs


def _walk(folder: Path, unreadable: list[tuple[Path, str]]) -> list[Path]:
    """Every ``*.yaml`` / ``*.yml`` name (any case) under ``folder``, folders so named included (they are reported).

    A subfolder that cannot be listed (no read or search permission, a loop)
    is added to ``unreadable`` with the reason: its files would otherwise
    vanish from the report without a word.
    """
    found = []

    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else folder
        unreadable.append((where, exc.strerror or str(exc)))

    for here, dirs, files in os.walk(folder, followlinks=False, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, .venv ...
        # the suffix in any case: 'CLAIM.YAML' saved on Windows was skipped without a word, and a
        # folder whose only failing file was so named exited 0 (redteam6)
        names = files + [d for d in dirs if d.lower().endswith(YAML_SUFFIXES)]
        found.extend(Path(here) / f for f in names if f.lower().endswith(YAML_SUFFIXES) and not f.startswith("."))
    return sorted(found)


_KINDS = (  # test -> key of the message catalogue
    (stat.S_ISFIFO, "batch.kind.fifo"),
    (stat.S_ISSOCK, "batch.kind.socket"),
    (stat.S_ISCHR, "batch.kind.char"),
    (stat.S_ISBLK, "batch.kind.block"),
    (stat.S_ISDIR, "batch.kind.folder"),
)


def _not_a_file(path: Path) -> Msg | None:
    """Why ``path`` cannot be a submission without even opening it, or None.

    Reading a FIFO blocks until someone writes to it and a device may never
    end, so anything but a regular file (after symbolic links) is an error
    here, before a worker opens it. A dangling link passes: reading it gives
    the usual "no such file". A link loop or a folder on the way that may not
    be searched is said here, in the file's own result.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Msg("batch.unreadable", reason=exc.strerror or exc)
    except ValueError as exc:  # a NUL byte in the name
        return Msg("batch.unreadable", reason=exc)
    if stat.S_ISREG(mode):
        return None
    what = next((key for test, key in _KINDS if test(mode)), "batch.kind.other")
    return Msg("batch.not-a-file", what=Msg(what))


#: Text a report cannot carry as is: lone surrogates (a file name that is not
#: UTF-8), control characters (they break XML and move a terminal's cursor).
#: Names lose tabs and line breaks too; messages keep them.
_UNPRINTABLE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(text: str, *, name: bool = True) -> str:
    """``text`` with undecodable bytes and control characters written as ``\\xNN`` escapes.

    With ``name`` (a path) tabs and line breaks are escaped too.
    """
    return (_UNPRINTABLE_NAME if name else _UNPRINTABLE).sub(_escape_char, text)


def _printable_report(rep: FileReport) -> FileReport:
    names = [rep.source] + [f.location.file for f in rep.findings]
    if not any(_UNPRINTABLE_NAME.search(t) for t in names) and not any(
        _UNPRINTABLE.search(f.message) for f in rep.findings
    ):
        return rep
    findings = [
        replace(
            f, message=printable(f.message, name=False), location=replace(f.location, file=printable(f.location.file))
        )
        for f in rep.findings
    ]
    return replace(rep, source=printable(rep.source), findings=findings)


def expand_paths(args: Iterable[str | os.PathLike[str]]) -> list[Submission]:
    """The submissions named by files, folders and globs, in order and without duplicates.

    A folder stands for every ``*.yaml`` / ``*.yml`` file under it (hidden
    files and folders skipped, symbolic links to folders not followed). A
    name that is not a regular file — a folder called ``x.yaml`` (whose files
    are still taken), a FIFO, a device — is kept with a problem, never opened. A
    glob (``subs/**/*.yaml``) is expanded with ``**`` reaching into
    subfolders. A name that matches nothing is kept as a :class:`Submission`
    with a problem, so the report shows it.
    """
    out: dict[str, Submission] = {}
    real = resolver()

    def add(path: Path) -> None:
        why = _not_a_file(path)
        problem = None if why is None else Finding.catalogued("file.invalid", why, Location(str(path)))
        out.setdefault(path_identity(path, real), Submission(str(path), problem))

    def missing(text: str, message: Msg, rule: str = "file.missing") -> None:
        finding = Finding.catalogued(rule, message, Location(text))
        out.setdefault(f"\0{text}", Submission(text, finding))

    def walk(folder: Path) -> int:
        unreadable: list[tuple[Path, str]] = []
        files = _walk(folder, unreadable)
        for f in files:
            add(f)
        for where, why in unreadable:
            missing(str(where), Msg("batch.folder-unreadable", why=why), "file.unreadable")
        return len(files) + len(unreadable)

    for arg in args:
        text = os.fspath(arg)
        path = Path(text)
        kind = path_kind(path)
        if kind == "dir":
            if not walk(path):
                missing(text, Msg("batch.folder-empty"), "file.none")
        elif kind == "file":
            add(path)
        elif kind.startswith("error: "):
            missing(text, Msg("batch.unreadable", reason=kind.removeprefix("error: ")), "file.unreadable")
        elif _GLOB_CHARS & set(text):
            hits = 0
            for m in sorted(glob.glob(text, recursive=True)):
                p = Path(m)
                if path_kind(p) == "dir":
                    hits += walk(p)
                else:
                    add(p)
                    hits += 1
            # glob passes over folders it may not read: name those that could hold matches.
            for where, why in _unreadable_under(text):
                missing(str(where), Msg("batch.folder-unreadable", why=why), "file.unreadable")
                hits += 1
            if not hits:
                missing(text, Msg("batch.no-match"), "file.none")
        else:
            missing(text, Msg("batch.no-such"))
    return list(out.values())


def _unreadable_under(pattern: str) -> list[tuple[Path, str]]:
    """Folders a glob could have matched files in but could not list (glob skips them silently)."""
    import fnmatch

    parts = Path(pattern).parts
    fixed = next((i for i, p in enumerate(parts) if _GLOB_CHARS & set(p)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path(".")
    rest = parts[fixed:]
    out: list[tuple[Path, str]] = []

    def could_hold(folder: Path) -> bool:
        """Whether files below ``folder`` could match ``rest`` (``**`` matches any depth)."""
        rel = folder.relative_to(base).parts if folder != base else ()
        for i, name in enumerate(rel):
            if i >= len(rest) - 1:
                return False
            if rest[i] == "**":
                return True
            if not fnmatch.fnmatchcase(name, rest[i]):
                return False
        return True

    def failed(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else base
        if could_hold(where):
            out.append((where, exc.strerror or str(exc)))

    if not rest or path_kind(base) != "dir":
        return out
    for here, dirs, _files in os.walk(base, onerror=failed):
        dirs[:] = [d for d in dirs if could_hold(Path(here) / d)]
    return out


# --------------------------------------------------------------------------- workers

# What a worker sends back: the report without its heavy parts, and what the ledger needs.
_Outcome = tuple[FileReport, list[Any], str | None, str | None, str | None]

_STATE: dict[str, Any] = {}


def _init_worker(
    standard: str | None,
    factor_dirs: list[str],
    today: dt.date | None,
    gwp: str | None,
    scope2_method: str | None = None,
) -> None:
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.rules.pool import lifeline
    from offsetcalc.rules.profile import load_profile

    lifeline()  # a worker must not outlive the batch that started it
    # The parent handles Ctrl-C; workers must not each print a traceback for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    profile = load_profile(standard) if standard is not None else None
    _STATE.update(
        standard=profile, factors=load_factors(list(factor_dirs)), today=today, gwp=gwp, scope2_method=scope2_method
    )


def _check_one(source: str) -> _Outcome:
    from offsetcalc.ledger.sqlite import claims_from_result
    from offsetcalc.rules.check import check_file, internal_error_report

    try:
        report = check_file(
            source,
            _STATE["standard"],
            _STATE["factors"],
            today=_STATE["today"],
            gwp=_STATE["gwp"],
            scope2_method=_STATE.get("scope2_method"),
        )
    except Exception as exc:  # a bug of ours must not drop a file from the batch
        return internal_error_report(source, getattr(_STATE["standard"], "id", None), exc), [], None, None, None
    claims: list[Any] = []
    sha = title = beneficiary = None
    if report.result is not None:
        claims = claims_from_result(report.result)
        title, beneficiary = report.result.title, report.result.offsetter
        sha = report.sha256  # of the bytes checked: a second read could hash a file rewritten since
    return replace(report, result=None, profile=None, model=None), claims, sha, title, beneficiary


def _check_chunk(sources: Sequence[str]) -> list[_Outcome]:
    return [_check_one(s) for s in sources]


def _chunks(items: list[str], jobs: int) -> list[list[str]]:
    # Small enough to balance two slow files and show progress; big enough that
    # pickling and scheduling cost nothing next to the checks.
    size = max(1, min(64, -(-len(items) // (jobs * 8))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _crashed(source: str, standard: str | None) -> _Outcome:
    crash = Msg("internal.crash")
    finding = Finding.catalogued("internal.crash", crash, Location(source))
    return FileReport(source, standard, "error", None, [finding]), [], None, None, None


def _run_pool(
    chunks: list[list[str]], jobs: int, initargs: tuple[Any, ...], deliver: Callable[[int, list[_Outcome]], None]
) -> None:
    """Run the chunks in ``jobs`` processes; ``deliver(i, outcomes)`` in chunk order (see rules.pool)."""
    from offsetcalc.rules.pool import run_chunks

    run_chunks(
        chunks,
        jobs,
        initializer=_init_worker,
        initargs=initargs,
        work=_check_chunk,
        crashed=lambda source: _crashed(source, initargs[0]),
        deliver=deliver,
    )


# --------------------------------------------------------------------------- the batch


def verdict_against_ledger(rep: FileReport, ledger: str, root: str | os.PathLike[str] | None = None) -> FileReport:
    """The report ``check --ledger`` would give this file, with nothing recorded (read only, a dry run).

    For the disclosure report (``offsetcalc report --ledger``): a submission whose credits another
    accepted submission holds fails with ``ledger.double-claim`` there as in ``check`` (redteam5).
    """
    if rep.result is None or rep.sha256 is None or rep.verdict == "error":
        return rep
    from offsetcalc.ledger import open_ledger
    from offsetcalc.ledger.core import claims_from_result, submission_key

    db = open_ledger(ledger, root=root, readonly=True)
    try:
        found = db.record_submission(
            ledger_key(submission_key(rep.source, root)),
            rep.sha256,
            _shown(claims_from_result(rep.result)),
            title=rep.result.title,
            beneficiary=rep.result.offsetter,
            dry_run=True,
            verdict=rep.verdict,
        )
    finally:
        db.close()
    return _with_ledger_findings(rep, found)


def _shown(claims: list[Any]) -> list[Any]:
    """Claims with their locations as reports print them (control characters escaped)."""
    return [replace(c, location=printable(c.location)) if c.location else c for c in claims]


def _with_ledger_findings(rep: FileReport, found: list[Any]) -> FileReport:
    """``rep`` with what the ledger found about its claims; any error among them fails it."""
    if not found:
        return rep
    errors = any(f.severity == "error" for f in found)
    return replace(
        rep,
        verdict="fail" if errors or rep.verdict != "pass" else rep.verdict,
        findings=[*rep.findings, *_ledger_findings(found, rep.source)],
    )


def _ledger_findings(conflicts: list[Any], source: str) -> list[Finding]:
    from offsetcalc.report.messages import Msg

    out = []
    for c in conflicts:
        loc = (_location(c.claim.location) if c.claim is not None else None) or Location(source)
        if hasattr(c, "message_msg"):  # a Conflict or a Collision; a ledger Problem's text is not catalogued
            msg = Msg("ledger.finding", message=c.message_msg, hint=c.hint_msg)
            out.append(Finding.catalogued(c.rule, msg, loc, c.severity))
        else:
            out.append(Finding(c.rule, c.severity, f"{c.message} (hint: {c.hint})", loc))
    return out


def _location(text: str | None) -> Location | None:
    if not text:
        return None
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return Location(parts[0], int(parts[1]), int(parts[2]))
    return Location(text)


def check_batch(
    paths: Iterable[str | os.PathLike[str]],
    *,
    standard: str | None = None,
    factor_dirs: Sequence[str | os.PathLike[str]] = (),
    today: dt.date | None = None,
    gwp: str | None = None,
    scope2_method: str | None = None,
    jobs: int | None = None,
    ledger: str | os.PathLike[str] | None = None,
    root: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Check every submission named by ``paths`` (files, folders, globs).

    Parameters
    ----------
    standard : profile ID or profile file overriding each file's ``standard:``.
    factor_dirs : extra or overriding factor tables.
    today : the date rules judge "in the future" against (default: today).
    gwp : GWP set overriding each file's and standard's (``--gwp``).
    scope2_method : ``location`` / ``market`` overriding each file's and standard's
        (``--scope2-method``).
    jobs : worker processes (default: every CPU this process may use); 1 checks
        in this process.
    ledger : a SQLite ledger file or a ``postgresql://`` URL
        (:func:`offsetcalc.ledger.open_ledger`) to record claims in and check them
        against; None keeps this run's claims in memory (double claims within the
        batch are still caught).
    root : folder the ledger's submission keys are relative to (default: here).
    progress : called as ``progress(done, total)`` after each file.

    Raises
    ------
    InputError
        For the caller's mistakes only: an unknown standard, a broken factor
        table, a ledger that cannot be opened. A bad submission never raises.
    """
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.rules.profile import load_profile

    # The caller's options are checked here, once, before any worker starts; checking in this
    # process (one job) uses what was loaded here, workers load their own.
    profile = load_profile(standard) if standard is not None else None
    factors = load_factors([os.fspath(d) for d in factor_dirs])
    today = today or dt.date.today()
    if gwp is not None:
        from offsetcalc.gwp import check_set

        gwp = check_set(gwp)
    if scope2_method is not None:
        from offsetcalc.api import SCOPE2_METHODS

        if scope2_method not in SCOPE2_METHODS:
            raise InputError(
                Msg("scope2.method", method=scope2_method),
                hint=Msg("scope2.method.hint"),
                code="scope2.method",
            )
    initargs = (standard, [os.fspath(d) for d in factor_dirs], today, gwp, scope2_method)

    subs = expand_paths(paths)
    report = BatchReport()
    results: list[FileReport | None] = [None] * len(subs)
    todo: list[int] = []
    for i, s in enumerate(subs):
        if s.problem is not None:
            results[i] = FileReport(s.source, profile.id if profile else None, "error", None, [s.problem])
        else:
            todo.append(i)
    total, done = len(subs), len(subs) - len(todo)
    if progress:
        progress(done, total)

    # Without --ledger, a ledger in memory for this run: double claims within the batch are caught all the same.
    from offsetcalc.ledger import open_ledger
    from offsetcalc.ledger.core import submission_keys
    from offsetcalc.ledger.sqlite import MEMORY

    db = open_ledger(ledger if ledger is not None else MEMORY, root=root)
    keys = submission_keys(root)
    # recorded: submissions whose claims were accepted; rejected: recorded as failing (they hold no credits).
    stats = {"recorded": 0, "rejected": 0, "conflicts": 0, "retired_for_other": 0, "claims": 0}
    try:
        order = [subs[i].source for i in todo]

        def deliver(outcomes: list[_Outcome], positions: list[int]) -> None:
            nonlocal done
            with db.transaction():
                for pos, outcome in zip(positions, outcomes, strict=True):
                    results[pos] = _record(db, outcome, keys, stats)
            done += len(outcomes)
            if progress:
                progress(done, total)

        jobs = max(1, jobs or default_jobs())
        if jobs == 1 or len(order) <= 1:
            _STATE.update(standard=profile, factors=factors, today=today, gwp=gwp, scope2_method=scope2_method)
            # Recorded in the same groups as the workers' chunks: one commit (an fsync) per
            # file cost more than checking the file.
            k = 0
            for chunk in _chunks(order, 1):
                deliver(_check_chunk(chunk), todo[k : k + len(chunk)])
                k += len(chunk)
        else:
            chunks = _chunks(order, jobs)
            starts = [sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]
            _run_pool(
                chunks,
                min(jobs, len(chunks)),
                initargs,
                lambda i, outcomes: deliver(outcomes, todo[starts[i] : starts[i] + len(outcomes)]),
            )
        if ledger is not None:
            report.ledger = {"path": db.display, **stats, "blocks": db.count()}
    finally:
        db.close()
    report.results = [_printable_report(r) for r in results if r is not None]
    assert len(report.results) == len(subs), "a batch never drops a file"
    return report


def ledger_key(key: str) -> str:
    """A submission key (offsetcalc.ledger.core.submission_key) as the ledger stores it: printable.

    Backslashes are doubled first, so the escaping is one-to-one: a file named with the byte 0xff
    and one literally named '\\xff.yaml' are two submissions, not one key.
    """
    return printable(key.replace("\\", "\\\\"))


def _record(db: Any, outcome: _Outcome, submission_key: Callable[[str], str], stats: dict[str, int]) -> FileReport:
    rep, claims, sha, title, beneficiary = outcome
    key = ledger_key(submission_key(rep.source))
    if rep.verdict == "error" or sha is None:
        # Nothing trustworthy to record; an earlier record of this file now blocks nobody.
        db.reject_submission(key, "error")
        return rep
    claims = _shown(claims)
    found = db.record_submission(key, sha, claims, title=title, beneficiary=beneficiary, verdict=rep.verdict)
    stats["claims"] += len(claims)
    errors = [f for f in found if f.severity == "error"]
    stats["recorded" if rep.verdict == "pass" and not errors else "rejected"] += 1
    # conflicts: every conflict with another claim; retired_for_other: those of them that are registry
    # retirements for someone else (no double claim: the summary counts each as what it is).
    stats["conflicts"] += sum(1 for f in errors if f.rule in ("ledger.double-claim", "ledger.retired-for-other"))
    stats["retired_for_other"] += sum(1 for f in errors if f.rule == "ledger.retired-for-other")
    return _with_ledger_findings(rep, found)
