"""产出与绩效目标 output targets: performance targets achieved and projects self-evaluated.

Facts read: [[targets]] name, kind ("quantitative" | "qualitative"), direction (">=" higher
is better, "<=" lower is better), target, actual, unit, weight (default 1), level (qualitative:
达成 / 部分达成 / 未达成); [[projects]] name, budget (万元), self_score (0–100, only for projects
that were self-evaluated), self_grade (the department's own grade for it).

Measures produced:
- targets (TargetList)
- project_scores (ScoreList of the evaluated projects' self-scores, weighted by budget)
- evaluation_coverage (Ratio: evaluated projects / all projects; no projects is N/A)
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from jixiao.engine.plugin_api import (
    Computed,
    Facts,
    Field,
    Finding,
    Indicator,
    Measure,
    MeasureSpec,
    Ratio,
    ScoredItem,
    ScoreList,
    Section,
    Target,
    TargetList,
    Text,
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
            Field("name", "text", Text("指标名称", "name"), required=True),
            Field(
                "kind",
                "choice",
                Text("指标类型", "kind"),
                required=True,
                choices=("quantitative", "qualitative"),
            ),
            Field(
                "direction",
                "choice",
                Text("方向", "direction"),
                choices=(">=", "<="),
                help='">=" higher is better (default), "<=" lower is better',
            ),
            Field("target", "quantity", Text("目标值", "target value")),
            Field("actual", "quantity", Text("实际值", "actual value")),
            Field("unit", "text", Text("计量单位", "unit")),
            Field("weight", "quantity", Text("权重", "weight"), help="default 1"),
            Field("level", "choice", Text("完成等级", "level"), choices=tuple(LEVELS)),
        ),
        array=True,
        max_items=MAX_TARGETS,
    ),
    Section(
        "projects",
        Text("项目支出", "Projects"),
        (
            Field("name", "text", Text("项目名称", "name"), required=True),
            Field("budget", "money", Text("项目预算（万元）", "budget")),
            Field(
                "self_score",
                "score",
                Text("自评得分", "self-evaluation score"),
                help="leave out for a project that was not self-evaluated",
            ),
            Field("self_grade", "text", Text("自评等级", "self-assessed grade")),
        ),
        array=True,
        max_items=MAX_PROJECTS,
    ),
)

MEASURES = (
    MeasureSpec("targets", TargetList, Text("绩效目标完成情况", "performance targets"), LEVELS),
    MeasureSpec("project_scores", ScoreList, Text("项目自评得分", "project self-scores")),
    MeasureSpec("evaluation_coverage", Ratio, Text("项目自评覆盖率", "self-evaluation coverage")),
)


def validate(facts: Facts) -> Sequence[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name in ("targets", "projects"):
        seen: dict[str, int] = {}
        for index, record in enumerate(facts.records(name)):
            if record.get("name") in seen:
                problems.append(
                    (
                        f"{name}[{index}].name",
                        f"duplicates {name}[{seen[record['name']]}]"
                        f" ({record['name']}); give each a distinct name",
                    )
                )
            seen.setdefault(record.get("name", ""), index)
    for index, target in enumerate(facts.records("targets")):
        where = f"targets[{index}]"
        if target.get("kind") == "qualitative":
            for key in ("target", "actual", "direction"):
                if key in target:
                    problems.append(
                        (
                            f"{where}.{key}",
                            "does not apply to a qualitative target; give level instead",
                        )
                    )
        elif target.get("kind") == "quantitative":
            if "level" in target:
                problems.append(
                    (
                        f"{where}.level",
                        "applies to qualitative targets only; remove it, "
                        'or set kind = "qualitative"',
                    )
                )
            if "target" not in target:
                problems.append(
                    (
                        f"{where}.target",
                        "is required for a quantitative target: the planned value, "
                        "e.g. target = 200",
                    )
                )
            elif target["target"] == 0 and target.get("direction", ">=") == ">=":
                problems.append((f"{where}.target", 'must be above 0 for a ">=" target'))
    return problems


def _target(record: dict[str, object]) -> Target:
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
    )


def _weightless(facts: Facts) -> tuple[Finding, ...]:
    """A target given weight 0 counts for nothing; say so, it is more often a slip than a choice."""
    return tuple(
        Finding(
            "warning",
            "target_weight_zero",
            Text(
                f"目标“{target['name']}”权重为0，不计入得分",
                f"target “{target['name']}” has weight 0 and does not count",
            ),
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
    return Computed(values, _weightless(facts))


INDICATOR = Indicator(
    id="output_targets",
    label=Text("产出与绩效目标", "Outputs and performance targets"),
    sections=SECTIONS,
    measures=MEASURES,
    compute=compute,
    validate=validate,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
