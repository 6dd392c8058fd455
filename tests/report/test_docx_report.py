"""The self-evaluation report as a Word document: reopened with python-docx, its text, its
scoring table, its fonts, its page and its page numbers."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from paths import EXAMPLES, SEED

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.facts.model import Department, Facts
from jixiao.report import docx_report

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

HUNAN = EXAMPLES / "hunan" / "yueyang-water-2025.toml"


def _written(path: Path, lang: str = "zh", ruleset: str | None = None):
    registry = api.load_registry()
    facts, rules = api.load_department(path, registry, ruleset)
    assert rules is not None
    card = api.score(facts, rules, registry)
    stream = io.BytesIO()
    docx_report.write_docx(facts, card, stream, lang, rules.grades)
    return docx.Document(io.BytesIO(stream.getvalue())), card


@pytest.fixture(scope="module")
def seed():
    return _written(SEED)


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _json(capsys, *argv: str) -> dict:
    assert main(["run", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_seed_report_holds_the_department_the_total_and_the_grade(seed, capsys):
    document, _ = seed
    result = _json(capsys, str(SEED))
    text = _text(document)
    assert document.paragraphs[0].text == "鹿泉区政协\n2025年度部门整体支出绩效自评报告"
    assert document.core_properties.title == "鹿泉区政协2025年度部门整体支出绩效自评报告"
    assert result["total"] == "79.43" and result["grade"] == "良好"
    assert (
        f"鹿泉区政协2025年度部门整体支出绩效评价总得分{result['total']}分（满分100分），"
        f"评价等级为{result['grade']}。"
    ) in text
    for dimension in result["dimensions"]:
        points, score = dimension["weight"], dimension["score"]
        assert f"{dimension['label']}（分值{points}分，得分{score}分" in text


def test_the_budget_is_said_in_sentences_from_the_facts(seed):
    text = _text(seed[0])
    assert "2025年年初预算数968.909901万元，调整后预算数968.909901万元。" in text
    assert (
        "本部门2025年度支出合计968.909901万元，其中：基本支出904.418005万元；"
        "项目支出64.491896万元。"
    ) in text
    assert "“三公”经费预算数3.50万元，“三公”经费实际支出3.20万元" in text


def _facts(budget: dict) -> Facts:
    return Facts(Department("某部门", "X-1", 2025), {"budget": budget})


def test_a_budget_sentence_names_only_the_amounts_the_facts_give():
    said = [s.get("zh") for s in docx_report.budget_sentences(_facts({"actual": Decimal("12.5")}))]
    assert said == ["本部门2025年度支出合计12.50万元。"]
    parts = {"basic_actual": Decimal("1"), "project_actual": Decimal("2.25")}
    said = [s.get("zh") for s in docx_report.budget_sentences(_facts(parts))]
    assert said == ["本部门2025年度支出合计3.25万元，其中：基本支出1.00万元；项目支出2.25万元。"]
    assert docx_report.budget_sentences(_facts({})) == []


def test_what_the_department_writes_is_marked_to_be_completed(seed):
    text = _text(seed[0])
    for heading in (
        "（一）自评的组织工作",
        "（二）自评的方法和过程",
        "五、改进措施",
        "（二）原因分析",
    ):
        after = text[text.index(heading) :]
        assert after.split("\n")[1].startswith("【待填写】"), heading
    headings = [p.text for p in seed[0].paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、部门基本情况",
        "二、自评工作开展情况",
        "三、评价情况分析及综合评价结论",
        "四、存在的问题及原因分析",
        "五、改进措施",
    ]


def test_the_problems_are_the_deductions_and_warnings_numbered(seed):
    document, card = seed
    problems = [p.text for p in document.paragraphs if p.text[:2] in {f"{n}、" for n in range(10)}]
    text = _text(document)
    found = text[text.index("（一）存在的问题") : text.index("（二）原因分析")]
    assert "1、部门预算公开（2.1）失分4.00分：" in found
    assert "5、内控制度完备性（4.1）失分4.57分：内控制度完备性42.86%，按比例扣4.57分。" in found
    assert (
        "收入业务（internal_controls.rule_sets.revenue）：未填写，按不具备该项内控制度计。" in found
    )
    lost = [sub for dim in card.dimensions for sub in dim.subindicators if sub.deductions]
    assert all(f"（{sub.code}）失分" in found for sub in lost)
    assert problems  # numbered as the reports number them


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_scoring_table_has_a_row_for_every_row_of_the_scorecard(seed):
    document, card = seed
    table = document.tables[0]
    rows = _rows(table)
    assert rows[0] == ["一级指标", "三级指标", "分值", "得分", "扣分说明"]
    by_label = {row[1]: row for row in rows[1:]}
    for dimension in card.dimensions:
        subtotal = [r for r in rows if r[0] == dimension.label.zh and r[1] == "小计"]
        assert subtotal and subtotal[0][2:4] == [
            f"{dimension.weight:.2f}",
            f"{dimension.score:.2f}",
        ]
        for sub in dimension.subindicators:
            row = by_label[f"{sub.code} {sub.label.zh}"]
            assert row[0] == dimension.label.zh  # the dimension's cell runs down its rows
            assert row[2:4] == [f"{sub.points:.2f}", f"{sub.score:.2f}"]
    assert by_label["4.1 内控制度完备性"][4].endswith("−4.57｜内控制度完备性42.86%，按比例扣4.57分")
    assert rows[-2][2:4] == ["100.00", "79.43"]
    assert rows[-1][0] == "评价等级" and rows[-1][3] == "良好"
    count = sum(len(d.subindicators) + 1 for d in card.dimensions)
    assert len(rows) == 1 + count + 2
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None  # on every page


def test_the_project_table_lists_each_project(seed):
    rows = _rows(seed[0].tables[1])
    assert rows[0] == ["项目名称", "项目预算（万元）", "自评得分", "自评等级"]
    assert rows[1] == ["政协委员工作站（室）建设活动经费", "", "100.00", "优秀"]
    assert len(rows) == 11


def _fonts(run) -> tuple[str | None, str | None, float | None]:
    fonts = run._r.rPr.rFonts
    size = run.font.size.pt if run.font.size is not None else None
    return fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii")), size


def test_every_run_names_its_fonts(seed):
    document = seed[0]
    title = document.paragraphs[0].runs[0]
    assert _fonts(title) == ("方正小标宋简体", "Times New Roman", 22)
    for paragraph in document.paragraphs[1:]:
        for run in paragraph.runs:
            expected = {"Heading 1": "黑体", "Heading 2": "楷体_GB2312"}.get(
                paragraph.style.name, "仿宋_GB2312"
            )
            east_asia, latin, size = _fonts(run)
            assert (east_asia, latin) == (expected, "Times New Roman"), paragraph.text
            assert size in (16, 10.5)
    for table in document.tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                for run in (r for p in cell.paragraphs for r in p.runs):
                    assert _fonts(run) == ("仿宋_GB2312", "Times New Roman", 10.5)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.get(qn("w:asciiTheme")) is None  # a theme font would win over the named one


def test_the_substitutes_are_named_and_nothing_is_embedded(seed):
    document = seed[0]
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    table = parts["/word/fontTable.xml"].blob.decode()
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in table
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in table
    assert not [name for name in parts if name.startswith("/word/fonts/")]


def test_the_page_is_a4_with_the_margins_of_gb_t_9704(seed):
    section = seed[0].sections[0]

    def mm(*lengths):  # Word keeps lengths in twips: 210 mm is 210.01
        return tuple(round(length.mm, 1) for length in lengths)

    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin) == (37, 35)
    assert mm(section.left_margin, section.right_margin) == (28, 26)
    body = seed[0].styles["Normal"]
    assert body.paragraph_format.line_spacing == Pt(28)


def test_the_page_number_is_a_page_field_between_dashes(seed):
    section = seed[0].sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "<w:instrText" in xml and " PAGE " in xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert footer.paragraphs[0].text == "— 1 —"
    assert seed[0].settings.odd_and_even_pages_header_footer


def test_in_english_the_headings_are_translated_and_the_fonts_stay_named():
    document, _ = _written(SEED, "en")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. The department" and headings[-1] == "5. Measures for improvement"
    text = _text(document)
    assert "in 2025 totals 79.43 of 100 points: the grade is Good." in text
    assert "[To be completed]" in text
    assert _fonts(document.paragraphs[0].runs[0])[0] == "方正小标宋简体"
    assert _rows(document.tables[0])[0][:2] == ["Level 1", "Level 3"]


def test_a_hunan_report_shows_the_second_level_groups(capsys):
    document, card = _written(HUNAN, ruleset="hunan")
    result = _json(capsys, str(HUNAN), "--ruleset", "hunan")
    text = _text(document)
    assert f"总得分{result['total']}分（满分100分），评价等级为{result['grade']}。" in text
    rows = _rows(document.tables[0])
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "分值", "得分", "扣分说明"]
    for dimension in card.dimensions:
        assert dimension.groups
        for group in dimension.groups:
            subtotal = [r for r in rows if r[1] == group.label.zh and r[2] == "小计"]
            assert subtotal, group.label.zh
            assert subtotal[0][0] == dimension.label.zh
            assert subtotal[0][3:5] == [f"{group.points:.2f}", f"{group.score:.2f}"]
            for sub in group.subindicators:
                row = next(r for r in rows if r[2] == f"{sub.code} {sub.label.zh}")
                assert row[:2] == [dimension.label.zh, group.label.zh]
                assert row[3:5] == [f"{sub.points:.2f}", f"{sub.score:.2f}"]
        assert f"{dimension.groups[0].label.zh}得" in text  # its paragraph names its groups
