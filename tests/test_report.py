"""The disclosure report and the batch overview as HTML: content, escaping, self-containment, CLI.

What a browser shows (PDF text, layout width, Japanese glyphs) is tested in
tests/test_report_browser.py; here the HTML itself is checked, without a browser.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import DATA, ROOT, run_cli

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
#: Submissions with serial blocks, planned credits, exclusions and a reduction plan (examples have none).
EXTRA = [DATA / "check" / "nz-carbonzero-pass.yaml", DATA / "check" / "jp-cn-plan-pass.yaml"]
SUBJECTS = EXAMPLES + EXTRA


def render(path: Path, lang: str = "en") -> str:
    from offsetcalc.report.html import disclosure, render_disclosure

    return render_disclosure(disclosure(path), lang)


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def strict_parse(html: str) -> None:
    """html5lib in strict mode raises on the first parse error (bad nesting, stray end tags …)."""
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)


def external_references(html: str) -> list[str]:
    """Every reference that would make a browser load something: scripts, src/href/action other
    than an in-page anchor, CSS url() other than an in-page fragment, @import."""
    c = parse(html)
    found = []
    for tag, attrs in c.tags:
        if tag in ("script", "iframe", "object", "embed", "link", "img", "video", "audio", "source", "base"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name in ("src", "srcset", "action", "poster", "data", "formaction") and value:
                found.append(f"{tag} {name}={value}")
            if name in ("href", "xlink:href") and value and not value.startswith("#"):
                found.append(f"{tag} {name}={value}")
            if name.startswith("on"):
                found.append(f"{tag} {name}")
            if name == "style" and value and re.search(r"url\((?!\s*['\"]?#)|@import", value):
                found.append(f"{tag} style={value}")
    for css in c.styles:
        for m in re.finditer(r"url\((?!\s*['\"]?#)[^)]*\)|@import[^;]*", css):
            found.append(m.group(0))
    for m in re.finditer(r"url\((?!\s*['\"]?#)[^)]*\)", html):  # inline SVG fill="url(...)"
        found.append(m.group(0))
    return found


def visible_text(html: str) -> str:
    return " ".join(" ".join(parse(html).text).split())


@pytest.mark.parametrize("path", SUBJECTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_parses_and_loads_nothing_from_outside(path: Path, lang: str) -> None:
    html = render(path, lang)
    strict_parse(html)
    assert external_references(html) == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_report_shows_the_checked_figures(path: Path) -> None:
    """Total, ratio, shortfall and verdict agree with the hand-checked golden result and check."""
    from offsetcalc.rules.check import check_file

    expected = json.loads(path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
    text = visible_text(render(path))
    assert f"{expected['emissions']['total_t_co2e']:,.3f} t-CO2e" in text
    assert expected["offset_ratio_display"] in text
    assert f"{expected['shortfall_t_co2e']:,.3f}" in text
    for a in expected["emissions"]["activities"]:
        assert a["id"] in text
        assert a["factor"]["unit"] in text
    for t in expected["factor_tables"]:
        assert t["sha256"] in text
    verdict = check_file(path).verdict
    assert re.search(rf"Verdict:? {verdict}\b", text), verdict
    assert hashlib.sha256(path.read_bytes()).hexdigest() in text


def test_report_shows_serials_planned_credits_exclusions_and_plan() -> None:
    text = visible_text(render(DATA / "check" / "nz-carbonzero-pass.yaml"))
    assert "19381-941412555-941412596-VCS-VCU-1310-VER-CN-13-3005-01012012-31122012-0" in text
    assert "insignificant: under 1 % of the inventory" in text and "td-losses" in text
    assert "video conferencing" in text and "-15 % by 2015" in text
    plan = render(DATA / "check" / "jp-cn-plan-pass.yaml")
    text = visible_text(plan)
    retired, planned = text.split("Planned credits", 1)[0], text.split("Planned credits", 1)[1]
    assert "JP-CN 1–30" in retired and "JCL-CN" not in retired
    assert "JCL-CN 1–53" in planned
    assert "Planned credits (counted)" in text


def test_report_has_four_charts_with_a_bar_per_value() -> None:
    c = parse(render(ROOT / "examples" / "event-dance-class.yaml"))
    figures = [a.get("id") for t, a in c.tags if t == "figure"]
    assert figures == ["chart-by-group", "chart-by-activity", "chart-credits", "chart-balance"]
    bars = [a for t, a in c.tags if t == "rect" and a.get("fill", "").startswith("url(#")]
    # 2 groups + 3 activities + 1 credit type + emissions and retired credits
    assert len(bars) == 2 + 3 + 1 + 2
    assert all(float(a["width"]) > 0 for a in bars)
    # Each bar has its own pattern within a chart: grayscale print tells them apart.
    activity_fills = [a["fill"] for a in bars if a["fill"].startswith("url(#by-activity-")]
    assert len(set(activity_fills)) == 3


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    sub = tmp_path / "evil.yaml"
    sub.write_text(
        f"""offsetcalc: 1
