"""Standard profiles: which rules a certification standard applies, as data.

A profile is a YAML file (``offsetcalc-profile: 1``) that names the standard,
the kinds of submission it certifies, the credit types it accepts, the
emission sources a boundary must include, and the rules it enforces with their
severity. Every rule, credit type and boundary source points at an entry of
``sources:`` (publisher, document, edition, year, URL), and says whether the
fact was confirmed in that source (``confirmed: false`` otherwise — findings
then say so).

The built-in profiles ship in ``offsetcalc/profiles/``; a user's own profile
file has the same schema and is validated with file:line:col errors.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import stat
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from offsetcalc.errors import InputError, InputErrors, OffsetcalcError
from offsetcalc.io.loader import Document, load_yaml_file, validation_errors
from offsetcalc.io.paths import inside
from offsetcalc.report.messages import Join, Msg, did_you_mean

PROFILE_FORMAT = 1
Severity = Literal["error", "warning", "info"]
KINDS = ("event", "product", "organization", "city")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    """A document a rule rests on."""

    publisher: str
    document: str
    document_ja: str | None = None
    edition: str | None = None
    year: int | None = None
    url: str | None = None
    note: str | None = None
    # True: no external document; the rule is offsetcalc's own policy, and findings say so plainly.
    policy: bool = False

    def short(self) -> str:
        text = self.document
        if self.edition:
            text += f", {self.edition}"
        if self.year:
            text += f" ({self.year})"
        return text


class RuleSpec(_Strict):
    """One rule as a profile applies it."""

    severity: Severity
    source: str
    confirmed: bool
    note: str | None = None
    months: int | None = Field(default=None, ge=1, le=120)  # credits.retired-within-12-months
    max_age_years: int | None = Field(default=None, ge=0, le=100)  # credits.vintage


class EligibleType(_Strict):
    """A credit type a standard accepts."""

    type: str
    source: str
    confirmed: bool
    usable_until: dt.date | None = None  # last day a credit of this type may be retired for this standard
    note: str | None = None


class ExcludedProject(_Strict):
    """Project types whose credits a standard refuses, found by keywords in the credit's ``project``."""

    name: str
    types: list[str] = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    source: str
    confirmed: bool


class BoundarySource(_Strict):
    """An emission source a submission of some kind must include (or exclude with a reason)."""

    id: str = Field(min_length=1)
    name: str
    name_ja: str | None = None
    categories: list[str] = Field(default_factory=list)  # matched against activity category / stage
    scopes: list[Literal[1, 2, 3]] = Field(default_factory=list)  # matched against activity scope
    severity: Severity
    source: str
    confirmed: bool
    note: str | None = None


class DefaultGwp(_Strict):
    """The GWP set a standard used, for submissions whose period starts between ``from`` and ``until``."""

    set: Literal["AR2", "AR4", "AR5", "AR6"]
    source: str
    confirmed: bool
    note: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)


class Scope2Method(_Strict):
    """Which scope 2 figure an organisation's total and offset ratio use under this standard."""

    method: Literal["location", "market"]
    source: str
    confirmed: bool
    note: str | None = None


class ProfileSpec(_Strict):
    offsetcalc_profile: int = Field(alias="offsetcalc-profile")
    id: str = Field(min_length=1)
    title: str
    title_ja: str | None = None
    kinds: list[Literal["event", "product", "organization", "city"]] = Field(min_length=1)
    plan_registration: bool = False
    # False for an inventory standard (GPC): a submission without credits is complete, and the
    # "no credits, no pass" rule must not fail it. Offset standards keep the default.
    credits_required: bool = True
    # One set, or one per period (the set the scheme used at the time: Japan moved from AR2 to AR4).
    default_gwp: DefaultGwp | list[DefaultGwp] | None = None
    # The scope 2 method for the offset ratio (offsetcalc.engine.scope2); a file's
    # ``scope2_method:`` or ``--scope2-method`` overrides it, and check says so.
    scope2_method: Scope2Method | None = None
    sources: dict[str, SourceSpec] = Field(min_length=1)
    rules: dict[str, RuleSpec] = Field(default_factory=dict)
    eligible_types: list[EligibleType] = Field(default_factory=list)
    excluded_projects: list[ExcludedProject] = Field(default_factory=list)
    boundary: dict[Literal["event", "product", "organization"], list[BoundarySource]] = Field(default_factory=dict)
    note: str | None = None


