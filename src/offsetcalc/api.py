"""The library API behind the CLI: read an activity file, compute it.

Each function takes paths or models and returns result objects; none prints or
exits. The CLI (offsetcalc.cli) is a thin layer over these.
"""

from __future__ import annotations

import os
from typing import Any

from offsetcalc.engine.compute import Result, compute_document
from offsetcalc.errors import InputError
from offsetcalc.io.loader import Document, load_yaml_file, validation_errors
from offsetcalc.report.messages import Msg


def load_activity_file(path: str | os.PathLike[str]) -> tuple[Any, Document]:
    """Read and validate an activity file: (ActivityFile model, Document with marks)."""
    from pydantic import ValidationError

    from offsetcalc.models import ActivityFile, CityFile, allowed_keys, is_city

    doc = load_yaml_file(path, what="activity file")
    if not isinstance(doc.data, dict):
        raise InputError(
            Msg("schema.not-mapping"),
            location=doc.location(),
            code="schema.not-mapping",
        )
    if "offsetcalc" not in doc.data:
        raise InputError(
            Msg("schema.version"),
            location=doc.location(),
            code="schema.version",
            hint=Msg("schema.version.hint"),
        )
    city = is_city(doc.data)
    try:
        model = (CityFile if city else ActivityFile).model_validate(doc.data)
    except ValidationError as exc:
        raise validation_errors(exc, doc, known_keys=allowed_keys(city)) from None
    _check_kind(model, doc)
    return model, doc


def _check_kind(model: Any, doc: Document) -> None:
    """Rules that tie keys to the kind of offset (reported at the offending key)."""
    from offsetcalc.errors import InputErrors

    if model.kind == "city":
        from offsetcalc.engine.city import check_city_file

        check_city_file(model, doc)
        return
    errors = []
    if model.kind == "product" and model.product is None:
        errors.append(
            InputError(
                Msg("schema.product-missing"),
                location=doc.location(("kind",)),
                code="schema.product-missing",
                hint=Msg("schema.product-missing.hint"),
            )
        )
    if model.kind != "product":
        if model.product is not None:
            errors.append(
                InputError(
                    Msg("schema.product-unexpected"),
                    location=doc.location(("product",)),
                    code="schema.product-unexpected",
                )
            )
        for i, a in enumerate(model.activities):
            if a.per:
                errors.append(
                    InputError(
                        Msg("schema.per-unit"),
                        location=doc.location(("activities", i, "per")),
                        code="schema.per-unit",
                    )
                )
    if errors:
        raise InputErrors(errors)


def resolve_gwp(model: Any, override: str | None = None, *, base: str | None = None) -> str:
    """The GWP set: command line, else the file, else the standard's default, else AR5.

    ``base`` is the folder a profile path in ``standard:`` is relative to (the file's).
    """
    from offsetcalc.gwp import DEFAULT_GWP, check_set
    from offsetcalc.rules import default_gwp

    if override:
        return check_set(override)
    if model.gwp:
        return model.gwp
    start = model.period.start if model.period else None
    return (default_gwp(model.standard, base=base, period_start=start) if model.standard else None) or DEFAULT_GWP


SCOPE2_METHODS = ("location", "market")


def resolve_scope2_method(
    model: Any, override: str | None = None, *, base: str | None = None, profile: Any = None
) -> tuple[str, str]:
    """The scope 2 method for an organisation's total and ratio, and what chose it.

    Command line (``override``), else the file's ``scope2_method:``, else the standard's
    (``profile``, or the file's ``standard:`` loaded from ``base``), else market-based
    (offsetcalc's own default, see :mod:`offsetcalc.engine.scope2`). What chose it is one of
    ``command-line``, ``file``, ``standard:<id>``, ``offsetcalc-default``.
    """
    from offsetcalc.engine.scope2 import DEFAULT_METHOD

    if override:
        if override not in SCOPE2_METHODS:
            raise InputError(
                Msg("scope2.method", method=override),
                hint=Msg("scope2.method.hint"),
                code="scope2.method",
            )
        return override, "command-line"
    if model.scope2_method:
        return model.scope2_method, "file"
    if getattr(model, "kind", None) != "organization":
        # Only organisations report scope 2 (engine.scope2.apply); an event or a product
        # does not load its standard's profile (tens of ms at start-up) for a choice it never uses.
        return DEFAULT_METHOD, "offsetcalc-default"
    if profile is None and model.standard:
        from offsetcalc.errors import OffsetcalcError
        from offsetcalc.rules.profile import load_profile

        try:
            profile = load_profile(model.standard, base=base)
        except OffsetcalcError:  # an unknown standard is check's to report, not compute's
            profile = None
    chosen = profile.spec.scope2_method if profile is not None else None
    if chosen is not None:
        return chosen.method, f"standard:{profile.id}"
    return DEFAULT_METHOD, "offsetcalc-default"


