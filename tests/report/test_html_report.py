"""The HTML page (`score report … -o report.html`): what it holds for one department and for a
batch, that it loads nothing from anywhere, and that a hostile name comes out escaped, in the
tables and in the SVG charts alike."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from paths import EXAMPLES, SEED

from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.numbers import fixed
from jixiao.report import pdf
from jixiao.report.html_report import STYLE_COLOURS, lost_rows, render_html
from jixiao.report.svg import esc

TOP_LEVEL = sorted(EXAMPLES.glob("*.toml"))  # the six departments under the 2025 system
HUNAN = EXAMPLES / "hunan" / "yueyang-water-2025.toml"


def scored(path: Path, ruleset: str | None = None):
    facts, rules = api.load_department(path, name=ruleset)
    return facts, api.score_file(path, rules), rules


@pytest.fixture(scope="module")
def seed():
    return scored(SEED)


@pytest.fixture(scope="module")
def batch():
    return [scored(path) for path in TOP_LEVEL]


@pytest.fixture(scope="module")
def hunan():
    return scored(HUNAN, "hunan")


def page(departments, lang: str = "zh") -> str:
    grades = {rules.id: rules.grades for _, _, rules in departments}
    return render_html([(facts, card) for facts, card, _ in departments], lang, grades=grades)


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


class Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's parser reads the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


def assert_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?//""", html)
    assert not re.search(r"<script\b", html, flags=re.I)
    assert "@import" not in html
    for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", html):
        assert target.startswith("data:"), target
    for tag, attributes in parsed(html).tags:
        assert tag not in ("script", "iframe", "object", "embed", "link", "img", "image")
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "xlink:href"):
                assert value is not None and value.startswith("#"), (tag, name, value)


def test_seed_page_holds_name_total_grade_chart_table_findings(seed):
    _, card, _ = seed
    html = page([seed])
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert "<title>鹿泉区政协2025年度部门整体支出绩效评价结果</title>" in html
    assert card.department.name == "鹿泉区政协"
    assert fixed(card.total, 2) == "79.43" and card.grade.label.zh == "良好"
    assert '<span class="big">79.43</span>' in html
    assert ">良好</span>" in html
    charts = svgs(html)
    assert len(charts) == 1  # the dimensions, score against points
    for dim in card.dimensions:
        assert f">{dim.label.zh}</text>" in charts[0]
        assert f"{fixed(dim.score, 2)} / {fixed(dim.weight, 2)}" in charts[0]
    for heading in ("一级指标得分", "评分表", "失分最多的指标", "问题与提示"):
        assert f"<h3>{heading}</h3>" in html
    # every row of the scoring table, with its points and score
    for dim in card.dimensions:
        for sub in dim.subindicators:
            assert (
                f'{sub.code} {sub.label.zh}</td><td class="num">{fixed(sub.points, 2)}</td>'
                f'<td class="num">{fixed(sub.score, 2)}</td>'
            ) in html
    assert '<span class="cut">−4.57｜</span>内控制度完备性42.86%，按比例扣4.57分' in html
    assert '<tr class="total"><td>总分</td><td class="num">100.00</td>' in html
    assert "基本情况" in html and "调整后预算数968.909901万元" in html
    assert "（其中基本支出904.418005万元，项目支出64.491896万元）" in html
    # the findings: every warning, with where it is
    warnings = [f for f in card.all_findings() if f.level == "warning"]
    assert warnings and html.count('<li class="warning">') == len(warnings)
    assert "[2.1 部门预算公开]" in html
    assert '<section class="department" id="dept-1">' in html  # one: no page break
    assert_self_contained(html)


def test_what_lost_the_most_points_comes_first(seed):
    _, card, _ = seed
    rows = lost_rows(card)
    lost = [sub.points - sub.score for sub, _ in rows]
    assert lost == sorted(lost, reverse=True) and rows[0][0].code == "4.1"
    assert [fixed(points, 2) for _, points in rows] == ["4.57", "4.00", "4.00", "3.00", "3.00"]
    html = page([scored(SEED)])
    table = html[html.index('<table class="lost">') :]
    table = table[: table.index("</table>")]
    assert table.index("4.1 内控制度完备性") < table.index("2.1 部门预算公开")
    assert '<td class="num cut">−4.57</td>' in table


def test_batch_of_the_examples_ranks_charts_and_links_every_department(batch):
    html = page(batch)
    cards = [card for _, card, _ in batch]
    assert len(cards) == 6
    text = "".join(parsed(html).text)
    for index, card in enumerate(cards, start=1):
        assert card.department.name in text
        assert f'<a href="#dept-{index}">{esc(card.department.name)}</a>' in html
        assert f'id="dept-{index}"' in html
        section = html[html.index(f'id="dept-{index}"') :]
        section = section[: section.index("</section>")]
        assert f'<span class="big">{fixed(card.total, 2)}</span>' in section
        assert f">{card.grade.label.zh}</span>" in section
    # the ranking: best first, with rank, name, code, total and grade
    ranking = html[html.index('<table class="ranking">') :]
    ranking = ranking[: ranking.index("</table>")]
    order = sorted(cards, key=lambda c: -c.total)
    positions = [ranking.index(f">{c.department.name}</a>") for c in order]
    assert positions == sorted(positions)
    first = order[0]
    assert (
        f'<tr><td class="num">1</td><td><a href="#dept-{cards.index(first) + 1}">'
        f"{first.department.name}</a></td><td>{first.department.code}</td>"
        f'<td class="num">{fixed(first.total, 2)}</td>'
    ) in ranking
    # the charts: distribution, totals, averages, then one per department
    charts = svgs(html)
    assert len(charts) == 3 + len(cards)
    distribution, totals, averages = charts[:3]
    for band in ("优秀", "良好", "一般", "较差"):  # every band, even one nobody fell in
        assert f">{band}</text>" in distribution
    assert ">0个</text>" in distribution  # 一般
    for card in cards:
        assert f"{fixed(card.total, 2)} {card.grade.label.zh}</text>" in totals
    assert ">85 优秀</text>" in totals and ">60 一般</text>" in totals
    for dim in cards[0].dimensions:
        assert f">{dim.label.zh}</text>" in averages
    assert "30.58 / 35.00" in averages  # 预算执行: the exact mean of six, rounded once
    assert '<td class="num">87.37%</td>' in html
    # colours by grade: the ruleset's style, top band first
    assert '<rect class="bar" x="' in totals and STYLE_COLOURS["green"] in totals
    assert f'style="background:{STYLE_COLOURS["red"]}">较差</span>' in html
    assert html.count('class="department paged"') == len(cards)
    assert_self_contained(html)


