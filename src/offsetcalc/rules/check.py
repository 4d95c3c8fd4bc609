"""Certification checks: submissions in, a report object out (SPEC.md §4).

:func:`check_file` reads one activity file, computes it, and runs the rules of
its standard's profile; :func:`check_files` does that for many files in order.
Neither raises for a bad submission: a file that cannot be read or computed
gets the verdict ``error`` with its errors as findings (rule ``file.invalid``),
a broken rule gives ``fail``, and findings of severity ``warning`` or ``info``
do not fail. The :class:`CheckReport` is the single source for every
rendering (JSON, table, and the formats others add); only the CLI turns it
into an exit code.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from offsetcalc.errors import InputErrors, Location, OffsetcalcError
from offsetcalc.rules.checks import Finding

CHECK_FORMAT = "offsetcalc.check/1"
VERDICTS = ("pass", "fail", "error")

__all__ = ["CHECK_FORMAT", "CheckReport", "FileReport", "Finding", "check_file", "check_files"]


@dataclass
class FileReport:
    """The verdict on one submission, its findings, and what it was computed from."""

    source: str
    standard: str | None
    verdict: str
    offset_ratio_percent: float | None
    findings: list[Finding]
    result: Any = None  # offsetcalc.engine.compute.Result when the file could be computed
    profile: Any = None  # offsetcalc.rules.profile.Profile when the standard could be loaded
    model: Any = None  # offsetcalc.models.ActivityFile when the file could be computed (exclusions, plan)
    #: SHA-256 of the bytes that were parsed and checked (the ledger's and the report's version of the
    #: file): hashing the path again later could name a file rewritten in between. None when not read.
    sha256: str | None = None

    def count(self, severity: str) -> int:
        """How many findings have this severity (the error and warning columns of every format)."""
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "standard": self.standard,
            "verdict": self.verdict,
            "offset_ratio_percent": self.offset_ratio_percent,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class CheckReport:
    """The verdicts on a batch: one FileReport per input file, in input order."""

    results: list[FileReport] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = {v: 0 for v in VERDICTS}
        for r in self.results:
            counts[r.verdict] += 1
        return {"files": len(self.results), **counts}

    @property
    def passed(self) -> bool:
        """True when every file passed (an empty batch passes nothing: False)."""
        return bool(self.results) and all(r.verdict == "pass" for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {"format": CHECK_FORMAT, "results": [r.to_dict() for r in self.results], "summary": self.summary}


def _error_findings(exc: OffsetcalcError, source: str, rule: str = "file.invalid") -> list[Finding]:
    errors = exc.errors if isinstance(exc, InputErrors) else [exc]
    return [error_finding(e, source, rule) for e in errors]


def error_finding(e: OffsetcalcError, source: str, rule: str = "file.invalid") -> Finding:
    """An input error as a finding: its message and hint, in every language when both are catalogued."""
    from offsetcalc.report.messages import Msg

    message = e.message + (f" (hint: {e.hint})" if e.hint else "")
    msg = None
    if e.msg is not None and (e.hint_msg is not None or not e.hint):
        hint = Msg("file.invalid.hint", hint=e.hint_msg) if e.hint_msg is not None else ""
        msg = Msg("file.invalid", message=e.msg, hint=hint)
    return Finding(rule, "error", message, e.location or Location(source), msg=msg)


def check_file(
    path: str | os.PathLike[str],
    standard: Any = None,
    factors: Any = None,
    factor_dirs: list[str | os.PathLike[str]] | None = None,
    *,
    today: dt.date | None = None,
    gwp: str | None = None,
    scope2_method: str | None = None,
) -> FileReport:
    """Check one submission against a standard.

    Parameters
    ----------
    path : path of the activity file (YAML, format 1).
    standard : a profile ID (``"jp-co"``), a profile file path, or a loaded
        :class:`~offsetcalc.rules.profile.Profile`; overrides the file's
        ``standard:``. None uses the file's own.
    factors : a loaded FactorSet to reuse across files; else the built-in
        tables plus ``factor_dirs`` are loaded.
    today : the date "in the future" is judged against (default: today).
    gwp : GWP set overriding the file's and the standard's (``--gwp``).
    scope2_method : ``location`` / ``market`` overriding the file's and the standard's
        (``--scope2-method``; organisations).
    """
    from offsetcalc.api import compute_model, load_activity_file, resolve_scope2_method
    from offsetcalc.gwp import DEFAULT_GWP
    from offsetcalc.rules.checks import Context, run
    from offsetcalc.rules.profile import Profile, load_profile

    source = str(path)
    wanted = standard.id if isinstance(standard, Profile) else (str(standard) if standard is not None else None)
    try:
        model, doc = load_activity_file(path)
    except OffsetcalcError as exc:
        return FileReport(source, wanted, "error", None, _error_findings(exc, source))

    # The standard: the caller's, else the file's own (a path there is relative to the file).
    profile = standard if isinstance(standard, Profile) else None
    if profile is None:
        name = wanted or model.standard
        if not name:
            from offsetcalc.report.messages import Msg

            none = Msg("standard.unknown.none")
            f = Finding.catalogued("standard.unknown", none, doc.location())
            return FileReport(source, None, "error", None, [f])
        try:
            profile = load_profile(name, base=os.path.dirname(source) if wanted is None else None)
        except OffsetcalcError as exc:
            if exc.location is None and wanted is None:
                exc.location = doc.location(("standard",))
            return FileReport(source, name, "error", None, _error_findings(exc, source, "standard.unknown"))
    std_id = profile.id

    if gwp is not None:
        from offsetcalc.gwp import check_set

        gwp = check_set(gwp)
    chosen_on_command_line = gwp is not None
    by_standard = profile.default_gwp(model.period.start if model.period else None)
    gwp = gwp or model.gwp or (by_standard.set if by_standard else DEFAULT_GWP)
    try:
        if factors is None:
            from offsetcalc.factors.tables import load_factors

            factors = load_factors(factor_dirs)
        s2 = resolve_scope2_method(model, scope2_method, profile=profile)
        result = compute_model(model, doc, factors, gwp, scope2_method=s2)
    except OffsetcalcError as exc:
        return FileReport(source, std_id, "error", None, _error_findings(exc, source), profile=profile)

    from offsetcalc.report.result import ratio_percent_float

    ratio = ratio_percent_float(result.ratio)
    # The file's own GWP set in place of the one that applies without its choice — the standard's for
    # the period, else offsetcalc's default (a standard whose profile names no set: iso-14068,
    # nz-carbonzero, gpc; redteam5) — gives the total by that set too, when it differs (gwp.set-differs).
    # The command line's set is the certifier's choice, not the submitter's.
    applies = by_standard.set if by_standard is not None else DEFAULT_GWP
    by_standard_ug = None
    if (
        not chosen_on_command_line
        and model.gwp
        and gwp != applies
        and _weighs_other_gases(result)  # CO2 alone weighs 1 in every set: no second computation
    ):
        try:
            by_standard_ug = compute_model(model, doc, factors, applies, scope2_method=s2).emissions_ug
        except OffsetcalcError:
            by_standard_ug = None
    ctx = Context(
        model=model,
        doc=doc,
        result=result,
        profile=profile,
        today=today or dt.date.today(),
        factors=factors,
        gwp_by_standard=(by_standard or applies, by_standard_ug) if by_standard_ug is not None else None,
    )
    findings = run(ctx)
    if model.kind == "city":
        from offsetcalc.rules.gpc import run_city

        findings = run_city(ctx)
    verdict = "fail" if any(f.severity == "error" for f in findings) else "pass"
    return FileReport(
        source, std_id, verdict, ratio, findings, result=result, profile=profile, model=model, sha256=doc.sha256
    )


def _weighs_other_gases(result: Any) -> bool:
    """Whether any factor the result applied has a gas other than CO2 (its total depends on the GWP set)."""
    for line in result.activity_lines:
        for use in (line.factor, *line.factor.basis):
            if use.gases and any(g != "CO2" for g in use.gases):
                return True
    return False


def check_files(
    paths: list[str | os.PathLike[str]],
    standard: Any = None,
    factors: Any = None,
    factor_dirs: list[str | os.PathLike[str]] | None = None,
    *,
    today: dt.date | None = None,
    gwp: str | None = None,
) -> CheckReport:
    """Check many submissions, one after another, in the order given.

    The standard (if given) and the factor tables are loaded once. A bad
    ``standard`` or factor table is the caller's error and raises
    :class:`~offsetcalc.errors.InputError`; a bad submission never does.
    Claims are recorded in a ledger in memory, as ``check`` does without
    ``--ledger``: a block claimed by an earlier file that passed makes a later
    file fail with ``ledger.double-claim`` (SPEC §4: double claims within one run).
    """
    from offsetcalc.ledger import open_ledger
    from offsetcalc.ledger.core import submission_keys
    from offsetcalc.ledger.sqlite import MEMORY, claims_from_result
    from offsetcalc.rules.batch import _record
    from offsetcalc.rules.profile import Profile, load_profile

    if standard is not None and not isinstance(standard, Profile):
        standard = load_profile(standard)
    if factors is None:
        from offsetcalc.factors.tables import load_factors

        factors = load_factors(factor_dirs)
    report = CheckReport()
    stats = {"recorded": 0, "rejected": 0, "conflicts": 0, "retired_for_other": 0, "claims": 0}
    db = open_ledger(MEMORY)
    keys = submission_keys()
    try:
        for p in paths:
            try:
                rep = check_file(p, standard, factors, today=today, gwp=gwp)
                claims, sha, title, beneficiary = [], None, None, None
                if rep.result is not None:
                    claims = claims_from_result(rep.result)
                    title, beneficiary = rep.result.title, rep.result.offsetter
                    sha = rep.sha256  # of the bytes checked, not a second read
                with db.transaction():
                    recorded = _record(db, (rep, claims, sha, title, beneficiary), keys, stats)
                # keep what check_file gave (result, profile, model) for callers that render it
                report.results.append(
                    rep
                    if recorded is rep
                    else FileReport(**{**rep.__dict__, "verdict": recorded.verdict, "findings": recorded.findings})
                )
            except Exception as exc:  # a bug of ours must not drop a file from the batch
                report.results.append(internal_error_report(str(p), getattr(standard, "id", None), exc))
    finally:
        db.close()
    return report


def internal_error_report(source: str, standard: str | None, exc: Exception) -> FileReport:
    """The verdict ``error`` for a file offsetcalc itself failed on (rule ``internal.error``)."""
    from offsetcalc.report.messages import Msg

    msg = Msg("internal.error", kind=type(exc).__name__, detail=exc)
    finding = Finding.catalogued("internal.error", msg, Location(source))
    return FileReport(source, standard, "error", None, [finding])
