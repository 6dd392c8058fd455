"""The self-evaluation report as a Word document (`score report dept.toml -o 自评报告.docx`).

The structure follows the reports departments hand in (the seed of 鹿泉区政协, 2025): 一、部门基本
情况 with the budget in sentences made from the facts, 二、自评工作开展情况 left for the
department to write, 三、评价情况分析及综合评价结论 with a paragraph per 一级 dimension and the
whole scoring table, 四、存在的问题及原因分析 from the deductions and warnings, 五、改进措施 left
to write, and the table of the projects' own self-evaluations. Whatever the department has to
write itself is marked 【待填写】: the document never invents a number or a sentence of its own.

The layout is that of Chinese official documents (GB/T 9704-2012): A4, margins 37/35/28/26
mm, the title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 on a 28 pt line, 一、
headings in 黑体, （一） headings in 楷体_GB2312, page numbers as "— 1 —" in 宋体 四号, right
on odd pages and left on even ones. Fonts are named in the document (with 宋体, 仿宋, 黑体 and
楷体 as the substitutes Word and WPS take when the GB fonts are missing); none is embedded.

python-docx is imported only here, when a document is written (`score run` never imports it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.facts.model import Facts
from jixiao.engine.numbers import exact, fixed
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.render import money
from jixiao.engine.words.text import Text
from jixiao.report.notes import finding_place, notes_of

# ── fonts and sizes (GB/T 9704-2012) ──

TITLE_FONT = "方正小标宋简体"  # 二号, 22 pt
BODY_FONT = "仿宋_GB2312"  # 三号, 16 pt
HEADING_FONT = "黑体"  # 一、
SUBHEADING_FONT = "楷体_GB2312"  # （一）
PAGE_NUMBER_FONT = "宋体"  # 四号, 14 pt
LATIN_FONT = "Times New Roman"  # digits and Latin letters
# what Word and WPS substitute when a GB font is not installed (fontTable's w:altName)
SUBSTITUTES = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    SUBHEADING_FONT: "楷体",
    HEADING_FONT: "SimHei",
    PAGE_NUMBER_FONT: "SimSun",
}
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = 22, 16, 10.5, 14
LINE = 28  # points: 22 lines of 三号 on the 225 mm type area
MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left, right

TODO = Text("【待填写】", "[To be completed] ")

# ── the words of the document ──

HEADINGS = {
    "basic": Text("一、部门基本情况", "1. The department"),
    "overview": Text("（一）部门概况", "(1) Overview"),
    "budget": Text("（二）部门收支预决算情况", "(2) Budget and spending"),
    "targets": Text("（三）部门整体支出绩效目标", "(3) Performance targets"),
    "work": Text("二、自评工作开展情况", "2. How the self-evaluation was done"),
    "organisation": Text("（一）自评的组织工作", "(1) Organisation"),
    "method": Text("（二）自评的方法和过程", "(2) Method and process"),
    "analysis": Text("三、评价情况分析及综合评价结论", "3. Analysis and overall conclusion"),
    "conclusion": Text("（一）综合评价结论", "(1) Overall conclusion"),
    "dimensions": Text("（二）各项指标得分情况分析", "(2) The indicators, one by one"),
    "table": Text("（三）评分表", "(3) Scoring table"),
    "projects": Text("（四）项目支出自评情况", "(4) Projects' self-evaluations"),
    "problems": Text("四、存在的问题及原因分析", "4. Problems and their causes"),
    "found": Text("（一）存在的问题", "(1) Problems"),
    "causes": Text("（二）原因分析", "(2) Causes"),
    "measures": Text("五、改进措施", "5. Measures for improvement"),
}
INCOME = Text("1、预算情况", "Budget")
SPENDING = Text("2、支出情况", "Spending")
CONTROLLED = Text("3、“三公”经费和公用经费", "三公 and public funds")
ORGANISATION_TODO = Text(
    "请填写：本部门如何组织自评工作（依据的文件、领导小组、分工与时间安排等）。",
    "Write here how the department organised its self-evaluation (the instructions "
    "followed, the leading group, who did what, when).",
)
METHOD_TODO = Text(
    "请填写：自评的方法和过程（资料的收集与核实、评价方法、复核等）。",
    "Write here the method and the process (how evidence was gathered and checked, the "
    "methods used, the review).",
)
OVERVIEW_TODO = Text(
    "请填写：部门的主要职能、内设机构、人员编制和纳入决算的单位。",
    "Write here the department's duties, its divisions, its staffing and the units in its "
    "final accounts.",
)
CAUSES_TODO = Text(
    "请填写：上述问题的原因。",
    "Write here the causes of the problems above.",
)
MEASURES_TODO = Text(
    "请填写：针对上述问题提出的具体改进措施或建议。",
    "Write here the measures or recommendations for each problem above.",
)
DATE_TODO = Text("【待填写】年　月　日", "[To be completed: date]")
NO_BUDGET = Text("填报数据中没有预算收支数据。", "The facts give no budget figures.")
NO_PROBLEMS = Text("未发现扣分事项。", "No points were lost.")
NO_PROJECTS = Text("填报数据中没有项目。", "The facts list no project.")
WARNINGS = Text("此外，评分时提示：", "Scoring also noted:")
FULL_POINTS = Text("各项指标均得满分。", "Every indicator earned full points.")
COLUMNS = {
    "dimension": Text("一级指标", "Level 1"),
    "group": Text("二级指标", "Level 2"),
    "sub": Text("三级指标", "Level 3"),
    "points": Text("分值", "Points"),
    "score": Text("得分", "Score"),
    "details": Text("扣分说明", "Deductions and notes"),
    "project": Text("项目名称", "Project"),
    "budget": Text("项目预算（万元）", "Budget (万元)"),
    "self_score": Text("自评得分", "Self-score"),
    "self_grade": Text("自评等级", "Self-grade"),
    "total": Text("合计", "Total"),
    "grade": Text("评价等级", "Grade"),
}
NA = Text("不适用", "N/A")
SUBTOTAL = Text("小计", "Subtotal")
FAILED = Text("出错", "failed")
PROJECTS_NOTE = Text(
    "注：项目得分为各项目的自评得分，未经本评分计算。",
    "Note: the projects' scores are their own self-evaluations, not computed here.",
)

# the [budget] amounts a sentence may name, in its order (indicators/budget_execution.py)
PLAN = (
    ("initial", Text("年初预算数", "initial budget")),
    ("adjusted", Text("调整后预算数", "adjusted budget")),
)
PARTS = (
    ("basic_actual", Text("基本支出", "basic spending")),
    ("project_actual", Text("项目支出", "project spending")),
)
CARRY_OVER = Text("结转结余", "carry-over and surplus")
CONTROLS = (
    ("sangong_budget", Text("“三公”经费预算数", "三公 budget")),
    ("sangong_actual", Text("“三公”经费实际支出", "三公 spending")),
    ("public_funds_budget", Text("公用经费预算数", "public-funds budget")),
    ("public_funds_actual", Text("公用经费实际支出", "public-funds spending")),
)

NEED_DOCX = Template(
    "report.need_docx",
    "写入 Word 文档需要 python-docx，尚未安装：请运行 pip install 'jixiao[report]'"
    "（或 pip install python-docx）",
    "writing a Word document needs python-docx, which is not installed: "
    "pip install 'jixiao[report]' (or pip install python-docx)",
)
TITLE = Template(
    "docx.title",
    "{name}{year}年度部门整体支出绩效自评报告",
    "{name}: self-evaluation of the overall expenditure performance, {year}",
)
# the title as it is set: the department's name on a line of its own, as the seed report does
TITLE_LINES = Template(
    "docx.title_lines",
    "{name}\n{year}年度部门整体支出绩效自评报告",
    "{name}\nSelf-evaluation of the overall expenditure performance, {year}",
)
OPENING = Template(
    "docx.opening",
    "按照《{ruleset}》，对{name}{year}年度部门整体支出情况开展绩效自评价，形成本报告。",
    "Under the ruleset “{ruleset}”, {name} evaluated its overall expenditure of {year}; "
    "this is its report.",
)
AMOUNT = Template("docx.amount", "{label}{amount:money}万元", "{label} {amount:money} 万元")
PLAN_SENTENCE = Template("docx.plan", "{year}年{amounts}。", "In {year}: {amounts}.")
SPENT = Template(
    "docx.spent",
    "本部门{year}年度支出合计{actual:money}万元",
    "The department spent {actual:money} 万元 in {year}",
)
SPENT_PARTS = Template("docx.spent_parts", "{spent}，其中：{parts}。", "{spent}, of which {parts}.")
SPENT_ALONE = Template("docx.spent_alone", "{spent}。", "{spent}.")
CONTROL_SENTENCE = Template("docx.controls", "{amounts}。", "{amounts}.")
TARGETS = Template(
    "docx.targets",
    "本年度设定部门整体支出绩效目标{count}项，完成情况如下：",
    "The department set {count} performance target(s) for the year:",
)
NO_TARGETS = Template(
    "docx.no_targets",
    "填报数据中没有绩效目标（[[targets]]）。",
    "The facts give no performance target ([[targets]]).",
)
TARGET_LEVEL = Template("docx.target_level", "{name}：{level}", "{name}: {level}")
TARGET_VALUES = Template(
    "docx.target_values",
    "{name}：目标值{target:num}{unit}，实际完成{actual:num}{unit}",
    "{name}: target {target:num}{unit}, achieved {actual:num}{unit}",
)
CONCLUSION = Template(
    "docx.conclusion",
    "按照《{ruleset}》评分，{name}{year}年度部门整体支出绩效评价总得分{total}分（满分100分），"
    "评价等级为{grade}。",
    "Scored under “{ruleset}”, the overall expenditure performance of {name} in {year} "
    "totals {total} of 100 points: the grade is {grade}.",
)
BANDS = Template(
    "docx.bands",
    "部门整体支出绩效评价分为{count}个等级：{bands}。",
    "The grades are {count}: {bands}.",
)
BAND_TOP = Template("docx.band_top", "得分≥{min:num}分为{grade}", "{grade} from {min:num}")
BAND = Template(
    "docx.band",
    "{min:num}≤得分＜{below:num}分为{grade}",
    "{grade} from {min:num} to below {below:num}",
)
BAND_BOTTOM = Template(
    "docx.band_bottom", "得分＜{below:num}分为{grade}", "{grade} below {below:num}"
)
INCOMPLETE = Template(
    "docx.incomplete",
    "注意：插件{plugins:list}出错，评分不完整，本报告不能作为正式结果使用。",
    "Warning: the plugin(s) {plugins:list} failed; the scoring is incomplete and this report "
    "is not a valid result.",
)
DIMENSION = Template(
    "docx.dimension",
    "{number}、{label}（分值{points}分，得分{score}分）。",
    "{number}. {label} ({score} of {points} points).",
)
DIMENSION_LOST = Template(
    "docx.dimension_lost",
    "{number}、{label}（分值{points}分，得分{score}分，失分{lost}分）。",
    "{number}. {label} ({score} of {points} points; {lost} lost).",
)
DIMENSION_NA = Template(
    "docx.dimension_na",
    "{number}、{label}（分值{points}分）不适用：{reason}。",
    "{number}. {label} ({points} points) does not apply: {reason}.",
)
DIMENSION_FAILED = Template(
    "docx.dimension_failed",
    "{number}、{label}（分值{points}分）：插件出错，未能评分。",
    "{number}. {label} ({points} points): a plugin failed; not scored.",
)
GROUP = Template(
    "docx.group", "{label}得{score}分（分值{points}分）。", "{label}: {score} of {points}."
)
ROW_FULL = Template(
    "docx.row_full", "{code} {label}得满分{points}分", "{code} {label}: full {points} points"
)
ROW = Template(
    "docx.row",
    "{code} {label}得{score}分（分值{points}分）",
    "{code} {label}: {score} of {points} points",
)
ROW_NA = Template(
    "docx.row_na", "{code} {label}不适用（{reason}）", "{code} {label} does not apply ({reason})"
)
ROW_FAILED = Template(
    "docx.row_failed",
    "{code} {label}未能评分（插件出错）",
    "{code} {label} was not scored (a plugin failed)",
)
PROBLEM = Template(
    "docx.problem",
    "{label}（{code}）失分{lost}分：{reasons}。",
    "{label} ({code}): {lost} points lost: {reasons}.",
)
RULESET = Template(
    "docx.ruleset",
    "评价规则：{title}（校验码 {sha}）",
    "Ruleset: {title} (fingerprint {sha})",
)

CLAUSES = {"zh": "；", "en": "; "}
AMOUNTS = {"zh": "，", "en": ", "}


def require_docx(target: str, field: str = "--output") -> None:
    """Refuse (exit 2, before any work) a Word document when python-docx is not installed."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise InputError([Problem(target, field, NEED_DOCX())]) from None