class Profile:
    """A loaded, validated profile: the spec, where it came from, and lookups."""

    def __init__(self, spec: ProfileSpec, path: str, doc: Document, builtin: bool) -> None:
        self.spec = spec
        self.path = path
        self.doc = doc
        self.builtin = builtin
        from offsetcalc.credits import credit_type
        from offsetcalc.rules.catalogue import CORE_RULES, CORE_SOURCES

        self.sources: dict[str, SourceSpec] = {
            **{k: SourceSpec.model_validate(v) for k, v in CORE_SOURCES.items()},
            **spec.sources,
        }
        self.rules: dict[str, RuleSpec] = {
            **{k: RuleSpec.model_validate(v) for k, v in CORE_RULES.items()},
            **spec.rules,
        }
        self.eligible: dict[str, EligibleType] = {credit_type(e.type).code: e for e in spec.eligible_types}

    @property
    def id(self) -> str:
        return self.spec.id

    def default_gwp(self, period_start: dt.date | None = None) -> DefaultGwp | None:
        """The standard's GWP set for a submission whose period starts on ``period_start``.

        Without a period (or outside every listed period) the latest set applies.
        """
        d = self.spec.default_gwp
        if d is None or isinstance(d, DefaultGwp):
            return d
        if period_start is not None:
            for entry in d:
                if entry.covers(period_start):
                    return entry
        return max(d, key=lambda e: e.from_ or dt.date.min)

    def weakened_core_rules(self) -> list[str]:
        """Core rules this profile lists at a lower severity than offsetcalc gives them (sorted)."""
        from offsetcalc.rules.catalogue import CORE_RULES

        rank = {"info": 0, "warning": 1, "error": 2}
        weak = {
            rid
            for rid, core in CORE_RULES.items()
            if rid in self.spec.rules and rank[self.spec.rules[rid].severity] < rank[str(core["severity"])]
        }
        if not self.spec.credits_required:  # an inventory standard's switch: no credits and no emissions pass
            weak |= {"credits.none", "emissions.none"}
        return sorted(weak)

    def rule(self, rule_id: str) -> RuleSpec | None:
        """The rule as this profile applies it (core rules included), or None when off."""
        return self.rules.get(rule_id)

    def cite(self, source: str, confirmed: bool, note: str | None = None) -> str:
        """'[jp-co: <document>, <edition> (<year>) <url>]' plus an unconfirmed mark."""
        src = self.sources[source]
        if src.policy:
            return f"[offsetcalc's own policy: {src.document}]"
        text = f"[source: {src.short()}" + (f", {src.url}" if src.url else "") + "]"
        if not confirmed:
            text += " (unconfirmed" + (f": {note}" if note else ": not yet seen in the source") + ")"
        return text


def builtin_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "profiles"


def builtin_profiles() -> dict[str, Path]:
    """Built-in profile IDs and their files."""
    return dict(_builtin_profiles())


@functools.lru_cache(maxsize=1)
def _builtin_profiles() -> dict[str, Path]:
    # The package's own folder does not change while it runs; a batch asks once per file
    # (each file names its standard), and listing the folder each time cost ~1 ms a file.
    return {p.stem: p for p in sorted(builtin_dir().glob("*.yaml"))}


def looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or os.sep in name or "/" in name


def load_profile(name: str | os.PathLike[str], *, base: str | os.PathLike[str] | None = None) -> Profile:
    """A built-in profile by ID (``jp-co``) or a profile file by path.

    ``base`` is the folder a relative path is read from (the activity file's
    folder when the file names its own profile). Raises InputError for an
    unknown ID (listing the valid ones) or an invalid file (file:line:col).
    """
    text = str(name)
    known = builtin_profiles()
    if text in known:
        return _load(str(known[text]), builtin=True)
    if looks_like_path(text):
        p = Path(text) if base is None else _inside_submission_folder(text, Path(base))
        return _load(str(p), builtin=_is_builtin_file(p, known))
    raise InputError(
        Msg("standard.unknown", name=text, known=Join(known)),
        hint=did_you_mean(text, list(known)) or Msg("standard.unknown.hint"),
        code="standard.unknown",
    )


def _inside_submission_folder(text: str, base: Path) -> Path:
    """The profile a submission names (``standard: rules.yaml``): a regular file in its folder or below.

    A submission is untrusted: ``standard: /dev/zero`` would be read for ever, and
    ``/etc/passwd`` or ``../x.yaml`` lie outside the folder offsetcalc promises to stay in
    (README, Untrusted submissions). A certifier names any profile file with ``--standard``.
    """
    if not inside(text, base):
        raise InputError(Msg("profile.outside", path=text), hint=Msg("profile.outside.hint"), code="profile.outside")
    path = base / text
    try:
        mode = os.stat(path).st_mode  # of the file a link leads to, which is inside
    except OSError:
        return path  # _load reports the missing or unreadable file
    if not stat.S_ISREG(mode):
        raise InputError(Msg("profile.not-file", path=text), code="profile.not-file")
    return path


