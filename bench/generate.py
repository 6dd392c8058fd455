"""Generate realistic department facts files for benchmarks: seeded, any number of them.

    python bench/generate.py OUT_DIR --count 1000 [--seed 2025]

Each file has the shape of the examples: budget figures with 6 decimals, disclosure dates,
asset and internal-control facts, 3–8 performance targets and 3–12 projects (about 3.5 KB).
The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from jixiao.indicators.internal_controls import RULE_SETS as INTERNAL_CONTROL_RULE_SETS

KINDS = ("政协", "人大", "教育局", "卫健局", "民政局", "财政局", "水利局", "文旅局", "司法局")
PLACES = ("鹿泉区", "长安区", "桥西区", "新华区", "裕华区", "藁城区", "栾城区", "正定县")
RULE_SETS = tuple(INTERNAL_CONTROL_RULE_SETS)  # the eight rule sets, as the indicator names them
LEVELS = ("达成", "达成", "达成", "部分达成", "未达成")
PROJECT_NAMES = (
    "委员工作站（室）建设活动经费",
    "专项业务工作经费",
    "报刊、杂志书籍订阅费",
    "政务外网使用费及移动云服务费",
    "会议费",
    "公益性岗位人员工资",
    "公务接待费",
    "文史资料编印费",
    "民生议事活动经费",
    "信息化系统运行维护费",
    "业务培训经费",
    "办公用房维修改造经费",
)
TARGET_NAMES = (
    "组织协商议政活动次数",
    "提交调研报告篇数",
    "开展专题培训人次",
    "社情民意信息采用篇数",
    "资金支付及时率",
    "服务对象投诉件数",
    "重点工作任务完成情况",
    "制度建设完善程度",
    "群众满意度提升情况",
)


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount in 万元 with 6 decimals, made from integers so that no float leaks in."""
    micro = rng.randint(int(low * 1_000_000), int(high * 1_000_000))
    return Decimal(micro).scaleb(-6)


def publication(rng: random.Random, year: int) -> dict[str, Any]:
    if rng.random() < 0.05:
        return {"published": False}
    approved = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(10, 60))
    published = approved + dt.timedelta(days=rng.randint(3, 30))
    return {
        "published": True,
        "approved_on": approved,
        "published_on": published,
        "sangong_total": True,
        "sangong_by_item": rng.random() > 0.1,
        "performance_targets": rng.random() > 0.1,
        "empty_tables_explained": rng.random() > 0.2,
    }


def _targets(rng: random.Random) -> list[dict[str, Any]]:
    targets: list[dict[str, Any]] = []
    for n in range(rng.randint(3, 8)):
        if rng.random() < 0.4:
            targets.append(
                {
                    "name": f"{rng.choice(TARGET_NAMES)}（{n + 1}）",
                    "kind": "qualitative",
                    "level": rng.choice(LEVELS),
                }
            )
        else:
            goal = rng.randint(5, 500)
            targets.append(
                {
                    "name": f"{rng.choice(TARGET_NAMES)}（{n + 1}）",
                    "kind": "quantitative",
                    "direction": ">=" if rng.random() < 0.8 else "<=",
                    "target": goal,
                    "actual": rng.randint(int(goal * 0.6), int(goal * 1.4)),
                    "unit": rng.choice(("次", "件", "人", "篇", "天")),
                }
            )
    return targets


def _projects(rng: random.Random) -> list[dict[str, Any]]:
    projects = []
    for n in range(rng.randint(3, 12)):
        project: dict[str, Any] = {
            "name": f"{n + 1:02d} {rng.choice(PROJECT_NAMES)}",
            "budget": money(rng, 1, 900),
        }
        if rng.random() < 0.9:
            project["self_score"] = rng.choice((100, 100, 98, 95, 90, 85, 78))
            project["self_grade"] = "优秀" if project["self_score"] >= 85 else "良好"
        projects.append(project)
    return projects


