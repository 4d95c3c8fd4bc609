"""Startup stays light: --help imports no heavy library; the README example imports no column library.

``offsetcalc COMMAND --help`` does import pydantic: typer (0.2x) builds a pydantic
TypeAdapter per parameter when it constructs a command, which it must do to show
the command's help. That is typer's, ~20 ms, and measured in benchmarks/README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

HEAVY = ("pint", "numpy", "polars", "pyarrow", "pydantic", "rich")
COLUMNAR = ("numpy", "polars", "pyarrow")


def imported_modules(*args: str) -> set[str]:
    """Top-level packages imported by ``python -X importtime -m offsetcalc ARGS``."""
    env = {**os.environ, "COLUMNS": "120"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "offsetcalc", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                names.add(name.split(".")[0])
    assert "offsetcalc" in names  # the parse found something
    return names


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_help_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    assert imported_modules(*args).isdisjoint(HEAVY)


def test_command_help_imports_only_what_typer_needs() -> None:
    assert imported_modules("compute", "--help").isdisjoint(set(HEAVY) - {"pydantic"})


def _readme_example_modules(cache_dir: str) -> set[str]:
    # importtime also lists failed imports (pint probes numpy), so ask sys.modules after the run.
    code = (
        "import runpy, sys\n"
        "sys.argv = ['offsetcalc', 'compute', 'examples/readme-workshop.yaml', '--format', 'json']\n"
        "try:\n    runpy.run_module('offsetcalc', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = {**os.environ, "OFFSETCALC_CACHE_DIR": cache_dir}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert '"total_t_co2e"' in proc.stdout  # the example really computed
    return set(proc.stderr.split())


def test_readme_example_loads_no_column_library(tmp_path: Path) -> None:
    # First run: pint answers (and must not drag numpy in, even where numpy is installed).
    cold = _readme_example_modules(str(tmp_path))
    assert "pint" in cold
    assert cold.isdisjoint(COLUMNAR)
    # Second run: every unit question is answered by the conversion cache pint filled.
    warm = _readme_example_modules(str(tmp_path))
    assert warm.isdisjoint({*COLUMNAR, "pint"})


def test_pint_is_imported_without_numpy() -> None:
    # A venv with numpy installed (pint probes it): pint still loads without it.
    code = (
        "import sys\n"
        "from offsetcalc.units import conversion\n"
        "print(round(conversion('kWh', 'MJ'), 9), 'numpy' in sys.modules)\n"
    )
    env = {**os.environ, "OFFSETCALC_CACHE_DIR": "off"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["3.6", "False"], proc.stderr


# --- the console script builds only the command it runs (offsetcalc.cli.app_for) -------------


def _click_commands(typer_app: object) -> set[str]:
    import typer.main

    return set(typer.main.get_command(typer_app).commands)  # type: ignore[attr-defined]


def test_named_command_builds_only_that_command() -> None:
    from offsetcalc.cli import app, app_for

    assert _click_commands(app_for(["compute", "x.yaml"])) == {"compute"}
    assert _click_commands(app_for(["ledger", "list"])) == {"ledger"}
    everything = _click_commands(app)
    assert {"compute", "check", "report", "stats", "factors", "ledger"} <= everything
    # the full app is untouched, and anything that names no command gets all of it
    for argv in ([], ["--help"], ["--version"], ["comput"], ["-f", "json"]):
        assert app_for(argv) is app
    assert _click_commands(app) == everything


@pytest.mark.parametrize(
    "argv",
    [
        ["compute", "--help"],
        ["compute"],  # missing argument: the usage error
        ["compute", "examples/readme-workshop.yaml", "--format", "yaml"],  # bad choice
        ["factors", "--help"],
        ["ledger", "list", "--help"],
        ["check", "--bogus"],
    ],
)
def test_pruned_app_says_exactly_what_the_whole_app_says(argv: list[str]) -> None:
    from typer.testing import CliRunner

    from offsetcalc.cli import app, app_for

    runner = CliRunner()
    whole = runner.invoke(app, argv, prog_name="offsetcalc")
    pruned = runner.invoke(app_for(argv), argv, prog_name="offsetcalc")
    assert (pruned.exit_code, pruned.output) == (whole.exit_code, whole.output)
    assert whole.output  # something was said


def test_event_does_not_load_its_standard_for_scope_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scope 2 is an organisation's (engine.scope2): an event loads no profile to choose its method."""
    import offsetcalc.rules.profile as profile
    from offsetcalc.api import load_activity_file, resolve_scope2_method

    loaded: list[str] = []
    real = profile.load_profile
    monkeypatch.setattr(profile, "load_profile", lambda ref, **kw: loaded.append(ref) or real(ref, **kw))
    event, _ = load_activity_file(ROOT / "examples" / "readme-workshop.yaml")
    assert event.kind == "event" and event.standard == "jp-co"
    assert resolve_scope2_method(event) == ("market", "offsetcalc-default")
    assert loaded == []
    org, _ = load_activity_file(ROOT / "examples" / "organization-fy2019.yaml")
    assert org.standard and not org.scope2_method
    assert resolve_scope2_method(org)[1] == f"standard:{org.standard}"
    assert loaded == [org.standard]
