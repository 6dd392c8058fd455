"""The result as one self-contained HTML page (`score report … -o report.html`), and the page
the PDF is printed from.

For one department: its total and grade, a chart of each 一级 dimension's score against its
points, the full scoring table (一级, 二级 where the ruleset has groups, 三级 rows with their
measures and deductions), the findings and the rows that lost the most points. For a batch:
the ranking (each name a link to its department's section), the grade distribution and the
totals as charts, each dimension's average, then one section per department, in the order given.

The page loads nothing: the styles are inline, the charts are inline SVG drawn by report/svg.py,
fonts are named (a CJK stack) and never embedded, and a Content-Security-Policy forbids any
fetch. It is built with the standard library alone (html.escape and f-strings): no template
engine, no chart library (docs/reports.md says why). Every text from a user's file (names,
codes, labels, reasons) is escaped, in the SVG as in the HTML; every number is exact, shown
with the ruleset's places.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from jixiao.engine.batch.summary import Summary, distribution, mean, median, ranking, summarize
from jixiao.engine.facts.model import Facts
from jixiao.engine.numbers import exact, fixed, percent, round_fraction
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.engine.words.render import money
from jixiao.engine.words.text import Text
from jixiao.report.notes import finding_place, notes_of, urgency
from jixiao.report.svg import Bar, Mark, bar_chart, esc
from jixiao.report.words import bracketed, colon, rebased_note
from jixiao.report.words import word as common_word

WORDS = {
    "title": ("部门整体支出绩效评价结果", "Overall expenditure performance evaluation"),
    "batch_title": ("部门整体支出绩效评价结果汇总", "Overall expenditure performance: summary"),
    "code": ("部门编码", "Code"),
    "year": ("年度", "Year"),
    "total": ("总分", "Total"),
    "of_100": ("满分100分", "of 100"),
    "grade": ("评价等级", "Grade"),
    "basic": ("基本情况", "The department"),
    "chart": ("一级指标得分", "Score by dimension"),
    "chart_note": (
        "灰色为分值，彩色为得分，颜色按得分率所在的评价等级",
        "grey: the points; colour: the score, by the grade band its rate falls in",
    ),
    "table": ("评分表", "Scoring table"),
    "indicator": ("指标", "Indicator"),
    "levels": ("一级/二级/三级指标", "Dimension / group / indicator"),
    "points": ("分值", "Points"),
    "score": ("得分", "Score"),
    "details": ("扣分说明", "Deductions and notes"),
    "findings": ("问题与提示", "Findings"),
    "no_findings": ("无。", "None."),
    "lost_most": ("失分最多的指标", "Where the most points were lost"),
    "lost": ("失分", "Lost"),
    "why": ("扣分原因", "Why"),
    "none_lost": ("各项指标均得满分。", "Every scored indicator earned its full points."),
    "ranking": ("部门排名", "Ranking"),
    "rank": ("排名", "Rank"),
    "name": ("部门名称", "Department"),
    "distribution": ("评价等级分布", "Grade distribution"),
    "totals": ("各部门总分", "Totals"),
    "averages": ("一级指标平均得分", "Average score by dimension"),
    "average": ("平均得分", "Average"),
    "rate": ("得分率", "Rate"),
    "counted": ("计入部门数", "Departments counted"),
    "mean": ("平均分", "Mean"),
    "median": ("中位数", "Median"),
    "scored": ("评分部门数", "Departments scored"),
    "departments": ("各部门评价结果", "The departments"),
    "back": ("返回排名", "Back to the ranking"),
    "incomplete": (
        "评分不完整：插件出错，结果不可作为正式结果使用",
        "INCOMPLETE: a plugin failed; this is not a valid result",
    ),
    "failed_plugins": ("出错的插件", "Plugins that failed"),
    "ruleset": ("评价规则", "Ruleset"),
    "digest": ("校验码", "sha256"),
}

BUDGET = (
    ("adjusted", Text("调整后预算数", "adjusted budget")),
    ("actual", Text("实际支出", "actual spending")),
    ("basic_actual", Text("基本支出", "basic spending")),
    ("project_actual", Text("项目支出", "project spending")),
)

# The grade colours: a band's `style` in the ruleset names a colour (rich's words); each is
# drawn here in a shade that prints, and is readable as white text on it. A band without one
# takes the colour of its rank (top band first).
STYLE_COLOURS = {
    "green": "#2e7d32",
    "cyan": "#00838f",
    "blue": "#1565c0",
    "yellow": "#b88700",
    "magenta": "#8e24aa",
    "red": "#c62828",
    "white": "#757575",
    "black": "#37474f",
}
RANK_COLOURS = ("#2e7d32", "#00838f", "#b88700", "#c62828")
OTHER_COLOUR = "#757575"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
TOP_LOST = 5  # the rows shown under "what lost the most points"

CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC',
    sans-serif;
  color: #1f2933; font-size: 10.5pt; line-height: 1.55;
  max-width: 200mm; margin: 0 auto; padding: 10mm 6mm; background: #fff;
}
@media print { body { max-width: none; padding: 0; } .back { display: none; } }
h1 { font-size: 17pt; margin: 0 0 2pt; line-height: 1.3; }
h2 { font-size: 15pt; margin: 0 0 2pt; line-height: 1.3; }
h3 {
  font-size: 11.5pt; margin: 14pt 0 5pt; padding-left: 6pt; border-left: 4pt solid #3e4c59;
  break-after: avoid; page-break-after: avoid;
}
h4 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 3pt 0; }
.meta { color: #52606d; font-size: 9.5pt; overflow-wrap: anywhere; }
.verdict {
  display: flex; flex-wrap: wrap; align-items: baseline; gap: 4pt 18pt; margin: 8pt 0;
  padding: 6pt 10pt; border: 1px solid #cbd2d9; border-left: 6pt solid var(--grade);
  background: #f8f9fa; break-inside: avoid;
}
.verdict .big { font-size: 20pt; font-weight: bold; }
.badge {
  display: inline-block; padding: 0 6pt; border-radius: 3pt; color: #fff;
  font-weight: bold; white-space: nowrap;
}
.alert {
  border: 1px solid #c62828; background: #fdecea; color: #8e1b1b; padding: 5pt 8pt;
  font-weight: bold; margin: 6pt 0;
}
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 4pt 0 8pt; }
th, td {
  border: 1px solid #cbd2d9; padding: 2.5pt 5pt; vertical-align: top; text-align: left;
  overflow-wrap: anywhere;
}
th { background: #eef1f4; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.level1 td { background: #e4e7eb; font-weight: bold; }
tr.level2 td { background: #f5f7fa; font-weight: bold; }
tr.level2 td.name { padding-left: 14pt; }
tr.level3 td.name { padding-left: 14pt; }
table.grouped tr.level3 td.name { padding-left: 26pt; }
tr.total td { background: #e4e7eb; font-weight: bold; border-top: 2px solid #52606d; }
td.details { font-size: 9pt; color: #323f4b; }
.cut { color: #b71c1c; font-weight: bold; white-space: nowrap; }
.note { color: #616e7c; font-style: italic; }
.keep { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 4pt 0 8pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #52606d; font-size: 9pt; }
svg.chart { display: block; max-width: 100%; height: auto; }
ul.findings { padding-left: 0; list-style: none; margin: 3pt 0; }
ul.findings li { margin: 2pt 0; padding-left: 3.2em; text-indent: -3.2em; break-inside: avoid; }
.level { font-weight: bold; display: inline-block; min-width: 3em; text-indent: 0; }
li.error .level { color: #b71c1c; }
li.warning .level { color: #9a5b00; }
li.info .level, li.info { color: #52606d; }
.where { color: #52606d; }
section.department.paged {
  break-before: page; page-break-before: always;
  margin-top: 22pt; padding-top: 12pt; border-top: 3px double #9aa5b1;
}
@media print { section.department.paged { margin-top: 0; padding-top: 0; border-top: none; } }
col.name { width: 28%; }
col.wide { width: 40%; }
col.num { width: 8%; }
table.ranking col.num { width: 10%; }
.stats { display: flex; flex-wrap: wrap; gap: 2pt 18pt; margin: 4pt 0 8pt; }
.stats b { font-size: 12pt; }
a { color: #1f4e8c; text-decoration: none; }
.back { float: right; font-size: 9pt; font-weight: normal; }
"""


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def render_html(
    departments: Sequence[tuple[Facts, Scorecard]],
    lang: str = "zh",
    *,
    grades: Sequence[Grade] | Mapping[str, Sequence[Grade]] = (),
) -> str:
    """The page for one department, or for a batch when given several (in the order given).

    `grades`: the ruleset's grade bands (top band first), or the bands of each ruleset by its
    id, which colour the charts and list every band in the distribution; without them, the
    bands the scorecards were graded in are used (a band no department fell in is then not
    listed)."""
    page = _Page(departments, lang, grades)
    return page.render()


