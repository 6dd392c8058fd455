"""The dimensions of a ruleset, their sub-indicators and the rules each applies: every rule names
an installed rule kind, a measure the dimension's indicator declares, and parameters the kind
accepts."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.errors import NOTHING, unknown_key
from jixiao.engine.numbers import ZERO, plain
from jixiao.engine.plugins.faults import RULE_KIND
from jixiao.engine.plugins.indicator import Indicator, MeasureSpec
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Rule, RuleKind
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.model import Dimension, Group, SubIndicator
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

DIMENSION_KEYS = ("label", "label_en", "weight", "indicator", "subindicators", "groups")
GROUP_KEYS = ("label", "label_en", "points", "indicator", "subindicators")
ZERO_OVER_ZERO = ("not_applicable", "full_points", "zero")
SUB_KEYS = ("code", "label", "label_en", "points", "rule", "then")
TOTAL_POINTS = Fraction(100)

DIMENSIONS_REQUIRED = Template(
    "ruleset.dimensions.required",
    "必须填写：每个维度一个 [dimensions.ID] 表",
    "is required: one [dimensions.ID] table per dimension",
)
NOT_A_TABLE = Template("ruleset.table.expected", "应为一个表 [{path}]", "expected a table [{path}]")
WEIGHTS_NOT_100 = Template(
    "ruleset.weights",
    "各维度权重合计{total:num}，不是100（{weights}）；请调整权重使合计为100",
    "weights add up to {total:num}, not 100 ({weights}); change the weights so that they total 100",
)
CODE_TWICE = Template(
    "ruleset.code.twice",
    "编号“{code}”已用于 {other}；每个三级指标的编号须各不相同",
    "code '{code}' is already used by {other}; give each sub-indicator its own code",
)
INDICATOR_NOT_TEXT = Template(
    "ruleset.indicator.text",
    '应为用引号括起的指标名称，如 indicator = "{example}"',
    'expected the name of an indicator in quotes, e.g. indicator = "{example}"',
)
SUBS_REQUIRED = Template(
    "ruleset.subindicators.required",
    "必须填写：每个三级指标一个 [{path}.subindicators.ID] 表",
    "is required: one [{path}.subindicators.ID] table per sub-indicator",
)
POINTS_NOT_WEIGHT = Template(
    "ruleset.points",
    "权重为{weight:num}，但其三级指标分值合计{points:num}（{listed}）；请使二者相等",
    "is {weight:num} but its sub-indicators' points add up to {points:num} ({listed}); make "
    "them equal",
)
THEN_NOT_LIST = Template(
    "ruleset.then",
    "应为扣分规则的列表：then = [{{ kind = ... }}]",
    "expected a list of deduction rules: then = [{{ kind = ... }}]",
)
RULE_REQUIRED = Template(
    "ruleset.rule.required",
    '必须填写：一个表，如 {{ kind = "linear_ratio", measure = "execution_rate" }}',
    'is required: a table such as {{ kind = "linear_ratio", measure = "execution_rate" }}',
)
KIND_REQUIRED = Template(
    "ruleset.kind.required",
    "必须填写：用引号括起的计分方法，可选：{kinds:list}",
    "is required: the rule kind in quotes, one of {kinds:list}",
)
NOT_A_DEDUCTION = Template(
    "ruleset.kind.deduction",
    "“{kind}”不能跟在另一条规则之后；then 中请用扣分类的计分方法：{deductions:list}",
    "'{kind}' cannot follow another rule; under `then` use a deduction kind: {deductions:list}",
)
MEASURE = Text("度量", "measure")
OF_INDICATOR = Template("ruleset.of_indicator", "指标“{indicator}”", "indicator {indicator}")
MEASURE_ELSEWHERE = Template(
    "ruleset.measure.elsewhere",
    "指标“{indicator}”没有度量“{measure}”；指标“{other}”有：请写 "
    'measure = "{other}.{measure}"，或改用“{indicator}”的度量：{fitting:list}',
    "indicator {indicator} has no measure '{measure}'; indicator {other} has it: write "
    'measure = "{other}.{measure}", or use a measure of {indicator}: {fitting:list}',
)
AMBIGUOUS_MEASURE = Template(
    "ruleset.measure.ambiguous",
    "有多个指标提供度量“{measure}”；请写明是哪一个：{qualified:list}",
    "more than one indicator has a measure '{measure}'; say which: {qualified:list}",
)
MEASURE_NAMED = Template(
    "ruleset.measure.named",
    '必须填写：此规则计分所用的度量（用引号括起，如 measure = "指标.度量"）；可以写：'
    "{fitting:list}",
    'is required: the measure this rule scores, in quotes (measure = "indicator.measure"); '
    "one of {fitting:list}",
)
GROUPS_OR_ROWS = Template(
    "ruleset.groups_or_rows",
    "[{path}] 不能同时有 groups（二级指标）和 subindicators（三级指标）：请把三级指标都放在"
    "二级指标之下，或去掉二级指标",
    "[{path}] cannot have both groups (二级) and subindicators: put every row in a group, or "
    "drop the groups",
)
GROUPS_REQUIRED = Template(
    "ruleset.groups.required",
    "应为一个或多个二级指标表 [{path}.groups.ID]",
    "expected one or more group tables [{path}.groups.ID]",
)
GROUP_POINTS = Template(
    "ruleset.group.points",
    "二级指标分值为{points:num}，但其三级指标分值合计{summed:num}（{listed}）；请使二者相等",
    "is {points:num} but its sub-indicators' points add up to {summed:num} ({listed}); make "
    "them equal",
)
GROUPS_NOT_WEIGHT = Template(
    "ruleset.groups.weight",
    "权重为{weight:num}，但其二级指标分值合计{points:num}（{listed}）；请使二者相等",
    "is {weight:num} but its groups' points add up to {points:num} ({listed}); make them equal",
)
SCORED_TWICE = Template(
    "ruleset.scored_twice",
    "{first}与{second}都给“{measure}”中{shared:list}类的项目计分，会重复计分；请让各行的 {key} "
    "互不重叠",
    "{first} and {second} both score the {shared:list} items of '{measure}', which counts them "
    "twice; give each row {key} of its own",
)
SCORED_TWICE_ALL = Template(
    "ruleset.scored_twice_all",
    "{first}与{second}都给“{measure}”计分，其中至少一行未写 {key}（计全部项目），会重复计分；"
    "请为每行写明互不重叠的 {key}",
    "{first} and {second} both score '{measure}', and at least one has no {key} (every item): "
    "the items would count twice; give each row {key} of its own that do not overlap",
)
ZERO_OVER_ZERO_CHOICE = Template(
    "ruleset.zero_over_zero",
    '应为以下之一：{choices:list}（分子分母都为0时："not_applicable" 不适用，'
    '"full_points" 得满分，"zero" 不得分）',
    'expected one of {choices:list} (when both parts are 0: "not_applicable" is N/A, '
    '"full_points" earns every point, "zero" earns none)',
)
MEASURE_REQUIRED = Template(
    "ruleset.measure.required",
    "必须填写：此规则计分所用的度量（用引号括起）；指标“{indicator}”有：{fitting:list}",
    "is required: the measure this rule scores, in quotes; "
    "indicator {indicator} has: {fitting:list}",
)
NONE_FITS = Text("（没有适用的）", "none that fits")
WRONG_MEASURE_TYPE = Template(
    "ruleset.measure.type",
    "计分方法“{kind}”不能用于度量“{measure}”（{type}）",
    "rule kind '{kind}' cannot score measure '{measure}' ({type})",
)
INDICATOR_MISSING = Template(
    "ruleset.indicator.missing",
    "没有已安装的插件提供指标“{indicator}”（已安装：{installed:list}）；请检查名称，"
    "或安装提供它的插件{plugins}。`score plugins` 列出已安装的插件",
    "no installed plugin provides indicator '{indicator}' (installed: {installed:list}); check the "
    "name, or install the plugin that provides it{plugins}. `score plugins` lists what is "
    "installed",
)
INDICATOR_NEAR = Template(
    "ruleset.indicator.near",
    "没有已安装的插件提供指标“{indicator}”；是否应为“{close}”？{plugins}",
    "no installed plugin provides indicator '{indicator}'; did you mean '{close}'?{plugins}",
)
BROKEN = Template(
    "ruleset.broken_plugins",
    "。以下插件未能加载，可能就是提供它的插件：{named:list}",
    ". These plugins failed to load and may be the one that provides it: {named:list}",
)
WITH_BROKEN = Template("ruleset.with_broken", "{message}{broken}", "{message}{broken}")


class Dimensions:
    """Checks the [dimensions] of one ruleset against the installed plugins and the ruleset's
    own declared measures (`indicators`: every indicator a rule may read, by id)."""

    def __init__(
        self, doc: RulesetDocument, registry: Registry, indicators: Mapping[str, Indicator]
    ) -> None:
        self.doc = doc
        self.registry = registry
        self.indicators = indicators

    def dimensions(self, raw: Any) -> tuple[Dimension, ...]:
        if not isinstance(raw, dict) or not raw:
            self.doc.fail("dimensions", DIMENSIONS_REQUIRED())
            return ()
        dimensions = []
        total = ZERO
        for dim_id, body in raw.items():
            path = f"dimensions.{dim_id}"
            if not isinstance(body, dict):
                self.doc.fail(path, NOT_A_TABLE(path=path))
                continue
            dimension = self.dimension(dim_id, body, path)
            if dimension is not None:
                dimensions.append(dimension)
                total += dimension.weight
        self.distinct_codes(dimensions)
        self.scored_once(dimensions)
        if len(dimensions) == len(raw) and total != TOTAL_POINTS:
            weights = " + ".join(f"{d.id} {plain(d.weight)}" for d in dimensions)
            self.doc.fail("dimensions", WEIGHTS_NOT_100(total=total, weights=weights))
        return tuple(dimensions)

    def distinct_codes(self, dimensions: list[Dimension]) -> None:
        """Cases, reviews and reports find a sub-indicator by its code: two must not share one."""
        seen: dict[str, str] = {}
        for dimension in dimensions:
            for group, sub in _rows_of(dimension):
                row = f"{_group_path(dimension.id, group)}.subindicators.{sub.id}"
                if sub.code in seen:
                    self.doc.fail(f"{row}.code", CODE_TWICE(code=sub.code, other=seen[sub.code]))
                else:
                    seen[sub.code] = row

    def scored_once(self, dimensions: list[Dimension]) -> None:
        """Two rows that pick items of one measure (targets by category) must not pick the
        same ones: the department's targets would be counted twice."""
        seen: dict[tuple[str, str], list[tuple[str, frozenset[str] | None]]] = {}
        for dimension in dimensions:
            for group, sub in _rows_of(dimension):
                for rule in sub.rules():
                    kind = self.registry.rule_kinds[rule.kind]
                    if kind.selects is None:
                        continue
                    picked = kind.selection(rule)
                    earlier = seen.setdefault((rule.indicator, rule.measure), [])
                    for code, other in earlier:
                        if other is None or picked is None or other & picked:
                            shared = sorted(other & picked) if other and picked else []
                            row = f"{_group_path(dimension.id, group)}.subindicators.{sub.id}"
                            self.doc.fail(
                                f"{row}.rule.{kind.selects}",
                                _twice(rule.measure, code, sub.code, shared, kind.selects),
                            )
                    earlier.append((sub.code, picked))

    def default_indicator(self, body: dict[str, Any], path: str, fallback: str) -> str:
        """The indicator an unqualified measure is looked up in first: the table's own
        `indicator`, else the one above; a dimension named as an indicator is that indicator
        (the 2025 form)."""
        if "indicator" not in body:
            return fallback
        indicator_id = body["indicator"]
        if not isinstance(indicator_id, str):
            self.doc.fail(f"{path}.indicator", INDICATOR_NOT_TEXT(example=fallback or "ID"))
            return fallback
        if indicator_id not in self.indicators:
            self.doc.fail(f"{path}.indicator", missing_indicator(indicator_id, self.registry))
            return ""
        return indicator_id

    def dimension(self, dim_id: str, body: dict[str, Any], path: str) -> Dimension | None:
        self.doc.unknown_keys(body, DIMENSION_KEYS, path)
        weight = self.doc.number(body, "weight", f"{path}.weight", positive=True)
        indicator_id = self.default_indicator(
            body, path, dim_id if dim_id in self.indicators else ""
        )
        if "groups" in body and "subindicators" in body:
            self.doc.fail(f"{path}.groups", GROUPS_OR_ROWS(path=path))
            return None
        if "groups" in body:
            groups = self.groups(body["groups"], path, indicator_id)
            if weight is None or groups is None:
                return None
            parts = [(g.id, g.points) for g in groups]
            subs = tuple(sub for group in groups for sub in group.subindicators)
        else:
            rows = self.rows(body.get("subindicators"), path, indicator_id)
            if weight is None or rows is None:
                return None
            groups, subs = (), rows
            parts = [(s.code or s.id, s.points) for s in subs]
        points = sum((worth for _, worth in parts), ZERO)
        if points != weight:
            listed = " + ".join(f"{name} {plain(worth)}" for name, worth in parts)
            message = POINTS_NOT_WEIGHT if not groups else GROUPS_NOT_WEIGHT
            self.doc.fail(f"{path}.weight", message(weight=weight, points=points, listed=listed))
        label = text_of(body, "label", dim_id)
        return Dimension(dim_id, label, weight, indicator_id, subs, groups)

    def groups(self, raw: Any, path: str, indicator_id: str) -> tuple[Group, ...] | None:
        if not isinstance(raw, dict) or not raw:
            self.doc.fail(f"{path}.groups", GROUPS_REQUIRED(path=path))
            return None
        groups = []
        for group_id, body in raw.items():
            group_path = f"{path}.groups.{group_id}"
            if not isinstance(body, dict):
                self.doc.fail(group_path, NOT_A_TABLE(path=group_path))
                continue
            self.doc.unknown_keys(body, GROUP_KEYS, group_path)
            points = self.doc.number(body, "points", f"{group_path}.points", positive=True)
            default = self.default_indicator(body, group_path, indicator_id)
            rows = self.rows(body.get("subindicators"), group_path, default)
            if points is None or rows is None:
                continue
            summed = sum((s.points for s in rows), ZERO)
            if summed != points:
                listed = " + ".join(f"{s.code or s.id} {plain(s.points)}" for s in rows)
                self.doc.fail(
                    f"{group_path}.points",
                    GROUP_POINTS(points=points, summed=summed, listed=listed),
                )
            groups.append(Group(group_id, text_of(body, "label", group_id), points, rows))
        return tuple(groups) if len(groups) == len(raw) else None

    def rows(self, raw: Any, path: str, indicator_id: str) -> tuple[SubIndicator, ...] | None:
        if not isinstance(raw, dict) or not raw:
            self.doc.fail(f"{path}.subindicators", SUBS_REQUIRED(path=path))
            return None
        subs = []
        for sub_id, sub_body in raw.items():
            sub_path = f"{path}.subindicators.{sub_id}"
            if not isinstance(sub_body, dict):
                self.doc.fail(sub_path, NOT_A_TABLE(path=sub_path))
                continue
            sub = self.subindicator(sub_id, sub_body, sub_path, indicator_id)
            if sub is not None:
                subs.append(sub)
        return tuple(subs) if len(subs) == len(raw) else None

    def subindicator(
        self, sub_id: str, body: dict[str, Any], path: str, indicator_id: str
    ) -> SubIndicator | None:
        self.doc.unknown_keys(body, SUB_KEYS, path)
        points = self.doc.number(body, "points", f"{path}.points", positive=True)
        code = body.get("code", sub_id)
        rule = self.rule(body.get("rule"), f"{path}.rule", indicator_id, points, base=True)
        raw_then = body.get("then", [])
        if not isinstance(raw_then, list):
            self.doc.fail(f"{path}.then", THEN_NOT_LIST())
            raw_then = []
        then = [
            self.rule(r, f"{path}.then[{i}]", indicator_id, points, base=False)
            for i, r in enumerate(raw_then)
        ]
        if points is None or rule is None or any(r is None for r in then):
            return None
        return SubIndicator(
            sub_id,
            str(code),
            text_of(body, "label", sub_id),
            points,
            rule,
            tuple(r for r in then if r is not None),
        )

    def rule(
        self, raw: Any, path: str, indicator_id: str, points: Fraction | None, base: bool
    ) -> Rule | None:
        if not isinstance(raw, dict):
            self.doc.fail(path, RULE_REQUIRED())
            return None
        kind_name = raw.get("kind")
        kind = self.registry.rule_kinds.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            kinds = sorted(self.registry.rule_kinds)
            if isinstance(kind_name, str):
                unknown = unknown_key(kind_name, kinds, None, noun=RULE_KIND)
                broken = broken_plugins(kind_name, self.registry)
                self.doc.fail(f"{path}.kind", WITH_BROKEN(message=unknown, broken=broken))
            else:
                self.doc.fail(f"{path}.kind", KIND_REQUIRED(kinds=kinds))
            return None
        if not base and not kind.deduction:
            deductions = sorted(k for k, v in self.registry.rule_kinds.items() if v.deduction)
            self.doc.fail(f"{path}.kind", NOT_A_DEDUCTION(kind=kind_name, deductions=deductions))
            return None
        found = self.measure(raw.get("measure"), f"{path}.measure", indicator_id, kind)
        zero_over_zero = raw.get("zero_over_zero", "not_applicable")
        if zero_over_zero not in ZERO_OVER_ZERO:
            self.doc.fail(
                f"{path}.zero_over_zero",
                ZERO_OVER_ZERO_CHOICE(choices=[f'"{c}"' for c in ZERO_OVER_ZERO]),
            )
        if found is not None and found[1].type not in kind.accepts:
            spec = found[1]
            self.doc.fail(
                f"{path}.measure",
                WRONG_MEASURE_TYPE(kind=kind_name, measure=spec.id, type=spec.type.__name__),
            )
        items = found[1].items if found is not None else {}
        given = {key: value for key, value in raw.items() if key != "zero_over_zero"}
        with self.registry.calling(RULE_KIND, kind.name, "parse"):
            params, problems = kind.parse(given, points, items)
        for key, message in problems:
            self.doc.fail(f"{path}.{key}", message)
        if problems or found is None or zero_over_zero not in ZERO_OVER_ZERO:
            return None
        owner, spec = found
        return Rule(str(kind_name), spec.id, params, owner.id, str(zero_over_zero))

    def measure(
        self, named: Any, path: str, indicator_id: str, kind: RuleKind
    ) -> tuple[Indicator, MeasureSpec] | None:
        """The indicator and measure a rule scores: `indicator.measure` as written, else the
        default indicator's, else the one indicator that has it."""
        default = self.indicators.get(indicator_id)
        if not isinstance(named, str) or not named:
            self.doc.fail(path, self.no_measure(None, default, kind))
            return None
        if named.removeprefix("ruleset.") in self.doc.refused_measures:
            return None  # its declaration's problems are said: one cause, one message
        if "." in named:
            owner_id, measure_id = named.split(".", 1)
            owner = self.indicators.get(owner_id)
            if owner is None:
                self.doc.fail(path, missing_indicator(owner_id, self.registry))
                return None
            spec = owner.measure_spec(measure_id)
            if spec is None:
                self.doc.fail(path, self.no_measure(measure_id, owner, kind))
                return None
            return owner, spec
        declared = self.indicators.get("ruleset")
        if default is not None:
            spec = default.measure_spec(named)
            theirs = None if declared in (None, default) else declared.measure_spec(named)
            if spec is not None and theirs is not None:  # the bureau's own would be hidden
                qualified = [f"{default.id}.{named}", f"ruleset.{named}"]
                self.doc.fail(path, AMBIGUOUS_MEASURE(measure=named, qualified=qualified))
                return None
            if spec is not None:
                return default, spec
        having = [i for i in self.indicators.values() if i.measure_spec(named) is not None]
        if len(having) == 1:
            spec = having[0].measure_spec(named)
            assert spec is not None
            return having[0], spec
        if len(having) > 1:
            qualified = [f"{i.id}.{named}" for i in having]
            self.doc.fail(path, AMBIGUOUS_MEASURE(measure=named, qualified=qualified))
            return None
        self.doc.fail(path, self.no_measure(named, default, kind))
        return None

    def no_measure(
        self, measure_id: str | None, indicator: Indicator | None, kind: RuleKind
    ) -> Words:
        """Why there is no such measure, and which indicator has it, or what would fit."""
        if indicator is None:  # no indicator to look in: what every indicator offers
            fitting_ids = [
                f"{i.id}.{m.id}"
                for i in self.indicators.values()
                for m in i.measures
                if m.type in kind.accepts
            ]
        else:
            fitting_ids = [m.id for m in indicator.measures if m.type in kind.accepts]
        fitting: list[str] | list[Text] = list(fitting_ids) or [NONE_FITS]
        if measure_id is None:
            if indicator is None:
                return MEASURE_NAMED(fitting=fitting)
            return MEASURE_REQUIRED(indicator=indicator.id, fitting=fitting)
        others = [
            other.id
            for other in self.indicators.values()
            if (indicator is None or other.id != indicator.id)
            and other.measure_spec(measure_id) is not None
        ]
        if others and indicator is not None:
            return MEASURE_ELSEWHERE(
                indicator=indicator.id, measure=measure_id, other=others[0], fitting=fitting
            )
        where = None if indicator is None else OF_INDICATOR(indicator=indicator.id)
        return unknown_key(measure_id, fitting_ids, where, noun=MEASURE)


