"""The error hierarchy of offsetcalc.

Every fault a user can cause is an :class:`OffsetcalcError` that knows where it
happened (file, line, column) and renders in compiler form::

    examples/event.yaml:14:15: error: quantity '100 kWh' cannot be used with ...
      hint: ...

The CLI turns these into one line (plus a hint) on stderr and an exit code; no
traceback reaches a user for bad input. This module imports nothing of ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where something is in a file: 1-based line and column, either may be unknown."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class OffsetcalcError(Exception):
    """Base of every error offsetcalc raises on purpose.

    ``code`` is a stable identifier (e.g. ``unit.dimension``) that tests and
    machine readers can rely on; ``message`` is for people.

    ``message`` and ``hint`` are text, or a message of the catalogue
    (:class:`offsetcalc.report.messages.Msg`: anything with ``render(lang)``). A catalogued
    message renders in the user's language (``render("ja")``); ``.message`` / ``.hint``
    are always its English text, which JSON and logs carry. Plain text stays as written.
    """

    code = "error"

    def __init__(
        self,
        message: object,
        *,
        location: Location | None = None,
        hint: object = None,
        code: str | None = None,
    ) -> None:
        self.message = message  # type: ignore[assignment]
        super().__init__(self.message)
        self.location = location
        self.hint = hint  # type: ignore[assignment]
        if code is not None:
            self.code = code

    # A caller may rewrite .message or .hint (adding context, a hint that fits better). Setting
    # either sets its catalogued message with it (None for plain text), so .msg / .hint_msg are
    # always the current text's message or None, and nobody has to check that they still match.

    @property
    def message(self) -> str:
        """The message's English text."""
        return self._message

    @message.setter
    def message(self, value: object) -> None:
        self._msg = value if hasattr(value, "render") else None
        self._message = self._msg.render("en") if self._msg is not None else str(value)

    @property
    def msg(self) -> Any:
        """The catalogued message ``.message`` is the English text of, or None (plain text)."""
        return self._msg

    @property
    def hint(self) -> str | None:
        """The hint's English text, or None."""
        return self._hint

    @hint.setter
    def hint(self, value: object) -> None:
        self._hint_msg = value if hasattr(value, "render") else None
        self._hint = self._hint_msg.render("en") if self._hint_msg is not None else value  # type: ignore[assignment]

    @property
    def hint_msg(self) -> Any:
        """The catalogued message ``.hint`` is the English text of, or None."""
        return self._hint_msg

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (as written when it is not a catalogued message)."""
        return self._msg.render(lang) if self._msg is not None else self._message

    def hint_text(self, lang: str = "en") -> str | None:
        """The hint in ``lang``, or None."""
        return self._hint_msg.render(lang) if self._hint_msg is not None else self._hint

    def at(self, location: Location | None) -> OffsetcalcError:
        """Attach a location unless one is already known (innermost wins)."""
        if self.location is None and location is not None:
            self.location = location
        return self

    def render(self, lang: str = "en") -> str:
        """Compiler form: ``file:line:col: error: …`` and ``  hint: …``; the prefixes stay in every language."""
        where = f"{self.location}: " if self.location else ""
        text = one_line(f"{where}error: {self.text(lang)}")
        hint = self.hint_text(lang)
        if hint:
            text += "\n  hint: " + one_line(hint)
        return text

    def __str__(self) -> str:
        return self.render()


class InputError(OffsetcalcError, ValueError):
    """The user's input (activity file, factor table, profile) is unusable.

    Also a ValueError (as pint combines its errors with builtins), so that pydantic
    validators can raise it and :func:`offsetcalc.io.loader.validation_errors` keeps its
    message, hint and code at the right file:line:col.
    """

    code = "input"


class UnitError(InputError):
    """A unit is unknown, ambiguous, or of the wrong dimension."""

    code = "unit"


class FactorError(InputError):
    """A factor reference cannot be resolved or a factor table is broken."""

    code = "factor"


class SerialError(InputError):
    """A credit serial number cannot be parsed."""

    code = "serial"


class InputErrors(InputError):
    """Several input errors found in one pass (reported together, exit 2)."""

    code = "input.many"

    def __init__(self, errors: list[OffsetcalcError]) -> None:
        self.errors = errors
        first = errors[0] if errors else None
        super().__init__(
            (first.msg or first.message) if first else "invalid input",
            location=first.location if first else None,
            hint=(first.hint_msg or first.hint) if first else None,
            code=first.code if first else None,
        )

    def render(self, lang: str = "en") -> str:
        return "\n".join(e.render(lang) for e in self.errors)


def one_line(text: str) -> str:
    """``text`` with control and invisible format characters escaped (``\\n``, ``\\x1b``, ``\\u202e``).

    Messages quote what the user wrote; an id holding a line break, a terminal
    escape sequence or a right-to-left override must not break the one-line
    compiler form, forge a second ``file:line: error:`` line, or drive the terminal.
    """
    import unicodedata

    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)


def did_you_mean_names(given: str, choices: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """The (at most three) names close to a misspelt one, closest first; [] when none is close."""
    import difflib

    return difflib.get_close_matches(given, sorted(choices), n=3, cutoff=0.6)
