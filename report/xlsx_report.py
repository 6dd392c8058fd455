"""Excel workbooks out (`--format xlsx -o FILE.xlsx`): the bureau's workbook of a batch, a
department's 自评表, and the review (复核).

- The bureau's workbook: 排名 (the ranking, one row per department, a column per 一级 dimension),
  明细 (one row per department and sub-indicator: what a bureau filters and pivots), 分布 (the
  grade counts with a native bar chart) and 未能评分 (each file that could not be scored, one row
  per problem).
- The 自评表 of one department: the indicator tree 一级/二级/三级 with 分值, 得分 and 扣分说明, as
  the Word report draws it, and an empty, unlocked column 偏差原因分析及改进措施 for the
  department to complete; the sheet is protected (without a password) so that a computed score
  is not changed by accident.
- The review: 复核 (one row per department, the largest gaps first), 主要失分指标, 项目 and
  未能评分.

Every score is written as a number (the ruleset's places, rounded half up once as everywhere,
then stored as the double Excel keeps: a score has at most a few decimals, so the double reads
back as the same decimal) with a `0.00` format. Every text is written as text: a department
named `=HYPERLINK(…)` is shown, never run. openpyxl is imported only here, when a workbook is
written (`score run` of TOML never imports it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Protocol

from jixiao.engine.batch.review import Review, gap_order
from jixiao.engine.batch.summary import Summary, distribution, mean, median, ranking
from jixiao.engine.errors import Problem, say
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text
from jixiao.report.notes import notes_of
from jixiao.report.xlsx_cells import (
    SheetWriter,
    clean,
    new_workbook,
    solid_fill,
)

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

WORDS: dict[str, Text] = {
    # sheets (Excel allows 31 characters and no []:*?/\)
    "ranking_sheet": Text("排名", "Ranking"),
    "details_sheet": Text("明细", "Details"),
    "distribution_sheet": Text("分布", "Distribution"),
    "failed_sheet": Text("未能评分", "Not scored"),
    "self_sheet": Text("自评表", "Self-evaluation"),
    "review_sheet": Text("复核", "Review"),
    "lost_sheet": Text("主要失分指标", "Points lost"),
    "projects_sheet": Text("项目", "Projects"),
    # columns
    "rank": Text("排名", "Rank"),
    "name": Text("部门名称", "Department"),
    "code": Text("部门编码", "Code"),
    "year": Text("年度", "Year"),
    "total": Text("总分", "Total"),
    "grade": Text("评价等级", "Grade"),
    "file": Text("文件", "File"),
    "note": Text("备注", "Note"),
    "dimension": Text("一级指标", "Level 1"),
    "group": Text("二级指标", "Level 2"),
    "sub_code": Text("指标编码", "Indicator code"),
    "sub": Text("三级指标", "Level 3"),
    "points": Text("分值", "Points"),
    "score": Text("得分", "Score"),
    "lost": Text("失分", "Lost"),
    "details": Text("扣分说明", "Deductions and notes"),
    "improve": Text("偏差原因分析及改进措施", "Causes of the shortfall and measures to improve"),
    "count": Text("部门数", "Departments"),
    "share": Text("占比", "Share"),
    "mean": Text("平均分", "Mean"),
    "median": Text("中位数", "Median"),
    "scored": Text("已评分", "Scored"),
    "not_scored": Text("未能评分", "Not scored"),
    "where": Text("位置", "Where"),
    "problem": Text("问题", "Problem"),
    "subtotal": Text("小计", "Subtotal"),
    "sum": Text("合计", "Total"),
    "na": Text("不适用", "N/A"),
    "failed": Text("出错", "failed"),
    "incomplete": Text("插件出错，结果不完整", "a plugin failed; the result is incomplete"),
    "chart_title": Text("评价等级分布", "Grade distribution"),
    "flagged": Text("需复核", "Flagged"),
    "yes": Text("是", "yes"),
    "claimed_total": Text("自评总分", "Claimed total"),
    "claimed_grade": Text("自评等级", "Claimed grade"),
    "computed_total": Text("计算总分", "Computed total"),
    "computed_grade": Text("计算等级", "Computed grade"),
    "gap": Text("分差", "Gap"),
    "grade_gap": Text("等级差", "Grade gap"),
    "reasons": Text("复核原因", "Why"),
    "notes": Text("说明", "Notes"),
    "project": Text("项目名称", "Project"),
    "self_score": Text("自评得分", "Self-score"),
    "self_grade": Text("自评等级", "Self-grade"),
    "ruleset": Text("评价规则", "Ruleset"),
}
SELF_TITLE = Template(
    "xlsx.self_title",
    "{name}（{code}）{year}年度部门整体支出绩效自评表",
    "{name} ({code}): self-evaluation of overall expenditure, {year}",
)
TODO_NOTE = Template(
    "xlsx.todo_note",
    "“{column}”一栏由部门填写：逐项说明失分的原因和改进措施；其余单元格为计算结果，已锁定"
    "（工作表保护未设密码）。",
    "The column '{column}' is for the department: for each row that lost points, say why and "
    "what will be done; the other cells are the computed result and are locked (the sheet is "
    "protected without a password).",
)

# a light fill per grade band, top first (green, blue, yellow, red), as the terminal colours them
GRADE_FILLS = ("C6EFCE", "DDEBF7", "FFEB9C", "FFC7CE")
LEVEL_FILL = "F2F2F2"  # a dimension's and a group's subtotal rows
FLAG_FILL = "FFC7CE"


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang)


class _Failure(Protocol):
    """A file that could not be scored, as the batch reports it (commands/batch.FileOutcome)."""

    @property
    def source(self) -> str: ...
    @property
    def problems(self) -> tuple[Problem, ...]: ...
    @property
    def messages(self) -> tuple[Words | str, ...]: ...


def _grade_fill(rank: int) -> Any | None:
    return solid_fill(GRADE_FILLS[rank]) if 0 <= rank < len(GRADE_FILLS) else None


# ── the bureau's workbook ──


def _dimension_columns(summaries: Sequence[Summary]) -> list[tuple[str, Text]]:
    """Every 一级 dimension, in ruleset order (a batch of several rulesets gets the union)."""
    columns: list[tuple[str, Text]] = []
    for summary in summaries:
        for dim in summary.dimensions:
            if dim.id not in (known for known, _ in columns):
                columns.append((dim.id, dim.label))
    return columns


def write_batch_workbook(
    summaries: Sequence[Summary],
    details: Iterable[str],
    failures: Sequence[_Failure],
    stream: IO[bytes],
    lang: str = "zh",
) -> None:
    """The bureau's workbook to `stream`. `details` are the scored departments' JSON objects
    (`--format json`, docs/output.md): the rows of 明细."""
    book = build_batch_workbook(summaries, details, failures, lang)
    book.save(stream)


def build_batch_workbook(
    summaries: Sequence[Summary],
    details: Iterable[str],
    failures: Sequence[_Failure],
    lang: str = "zh",
) -> Workbook:
    book = new_workbook(lang, _w("ranking_sheet", lang))
    _ranking_sheet(book, summaries, lang)
    by_source = {}
    for text in details:
        document = json.loads(text)
        if "dimensions" in document:
            by_source[document["source"]] = document
    _details_sheet(book, summaries, by_source, lang)
    _distribution_sheet(book, summaries, lang)
    _failed_sheet(book, failures, lang)
    return book


def _ranking_sheet(book: Workbook, summaries: Sequence[Summary], lang: str) -> None:
    sheet = SheetWriter(book.create_sheet(_w("ranking_sheet", lang)))
    dimensions = _dimension_columns(summaries)
    incomplete = any(not s.complete for s in summaries)
    header = [_w(key, lang) for key in ("rank", "name", "code", "total", "grade")]
    header += [label.get(lang) for _, label in dimensions]
    header += [_w("file", lang)] + ([_w("note", lang)] if incomplete else [])
    sheet.header(1, header)
    row = 1
    for ranked in ranking(summaries):
        row += 1
        item = ranked.summary
        sheet.integer(row, 1, ranked.rank)
        sheet.text(row, 2, item.name)
        sheet.text(row, 3, item.code)
        sheet.number(row, 4, item.total, item.places)
        grade = sheet.text(row, 5, item.grade.get(lang))
        fill = _grade_fill(item.grade_rank)
        if fill is not None:
            grade.fill = fill
        scores = {d.id: d.score for d in item.dimensions}
        for column, (dim_id, _) in enumerate(dimensions, start=6):
            sheet.number(row, column, scores.get(dim_id), item.places)
        sheet.text(row, 6 + len(dimensions), item.source)
        if not item.complete:
            sheet.text(row, 7 + len(dimensions), _w("incomplete", lang))
    sheet.fit({2: max(sheet.widths.get(2, 0), 16)})
    sheet.table(1, row, len(header), "C2")  # the header and the rank and name stay in view


def _note_lines(sub: dict[str, Any], lang: str) -> str:
    """The 扣分说明 of a row of the JSON object: why it does not apply, each deduction."""
    lines = []
    colon = ": " if lang == "en" else "："
    if sub.get("na_reason"):
        lines.append(f"{_w('na', lang)}{colon}{sub['na_reason']}")
    for deduction in sub.get("deductions", ()):
        lines.append(f"−{deduction['points']}｜{deduction['reason']}")
    return "\n".join(lines)


def _details_sheet(
    book: Workbook, summaries: Sequence[Summary], documents: dict[str, Any], lang: str
) -> None:
    """One row per department and sub-indicator (long, not wide): a bureau filters one
    indicator across all departments, sorts by 失分, and pivots; a batch of several rulesets
    fits in the same columns."""
    sheet = SheetWriter(book.create_sheet(_w("details_sheet", lang)))
    grouped = any(dim.get("groups") for doc in documents.values() for dim in doc["dimensions"])
    keys = ["name", "code", "dimension", *(["group"] if grouped else []), "sub_code", "sub"]
    keys += ["points", "score", "lost", "details"]
    sheet.header(1, [_w(key, lang) for key in keys])
    row = 1
    for ranked in ranking(summaries):
        item = ranked.summary
        document = documents.get(item.source)
        if document is None:
            continue
        for dim in document["dimensions"]:
            groups = {group["id"]: group["label"] for group in dim.get("groups", ())}
            for sub in dim["subindicators"]:
                row += 1
                values = [item.name, item.code, dim["label"]]
                if grouped:
                    values.append(groups.get(sub.get("group"), ""))
                values += [sub["code"], sub["label"]]
                for column, value in enumerate(values, start=1):
                    sheet.text(row, column, value)
                column = len(values) + 1
                points = Decimal(sub["points"])
                score = None if sub["score"] is None else Decimal(sub["score"])
                sheet.number(row, column, points, item.places)
                sheet.number(row, column + 1, score, item.places)
                if score is not None:
                    sheet.number(row, column + 2, points - score, item.places)
                elif sub["status"] == "not_applicable":
                    sheet.text(row, column + 1, _w("na", lang))
                else:
                    sheet.text(row, column + 1, _w("failed", lang))
                sheet.text(row, column + 3, _note_lines(sub, lang), wrap=True)
    sheet.fit()
    sheet.table(1, row, len(keys), "A2")


def _distribution_sheet(book: Workbook, summaries: Sequence[Summary], lang: str) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint

    sheet = SheetWriter(book.create_sheet(_w("distribution_sheet", lang)))
    sheet.header(1, [_w("grade", lang), _w("count", lang), _w("share", lang)])
    counts = distribution(summaries)
    row = 1
    for rank, (band, count) in enumerate(counts):
        row += 1
        grade = sheet.text(row, 1, band.get(lang))
        fill = _grade_fill(rank)
        if fill is not None:
            grade.fill = fill
        sheet.integer(row, 2, count)
        share = sheet.sheet.cell(
            row=row, column=3, value=count / len(summaries) if summaries else 0
        )
        share.number_format = "0.0%"
    last_band = row
    places = max((s.places for s in summaries), default=2)
    row += 1
    for key, value in (("mean", mean(summaries)), ("median", median(summaries))):
        row += 1
        sheet.text(row, 1, _w(key, lang)).font = _bold()
        sheet.number(row, 2, value, places)
    row += 1
    sheet.text(row, 1, _w("scored", lang)).font = _bold()
    sheet.integer(row, 2, len(summaries))
    sheet.widths[3] = max(sheet.widths.get(3, 0), 8)
    sheet.fit()
    sheet.sheet.freeze_panes = "A2"
    sheet.landscape()
    if not counts:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = _w("chart_title", lang)
    chart.y_axis.title = _w("count", lang)
    chart.legend = None
    chart.varyColors = False
    data = Reference(sheet.sheet, min_col=2, min_row=1, max_row=last_band)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.sheet, min_col=1, min_row=2, max_row=last_band))
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False  # LibreOffice and newer Excel hide an axis not said to be shown
    chart.x_axis.delete = False
    series = chart.series[0]
    for index in range(len(counts)):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = _chart_colour(index)
        point.graphicalProperties.line.solidFill = "808080"
        series.dPt.append(point)
    chart.width, chart.height = 14, 7.5  # centimetres
    sheet.sheet.add_chart(chart, "E2")


def _chart_colour(rank: int) -> str:
    strong = ("63BE7B", "5B9BD5", "FFC000", "E06666")
    return strong[rank] if rank < len(strong) else "A5A5A5"


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _failed_sheet(book: Workbook, failures: Sequence[_Failure], lang: str) -> None:
    """Each file that could not be scored, one row per problem, as `score run` says them."""
    sheet = SheetWriter(book.create_sheet(_w("failed_sheet", lang)))
    sheet.header(1, [_w("file", lang), _w("where", lang), _w("problem", lang)])
    row = 1
    for failure in failures:
        said: list[tuple[str, str]] = [(p.place(lang), p.text(lang)) for p in failure.problems]
        said += [("", say(message, lang)) for message in failure.messages]
        for where, text in said or [("", "")]:
            row += 1
            sheet.text(row, 1, failure.source)
            sheet.text(row, 2, where)
            sheet.text(row, 3, text, wrap=True)
    sheet.fit()
    sheet.table(1, row, 3, "A2")


# ── a department's 自评表 ──


def write_self_evaluation(
    card: Scorecard, stream: IO[bytes], lang: str = "zh", grades: Sequence[Grade] = ()
) -> None:
    """The 自评表 of `card` to `stream`; `grades`, the ruleset's bands, colour the grade."""
    build_self_evaluation(card, lang, grades).save(stream)


