"""Factor tables as governed data: validate them, and compare two versions.

:func:`validate_tables` reads factor tables (files or folders; the built-in
tables when none are given) and returns a :class:`ValidationReport` of
findings, each with a stable ``code``, a ``severity`` (``error`` or
``warning``) and the ``file:line`` it is about. A broken table (not YAML, a
duplicate key, a schema fault) is a finding, never an exception, so one run
reports on every table. The CLI turns the report into text, JSON or GitHub
Actions annotations and an exit code; nothing here prints or exits.

What is checked (codes in brackets):

* the table reads and matches the schema [``yaml.*``, ``file.*``, ``schema.*``]; IDs and table
  names have no spaces, line breaks or ``@`` (``@`` picks an edition) [``schema.name``];
  a number is a number (YAML ``true`` is not 1) and ``confirmed`` is ``true`` or ``false``;
* provenance: publisher, document and edition are present and not blank, and the
  table gives a ``url`` or a ``url_note`` saying why there is none [``provenance.missing``];
* factor IDs are unique across all tables loaded together; the uniqueness key is
  (ID, start of validity), because one ID exists in several editions told apart
  by their validity periods [``id.duplicate``]; table names are unique [``table.duplicate``];
* validity periods of one ID do not overlap and do not end before they start
  [``validity.overlap``, ``validity.reversed``];
* a factor has a value or per-gas values [``value.missing``]; every number is finite
  [``value.not-finite``] and not negative [``value.not-positive``]; a derivation input is
  above zero; a value of exactly 0 is a warning [``value.zero``], since some are real (the
  FY2013 list of electricity retailers has suppliers at 0.000000 t-CO2/kWh);
* the unit parses [``unit.invalid``] and is CO2e per activity unit, or for per-gas
  factors a gas mass per activity unit; ``kL / t-CO2`` (inverted), ``t-CO2`` (per
  what?), ``t-CO2 * kL`` and an activity no one measures (``t-CO2 / kWh / kWh``) are
  errors [``unit.dimension``]; a unit none of its category's ranges applies to (grid
  electricity per kL) is a warning [``unit.category``];
* per-gas values (and ``gas`` of a single value in a gas-mass unit): known gases
  [``gases.unknown-gas``], and where a CO2e ``value`` is
  stated too, sum(gas × GWP-100) equals it for at least one IPCC GWP set [``gases.gwp-mismatch``];
* SHK derivation: heat content × carbon factor × 44/12 rounds to ``value``
  [``derivation.mismatch``, ``derivation.unit``];
* plausibility by category, as warnings only [``value.implausible``] (see :data:`PLAUSIBLE`).

Tolerances follow the published rounding: a value written ``2.32`` stands for
anything in [2.315, 2.325], so a recomputed value must lie within half a unit of
the last written digit (plus the rounding of the inputs, for per-gas sums).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from offsetcalc.errors import InputError, InputErrors, Location, OffsetcalcError, UnitError
from offsetcalc.factors.tables import (
    TableInfo,
    TableSpec,
    _factors_of,
    build_set,
    builtin_dir,
    factor_numbers,
    load_table,
    parse_table_text,
    read_table_file,
    table_keys,
    table_paths,
)
from offsetcalc.gwp import GWP_SETS, gwp
from offsetcalc.io.loader import validation_errors
from offsetcalc.io.paths import path_identity, path_kind
from offsetcalc.report.messages import Join, Msg, MsgText, error_hint, error_text, in_lang
from offsetcalc.units import conversion, describe_dimension, parse_unit

ERROR, WARNING = "error", "warning"
REPORT_FORMAT = "offsetcalc.factors-validation/1"
DIFF_FORMAT = "offsetcalc.factors-diff/1"
_C_TO_CO2 = 44.0 / 12.0  # molar mass ratio CO2 / C (SHK: "× 44/12")


@dataclass(frozen=True)
class PlausibleRange:
    """A range a factor of ``category`` is expected in; outside it is a warning, not an error."""

    category: str
    low: float  # exclusive when 0
    high: float
    unit: str
    basis_key: str  # what the range rests on: a message of offsetcalc.report.messages (validate.basis.*)

    @property
    def basis(self) -> str:
        return Msg(self.basis_key).render("en")


# Plausibility bounds. None of these is a published rule: each is a bound chosen by
# offsetcalc to catch slips (a factor in kg where t was meant, a digit lost), and says
# what it rests on. A range applies only when the factor's unit converts to its unit.
PLAUSIBLE: tuple[PlausibleRange, ...] = (
    PlausibleRange(
        "grid-electricity",
        0.0,
        1.5,
        "kg-CO2 / kWh",
        "validate.basis.grid-electricity",
    ),
    PlausibleRange(
        "liquid-fuel",
        1.0,
        4.0,
        "t-CO2 / kL",
        "validate.basis.liquid-fuel-volume",
    ),
    PlausibleRange(
        "liquid-fuel",
        2.0,
        44 / 12,
        "t-CO2 / t",
        "validate.basis.liquid-fuel-mass",
    ),
    PlausibleRange(
        "gaseous-fuel-mass",
        2.0,
        44 / 12,
        "t-CO2 / t",
        "validate.basis.gaseous-fuel-mass",
    ),
    PlausibleRange(
        "gaseous-fuel-volume",
        1.5,
        6.0,
        "t-CO2 / (1000 Nm3)",
        "validate.basis.gaseous-fuel-nm3",
    ),
    PlausibleRange(
        "gaseous-fuel-volume",
        1.5,
        6.0,
        "t-CO2 / (1000 m3)",
        "validate.basis.gaseous-fuel-m3",
    ),
    PlausibleRange(
        "passenger-transport",
        0.0,
        500.0,
        "g-CO2 / (person * km)",
        "validate.basis.passenger-transport",
    ),
    PlausibleRange(
        "freight-transport",
        0.0,
        3000.0,
        "g-CO2 / (t * km)",
        "validate.basis.freight-transport",
    ),
    PlausibleRange(
        "purchased-heat",
        0.0,
        0.3,
        "t-CO2 / GJ",
        "validate.basis.purchased-heat",
    ),
    PlausibleRange(
        "water-supply",
        0.0,
        2000.0,
        "g-CO2 / m3",
        "validate.basis.water-supply",
    ),
    PlausibleRange(
        "sewage",
        0.0,
        2000.0,
        "g-CO2 / m3",
        "validate.basis.sewage",
    ),
    PlausibleRange(
        "waste",
        0.0,
        44 / 12,
        "t-CO2 / t",
        "validate.basis.waste",
    ),
)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Finding:
    """One thing wrong (or suspicious) in a factor table, with where it is."""

    code: str
    severity: str
    message: str  # English; a catalogue message (MsgText) renders in other languages too
    file: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column)

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (offsetcalc.report.messages); English is ``message`` itself."""
        return in_lang(self.message, lang)

    def hint_text(self, lang: str = "en") -> str | None:
        return in_lang(self.hint, lang) if self.hint else None

    def render(self, lang: str = "en") -> str:
        """Compiler form: ``file:line:col: error: message [code]`` and a hint line.

        One finding is one line (and its hint line) whatever a table holds: line
        breaks and other control characters in quoted IDs, units or file names are
        shown escaped (``\\n``), as grep and editors read these lines one by one.
        The prefixes, severity and code stay as they are in every language.
        """
        text = f"{_one_line(str(self.location))}: {self.severity}: {_one_line(self.text(lang))} [{self.code}]"
        hint = self.hint_text(lang)
        return text + (f"\n  hint: {_one_line(hint)}" if hint else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }


