"""The dimensions of a ruleset, their sub-indicators and the rules each applies: every rule names
an installed rule kind, a measure the dimension's indicator declares, and parameters the kind
accepts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from jixiao.engine.errors import NOTHING, unknown_key
from jixiao.engine.numbers import ZERO, plain
from jixiao.engine.plugins.faults import RULE_KIND
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Rule, RuleKind
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.model import Dimension, SubIndicator
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

DIMENSION_KEYS = ("label", "label_en", "weight", "indicator", "subindicators")
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
    "指标“{indicator}”没有度量“{measure}”；指标“{other}”有：请把此规则放在使用“{other}”的维度下，"
    "或改用“{indicator}”的度量：{fitting:list}",
    "indicator {indicator} has no measure '{measure}'; indicator {other} has it: put this rule "
    "in a dimension that uses {other}, or use a measure of {indicator}: {fitting:list}",
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
    """Checks the [dimensions] of one ruleset against the installed plugins."""

    def __init__(self, doc: RulesetDocument, registry: Registry) -> None:
        self.doc = doc
        self.registry = registry

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
        if len(dimensions) == len(raw) and total != TOTAL_POINTS:
            weights = " + ".join(f"{d.id} {plain(d.weight)}" for d in dimensions)
            self.doc.fail("dimensions", WEIGHTS_NOT_100(total=total, weights=weights))
        return tuple(dimensions)

    def distinct_codes(self, dimensions: list[Dimension]) -> None:
        """Cases, reviews and reports find a sub-indicator by its code: two must not share one."""
        seen: dict[str, str] = {}
        for dimension in dimensions:
            for sub in dimension.subindicators:
                path = f"dimensions.{dimension.id}.subindicators.{sub.id}.code"
                if sub.code in seen:
                    self.doc.fail(path, CODE_TWICE(code=sub.code, other=seen[sub.code]))
                else:
                    seen[sub.code] = f"dimensions.{dimension.id}.subindicators.{sub.id}"

    def dimension(self, dim_id: str, body: dict[str, Any], path: str) -> Dimension | None:
        self.doc.unknown_keys(body, DIMENSION_KEYS, path)
        weight = self.doc.number(body, "weight", f"{path}.weight", positive=True)
        indicator_id = body.get("indicator", dim_id)
        if not isinstance(indicator_id, str):
            self.doc.fail(f"{path}.indicator", INDICATOR_NOT_TEXT(example=dim_id))
            indicator_id = dim_id
        indicator = self.registry.indicators.get(indicator_id)
        if indicator is None:
            self.doc.fail(f"{path}.indicator", missing_indicator(str(indicator_id), self.registry))
        raw_subs = body.get("subindicators")
        if not isinstance(raw_subs, dict) or not raw_subs:
            self.doc.fail(f"{path}.subindicators", SUBS_REQUIRED(path=path))
            return None
        subs = []
        for sub_id, sub_body in raw_subs.items():
            sub_path = f"{path}.subindicators.{sub_id}"
            if not isinstance(sub_body, dict):
                self.doc.fail(sub_path, NOT_A_TABLE(path=sub_path))
                continue
            sub = self.subindicator(sub_id, sub_body, sub_path, indicator)
            if sub is not None:
                subs.append(sub)
        if weight is None or len(subs) != len(raw_subs):
            return None
        points = sum((s.points for s in subs), ZERO)
        if points != weight:
            listed = " + ".join(f"{s.code or s.id} {plain(s.points)}" for s in subs)
            self.doc.fail(
                f"{path}.weight", POINTS_NOT_WEIGHT(weight=weight, points=points, listed=listed)
            )
        return Dimension(dim_id, text_of(body, "label", dim_id), weight, indicator_id, tuple(subs))

    def subindicator(
        self, sub_id: str, body: dict[str, Any], path: str, indicator: Any
    ) -> SubIndicator | None:
        self.doc.unknown_keys(body, SUB_KEYS, path)
        points = self.doc.number(body, "points", f"{path}.points", positive=True)
        code = body.get("code", sub_id)
        rule = self.rule(body.get("rule"), f"{path}.rule", indicator, points, base=True)
        raw_then = body.get("then", [])
        if not isinstance(raw_then, list):
            self.doc.fail(f"{path}.then", THEN_NOT_LIST())
            raw_then = []
        then = [
            self.rule(r, f"{path}.then[{i}]", indicator, points, base=False)
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
        self, raw: Any, path: str, indicator: Any, points: Fraction | None, base: bool
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
        measure_id = raw.get("measure")
        spec = None
        if indicator is not None:
            spec = indicator.measure_spec(measure_id) if isinstance(measure_id, str) else None
            if spec is None:
                self.doc.fail(f"{path}.measure", self.no_measure(measure_id, indicator, kind))
            elif spec.type not in kind.accepts:
                self.doc.fail(
                    f"{path}.measure",
                    WRONG_MEASURE_TYPE(kind=kind_name, measure=measure_id, type=spec.type.__name__),
                )
        items = spec.items if spec is not None else {}
        with self.registry.calling(RULE_KIND, kind.name, "parse"):
            params, problems = kind.parse(raw, points, items)
        for key, message in problems:
            self.doc.fail(f"{path}.{key}", message)
        if problems or spec is None:
            return None
        return Rule(str(kind_name), str(measure_id), params)

    def no_measure(self, measure_id: Any, indicator: Any, kind: RuleKind) -> Words:
        """Why the dimension's indicator has no such measure, and which one does."""
        fitting_ids = [m.id for m in indicator.measures if m.type in kind.accepts]
        fitting: list[str] | list[Text] = list(fitting_ids) or [NONE_FITS]
        if not isinstance(measure_id, str):
            return MEASURE_REQUIRED(indicator=indicator.id, fitting=fitting)
        others = [
            other.id
            for other in self.registry.indicators.values()
            if other.id != indicator.id and other.measure_spec(measure_id) is not None
        ]
        if others:
            return MEASURE_ELSEWHERE(
                indicator=indicator.id, measure=measure_id, other=others[0], fitting=fitting
            )
        where = OF_INDICATOR(indicator=indicator.id)
        return unknown_key(measure_id, fitting_ids, where, noun=MEASURE)


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