def write_docx(
    facts: Facts,
    card: Scorecard,
    stream: IO[bytes],
    lang: str = "zh",
    grades: Sequence[Grade] = (),
) -> None:
    """Write the self-evaluation report of `card` (scored from `facts`) to `stream`; `grades`,
    the ruleset's bands, are said under the conclusion."""
    build_document(facts, card, lang, grades).save(stream)


def build_document(
    facts: Facts, card: Scorecard, lang: str = "zh", grades: Sequence[Grade] = ()
) -> Any:
    """The report as a python-docx Document."""
    import docx

    writer = _Writer(docx.Document(), lang)
    writer.report(facts, card, grades)
    return writer.document


class _Joined:
    """Words said one after the other, joined as the language joins them."""

    def __init__(self, parts: Sequence[Words | str], joiners: dict[str, str]) -> None:
        self.parts, self.joiners = parts, joiners

    def get(self, lang: str = "zh") -> str:
        joiner = self.joiners.get(lang, self.joiners["en"])
        return joiner.join(part if isinstance(part, str) else part.get(lang) for part in self.parts)


def _amounts(data: Any, fields: Iterable[tuple[str, Text]]) -> list[Words]:
    """`label amount 万元` for each field the facts give, in order; nothing for the others."""
    return [AMOUNT(label=label, amount=data[key]) for key, label in fields if key in data]