def _one_line(text: str) -> str:
    """Control characters (line breaks, tabs, escapes) as Python escapes; other text as is."""
    if all(c.isprintable() for c in text):
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class ValidationReport:
    """Findings over all tables loaded together; ``valid`` is what the exit code follows."""

    findings: list[Finding]
    tables: list[dict[str, Any]]
    factors: int
    strict: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "valid": self.valid,
            "strict": self.strict,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "factors": self.factors,
            "tables": self.tables,
            "findings": [f.to_dict() for f in self.findings],
        }


# --------------------------------------------------------------------------- loading


@dataclass
class _Loaded:
    path: str
    text: str
    table: Any  # TableInfo
    lines: list[str] = field(default_factory=list)


#: What each provenance field holds (catalogue keys of the hint).
_PROVENANCE = {
    "publisher": "validate.provenance.publisher",
    "document": "validate.provenance.document",
    "edition": "validate.provenance.edition",
}


def _finding(code: str, severity: str, message: Any, loc: Location, hint: Any = None) -> Finding:
    """A finding; ``message`` and ``hint`` are catalogue messages (Msg), kept as their English
    text that still renders in Japanese (MsgText), or text quoted as it was written."""

    def text(m: Any) -> Any:
        return MsgText(m) if hasattr(m, "render") and not isinstance(m, str) else m

    return Finding(code, severity, text(message), loc.file, loc.line, loc.column, text(hint))


