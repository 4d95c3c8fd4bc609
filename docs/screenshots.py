"""Screenshots of the disclosure report of every example, for the README: docs/screenshots/*.png.

    python docs/screenshots.py

Each example's report (English; the event case study in Japanese too) is rendered with the
same code as `offsetcalc report` and photographed by headless Chromium at the width of an
A4 page: the header, the summary and the charts. Needs Chromium (apt-get install chromium
fonts-noto-cjk). tests/test_report_browser.py checks that every example has one.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from offsetcalc.report.html import disclosure, render_disclosure
    from offsetcalc.report.pdf import screenshot

    OUT.mkdir(parents=True, exist_ok=True)
    jobs = [(p, "en", p.stem) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    jobs.append((ROOT / "examples" / "event-dance-class.yaml", "ja", "event-dance-class.ja"))
    with tempfile.TemporaryDirectory() as tmp:
        for path, lang, name in jobs:
            # A fixed date and a relative path, so screenshots change only when the report does.
            d = disclosure(path.relative_to(ROOT), today=dt.date(2026, 11, 30))
            page = Path(tmp) / f"{name}.html"
            page.write_text(render_disclosure(d, lang), encoding="utf-8")
            screenshot(page, OUT / f"{name}.png", width=820, height=1300)
            print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
