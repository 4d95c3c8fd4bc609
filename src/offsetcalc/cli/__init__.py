"""The ``offsetcalc`` command line: parse arguments, call the library, render, exit.

Each command lives in its own module of this package and stays a few lines:
it calls one library function, turns :class:`~offsetcalc.errors.OffsetcalcError`
into compiler-form lines on stderr, and picks the exit code (SPEC.md §1):
0 success, 1 a check found failures, 2 unusable input or a wrong command line.

Heavy libraries (pint, pydantic, rich, polars) are imported inside the command
functions, never at module level, so ``offsetcalc --help`` stays fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="offsetcalc",
    help="Carbon-offset calculator and certification checker "
    "(Japan MOE carbon offset scheme, NCOS, carboNZero, ISO 14068-1).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
factors_app = typer.Typer(help="Browse and validate emission-factor tables.", no_args_is_help=True)
app.add_typer(factors_app, name="factors")

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class Lang(str, Enum):
    en = "en"
    ja = "ja"


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


# --factors as every command that computes or lists factors takes it (user tables on top of the built-ins).
class Scope2Method(str, Enum):
    location = "location"
    market = "market"


#: ``--scope2-method`` (compute, check, report): overrides the file's and the standard's choice.
Scope2Option = Annotated[
    Scope2Method | None,
    typer.Option(
        "--scope2-method",
        help="Scope 2 figure the total and the offset ratio use (organisations): location or market; "
        "overrides the file's 'scope2_method:' and the standard's.",
    ),
]


#: ``--lang`` of the commands that print messages only (factors validate, ledger …); compute,
#: check, stats and report say in their own help what the language covers there.
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of messages and hints (en or ja).")]


FactorsOption = Annotated[
    list[Path] | None,
    typer.Option("--factors", readable=False, help="Extra or overriding factor tables (folder or file); repeatable."),
]


def fail(exc: BaseException, code: int = EXIT_INPUT, lang: Lang | str = "en") -> typer.Exit:
    """Print an OffsetcalcError in compiler form on stderr (its text in ``lang``); return the Exit to raise."""
    text = exc.render(getattr(lang, "value", lang)) if hasattr(exc, "render") else f"error: {exc}"
    sys.stderr.write(text + "\n")
    return typer.Exit(code=code)


def cannot_write(path: object, reason: object) -> BaseException:
    """The error of an output file that cannot be written (``error: cannot write PATH: REASON``)."""
    from offsetcalc.errors import InputError
    from offsetcalc.report.messages import Msg

    return InputError(Msg("output.cannot-write", path=path, reason=reason), code="output.write")


def version_callback(value: bool) -> None:
    if value:
        from offsetcalc import __version__

        typer.echo(f"offsetcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Carbon-offset calculator and certification checker."""


# Command modules register themselves on `app` / `factors_app` when imported.
from offsetcalc.cli import check as _check  # noqa: E402,F401
from offsetcalc.cli import compute as _compute  # noqa: E402,F401
from offsetcalc.cli import factors as _factors  # noqa: E402,F401
from offsetcalc.cli import ledger as _ledger  # noqa: E402,F401
from offsetcalc.cli import report as _report  # noqa: E402,F401
from offsetcalc.cli import stats as _stats  # noqa: E402,F401


def app_for(argv: list[str]) -> typer.Typer:
    """``app`` with only the command that ``argv`` names, or the whole ``app`` when it names none.

    typer turns every command's signature into click parameters on every run (about
    20 ms for the 14 commands, a quarter of ``import typer`` itself); a run executes one.
    Help, usage lines and errors of the named command are the same as the whole app's,
    because the command is built exactly as before; ``offsetcalc --help``, an option
    first or an unknown name get the whole app, so their listing and "No such command"
    are unchanged. ``app`` itself is not modified (tests and library callers use it).
    """
    import copy

    from typer.main import get_command_name  # the name typer itself gives a command's function

    name = argv[0] if argv else ""
    commands = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    pruned = copy.copy(app)
    pruned.registered_commands, pruned.registered_groups = commands, groups
    return pruned


def main() -> None:
    """Console-script entry point."""
    import os

    # pydantic looks for plugins (entry points, via importlib.metadata: 30–70 ms) the first
    # time it builds a validator; the command line uses none. A user who sets the variable
    # keeps their choice; library use (offsetcalc.api) is not affected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    from offsetcalc.cli import stdout

    stdout.install()
    try:
        try:
            app_for(sys.argv[1:])()
        finally:
            stdout.finish()
    except stdout.OutputError as exc:
        stdout.abandon()
        sys.stderr.write(
            f"error: cannot write the output: {exc}\n"
            "  hint: the disk may be full, or the program reading the output stopped before the end; "
            "the output is incomplete\n"
        )
        sys.exit(EXIT_INPUT)
    except SystemExit as exc:
        # typer turns Ctrl-C into a silent exit 130; our commands never exit 130 themselves.
        if exc.code == 130:
            sys.stderr.write("interrupted\n")
        raise
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug of ours: one line, not a traceback, unless asked
        if os.environ.get("OFFSETCALC_DEBUG"):
            raise
        sys.stderr.write(
            f"error: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: this is a bug in offsetcalc; run with OFFSETCALC_DEBUG=1 for the "
            "traceback and report it\n"
        )
        sys.exit(EXIT_INTERNAL)