def _score_cell(
    sheet: SheetWriter,
    row: int,
    column: int,
    level: DimensionResult | GroupResult | SubResult,
    places: int,
    lang: str,
) -> Any:
    if level.status == "not_applicable":
        return sheet.text(row, column, _w("na", lang))
    if level.score is None:
        return sheet.text(row, column, _w("failed", lang))
    return sheet.number(row, column, level.score, places)


def build_self_evaluation(
    card: Scorecard, lang: str = "zh", grades: Sequence[Grade] = ()
) -> Workbook:
    """The indicator tree as the bureaus' tables draw it: each 一级 dimension in one cell down
    the side of its rows, its 小计 first, then each 二级 group's the same way and each row; the
    total and the grade last; and the column the department completes."""
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter

    from jixiao.report.words import rebased_note

    book = new_workbook(lang, _w("self_sheet", lang))
    sheet = SheetWriter(book.create_sheet(_w("self_sheet", lang)))
    places = card.places
    department = card.department
    grouped = any(dimension.groups for dimension in card.dimensions)
    keys = ["dimension", *(["group"] if grouped else []), "sub", "points", "score", "details"]
    keys.append("improve")
    labels = len(keys) - 4  # the label columns
    points_at, score_at, details_at, improve_at = labels + 1, labels + 2, labels + 3, labels + 4
    title = SELF_TITLE(name=department.name, code=department.code, year=department.year)
    heading = sheet.sheet.cell(row=1, column=1, value=clean(title.get(lang)))
    heading.data_type = "s"
    heading.font = Font(bold=True, size=14)
    heading.alignment = Alignment(horizontal="center", vertical="center")
    sheet.sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
    sheet.sheet.row_dimensions[1].height = 28
    colon = ": " if lang == "en" else "："
    ruleset = f"{_w('ruleset', lang)}{colon}{card.ruleset.title.get(lang)}"
    sheet.sheet.cell(row=2, column=1, value=clean(ruleset)).data_type = "s"
    sheet.sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(keys))
    sheet.header(3, [_w(key, lang) for key in keys])
    sheet.widths.clear()  # the header does not set the widths of the label columns
    row = 3
    subtotal = _w("subtotal", lang)
    levels: list[tuple[int, int]] = []  # the subtotal rows, and the column their fill starts
    spans: list[tuple[int, int, int]] = []  # (column, first row, last row) to merge down

    def level_note(level: DimensionResult | GroupResult) -> str:
        if level.na_reason is not None:
            return level.na_reason.get(lang)
        return rebased_note(level, places, lang)

    for dimension in card.dimensions:
        row += 1
        first = row
        levels.append((row, 2))
        sheet.text(row, 1, dimension.label.get(lang)).font = _bold()
        sheet.text(row, 2, subtotal)
        sheet.number(row, points_at, dimension.weight, places)
        _score_cell(sheet, row, score_at, dimension, places, lang).font = _bold()
        sheet.text(row, details_at, level_note(dimension), wrap=True)
        for group in dimension.groups or (None,):
            group_first = row + 1
            if group is not None:
                row += 1
                levels.append((row, 3))
                sheet.text(row, 2, group.label.get(lang)).font = _bold()
                sheet.text(row, 3, subtotal)
                sheet.number(row, points_at, group.points, places)
                _score_cell(sheet, row, score_at, group, places, lang).font = _bold()
                sheet.text(row, details_at, level_note(group), wrap=True)
            for sub in dimension.subindicators if group is None else group.subindicators:
                row += 1
                sheet.text(row, labels, f"{sub.code} {sub.label.get(lang)}", wrap=True)
                sheet.number(row, points_at, sub.points, places)
                _score_cell(sheet, row, score_at, sub, places, lang)
                lines = [note.line for note in notes_of(sub, lang, False, places)]
                sheet.text(row, details_at, "\n".join(lines), wrap=True)
            if group is not None and row > group_first:
                spans.append((2, group_first, row))
        spans.append((1, first, row))
    row += 1
    sheet.text(row, 1, _w("sum", lang)).font = _bold()
    sheet.number(row, points_at, Decimal(100), places)
    sheet.number(row, score_at, card.total, places).font = _bold()
    total_row = row
    row += 1
    sheet.text(row, 1, _w("grade", lang)).font = _bold()
    grade = sheet.text(row, score_at, card.grade.label.get(lang))
    grade.font = _bold()
    bands = list(grades)
    fill = _grade_fill(bands.index(card.grade)) if card.grade in bands else None
    if fill is not None:
        grade.fill = fill
    last = row
    for at, start in levels:
        for column in range(start, improve_at):
            sheet.sheet.cell(row=at, column=column).fill = solid_fill(LEVEL_FILL)
    for column, first, end in spans:
        if end > first:
            sheet.sheet.merge_cells(
                start_row=first, start_column=column, end_row=end, end_column=column
            )
    if grouped:  # a dimension's 小计 across the 二级 and 三级 columns
        for column, first, _ in spans:
            if column == 1:
                sheet.sheet.merge_cells(
                    start_row=first, start_column=2, end_row=first, end_column=3
                )
    for at in (total_row, last):  # 合计 and 评价等级 across the label columns
        if labels > 1:
            sheet.sheet.merge_cells(start_row=at, start_column=1, end_row=at, end_column=labels)
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    for line in sheet.sheet.iter_rows(min_row=3, max_row=last, max_col=len(keys)):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for at in range(4, last + 1):  # the department's own column: unlocked, wrapped
        cell = sheet.sheet.cell(row=at, column=improve_at)
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    row = last + 2
    note = TODO_NOTE(column=_w("improve", lang)).get(lang)
    sheet.sheet.cell(row=row, column=1, value=clean(note)).font = Font(italic=True, color="595959")
    sheet.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(keys))
    widths = {1: 14, points_at: 8, score_at: 8, improve_at: 48}
    if grouped:
        widths[2] = 16
    widths[labels] = min(max(sheet.widths.get(labels, 0), 24), 40)
    widths[details_at] = min(max(sheet.widths.get(details_at, 0), 30), 56)
    sheet.widths.clear()
    sheet.fit(widths)
    sheet.sheet.column_dimensions[get_column_letter(improve_at)].width = 50
    sheet.sheet.freeze_panes = "A4"
    sheet.landscape("3:3")
    protection = sheet.sheet.protection
    protection.sheet = True  # no password: against changing a score by accident, not a lock
    protection.formatColumns = False  # widths, heights and formats stay the department's
    protection.formatRows = False
    protection.formatCells = False
    return book


