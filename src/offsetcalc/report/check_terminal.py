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

from rich.cells import cell_len  # noqa: TID251 - render module
from rich.console import Console  # noqa: TID251
from rich.padding import Padding  # noqa: TID251
from rich.text import Text  # noqa: TID251

from offsetcalc.report.escape import terminal
from offsetcalc.rules.check import CheckReport, FileReport

_VERDICT_STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold magenta"}
_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def render_file_report(r: FileReport, out: Console, lang: str = "en") -> None:
    """Verdict line and the findings table of one submission.

    In Japanese (``lang="ja"``) labels come from the message catalogue and each finding's
    message is rendered from its Japanese template; a finding whose rule has no template yet
    shows its rule's Japanese title above the English message (原文).
    """
    from offsetcalc.report.messages import finding_text, rule_title, severity_text, text, verdict_text
    from offsetcalc.report.result import format_ratio, ratio_text

    head = Text()
    head.append(
        r.verdict.upper() if lang == "en" else verdict_text(r.verdict, lang), style=_VERDICT_STYLE.get(r.verdict, "")
    )
    head.append(f"  {terminal(r.source, markup=False)}")
    if r.standard:
        head.append(f"  [{terminal(r.standard, markup=False)}]")
    ratio_label = "offset ratio" if lang == "en" else text("ratio", lang)
    if r.result is not None:
        head.append(f"  {ratio_label} {format_ratio(r.result.ratio)}")
    elif r.offset_ratio_percent is not None:  # a batch sends reports back without their Result
        head.append(f"  {ratio_label} {ratio_text(r.offset_ratio_percent)}")
    out.print(head)
    # One block per finding (header line, then the message indented) reads at any terminal width;
    # a four-column table squeezes the message into a sliver on 80 columns.
    legend: dict[str, tuple[int, list[str]]] = {}  # citation -> (number, rule IDs citing it)
    for f in r.findings:
        line = Text("  ")
        sev = f.severity if lang == "en" else severity_text(f.severity, lang)
        line.append(sev.ljust(7 - cell_len(sev) + len(sev)), style=_SEVERITY_STYLE.get(f.severity, ""))
        line.append(f" {f.rule}  ", style="bold")
        where = terminal(f.location, markup=False)
        if line.cell_len + cell_len(where) <= out.width:
            line.append(where)
            out.print(line, soft_wrap=True)
        else:  # the location on a line of its own rather than past the edge or broken apart
            line.rstrip()
            out.print(line, soft_wrap=True)
            out.print(Text("    " + where), soft_wrap=True)  # never break a file:line:col apart
        translated = finding_text(f, lang) if lang != "en" else None
        if lang != "en" and translated is None:
            out.print(Padding(Text(rule_title(f.rule, lang), style="bold"), (0, 0, 0, 4)))
        if f.cite and f.text is not None:
            n, rules = legend.setdefault(f.cite, (len(legend) + 1, []))
            if f.rule not in rules:
                rules.append(f.rule)
            body = Text(terminal(translated or f.text, markup=False))
            body.append(f" [{n}]", style="dim")
            if "(unconfirmed" in f.cite:
                body.append(f" ({text('unconfirmed', lang)})", style="yellow")
        else:
            body = Text(terminal(translated or f.message, markup=False))
        _print_indented(body, out, 4, lang)
    if legend:
        out.print(Padding(Text(text("sources_legend", lang), style="dim"), (0, 0, 0, 2)))
        for cite, (n, rules) in legend.items():
            m = re.fullmatch(r"\[source: (.*?)\](.*)", cite, re.S)  # the brackets only delimit it in JSON
            shown = (m[1] + m[2]) if m else cite
            if lang != "en":
                from offsetcalc.report.messages import cite_text

                shown = cite_text(cite, lang)
            legend_line = Text(terminal(f"[{n}] {', '.join(rules)}: {shown}", markup=False), style="dim")
            _print_indented(legend_line, out, 4, lang)


def _print_indented(body: Text, out: Console, indent: int, lang: str) -> None:
    """``body`` indented; Japanese is broken into lines by wrap_words (words and IDs kept whole)."""
    if lang == "en":  # rich wraps English at its spaces
        out.print(Padding(body, (0, 0, 0, indent)))
        return
    from offsetcalc.report.terminal import wrap_words

    start = 0
    for line in wrap_words(body.plain, max(out.width - indent, 20)):
        # keep each line's styles: find it in the plain text (wrap_words drops only spaces)
        at = body.plain.find(line, start)
        if at < 0:  # a run of spaces became one: the line without its styles
            piece = Text(line, style=body.style)
        else:
            piece, start = body[at : at + len(line)], at + len(line)
        out.print(Text(" " * indent) + piece, soft_wrap=True)


def render_check_report(report: CheckReport, out: Console, lang: str = "en") -> None:
    """Every submission, then 'N files: P pass, F fail, E error'."""
    from offsetcalc.report.messages import text

    for r in report.results:
        render_file_report(r, out, lang)
    s = report.summary
    out.print(text("files_summary", lang, files=s["files"], passed=s["pass"], failed=s["fail"], errored=s["error"]))
