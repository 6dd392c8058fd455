"""The dimensions of a ruleset, their sub-indicators and the rules each applies: every rule names
an installed rule kind, a measure the dimension's indicator declares, and parameters the kind
accepts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from jixiao.engine.errors import unknown_key
from jixiao.engine.numbers import ZERO, plain
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Rule
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.model import Dimension, SubIndicator

DIMENSION_KEYS = ("label", "label_en", "weight", "indicator", "subindicators")
SUB_KEYS = ("code", "label", "label_en", "points", "rule", "then")
TOTAL_POINTS = Fraction(100)


class Dimensions:
    """Checks the [dimensions] of one ruleset against the installed plugins."""

    def __init__(self, doc: RulesetDocument, registry: Registry) -> None:
        self.doc = doc
        self.registry = registry

    def dimensions(self, raw: Any) -> tuple[Dimension, ...]:
        if not isinstance(raw, dict) or not raw:
            self.doc.fail("dimensions", "is required: one [dimensions.ID] table per dimension")
            return ()
        dimensions = []
        total = ZERO
        for dim_id, body in raw.items():
            path = f"dimensions.{dim_id}"
            if not isinstance(body, dict):
                self.doc.fail(path, f"expected a table [{path}]")
                continue
            dimension = self.dimension(dim_id, body, path)
            if dimension is not None:
                dimensions.append(dimension)
                total += dimension.weight
        self.distinct_codes(dimensions)
        if len(dimensions) == len(raw) and total != TOTAL_POINTS:
            weights = " + ".join(f"{d.id} {plain(d.weight)}" for d in dimensions)
            self.doc.fail(
                "dimensions",
                f"weights add up to {plain(total)}, not 100 ({weights}); "
                "change the weights so that they total 100",
            )
        return tuple(dimensions)

    def distinct_codes(self, dimensions: list[Dimension]) -> None:
        """Cases, reviews and reports find a sub-indicator by its code: two must not share one."""
        seen: dict[str, str] = {}
        for dimension in dimensions:
            for sub in dimension.subindicators:
                path = f"dimensions.{dimension.id}.subindicators.{sub.id}.code"
                if sub.code in seen:
                    self.doc.fail(
                        path,
                        f"code {sub.code!r} is already used by {seen[sub.code]}; "
                        "give each sub-indicator its own code",
                    )
                else:
                    seen[sub.code] = f"dimensions.{dimension.id}.subindicators.{sub.id}"

    def dimension(self, dim_id: str, body: dict[str, Any], path: str) -> Dimension | None:
        self.doc.unknown_keys(body, DIMENSION_KEYS, path)
        weight = self.doc.number(body, "weight", f"{path}.weight", positive=True)
        indicator_id = body.get("indicator", dim_id)
        if not isinstance(indicator_id, str):
            self.doc.fail(
                f"{path}.indicator",
                f'expected the name of an indicator in quotes, e.g. indicator = "{dim_id}"',
            )
            indicator_id = dim_id
        indicator = self.registry.indicators.get(indicator_id)
        if indicator is None:
            self.doc.fail(f"{path}.indicator", missing_indicator(str(indicator_id), self.registry))
        raw_subs = body.get("subindicators")
        if not isinstance(raw_subs, dict) or not raw_subs:
            self.doc.fail(
                f"{path}.subindicators",
                f"is required: one [{path}.subindicators.ID] table per sub-indicator",
            )
            return None
        subs = []
        for sub_id, sub_body in raw_subs.items():
            sub_path = f"{path}.subindicators.{sub_id}"
            if not isinstance(sub_body, dict):
                self.doc.fail(sub_path, f"expected a table [{sub_path}]")
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
                f"{path}.weight",
                f"is {plain(weight)} but its sub-indicators' points add "
                f"up to {plain(points)} ({listed}); make them equal",
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
            self.doc.fail(
                f"{path}.then", "expected a list of deduction rules: then = [{ kind = ... }]"
            )
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
            self.doc.fail(
                path,
                'is required: a table such as { kind = "linear_ratio", '
                'measure = "execution_rate" }',
            )
            return None
        kind_name = raw.get("kind")
        kind = self.registry.rule_kinds.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            kinds = sorted(self.registry.rule_kinds)
            self.doc.fail(
                f"{path}.kind",
                unknown_key(kind_name, kinds, "the rule kinds", noun="rule kind")
                + broken_plugins(kind_name, self.registry)
                if isinstance(kind_name, str)
                else "is required: the rule kind in quotes, one of " + ", ".join(kinds),
            )
            return None
        if not base and not kind.deduction:
            deductions = sorted(k for k, v in self.registry.rule_kinds.items() if v.deduction)
            self.doc.fail(
                f"{path}.kind",
                f"{kind_name!r} cannot follow another rule; under `then` "
                f"use a deduction kind: {', '.join(deductions)}",
            )
            return None
        measure_id = raw.get("measure")
        spec = None
        if indicator is not None:
            spec = indicator.measure_spec(measure_id) if isinstance(measure_id, str) else None
            if spec is None:
                fitting = [m.id for m in indicator.measures if m.type in kind.accepts]
                self.doc.fail(
                    f"{path}.measure",
                    unknown_key(measure_id, fitting, f"indicator {indicator.id}", noun="measure")
                    if isinstance(measure_id, str)
                    else f"is required: the measure this rule scores, in quotes; indicator "
                    f"{indicator.id} has: {', '.join(fitting) or 'none that fits'}",
                )
            elif spec.type not in kind.accepts:
                self.doc.fail(
                    f"{path}.measure",
                    f"rule kind {kind_name!r} cannot score measure "
                    f"{measure_id!r} ({spec.type.__name__})",
                )
        items = spec.items if spec is not None else {}
        with self.registry.calling("rule kind", kind.name, "parameter checks"):
            params, problems = kind.parse(raw, points, items)
        for key, message in problems:
            self.doc.fail(f"{path}.{key}", message)
        if problems or spec is None:
            return None
        return Rule(str(kind_name), str(measure_id), params)


def missing_indicator(indicator_id: str, registry: Registry) -> str:
    """Why a dimension's indicator is not there, and what to do about it."""
    installed = ", ".join(sorted(registry.indicators)) or "none"
    message = (
        f"no installed plugin provides indicator {indicator_id!r} (installed: {installed}); "
        f"install the package that provides it, e.g. "
        f"`pip install jixiao-{indicator_id.replace('_', '-')}`, or fix the name"
    )
    return (
        message
        + broken_plugins(indicator_id, registry)
        + ". `score plugins` lists what is installed"
    )


def broken_plugins(ident: str, registry: Registry) -> str:
    """The plugins that failed to load and might have provided `ident`, for an error message."""
    broken = [f for f in registry.failures if not f.provides or ident in f.provides]
    if not broken:
        return ""
    named = "; ".join(
        f"{f.plugin}" + (f" ({f.distribution})" if f.distribution else "") + f": {f.message}"
        for f in broken
    )
    return f". These plugins failed to load and may be the one that provides it: {named}"