# ── the review ──


def write_review_workbook(
    reviews: Sequence[Review],
    failures: Sequence[_Failure],
    stream: IO[bytes],
    lang: str = "zh",
) -> None:
    build_review_workbook(reviews, failures, lang).save(stream)


def build_review_workbook(
    reviews: Sequence[Review], failures: Sequence[_Failure], lang: str = "zh"
) -> Workbook:
    book = new_workbook(lang, _w("review_sheet", lang))
    ordered = sorted(reviews, key=gap_order)
    _review_sheet(book, ordered, lang)
    _lost_sheet(book, ordered, lang)
    _projects_sheet(book, ordered, lang)
    _failed_sheet(book, failures, lang)
    return book


def _signed(sheet: SheetWriter, row: int, column: int, value: Decimal | None, places: int) -> None:
    cell = sheet.number(row, column, value, places)
    if value is not None:
        zeros = "0" * places
        point = "." if places else ""
        cell.number_format = f"+0{point}{zeros};-0{point}{zeros};0{point}{zeros}"


def _review_sheet(book: Workbook, reviews: Sequence[Review], lang: str) -> None:
    sheet = SheetWriter(book.create_sheet(_w("review_sheet", lang)))
    keys = ["flagged", "name", "code", "claimed_total", "claimed_grade", "computed_total"]
    keys += ["computed_grade", "gap", "grade_gap", "reasons", "notes", "file"]
    sheet.header(1, [_w(key, lang) for key in keys])
    joiner = "\n"
    row = 1
    for item in reviews:
        row += 1
        if item.flagged:
            sheet.text(row, 1, _w("yes", lang)).fill = solid_fill(FLAG_FILL)
        sheet.text(row, 2, item.name)
        sheet.text(row, 3, item.code)
        sheet.number(row, 4, item.claimed_total, item.places)
        if item.claimed_grade is not None:
            sheet.text(row, 5, item.claimed_grade)
        sheet.number(row, 6, item.total, item.places)
        sheet.text(row, 7, item.grade.get(lang))
        _signed(sheet, row, 8, item.points_gap, item.places)
        if item.grade_gap is not None:
            cell = sheet.integer(row, 9, item.grade_gap)
            cell.number_format = "+0;-0;0"
        sheet.text(row, 10, joiner.join(r.get(lang) for r in item.reasons), wrap=True)
        sheet.text(row, 11, joiner.join(n.get(lang) for n in item.notes), wrap=True)
        sheet.text(row, 12, item.source)
    sheet.fit({2: max(sheet.widths.get(2, 0), 16)})
    sheet.table(1, row, len(keys), "C2")


