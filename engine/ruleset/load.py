"""A yearly ruleset: TOML -> a validated Ruleset, every problem named with its key and the fix.

The ruleset holds all policy: dimension weights, sub-indicator points, the rule each applies
with its thresholds, grade bands and rounding. Validation needs the registry, because a rule must
name an installed rule kind and a measure the dimension's indicator declares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from score.engine.errors import MAX_PROBLEMS, InputError, Problem, shown, unknown_key
from score.engine.numbers import ROUNDING_MODES, ZERO, exact, plain
from score.engine.plugins.registry import Registry
from score.engine.rules.base import Rule, RuleKind
from score.engine.ruleset.inherit import Locate, Resolved, resolve_file, rules_sha256
from score.engine.ruleset.library import named
from score.engine.ruleset.model import Grade
from score.engine.ruleset.review_settings import review_settings
from score.engine.text import Text
from score.engine.tomlfile import TomlDocument

if TYPE_CHECKING:
    from pathlib import Path
from score.engine.ruleset.model import Dimension, Ruleset, SubIndicator

FORMAT_VERSION = 1

TOP_KEYS = (
    "format",
    "id",
    "year",
    "title",
    "title_en",
    "description",
    "rounding",
    "grades",
    "dimensions",
    "review",
)

DIMENSION_KEYS = ("label", "label_en", "weight", "indicator", "subindicators")

SUB_KEYS = ("code", "label", "label_en", "points", "rule", "then")

GRADE_KEYS = ("label", "label_en", "min", "below", "style")

TOTAL_POINTS = Fraction(100)

EXAMPLES = {"weight": 35, "points": 5, "min": 60, "below": 75}

PLACES_IN_POINTS = 12  # weights, points and bounds stay exact in print (to_decimal keeps 12)


def load_ruleset_file(
    path: str | Path,
    registry: Registry,
    search: Sequence[str | Path] = (),
    document: TomlDocument | None = None,
) -> Ruleset:
    """Read a ruleset file (unless `document` is the file already read), resolve what it
    extends (looking on `search` first), validate it."""
    return ruleset_from_resolved(resolve_ruleset_file(path, search, document), registry)


def resolve_ruleset_file(
    path: str | Path, search: Sequence[str | Path] = (), document: TomlDocument | None = None
) -> Resolved:
    return resolve_file(path, lambda name: named(name, search), document)


def ruleset_from_resolved(resolved: Resolved, registry: Registry) -> Ruleset:
    """Validate a resolved ruleset as a whole; each problem names the file that gave the key."""
    try:
        ruleset = ruleset_from_document(
            resolved.document, registry, origin=resolved.origin, sha256=resolved.sha256
        )
    except InputError as error:
        raise InputError((*resolved.problems, *error.problems)) from None
    if resolved.problems:
        raise InputError(resolved.problems)
    return ruleset


def ruleset_from_document(
    document: TomlDocument,
    registry: Registry,
    *,
    origin: Locate | None = None,
    sha256: str | None = None,
) -> Ruleset:
    """A validated Ruleset. `origin` maps a key to the file and line that gave it (inherited
    rulesets); `sha256` is the ruleset's identity (default: of the canonical resolved rules)."""
    identity = sha256 or rules_sha256(document.data)
    builder = _Builder(document, registry, identity, origin)
    ruleset = builder.build()
    if builder.problems or ruleset is None:
        raise InputError(builder.problems)
    return ruleset


def _text(data: Mapping[str, Any], key: str, fallback: str) -> Text:
    zh = data.get(key)
    zh = zh if isinstance(zh, str) and zh.strip() else fallback
    en = data.get(f"{key}_en")
    return Text(zh, en if isinstance(en, str) and en.strip() else zh)


