"""A product's count of functional units: a fraction of a count scales its per-unit activities silently.

With ``per: unit`` activities a product's total is each activity times ``product.units``, so
``units: 1e-9`` (or ``0.5``) makes 150 MWh of packing power 150 µWh. When the functional unit is a
count (``1 box``, ``1 bag``, ``弁当1食``) a count below 1 or with a fraction is suspicious; when it
is a measure (``1 kg``, ``1 t of collected resources``) a fraction is honest (0.5 t collected), so
nothing is said. It is a warning — offsetcalc's own inference (``product.units-count``): no
standard read says how to count functional units, and the text of a functional unit is read by
its first word only (a unit pint knows with a dimension of its own is a measure).
"""

from __future__ import annotations

import re
from typing import Any

from offsetcalc.errors import UnitError
from offsetcalc.report.messages import Msg
from offsetcalc.units import format_number, parse_unit

# The count dimensions of offsetcalc's registry (offsetcalc.units): a functional unit in these is a count.
_COUNTS = {"[functional_unit]", "[vehicle]", "[person]", "[team]", "[lap]", "[copy]", "[sheet]", "[guest_night]"}
_FIRST_WORD = re.compile(r"^\s*(?:[+-]?\d[\d,.]*(?:[eE][+-]?\d+)?\s*)?([^\s(（]+)")


def is_measure(functional_unit: str) -> bool:
    """True when the functional unit names a measure (``1 kg``, ``1 t of …``, ``1 kWh``), not a count."""
    m = _FIRST_WORD.match(functional_unit or "")
    if not m:
        return False
    try:
        dims = dict(parse_unit(m.group(1)).dims)
    except UnitError:
        return False  # 'box', 'bag', '食': no unit pint knows, a count
    return bool(dims) and not (set(dims) & _COUNTS)


def units_warning(model: Any) -> Msg | None:
    """The warning for a fractional or sub-1 count of functional units that per-unit activities scale by."""
    product = getattr(model, "product", None)
    if product is None:
        return None
    per_unit = [a.id for a in model.activities if a.per == "unit"]
    units = product.units
    if not per_unit or (units >= 1 and float(units).is_integer()) or is_measure(product.functional_unit):
        return None
    return Msg(
        "product.units-count",
        units=format_number(units),
        fu=product.functional_unit,
        n=len(per_unit),
        first=per_unit[0],
    )