def _lost_sheet(book: Workbook, reviews: Sequence[Review], lang: str) -> None:
    sheet = SheetWriter(book.create_sheet(_w("lost_sheet", lang)))
    keys = ["name", "code", "sub_code", "sub", "points", "score", "lost", "details"]
    sheet.header(1, [_w(key, lang) for key in keys])
    row = 1
    for item in reviews:
        for short in item.shortfalls:
            row += 1
            sheet.text(row, 1, item.name)
            sheet.text(row, 2, item.code)
            sheet.text(row, 3, short.code)
            sheet.text(row, 4, short.label.get(lang))
            sheet.number(row, 5, short.points, item.places)
            sheet.number(row, 6, short.score, item.places)
            sheet.number(row, 7, short.lost, item.places)
            sheet.text(row, 8, "\n".join(r.get(lang) for r in short.reasons), wrap=True)
    sheet.fit()
    sheet.table(1, row, len(keys), "A2")


def _projects_sheet(book: Workbook, reviews: Sequence[Review], lang: str) -> None:
    """The projects self-graded above their department's computed grade."""
    sheet = SheetWriter(book.create_sheet(_w("projects_sheet", lang)))
    keys = ["name", "code", "computed_grade", "project", "self_score", "self_grade"]
    sheet.header(1, [_w(key, lang) for key in keys])
    row = 1
    for item in reviews:
        for project in item.projects:
            row += 1
            sheet.text(row, 1, item.name)
            sheet.text(row, 2, item.code)
            sheet.text(row, 3, item.grade.get(lang))
            sheet.text(row, 4, project.name)
            sheet.number(row, 5, project.self_score, 2)
            if project.self_grade is not None:
                sheet.text(row, 6, project.self_grade)
    sheet.fit()
    sheet.table(1, row, len(keys), "A2")
