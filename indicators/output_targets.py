"""产出与绩效目标 output targets: performance targets achieved and projects self-evaluated.

Facts read: [[targets]] name, kind ("quantitative" | "qualitative"), direction (">=" higher
is better, "<=" lower is better), target, actual, unit, weight (default 1), level (qualitative:
达成 / 部分达成 / 未达成); [[projects]] name, budget (万元), self_score (0–100, only for projects
that were self-evaluated), self_grade (the department's own grade for it); and [budget]
project_actual, to tell a department without projects from one that did not list them.

Measures produced:
- targets (TargetList)
- project_scores (ScoreList of the evaluated projects' self-scores, weighted by budget)
- evaluation_coverage (Ratio: evaluated projects / all projects; no projects is N/A)
With project spending above 0 and no project listed, both are Missing: no evidence, 0 points,
never N/A (which would re-base the dimension over the targets alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from jixiao.engine.plugin_api import (
    Computed,
    Facts,
    Field,
    Finding,
    Indicator,
    Measure,
    MeasureSpec,
    Missing,
    Ratio,
    ScoredItem,
    ScoreList,
    Section,
    Target,
    TargetList,
    Template,
    Text,
    Words,
    exact,
    hookimpl,
)

LEVELS = {
    "达成": Text("达成", "achieved"),
    "部分达成": Text("部分达成", "partly achieved"),
    "未达成": Text("未达成", "not achieved"),
}
MAX_TARGETS = 500
MAX_PROJECTS = 2000

SECTIONS = (
    Section(
        "targets",
        Text("绩效目标", "Performance targets"),
        (
            Field(
                "name", "text", Text("指标名称", "name"), required=True, example='"培训农民人次"'
            ),
            Field(
                "kind",
                "choice",
                Text("指标类型", "kind"),
                required=True,
                choices=("quantitative", "qualitative"),
                aliases=(("定量", "quantitative"), ("定性", "qualitative")),
                help=Text(
                    "定量指标填目标值和实际值，定性指标填完成等级；也可写“定量”“定性”",
                    "a quantitative target has a target and an actual value, a qualitative one "
                    "a level",
                ),
                cell_help=Text(
                    "定量指标填目标值和实际值，定性指标只填完成等级",
                    "a quantitative target has a target and an actual value, a qualitative one "
                    "only a level",
                ),
            ),
            Field(
                "direction",
                "choice",
                Text("方向", "direction"),
                choices=(">=", "<="),
                aliases=(("≥", ">="), ("≤", "<="), ("＞＝", ">="), ("＜＝", "<=")),
                help=Text(
                    '">=" 越高越好（默认），"<=" 越低越好',
                    '">=" higher is better (default), "<=" lower is better',
                ),
                cell_help=Text(
                    "≥ 越高越好（不填按 ≥），≤ 越低越好",
                    ">= higher is better (the default), <= lower is",
                ),
            ),
            Field(
                "target",
                "quantity",
                Text("目标值", "target value"),
                example="200",
                help=Text("定量指标填写", "for a quantitative target"),
                cell_help=Text("定量指标必填；定性指标不填", "a quantitative target's; none else"),
            ),
            Field(
                "actual",
                "quantity",
                Text("实际值", "actual value"),
                example="215",
                help=Text("定量指标填写", "for a quantitative target"),
                cell_help=Text("定量指标必填；定性指标不填", "a quantitative target's; none else"),
            ),
            Field("unit", "text", Text("计量单位", "unit"), example='"人次"'),
            Field(
                "weight",
                "quantity",
                Text("权重", "weight"),
                help=Text("不填为1", "default 1"),
                cell_help=Text(
                    "各目标之间的相对权重，不填按1", "relative to the other targets; 1 when empty"
                ),
                example="1",
            ),
            Field(
                "level",
                "choice",
                Text("完成等级", "level"),
                choices=tuple(LEVELS),
                help=Text(
                    "只用于定性指标，此时不填方向、目标值和实际值",
                    "for a qualitative target only, which has no direction, target or actual",
                ),
                cell_help=Text(
                    "定性指标必填，此时不填方向、目标值和实际值；定量指标不填",
                    "a qualitative target's, which has no direction, target or actual",
                ),
            ),
            Field(
                "category",
                "text",
                Text("指标类别", "category"),
                example='"产出"',
                help=Text(
                    "评价规则按类别分组计分时填写：共性、个性，或产出、效益、满意度等",
                    "when the ruleset scores targets by category: 共性/个性, or 产出/效益/满意度",
                ),
            ),
            Field(
                "tags",
                "text_list",
                Text("标签", "tags"),
                example='["数量"]',
                help=Text(
                    "其他分组：数量、质量、时效、成本等", "other groupings: 数量/质量/时效/成本"
                ),
            ),
        ),
        array=True,
        max_items=MAX_TARGETS,
    ),
    Section(
        "projects",
        Text("项目", "Projects"),
        (
            Field(
                "name", "text", Text("项目名称", "name"), required=True, example='"高标准农田建设"'
            ),
            Field("budget", "money", Text("项目预算", "project budget"), example="500"),
            Field(
                "self_score",
                "score",
                Text("自评得分", "self-evaluation score"),
                help=Text(
                    "未开展自评的项目不填", "leave out for a project that was not self-evaluated"
                ),
            ),
            Field("self_grade", "text", Text("自评等级", "self-assessed grade"), example='"优秀"'),
        ),
        array=True,
        max_items=MAX_PROJECTS,
    ),
    # read to tell "no projects" from "projects not listed": the budget's project spending
    Section(
        "budget",
        Text("预算收支", "Budget and spending"),
        (Field("project_actual", "money", Text("项目支出", "project spending")),),
    ),
)

MEASURES = (
    MeasureSpec("targets", TargetList, Text("绩效目标完成情况", "performance targets"), LEVELS),
    MeasureSpec("project_scores", ScoreList, Text("项目自评得分", "project self-scores")),
    MeasureSpec("evaluation_coverage", Ratio, Text("项目自评覆盖率", "self-evaluation coverage")),
)


DUPLICATE_NAME = Template(
    "targets.duplicate_name",
    "{name:q}与第{first}个{what}重名；每个{what}的名称应各不相同",
    "has the name of {what} {first} ({name}); give each {what} a distinct name",
)
RECORD = {"targets": Text("绩效目标", "target"), "projects": Text("项目", "project")}
NOT_FOR_QUALITATIVE = Template(
    "targets.not_for_qualitative",
    "定性指标不填此项；请改填完成等级（level）",
    "does not apply to a qualitative target; give its level instead",
)
LEVEL_FOR_QUALITATIVE = Template(
    "targets.level_for_qualitative",
    "完成等级只用于定性指标；请删去，或把指标类型（kind）改为“定性”",
    "applies to qualitative targets only; remove it, or make the kind qualitative",
)
TARGET_REQUIRED = Template(
    "targets.target_required",
    "定量指标必须填写目标值，只写数字，如 200",
    "is required for a quantitative target: the planned value, a number such as 200",
)
TARGET_ZERO = Template(
    "targets.target_zero",
    "“>=”（越高越好）的目标值必须大于0",
    'must be above 0 for a ">=" target',
)


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    import unicodedata  # here: only this check needs it

    problems: list[tuple[str, Words]] = []
    for name in ("targets", "projects"):
        seen: dict[str, int] = {}
        for index, record in enumerate(facts.records(name)):
            if "name" not in record:
                continue  # a name left out is the schema's to report
            # names compared as a reader sees them: a zero-width space, a full-width letter or a
            # space at either end makes no other name
            key = unicodedata.normalize("NFKC", str(record["name"]))
            key = "".join(c for c in key if c not in "\u200b\u200c\u200d\u2060\ufeff").strip()
            if key in seen:
                duplicate = DUPLICATE_NAME(
                    name=record["name"], first=seen[key] + 1, what=RECORD[name]
                )
                problems.append((f"{name}[{index}].name", duplicate))
            seen.setdefault(key, index)
    for index, target in enumerate(facts.records("targets")):
        where = f"targets[{index}]"
        if target.get("kind") == "qualitative":
            for key in ("target", "actual", "direction"):
                if key in target:
                    problems.append((f"{where}.{key}", NOT_FOR_QUALITATIVE()))
        elif target.get("kind") == "quantitative":
            if "level" in target:
                problems.append((f"{where}.level", LEVEL_FOR_QUALITATIVE()))
            if "target" not in target:
                problems.append((f"{where}.target", TARGET_REQUIRED()))
            elif target["target"] == 0 and target.get("direction", ">=") == ">=":
                problems.append((f"{where}.target", TARGET_ZERO()))
    return problems


def _target(record: Mapping[str, object]) -> Target:
    weight = record.get("weight")
    actual, goal = record.get("actual"), record.get("target")
    return Target(
        name=str(record["name"]),
        qualitative=record["kind"] == "qualitative",
        direction=str(record.get("direction", ">=")),
        target=None if goal is None else exact(goal),  # type: ignore[arg-type]
        actual=None if actual is None else exact(actual),  # type: ignore[arg-type]
        unit=str(record.get("unit", "")),
        weight=Fraction(1) if weight is None else exact(weight),  # type: ignore[arg-type]
        level=None if record.get("level") is None else str(record["level"]),
        category=str(record.get("category", "")),
        tags=tuple(record.get("tags", ())),  # type: ignore[arg-type]
    )


WEIGHT_ZERO = Template(
    "targets.weight_zero",
    "目标{name:q}权重为0，不计入得分",
    "target {name:q} has weight 0 and does not count",
)


PROJECTS_NOT_LISTED = Template(
    "targets.projects_not_listed",
    "项目支出{spent:money}万元，但未填写任何项目",
    "project spending is {spent:money} 万元, but no project is listed",
)
NO_PROJECTS = Template(
    "targets.no_projects",
    "未填写任何项目：有项目支出的，请逐项填写（TOML 文件的 [[projects]]，工作簿的“项目”表）；"
    "不填写时，按项目计分的指标按不适用计",
    "no project given: a department with projects lists each ([[projects]] in a TOML file, the "
    "Projects sheet of a workbook); without them the sub-indicators scored on projects are not "
    "applicable",
)


def _weightless(facts: Facts) -> tuple[Finding, ...]:
    """A target given weight 0 counts for nothing; say so, it is more often a slip than a choice."""
    return tuple(
        Finding(
            "warning",
            "target_weight_zero",
            WEIGHT_ZERO(name=target["name"]),
            f"targets[{index}].weight",
        )
        for index, target in enumerate(facts.records("targets"))
        if target.get("weight") == 0
    )


def compute(facts: Facts) -> Computed:
    projects = facts.records("projects")
    evaluated = [p for p in projects if "self_score" in p]
    values: dict[str, Measure] = {
        "targets": TargetList(tuple(_target(t) for t in facts.records("targets"))),
        "project_scores": ScoreList(
            tuple(
                ScoredItem(
                    p["name"],
                    exact(p["self_score"]),
                    None if "budget" not in p else exact(p["budget"]),
                )
                for p in evaluated
            )
        ),
        "evaluation_coverage": Ratio(
            Fraction(len(evaluated)),
            Fraction(len(projects)),
            Text("已自评项目", "evaluated projects"),
            Text("全部项目", "all projects"),
            "项",
        ),
    }
    found = _weightless(facts)
    spent = facts.section("budget").get("project_actual")
    if not projects and spent:  # project spending but no project listed: no evidence, not N/A
        unlisted = Missing(PROJECTS_NOT_LISTED(spent=spent), ("projects",))
        values["project_scores"] = values["evaluation_coverage"] = unlisted
    elif not projects and spent is None:  # no projects is N/A, which one with projects must
        found += (Finding("warning", "no_projects", NO_PROJECTS(), "projects"),)  # not claim
    return Computed(values, found)


INDICATOR = Indicator(
    id="output_targets",
    label=Text("产出与绩效目标", "Outputs and performance targets"),
    sections=SECTIONS,
    measures=MEASURES,
    compute=compute,
    validate=validate,
    reads=("budget.project_actual",),  # project spending with no project listed
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
