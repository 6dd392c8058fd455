"""内部控制 internal controls: the rule sets, how the controls run, violations found.

Facts read: [internal_controls.rule_sets] budget, revenue, expenditure, procurement, assets,
construction, contracts, decision_making — each true, false or "n/a" (不适用);
[internal_controls] leading_group, risk_assessment, post_separation, report_on_time
(true/false) and violations (list; [] for none).

Measures produced:
- rule_set_coverage (Ratio: rule sets present / rule sets applicable; excluded = marked n/a;
  an unanswered rule set counts as applicable and absent, with a warning)
- control_mechanisms (Checklist of the four mechanisms)
- fund_violations (FindingList)
"""

from __future__ import annotations

from fractions import Fraction

from jixiao.engine.plugin_api import (
    Checklist,
    Computed,
    Facts,
    Field,
    Finding,
    FindingList,
    Indicator,
    Measure,
    MeasureSpec,
    Ratio,
    Section,
    Template,
    Text,
    checklist,
    findings,
    hookimpl,
    missing,
)

SECTION = "internal_controls"
RULE_SETS = {
    "budget": Text("预算业务", "budget"),
    "revenue": Text("收入业务", "revenue"),
    "expenditure": Text("支出业务", "expenditure"),
    "procurement": Text("政府采购", "government procurement"),
    "assets": Text("资产管理", "assets"),
    "construction": Text("建设项目", "construction projects"),
    "contracts": Text("合同管理", "contracts"),
    "decision_making": Text("决策机制", "decision-making"),
}
MECHANISMS = {
    "leading_group": Text("内控领导小组", "internal-control leading group"),
    "risk_assessment": Text("年度风险评估", "annual risk assessment"),
    "post_separation": Text("不相容岗位分离", "separation of incompatible posts"),
    "report_on_time": Text("内控报告按时报送", "internal-control report filed on time"),
}

SECTIONS = (
    Section(
        SECTION,
        Text("内部控制", "Internal controls"),
        (
            *(Field(key, "bool", label) for key, label in MECHANISMS.items()),
            Field(
                "violations",
                "text_list",
                Text("资金使用违规问题", "violations found"),
                help=Text(
                    "如截留、挤占、挪用、虚列支出、超范围支出；没有问题写 []",
                    "截留, 挤占, 挪用, 虚列支出, spending outside the approved purpose; [] if none",
                ),
                cell_help=Text(
                    "每项问题一条，多项用“；”隔开，如：挤占项目资金；超范围支出。没有问题填“无”",
                    "截留, 挤占, 挪用, 虚列支出, spending outside the approved purpose; “none” "
                    "if none",
                ),
            ),
        ),
    ),
    Section(
        f"{SECTION}.rule_sets",
        Text("内控制度", "Internal-control rule sets"),
        tuple(Field(key, "bool_or_na", label) for key, label in RULE_SETS.items()),
        help=Text(
            '每项填 true（有）、false（没有），本部门没有该项业务的填 "n/a"',
            'each true, false, or "n/a" when the department has no such business',
        ),
        cell_help=Text(
            "有该项制度的选“是”，没有的选“否”，本部门无此项业务的选“不适用”",
            "yes when the rule set exists, no when not, n/a when the department has no such "
            "business",
        ),
    ),
)

UNANSWERED = Template(
    "internal_controls.unanswered",
    "未填写，按不具备该项内控制度计",
    "not answered: counted as a rule set the department does not have",
)

MEASURES = (
    MeasureSpec("rule_set_coverage", Ratio, Text("内控制度完备率", "rule-set coverage")),
    MeasureSpec(
        "control_mechanisms", Checklist, Text("内控机制", "control mechanisms"), MECHANISMS
    ),
    MeasureSpec("fund_violations", FindingList, Text("资金违规问题", "violations")),
)


def _coverage(facts: Facts) -> tuple[Measure, list[Finding]]:
    section = f"{SECTION}.rule_sets"
    if not facts.section(SECTION) or "rule_sets" not in facts.section(SECTION):
        return missing(section, *RULE_SETS), []
    answers = facts.section(section)
    present = sum(1 for key in RULE_SETS if answers.get(key) is True)
    excluded = sum(1 for key in RULE_SETS if answers.get(key) == "n/a")
    unanswered = [key for key in RULE_SETS if key not in answers]
    found = [
        Finding(
            "warning",
            "missing_evidence",
            UNANSWERED(),
            f"{section}.{key}",
        )
        for key in unanswered
    ]
    ratio = Ratio(
        Fraction(present),
        Fraction(len(RULE_SETS) - excluded),
        Text("具备的制度", "rule sets present"),
        Text("适用的制度", "rule sets applicable"),
        "项",
        excluded,
    )
    return ratio, found


def compute(facts: Facts) -> Computed:
    data = facts.section(SECTION)
    coverage, found = _coverage(facts)
    values = {
        "rule_set_coverage": coverage,
        "control_mechanisms": checklist(data, MECHANISMS),
        "fund_violations": findings(data, SECTION, "violations"),
    }
    return Computed(values, tuple(found))


INDICATOR = Indicator(
    id="internal_controls",
    label=Text("内部控制", "Internal controls"),
    sections=SECTIONS,
    measures=MEASURES,
    compute=compute,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
