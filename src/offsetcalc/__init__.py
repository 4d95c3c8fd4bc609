"""offsetcalc: carbon-offset calculation and certification checks.

Public API (imported lazily so that ``offsetcalc --help`` stays fast)::

    from offsetcalc import compute, load_factors
    result = compute("examples/event.yaml")
    result.ratio            # Fraction, credits ÷ emissions × 100

See README.md for the file format and the commands.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "compute": ("offsetcalc.api", "compute"),
    "load_activity_file": ("offsetcalc.api", "load_activity_file"),
    "load_factors": ("offsetcalc.factors", "load_factors"),
    "result_to_dict": ("offsetcalc.report", "result_to_dict"),
    "OffsetcalcError": ("offsetcalc.errors", "OffsetcalcError"),
    "InputError": ("offsetcalc.errors", "InputError"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'offsetcalc' has no attribute {name!r}")
