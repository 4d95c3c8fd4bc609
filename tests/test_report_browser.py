"""The disclosure report as a person sees it: rendered by headless Chromium, read back from the page.

Every example (and two fixtures with serial blocks and planned credits) is printed to PDF
in English and Japanese with the real `offsetcalc report` code path; the tests read the
PDF's text (pypdf) for the figures, the verdict, each serial and the page numbers; lay the
HTML out at the width of an A4 page's text column and ask the browser whether anything is
wider than the page and whether the charts have drawn bars; and look at the pixels of a
Japanese heading to tell real glyphs from tofu boxes.

Needs Chromium (Debian: apt-get install chromium fonts-noto-cjk poppler-utils; `.ci/run`
installs them). Without it these tests skip and say so; nothing here is mocked.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import DATA, ROOT

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SUBJECTS = [*EXAMPLES, DATA / "check" / "nz-carbonzero-pass.yaml", DATA / "check" / "jp-cn-plan-pass.yaml"]
LANGS = ("en", "ja")
#: Printed in Japanese too (every subject is laid out in both languages; printing all twice is slow).
PRINTED_JA = ("event-dance-class", "jp-cn-plan-pass", "product-umeboshi", "city-town-jp")
#: The text column of an A4 page with the report's print margins (210 mm − 2 × 14 mm) in CSS px,
#: plus the body's 12 px screen padding on each side: what the print layout must fit in.
A4_TEXT_PX = round((210 - 28) / 25.4 * 96)
WINDOW_PX = A4_TEXT_PX + 24


def _chromium() -> str | None:
    from offsetcalc.errors import OffsetcalcError
    from offsetcalc.report.pdf import find_chromium

    try:
        return find_chromium()
    except OffsetcalcError:
        return None


pytestmark = pytest.mark.skipif(
    _chromium() is None,
    reason="needs Chromium to render reports: apt-get install chromium fonts-noto-cjk poppler-utils "
    "(bash .ci/run installs them)",
)


def _stem(path: Path) -> str:
    return path.stem


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, Path, object]]:
    """(stem, lang) → (HTML file, PDF file, Disclosure): each printed once, two browsers at a time."""
    from offsetcalc.report.html import disclosure, render_disclosure
    from offsetcalc.report.pdf import html_file_to_pdf

    out = tmp_path_factory.mktemp("reports")
    jobs = {}
    for path in SUBJECTS:
        d = disclosure(path)
        for lang in LANGS:
            html = out / f"{path.stem}.{lang}.html"
            html.write_text(render_disclosure(d, lang), encoding="utf-8")
            jobs[(path.stem, lang)] = (html, out / f"{path.stem}.{lang}.pdf", d)
    printed = [job for (stem, lang), job in jobs.items() if lang == "en" or stem in PRINTED_JA]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: html_file_to_pdf(job[0], job[1]), printed))
    return jobs


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page as a reader would copy it (NFKC: the 'ﬀ' ligature is 'ff')."""
    import unicodedata

    from pypdf import PdfReader

    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(pdf).pages]


#: Characters a PDF's text layer spells differently from the HTML (one CJK font glyph serves both).
_FOLD = str.maketrans({"‧": "・", "･": "・", "‒": "–"})


def squeeze(text: str) -> str:
    """Text without white space: a serial or a sha256 may wrap across lines in a narrow column."""
    return re.sub(r"\s+", "", text).translate(_FOLD)


def serial_texts(model) -> list[str]:
    out = []
    for c in model.credits:
        items = c.serial if isinstance(c.serial, list) else [c.serial] if c.serial is not None else []
        for s in items:
            out.append(s if isinstance(s, str) else f"{s.prefix} {s.start}–{s.end}")
    return out


PRINTED = [(p, lang) for p in SUBJECTS for lang in LANGS if lang == "en" or p.stem in PRINTED_JA]