def compute(
    path: str | os.PathLike[str],
    *,
    factors: Any = None,
    factor_dirs: list[str | os.PathLike[str]] | None = None,
    gwp: str | None = None,
    rows_out: str | os.PathLike[str] | None = None,
    scope2_method: str | None = None,
) -> Result:
    """Compute one activity file: emissions, credits and offset ratio.

    ``factors`` is a loaded :class:`~offsetcalc.factors.tables.FactorSet` (reuse it across
    many files); otherwise the built-in tables plus ``factor_dirs`` are loaded.
    ``rows_out`` (a ``.parquet`` or ``.csv`` path) receives one result per row of the
    ``activities_from`` tables and per activity of the file; the result itself only
    summarises table rows. ``scope2_method`` (``location`` / ``market``) overrides the file's
    and the standard's choice for organisations. Raises :class:`~offsetcalc.errors.InputError`
    (with file:line:col) on bad input.
    """
    from offsetcalc.factors.tables import load_factors
    from offsetcalc.io.loader import paused_gc

    with paused_gc():  # reading, validating and computing make no cycles worth collecting
        model, doc = load_activity_file(path)
        if factors is None:
            factors = load_factors(factor_dirs)
        gwp_set = resolve_gwp(model, gwp, base=os.path.dirname(str(path)))
        s2 = resolve_scope2_method(model, scope2_method, base=os.path.dirname(str(path)))
        return compute_model(model, doc, factors, gwp_set, rows_out=rows_out, scope2_method=s2)


def compute_model(
    model: Any,
    doc: Document,
    factors: Any,
    gwp_set: str,
    *,
    rows_out: str | os.PathLike[str] | None = None,
    scope2_method: tuple[str, str] | None = None,
) -> Result:
    """Compute an activity file already read by :func:`load_activity_file` (no second read).

    ``scope2_method`` is (method, what chose it) from :func:`resolve_scope2_method`.
    """
    from offsetcalc.engine import unitscale

    if model.kind == "city":
        from offsetcalc.engine.city import compute_city

        result = compute_city(model, doc, factors, gwp_set, rows_out=rows_out)
    elif model.activities_from or rows_out is not None:
        result = _compute_with_tables(model, doc, factors, gwp_set, rows_out, scope2_method)
    else:
        result = compute_document(model, doc, factors, gwp_set, scope2_method)
    if not result.activity_lines and model.kind != "city":
        # 'fully offset' holds only vacuously: say so rather than let it pass unremarked.
        result.warnings.append("the file lists no activities, so there are no emissions to offset")
    # A plain number in a quantity's unit ('9000 MWh / 1000') scales it with no word: say so (redteam7).
    result.warnings.extend(s.msg().render("en") for s in unitscale.find(model, doc, result))
    if getattr(model, "product", None) is not None:  # 'units: 1e-9' of '1 box' (redteam7)
        from offsetcalc.engine import product

        units = product.units_warning(model)
        if units is not None:
            result.warnings.append(units.render("en"))
    return result


def _compute_with_tables(
    model: Any,
    doc: Document,
    factors: Any,
    gwp_set: str,
    rows_out: str | os.PathLike[str] | None,
    scope2_method: tuple[str, str] | None,
) -> Result:
    """Rows from ``activities_from`` tables join the file's activities (offsetcalc.engine.tables)."""
    from offsetcalc.engine import tables_engine

    tables = tables_engine(doc)
    out = tables.RowsOut(rows_out) if rows_out is not None else None
    result = tables.compute(model, doc, factors, gwp_set, out, scope2_method)
    if out is not None:
        out.finish()
    return result