class _Page:
    def __init__(
        self,
        departments: Sequence[tuple[Facts, Scorecard]],
        lang: str,
        grades: Sequence[Grade] | Mapping[str, Sequence[Grade]],
    ) -> None:
        self.departments = list(departments)
        self.lang = lang
        self.cards = [card for _, card in self.departments]
        self.bands = {card.ruleset.id: _bands_of(card, self.cards, grades) for card in self.cards}
        self.colours: dict[Text, str] = {}
        for bands in self.bands.values():
            for rank, grade in enumerate(bands):
                self.colours.setdefault(grade.label, grade_colour(grade, rank))
        self.summaries = [summarize(card, self.bands[card.ruleset.id]) for card in self.cards]

    # ---- the page ----

    def render(self) -> str:
        lang = self.lang
        batch = len(self.departments) > 1
        if batch:
            years = "、".join(dict.fromkeys(str(c.department.year) for c in self.cards))
            title = (
                f"{_w('batch_title', lang)} ({years})"
                if lang == "en"
                else f"{years}年度{_w('batch_title', lang)}"
            )
        elif self.cards:
            title = _department_title(self.cards[0], lang)
        else:
            title = _w("title", lang)
        body = [self._overview(title)] if batch else []
        for index, (facts, card) in enumerate(self.departments, start=1):
            body.append(self._department(index, facts, card, batch))
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n"
        )

    def colour(self, label: Text) -> str:
        return self.colours.get(label, OTHER_COLOUR)

    def badge(self, label: Text) -> str:
        colour = self.colour(label)
        return f'<span class="badge" style="background:{colour}">{esc(label.get(self.lang))}</span>'

    # ---- a batch: the overview ----

    def _overview(self, title: str) -> str:
        lang = self.lang
        summaries = self.summaries
        places = max(s.places for s in summaries)
        average, middle = mean(summaries), median(summaries)
        said = colon(lang)
        stats = (
            f'<div class="stats"><span>{_w("scored", lang)}{said}<b>{len(summaries)}</b></span>'
            f"<span>{_w('mean', lang)}{said}<b>{_fixed(average, places)}</b></span>"
            f"<span>{_w('median', lang)}{said}<b>{_fixed(middle, places)}</b></span></div>"
        )
        parts = [
            f'<section class="overview" id="ranking">\n<h1>{esc(title)}</h1>',
            stats,
            f"<h3>{_w('ranking', lang)}</h3>",
            self._ranking_table(),
            f"<h3>{_w('distribution', lang)}</h3>",
            self._distribution_chart(),
            f"<h3>{_w('totals', lang)}</h3>",
            self._totals_chart(),
            # kept on one page: the heading, the chart and the table move together
            f'<div class="keep"><h3>{_w("averages", lang)}</h3>',
            *self._averages(),
            "</div></section>",
        ]
        return "\n".join(parts)

    def _ranked(self) -> list[tuple[int, int, Summary]]:
        """(rank, the department's position in the page, its summary), best first."""
        position = {id(s): index for index, s in enumerate(self.summaries, start=1)}
        return [(r.rank, position[id(r.summary)], r.summary) for r in ranking(self.summaries)]

    def _ranking_table(self) -> str:
        lang = self.lang
        rows = [
            '<table class="ranking"><thead><tr>'
            f'<th class="num">{_w("rank", lang)}</th><th>{_w("name", lang)}</th>'
            f'<th>{_w("code", lang)}</th><th class="num">{_w("total", lang)}</th>'
            f"<th>{_w('grade', lang)}</th></tr></thead><tbody>"
        ]
        for rank, position, summary in self._ranked():
            flag = "" if summary.complete else " *"
            rows.append(
                f'<tr><td class="num">{rank}</td>'
                f'<td><a href="#dept-{position}">{esc(summary.name)}</a></td>'
                f"<td>{esc(summary.code)}</td>"
                f'<td class="num">{fixed(summary.total, summary.places)}{flag}</td>'
                f"<td>{self.badge(summary.grade)}</td></tr>"
            )
        rows.append("</tbody></table>")
        if any(not s.complete for s in self.summaries):
            rows.append(f'<p class="note">* {_w("incomplete", lang)}</p>')
        return "".join(rows)

    def _distribution_chart(self) -> str:
        lang = self.lang
        counts = distribution(self.summaries)
        most = max((count for _, count in counts), default=0)
        bars = [
            Bar(
                label.get(lang),
                Fraction(count),
                self.colour(label),
                f"{count}" if lang == "en" else f"{count}个",
            )
            for label, count in counts
        ]
        return _figure(bar_chart(bars, Fraction(max(most, 1)), _w("distribution", lang)))

    def _totals_chart(self) -> str:
        lang = self.lang
        bars = [
            Bar(
                f"{rank}. {summary.name}",
                exact(summary.total),
                self.colour(summary.grade),
                f"{fixed(summary.total, summary.places)} {summary.grade.get(lang)}",
            )
            for rank, _, summary in self._ranked()
        ]
        marks: list[Mark] = []
        if len(self.bands) == 1:  # one ruleset: its bands' lower bounds across the bars
            (bands,) = self.bands.values()
            marks = [
                Mark(exact(g.min), f"{_plain(g.min)} {g.label.get(lang)}", self.colour(g.label))
                for g in bands
                if 0 < g.min < 100
            ]
        ticks = [Fraction(n) for n in range(0, 101, 20)]
        return _figure(bar_chart(bars, Fraction(100), _w("totals", lang), marks=marks, ticks=ticks))

    def _averages(self) -> list[str]:
        """Each dimension's average over the departments it was scored for, by ruleset."""
        lang = self.lang
        by_ruleset: dict[str, list[Scorecard]] = {}
        for card in self.cards:
            by_ruleset.setdefault(card.ruleset.id, []).append(card)
        parts = []
        for cards in by_ruleset.values():
            if len(by_ruleset) > 1:
                parts.append(f"<h4>{esc(cards[0].ruleset.title.get(lang))}</h4>")
            places = cards[0].places
            rows = [
                '<table class="averages"><colgroup><col class="wide"><col><col><col><col>'
                "</colgroup><thead><tr>"
                f"<th>{_w('indicator', lang)}</th><th class='num'>{_w('points', lang)}</th>"
                f"<th class='num'>{_w('average', lang)}</th>"
                f"<th class='num'>{_w('rate', lang)}</th>"
                f"<th class='num'>{_w('counted', lang)}</th></tr></thead><tbody>"
            ]
            bars = []
            bands = self.bands[cards[0].ruleset.id]
            for first in cards[0].dimensions:
                scored = [
                    d.score
                    for card in cards
                    for d in card.dimensions
                    if d.id == first.id and d.status == "scored" and d.score is not None
                ]
                average = (
                    round_fraction(sum(map(exact, scored), Fraction(0)) / len(scored), places)
                    if scored
                    else None
                )
                rate = (
                    exact(average) / exact(first.weight)
                    if average is not None and first.weight > 0
                    else None
                )
                rows.append(
                    f"<tr><td>{esc(first.label.get(lang))}</td>"
                    f'<td class="num">{fixed(first.weight, places)}</td>'
                    f'<td class="num">{_fixed(average, places)}</td>'
                    f'<td class="num">{percent(rate) if rate is not None else ""}</td>'
                    f'<td class="num">{len(scored)}</td></tr>'
                )
                bars.append(
                    Bar(
                        first.label.get(lang),
                        exact(average) if average is not None else Fraction(0),
                        self._rate_colour(bands, rate),
                        f"{_fixed(average, places) or common_word('na', lang)} / "
                        f"{fixed(first.weight, places)}",
                        track=exact(first.weight),
                    )
                )
            rows.append("</tbody></table>")
            scale = max((exact(d.weight) for d in cards[0].dimensions), default=Fraction(1))
            parts.append(_figure(bar_chart(bars, scale, _w("averages", lang))))
            parts.append("".join(rows))
        return parts

    def _rate_colour(self, bands: Sequence[Grade], rate: Fraction | None) -> str:
        if rate is None or not bands:
            return OTHER_COLOUR
        return self.colour(band_for(bands, rate * 100).label)

    # ---- one department ----

    def _department(self, index: int, facts: Facts, card: Scorecard, batch: bool) -> str:
        lang = self.lang
        dept = card.department
        heading = esc(_department_title(card, lang))
        back = f'<a class="back" href="#ranking">↑ {_w("back", lang)}</a>' if batch else ""
        tag = "h2" if batch else "h1"
        paged = " paged" if batch else ""
        said = colon(lang)
        meta = (
            f"{_w('code', lang)}{said}{esc(dept.code)} · {_w('year', lang)}{said}{dept.year}"
            f" · {_w('ruleset', lang)}{said}{esc(card.ruleset.title.get(lang))}"
            + bracketed(f"{_w('digest', lang)} {esc(card.ruleset.sha256[:12])}", lang)
        )
        parts = [
            f'<section class="department{paged}" id="dept-{index}">',
            f"<{tag}>{back}{heading}</{tag}>",
            f'<p class="meta">{meta}</p>',
        ]
        budget = _budget_sentence(facts, lang)
        if budget:
            parts.append(f"<p>{budget}</p>")
        parts.append(self._verdict(card))
        if not card.complete:
            failed = ", ".join(f.plugin for f in card.plugin_failures)
            failures = bracketed(f"{_w('failed_plugins', lang)}{said}{esc(failed)}", lang)
            parts.append(f'<p class="alert">{_w("incomplete", lang)}{failures}</p>')
        parts += [
            f"<h3>{_w('chart', lang)}</h3>",
            self._dimension_chart(card),
            f"<h3>{_w('table', lang)}</h3>",
            _scoring_table(card, lang),
            f"<h3>{_w('lost_most', lang)}</h3>",
            _lost_most(card, lang),
            f"<h3>{_w('findings', lang)}</h3>",
            _findings(card, lang),
            "</section>",
        ]
        return "\n".join(parts)

    def _verdict(self, card: Scorecard) -> str:
        lang = self.lang
        colour = self.colour(card.grade.label)
        said = colon(lang)
        return (
            f'<div class="verdict" style="--grade:{colour}">'
            f'<span>{_w("total", lang)}{said}<span class="big">'
            f"{fixed(card.total, card.places)}</span>{bracketed(_w('of_100', lang), lang)}</span>"
            f"<span>{_w('grade', lang)}{said}{self.badge(card.grade.label)}</span></div>"
        )

    def _dimension_chart(self, card: Scorecard) -> str:
        lang = self.lang
        places = card.places
        bands = self.bands[card.ruleset.id]
        bars = []
        for dim in card.dimensions:
            scored = dim.status == "scored" and dim.score is not None
            value = exact(dim.score) if scored and dim.score is not None else Fraction(0)
            rate = value / exact(dim.weight) if scored and dim.weight > 0 else None
            shown = (
                fixed(dim.score, places)
                if scored and dim.score is not None
                else _status_word(dim.status, lang)
            )
            bars.append(
                Bar(
                    dim.label.get(lang),
                    value,
                    self._rate_colour(bands, rate),
                    f"{shown} / {fixed(dim.weight, places)}",
                    track=exact(dim.weight),
                )
            )
        scale = max((exact(d.weight) for d in card.dimensions), default=Fraction(1))
        chart = bar_chart(bars, scale, f"{_w('chart', lang)}：{card.department.name}")
        return _figure(chart, _w("chart_note", lang))