@pytest.mark.parametrize(("path", "lang"), PRINTED, ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_pdf_shows_total_ratio_verdict_and_serials(rendered, path: Path, lang: str) -> None:
    from pypdf import PdfReader

    from offsetcalc.report.messages import text, verdict_text
    from offsetcalc.report.result import format_ratio, format_t_grouped

    _, pdf, d = rendered[(path.stem, lang)]
    pages = pdf_pages(pdf)
    whole = "\n".join(pages)
    flat = squeeze(whole)
    r = d.result
    assert f"{format_t_grouped(r.emissions_ug)} t-CO2e" in whole
    assert squeeze(f"{text('ratio', lang)} {format_ratio(r.ratio)}") in flat
    verdict = squeeze(f"{text('verdict', lang)}: {verdict_text(d.file_report.verdict, lang)}")
    assert verdict.casefold() in flat.casefold()  # the badge is set in capitals (PASS)
    assert d.sha256 in flat
    for serial in serial_texts(d.model):
        assert squeeze(serial) in flat, serial
    for key in ("chart_by_group", "chart_by_activity", "chart_credits", "chart_balance"):
        assert squeeze(text(key, lang)) in flat
    # A4 pages, each numbered "n / N" in the bottom margin by the report's @page CSS.
    reader = PdfReader(pdf)
    for n, page in enumerate(reader.pages, 1):
        box = page.mediabox
        assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
        assert f"{n}/{len(pages)}" in squeeze(pages[n - 1])


@pytest.mark.parametrize("lang", LANGS)
def test_city_pdf_shows_the_gpc_reporting_table(rendered, lang: str) -> None:
    """The GPC table (sub-sector rows x scope columns, BASIC/BASIC+ totals) reaches the printed page."""
    flat = squeeze("\n".join(pdf_pages(rendered[("city-town-jp", lang)][1])))
    assert squeeze("GPC 報告表" if lang == "ja" else "GPC reporting table") in flat
    assert squeeze("家庭" if lang == "ja" else "Residential buildings") in flat  # pdf text is NFKC: （） → ()
    for figure in ("6906.000", "12706.500", "24214.000", "80354.100"):  # hand-checked in tests/data/city
        assert figure in flat, figure
    assert squeeze("注釈記号" if lang == "ja" else "Notation keys") in flat


def test_japanese_pdf_uses_the_scheme_terms(rendered) -> None:
    flat = squeeze("\n".join(pdf_pages(rendered[("event-dance-class", "ja")][1])))
    for term in (
        "カーボン・オフセット情報開示書",
        "オフセット率",
        "無効化",
        "排出係数",
        "算定対象範囲",
        "削減努力",
        "会議・イベント型",
    ):
        assert term in flat
    assert "ガソリン" in flat  # the factor table's Japanese name


_PROBE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>probe</title></head><body>
{frames}
<pre id="out"></pre>
<script>
window.addEventListener("load", () => {{
  const out = {{}};
  for (const f of document.querySelectorAll("iframe")) {{
    const doc = f.contentDocument, root = doc.documentElement;
    const wide = [...doc.querySelectorAll("body *")]
      .filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 5).map(e => e.tagName + "#" + e.id + "." + e.className + ": " + (e.textContent || "").slice(0, 60));
    const charts = {{}};
    for (const svg of doc.querySelectorAll("svg.bars")) {{
      const box = svg.getBoundingClientRect();
      const bars = [...svg.querySelectorAll("rect[fill^='url(']")].filter(b => b.getBBox().width > 0).length;
      charts[svg.closest("figure").id] = {{width: box.width, height: box.height, bars}};
    }}
    out[f.name] = {{scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide, charts}};
  }}
  document.getElementById("out").textContent = JSON.stringify(out);
}});
</script></body></html>"""


@pytest.fixture(scope="module")
def layout(rendered, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Each report laid out by Chromium in a frame as wide as A4's text column, measured by the browser.

    The reports themselves carry no script: the measuring script is in this test's page, which
    holds the reports as same-origin ``srcdoc`` frames.
    """
    from offsetcalc.report.pdf import run_chromium

    frames = "\n".join(
        f'<iframe name="{stem}.{lang}" style="width:{WINDOW_PX}px;height:40000px;border:0" '
        f'srcdoc="{htmllib.escape(html.read_text(encoding="utf-8"), quote=True)}"></iframe>'
        for (stem, lang), (html, _, _) in rendered.items()
    )
    probe = tmp_path_factory.mktemp("probe") / "probe.html"
    probe.write_text(_PROBE.format(frames=frames), encoding="utf-8")
    dom = run_chromium(probe.as_uri(), "--dump-dom", "--virtual-time-budget=20000", "--window-size=1200,900")
    m = re.search(r'<pre id="out">(.*?)</pre>', dom, re.S)
    assert m and m.group(1), "the probe page recorded nothing"
    return json.loads(htmllib.unescape(m.group(1)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SUBJECTS, ids=_stem)
def test_nothing_is_wider_than_an_a4_page(layout, path: Path, lang: str) -> None:
    m = layout[f"{path.stem}.{lang}"]
    assert m["clientWidth"] == WINDOW_PX
    assert m["scrollWidth"] <= m["clientWidth"], m["wide"]
    assert m["wide"] == []


@pytest.mark.parametrize("path", SUBJECTS, ids=_stem)
def test_charts_are_drawn_with_a_bar_per_value(layout, rendered, path: Path) -> None:
    d = rendered[(path.stem, "en")][2]
    charts = layout[f"{path.stem}.en"]["charts"]
    r = d.result
    nonzero_groups = sum(1 for ug in r.subtotals_ug.values() if ug)
    assert charts["chart-by-group"]["bars"] == min(nonzero_groups, 24)
    assert charts["chart-balance"]["bars"] == 1 + (r.retired_ug > 0) + (r.planned_ug > 0)
    for figure, m in charts.items():
        assert m["width"] > 300 and m["height"] > 30, figure


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5, 8 bit), as pdftoppm -gray writes it."""
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, data[:20]
    w, h = int(m[1]), int(m[2])
    return w, h, data[m.end() : m.end() + w * h]


@pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")), reason="needs poppler-utils")
def test_japanese_heading_is_drawn_with_real_glyphs_not_tofu(rendered) -> None:
    """Each character of the Japanese title is drawn, and they differ in ink as real glyphs do.

    A missing font draws every character as the same .notdef box ("tofu"): equal ink in each cell.
    """
    pdf = rendered[("event-dance-class", "ja")][1]
    heading = "カーボン・オフセット情報開示書"
    bbox = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    m = re.search(rf'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{heading}</word>', bbox)
    assert m, "the heading is not a word of page 1"
    x0, y0, x1, y1 = (float(v) * 2 for v in m.groups())  # 144 dpi: 2 px per pt
    png = subprocess.run(
        ["pdftoppm", "-r", "144", "-f", "1", "-l", "1", "-gray", "-x", str(int(x0)), "-y", str(int(y0)),
         "-W", str(int(x1 - x0)), "-H", str(int(y1 - y0)), str(pdf)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    w, h, pixels = _pgm(png)
    cell = w / len(heading)
    ink = []
    for i in range(len(heading)):
        lo, hi = int(i * cell), int((i + 1) * cell)
        ink.append(sum(255 - pixels[y * w + x] for y in range(h) for x in range(lo, hi)))
    assert min(ink) > 0, f"a character of the heading drew nothing: {ink}"
    # 'ー' (one stroke) and '書' (many) differ several-fold in ink; identical tofu boxes would not.
    assert ink[heading.index("書")] > 3 * ink[heading.index("ー")], ink
    assert len({round(v, -3) for v in ink}) > len(heading) // 2, ink


# --------------------------------------------------------------------------- page breaks

#: What the print stylesheet keeps whole on one page (report.css: break-inside: avoid).
KEEP_WHOLE = "tr, figure, .box, li, dl.head > div"
_MARK_CSS = (
    f"<style>{KEEP_WHOLE} {{ position: relative; }}"
    ".oc-mark { position: absolute; left: 0; font: 4px/1 monospace; } .oc-s { top: 0; } .oc-e { bottom: 0; }</style>"
)
_OPENERS = re.compile(
    r"<tr\b[^>]*>\s*<t[dh]\b[^>]*>|<figure\b[^>]*>|<li\b[^>]*>|<div class=\"box\b[^\"]*\">|<dl class=\"head\">.*?</dl>",
    re.S,
)


def mark_elements(html: str, extra_css: str = "") -> tuple[str, int]:
    """The report with two invisible-to-layout markers in every element it keeps whole.

    Each row (in its first cell), figure, list item, box and header field gets ``QQS<n>QQ`` at its
    top edge and ``QQE<n>QQ`` at its bottom edge (absolutely positioned: nothing in the flow
    moves). In the printed PDF both markers of an element are on the same page exactly when
    the element was not cut by a page break. The report's own HTML and CSS are otherwise as
    offsetcalc wrote them.
    """
    n = 0

    def markers() -> str:
        nonlocal n
        n += 1
        return f'<span class="oc-mark oc-s">QQS{n}QQ</span><span class="oc-mark oc-e">QQE{n}QQ</span>'

    def inject(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("<dl"):
            return re.sub(r"<div\b[^>]*>", lambda d: d.group(0) + markers(), text)
        return text + markers()

    marked = _OPENERS.sub(inject, html)
    return marked.replace("</head>", _MARK_CSS + extra_css + "</head>", 1), n


def cut_elements(pdf: Path, n: int) -> tuple[list[tuple[int, set[int], set[int]]], int]:
    """Elements whose top and bottom markers are on different pages (pdftotext -bbox), and the page count.

    A repeated table header carries its markers to every page it is repeated on: it is whole
    when its top and bottom markers are on the same pages."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = bbox.split("<page ")[1:]
    where: dict[tuple[str, int], set[int]] = {}
    for number, page in enumerate(pages, 1):
        for kind, i in re.findall(r"QQ([SE])(\d+)QQ", page):
            where.setdefault((kind, int(i)), set()).add(number)
    missing = [i for i in range(1, n + 1) if ("S", i) not in where or ("E", i) not in where]
    assert not missing, f"markers not found in the PDF text: {missing[:10]}"
    return [(i, where["S", i], where["E", i]) for i in range(1, n + 1) if where["S", i] != where["E", i]], len(pages)


