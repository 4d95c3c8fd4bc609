"""PDF (and screenshots) of an HTML report through headless Chromium, the browser people print with.

The PDF is the same HTML document printed by a real rendering engine, so what a reviewer
sees on screen and on paper cannot drift apart; page size (A4) and page numbers come from
the report's own ``@page`` CSS. Chromium is an external program (Debian: ``apt-get install
chromium fonts-noto-cjk``); without it :func:`find_chromium` raises a one-line error naming
what to install, and HTML output keeps working.

Every run gets a fresh, temporary profile folder, no network services, no GPU and a
time limit; the whole process group is ended on time-out, so no browser is left running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from offsetcalc.errors import OffsetcalcError
from offsetcalc.report.messages import Msg

#: Executable names tried in order on PATH (Debian's package installs /usr/bin/chromium).
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120
INSTALL = "apt-get install chromium fonts-noto-cjk"


class BrowserError(OffsetcalcError):
    """Chromium is missing or failed to render."""


def find_chromium() -> str:
    """The Chromium executable: ``$OFFSETCALC_CHROMIUM``, else the first of :data:`CANDIDATES` on PATH."""
    env = os.environ.get("OFFSETCALC_CHROMIUM")
    if env:
        if shutil.which(env):
            return shutil.which(env)  # type: ignore[return-value]
        raise BrowserError(Msg("pdf.no-browser.env", value=repr(env)), code="pdf.no-browser")
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserError(Msg("pdf.no-browser", install=INSTALL), code="pdf.no-browser")


def run_chromium(url: str, *args: str, timeout: float = TIMEOUT_S) -> str:
    """Run headless Chromium on ``url`` with ``args`` (e.g. ``--print-to-pdf=…``); return its stdout.

    A fresh profile folder per run (removed afterwards); the browser's process group is
    killed if it outlives ``timeout`` seconds.
    """
    exe = find_chromium()
    with tempfile.TemporaryDirectory(prefix="offsetcalc-chromium-") as profile:
        cmd = [
            exe,
            "--headless",
            "--no-sandbox",  # runs as root in CI containers, where the sandbox cannot start
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            f"--user-data-dir={profile}",
            *args,
            url,
        ]
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: renderer and GPU helpers die with it
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise BrowserError(Msg("pdf.timeout", seconds=f"{timeout:g}"), code="pdf.timeout") from None
        finally:
            # Helpers that outlive the main process (they normally exit with it) are ended too.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if proc.returncode != 0:
            last = (err.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
            raise BrowserError(Msg("pdf.browser-failed", code=proc.returncode, last=last), code="pdf.browser-failed")
        return out.decode("utf-8", "replace")


def html_file_to_pdf(html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str]) -> None:
    """Print an HTML file to ``pdf_path`` (A4 and page numbers from the page's CSS, no browser header)."""
    url = Path(html_path).resolve().as_uri()
    run_chromium(url, f"--print-to-pdf={Path(pdf_path).resolve()}", "--no-pdf-header-footer")
    if not Path(pdf_path).is_file() or Path(pdf_path).stat().st_size == 0:
        raise BrowserError(Msg("pdf.empty"), code="pdf.empty")


def html_to_pdf_bytes(html: str) -> bytes:
    """The PDF of an HTML document (rendered from a private temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="offsetcalc-pdf-") as tmp:
        src = Path(tmp) / "report.html"
        src.write_text(html, encoding="utf-8")
        out = Path(tmp) / "report.pdf"
        html_file_to_pdf(src, out)
        return out.read_bytes()


def screenshot(
    html_path: str | os.PathLike[str], png_path: str | os.PathLike[str], width: int = 900, height: int = 1600
) -> None:
    """A PNG of the top of an HTML page at ``width`` × ``height`` CSS pixels (docs and tests)."""
    url = Path(html_path).resolve().as_uri()
    run_chromium(
        url, f"--screenshot={Path(png_path).resolve()}", f"--window-size={width},{height}", "--hide-scrollbars"
    )