# ---- the parts of a department's section ----


def _department_title(card: Scorecard, lang: str) -> str:
    dept = card.department
    if lang == "en":
        return f"{dept.name}: {_w('title', lang).lower()}, {dept.year}"
    return f"{dept.name}{dept.year}年度{_w('title', lang)}"


def _budget_sentence(facts: Facts, lang: str) -> str:
    """The department's budget as the facts give it, in 万元 with every decimal they have."""
    data = facts.section("budget")
    amounts = {}
    for key, _ in BUDGET:
        value = data.get(key)
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            amounts[key] = value
    if "actual" not in amounts and "basic_actual" in amounts and "project_actual" in amounts:
        amounts["actual"] = amounts["basic_actual"] + amounts["project_actual"]
    if not amounts:
        return ""
    unit = " (10k yuan)" if lang == "en" else "万元"
    said = {key: f"{label.get(lang)}{'' if lang == 'zh' else ' '}{money(amounts[key])}{unit}"
            for key, label in BUDGET if key in amounts}  # fmt: skip
    main = [said[key] for key in ("adjusted", "actual") if key in said]
    parts = [said[key] for key in ("basic_actual", "project_actual") if key in said]
    comma = ", " if lang == "en" else "，"
    text = comma.join(main)
    if parts:
        inner = comma.join(parts)
        text += f" ({inner})" if lang == "en" else f"（其中{inner}）"
    if lang == "en":
        return f"<b>{_w('basic', lang)}{colon(lang)}</b>{esc(text[:1].upper() + text[1:])}."
    return f"<b>{_w('basic', lang)}{colon(lang)}</b>{esc(text)}。"