def _from_error(exc: OffsetcalcError, path: str) -> list[Finding]:
    errs = exc.errors if isinstance(exc, InputErrors) else [exc]
    out = []
    for e in errs:
        loc = e.location or Location(path)
        out.append(_finding(e.code, ERROR, error_text(e), loc, error_hint(e)))
    return out


def _load(path: Path, builtin: bool, findings: list[Finding]) -> _Loaded | None:
    """Read one table; faults become findings. Missing provenance is reported, then
    filled with a blank so the rest of the table is still checked."""
    name = str(path)
    try:
        text, sha256 = read_table_file(path)
        doc = parse_table_text(text, name)
    except OffsetcalcError as exc:
        findings.extend(_from_error(exc, name))
        return None
    if not isinstance(doc.data, dict):
        findings.append(
            _finding(
                "schema.not-mapping",
                ERROR,
                Msg("factors.schema.mapping"),
                doc.location(),
            )
        )
        return None
    data = dict(doc.data)
    for key, what_key in _PROVENANCE.items():
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            where = doc.location((key,), key=True) if key in data else doc.location()
            findings.append(
                _finding(
                    "provenance.missing",
                    ERROR,
                    Msg("validate.provenance.absent" if key not in data else "validate.provenance.blank", key=key),
                    where,
                    hint=Msg("validate.provenance.hint", key=key, what=Msg(what_key)),
                )
            )
            data[key] = ""
    if not _text(data.get("url")) and not _text(data.get("url_note")):
        findings.append(
            _finding(
                "provenance.missing",
                ERROR,
                Msg("validate.url.missing"),
                doc.location(),
                hint=Msg("validate.url.missing.hint"),
            )
        )
    try:
        spec = TableSpec.model_validate(data)
    except ValidationError as exc:
        findings.extend(_from_error(validation_errors(exc, doc, known_keys=table_keys()), name))
        return None
    info = TableInfo(spec=spec, path=name, sha256=sha256, builtin=builtin, doc=doc)
    return _Loaded(path=name, text=text, table=info, lines=text.splitlines())


def _text(v: Any) -> bool:
    return isinstance(v, str) and bool(v.strip())


def _paths(where: Iterable[str | os.PathLike[str]], findings: list[Finding]) -> list[Path]:
    """The table files under ``where``, each once (``a.yaml .`` names a.yaml twice: it is
    one table, not two with duplicate IDs)."""
    out: list[Path] = []
    seen: set[str] = set()
    for w in where:
        p = Path(w)
        kind = path_kind(p)
        if kind == "missing":
            findings.append(_finding("file.missing", ERROR, Msg("factors.missing"), Location(str(w))))
            continue
        if kind.startswith("error: "):
            why = kind.removeprefix("error: ")
            findings.append(_finding("file.unreadable", ERROR, Msg("batch.unreadable", reason=why), Location(str(w))))
            continue
        try:
            found = table_paths(p)
        except OSError as exc:
            why = exc.strerror or str(exc)
            findings.append(
                _finding("file.unreadable", ERROR, Msg("validate.folder-unreadable", why=why), Location(str(w)))
            )
            continue
        if not found:
            findings.append(
                _finding(
                    "file.no-tables",
                    ERROR,
                    Msg("validate.no-tables"),
                    Location(str(w)),
                )
            )
        for p in found:
            key = path_identity(p)
            if key not in seen:
                seen.add(key)
                out.append(p)
    return out


# --------------------------------------------------------------------------- validate