def budget_sentences(facts: Facts) -> list[Words]:
    """The budget of `facts` in sentences, the way the reports write them, from the amounts the
    facts give and only those: 2025年年初预算数…万元；本部门2025年度支出合计…，其中：基本支出…"""
    data = facts.section("budget")
    year = facts.department.year
    said: list[Words] = []
    plan = _amounts(data, PLAN)
    if plan:
        said.append(PLAN_SENTENCE(year=year, amounts=_Joined(plan, AMOUNTS)))
    parts = _amounts(data, PARTS)
    if "actual" in data:
        actual: Decimal | None = data["actual"]
    elif len(parts) == len(PARTS):  # the total is the sum of its two parts (budget_execution)
        actual = sum((data[key] for key, _ in PARTS), Decimal(0))
    else:
        actual = None
    if actual is not None:
        spent = SPENT(year=year, actual=actual)
        if parts:
            said.append(SPENT_PARTS(spent=spent, parts=_Joined(parts, CLAUSES)))
        else:
            said.append(SPENT_ALONE(spent=spent))
    elif parts:
        said.append(CONTROL_SENTENCE(amounts=_Joined(parts, CLAUSES)))
    if "carry_over" in data:
        said.append(CONTROL_SENTENCE(amounts=AMOUNT(label=CARRY_OVER, amount=data["carry_over"])))
    controls = _amounts(data, CONTROLS)
    if controls:
        said.append(CONTROL_SENTENCE(amounts=_Joined(controls, AMOUNTS)))
    return said


