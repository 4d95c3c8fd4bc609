"""One escaping function per output format, for every piece of text that came from a submission.

File names, titles, category labels, credit types, serial prefixes,
beneficiaries and profile IDs are written by other people. Each output format
has its own way to turn such text into something else, so each has one
function here, and every renderer calls it on every user-derived value:

========== ====================== ==================================================
format     function               what it prevents
========== ====================== ==================================================
terminal   :func:`terminal`       ESC / OSC / BEL / NUL driving the terminal (an OSC
                                  retitles it), rich markup (``[bold]``) in names
Markdown   :func:`markdown`       a line break forging a heading, ``|`` breaking a
                                  table, ``<script>`` and links rendered as such
CSV        :func:`csv_cell`       spreadsheet formulas: a cell beginning ``= + - @``,
                                  tab or CR is run by Excel and LibreOffice
HTML       :func:`html`           markup and attribute breaks (``< > & " '``)
XML        :func:`xml`            characters XML 1.0 cannot hold (the file would no
                                  longer parse); ElementTree escapes ``< > &`` itself
========== ====================== ==================================================

Control and invisible format characters (categories Cc, Cf, Zl, Zp) become
visible escapes (``\\x1b``, ``\\u202e``) in every format but CSV and XML, whose
cells may keep their line breaks. This module imports nothing heavy.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["csv_cell", "html", "markdown", "terminal", "xml"]


def _visible(text: str) -> str:
    """Control and invisible format characters as escapes (``\\n``, ``\\x1b``, ``\\u202e``); the rest as is."""
    from offsetcalc.errors import one_line

    return one_line(text)


# rich's markup escape (rich.markup.escape), kept here so that this module needs no rich.
_RICH_TAG = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")


def terminal(text: Any, *, markup: bool = True) -> str:
    """Text for a terminal through rich: control characters made visible; with ``markup``, rich tags literal.

    Pass ``markup=False`` for text given to ``rich.text.Text`` (which parses no markup).
    """
    s = _visible(str(text))
    if not markup:
        return s
    s = _RICH_TAG.sub(lambda m: f"{m[1]}{m[1]}\\{m[2]}", s)
    return s + "\\" if s.endswith("\\") and not s.endswith("\\\\") else s


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")


def markdown(text: Any) -> str:
    """Text for a Markdown paragraph, list item, heading or table cell: shown literally, on one line.

    HTML is neutralised as entities (``<script>`` shows as text), Markdown
    punctuation is backslash-escaped, and a line break cannot start a new block.
    """
    s = _visible(str(text if text is not None else ""))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


#: What makes a spreadsheet treat a cell as a formula (OWASP "CSV injection"), tab and CR included.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def csv_cell(text: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: a leading ``'`` before ``= + - @`` / tab / CR.

    Line breaks inside the cell are kept (the writer quotes them); other control
    characters are made visible.
    """
    s = _CSV_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text if text is not None else ""))
    return "'" + s if s.startswith(_FORMULA_START) else s


def html(text: Any) -> str:
    """Text for HTML element content or a quoted attribute value."""
    import html as _html

    return _html.escape(_visible(str(text if text is not None else "")), quote=True)


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 cannot hold at all (ElementTree writes them anyway, and the file no longer parses).

    Compiled on first use: the class spans the whole of Unicode and costs ~10 ms to
    compile, which every terminal run would otherwise pay for XML it never writes.
    """
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml(text: Any) -> str:
    """Text for XML content or attributes (ElementTree escapes markup): unencodable characters as ``\\uNNNN``."""
    return _not_xml().sub(lambda m: f"\\u{ord(m.group()):04x}", str(text if text is not None else ""))