def validate_tables(
    paths: list[str | os.PathLike[str]] | None = None,
    *,
    overlay: list[str | os.PathLike[str]] | None = None,
    strict: bool = False,
) -> ValidationReport:
    """Validate factor tables loaded together.

    ``paths``: files or folders; ``None`` (or empty) means the built-in tables.
    ``overlay``: user tables loaded on top of the built-ins, as ``--factors`` does
    for ``compute``; an overlay factor with the key of a built-in one replaces it
    (not a duplicate), and only the overlay tables are checked table by table.
    ``strict``: warnings become errors.
    """
    findings: list[Finding] = []
    loaded: list[_Loaded] = []
    base: list[_Loaded] = []
    if overlay:
        # Built-ins are the base of an overlay: checked for keys only (their own report is `validate`).
        base = [x for p in table_paths(builtin_dir()) if (x := _load(p, True, [])) is not None]
        loaded = [x for p in _paths(overlay, findings) if (x := _load(p, False, findings)) is not None]
        if paths:
            loaded += [x for p in _paths(paths, findings) if (x := _load(p, False, findings)) is not None]
    else:
        given = list(paths) if paths else None
        files = _paths(given, findings) if given else table_paths(builtin_dir())
        loaded = [x for p in files if (x := _load(p, not given, findings)) is not None]
    count = 0
    for t in loaded:
        for i, spec in enumerate(t.table.spec.factors):
            count += 1
            findings.extend(_check_factor(t, i, spec))
    findings.extend(_check_keys(base, loaded))
    if strict:
        findings = [
            Finding(f.code, ERROR, f.message, f.file, f.line, f.column, f.hint) if f.severity == WARNING else f
            for f in findings
        ]
    findings.sort(key=lambda f: (f.file, f.line or 0, f.column or 0, f.code))
    tables = [
        {"table": t.table.id, "path": t.path, "sha256": t.table.sha256, "factors": len(t.table.spec.factors)}
        for t in loaded
    ]
    return ValidationReport(findings=findings, tables=tables, factors=count, strict=strict)


def _loc(t: _Loaded, *path: str | int) -> Location:
    return t.table.doc.location(("factors", *path))


def _written_half_ulp(t: _Loaded, path: tuple[str | int, ...], value: float) -> float:
    """Half a unit in the last digit of ``value`` as written in the file (2.32 -> 0.005)."""
    loc = t.table.doc.location(path)
    token = None
    if loc.line and loc.column and loc.line <= len(t.lines):
        m = re.match(r"[-+]?(?:\d[\d_]*)?\.?\d*(?:[eE][-+]?\d+)?", t.lines[loc.line - 1][loc.column - 1 :])
        token = m.group(0).replace("_", "") if m else None
    try:
        exponent = Decimal(token).as_tuple().exponent if token else None
    except InvalidOperation:
        exponent = None
    if not isinstance(exponent, int):
        exponent = Decimal(repr(float(value))).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


def _check_factor(t: _Loaded, i: int, f: Any) -> list[Finding]:
    """Every check of one factor that needs only the factor and its table."""
    out: list[Finding] = []
    # --- numbers: present, finite, positive

    if f.value is None and not f.gases:
        out.append(
            _finding(
                "value.missing",
                ERROR,
                Msg("validate.value.missing", id=f.id),
                _loc(t, i),
                hint=Msg("validate.value.missing.hint"),
            )
        )
    bad_number = False
    for path, v in factor_numbers(f):
        name = ".".join(path)
        ingredient = path[0] == "derivation"  # a heat content or carbon factor of 0 is never right
        if not math.isfinite(v):
            out.append(
                _finding(
                    "value.not-finite",
                    ERROR,
                    Msg("factor.not-finite", ref=f.id, name=name, value=v),
                    _loc(t, i, *path),
                )
            )
            bad_number = True
        elif v < 0 or (v == 0 and ingredient):
            out.append(
                _finding(
                    "value.not-positive",
                    ERROR,
                    Msg("validate.value.not-positive", id=f.id, name=name, value=f"{v:g}"),
                    _loc(t, i, *path),
                    hint=Msg("validate.value.not-positive.hint"),
                )
            )
            bad_number = True
        elif v == 0:
            out.append(
                _finding(
                    "value.zero",
                    WARNING,
                    Msg("validate.value.zero", id=f.id, name=name),
                    _loc(t, i, *path),
                    hint=Msg("validate.value.zero.hint"),
                )
            )
    # --- unit, and the gas a single value is a mass of
    unit_ok = _check_unit(t, i, f, out)
    if unit_ok and not f.gases:
        _check_gas_name(t, i, f, out)
    # --- validity
    if f.valid and f.valid.from_ and f.valid.to and f.valid.to < f.valid.from_:
        out.append(
            _finding(
                "validity.reversed",
                ERROR,
                Msg("validate.validity.reversed", id=f.id, start=f.valid.from_, end=f.valid.to),
                _loc(t, i, "valid"),
            )
        )
    if bad_number or not unit_ok:
        return out
    # --- per-gas values against the stated CO2e value
    if f.gases:
        _check_gases(t, i, f, out)
    # --- derivation
    if f.derivation and f.value is not None:
        _check_derivation(t, i, f, out)
    # --- plausibility (of the CO2e value; per-gas factors only where one is stated)
    if f.value is not None:
        _check_plausible(t, i, f, out)
    return out


