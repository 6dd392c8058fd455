"""The HTML page in a real browser: headless Chromium screenshots the batch page of examples/,
and the screenshot is read back (PNG decoded with the standard library) to check that the page
is drawn and that the charts' bars are there in the grades' colours; the PDF is printed too.
Skipped when no Chromium is installed (`apt-get install chromium`; .ci/run installs it)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from paths import EXAMPLES

from jixiao.engine import api
from jixiao.report import pdf
from jixiao.report.html_report import STYLE_COLOURS, render_html

pytestmark = pytest.mark.skipif(pdf.find_browser() is None, reason="no chromium installed")


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """(width, height, every pixel as RGB) of an 8-bit RGB or RGBA PNG, as Chromium writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * size
    previous = bytearray(stride)
    pixels: list[tuple[int, ...]] = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        pixels.extend(tuple(line[i : i + 3]) for i in range(0, stride, size))
        previous = line
    return width, height, pixels


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@pytest.fixture(scope="module")
def batch_html() -> str:
    departments = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        facts, rules = api.load_department(path)
        departments.append((facts, api.score_file(path, rules)))
    return render_html(departments, grades=rules.grades)  # the 2025 bands


def test_the_batch_page_is_drawn_with_its_charts(batch_html: str, tmp_path: Path):
    page, shot = tmp_path / "batch.html", tmp_path / "batch.png"
    page.write_text(batch_html, encoding="utf-8")
    pdf.headless(
        ["--hide-scrollbars", "--window-size=1100,1500", f"--screenshot={shot}", page.as_uri()],
        tmp_path,
    )
    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1100, 1500)
    colours = {pixel for pixel in pixels[::7]}
    assert len(colours) > 200  # text, tables, charts: not a blank page
    white = sum(1 for pixel in pixels if pixel == (255, 255, 255))
    assert white < 0.95 * len(pixels)
    # the bars of the charts in the grades' colours: 优秀, 良好, 一般 (an average), 较差
    drawn = set(pixels)
    for name in ("green", "cyan", "yellow", "red"):
        assert rgb(STYLE_COLOURS[name]) in drawn, name
    # the bars are bars: many pixels of the top band's colour
    assert pixels.count(rgb(STYLE_COLOURS["green"])) > 5000


def test_write_pdf_prints_the_page(batch_html: str, tmp_path: Path):
    target = tmp_path / "report.pdf"
    pdf.write_pdf(batch_html, target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 7  # overview + six