def department(index: int, rng: random.Random, year: int = 2025) -> dict[str, Any]:
    adjusted = money(rng, 200, 50_000)
    initial = (
        adjusted
        if rng.random() < 0.4
        else money(rng, float(adjusted) * 0.7, float(adjusted) * 1.05)
    )
    actual = min(money(rng, float(adjusted) * 0.8, float(adjusted) * 1.02), adjusted * 2)
    sangong_budget = money(rng, 1, 60)
    public_budget = money(rng, 20, 800)
    targets = _targets(rng)
    projects = _projects(rng)
    rule_sets: dict[str, Any] = {key: rng.random() > 0.1 for key in RULE_SETS}
    if rng.random() < 0.5:
        rule_sets["construction"] = "n/a"
    return {
        "department": {
            "name": f"{rng.choice(PLACES)}{rng.choice(KINDS)}",
            "code": f"BENCH-{index:06d}",
            "year": year,
        },
        "self_evaluation": {"total": rng.randint(85, 100), "grade": "优秀"},
        "budget": {
            "initial": initial,
            "adjusted": adjusted,
            "actual": actual,
            "sangong_budget": sangong_budget,
            "sangong_actual": money(rng, float(sangong_budget) * 0.6, float(sangong_budget) * 1.1),
            "public_funds_budget": public_budget,
            "public_funds_actual": money(
                rng, float(public_budget) * 0.8, float(public_budget) * 1.05
            ),
        },
        "disclosure": {
            "self_evaluation_published": rng.random() > 0.2,
            "budget": publication(rng, year),
            "final_accounts": publication(rng, year),
        },
        "assets": {
            "rules_exist": True,
            "rules_compliant": rng.random() > 0.1,
            "rules_enforced": rng.random() > 0.2,
            "findings": ["账实不符"] if rng.random() < 0.2 else [],
            "fixed_assets_in_use": money(rng, 50, 600),
            "fixed_assets_total": money(rng, 600, 900),
        },
        "internal_controls": {
            "leading_group": True,
            "risk_assessment": rng.random() > 0.2,
            "post_separation": rng.random() > 0.1,
            "report_on_time": rng.random() > 0.15,
            "violations": ["挤占项目资金"] if rng.random() < 0.1 else [],
            "rule_sets": rule_sets,
        },
        "targets": targets,
        "projects": projects,
    }


COMMENTS = {
    "budget": "# 预算收支（万元）",
    "disclosure": "# 预决算公开",
    "assets": "# 资产管理",
    "internal_controls": "# 内部控制",
}


def to_toml(data: dict[str, Any]) -> str:
    """The layout people write: [section] headers, [[targets]] and [[projects]] blocks, comments."""
    lines: list[str] = []

    def table(path: str, body: dict[str, Any]) -> None:
        scalars = {k: v for k, v in body.items() if not isinstance(v, dict)}
        if path in COMMENTS:
            lines.append(COMMENTS[path])
        lines.append(f"[{path}]")
        lines.extend(tomli_w.dumps(scalars).splitlines())
        lines.append("")
        for key, value in body.items():
            if isinstance(value, dict):
                table(f"{path}.{key}", value)

    for key, value in data.items():
        if isinstance(value, dict):
            table(key, value)
    for key in ("targets", "projects"):
        lines.append(f"# {'绩效目标' if key == 'targets' else '项目支出'}")
        for record in data[key]:
            lines.append(f"[[{key}]]")
            lines.extend(tomli_w.dumps(record).splitlines())
            lines.append("")
    return "\n".join(lines)


def file_name(index: int) -> str:
    return f"dept-{index:06d}.toml"


def generate(out: Path, count: int, seed: int = 2025) -> list[Path]:
    """Write `count` department files into `out`; return their paths in order."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        path = out / file_name(index)
        path.write_text(to_toml(department(index, rng)), encoding="utf-8")
        paths.append(path)
    return paths


def big_ruleset(out: Path, rows: int = 300) -> Path:
    """A bureau's system of `rows` rows written as data: 10 dimensions of 3 groups each, every
    row a ratio over two facts the ruleset declares (the most work a row gives the loader)."""
    per_group = rows // 30
    lines = ["format = 1", 'id = "big"', "year = 2025", 'title = "大表"', ""]
    lines += ["[[grades]]", 'label = "优秀"', "min = 85", "", "[[grades]]", 'label = "其他"']
    lines += ["min = 0", "below = 85", "", "[facts.big]", 'label = "大表数据"', ""]
    for row in range(rows):
        for part in ("n", "d"):
            lines += [f"[facts.big.fields.{part}{row}]", 'type = "count"', f'label = "{part}{row}"']
    for row in range(rows):
        lines += [f"[measures.m{row}]", 'kind = "ratio"', f'label = "比率{row}"']
        lines += [f'numerator = "big.n{row}"', f'denominator = "big.d{row}"']
    row = 0
    for dim in range(10):
        lines += [f"[dimensions.d{dim}]", f'label = "一级{dim}"', "weight = 10"]
        for group, points in enumerate(("3.4", "3.3", "3.3")):
            lines += [f"[dimensions.d{dim}.groups.g{group}]", f"points = {points}"]
            each = Decimal(points) / per_group
            for _ in range(per_group):
                lines += [f"[dimensions.d{dim}.groups.g{group}.subindicators.r{row}]"]
                lines += [f'code = "{row}"', f"points = {each}"]
                lines += [f'rule = {{ kind = "linear_ratio", measure = "m{row}" }}']
                row += 1
    path = out / "big-ruleset.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    paths = generate(args.out, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths) / max(1, len(paths))
    print(f"wrote {len(paths)} files to {args.out} (mean {size:,.0f} bytes)")


if __name__ == "__main__":
    main()