def _activity_problem(activity_dims: dict[str, int]) -> Any:
    """Why ``activity_dims`` (the 'per what' of a factor) is not an activity (a catalogue Msg), or None."""
    dims = {k: v for k, v in activity_dims.items() if v}
    if not dims:
        return Msg("validate.activity.none")
    if "[co2e]" in dims:
        return Msg("validate.activity.co2e-both")
    if all(v < 0 for v in dims.values()):
        return Msg("validate.activity.multiplies")

    if describe_dimension(dims).startswith("a quantity of dimension"):
        # kWh², kL ** 9, degC: no activity is measured in these; the known ones have words.
        shown = " * ".join(k if v == 1 else f"{k}^{v}" for k, v in sorted(dims.items()))
        return Msg("validate.activity.dimension", dims=shown)
    return None


def _check_unit(t: _Loaded, i: int, f: Any, out: list[Finding]) -> bool:
    try:
        parsed = parse_unit(f.unit)
    except UnitError as exc:
        message = Msg("validate.unit.invalid", id=f.id, detail=error_text(exc))
        out.append(_finding("unit.invalid", ERROR, message, _loc(t, i, "unit"), error_hint(exc)))
        return False
    dims = {str(k): int(v) for k, v in dict(parsed.dimensionality).items() if v}
    co2e = dims.get("[co2e]", 0)
    expect = Msg("validate.unit.expect")
    if co2e == -1:
        out.append(
            _finding(
                "unit.dimension",
                ERROR,
                Msg("validate.unit.inverted", id=f.id, unit=f.unit),
                _loc(t, i, "unit"),
                hint=Msg("validate.unit.write", expect=expect),
            )
        )
        return False
    if co2e == 1:
        if f.gases:
            out.append(
                _finding(
                    "unit.dimension",
                    ERROR,
                    Msg("validate.unit.gases-co2e", id=f.id, unit=f.unit),
                    _loc(t, i, "unit"),
                    hint=Msg("validate.unit.gases-co2e.hint"),
                )
            )
            return False
        activity = {k: -v for k, v in dims.items() if k != "[co2e]"}
        why = _activity_problem(activity)
        if why:
            out.append(
                _finding(
                    "unit.dimension",
                    ERROR,
                    Msg("validate.unit.not-expected.why", id=f.id, unit=f.unit, expect=expect, why=why),
                    _loc(t, i, "unit"),
                )
            )
            return False
        return True
    if co2e != 0:
        message = Msg("validate.unit.not-expected", id=f.id, unit=f.unit, expect=expect)
        out.append(_finding("unit.dimension", ERROR, message, _loc(t, i, "unit")))
        return False
    # No CO2e: a gas mass per activity unit (per-gas values, or one gas named by 'gas').
    # 'kg / t' (gas per tonne of fuel) is dimensionless as a whole and still valid: the
    # activity dimension below is what must make sense.
    activity = {k: -v for k, v in dims.items()}
    activity["[mass]"] = activity.get("[mass]", 0) + 1
    why = _activity_problem(activity)
    if why:
        out.append(
            _finding(
                "unit.dimension",
                ERROR,
                Msg("validate.unit.not-gas-mass", id=f.id, unit=f.unit, why=why),
                _loc(t, i, "unit"),
            )
        )
        return False
    return True


