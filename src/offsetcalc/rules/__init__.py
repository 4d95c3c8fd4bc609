"""Certification rule profiles (jp-co, jp-cn, au-ncos, nz-carbonzero, iso-14068).

Filled in by the certification-rules work (issue 3); the core only asks for a
standard's default GWP set.
"""

from __future__ import annotations


def default_gwp(standard: str) -> str | None:
    """The GWP set a standard prescribes, or None when it does not say."""
    return None
