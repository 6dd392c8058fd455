"""`score rules impact`: each department under the old and the new ruleset, the change in its
total, the grade distribution under each and how the departments moved between grades.

The model is small rows (the batch's Summary, one per department and ruleset), never whole
scorecards; the renderers are a rich table (imported only when drawn), JSON and CSV. Totals and
changes are the scorecards' exact Decimals: a change is new total − old total, never a float.

Grades are matched by their label (the Chinese `label` of `[[grades]]`), so that two rulesets
with different bands can still be compared: a department whose label is the same under both
stayed; otherwise it moved up or down in the bands of the ruleset that has both labels, and when
neither has both (a band renamed), the move is not comparable.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any, Literal

from attrs import frozen

from jixiao import __version__
from jixiao.engine.batch.summary import Summary
from jixiao.engine.errors import Problem, say
from jixiao.engine.numbers import fixed
from jixiao.engine.ruleset.model import Ruleset, RulesetIdentity
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text
from jixiao.report.csv_report import BOM, cell
from jixiao.report.words import bracketed, colon, escaped, json_text
from jixiao.report.wrap import width_of

SCHEMA_VERSION = 1

Status = Literal["scored", "incomplete", "unusable", "internal"]
Move = Literal["up", "down", "same", "not_comparable"]
Which = Literal["old", "new", "both"]
MOVES: tuple[Move, ...] = ("up", "down", "same", "not_comparable")
ERROR_KINDS = {
    "unusable": "unusable input",
    "incomplete": "plugin failed",
    "internal": "internal error",
}

WORDS = {
    "old_ruleset": ("原评价规则", "Old ruleset"),
    "new_ruleset": ("新评价规则", "New ruleset"),
    "departments": ("各部门得分", "Departments under both rulesets"),
    "department": ("部门名称、编码和文件", "Department, code and file"),
    "name": ("部门名称", "Department"),
    "code": ("部门编码", "Code"),
    "old_result": ("原评价规则", "Old ruleset"),
    "new_result": ("新评价规则", "New ruleset"),
    "old_total": ("原总分", "Old total"),
    "old_grade": ("原等级", "Old grade"),
    "new_total": ("新总分", "New total"),
    "new_grade": ("新等级", "New grade"),
    "change": ("总分变化", "Change"),
    "count_change": ("变化", "Change"),
    "file": ("文件", "File"),
    "distribution": ("评价等级分布", "Grade distribution"),
    "grade": ("评价等级", "Grade"),
    "old": ("原规则", "Old"),
    "new": ("新规则", "New"),
    "moves": ("等级变动明细", "Moves between grades"),
    "compared": ("已比较", "Compared"),
    "not_compared": ("未能比较", "Not compared"),
    "failed_files": ("未能评分的文件", "Files that could not be scored"),
    "incomplete": ("插件出错，结果不完整", "a plugin failed; the result is incomplete"),
    "not_a_band": ("该规则无此等级", "not a grade of that ruleset"),
}
NOT_SCORED = "—"  # a cell without a score: not scored, or not a grade of that ruleset
MINUS = "−"  # U+2212, as the deductions of `score run` are written in the table

SHIFT = Template(
    "impact.shift",
    "等级变动：{up}个部门上升，{down}个下降，{same}个不变",
    "grades: {up} department(s) moved up, {down} down, {same} unchanged",
)
NOT_COMPARABLE = Template(
    "impact.not_comparable",
    "另有{count}个部门的原等级和新等级各只见于一个规则，无法比较高低",
    "{count} department(s) moved between grades found in one ruleset each: not comparable",
)
FAILED_UNDER = Template(
    "impact.failed_under",
    "{source}：按{side}{ruleset:q}评分时出错",
    "{source}: scoring under the {side} {ruleset:q} failed",
)
SIDES = {
    "old": Text("原评价规则", "old ruleset"),
    "new": Text("新评价规则", "new ruleset"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


@frozen
class Side:
    """One department under one ruleset: its summary row when it was scored (also when a
    plugin failed and the result is incomplete), else why not."""

    status: Status
    summary: Summary | None = None
    problems: tuple[Problem, ...] = ()  # why the file is unusable
    messages: tuple[Words | str, ...] = ()  # plugin failures, internal errors

    def reasons(self, source: str, lang: str = "zh") -> tuple[str, ...]:
        """One line per reason (empty when scored), each escaped, as a batch lists them."""
        said = colon(lang)
        return tuple(p.render(lang) for p in self.problems) + tuple(
            escaped(f"{source}{said}{say(m, lang)}") for m in self.messages
        )


@frozen
class Compared:
    """One facts file under both rulesets."""

    source: str
    old: Side
    new: Side

    @property
    def both(self) -> bool:
        """Scored under both rulesets: compared, and counted in the distribution."""
        return self.old.summary is not None and self.new.summary is not None

    @property
    def shown(self) -> Summary | None:
        return self.old.summary or self.new.summary

    @property
    def change(self) -> Decimal | None:
        """New total − old total, exactly (both are the scorecards' Decimals)."""
        if self.old.summary is None or self.new.summary is None:
            return None
        return self.new.summary.total - self.old.summary.total

    def failed(self) -> list[tuple[Which, Side]]:
        """The sides not cleanly scored, as they are reported: one entry for both when both
        failed for the same reasons (a facts file that cannot be read)."""
        sides: list[tuple[Which, Side]] = [("old", self.old), ("new", self.new)]
        bad = [(which, side) for which, side in sides if side.status != "scored"]
        if len(bad) == 2 and self.old.reasons(self.source) == self.new.reasons(self.source):
            return [("both", self.old)]
        return bad


@frozen
class GradeCount:
    """A grade of either ruleset: how many compared departments have it under each (None: not a
    grade of that ruleset) and the change."""

    grade: Text
    old: int | None
    new: int | None

    @property
    def change(self) -> int:
        return (self.new or 0) - (self.old or 0)


@frozen
class Moved:
    """How many compared departments went from one grade to another (or kept it)."""

    old: Text
    new: Text
    count: int
    move: Move


@frozen
class Band:
    label: Text
    min: Decimal  # the lowest total in the band: where a band of only one ruleset is listed


@frozen
class Impact:
    old: RulesetIdentity
    new: RulesetIdentity
    old_bands: tuple[Band, ...]  # top first
    new_bands: tuple[Band, ...]
    places: int  # the more precise of the two rulesets' places: the change's decimals
    rows: tuple[Compared, ...]  # in path order

    @classmethod
    def of(cls, old: Ruleset, new: Ruleset, rows: Iterable[Compared]) -> Impact:
        return cls(
            old.identity,
            new.identity,
            tuple(Band(g.label, g.min) for g in old.grades),
            tuple(Band(g.label, g.min) for g in new.grades),
            max(old.places, new.places),
            tuple(rows),
        )

    @property
    def old_grades(self) -> tuple[Text, ...]:
        return tuple(band.label for band in self.old_bands)

    @property
    def new_grades(self) -> tuple[Text, ...]:
        return tuple(band.label for band in self.new_bands)

    def compared(self) -> list[Compared]:
        return [row for row in self.rows if row.both]

    def grades(self) -> list[Text]:
        """Every grade of either ruleset, in band order: the old bands, and each band only the
        new ruleset has placed above the first old band that starts lower (or last)."""
        merged = list(self.old_bands)
        keys = {band.label.zh for band in merged}
        for band in self.new_bands:
            if band.label.zh in keys:
                continue
            lower = [i for i, b in enumerate(merged) if b.min < band.min and b in self.old_bands]
            merged.insert(lower[0] if lower else len(merged), band)
            keys.add(band.label.zh)
        return [band.label for band in merged]

    def distribution(self) -> list[GradeCount]:
        """The compared departments per grade under each ruleset, every grade listed."""
        compared = self.compared()
        old_keys = {g.zh for g in self.old_grades}
        new_keys = {g.zh for g in self.new_grades}
        counts = []
        for grade in self.grades():
            old = sum(1 for r in compared if r.old.summary and r.old.summary.grade.zh == grade.zh)
            new = sum(1 for r in compared if r.new.summary and r.new.summary.grade.zh == grade.zh)
            counts.append(
                GradeCount(
                    grade,
                    old if grade.zh in old_keys else None,
                    new if grade.zh in new_keys else None,
                )
            )
        return counts

    def move(self, row: Compared) -> Move | None:
        if row.old.summary is None or row.new.summary is None:
            return None
        return self.move_between(row.old.summary.grade, row.new.summary.grade)

    def move_between(self, old: Text, new: Text) -> Move:
        if old.zh == new.zh:
            return "same"
        for bands in (self.new_grades, self.old_grades):  # the ruleset that has both labels
            keys = [g.zh for g in bands]
            if old.zh in keys and new.zh in keys:
                return "up" if keys.index(new.zh) < keys.index(old.zh) else "down"
        return "not_comparable"

    def moves(self) -> list[Moved]:
        """Every (old grade, new grade) pair that some compared department has: the count
        matrix without its zeros, by old band then new band."""
        grades = self.grades()
        order = {g.zh: index for index, g in enumerate(grades)}
        pairs: dict[tuple[str, str], list[Any]] = {}
        for row in self.compared():
            assert row.old.summary is not None and row.new.summary is not None
            old, new = row.old.summary.grade, row.new.summary.grade
            pairs.setdefault((old.zh, new.zh), [old, new, 0])[2] += 1
        ordered = sorted(pairs.items(), key=lambda p: (order[p[0][0]], order[p[0][1]]))
        return [
            Moved(old, new, count, self.move_between(old, new)) for _, (old, new, count) in ordered
        ]

    def shift(self) -> dict[Move, int]:
        """How many compared departments moved up, down, stayed, or cannot be compared."""
        counts = dict.fromkeys(MOVES, 0)
        for moved in self.moves():
            counts[moved.move] += moved.count
        return counts


def signed(change: Decimal, places: int, minus: str = "-") -> str:
    """A change with its sign and exactly `places` decimals: +1.25, -3.00, 0.00."""
    text = fixed(change, places)
    if change > 0:
        return "+" + text
    if change < 0:
        return minus + text.lstrip("-")
    return text.lstrip("-")


def _total(side: Side) -> str:
    summary = side.summary
    return "" if summary is None else fixed(summary.total, summary.places)


def _grade(side: Side, lang: str) -> str:
    return "" if side.summary is None else side.summary.grade.get(lang)


# ---------------------------------------------------------------- JSON


def _ruleset(identity: RulesetIdentity, lang: str) -> dict[str, Any]:
    return {
        "id": identity.id,
        "year": identity.year,
        "title": identity.title.get(lang),
        "sha256": identity.sha256,
        "source": identity.source,
    }


def _side(side: Side, source: str, lang: str) -> dict[str, Any]:
    from jixiao.report.review_json import error_dict

    problems = error_dict(source, side.problems, lang=lang)["problems"]
    return {
        "status": side.status,
        "total": _total(side) or None,
        "grade": _grade(side, lang) or None,
        "problems": problems,
        "messages": [say(m, lang) for m in side.messages],
    }


def impact_dict(impact: Impact, lang: str = "zh") -> dict[str, Any]:
    departments = []
    for row in impact.rows:
        shown, change = row.shown, row.change
        departments.append(
            {
                "source": row.source,
                "name": None if shown is None else shown.name,
                "code": None if shown is None else shown.code,
                "old": _side(row.old, row.source, lang),
                "new": _side(row.new, row.source, lang),
                "change": None if change is None else fixed(change, impact.places),
                "move": impact.move(row),
            }
        )
    compared = len(impact.compared())
    return {
        "schema_version": SCHEMA_VERSION,
        "engine": {"name": "jixiao", "version": __version__},
        "old": _ruleset(impact.old, lang),
        "new": _ruleset(impact.new, lang),
        "departments": departments,
        "compared": compared,
        "not_compared": len(impact.rows) - compared,
        "distribution": [
            {"grade": c.grade.get(lang), "old": c.old, "new": c.new, "change": c.change}
            for c in impact.distribution()
        ],
        "shift": {
            **impact.shift(),
            "moves": [
                {"old": m.old.get(lang), "new": m.new.get(lang), "count": m.count, "move": m.move}
                for m in impact.moves()
            ],
        },
    }


def impact_json(impact: Impact, lang: str = "zh") -> str:
    return json_text(impact_dict(impact, lang), indent=2)


# ---------------------------------------------------------------- CSV


def csv_rows(impact: Impact, lang: str = "zh") -> Iterable[list[str]]:
    """A row per department scored under at least one ruleset, in path order."""
    keys = ("name", "code", "old_total", "old_grade", "new_total", "new_grade", "change", "file")
    yield [word(key, lang) for key in keys]
    for row in impact.rows:
        shown, change = row.shown, row.change
        if shown is None:
            continue  # scored under neither: listed on stderr, as a batch's CSV does
        yield [
            cell(shown.name),
            cell(shown.code),
            _total(row.old),
            cell(_grade(row.old, lang)),
            _total(row.new),
            cell(_grade(row.new, lang)),
            "" if change is None else signed(change, impact.places),
            cell(row.source),
        ]


def write_impact_csv(impact: Impact, file: IO[str], lang: str = "zh") -> None:
    """UTF-8 with a BOM and CRLF line ends, as every CSV of score (Excel reads Chinese)."""
    file.write(BOM)
    csv.writer(file, lineterminator="\r\n").writerows(csv_rows(impact, lang))


# ---------------------------------------------------------------- the table (rich)

GRADE_STYLE = ("bold green", "bold cyan", "bold yellow", "bold red")  # as report/ranking.py


def _style(rank: int) -> str:
    return GRADE_STYLE[rank] if rank < len(GRADE_STYLE) else ""


def _change_style(change: Decimal | int | None) -> str:
    if change is None or change == 0:
        return ""
    return "green" if change > 0 else "red"


def failures(row: Compared, impact: Impact, lang: str = "zh") -> list[tuple[str, list[str]]]:
    """Why a department was not cleanly scored, in the reader's language: (heading, reasons)
    for each ruleset it failed under; the heading is empty when both failed alike (a facts
    file that cannot be read), as every reason names the file."""
    found: list[tuple[str, list[str]]] = []
    for which, side in row.failed():
        heading = ""
        if which != "both":
            ruleset = impact.old.id if which == "old" else impact.new.id
            said = FAILED_UNDER(source=row.source, side=SIDES[which], ruleset=ruleset)
            heading = escaped(said.get(lang))
        found.append((heading, list(side.reasons(row.source, lang))))
    return found


def _ruleset_line(key: str, identity: RulesetIdentity, lang: str) -> Any:
    from rich.text import Text as RichText

    line = RichText(f"{word(key, lang)}{colon(lang)}", style="bold")
    line.append(escaped(f"{identity.id}  {identity.title.get(lang)}"))
    return line


def _result(side: Side, lang: str, width: int) -> Any:
    """A total and its grade in one cell (`79.43 良好`), the totals aligned; `*` marks an
    incomplete result."""
    from rich.text import Text as RichText

    summary = side.summary
    if summary is None:
        return RichText(NOT_SCORED.rjust(width))
    cell = RichText(fixed(summary.total, summary.places).rjust(width) + " ")
    cell.append(escaped(summary.grade.get(lang)), style=_style(summary.grade_rank))
    if not summary.complete:
        cell.append(" *")
    return cell


def departments_table(impact: Impact, lang: str) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text as RichText

    table = Table(title=word("departments", lang), box=box.SIMPLE_HEAVY, leading=1)
    # the department, its code and its file in one cell, the file on a line of its own, and
    # each total with its grade: the numbers keep to one line at 80 columns
    table.add_column(word("department", lang), overflow="fold", min_width=16)
    table.add_column(word("old_result", lang), no_wrap=True)
    table.add_column(word("new_result", lang), no_wrap=True)
    table.add_column(word("change", lang), justify="right", no_wrap=True)
    shown = [row for row in impact.rows if row.shown is not None]  # the others: listed below
    width = max((len(_total(side)) for row in shown for side in (row.old, row.new)), default=0)
    for row in shown:
        summary, change = row.shown, row.change
        assert summary is not None
        department = RichText(escaped(summary.name))  # the code and file: wrapped between
        department.append(f"\n{escaped(summary.code)}  {escaped(row.source)}", style="dim")
        table.add_row(
            department,
            _result(row.old, lang, width),
            _result(row.new, lang, width),
            RichText(
                NOT_SCORED if change is None else signed(change, impact.places, MINUS),
                style=_change_style(change),
            ),
        )
    sides = [side.summary for row in shown for side in (row.old, row.new)]
    if any(s is not None and not s.complete for s in sides):
        table.caption = f"* {word('incomplete', lang)}"
    return table


def distribution_table(impact: Impact, lang: str) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text as RichText

    table = Table(title=word("distribution", lang), box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(word("grade", lang))
    for key in ("old", "new", "count_change"):
        table.add_column(word(key, lang), justify="right")
    old_keys = [g.zh for g in impact.old_grades]
    for count in impact.distribution():
        zh = count.grade.zh
        rank = old_keys.index(zh) if zh in old_keys else [g.zh for g in impact.new_grades].index(zh)
        table.add_row(
            RichText(escaped(count.grade.get(lang)), style=_style(rank)),
            NOT_SCORED if count.old is None else str(count.old),
            NOT_SCORED if count.new is None else str(count.new),
            RichText(signed(Decimal(count.change), 0, MINUS), style=_change_style(count.change)),
        )
    if any(c.old is None or c.new is None for c in impact.distribution()):
        table.caption = f"{NOT_SCORED} {word('not_a_band', lang)}"
        table.caption_justify = "left"
    return table


def shift_text(impact: Impact, lang: str) -> Any:
    from rich.text import Text as RichText

    shift = impact.shift()
    text = RichText(SHIFT(up=shift["up"], down=shift["down"], same=shift["same"]).get(lang))
    if shift["not_comparable"]:
        said = NOT_COMPARABLE(count=shift["not_comparable"]).get(lang)
        text.append(f"\n{said}")
    changed = [m for m in impact.moves() if m.move != "same"]
    if changed:
        text.append(f"\n{word('moves', lang)}\n", style="bold")
        width = max(width_of(escaped(m.old.get(lang))) for m in changed)
        for moved in changed:
            style = {"up": "green", "down": "red"}.get(moved.move, "")
            label = escaped(moved.old.get(lang))
            text.append(f"  {label}{' ' * (width - width_of(label))} → ")
            text.append(escaped(moved.new.get(lang)), style=style)
            text.append(f"  {moved.count}\n")
        text.rstrip()
    compared = len(impact.compared())
    said = colon(lang)
    text.append(f"\n{word('compared', lang)}{said}{compared}")
    text.append(f"    {word('not_compared', lang)}{said}{len(impact.rows) - compared}")
    return text


def failed_files(impact: Impact, lang: str) -> Any:
    from rich.text import Text as RichText

    failed = [row for row in impact.rows if row.failed()]
    heading = word("failed_files", lang) + bracketed(str(len(failed)), lang)
    text = RichText(heading + "\n", style="bold red")
    for row in failed:  # a file's name may hold a line break: escaped
        text.append(f"  {escaped(row.source)}\n", style="red")
        for under, reasons in failures(row, impact, lang):
            if under:
                text.append(f"    {under}\n")
            for reason in reasons:
                text.append(f"    {'  ' if under else ''}{reason}\n")
    text.rstrip()
    return text


def render_impact(
    impact: Impact, lang: str = "zh", file: IO[str] | None = None, width: int | None = None
) -> None:
    from rich.console import Group

    from jixiao.report.console import make_console

    console = make_console(file, width)
    heading = Group(
        _ruleset_line("old_ruleset", impact.old, lang),
        _ruleset_line("new_ruleset", impact.new, lang),
    )
    console.print(heading)
    if any(row.shown is not None for row in impact.rows):
        console.print(departments_table(impact, lang))
    console.print(distribution_table(impact, lang))
    console.print(shift_text(impact, lang))
    if any(row.failed() for row in impact.rows):  # one line per problem, never wrapped
        console.print(failed_files(impact, lang), soft_wrap=True)