class _Builder:
    def __init__(
        self,
        document: TomlDocument,
        registry: Registry,
        sha256: str,
        origin: Locate | None = None,
    ) -> None:
        self.document = document
        self.registry = registry
        self.sha256 = sha256
        self.origin = origin
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:  # a hostile file: stop looking for lines
            file, line = self.document.path, None
        elif self.origin is not None:
            file, line = self.origin(key)
            if file != self.document.path:  # inherited: the fix goes in the child
                message += f" (inherited; override it in {self.document.path})"
        else:
            file, line = self.document.path, self.document.line_of(key)
        self.problems.append(Problem(file, key, message, line))

    def unknown_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                path = f"{prefix}.{key}" if prefix else key
                if len(self.problems) >= MAX_PROBLEMS:
                    self.fail(path, "unknown key")  # beyond what is shown: no suggestion
                    continue
                self.fail(
                    path,
                    unknown_key(
                        key,
                        list(allowed),
                        f"[{prefix}]" if prefix else "the top level of a ruleset",
                    ),
                )

    def number(
        self, data: Mapping[str, Any], key: str, path: str, positive: bool = False
    ) -> Fraction | None:
        raw = data.get(key)
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | Decimal)
            or (isinstance(raw, Decimal) and not raw.is_finite())
        ):
            self.fail(
                path,
                f"expected a number, found {shown(raw) if isinstance(raw, Decimal) else repr(raw)}"
                if key in data
                else f"is required: a number, e.g. {key} = {EXAMPLES.get(key, 1)}",
            )
            return None
        value = exact(raw)
        if value < 0:
            self.fail(path, f"expected a number ≥ 0, found {raw}")
            return None
        if positive and value == 0:
            # re-basing divides by the points scored over: a part worth nothing cannot be scored
            self.fail(path, "expected a number above 0; remove a part that is worth nothing")
            return None
        if 10**PLACES_IN_POINTS % value.denominator:  # value × 10**12 is not whole
            self.fail(path, f"has more than {PLACES_IN_POINTS} decimal places ({raw}); round it")
            return None
        return value

    def build(self) -> Ruleset | None:
        data = self.document.data
        if "dimensions" not in data and "department" in data:
            self.problems.append(
                Problem(
                    self.document.path,
                    "",
                    "is a department's facts file (it has [department]), not a ruleset; "
                    "name a ruleset with --ruleset, e.g. --ruleset 2025, or leave it out to use "
                    "the one for the department's year",
                )
            )
            return None
        self.unknown_keys(data, TOP_KEYS, "")
        fmt = data.get("format", FORMAT_VERSION)
        if fmt != FORMAT_VERSION:
            self.fail(
                "format",
                f"this version of score reads ruleset format {FORMAT_VERSION}, found {shown(fmt)}",
            )
        ruleset_id = data.get("id")
        if not isinstance(ruleset_id, str) or not ruleset_id.strip():
            self.fail("id", 'is required: the ruleset\'s name, e.g. id = "2025"')
        year = data.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            self.fail("year", "is required: the budget year it scores, e.g. year = 2025")
        places, mode = self.rounding(data.get("rounding", {}))
        grades = self.grades(data.get("grades"))
        dimensions = self.dimensions(data.get("dimensions"))
        review, problems = review_settings(data.get("review", {}))
        for key, message in problems:
            self.fail(key, message)
        if self.problems:
            return None
        return Ruleset(
            id=str(ruleset_id),
            year=int(str(year)),
            title=_text(data, "title", str(ruleset_id)),
            places=places,
            mode=mode,
            grades=grades,
            dimensions=dimensions,
            source=self.document.path,
            sha256=self.sha256,
            review=review,
        )

    def rounding(self, raw: Any) -> tuple[int, str]:
        if not isinstance(raw, dict):
            self.fail("rounding", 'expected a table: rounding = { places = 2, mode = "half_up" }')
            return 2, "half_up"
        self.unknown_keys(raw, ("places", "mode"), "rounding")
        places = raw.get("places", 2)
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
            self.fail("rounding.places", "expected a whole number of decimal places from 0 to 6")
            places = 2
        mode = raw.get("mode", "half_up")
        if mode not in ROUNDING_MODES:
            self.fail(
                "rounding.mode",
                "expected one of " + ", ".join(ROUNDING_MODES) + ' ("half_up" is 四舍五入)',
            )
            mode = "half_up"
        return places, mode

    def grades(self, raw: Any) -> tuple[Grade, ...]:
        if not isinstance(raw, list) or not raw or not all(isinstance(g, dict) for g in raw):
            self.fail(
                "grades",
                "is required: grade bands written as [[grades]] tables with label, min and below",
            )
            return ()
        grades: list[Grade] = []
        for index, band in enumerate(raw):
            path = f"grades[{index}]"
            self.unknown_keys(band, GRADE_KEYS, path)
            low = self.number(band, "min", f"{path}.min")
            high = self.number(band, "below", f"{path}.below") if "below" in band else None
            if "label" not in band:
                self.fail(f"{path}.label", 'is required: the grade\'s name, e.g. label = "优秀"')
            if low is None or ("below" in band and high is None):
                continue
            if high is not None and high <= low:
                self.fail(f"{path}.below", f"must be above min ({plain(low)})")
                continue
            style = band.get("style", "")
            grades.append(
                Grade(
                    _text(band, "label", "?"),
                    Decimal(band["min"]),  # as written: plain() would round past 6 places
                    None if high is None else Decimal(band["below"]),
                    style if isinstance(style, str) else "",
                )
            )
        if len(grades) != len(raw):
            return ()
        ordered = sorted(grades, key=lambda g: g.min, reverse=True)
        if ordered[-1].min != 0:
            self.fail(
                "grades",
                f"the bands leave a gap: nothing covers 0 to {ordered[-1].min}; "
                "give the lowest band min = 0",
            )
        if ordered[0].below is not None:
            self.fail(
                "grades",
                f"the bands leave a gap: nothing covers {ordered[0].below} to 100;"
                " leave out `below` on the top band",
            )
        for upper, lower in pairwise(ordered):
            if lower.below is None:
                self.fail(
                    "grades",
                    f"band {lower.label.zh} has no `below` but is not the top "
                    f"band; set below = {upper.min}",
                )
            elif lower.below > upper.min:
                self.fail(
                    "grades",
                    f"bands {lower.label.zh} and {upper.label.zh} overlap from "
                    f"{upper.min} to {lower.below}; set below = {upper.min}",
                )
            elif lower.below < upper.min:
                self.fail(
                    "grades",
                    f"the bands leave a gap from {lower.below} to {upper.min} "
                    f"between {lower.label.zh} and {upper.label.zh}; set below = {upper.min} "
                    f"on band {lower.label.zh}",
                )
        return tuple(ordered)

    def dimensions(self, raw: Any) -> tuple[Dimension, ...]:
        if not isinstance(raw, dict) or not raw:
            self.fail("dimensions", "is required: one [dimensions.ID] table per dimension")
            return ()
        dimensions = []
        total = ZERO
        for dim_id, body in raw.items():
            path = f"dimensions.{dim_id}"
            if not isinstance(body, dict):
                self.fail(path, f"expected a table [{path}]")
                continue
            dimension = self.dimension(dim_id, body, path)
            if dimension is not None:
                dimensions.append(dimension)
                total += dimension.weight
        self.distinct_codes(dimensions)
        if len(dimensions) == len(raw) and total != TOTAL_POINTS:
            weights = " + ".join(f"{d.id} {plain(d.weight)}" for d in dimensions)
            self.fail(
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
                    self.fail(
                        path,
                        f"code {sub.code!r} is already used by {seen[sub.code]}; "
                        "give each sub-indicator its own code",
                    )
                else:
                    seen[sub.code] = f"dimensions.{dimension.id}.subindicators.{sub.id}"

    def dimension(self, dim_id: str, body: dict[str, Any], path: str) -> Dimension | None:
        self.unknown_keys(body, DIMENSION_KEYS, path)
        weight = self.number(body, "weight", f"{path}.weight", positive=True)
        indicator_id = body.get("indicator", dim_id)
        if not isinstance(indicator_id, str):
            self.fail(
                f"{path}.indicator",
                f'expected the name of an indicator in quotes, e.g. indicator = "{dim_id}"',
            )
            indicator_id = dim_id
        indicator = self.registry.indicators.get(indicator_id)
        if indicator is None:
            self.fail(f"{path}.indicator", missing_indicator(str(indicator_id), self.registry))
        raw_subs = body.get("subindicators")
        if not isinstance(raw_subs, dict) or not raw_subs:
            self.fail(
                f"{path}.subindicators",
                f"is required: one [{path}.subindicators.ID] table per sub-indicator",
            )
            return None
        subs = []
        for sub_id, sub_body in raw_subs.items():
            sub_path = f"{path}.subindicators.{sub_id}"
            if not isinstance(sub_body, dict):
                self.fail(sub_path, f"expected a table [{sub_path}]")
                continue
            sub = self.subindicator(sub_id, sub_body, sub_path, indicator)
            if sub is not None:
                subs.append(sub)
        if weight is None or len(subs) != len(raw_subs):
            return None
        points = sum((s.points for s in subs), ZERO)
        if points != weight:
            listed = " + ".join(f"{s.code or s.id} {plain(s.points)}" for s in subs)
            self.fail(
                f"{path}.weight",
                f"is {plain(weight)} but its sub-indicators' points add "
                f"up to {plain(points)} ({listed}); make them equal",
            )
        return Dimension(dim_id, _text(body, "label", dim_id), weight, indicator_id, tuple(subs))

    def subindicator(
        self, sub_id: str, body: dict[str, Any], path: str, indicator: Any
    ) -> SubIndicator | None:
        self.unknown_keys(body, SUB_KEYS, path)
        points = self.number(body, "points", f"{path}.points", positive=True)
        code = body.get("code", sub_id)
        rule = self.rule(body.get("rule"), f"{path}.rule", indicator, points, base=True)
        raw_then = body.get("then", [])
        if not isinstance(raw_then, list):
            self.fail(f"{path}.then", "expected a list of deduction rules: then = [{ kind = ... }]")
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
            _text(body, "label", sub_id),
            points,
            rule,
            tuple(r for r in then if r is not None),
        )

    def rule(
        self, raw: Any, path: str, indicator: Any, points: Fraction | None, base: bool
    ) -> Rule | None:
        if not isinstance(raw, dict):
            self.fail(
                path,
                'is required: a table such as { kind = "linear_ratio", '
                'measure = "execution_rate" }',
            )
            return None
        kind_name = raw.get("kind")
        kind = self.registry.rule_kinds.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            kinds = sorted(self.registry.rule_kinds)
            self.fail(
                f"{path}.kind",
                unknown_key(kind_name, kinds, "the rule kinds", noun="rule kind")
                + broken_plugins(kind_name, self.registry)
                if isinstance(kind_name, str)
                else "is required: the rule kind in quotes, one of " + ", ".join(kinds),
            )
            return None
        if not base and not kind.deduction:
            deductions = sorted(k for k, v in self.registry.rule_kinds.items() if v.deduction)
            self.fail(
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
                self.fail(
                    f"{path}.measure",
                    unknown_key(measure_id, fitting, f"indicator {indicator.id}", noun="measure")
                    if isinstance(measure_id, str)
                    else f"is required: the measure this rule scores, in quotes; indicator "
                    f"{indicator.id} has: {', '.join(fitting) or 'none that fits'}",
                )
            elif spec.type not in kind.accepts:
                self.fail(
                    f"{path}.measure",
                    f"rule kind {kind_name!r} cannot score measure "
                    f"{measure_id!r} ({spec.type.__name__})",
                )
        params, problems = _parse_rule(kind, raw, points, spec, self.registry)
        for key, message in problems:
            self.fail(f"{path}.{key}", message)
        if problems or spec is None:
            return None
        return Rule(str(kind_name), str(measure_id), params)


def _parse_rule(
    kind: RuleKind, raw: Mapping[str, Any], points: Fraction | None, spec: Any, registry: Registry
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A rule kind's own checks of its parameters; a check that raises is a plugin failure."""
    with registry.calling("rule kind", kind.name, "parameter checks"):
        params, problems = kind.parse(raw)
        if not problems and points is not None:
            problems.extend(kind.check_points(params, points))
        if not problems and spec is not None and spec.items:
            problems.extend(kind.check_items(params, spec.items))
    return params, problems


def missing_indicator(indicator_id: str, registry: Registry) -> str:
    """Why a dimension's indicator is not there, and what to do about it."""
    installed = ", ".join(sorted(registry.indicators)) or "none"
    message = (
        f"no installed plugin provides indicator {indicator_id!r} (installed: {installed}); "
        f"install the package that provides it, e.g. "
        f"`pip install score-{indicator_id.replace('_', '-')}`, or fix the name"
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