def _twice(measure: str, first: str, second: str, shared: list[str], key: str) -> Words:
    if shared:
        return SCORED_TWICE(measure=measure, first=first, second=second, shared=shared, key=key)
    return SCORED_TWICE_ALL(measure=measure, first=first, second=second, key=key)


def _group_path(dim_id: str, group: str) -> str:
    base = f"dimensions.{dim_id}"
    return f"{base}.groups.{group}" if group else base


def _rows_of(dimension: Dimension) -> list[tuple[str, SubIndicator]]:
    """Every row of a dimension with the id of its 二级 group ("" when it has none)."""
    if not dimension.groups:
        return [("", sub) for sub in dimension.subindicators]
    return [(group.id, sub) for group in dimension.groups for sub in group.subindicators]


def missing_indicator(indicator_id: str, registry: Registry) -> Words:
    """Why a dimension's indicator is not there, and what to do about it: the nearest installed
    id when one is close (never an install command for a name that may be misspelt)."""
    from jixiao.engine.errors import closest

    broken = broken_plugins(indicator_id, registry)
    close = closest(indicator_id, registry.indicators)
    if close is not None:
        return INDICATOR_NEAR(indicator=indicator_id, close=close, plugins=broken)
    installed: list[str] | list[Text] = sorted(registry.indicators) or [NOTHING]
    return INDICATOR_MISSING(indicator=indicator_id, installed=installed, plugins=broken)


def broken_plugins(ident: str, registry: Registry) -> Words | str:
    """The plugins that failed to load and might have provided `ident`, for an error message."""
    broken = [f for f in registry.failures if not f.provides or ident in f.provides]
    if not broken:
        return ""
    return BROKEN(named=broken)