def test_a_hostile_name_is_escaped_in_the_html_and_in_the_svg(batch):
    hostile = [
        "<script>alert(1)</script>",
        '"]]><svg onload=alert(2)>',
        "局'><img src=x onerror=alert(3)>\x1b[31m",
    ]
    departments = []
    for (facts, card, rules), name in zip(batch, hostile, strict=False):
        department = attrs.evolve(card.department, name=name, code=f"<b>{name}</b>")
        departments.append(
            (
                attrs.evolve(facts, department=department),
                attrs.evolve(card, department=department),
                rules,
            )
        )
    html = page(departments)
    assert "<script" not in html and "<svg onload" not in html and "<img" not in html
    assert "\x1b" not in html and "<b><" not in html and "&lt;b&gt;&lt;script" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;]]&gt;&lt;svg onload=alert(2)&gt;" in html
    assert "局&#x27;&gt;&lt;img src=x onerror=alert(3)&gt;\\x1b[31m" in html
    totals = svgs(html)[1]
    assert "1. " in totals  # the names are in the chart, escaped there too
    assert any(f"{esc(name)[:8]}" in totals for name in hostile)
    assert "<script" not in totals and "]]>" not in totals
    elements = parsed(html)
    assert [tag for tag, _ in elements.tags].count("svg") == 3 + 3
    assert "<script>alert(1)</script>" in "".join(elements.text)  # shown as text, as written
    assert_self_contained(html)


def test_a_hunan_department_shows_its_groups(hunan):
    _, card, _ = hunan
    html = page([hunan])
    assert card.department.name in html and fixed(card.total, 2) == "85.36"
    assert '<span class="big">85.36</span>' in html and ">良</span>" in html
    assert "<th>一级/二级/三级指标</th>" in html
    groups = [group for dim in card.dimensions for group in dim.groups]
    assert groups
    for group in groups:
        assert (
            f'<tr class="level2"><td class="name">{esc(group.label.zh)}</td>'
            f'<td class="num">{fixed(group.points, 2)}</td>'
            f'<td class="num">{fixed(group.score, 2)}</td>'
        ) in html
    # a group's rows follow it, under their dimension
    first = card.dimensions[0]
    at = html.index(f'<tr class="level1"><td class="name">{first.label.zh}</td>')
    assert (
        at
        < html.index(first.groups[0].label.zh)
        < html.index(first.groups[0].subindicators[0].code + " ")
    )
    assert len(svgs(html)) == 1
    assert_self_contained(html)


def test_a_batch_of_two_rulesets_averages_each_apart(batch, hunan):
    html = page([*batch[:2], hunan])
    assert "<h4>部门整体支出绩效评价评分表（湖南参考样表）</h4>" in html
    assert len(svgs(html)) == 2 + 2 + 3  # distribution, totals, two averages, three departments
    assert ">良</span>" in html and ">优秀</span>" in html
    assert_self_contained(html)


def test_english_headings(batch, seed):
    html = page(batch, "en")
    assert '<html lang="en">' in html
    for heading in ("Ranking", "Grade distribution", "Totals", "Average score by dimension"):
        assert f"<h3>{heading}</h3>" in html
    for heading in ("Score by dimension", "Scoring table", "Findings"):
        assert f"<h3>{heading}</h3>" in html
    assert "<th>Rank</th>" not in html and '<th class="num">Rank</th>' in html
    assert ">Excellent</span>" in html and ">Poor</text>" in svgs(html)[0]
    one = page([seed], "en")
    assert "<title>鹿泉区政协: overall expenditure performance evaluation, 2025</title>" in one
    assert "Adjusted budget 968.909901 (10k yuan)" in one
    assert "部门" not in "".join(parsed(one).text).replace("部门整体支出绩效评价指标体系", "")


def test_without_grades_given_the_bands_of_the_scorecards_are_used(batch):
    html = render_html([(facts, card) for facts, card, _ in batch])
    distribution = svgs(html)[0]
    assert ">优秀</text>" in distribution and ">一般</text>" not in distribution  # nobody is 一般
    assert_self_contained(html)


def test_write_pdf_without_chromium_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(InputError) as raised:
        pdf.write_pdf("<p>x</p>", tmp_path / "out.pdf")
    (problem,) = raised.value.problems
    assert problem.file == "--output" and problem.message.template.id == "report.pdf.no_browser"
    assert "apt-get install chromium" in problem.text("zh") and "Chromium" in problem.text("zh")
    assert problem.text("en").startswith("writing a PDF needs the Chromium browser")
    assert not (tmp_path / "out.pdf").exists()
