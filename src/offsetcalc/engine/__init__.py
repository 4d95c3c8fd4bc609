"""The computation: activities × emission factors → emissions per activity, subtotals,
credits and the offset ratio, in exact microgram integers.
"""

from typing import Any


def tables_engine(doc: Any) -> Any:
    """:mod:`offsetcalc.engine.tables` (table rows, ``--rows-out``), or an error at the file if polars is missing."""
    try:
        from offsetcalc.engine import tables
    except ImportError:  # polars missing
        from offsetcalc.errors import InputError
        from offsetcalc.report.messages import Msg

        raise InputError(
            Msg("tables.unsupported"),
            location=doc.location(("activities_from",)),
            code="tables.unsupported",
            hint=Msg("tables.unsupported.hint"),
        ) from None
    return tables