def _check_gas_name(t: _Loaded, i: int, f: Any, out: list[Finding]) -> None:
    """A single value in a gas-mass unit (``t / kL`` with ``gas: CH4``) is weighted by the
    GWP of ``gas`` when used, so the gas must be known; with a CO2e unit it is a label."""
    for s in GWP_SETS:
        try:
            gwp(f.gas, s)
            return
        except InputError:
            continue
    out.append(
        _finding(
            "gases.unknown-gas",
            ERROR,
            Msg("validate.gas.unknown", id=f.id, gas=f.gas, sets=Join(GWP_SETS)),
            _loc(t, i, "gas") if "gas" in f.model_fields_set else _loc(t, i),
            hint=Msg("validate.gas.unknown.hint"),
        )
    )


def _check_gases(t: _Loaded, i: int, f: Any, out: list[Finding]) -> None:
    sums: dict[str, float] = {}
    slack: dict[str, float] = {}
    known_anywhere: dict[str, bool] = dict.fromkeys(f.gases, False)
    for s in GWP_SETS:
        total, tol, ok = 0.0, 0.0, True
        for gas, v in f.gases.items():
            try:
                g = gwp(gas, s)
            except InputError:
                ok = False
                continue
            known_anywhere[gas] = True
            total += v * g
            tol += _written_half_ulp(t, ("factors", i, "gases", gas), v) * g
        if ok:
            sums[s], slack[s] = total, tol
    unknown = [g for g, k in known_anywhere.items() if not k]
    for gas in unknown:
        out.append(
            _finding(
                "gases.unknown-gas",
                ERROR,
                Msg("validate.gas.unknown", id=f.id, gas=gas, sets=Join(GWP_SETS)),
                t.table.doc.location(("factors", i, "gases", gas), key=True),
                hint=Msg("validate.gas.unknown.hint"),
            )
        )
    if unknown or f.value is None or not sums:
        return
    half = _written_half_ulp(t, ("factors", i, "value"), f.value)
    matches = [s for s, v in sums.items() if abs(v - f.value) <= (half + slack[s]) * (1 + 1e-9)]
    if not matches:
        shown = Join(f"{s} {v:.6g}" for s, v in sums.items())
        out.append(
            _finding(
                "gases.gwp-mismatch",
                ERROR,
                Msg("validate.gwp-mismatch", id=f.id, sums=shown, value=f"{f.value:g}"),
                _loc(t, i, "value"),
                hint=Msg("validate.gwp-mismatch.hint"),
            )
        )


def _check_derivation(t: _Loaded, i: int, f: Any, out: list[Finding]) -> None:
    d = f.derivation
    heat, carbon = d.heat_content, d.carbon_factor
    try:
        parse_unit(heat.unit)
        parse_unit(carbon.unit)
        # (energy per activity) × (carbon per energy) × (CO2 per carbon) -> the factor's unit.
        scale = conversion(f"({heat.unit}) * ({carbon.unit}) * t_CO2e / t_C", f.unit)
    except UnitError as exc:
        detail = error_text(exc)
        out.append(
            _finding(
                "derivation.unit",
                ERROR,
                Msg("validate.derivation.unit", id=f.id, unit=f.unit, detail=detail),
                t.table.doc.location(("factors", i, "derivation"), key=True),
                hint=Msg("validate.derivation.unit.hint"),
            )
        )
        return
    derived = heat.value * carbon.value * _C_TO_CO2 * scale
    half = _written_half_ulp(t, ("factors", i, "value"), f.value)
    if abs(derived - f.value) > half * (1 + 1e-9):
        out.append(
            _finding(
                "derivation.mismatch",
                ERROR,
                Msg(
                    "validate.derivation.mismatch",
                    id=f.id,
                    heat=f"{heat.value:g} {heat.unit}",
                    carbon=f"{carbon.value:g} {carbon.unit}",
                    derived=f"{derived:.6g}",
                    unit=f.unit,
                    value=f"{f.value:g}",
                    half=f"{half:g}",
                ),
                _loc(t, i, "value"),
                hint=Msg("validate.derivation.mismatch.hint"),
            )
        )


