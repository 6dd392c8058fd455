"""A tiny SVG builder for the charts of the HTML report: horizontal bars on a scale, with a
label before each bar and its numbers after it. The SVG is inline in the page (no `xmlns`, no
script, nothing loaded); every text in it is escaped as the page's text is; every coordinate
is worked out exactly and written with two decimals."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen

from jixiao.engine.numbers import fixed
from jixiao.report.words import escaped

FONT_SIZE = 12
ROW = 26  # the height of one bar's row
BAR = 14  # the height of a bar
GAP = 8
LABEL_MAX = 230  # a label wider than this is cut short with "…", whole in its tooltip
TRACK = "#e6e8eb"
INK = "#1f2933"
MUTED = "#52606d"
# a white outline under a text, so that a mark's line drawn behind it does not cross it
HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'


def esc(text: str) -> str:
    """Text from a file as it can stand in HTML or SVG, in an element or an attribute: every
    control character as its escape (as the terminal shows it), then &, <, >, " and '
    escaped, so that no name can open a tag, a CDATA section or an attribute."""
    return html.escape(escaped(text), quote=True)


def text_width(text: str, size: int = FONT_SIZE) -> Fraction:
    """About how wide `text` is drawn: a CJK (wide) character is one em, any other 0.6 em."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return (wide + Fraction(3, 5) * (len(text) - wide)) * size


def fit(text: str, width: Fraction, size: int = FONT_SIZE) -> str:
    """`text`, cut short with "…" when it would be drawn wider than `width`."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _n(value: Fraction | int) -> str:
    return fixed(Fraction(value), 2)


@frozen
class Bar:
    """One bar: its label, its length (`value`) on the chart's scale, the `track` drawn behind
    it (a dimension's points) or None, its colour (one of the page's own) and the `note`
    written after it."""

    label: str
    value: Fraction
    colour: str
    note: str
    track: Fraction | None = None


@frozen
class Mark:
    """A vertical line across the bars at `at` on the scale (a grade band's lower bound)."""

    at: Fraction
    label: str
    colour: str


def bar_chart(
    bars: Sequence[Bar],
    scale: Fraction,
    title: str,
    *,
    marks: Sequence[Mark] = (),
    ticks: Sequence[Fraction] = (),
    width: int = 720,
    css_class: str = "chart",
) -> str:
    """Horizontal bars, `scale` the length of the longest possible bar; `ticks` a scale along
    the bottom, `marks` lines across the bars with their labels on top."""
    scale = scale if scale > 0 else Fraction(1)
    labels = [fit(bar.label, Fraction(LABEL_MAX)) for bar in bars]
    label_w = max((text_width(label) for label in labels), default=Fraction(0)) + GAP
    note_w = max((text_width(bar.note) for bar in bars), default=Fraction(0)) + 2 * GAP
    x0 = label_w + GAP
    span = max(Fraction(width) - x0 - note_w, Fraction(width, 4))
    # the marks' labels on two lines, alternately, so that two close bounds (75, 85) never
    # write over each other
    top = (32 if len(marks) > 1 else 20) if marks else 6
    bottom = 22 if ticks else 6
    height = top + ROW * len(bars) + bottom

    def x(value: Fraction) -> Fraction:
        return x0 + span * max(Fraction(0), min(value, scale)) / scale

    parts = [
        f'<svg class="{css_class}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-size="{FONT_SIZE}">',
        f"<title>{esc(title)}</title>",
    ]
    bars_bottom = top + ROW * len(bars)  # the scale and the marks first, behind the bars
    for tick in ticks:
        at = _n(x(tick))
        parts.append(
            f'<line x1="{at}" y1="{top}" x2="{at}" y2="{bars_bottom}" stroke="{TRACK}" '
            f'stroke-width="1"/>'
            f'<text x="{at}" y="{bars_bottom + 15}" text-anchor="middle" fill="{MUTED}" '
            f'font-size="10">{esc(_tick_text(tick))}</text>'
        )
    for index, mark in enumerate(sorted(marks, key=lambda m: m.at)):
        at = _n(x(mark.at))
        line_top = top - 4 - 12 * (index % 2)
        parts.append(
            f'<line x1="{at}" y1="{line_top}" x2="{at}" y2="{bars_bottom}" '
            f'stroke="{mark.colour}" stroke-width="1" stroke-dasharray="3 3"/>'
            f'<text x="{at}" y="{line_top - 3}" text-anchor="middle" fill="{mark.colour}" '
            f'font-size="10">{esc(mark.label)}</text>'
        )
    for index, (bar, label) in enumerate(zip(bars, labels, strict=True)):
        y = top + ROW * index
        bar_y = y + (ROW - BAR) // 2
        text_y = y + ROW // 2 + FONT_SIZE * 2 // 5
        hint = f"<title>{esc(bar.label)}</title>" if label != bar.label else ""
        parts.append(
            f'<text x="{_n(label_w)}" y="{text_y}" text-anchor="end" fill="{INK}">'
            f"{hint}{esc(label)}</text>"
        )
        end = x(bar.value)
        if bar.track is not None:
            end = max(end, x(bar.track))
            parts.append(
                f'<rect x="{_n(x0)}" y="{bar_y}" width="{_n(x(bar.track) - x0)}" '
                f'height="{BAR}" fill="{TRACK}"/>'
            )
        parts.append(
            f'<rect class="bar" x="{_n(x0)}" y="{bar_y}" width="{_n(x(bar.value) - x0)}" '
            f'height="{BAR}" fill="{bar.colour}"/>'
            f'<text x="{_n(end + GAP)}" y="{text_y}" fill="{INK}" {HALO}>{esc(bar.note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _tick_text(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else _n(value)
