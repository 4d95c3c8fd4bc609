"""Certification rule profiles (jp-co, jp-cn, au-ncos, nz-carbonzero, iso-14068).

A *profile* (offsetcalc/profiles/<id>.yaml, or a user's own file with the same
schema) says which rules a standard applies, with their severity and sources;
:mod:`offsetcalc.rules.checks` holds the rule functions and
:mod:`offsetcalc.rules.catalogue` the stable rule IDs. ``offsetcalc.rules.check``
runs them over submissions.
"""

from __future__ import annotations

import datetime as dt

from offsetcalc.errors import OffsetcalcError


def default_gwp(standard: str, base: str | None = None, period_start: dt.date | None = None) -> str | None:
    """The GWP set a standard prescribes for a period, or None when it does not say (or cannot be loaded).

    ``base`` is the folder a profile path is relative to (the activity file's);
    ``period_start`` picks the set in use when the submission's period began.
    """
    from offsetcalc.rules.profile import load_profile

    try:
        profile = load_profile(standard, base=base)
    except OffsetcalcError:
        return None
    d = profile.default_gwp(period_start)
    return d.set if d else None