def _check_plausible(t: _Loaded, i: int, f: Any, out: list[Finding]) -> None:
    unit = f.unit if not f.gases else f"({f.unit}) * g_CO2e / g"
    ranges = [r for r in PLAUSIBLE if r.category == f.category]
    for r in ranges:
        try:
            v = f.value * conversion(unit, r.unit)
        except UnitError:
            continue  # this range is for another kind of unit (per kL vs per t)
        if not (r.low < v <= r.high) and not (v == 0 and r.low == 0):  # a zero is 'value.zero' already
            out.append(
                _finding(
                    "value.implausible",
                    WARNING,
                    Msg(
                        "validate.implausible",
                        id=f.id,
                        value=f"{f.value:g}",
                        unit=f.unit,
                        converted=f"{v:.4g}",
                        range_unit=r.unit,
                        low=f"{r.low:g}",
                        high=f"{r.high:.4g}",
                        category=r.category,
                    ),
                    _loc(t, i, "value"),
                    hint=Msg("validate.implausible.hint", basis=Msg(r.basis_key)),
                )
            )
        return
    if ranges and (f.gases or parse_unit(f.unit).dimensionality.get("[co2e]")):
        # The category is known, but the unit is none of its units: grid electricity per kL.
        expected = Join(dict.fromkeys(r.unit for r in ranges), "sep.or")
        out.append(
            _finding(
                "unit.category",
                WARNING,
                Msg("validate.unit.category", id=f.id, unit=f.unit, category=f.category, expected=expected),
                _loc(t, i, "unit"),
                hint=Msg("validate.unit.category.hint"),
            )
        )


def _span(start: date | None, end: date | None) -> Any:
    return Msg("factors.span", start=start or "…", end=end or "…")


def _check_keys(base: list[_Loaded], loaded: list[_Loaded]) -> list[Finding]:
    """Table names and (ID, valid_from) keys unique; no overlapping validity of one ID."""
    out: list[Finding] = []
    seen_tables: dict[str, _Loaded] = {t.table.id: t for t in base}
    builtin_keys = {f.key: f for t in base for f in _factors_of(t.table)}
    for t in loaded:
        first = seen_tables.get(t.table.id)
        if first is not None and not first.table.builtin:
            out.append(
                _finding(
                    "table.duplicate",
                    ERROR,
                    Msg("validate.table.duplicate", table=t.table.id, path=first.path),
                    t.table.doc.location(("table",)),
                    hint=Msg("validate.table.duplicate.hint"),
                )
            )
        seen_tables[t.table.id] = t
    effective: dict[tuple[str, date | None], Any] = dict(builtin_keys)
    own: dict[tuple[str, date | None], Any] = {}
    for t in loaded:
        for f in _factors_of(t.table):
            prior = own.get(f.key)
            if prior is not None:
                out.append(
                    _finding(
                        "id.duplicate",
                        ERROR,
                        Msg(
                            "validate.id.duplicate",
                            id=f.id,
                            start=f.valid_from or Msg("validate.id.no-start"),
                            first=prior.location,
                        ),
                        f.location,
                        hint=Msg("validate.id.duplicate.hint"),
                    )
                )
                continue
            own[f.key] = f
            effective[f.key] = f  # an overlay factor replaces the built-in with the same key
    by_id: dict[str, list[Any]] = {}
    for f in effective.values():
        if not (f.valid_from and f.valid_to and f.valid_to < f.valid_from):  # reversed: reported on its own
            by_id.setdefault(f.id, []).append(f)
    lo, hi = date.min, date.max
    for fs in by_id.values():
        fs.sort(key=lambda f: (f.valid_from or lo, f.table.path, f.index))
        for a_i, a in enumerate(fs):
            for b in fs[a_i + 1 :]:
                if (a.valid_from or lo) <= (b.valid_to or hi) and (b.valid_from or lo) <= (a.valid_to or hi):
                    if b.table.builtin and a.table.builtin and base:
                        continue  # the built-ins' own report is `factors validate` without --factors
                    # Point at the later edition, or at the user's table when it clashes with a built-in.
                    later, other = (a, b) if b.table.builtin and not a.table.builtin else (b, a)
                    out.append(
                        _finding(
                            "validity.overlap",
                            ERROR,
                            Msg(
                                "validate.validity.overlap",
                                id=later.id,
                                span=_span(later.valid_from, later.valid_to),
                                other_span=_span(other.valid_from, other.valid_to),
                                other=other.location,
                            ),
                            _valid_loc(later),
                            hint=Msg("validate.validity.overlap.hint"),
                        )
                    )
    return out


