"""Plain numbers that scale a quantity: where a file or a table writes one, and by what factor.

``quantity: 9000 MWh / 1000`` is 9 MWh: pint reads the number as part of the unit, so the quantity
is divided by 1000 with no word (redteam5 left it open, redteam7 made it visible). It may be meant,
so it is a warning — in ``compute``'s warnings and as the check finding ``quantity.plain-number``
(offsetcalc's own policy: a factor that changes a figure is shown). The factors come from
:func:`offsetcalc.units.plain_factor` (numbers in a unit) and
:func:`offsetcalc.units.quantity_plain_factor` (``9000 MWh * 0.001``).

One finding per activity and per credit of the file ('50 t-CO2 * 100' is 5,000 credits) and per
inline factor's unit ('t-CO2 / MWh / 10' divides the factor), and one per distinct unit of a table
and of its per-row factors (never per row): table rows are summed into lines by unit and factor, so
a table's units are few whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offsetcalc.report.messages import Msg
from offsetcalc.units import format_number, plain_factor, quantity_plain_factor


@dataclass(frozen=True)
class Scaled:
    """A quantity (an activity's) or a table's unit that a plain number scales."""

    written: str  # the quantity as the file writes it, or the table's unit cell
    factor: float
    path: tuple[Any, ...]  # where in the activity file (the activity's quantity, the table's path)
    activity: str | None = None  # the activity's id (file activities)
    table: str | None = None  # the table's path as shown (table rows)
    rows: int = 0  # the table's rows with that unit
    credit: int | None = None  # the credit's number in the file (1 = the first), for a credit's quantity
    of_factor: bool = False  # the unit of an inline (or per-row) factor, not of a quantity

    def msg(self) -> Msg:
        factor = format_number(self.factor)
        if self.of_factor and self.table is not None:
            return Msg(
                "quantity.plain-number.table-factor", table=self.table, unit=self.written, n=self.rows, factor=factor
            )
        if self.of_factor:
            return Msg("quantity.plain-number.factor", id=self.activity, unit=self.written, factor=factor)
        if self.credit is not None:
            return Msg("quantity.plain-number.credit", n=self.credit, written=self.written, factor=factor)
        if self.table is not None:
            return Msg("quantity.plain-number.table", table=self.table, unit=self.written, n=self.rows, factor=factor)
        return Msg("quantity.plain-number", id=self.activity, written=self.written, factor=factor)


def find(model: Any, doc: Any, result: Any) -> list[Scaled]:
    """Every quantity of ``model``'s activities and credits (as ``doc`` writes them) and every table unit of
    ``result`` scaled by a plain number."""
    found: list[Scaled] = []
    raw_activities = doc.data.get("activities") if isinstance(doc.data, dict) else None
    for i, a in enumerate(getattr(model, "activities", None) or ()):
        q = getattr(a, "quantity", None)
        if q is None:
            continue
        raw = raw_activities[i].get("quantity") if _indexable(raw_activities, i) else None
        written = raw if isinstance(raw, str) else str(q)
        factor = quantity_plain_factor(raw) if isinstance(raw, str) else plain_factor(q.unit)
        if factor != 1.0:
            found.append(Scaled(written.strip(), factor, ("activities", i, "quantity"), activity=a.id))
        unit = getattr(a.factor, "unit", None)  # an inline factor's ('t-CO2 / MWh / 10')
        if isinstance(unit, str) and (scale := plain_factor(unit)) != 1.0:
            found.append(Scaled(unit, scale, ("activities", i, "factor", "unit"), activity=a.id, of_factor=True))
    raw_credits = doc.data.get("credits") if isinstance(doc.data, dict) else None
    for i, c in enumerate(getattr(model, "credits", None) or ()):  # '50 t-CO2 * 100' is 5,000 credits
        raw = raw_credits[i].get("quantity") if _indexable(raw_credits, i) else None
        factor = quantity_plain_factor(raw) if isinstance(raw, str) else plain_factor(c.quantity.unit)
        if factor != 1.0:
            written = raw if isinstance(raw, str) else str(c.quantity)
            found.append(Scaled(written.strip(), factor, ("credits", i, "quantity"), credit=i + 1))
    for ti, table in enumerate(getattr(result, "tables", None) or ()):
        rows: dict[str, int] = {}
        factor_rows: dict[str, int] = {}  # units of per-row factors (a factor_unit column), not built-in ones
        for line in table.lines:
            rows[line.unit] = rows.get(line.unit, 0) + line.rows
            if line.factor.ref is None:
                factor_rows[line.factor.unit] = factor_rows.get(line.factor.unit, 0) + line.rows
        for units, of_factor in ((rows, False), (factor_rows, True)):
            for unit, n in units.items():
                factor = plain_factor(unit)
                if factor != 1.0:
                    where = ("activities_from", ti, "path")
                    found.append(Scaled(unit, factor, where, table=table.path, rows=n, of_factor=of_factor))
    return found


def _indexable(raw: Any, i: int) -> bool:
    return isinstance(raw, list) and i < len(raw) and isinstance(raw[i], dict)