def _bands(grades: Sequence[Grade]) -> Words | None:
    if not grades:
        return None
    said: list[Words] = []
    for grade in grades:
        if grade.below is None:
            said.append(BAND_TOP(min=grade.min, grade=grade.label))
        elif grade.min == 0:
            said.append(BAND_BOTTOM(below=grade.below, grade=grade.label))
        else:
            said.append(BAND(min=grade.min, below=grade.below, grade=grade.label))
    return BANDS(count=len(grades), bands=_Joined(said, CLAUSES))


def problems(card: Scorecard, lang: str) -> list[str]:
    """Section 四's numbered list: each sub-indicator that lost points, with every deduction's
    reason; then each error and warning not already said by a deduction."""
    places = card.places
    listed: list[str] = []
    lost_at: set[str] = set()
    for dimension in card.dimensions:
        for sub in dimension.subindicators:
            if not sub.deductions:
                continue
            lost_at.add(sub.code)
            lost = sub.points - sub.score if sub.score is not None else sub.points
            reasons = _Joined([d.reason for d in sub.deductions], CLAUSES)
            said = PROBLEM(
                code=sub.code, label=sub.label, lost=fixed(lost, places), reasons=reasons
            )
            listed.append(said.get(lang))
    labels = {sub.code: sub.label.get(lang) for d in card.dimensions for sub in d.subindicators}
    colon = ": " if lang == "en" else "："
    for finding in card.all_findings():
        if finding.level == "info" or (finding.level == "warning" and finding.where in lost_at):
            continue
        place = finding_place(finding, labels, lang)
        message = finding.message.get(lang)
        listed.append(_sentence(f"{place}{colon}{message}" if place else message, lang))
    return listed


def _score_text(level: DimensionResult | GroupResult | SubResult, places: int, lang: str) -> str:
    if level.status == "not_applicable":
        return NA.get(lang)
    if level.score is None:
        return FAILED.get(lang)
    return fixed(level.score, places)