def _scoring_table(card: Scorecard, lang: str) -> str:
    places = card.places
    grouped = any(dim.groups for dim in card.dimensions)
    rows = [
        f'<table class="scoring{" grouped" if grouped else ""}">'
        '<colgroup><col class="name"><col class="num"><col class="num"><col></colgroup><thead><tr>'
        f"<th>{_w('levels', lang) if grouped else _w('indicator', lang)}</th>"
        f'<th class="num">{_w("points", lang)}</th><th class="num">{_w("score", lang)}</th>'
        f"<th>{_w('details', lang)}</th></tr></thead><tbody>"
    ]
    for dim in card.dimensions:
        rows.append(_level_row(dim, "level1", dim.weight, lang, places))
        for group in dim.groups or (None,):
            if group is not None:
                rows.append(_level_row(group, "level2", group.points, lang, places))
            for sub in dim.subindicators if group is None else group.subindicators:
                rows.append(_sub_row(sub, lang, places))
    rows.append(
        f'<tr class="total"><td>{_w("total", lang)}</td>'
        f'<td class="num">{fixed(Decimal(100), places)}</td>'
        f'<td class="num">{fixed(card.total, places)}</td>'
        f"<td>{_w('grade', lang)}{colon(lang)}{esc(card.grade.label.get(lang))}</td></tr>"
    )
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _level_row(
    level: DimensionResult | GroupResult, css: str, worth: Decimal, lang: str, places: int
) -> str:
    if level.score is not None and level.status == "scored":
        score = fixed(level.score, places)
    else:
        score = _status_word(level.status, lang)
    note = (
        level.na_reason.get(lang)
        if level.na_reason is not None
        else rebased_note(level, places, lang)
    )
    return (
        f'<tr class="{css}"><td class="name">{esc(level.label.get(lang))}</td>'
        f'<td class="num">{fixed(worth, places)}</td><td class="num">{score}</td>'
        f'<td class="details note">{esc(note)}</td></tr>'
    )