def _is_builtin_file(path: Path, known: dict[str, Path]) -> bool:
    """True when ``path`` is a built-in profile's file, or a byte-identical copy of one."""
    try:
        data = path.read_bytes()
    except OSError:
        return False  # _load reports the unreadable file
    return any(path.resolve() == b.resolve() or data == b.read_bytes() for b in known.values())


@functools.lru_cache(maxsize=64)
def _load(path: str, *, builtin: bool) -> Profile:
    from pydantic import ValidationError

    doc = load_yaml_file(path, what="standard profile")
    if not isinstance(doc.data, dict) or "offsetcalc-profile" not in doc.data:
        raise InputError(
            Msg("profile.not-profile"),
            location=doc.location(),
            code="profile.not-profile",
        )
    if doc.data.get("offsetcalc-profile") != PROFILE_FORMAT:
        raise InputError(
            Msg("profile.version", version=repr(doc.data.get("offsetcalc-profile"))),
            location=doc.location(("offsetcalc-profile",)),
            code="profile.version",
        )
    try:
        spec = ProfileSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_errors(exc, doc, known_keys=_known_keys()) from None
    _check_references(spec, doc)
    # A report names the profile by its ID: a file posing as 'jp-co' with other rules would make a
    # report say 'jp-co' over verdicts jp-co never gave; 'JP-CO', 'jp_co', 'ｊｐ－ｃｏ' read as 'jp-co' too
    # in every report's standard column (redteam5), and so do 'jр-co' with a Cyrillic р and 'is0-14068'
    # (redteam7, _id_key).
    hidden = next((ch for ch in spec.id if _invisible(ch)), None)
    if hidden is not None:
        # A right-to-left override shows 'U+202E oc-pj' as 'jp-co' in a spreadsheet's standard column; a line
        # break or a control character makes the id another text than a reader sees (redteam7).
        import unicodedata

        raise InputError(
            Msg(
                "profile.id-invisible",
                id=spec.id,
                code=f"U+{ord(hidden):04X}",
                name=unicodedata.name(hidden, "a control character"),
            ),
            location=doc.location(("id",)),
            hint=Msg("profile.id-invisible.hint"),
            code="profile.builtin-id",
        )
    builtins = {} if builtin else builtin_profiles()
    twin = spec.id if spec.id in builtins else next((k for k in builtins if _id_key(k) == _id_key(spec.id)), None)
    if twin is not None:
        raise InputError(
            Msg("profile.builtin-id", id=spec.id)
            if twin == spec.id
            else Msg("profile.builtin-id.lookalike", id=spec.id, builtin=twin),
            location=doc.location(("id",)),
            hint=Msg("profile.builtin-id.hint", id=twin),
            code="profile.builtin-id",
        )
    return Profile(spec, path, doc, builtin)


# Letters of other scripts that look like Latin ones, as a reader sees them in a report's standard
# column ('jр-co' with a Cyrillic р, 'іѕо-14068', 'nz-cαrbonzero'): a small table of Cyrillic, Greek,
# Armenian and Latin-extended look-alikes, drawn from Unicode's confusables (UTS #39) for the letters that
# matter here. A table, not a dependency: six built-in ids are compared, and the libraries that carry all
# of confusables.txt (confusable-homoglyphs, confusables) bring ~1 MB of data for it (redteam7).
_CONFUSABLES = str.maketrans(
    {
        **dict(zip("аԁеёһіїјӏкмоԛрѕԝхуүсԍ", "adeehiijlkmoqpswxyycg", strict=True)),  # Cyrillic lower
        **dict(zip("АВЕЁНІЇЈКМОРЅТХУҮСԚԜӀ", "ABEEHIIJKMOPSTXYYCQWl", strict=True)),  # Cyrillic upper
        **dict(zip("αβεηικνορτυχγωϲϳ", "abeniknoptuxywcj", strict=True)),  # Greek lower
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek upper
        **dict(zip("օսցհոզ", "oughnq", strict=True)),  # Armenian
        **dict(zip("ıȷɑɡɩᴄᴏꞮ", "ijagicoI", strict=True)),  # Latin extended
    }
)
# Within ASCII after case folding: zero reads as o, one and i as l ('is0-14068', 'lso-14068').
_ASCII_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "i": "l"})