@pytest.fixture(scope="module")
def marked_pdfs(rendered, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, int]]:
    """Every printed report again, with page-break markers, through the same PDF code path."""
    from offsetcalc.report.pdf import html_file_to_pdf

    out = tmp_path_factory.mktemp("marked")
    jobs = {}
    for (stem, lang), (html, pdf, _) in rendered.items():
        if pdf.is_file():
            marked, n = mark_elements(html.read_text(encoding="utf-8"))
            src = out / f"{stem}.{lang}.html"
            src.write_text(marked, encoding="utf-8")
            jobs[(stem, lang)] = (src, out / f"{stem}.{lang}.pdf", n)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: html_file_to_pdf(job[0], job[1]), jobs.values()))
    return {key: (pdf, n) for key, (_, pdf, n) in jobs.items()}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (apt-get install poppler-utils)")
@pytest.mark.parametrize(("path", "lang"), PRINTED, ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_a4_print_cuts_no_row_chart_or_finding_across_pages(rendered, marked_pdfs, path: Path, lang: str) -> None:
    from pypdf import PdfReader

    html, real_pdf, _ = rendered[(path.stem, lang)]
    pdf, n = marked_pdfs[(path.stem, lang)]
    import html5lib

    doc = html5lib.parse(html.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    kept = [e for e in doc.iter() if e.tag in ("tr", "figure", "li")]
    kept += [e for e in doc.iter("div") if "box" in (e.get("class") or "").split()]
    kept += [e for dl in doc.iter("dl") if dl.get("class") == "head" for e in dl if e.tag == "div"]
    assert n == len(kept), "every row, chart, list item, box and header field carries markers"
    cut, pages = cut_elements(pdf, n)
    assert pages == len(PdfReader(real_pdf).pages), "the markers moved the layout"
    assert cut == [], f"elements cut across pages (marker, top on page, bottom on page): {cut}"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils (apt-get install poppler-utils)")
def test_the_page_break_check_fails_on_a_stylesheet_that_lets_rows_break(rendered, tmp_path: Path) -> None:
    """The check above can fail. Rows made 18 lines tall (a stress no report reaches) stay whole
    with report.css; with its break-inside rules overridden, Chromium cuts them and the markers say so."""
    from offsetcalc.report.pdf import html_file_to_pdf

    tall = (
        "<style>tbody td:first-child::before { content: '"
        + r"x\A " * 18
        + "'; white-space: pre; display: block; }</style>"
    )
    broken = (
        f"<style>{KEEP_WHOLE}, section.charts figure "
        "{ break-inside: auto !important; page-break-inside: auto !important; }</style>"
    )
    html = rendered[("event-dance-class", "en")][0].read_text(encoding="utf-8")
    results = {}
    for name, css in (("tall", tall), ("tall-broken", tall + broken)):
        marked, n = mark_elements(html, css)
        src, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
        src.write_text(marked, encoding="utf-8")
        html_file_to_pdf(src, pdf)
        results[name] = cut_elements(pdf, n)
    cut, pages = results["tall"]
    assert cut == [] and pages > 5, results["tall"]  # report.css moves each tall row to the next page whole
    cut, pages = results["tall-broken"]
    assert len(cut) >= 3 and pages > 5, results["tall-broken"]


def test_every_example_has_a_screenshot_in_docs() -> None:
    missing = [p.stem for p in EXAMPLES if not (ROOT / "docs" / "screenshots" / f"{p.stem}.png").is_file()]
    assert not missing, f"run python docs/screenshots.py: no screenshot of {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_report_command_writes_the_pdf(tmp_path: Path, lang: str) -> None:
    """The command of the README, as a user runs it: `offsetcalc report FILE -o report.pdf`."""
    from .conftest import run_cli

    out = tmp_path / "report.pdf"
    proc = run_cli("report", "examples/event-dance-class.yaml", "--lang", lang, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    flat = squeeze("\n".join(pdf_pages(out)))
    assert ("オフセット率141%" if lang == "ja" else "Offsetratio141%") in flat