def _sub_row(sub: SubResult, lang: str, places: int) -> str:
    lines = []
    for note in notes_of(sub, lang, False, places):
        if note.lead:
            lines.append(f'<span class="cut">{esc(note.lead)}</span>{esc(note.text)}')
        elif note.style == "italic":
            lines.append(f'<span class="note">{esc(note.text)}</span>')
        else:
            lines.append(esc(note.text))
    if sub.score is not None and sub.status == "scored":
        score = fixed(sub.score, places)
    else:
        score = _status_word(sub.status, lang)
    return (
        f'<tr class="level3"><td class="name">{esc(sub.code)} {esc(sub.label.get(lang))}</td>'
        f'<td class="num">{fixed(sub.points, places)}</td><td class="num">{score}</td>'
        f'<td class="details">{"<br>".join(lines)}</td></tr>'
    )


def lost_rows(card: Scorecard, top: int = TOP_LOST) -> list[tuple[SubResult, Decimal]]:
    """The scored rows that lost points, the most first (report order breaks ties)."""
    lost = [
        (sub, sub.points - sub.score)
        for dim in card.dimensions
        for sub in dim.subindicators
        if sub.status == "scored" and sub.score is not None and sub.score < sub.points
    ]
    return sorted(lost, key=lambda pair: -pair[1])[:top]