def _invisible(ch: str) -> bool:
    """A control, format (bidi overrides, zero-width) or line/paragraph separator character."""
    import unicodedata

    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def _id_key(ident: str) -> str:
    """A profile ID as a reader takes it in: NFKC, accents dropped, other scripts' look-alike letters as
    Latin ones, case folded, letters and digits only, 0/o and 1/i/l as one ('ISO 14068', 'jр-co' with a
    Cyrillic р and 'is0-14068' read as the built-in ids)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ident))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_CONFUSABLES)
    return re.sub(r"[\W_]+", "", text.casefold()).translate(_ASCII_LOOKALIKES)


def _known_keys() -> dict[str, list[str]]:
    return {
        "": [f.alias or n for n, f in ProfileSpec.model_fields.items()],
        "sources.*": list(SourceSpec.model_fields),
        "rules.*": list(RuleSpec.model_fields),
        "eligible_types.*": list(EligibleType.model_fields),
        "excluded_projects.*": list(ExcludedProject.model_fields),
        "boundary.*.*": list(BoundarySource.model_fields),
        "default_gwp": [f.alias or n for n, f in DefaultGwp.model_fields.items()],
        "default_gwp.*": [f.alias or n for n, f in DefaultGwp.model_fields.items()],
        "scope2_method": list(Scope2Method.model_fields),
    }


def _check_references(spec: ProfileSpec, doc: Document) -> None:
    """Rule IDs that exist, sources that are defined, credit types that are known."""
    from offsetcalc.credits import credit_type
    from offsetcalc.rules.catalogue import CORE_SOURCES, RULES

    errors: list[OffsetcalcError] = []
    sources = [*spec.sources, *CORE_SOURCES]

    def need_source(ref: str, path: tuple[Any, ...]) -> None:
        if ref not in sources:
            errors.append(
                InputError(
                    Msg("profile.source", ref=ref),
                    location=doc.location(path),
                    hint=did_you_mean(ref, sources) or Msg("profile.source.hint", sources=", ".join(sources)),
                    code="profile.source",
                )
            )

    for rid, rule in spec.rules.items():
        if rid not in RULES:
            errors.append(
                InputError(
                    Msg("profile.rule", id=rid),
                    location=doc.location(("rules", rid), key=True),
                    hint=did_you_mean(rid, list(RULES)) or Msg("profile.rule.hint"),
                    code="profile.rule",
                )
            )
        need_source(rule.source, ("rules", rid, "source"))
    for i, e in enumerate(spec.eligible_types):
        try:
            credit_type(e.type)
        except OffsetcalcError as exc:
            errors.append(exc.at(doc.location(("eligible_types", i, "type"))))
        need_source(e.source, ("eligible_types", i, "source"))
    for i, x in enumerate(spec.excluded_projects):
        for j, t in enumerate(x.types):
            try:
                credit_type(t)
            except OffsetcalcError as exc:
                errors.append(exc.at(doc.location(("excluded_projects", i, "types", j))))
        need_source(x.source, ("excluded_projects", i, "source"))
    for kind, entries in spec.boundary.items():
        seen: set[str] = set()
        for i, b in enumerate(entries):
            need_source(b.source, ("boundary", kind, i, "source"))
            if b.id in seen:
                errors.append(
                    InputError(
                        Msg("profile.boundary.twice", id=b.id, kind=kind),
                        location=doc.location(("boundary", kind, i, "id")),
                        code="profile.boundary",
                    )
                )
            seen.add(b.id)
            if not b.categories and not b.scopes:
                errors.append(
                    InputError(
                        Msg("profile.boundary.empty", id=b.id),
                        location=doc.location(("boundary", kind, i)),
                        code="profile.boundary",
                    )
                )
    if isinstance(spec.default_gwp, DefaultGwp):
        need_source(spec.default_gwp.source, ("default_gwp", "source"))
    for i, d in enumerate(spec.default_gwp if isinstance(spec.default_gwp, list) else []):
        need_source(d.source, ("default_gwp", i, "source"))
    if spec.scope2_method is not None:
        need_source(spec.scope2_method.source, ("scope2_method", "source"))
    if errors:
        errors.sort(key=lambda e: (e.location.line or 0, e.location.column or 0) if e.location else (0, 0))
        raise InputErrors(errors)