kind: event
title: "{evil}"
offsetter: '"><img src=x onerror=alert(1)>'
period: {{start: 2013-06-01, end: 2013-06-30}}
standard: jp-co
activities:
  - {{id: "a</td><td>b", category: "<b>venue</b>", quantity: 10 kWh,
     factor: {{value: 0.5, unit: kg-CO2 / kWh, source: "<a href='http://evil.example'>x</a>"}}}}
credits:
  - {{type: J-VER, quantity: 1 t-CO2, project: "</svg><script>x()</script>", evidence: "&amp; <i>",
     serial: {{prefix: "<p>", start: 1, end: 1}}, retired_on: 2013-07-01}}
exclusions:
  - {{source: accommodation, reason: "<style>body{{display:none}}</style>"}}
""",
        encoding="utf-8",
    )
    for lang in ("en", "ja"):
        html = render(sub, lang)
        strict_parse(html)
        assert external_references(html) == []
        assert "<script" not in html and "<img" not in html and "<i>" not in html
        text = visible_text(html)
        assert evil in text and "a</td><td>b" in text and "&amp; <i>" in text
        assert "<style>body{display:none}</style>" in text


def test_report_cli_html_atomic_and_same_numbers_as_compute(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    proc = run_cli("report", "examples/readme-workshop.yaml", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left behind
    data = json.loads(run_cli("compute", "examples/readme-workshop.yaml", "--format", "json").stdout)
    text = visible_text(out.read_text(encoding="utf-8"))
    assert f"{data['emissions']['total_t_co2e']:,.3f} t-CO2e" in text
    assert data["offset_ratio_display"] in text and "Credits still needed" in text


def test_report_cli_japanese_uses_the_scheme_terms(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    proc = run_cli("report", "examples/event-dance-class.yaml", "--lang", "ja", "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    text = visible_text(html)
    for term in ("オフセット率", "無効化", "排出係数", "算定対象範囲", "削減努力", "会議・イベント型"):
        assert term in text
    assert re.search(r"判定:? 適合", text)
    assert "ガソリン" in text  # the factor tables' Japanese names


def test_report_cli_errors(tmp_path: Path) -> None:
    proc = run_cli("report", "examples/event-dance-class.yaml", "-o", str(tmp_path / "r.txt"))
    assert proc.returncode == 2 and proc.stderr.startswith("error: cannot tell the format")
    proc = run_cli("report", "tests/data/bad/serial-bad-block.yaml", "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and "tests/data/bad/serial-bad-block.yaml:" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "r.html").exists()
    proc = run_cli("report", "examples/event-dance-class.yaml", "-o", str(tmp_path / "no" / "r.html"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_report_pdf_without_chromium_is_one_line_and_html_still_works(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {"PATH": str(empty), "OFFSETCALC_CHROMIUM": ""}
    proc = run_cli("report", "examples/event-dance-class.yaml", "-o", str(tmp_path / "r.pdf"), env=env)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "apt-get install chromium" in proc.stderr
    assert not (tmp_path / "r.pdf").exists()
    proc = run_cli("report", "examples/event-dance-class.yaml", "-o", str(tmp_path / "r.html"), env=env)
    assert proc.returncode == 0, proc.stderr


def test_report_without_a_standard_still_reports_with_verdict_error(tmp_path: Path) -> None:
    src = (ROOT / "examples" / "readme-workshop.yaml").read_text(encoding="utf-8")
    sub = tmp_path / "no-standard.yaml"
    sub.write_text(re.sub(r"(?m)^standard:.*\n", "", src), encoding="utf-8")
    text = visible_text(render(sub))
    assert re.search(r"Verdict:? error", text) and "standard.unknown" in text and "1.338 t-CO2e" in text


def test_batch_overview_links_every_file_and_lists_double_claims(tmp_path: Path) -> None:
    import shutil

    odd = tmp_path / "a<b>&c.yaml"  # a file name is untrusted text too
    shutil.copy(ROOT / "examples" / "readme-workshop.yaml", odd)
    out = tmp_path / "batch.html"
    files = [str(ROOT / "examples"), str(DATA / "check" / "jp-co-serials-bad.yaml"), str(odd)]
    proc = run_cli("check", *files, "--format", "html", "-o", str(out), "--jobs", "1")
    assert proc.returncode == 1, proc.stderr
    html = out.read_text(encoding="utf-8")
    strict_parse(html)
    assert external_references(html) == []
    c = parse(html)
    anchors = [a["id"] for t, a in c.tags if t == "section" and a.get("class") == "file"]
    links = [a["href"] for t, a in c.tags if t == "a" and a["href"].startswith("#file-")]
    n = len(EXAMPLES) + 2
    assert anchors == [f"file-{i}" for i in range(1, n + 1)]
    assert sorted(set(links)) == sorted(f"#{x}" for x in anchors)
    text = visible_text(html)
    assert f"Files {n} pass {n - 1} fail 1 error 0" in text
    double = text.split("Double claims", 1)[1].split("Files and findings", 1)[0]
    assert "jp-co-serials-bad.yaml" in double and "credits.serial-overlap" in double
    assert "a<b>&c.yaml" in text and "a<b>" not in html


def test_batch_overview_in_japanese(tmp_path: Path) -> None:
    out = tmp_path / "batch.html"
    proc = run_cli("check", "examples/", "--format", "html", "--lang", "ja", "-o", str(out), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    text = visible_text(out.read_text(encoding="utf-8"))
    assert "認証審査の結果" in text and "判定の内訳" in text and "適合" in text
    assert "削減努力の計画 'reduction_plan:'（内容・対策・目標）がありません" in text  # the message in Japanese
    assert "原文" not in text and "no 'reduction_plan:'" not in text  # no English original left beside it


def _gpc_rows(html: str) -> list[list[str]]:
    """The GPC section's table body rows (sector heading rows left out), cell texts."""
    import html as html_lib

    section = html[html.index('<section id="gpc">') :]
    section = section[: section.index("</section>")]
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        if cells:
            rows.append(cells)
    return rows


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_city_report_shows_the_gpc_reporting_table(lang: str) -> None:
    """The rows equal the hand-checked GPC CSV golden file (I.1 scope 1 = 2400×2.49 + 310×3.00 …)."""
    import csv

    html = render(ROOT / "examples" / "city-town-jp.yaml", lang)
    strict_parse(html)
    rows = _gpc_rows(html)
    with (DATA / "city" / "city-town-jp.gpc.csv").open(encoding="utf-8") as f:
        golden = list(csv.DictReader(f))
    assert len(rows) == len(golden)
    for got, want in zip(rows, golden, strict=True):
        ref = "" if want["ref"] in ("total", "outside-levels") else want["ref"]
        nums = [want[k] for k in ("scope1", "scope2", "scope3", "basic", "basic_plus")]
        assert [got[0], *got[2:]] == [ref, *nums], want["ref"]
        if lang == "en":
            assert got[1] == want["subsector"]
    text = visible_text(html)
    assert "80354.100" in text and "BASIC+" in text
    assert ("GPC 報告表" if lang == "ja" else "GPC reporting table") in text
    assert ("注釈記号" if lang == "ja" else "Notation keys") in text
    assert "III.1.2 NE incineration ash" in text  # a notation key with its explanation, as written
    if lang == "ja":
        assert "家庭（住宅）" in text and "Residential buildings" not in text


def test_other_kinds_have_no_gpc_section() -> None:
    assert '<section id="gpc">' not in render(ROOT / "examples" / "event-dance-class.yaml", "en")


def test_japanese_report_shows_japanese_finding_messages() -> None:
    html = render(DATA / "check" / "jp-co-retirement-bad.yaml", "ja")
    text = visible_text(html)
    assert "無効化日" in text
    assert "gives no" not in text and "is in the future" not in text
    en = visible_text(render(DATA / "check" / "jp-co-retirement-bad.yaml", "en"))
    assert "is in the future" in en or "gives no" in en