def dimension_paragraph(
    dimension: DimensionResult, number: int, places: int, lang: str
) -> tuple[str, str]:
    """What a 一级 dimension earned (the lead), and why (the rest): each group's and each row's
    score, with the measures and every deduction's reason, all in the scorecard's own words."""
    label, points = dimension.label, fixed(dimension.weight, places)
    if dimension.status == "not_applicable":
        reason = dimension.na_reason or NA
        return DIMENSION_NA(number=number, label=label, points=points, reason=reason).get(lang), ""
    if dimension.score is None:
        return DIMENSION_FAILED(number=number, label=label, points=points).get(lang), ""
    score = fixed(dimension.score, places)
    lost = dimension.weight - dimension.score
    if lost > 0:
        lead = DIMENSION_LOST(
            number=number, label=label, points=points, score=score, lost=fixed(lost, places)
        )
    else:
        lead = DIMENSION(number=number, label=label, points=points, score=score)
    said: list[str] = []
    for group in dimension.groups or (None,):
        if group is not None:
            said.append(
                GROUP(
                    label=group.label,
                    score=_score_text(group, places, lang),
                    points=fixed(group.points, places),
                ).get(lang)
            )
        rows = dimension.subindicators if group is None else group.subindicators
        said.extend(_row_sentence(sub, places, lang) for sub in rows)
    if lost == 0 and all(not sub.deductions for sub in dimension.subindicators):
        said.append(FULL_POINTS.get(lang) if len(dimension.subindicators) > 1 else "")
    return lead.get(lang), ("" if lang == "zh" else " ").join(part for part in said if part)


def _row_sentence(sub: SubResult, places: int, lang: str) -> str:
    points = fixed(sub.points, places)
    if sub.status == "not_applicable":
        head = ROW_NA(code=sub.code, label=sub.label, reason=sub.na_reason or NA)
        return _sentence(head.get(lang), lang)
    if sub.score is None:
        return _sentence(ROW_FAILED(code=sub.code, label=sub.label).get(lang), lang)
    if sub.score == sub.points:
        head = ROW_FULL(code=sub.code, label=sub.label, points=points)
    else:
        head = ROW(code=sub.code, label=sub.label, score=fixed(sub.score, places), points=points)
    colon = ": " if lang == "en" else "："
    details = [f"{view.label.get(lang)}{colon}{view.text.get(lang)}" for view in sub.measures]
    details += [deduction.reason.get(lang) for deduction in sub.deductions]
    text = head.get(lang)
    if details:
        text += colon + CLAUSES[lang].join(details)
    return _sentence(text, lang)


ENDS = tuple("。！？；.!?")


def _sentence(text: str, lang: str) -> str:
    """`text` ended as a sentence: 。 in Chinese, a full stop in English."""
    text = text.rstrip()
    return text if text.endswith(ENDS) else text + ("。" if lang == "zh" else ".")


