"""Terminal rendering of a check report with rich (a render module: rich allowed here).

A verdict line per submission (file, standard, offset ratio), then each finding
(severity, rule ID, file:line:col, message) and a summary line; everything shown comes from the
:class:`~offsetcalc.rules.check.CheckReport`, the same object the JSON is made of.

Citations are long (document, edition, URL, why a fact is unconfirmed) and many
findings share one, so a finding shows a reference ``[n]`` and the file's
"sources" legend prints each citation once, with the rules that rest on it.
The JSON keeps the citation in every finding's message (SPEC §4).
"""

from __future__ import annotations

import re

from rich.console import Console  # noqa: TID251 - render module
from rich.padding import Padding  # noqa: TID251
from rich.text import Text  # noqa: TID251

from offsetcalc.report.escape import terminal
from offsetcalc.rules.check import CheckReport, FileReport

_VERDICT_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def render_file_report(r: FileReport, out: Console) -> None:
    """Verdict line and the findings table of one submission."""
    from offsetcalc.report.result import format_ratio

    head = Text()
    head.append(r.verdict.upper(), style=_VERDICT_STYLE.get(r.verdict, ""))
    head.append(f"  {terminal(r.source, markup=False)}")
    if r.standard:
        head.append(f"  [{terminal(r.standard, markup=False)}]")
    if r.result is not None:
        head.append(f"  offset ratio {format_ratio(r.result.ratio)}")
    elif r.offset_ratio_percent is not None:  # a batch sends reports back without their Result
        head.append(f"  offset ratio {ratio_text(r.offset_ratio_percent)}")
    out.print(head)
    # One block per finding (header line, then the message indented) reads at any terminal width;
    # a four-column table squeezes the message into a sliver on 80 columns.
    legend: dict[str, tuple[int, list[str]]] = {}  # citation -> (number, rule IDs citing it)
    for f in r.findings:
        line = Text("  ")
        line.append(f"{f.severity:<7}", style=_SEVERITY_STYLE.get(f.severity, ""))
        line.append(f" {f.rule}  ", style="bold")
        line.append(terminal(f.location, markup=False))
        out.print(line, soft_wrap=True)  # never break a file:line:col apart
        if f.cite and f.text is not None:
            n, rules = legend.setdefault(f.cite, (len(legend) + 1, []))
            if f.rule not in rules:
                rules.append(f.rule)
            body = Text(terminal(f.text, markup=False))
            body.append(f" [{n}]", style="dim")
            if "(unconfirmed" in f.cite:
                body.append(" (unconfirmed)", style="yellow")
        else:
            body = Text(terminal(f.message, markup=False))
        out.print(Padding(body, (0, 0, 0, 4)))
    if legend:
        out.print(Padding(Text("sources:", style="dim"), (0, 0, 0, 2)))
        for cite, (n, rules) in legend.items():
            m = re.fullmatch(r"\[source: (.*?)\](.*)", cite, re.S)  # the brackets only delimit it in JSON
            shown = (m[1] + m[2]) if m else cite
            out.print(
                Padding(Text(terminal(f"[{n}] {', '.join(rules)}: {shown}", markup=False), style="dim"), (0, 0, 0, 4))
            )


def ratio_text(percent: float) -> str:
    """An offset ratio given as a float percentage, the way the report shows a Result's exact ratio."""
    from fractions import Fraction

    from offsetcalc.report.result import format_ratio

    return format_ratio(Fraction(percent))  # the float's exact value: never rounds up to 100 %


def render_check_report(report: CheckReport, out: Console) -> None:
    """Every submission, then 'N files: P pass, F fail, E error'."""
    for r in report.results:
        render_file_report(r, out)
    s = report.summary
    out.print(f"{s['files']} files: {s['pass']} pass, {s['fail']} fail, {s['error']} error")
