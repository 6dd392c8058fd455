"""The HTML page printed to PDF by headless Chromium (`score report … -o report.pdf`).

Chromium, not WeasyPrint: the page is checked in Chromium (tests/report/test_html_in_browser.py
screenshots it), so the PDF is what was looked at; Debian's `chromium` package installs with
apt and needs no Python package at all, where WeasyPrint brings some 78 MB of Python packages
(fontTools, Pillow, …), pango underneath, and lays out CSS its own way (docs/reports.md). The
browser is optional: without it, writing a PDF is refused with a message saying what to
install, and the HTML page is still written.

`write_pdf` writes `target` itself; the caller gives a temporary path and moves it into place
(commands/output.py), so that nothing half written is ever left under the name asked for.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.words.message import Template

BROWSERS = ("chromium", "chromium-browser")
TIMEOUT = 120  # seconds: a cold start and a long batch take a few; a hung browser is stopped
OUTPUT = "--output"

NO_BROWSER = Template(
    "report.pdf.no_browser",
    "写 PDF 需要 Chromium 浏览器，但找不到 chromium 或 chromium-browser 命令；请安装它"
    "（Debian/Ubuntu：apt-get install chromium），或输出为 .html，再用浏览器打印为 PDF",
    "writing a PDF needs the Chromium browser, but no chromium or chromium-browser command "
    "was found; install it (Debian/Ubuntu: apt-get install chromium), or write .html and "
    "print it to PDF from a browser",
)
FAILED = Template(
    "report.pdf.failed",
    "Chromium 未能写出 PDF：{why}",
    "Chromium could not write the PDF: {why}",
)
TIMED_OUT = Template(
    "report.pdf.timeout",
    "Chromium 在{seconds}秒内未写完 PDF，已停止",
    "Chromium did not finish the PDF within {seconds} seconds and was stopped",
)


def find_browser() -> str | None:
    """The Chromium command on PATH, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def headless(arguments: Sequence[str], workdir: Path, timeout: float = TIMEOUT) -> str:
    """Run headless Chromium with `arguments` (after its own options) in a profile of its own
    under `workdir`; its stderr. Raises InputError when there is no browser or it times out.
    Stopped with all its child processes when it takes longer than `timeout` seconds."""
    browser = find_browser()
    if browser is None:
        raise InputError([Problem(OUTPUT, "", NO_BROWSER())])
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # as root (CI, a container) Chromium refuses to start without it
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={workdir / 'profile'}",
        *arguments,
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,  # its own process group: stopped whole on a timeout
    )
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise InputError([Problem(OUTPUT, "", TIMED_OUT(seconds=int(timeout)))]) from None
    except BaseException:  # Ctrl-C: the browser goes too
        _stop(process)
        raise
    return errors or ""


def _stop(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it had ended meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def write_pdf(html: str, target: Path, timeout: float = TIMEOUT) -> None:
    """Print the page `html` to the PDF file `target` (A4, as the page's @page says, without
    the browser's header and footer)."""
    target = Path(target).absolute()
    with tempfile.TemporaryDirectory(prefix="score-pdf-") as folder:
        work = Path(folder)
        page = work / "report.html"
        page.write_text(html, encoding="utf-8")
        errors = headless(
            [
                "--no-pdf-header-footer",
                "--print-to-pdf-no-header",  # the same, as older Chromium spells it
                f"--print-to-pdf={target}",
                page.as_uri(),
            ],
            work,
            timeout,
        )
    if not _is_pdf(target):
        lines = [line.strip() for line in errors.splitlines() if line.strip()]
        why = lines[-1][:200] if lines else "no PDF was written"
        raise InputError([Problem(OUTPUT, "", FAILED(why=why))])


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(5) == b"%PDF-"
    except OSError:
        return False
