"""offsetcalc: carbon-offset calculation and certification checks.

Public API (imported lazily so that ``offsetcalc --help`` stays fast)::

    from offsetcalc import compute, check_files, validate_tables
    result = compute("examples/event-dance-class.yaml")
    result.ratio            # Fraction, credits ÷ emissions × 100
    check_files(["examples/event-dance-class.yaml"]).to_dict()   # SPEC §4
    validate_tables().valid                                      # built-in factor tables

See README.md for the file format and the commands.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "compute": ("offsetcalc.api", "compute"),
    "load_activity_file": ("offsetcalc.api", "load_activity_file"),
    "load_factors": ("offsetcalc.factors.tables", "load_factors"),
    "result_to_dict": ("offsetcalc.report.result", "result_to_dict"),
    "check_file": ("offsetcalc.rules.check", "check_file"),
    "check_files": ("offsetcalc.rules.check", "check_files"),
    "validate_tables": ("offsetcalc.factors.validate", "validate_tables"),
    "diff_tables": ("offsetcalc.factors.validate", "diff_tables"),
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