def _lost_most(card: Scorecard, lang: str) -> str:
    places = card.places
    found = lost_rows(card)
    if not found:
        return f"<p>{_w('none_lost', lang)}</p>"
    rows = [
        '<table class="lost"><colgroup><col class="name"><col class="num"><col class="num">'
        '<col class="num"><col></colgroup><thead><tr>'
        f"<th>{_w('indicator', lang)}</th><th class='num'>{_w('points', lang)}</th>"
        f"<th class='num'>{_w('score', lang)}</th><th class='num'>{_w('lost', lang)}</th>"
        f"<th>{_w('why', lang)}</th></tr></thead><tbody>"
    ]
    for sub, lost in found:
        reasons = "<br>".join(esc(d.reason.get(lang)) for d in sub.deductions)
        rows.append(
            f"<tr><td>{esc(sub.code)} {esc(sub.label.get(lang))}</td>"
            f'<td class="num">{fixed(sub.points, places)}</td>'
            f'<td class="num">{fixed(sub.score or Decimal(0), places)}</td>'
            f'<td class="num cut">−{fixed(lost, places)}</td>'
            f'<td class="details">{reasons}</td></tr>'
        )
    rows.append("</tbody></table>")
    return "".join(rows)


def _findings(card: Scorecard, lang: str) -> str:
    """Errors first, then warnings (an answer left out after the others), then the notes."""
    found = sorted(card.all_findings(), key=urgency)
    if not found:
        return f"<p>{_w('no_findings', lang)}</p>"
    labels = {sub.code: sub.label.get(lang) for dim in card.dimensions for sub in dim.subindicators}
    items = []
    for finding in found:
        place = finding_place(finding, labels, lang)
        where = f' <span class="where">[{esc(place)}]</span>' if place else ""
        items.append(
            f'<li class="{finding.level}"><span class="level">'
            f"{common_word(finding.level, lang)}</span>{esc(finding.message.get(lang))}"
            f"{where}</li>"
        )
    return '<ul class="findings">' + "".join(items) + "</ul>"


