"""A yearly ruleset: TOML -> a validated Ruleset, every problem named with its key and the fix.

The ruleset holds all policy: dimension weights, sub-indicator points, the rule each applies
with its thresholds, grade bands and rounding. Validation needs the registry, because a rule must
name an installed rule kind and a measure the dimension's indicator declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jixiao.engine.errors import InputError, Problem, shown
from jixiao.engine.numbers import ROUNDING_MODES
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.dimensions import Dimensions
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.grades import grade_bands
from jixiao.engine.ruleset.inherit import Locate, Resolved, resolve_file, rules_sha256
from jixiao.engine.ruleset.library import named
from jixiao.engine.ruleset.model import NA_POLICIES, Dimension, Levels, Ruleset
from jixiao.engine.ruleset.review_settings import review_settings
from jixiao.engine.tomlfile import TomlDocument
from jixiao.engine.words.message import Template

FORMAT_VERSION = 1

TOP_KEYS = (
    "format",
    "id",
    "year",
    "title",
    "title_en",
    "description",
    "rounding",
    "levels",
    "grades",
    "facts",
    "measures",
    "dimensions",
    "review",
)
LEVEL_KEYS = ("group", "dimension", "total")


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
    doc = RulesetDocument(document, origin)
    ruleset = _build(doc, registry, identity)
    if doc.problems or ruleset is None:
        raise InputError(doc.problems)
    return ruleset


def _build(doc: RulesetDocument, registry: Registry, sha256: str) -> Ruleset | None:
    data = doc.document.data
    if "dimensions" not in data and "department" in data:
        doc.problems.append(Problem(doc.document.path, "", IS_FACTS))
        return None
    doc.unknown_keys(data, TOP_KEYS, "")
    fmt = data.get("format", FORMAT_VERSION)
    if type(fmt) is not int or fmt != FORMAT_VERSION:  # true == 1 and 1.0 == 1 in Python
        doc.fail("format", FORMAT(version=FORMAT_VERSION, found=shown(fmt)))
    ruleset_id = data.get("id")
    if not isinstance(ruleset_id, str) or not ruleset_id.strip():
        doc.fail("id", ID_REQUIRED)
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        doc.fail("year", YEAR_REQUIRED)
    places, mode = _rounding(doc, data.get("rounding", {}))
    grades = grade_bands(doc, data.get("grades"))
    declared = None
    indicators = dict(registry.indicators)
    if "facts" in data or "measures" in data:  # only a bureau's own system needs it loaded
        from jixiao.engine.ruleset.declared import declared_indicator

        declared = declared_indicator(doc, registry, data.get("facts"), data.get("measures"))
    if declared is not None:
        indicators[declared.id] = declared
    dimensions = Dimensions(doc, registry, indicators).dimensions(data.get("dimensions"))
    _points_within_places(doc, dimensions, places)
    levels = _levels(doc, data.get("levels", {}))
    review, problems = review_settings(data.get("review", {}))
    for key, message in problems:
        doc.fail(key, message)
    if doc.problems:
        return None
    return Ruleset(
        id=str(ruleset_id),
        year=int(str(year)),
        title=text_of(data, "title", str(ruleset_id)),
        places=places,
        mode=mode,
        grades=grades,
        dimensions=dimensions,
        source=doc.document.path,
        sha256=sha256,
        review=review,
        levels=levels,
        declared=declared,
    )


def _points_within_places(
    doc: RulesetDocument, dimensions: tuple[Dimension, ...], places: int
) -> None:
    """A part worth more decimals than scores are rounded to could be rounded above its own
    points (0.5 points at 0 places rounds to 1): refused, with where."""
    scale = 10**places
    for dimension in dimensions:
        path = f"dimensions.{dimension.id}"
        parts = [(f"{path}.weight", dimension.weight)]
        parts += [(f"{path}.groups.{g.id}.points", g.points) for g in dimension.groups]
        parts += [(_row_path(dimension, sub.id), sub.points) for sub in dimension.subindicators]
        for key, worth in parts:
            if (worth * scale).denominator != 1:
                doc.fail(key, FINER_THAN_PLACES(points=worth, places=places))


def _row_path(dimension: Dimension, sub_id: str) -> str:
    group = next((g.id for g in dimension.groups for s in g.subindicators if s.id == sub_id), "")
    inside = f".groups.{group}" if group else ""
    return f"dimensions.{dimension.id}{inside}.subindicators.{sub_id}.points"


def _levels(doc: RulesetDocument, raw: Any) -> Levels:
    """How each level treats its N/A parts: `[levels] group = { not_applicable = "rebase" }`."""
    if not isinstance(raw, dict):
        doc.fail("levels", LEVELS_TABLE)
        return Levels()
    doc.unknown_keys(raw, LEVEL_KEYS, "levels")
    chosen: dict[str, str] = {}
    for level in LEVEL_KEYS:
        body = raw.get(level, {})
        if not isinstance(body, dict):
            doc.fail(f"levels.{level}", LEVELS_TABLE)
            continue
        doc.unknown_keys(body, ("not_applicable",), f"levels.{level}")
        policy = body.get("not_applicable", "rebase")
        if policy not in NA_POLICIES:
            choices = [f'"{p}"' for p in NA_POLICIES]
            doc.fail(f"levels.{level}.not_applicable", NA_POLICY(choices=choices))
            continue
        chosen[level] = str(policy)
    return Levels(**chosen)


def _rounding(doc: RulesetDocument, raw: Any) -> tuple[int, str]:
    if not isinstance(raw, dict):
        doc.fail("rounding", ROUNDING_TABLE)
        return 2, "half_up"
    doc.unknown_keys(raw, ("places", "mode"), "rounding")
    places = raw.get("places", 2)
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 6:
        doc.fail("rounding.places", PLACES)
        places = 2
    mode = raw.get("mode", "half_up")
    if mode not in ROUNDING_MODES:
        doc.fail("rounding.mode", MODE(modes=list(ROUNDING_MODES)))
        mode = "half_up"
    return places, mode


FINER_THAN_PLACES = Template(
    "ruleset.points.places",
    "分值{points:num}的小数位数多于得分保留的{places}位小数（rounding.places）；请调整分值，"
    "或增加 rounding.places",
    "{points:num} has more decimals than the {places} scores are rounded to (rounding.places); "
    "change the points, or raise rounding.places",
)
LEVELS_TABLE = Template(
    "ruleset.levels",
    '应为一个表，如 [levels] 下 group = {{ not_applicable = "rebase" }}',
    'expected a table, e.g. group = {{ not_applicable = "rebase" }} under [levels]',
)
NA_POLICY = Template(
    "ruleset.levels.policy",
    '应为以下之一：{choices:list}（"rebase" 按适用部分的分值折算，'
    '"full_points" 不适用的部分得满分）',
    'expected one of {choices:list} ("rebase" scales the applicable parts up; "full_points" '
    "counts an N/A part at its full points)",
)
IS_FACTS = Template(
    "ruleset.is_facts",
    "是部门的填报数据文件（含 [department]），不是评价规则；请用 --ruleset 指定评价规则，如 "
    "--ruleset 2025，或不写它以使用部门所在年度的评价规则",
    "is a department's facts file (it has [department]), not a ruleset; name a ruleset with "
    "--ruleset, e.g. --ruleset 2025, or leave it out to use the one for the department's year",
)
FORMAT = Template(
    "ruleset.format",
    "本版本 score 读取第{version}版格式的评价规则，填写的是 {found}",
    "this version of score reads ruleset format {version}, found {found}",
)
ID_REQUIRED = Template(
    "ruleset.id_required",
    '必须填写：评价规则的名称，如 id = "2025"',
    'is required: the ruleset\'s name, e.g. id = "2025"',
)
YEAR_REQUIRED = Template(
    "ruleset.year_required",
    "必须填写：所评价的预算年度，如 year = 2025",
    "is required: the budget year it scores, e.g. year = 2025",
)
ROUNDING_TABLE = Template(
    "ruleset.rounding_table",
    '应为一个表：rounding = { places = 2, mode = "half_up" }',
    'expected a table: rounding = { places = 2, mode = "half_up" }',
)
PLACES = Template(
    "ruleset.places",
    "应为0到6之间的整数（保留的小数位数）",
    "expected a whole number of decimal places from 0 to 6",
)
MODE = Template(
    "ruleset.rounding.mode",
    '应为以下之一：{modes:list}（"half_up" 即四舍五入）',
    'expected one of {modes:list} ("half_up" is 四舍五入)',
)