class _Writer:
    """Writes the report into a python-docx Document, in the layout of GB/T 9704."""

    def __init__(self, document: Any, lang: str) -> None:
        self.document, self.lang = document, "en" if lang == "en" else "zh"
        self._page()
        self._styles()
        self._font_table()

    def say(self, words: Words | str) -> str:
        return words if isinstance(words, str) else words.get(self.lang)

    # ── the report ──

    def report(self, facts: Facts, card: Scorecard, grades: Sequence[Grade]) -> None:
        department, places = card.department, card.places
        ruleset = card.ruleset.title
        title = TITLE(name=department.name, year=department.year)
        self.document.core_properties.title = self.say(title)
        self.document.core_properties.author = department.name
        self.title(self.say(TITLE_LINES(name=department.name, year=department.year)))
        self.paragraph(OPENING(ruleset=ruleset, name=department.name, year=department.year))

        self.heading(HEADINGS["basic"])
        self.subheading(HEADINGS["overview"])
        self.todo(OVERVIEW_TODO)
        self.subheading(HEADINGS["budget"])
        sentences = budget_sentences(facts)
        if not sentences:
            self.paragraph(NO_BUDGET)
        for sentence in sentences:
            self.paragraph(sentence)
        self.subheading(HEADINGS["targets"])
        self.targets(facts)

        self.heading(HEADINGS["work"])
        self.subheading(HEADINGS["organisation"])
        self.todo(ORGANISATION_TODO)
        self.subheading(HEADINGS["method"])
        self.todo(METHOD_TODO)

        self.heading(HEADINGS["analysis"])
        self.subheading(HEADINGS["conclusion"])
        total = fixed(card.total, places)
        self.paragraph(
            CONCLUSION(
                ruleset=ruleset,
                name=department.name,
                year=department.year,
                total=total,
                grade=card.grade.label,
            )
        )
        bands = _bands(grades)
        if bands is not None:
            self.paragraph(bands)
        if not card.complete:
            failed = [failure.plugin for failure in card.plugin_failures]
            self.paragraph(INCOMPLETE(plugins=failed), bold=True)
        self.subheading(HEADINGS["dimensions"])
        for number, dimension in enumerate(card.dimensions, 1):
            lead, rest = dimension_paragraph(dimension, number, places, self.lang)
            paragraph = self.paragraph(lead, bold=True)
            if rest:
                separator = "" if self.lang == "zh" else " "
                self._font(paragraph.add_run(separator + rest), BODY_FONT, BODY_SIZE)
        self.subheading(HEADINGS["table"])
        self.scoring_table(card)
        sha = card.ruleset.sha256[:12]
        self.paragraph(RULESET(title=ruleset, sha=sha), size=TABLE_SIZE, indent=False)
        self.subheading(HEADINGS["projects"])
        self.projects(facts)

        self.heading(HEADINGS["problems"])
        self.subheading(HEADINGS["found"])
        found = problems(card, self.lang)
        if not found:
            self.paragraph(NO_PROBLEMS)
        for number, problem in enumerate(found, 1):
            self.paragraph(f"{number}{'、' if self.lang == 'zh' else '. '}{problem}")
        self.subheading(HEADINGS["causes"])
        self.todo(CAUSES_TODO)

        self.heading(HEADINGS["measures"])
        self.todo(MEASURES_TODO)

        self.signature(department.name)

    def targets(self, facts: Facts) -> None:
        targets = facts.records("targets")
        if not targets:
            self.paragraph(NO_TARGETS())
            return
        self.paragraph(TARGETS(count=len(targets)))
        for number, target in enumerate(targets, 1):
            name = str(target.get("name", ""))
            if "level" in target:
                said: Words = TARGET_LEVEL(name=name, level=str(target["level"]))
            elif "target" in target and "actual" in target:
                unit = str(target.get("unit", ""))
                said = TARGET_VALUES(
                    name=name, target=target["target"], actual=target["actual"], unit=unit
                )
            else:
                said = Text(name, name)
            joiner = "、" if self.lang == "zh" else ". "
            self.paragraph(f"{number}{joiner}{self.say(said)}")

    def scoring_table(self, card: Scorecard) -> None:
        """一级/二级/三级, 分值, 得分, 扣分说明, as the bureaus' tables are drawn: a dimension's
        name in one cell down the side of its rows, its subtotal (小计) first, then each group's
        the same way and each row; the total and the grade last. The 二级 column is there only
        when the ruleset has groups."""
        places, lang = card.places, self.lang
        grouped = any(dimension.groups for dimension in card.dimensions)
        keys = ["dimension", *(["group"] if grouped else []), "sub", "points", "score", "details"]
        widths = [19, 20, 33, 13, 13, 58] if grouped else [24, 40, 14, 14, 64]
        labels = len(keys) - 3  # the label columns
        subtotal = SUBTOTAL.get(lang)
        body: list[list[str]] = []
        levels: list[tuple[int, int]] = []  # the subtotals' rows, and where their label starts
        spans: list[tuple[int, int, int]] = []  # (column, first row, last row) to merge down
        for dimension in card.dimensions:
            first = len(body)
            levels.append((len(body), 1))
            note = self._level_note(dimension, places)
            worth, score = fixed(dimension.weight, places), _score_text(dimension, places, lang)
            label = [dimension.label.get(lang), subtotal, *[""] * (labels - 2)]
            body.append([*label, worth, score, note])
            for group in dimension.groups or (None,):
                group_first = len(body)
                if group is not None:
                    levels.append((len(body), 2))
                    score = _score_text(group, places, lang)
                    note = self._level_note(group, places)
                    points = fixed(group.points, places)
                    body.append(["", group.label.get(lang), subtotal, points, score, note])
                for sub in dimension.subindicators if group is None else group.subindicators:
                    lines = [n.line for n in notes_of(sub, lang, False, places)]
                    score = _score_text(sub, places, lang)
                    name = f"{sub.code} {sub.label.get(lang)}"
                    cells = [fixed(sub.points, places), score, "\n".join(lines)]
                    body.append(["", *[""] * (labels - 2), name, *cells])
                if group is not None:
                    spans.append((1, group_first, len(body) - 1))
            spans.append((0, first, len(body) - 1))
        total = [COLUMNS["total"].get(lang), *[""] * (labels - 1)]
        body.append([*total, fixed(Decimal(100), places), fixed(card.total, places), ""])
        grade = [COLUMNS["grade"].get(lang), *[""] * (labels - 1)]
        body.append([*grade, "", card.grade.label.get(lang), ""])
        header = [COLUMNS[key].get(lang) for key in keys]
        table = self.table(header, body, widths, numeric={labels, labels + 1})
        rows = table.rows[1:]
        for at, start in levels:
            for cell in rows[at].cells[start:]:
                self._shade(cell, "F2F2F2")
            self._bold(rows[at].cells[labels + 1])
        for row in rows[-2:]:
            self._bold(row.cells[0])
            self._bold(row.cells[labels + 1])
        for column, first, last in spans:
            self._bold(rows[first].cells[column])
            if last > first:
                self._merge(rows[first].cells[column], rows[last].cells[column])
        if grouped:  # a dimension's 小计 across the 二级 and 三级 columns; the total's label too
            for column, first, _ in spans:
                if column == 0:
                    self._merge(rows[first].cells[1], rows[first].cells[2])
            for row in rows[-2:]:
                self._merge(row.cells[0], row.cells[2])
        else:
            for row in rows[-2:]:
                self._merge(row.cells[0], row.cells[1])

    @staticmethod
    def _merge(top: Any, bottom: Any) -> None:
        """Merge two cells, keeping the first one's text only (python-docx joins both)."""
        merged = top.merge(bottom)
        for extra in merged.paragraphs[1:]:
            if not extra.text:
                extra._element.getparent().remove(extra._element)

    @staticmethod
    def _bold(cell: Any) -> None:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True

    def _level_note(self, level: DimensionResult | GroupResult, places: int) -> str:
        from jixiao.report.words import rebased_note

        if level.na_reason is not None:
            return level.na_reason.get(self.lang)
        return rebased_note(level, places, self.lang)

    def projects(self, facts: Facts) -> None:
        projects = facts.records("projects")
        if not projects:
            self.paragraph(NO_PROJECTS)
            return
        header = [COLUMNS[key].get(self.lang) for key in ("project", "budget")]
        header += [COLUMNS[key].get(self.lang) for key in ("self_score", "self_grade")]
        body = []
        for project in projects:
            budget = project.get("budget")
            score = project.get("self_score")
            body.append(
                [
                    str(project.get("name", "")),
                    "" if budget is None else money(budget),
                    "" if score is None else fixed(exact(score), 2),
                    str(project.get("self_grade", "")),
                ]
            )
        self.table(header, body, [76, 28, 24, 28], numeric={1, 2})
        self.paragraph(PROJECTS_NOTE, size=TABLE_SIZE, indent=False)

    # ── the page and the styles ──

    def _page(self) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        top, bottom, left, right = MARGINS_MM
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.header_distance, section.footer_distance = Mm(15), Mm(20)
        self.document.settings.odd_and_even_pages_header_footer = True
        self._page_number(section.footer, odd=True)
        self._page_number(section.even_page_footer, odd=False)

    def _page_number(self, footer: Any, odd: bool) -> None:
        """ "— 1 —" in 宋体 四号 through a PAGE field: right on odd pages, left on even ones, one
        character in from the edge (GB/T 9704, 7.5)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        form = paragraph.paragraph_format
        form.right_indent = Pt(PAGE_NUMBER_SIZE) if odd else None
        form.left_indent = None if odd else Pt(PAGE_NUMBER_SIZE)

        def run(text: str = "") -> Any:
            added = paragraph.add_run(text)
            self._font(added, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
            return added

        def field_char(kind: str) -> None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run()._r.append(char)

        run("— ")
        field_char("begin")
        instruction = OxmlElement("w:instrText")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = " PAGE "
        run()._r.append(instruction)
        field_char("separate")
        run("1")
        field_char("end")
        run(" —")

    def _styles(self) -> None:
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt, RGBColor

        styles = self.document.styles
        for name, font, size in (
            ("Normal", BODY_FONT, BODY_SIZE),
            ("Title", TITLE_FONT, TITLE_SIZE),
            ("Heading 1", HEADING_FONT, BODY_SIZE),
            ("Heading 2", SUBHEADING_FONT, BODY_SIZE),
        ):
            style = styles[name]
            self._font(style, font, size)
            style.font.bold = False
            style.font.italic = False
            style.font.color.rgb = RGBColor(0, 0, 0)
            form = style.paragraph_format
            form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            form.line_spacing = Pt(LINE if name != "Title" else 36)
            form.space_before = Pt(0) if name != "Title" else Pt(12)
            form.space_after = Pt(0) if name != "Title" else Pt(LINE)
            if name.startswith("Heading"):
                form.first_line_indent = Pt(BODY_SIZE * 2)
                form.keep_with_next = True
        title = styles["Title"].element
        for border in title.xpath("./w:pPr/w:pBdr"):  # the template's line under a title
            border.getparent().remove(border)

    def _font_table(self) -> None:
        """Name each font with its substitute (w:altName), which Word and WPS take when it is
        missing; nothing is embedded."""
        import lxml.etree as etree
        from docx.oxml.ns import qn

        parts = self.document.part.package.iter_parts()
        part = next((p for p in parts if str(p.partname) == "/word/fontTable.xml"), None)
        if part is None:
            return
        table = etree.fromstring(part.blob)
        known = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
        for name, substitute in SUBSTITUTES.items():
            if name in known:
                continue
            font = etree.SubElement(table, qn("w:font"), {qn("w:name"): name})
            etree.SubElement(font, qn("w:altName"), {qn("w:val"): substitute})
            etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
            etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto"})
        part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)

    @staticmethod
    def _font(target: Any, east_asia: str, size: float, latin: str = LATIN_FONT) -> None:
        """Name the fonts of a style or a run: w:eastAsia for Chinese, `latin` for the rest;
        the template's theme fonts, which would win over them, are removed."""
        from docx.oxml.ns import qn
        from docx.shared import Pt

        target.font.name = latin
        target.font.size = Pt(size)
        element = target.element if hasattr(target, "element") else target._element
        fonts = element.get_or_add_rPr().get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:eastAsia"), east_asia)
        fonts.set(qn("w:cs"), latin)

    # ── blocks ──

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.document.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            run = paragraph.add_run(line)
            if number < len(lines):
                run.add_break()  # a line break within the title
            self._font(run, TITLE_FONT, TITLE_SIZE)

    def heading(self, words: Words) -> None:
        paragraph = self.document.add_paragraph(style="Heading 1")
        run = paragraph.add_run(self.say(words))
        run.bold = self.lang == "en" or None  # 黑体 marks a heading in Chinese; bold in English
        self._font(run, HEADING_FONT, BODY_SIZE)

    def subheading(self, words: Words) -> None:
        paragraph = self.document.add_paragraph(style="Heading 2")
        run = paragraph.add_run(self.say(words))
        run.italic = self.lang == "en" or None  # 楷体 in Chinese; italic in English
        self._font(run, SUBHEADING_FONT, BODY_SIZE)

    def paragraph(
        self,
        words: Words | str,
        *,
        bold: bool = False,
        size: float = BODY_SIZE,
        indent: bool = True,
    ) -> Any:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        form = paragraph.paragraph_format
        form.first_line_indent = Pt(BODY_SIZE * 2) if indent else None
        if size != BODY_SIZE:
            from docx.enum.text import WD_LINE_SPACING

            form.line_spacing_rule = WD_LINE_SPACING.SINGLE
            form.space_before = Pt(4)
        run = paragraph.add_run(self.say(words))
        run.bold = bold or None
        self._font(run, BODY_FONT, size)
        return paragraph

    def todo(self, words: Words) -> None:
        """A paragraph the department writes: 【待填写】 in bold, then what to write."""
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
        mark = paragraph.add_run(TODO.get(self.lang))
        mark.bold = True
        self._font(mark, BODY_FONT, BODY_SIZE)
        hint = paragraph.add_run(self.say(words))
        self._font(hint, BODY_FONT, BODY_SIZE)

    def signature(self, name: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.document.add_paragraph()
        for text in (name, DATE_TODO.get(self.lang)):
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(BODY_SIZE * 4)
            self._font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)

    def table(
        self, header: list[str], body: list[list[str]], widths_mm: list[int], numeric: set[int]
    ) -> Any:
        """A real Word table: a header row repeated on every page, each cell in 仿宋 五号, the
        numbers centred; column widths in mm (the type area is 156 mm wide)."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        table = self.document.add_table(rows=1 + len(body), cols=len(header))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=True):
            column.width = Mm(width)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for number, texts in enumerate([header, *body]):
            row = table.rows[number]
            for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
                cell.width = Mm(widths_mm[index])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                lines = text.split("\n")
                paragraph = cell.paragraphs[0]
                for at, line in enumerate(lines):
                    if at:
                        paragraph = cell.add_paragraph()
                    self._cell_paragraph(paragraph)
                    if number == 0 or index in numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    font = HEADING_FONT if number == 0 else BODY_FONT
                    self._font(paragraph.add_run(line), font, TABLE_SIZE)
        return table

    @staticmethod
    def _cell_paragraph(paragraph: Any) -> None:
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt

        form = paragraph.paragraph_format
        form.first_line_indent = Pt(0)
        form.line_spacing_rule = WD_LINE_SPACING.SINGLE
        form.space_before = form.space_after = Pt(1)

    @staticmethod
    def _shade(cell: Any, colour: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), colour)
        cell._tc.get_or_add_tcPr().append(shading)