# ---- grades and colours ----


def grade_colour(grade: Grade, rank: int) -> str:
    """A band's colour: the one its `style` names, else the colour of its rank (0 = top)."""
    for part in grade.style.lower().replace("bright_", "").split():
        if part in STYLE_COLOURS:
            return STYLE_COLOURS[part]
        if _HEX.fullmatch(part):
            return part
    return RANK_COLOURS[rank] if rank < len(RANK_COLOURS) else OTHER_COLOUR


def band_for(bands: Sequence[Grade], value: Fraction) -> Grade:
    """The band a total (or a rate × 100) falls in: the highest band whose `min` it reaches."""
    reached = [g for g in bands if value >= exact(g.min)]
    return max(reached, key=lambda g: g.min) if reached else bands[-1]


def _bands_of(
    card: Scorecard,
    cards: Sequence[Scorecard],
    grades: Sequence[Grade] | Mapping[str, Sequence[Grade]],
) -> tuple[Grade, ...]:
    if isinstance(grades, Mapping):
        given = grades.get(card.ruleset.id)
        if given:
            return tuple(given)
    elif grades:
        return tuple(grades)
    seen = {c.grade: None for c in cards if c.ruleset.id == card.ruleset.id}
    return tuple(sorted(seen, key=lambda g: -g.min))


# ---- small words ----


def _status_word(status: str, lang: str) -> str:
    return common_word("na" if status == "not_applicable" else "failed", lang)


def _fixed(value: Decimal | None, places: int) -> str:
    return "" if value is None else fixed(value, places)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _figure(svg: str, caption: str = "") -> str:
    text = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f"<figure>{svg}{text}</figure>"
