"""Charts of a disclosure report: the bar geometry, drawn as inline SVG by templates/charts.svg.j2.

Hand-built SVG rather than a plotting library: the report needs four horizontal bar
charts that must work without JavaScript or network, print in grayscale and show
Japanese labels with the page's own fonts. pygal's SVG loads its tooltip script from a
CDN by default and styles series by colour; matplotlib turns text into paths or needs
its own CJK font set-up and is a large dependency for four bar charts. So this module
computes each bar's length (exact integers in, rounded pixels out) and the template
draws it — every label and value is text beside its bar, and each bar has its own
black-and-white fill pattern, so nothing depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Fill patterns (ids local to one chart), cycled over the bars of a chart; all black on white.
PATTERNS = ("solid", "diagonal", "cross", "dots", "horizontal", "vertical")

WIDTH = 680  # SVG user units; the SVG scales to the column width (viewBox)
BAR_AREA = 520  # the longest bar; the rest is for its value text
ROW = 34  # label line + bar
MAX_BARS = 24  # more bars are summed into one "n more" bar, so a chart fits a page


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # exact amount in the chart's unit of account (micrograms CO2e)
    value_text: str
    pattern: str
    length: float = 0.0  # SVG units, set by make_chart


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    note: str | None = None

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * ROW + 8

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)

    @property
    def bar_area(self) -> int:
        return BAR_AREA

    @property
    def patterns(self) -> tuple[str, ...]:
        return PATTERNS


def make_chart(chart_id: str, title: str, items: list[tuple[str, int, str]], *, more: str = "{n} more") -> Chart:
    """A chart of ``(label, value, value_text)`` items, bars scaled to the largest value.

    Beyond :data:`MAX_BARS` items, the smallest are summed into one bar labelled ``more``
    (formatted with ``n``), so the chart never grows with the data. A non-zero value always
    gets a visible bar (at least one unit long).
    """
    bars = list(items)
    if len(bars) > MAX_BARS:
        keep = sorted(bars, key=lambda b: -b[1])[: MAX_BARS - 1]
        rest = [b for b in bars if b not in keep]
        total = sum(b[1] for b in rest)
        bars = [b for b in bars if b in keep] + [(more.format(n=len(rest)), total, "")]
    top = max((b[1] for b in bars), default=0)
    out = []
    for i, (label, value, value_text) in enumerate(bars):
        length = 0.0 if not top or not value else max(1.0, round(BAR_AREA * value / top, 1))
        out.append(Bar(label, value, value_text, PATTERNS[i % len(PATTERNS)], length))
    return Chart(chart_id, title, out)


def _clip(text: Any, limit: int = 80) -> str:
    """A label that fits one chart line; the tables beside the chart carry the full text."""
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def report_charts(result: Any, lang: str) -> list[Chart]:
    """The four charts of a report: emissions by group and by activity, credits by type and
    vintage, and emissions against credits."""
    from offsetcalc.report.messages import group_text, text
    from offsetcalc.report.result import format_t_grouped

    def t(ug: int) -> str:
        return f"{format_t_grouped(ug)} t-CO2e"

    more = text("more_bars", lang)
    charts = [
        make_chart(
            "by-group",
            text("chart_by_group", lang),
            [(_clip(group_text(g, lang)), ug, t(ug)) for g, ug in result.subtotals_ug.items()],
            more=more,
        ),
        make_chart(
            "by-activity",
            text("chart_by_activity", lang),
            [(_clip(a.id), a.ug, t(a.ug)) for a in result.activity_lines],
            more=more,
        ),
    ]
    by_type: dict[tuple[str, str, str], int] = {}
    for c in result.credits:
        vintage = "" if c.vintage is None else str(c.vintage)
        key = (c.type, vintage, c.status)
        by_type[key] = by_type.get(key, 0) + c.ug
    charts.append(
        make_chart(
            "credits",
            text("chart_credits", lang),
            [(_clip(f"{ty} {v}".strip() + f" ({text(st, lang)})"), ug, t(ug)) for (ty, v, st), ug in by_type.items()],
            more=more,
        )
    )
    balance = [(text("emissions", lang), result.emissions_ug, t(result.emissions_ug))]
    balance.append((f"{text('credits', lang)} ({text('retired', lang)})", result.retired_ug, t(result.retired_ug)))
    if result.planned_ug:
        balance.append((f"{text('credits', lang)} ({text('planned', lang)})", result.planned_ug, t(result.planned_ug)))
    chart = make_chart("balance", text("chart_balance", lang), balance, more=more)
    from offsetcalc.report.result import format_ratio

    chart.note = f"{text('ratio', lang)}: {format_ratio(result.ratio)}"
    charts.append(chart)
    return charts
