"""资产管理 asset management: rules, safety findings and fixed-asset utilisation.

Facts read ([assets]): rules_exist, rules_compliant, rules_enforced (true/false);
findings (list of problems found; [] for none); fixed_assets_in_use and fixed_assets_total
(万元, by value).

Measures produced:
- asset_rules (Checklist: rules_exist, rules_compliant, rules_enforced)
- asset_findings (FindingList)
- fixed_asset_utilisation (Ratio in use / total; 0/0 means no fixed assets: N/A)
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.plugin_api import (
    Checklist,
    Facts,
    Field,
    FindingList,
    Indicator,
    Measure,
    MeasureSpec,
    Ratio,
    Section,
    Template,
    Text,
    Words,
    checklist,
    findings,
    hookimpl,
    ratio,
)

SECTION = "assets"
RULES = {
    "rules_exist": Text("资产管理制度具备", "asset rules exist"),
    "rules_compliant": Text("制度合法合规完整", "rules lawful and complete"),
    "rules_enforced": Text("制度有效执行", "rules carried out"),
}

FACTS = Section(
    SECTION,
    Text("资产管理", "Asset management"),
    (
        *(Field(key, "bool", label) for key, label in RULES.items()),
        Field(
            "findings",
            "text_list",
            Text("资产管理问题", "asset findings"),
            help=Text(
                "如账实不符、未经审批处置或出租出借资产、资产报告未按时报送；没有问题写 []",
                "账实不符, disposal or renting without approval, late asset report, …; [] if none",
            ),
            cell_help=Text(
                "每项问题一条，多项用“；”隔开，如：账实不符；未经审批出租资产。没有问题填“无”",
                "账实不符, disposal or renting without approval, late asset report, …; “none” "
                "if none",
            ),
        ),
        Field(
            "fixed_assets_in_use",
            "money",
            Text("在用固定资产", "fixed assets in use"),
            example="1224",
        ),
        Field(
            "fixed_assets_total", "money", Text("固定资产总额", "all fixed assets"), example="1440"
        ),
    ),
)

MEASURES = (
    MeasureSpec("asset_rules", Checklist, Text("资产管理制度", "asset rules"), RULES),
    MeasureSpec("asset_findings", FindingList, Text("资产管理问题", "asset findings")),
    MeasureSpec(
        "fixed_asset_utilisation", Ratio, Text("固定资产利用率", "fixed-asset utilisation")
    ),
)


IN_USE_OVER_TOTAL = Template(
    "assets.in_use_over_total",
    "在用固定资产{used:money}万元，超过固定资产总额{total:money}万元；在用资产是全部固定资产的一部分，"
    "请核对",
    "is {used:money}, more than fixed_assets_total {total:money}; assets in use are part of "
    "all fixed assets",
)


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    data = facts.section(SECTION)
    used, total = data.get("fixed_assets_in_use"), data.get("fixed_assets_total")
    if used is not None and total is not None and used > total:
        return [(f"{SECTION}.fixed_assets_in_use", IN_USE_OVER_TOTAL(used=used, total=total))]
    return []


def compute(facts: Facts) -> dict[str, Measure]:
    data = facts.section(SECTION)
    return {
        "asset_rules": checklist(data, RULES),
        "asset_findings": findings(data, SECTION, "findings"),
        "fixed_asset_utilisation": ratio(
            data,
            SECTION,
            "fixed_assets_in_use",
            "fixed_assets_total",
            (Text("在用固定资产", "in use"), Text("固定资产总额", "all fixed assets")),
            "万元",
        ),
    }


INDICATOR = Indicator(
    id="asset_management",
    label=Text("资产管理", "Asset management"),
    sections=(FACTS,),
    measures=MEASURES,
    compute=compute,
    validate=validate,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