def _valid_loc(f: Any) -> Location:
    doc = f.table.doc
    if f.spec.valid is not None:
        return doc.location(("factors", f.index, "valid"))
    if f.table.spec.valid is not None:
        return doc.location(("valid",))
    return f.location


# --------------------------------------------------------------------------- diff


@dataclass
class DiffReport:
    """What changed between two sets of factor tables, factor by factor (key: ID, valid_from)."""

    old: list[str]
    new: list[str]
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[dict[str, Any]]

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": DIFF_FORMAT,
            "old": self.old,
            "new": self.new,
            "identical": self.identical,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
        }


# Fields compared, in the order a reviewer reads them.
_DIFF_FIELDS = ("value", "unit", "gas", "gases", "derivation", "valid_to", "confirmed", "name", "name_ja", "category")


def factor_dict(f: Any) -> dict[str, Any]:
    """Every field of a loaded factor, as plain data (for show, diff and JSON)."""
    spec = f.spec
    return {
        "id": f.id,
        "name": f.name,
        "name_ja": f.name_ja,
        "category": f.category,
        "value": f.value,
        "unit": f.unit,
        "gas": f.gas,
        "gases": f.gases,
        "derivation": spec.derivation.model_dump() if spec.derivation else None,
        "valid_from": f.valid_from.isoformat() if f.valid_from else None,
        "valid_to": f.valid_to.isoformat() if f.valid_to else None,
        "confirmed": f.confirmed,
        "edition": f.edition,
        "source": f.source,
        "note": spec.note,
        "table": f.table.id,
        "table_title": f.table.spec.title,
        "file": f.table.path,
        "line": f.location.line,
        "sha256": f.table.sha256,
    }


def _load_set(where: list[str | os.PathLike[str]]) -> Any:
    problems: list[Finding] = []
    paths = _paths(where, problems)
    # A missing path, or an empty folder (which would show every factor as removed), makes a diff meaningless.
    if problems:
        first = problems[0]
        raise InputError(first.message, location=first.location, code=first.code)
    return build_set([load_table(p) for p in paths])


def _pct(old: Any, new: Any) -> float | None:
    """Percent change of new over old, with the old value converted to the new unit."""
    if old.value is None or new.value is None or old.gases or new.gases or old.value == 0:
        return None
    try:
        old_in_new = old.value * conversion(old.unit, new.unit)
    except UnitError:
        return None
    return (new.value - old_in_new) / old_in_new * 100.0


def diff_tables(
    old: str | os.PathLike[str] | list[str | os.PathLike[str]],
    new: str | os.PathLike[str] | list[str | os.PathLike[str]],
) -> DiffReport:
    """Compare two sets of tables (files or folders). Factors are matched by their
    uniqueness key (ID, start of validity): moving a start date shows as removed + added.

    Raises :class:`InputError` when a table cannot be read (validate it first).
    """
    olds = [old] if isinstance(old, (str, os.PathLike)) else list(old)
    news = [new] if isinstance(new, (str, os.PathLike)) else list(new)
    a = {f.key: f for f in _load_set(olds).all()}
    b = {f.key: f for f in _load_set(news).all()}

    def order(k: tuple[str, date | None]) -> tuple[str, date]:
        return (k[0], k[1] or date.min)

    added = [factor_dict(b[k]) for k in sorted(b.keys() - a.keys(), key=order)]
    removed = [factor_dict(a[k]) for k in sorted(a.keys() - b.keys(), key=order)]
    changed = []
    for k in sorted(a.keys() & b.keys(), key=order):
        da, db = factor_dict(a[k]), factor_dict(b[k])
        fields = [
            {"field": name, "old": da[name], "new": db[name]}
            for name in (*_DIFF_FIELDS, "source")
            if da[name] != db[name]
        ]
        if fields:
            changed.append(
                {
                    "id": k[0],
                    "valid_from": k[1].isoformat() if k[1] else None,
                    "old_table": da["table"],
                    "new_table": db["table"],
                    "old_value": da["value"],
                    "new_value": db["value"],
                    "old_unit": da["unit"],
                    "new_unit": db["unit"],
                    "change_percent": _pct(a[k], b[k]),
                    "fields": fields,
                }
            )
    return DiffReport(
        old=[str(p) for p in olds], new=[str(p) for p in news], added=added, removed=removed, changed=changed
    )
