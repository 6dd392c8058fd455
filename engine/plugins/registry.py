"""Finding and loading plugins: every entry point on its own, failures kept by name.

One broken plugin never takes the others down. An import error, a hook that raises, a hook that
returns the wrong thing, a malformed indicator or rule kind, a duplicate id: each becomes a
PluginFailure naming the plugin (its entry-point name), its distribution and what went wrong.
The scorecard then says it is incomplete and `score run` exits 3 (docs/plugins.md, "When a
plugin fails", explains the strict default and `--lenient-plugins`).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable
from contextlib import redirect_stdout
from importlib.metadata import EntryPoint, entry_points
from types import TracebackType
from typing import Any, Literal

import pluggy
from attrs import Factory, field, frozen

from jixiao.engine import hookspecs
from jixiao.engine.errors import PluginError, PluginFailure
from jixiao.engine.facts.fields import ConflictingSections, Section, merge_sections
from jixiao.engine.facts.model import Facts
from jixiao.engine.facts.schema import CORE_SECTIONS, FactsSchema
from jixiao.engine.facts.view import Readable, UndeclaredFact
from jixiao.engine.measures.kinds import MeasureKind
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.faults import INDICATOR, MEASURE_KIND, RULE_KIND
from jixiao.engine.plugins.indicator import Indicator
from jixiao.engine.plugins.vetting import (
    _container_problem,
    _indicator_problem,
    _measure_kind_problem,
    _rule_kind_problem,
)
from jixiao.engine.rules.base import RuleKind
from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text

HOOKS = ("score_indicators", "score_rule_kinds", "score_measure_kinds")
BUNDLED = "jixiao"  # the distribution of score itself, whose plugins are the built-in ones


@frozen
class PluginInfo:
    """A plugin that loaded: where it came from, the hooks it implements, what it provides."""

    name: str  # the entry-point name (or the name given to load_registry(extra=...))
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    rule_kinds: tuple[str, ...] = ()
    value: str = ""  # the entry point's target, e.g. "jixiao_satisfaction" or "pkg.mod:obj"
    measure_kinds: tuple[str, ...] = ()


@frozen
class Registry:
    """Everything the installed plugins provide, and what failed to load."""

    indicators: dict[str, Indicator]
    rule_kinds: dict[str, RuleKind]
    plugins: tuple[PluginInfo, ...]
    failures: tuple[PluginFailure, ...] = ()
    sections: dict[str, Section] = field(factory=dict)
    measure_kinds: dict[str, MeasureKind] = field(factory=dict)
    # how a facts file is validated against every indicator's sections, worked out once
    schema: FactsSchema = field(
        init=False,
        eq=False,
        repr=False,
        default=Factory(lambda registry: FactsSchema(registry.sections.values()), takes_self=True),
    )
    # what each indicator's code may read of the facts, worked out once
    readable: dict[str, Readable] = field(
        init=False,
        eq=False,
        repr=False,
        default=Factory(
            lambda registry: {
                i.id: Readable.of(i.sections, i.reads) for i in registry.indicators.values()
            },
            takes_self=True,
        ),
    )

    def provider(self, indicator_id: str) -> PluginInfo | None:
        """The plugin that provides an indicator."""
        return next((p for p in self.plugins if indicator_id in p.indicators), None)

    def kind_provider(self, kind_name: str) -> PluginInfo | None:
        """The plugin that provides a rule kind."""
        return next((p for p in self.plugins if kind_name in p.rule_kinds), None)

    def measure_kind_provider(self, kind_name: str) -> PluginInfo | None:
        """The plugin that provides a measure kind."""
        return next((p for p in self.plugins if kind_name in p.measure_kinds), None)

    def third_party(self) -> tuple[str, ...]:
        """The plugins not bundled with score, by name."""
        return tuple(p.name for p in self.plugins if p.distribution != BUNDLED)

    def fault(
        self, component: Text, ident: str, message: Words, error: BaseException | None = None
    ) -> PluginError:
        """The error that an indicator (INDICATOR) or rule kind (RULE_KIND) failed: the one way
        a plugin's failure becomes an error, named by the plugin that provides it. `error`, when
        the plugin's code raised, is kept as its traceback (shown under SCORE_DEBUG=1)."""
        if component == INDICATOR:
            info = self.provider(ident)
        elif component == MEASURE_KIND:
            info = self.measure_kind_provider(ident)
        else:
            info = self.kind_provider(ident)
        text = faults.OF_COMPONENT(component=component, ident=ident, message=message)
        trace = _trace(error)
        if info is None:
            failure = PluginFailure(ident, None, text, None, (ident,), trace)
        else:
            failure = PluginFailure(
                info.name, info.distribution, text, info.version, (ident,), trace
            )
        return PluginError(failure, message)

    def calling(self, component: Text, ident: str, what: str) -> Calling:
        """Around every call of a plugin's code (`with registry.calling(...)`): whatever it
        raises is its plugin's fault."""
        return Calling(self, component, ident, what)

    def call_indicator(self, indicator: Indicator, what: str, facts: Facts) -> Any:
        """An indicator's `compute` or `validate` (`what`) on the facts as it may read them:
        read-only, and only the fields it declares; any other read is its plugin's failure,
        even one the plugin caught."""
        readable = self.readable.get(indicator.id) or Readable.of(
            indicator.sections, indicator.reads
        )
        view, undeclared = readable.view(facts)
        with self.calling(INDICATOR, indicator.id, what):
            returned = getattr(indicator, what)(view)
        if undeclared:
            message = faults.UNDECLARED_FACT(what=what, field=undeclared[0])
            raise self.fault(INDICATOR, indicator.id, message)
        return returned

    def split_failures(
        self, used: Iterable[str], strict: bool = True
    ) -> tuple[tuple[PluginFailure, ...], tuple[PluginFailure, ...]]:
        """(failures that make a run incomplete, failures only worth a warning).

        Strict (the default): every failure counts. Lenient: a failure counts only when it
        concerns an indicator or rule kind in `used`; one that concerns nothing known (an import
        error) is a warning, since a ruleset needing what it would have provided cannot load.
        """
        if strict:
            return self.failures, ()
        wanted = set(used)
        blocking = tuple(f for f in self.failures if wanted.intersection(f.provides))
        return blocking, tuple(f for f in self.failures if f not in blocking)


class Calling:
    """The context of one call into a plugin's code: an exception it raises leaves as the
    PluginError of the plugin that provides `ident`. A class rather than a generator-based
    context manager: scoring enters one for every rule of every department."""

    __slots__ = ("component", "ident", "quiet", "registry", "what")

    def __init__(self, registry: Registry, component: Text, ident: str, what: str) -> None:
        self.registry = registry
        self.component = component
        self.ident = ident
        self.what = what
        self.quiet = redirect_stdout(sys.stderr)  # machine output on stdout stays valid

    def __enter__(self) -> None:
        self.quiet.__enter__()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> Literal[False]:
        self.quiet.__exit__(kind, error, trace)
        if error is None or isinstance(error, PluginError) or not plugins_fault(error):
            return False  # nothing raised, or already a plugin's failure, or an interrupt
        # third-party code: what it raises is reported, not raised
        if isinstance(error, UndeclaredFact):
            message = faults.UNDECLARED_FACT(what=self.what, field=error.path)
        else:
            message = faults.RAISED(what=self.what, error=_why(error))
        raise self.registry.fault(self.component, self.ident, message, error) from error


def plugins_fault(error: BaseException) -> bool:
    """Whether what a plugin's code raised is its plugin's failure: anything but an interrupt,
    sys.exit() included, since a plugin ending the run would end it with no result. In a worker
    process, which leaves Ctrl-C to the main one, an interrupt can only be the plugin's own."""
    return not isinstance(error, KeyboardInterrupt) or _interrupts_are_faults


_interrupts_are_faults = False


def interrupts_are_faults() -> None:
    """Called in a worker process that ignores Ctrl-C: any KeyboardInterrupt is then raised by
    a plugin's code, and is its failure."""
    global _interrupts_are_faults
    _interrupts_are_faults = True


@frozen
class _Origin:
    distribution: str | None
    version: str | None
    value: str


def load_registry(
    group: str = hookspecs.ENTRY_POINT_GROUP,
    extra: Iterable[tuple[str, Any]] = (),
    *,
    isolated: bool = False,
) -> Registry:
    """Load every plugin of `group` on sys.path, then each (name, module-or-object) of `extra`.

    `extra` registers plugins without installing them (tests, embedding programs); they are
    checked exactly like installed ones and reported under the name given. `isolated`: of the
    installed plugins, only score's own built-in ones, so that a plugin's tests see the copy
    they pass in `extra` and not the installed one (nor any other plugin on the machine).
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    failures: list[PluginFailure] = []
    origins: dict[str, _Origin] = {}
    # the built-in plugins first: an indicator or rule kind that a newcomer provides again is
    # then the newcomer's failure, whatever its name, and the built-in one stays
    loaders: list[tuple[str, _Origin, Callable[[], Any]]] = [
        (entry.name, _origin(entry), entry.load)
        for entry in sorted(
            entry_points(group=group),
            key=lambda e: (not _bundled(e), e.name),
        )
        if _bundled(entry) or not isolated
    ]
    loaders += [(name, _Origin(None, None, repr(obj)), _given(obj)) for name, obj in extra]
    for name, origin, load in loaders:
        fail = _failer(failures, name, origin)
        if name in origins:
            fail(faults.NAME_TAKEN(name=name, other=_of(origins[name])))
            continue
        try:
            with redirect_stdout(sys.stderr):  # what it prints: machine output stays valid
                plugin = load()
        except BaseException as error:  # third-party code: what it raises is reported, not raised
            if not plugins_fault(error):
                raise
            fail(faults.IMPORT_FAILED(target=origin.value, error=_why(error)), trace=error)
            continue
        problem = _register(manager, name, plugin)
        if problem:
            fail(problem)
            continue
        origins[name] = origin
    return _collect(manager, origins, failures)


def _bundled(entry: EntryPoint) -> bool:
    return entry.dist is not None and entry.dist.name == BUNDLED


def _origin(entry: EntryPoint) -> _Origin:
    dist = entry.dist
    if dist is None:
        return _Origin(None, None, entry.value)
    return _Origin(dist.name, dist.version, entry.value)


def _given(obj: Any) -> Callable[[], Any]:
    return lambda: obj


def _of(origin: _Origin) -> Words | str:
    return faults.OF_DISTRIBUTION(name=origin.distribution) if origin.distribution else ""


def _failer(
    failures: list[PluginFailure], name: str, origin: _Origin
) -> Callable[..., PluginFailure]:
    def fail(
        message: Words, provides: tuple[str, ...] = (), trace: BaseException | None = None
    ) -> PluginFailure:
        failure = PluginFailure(
            name, origin.distribution, message, origin.version, provides, _trace(trace)
        )
        failures.append(failure)
        return failure

    return fail


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _trace(error: BaseException | None) -> str:
    """A plugin's traceback as text: kept with its failure, which may cross processes."""
    return "" if error is None else "".join(traceback.format_exception(error))


def _register(manager: pluggy.PluginManager, name: str, plugin: Any) -> Words | None:
    """Register one plugin; why it cannot be, or None. A plugin with no (known) hook is refused."""
    try:
        manager.register(plugin, name=name)
    except Exception as error:  # pluggy's own refusal (a malformed hook)
        return faults.NOT_REGISTERED(error=_why(error))
    callers = manager.get_hookcallers(plugin) or []
    unknown = sorted(c.name for c in callers if c.name not in HOOKS)
    if unknown:
        manager.unregister(plugin)
        return faults.UNKNOWN_HOOKS(unknown=", ".join(unknown), hooks=", ".join(HOOKS))
    if not callers:
        manager.unregister(plugin)
        return faults.NO_HOOK()
    return None


def _collect(
    manager: pluggy.PluginManager, origins: dict[str, _Origin], failures: list[PluginFailure]
) -> Registry:
    collect = _Collector(manager, origins, failures)
    indicators: dict[str, Indicator] = collect.hook(
        "score_indicators", Indicator, INDICATOR, _indicator_problem
    )
    rule_kinds: dict[str, RuleKind] = collect.hook(
        "score_rule_kinds", RuleKind, RULE_KIND, _rule_kind_problem
    )
    measure_kinds: dict[str, MeasureKind] = collect.hook(
        "score_measure_kinds", MeasureKind, MEASURE_KIND, _measure_kind_problem
    )
    sections, section_failures = _sections(indicators, collect.owners, origins)
    for failure in section_failures:  # an indicator whose facts conflict cannot be used
        for indicator_id in failure.provides:
            indicators.pop(indicator_id, None)
            collect.provided[failure.plugin]["score_indicators"].remove(indicator_id)
    plugins = tuple(
        PluginInfo(
            name,
            origin.distribution,
            origin.version,
            _hooks(manager, name),
            tuple(collect.provided[name].get("score_indicators", ())),
            tuple(collect.provided[name].get("score_rule_kinds", ())),
            origin.value,
            tuple(collect.provided[name].get("score_measure_kinds", ())),
        )
        for name, origin in origins.items()
    )
    every_failure = (*failures, *section_failures)
    return Registry(indicators, rule_kinds, plugins, every_failure, sections, measure_kinds)


class _Collector:
    """Calls each hook of every registered plugin and keeps what is well formed, by id; what is
    not becomes a failure of the plugin that returned it."""

    def __init__(
        self,
        manager: pluggy.PluginManager,
        origins: dict[str, _Origin],
        failures: list[PluginFailure],
    ) -> None:
        self.manager = manager
        self.origins = origins
        self.failures = failures
        self.owners: dict[str, str] = {}  # "score_indicators x" / "score_rule_kinds y" -> plugin
        self.provided: dict[str, dict[str, list[str]]] = {name: {} for name in origins}

    def hook(
        self,
        hook_name: str,
        expected: type,
        component: Text,
        problem_of: Callable[[Any], Words | None],
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        # pluggy lists implementations last-registered first; score goes by load order: the
        # built-in plugins, then the others by name
        order = {name: index for index, name in enumerate(self.origins)}
        impls = getattr(self.manager.hook, hook_name).get_hookimpls()
        for impl in sorted(impls, key=lambda i: order[i.plugin_name]):
            name = impl.plugin_name
            fail = _failer(self.failures, name, self.origins[name])
            try:
                with redirect_stdout(sys.stderr):
                    returned = impl.function()
            except BaseException as error:
                if not plugins_fault(error):
                    raise
                fail(faults.HOOK_RAISED(hook=hook_name, error=_why(error)), trace=error)
                continue
            malformed = _container_problem(returned, expected, hook_name)
            if malformed:
                fail(malformed)
                continue
            for item in returned:
                key = _key(item)
                problem = problem_of(item)
                if problem:
                    fail(faults.MALFORMED(component=component, key=key, problem=problem), (key,))
                elif key in found:
                    other = self.owners[f"{hook_name} {key}"]
                    of = _of(self.origins[other])
                    duplicate = faults.DUPLICATE(component=component, key=key, other=other, of=of)
                    fail(duplicate, (key,))
                else:
                    found[key] = item
                    self.owners[f"{hook_name} {key}"] = name
                    self.provided[name].setdefault(hook_name, []).append(key)
        return found


def _key(item: Indicator | RuleKind | MeasureKind) -> str:
    return item.id if isinstance(item, Indicator) else item.name


def _hooks(manager: pluggy.PluginManager, name: str) -> tuple[str, ...]:
    plugin = manager.get_plugin(name)
    callers = manager.get_hookcallers(plugin) if plugin is not None else None
    return tuple(sorted(caller.name for caller in callers or ()))


def _sections(
    indicators: dict[str, Indicator], owners: dict[str, str], origins: dict[str, _Origin]
) -> tuple[dict[str, Section], list[PluginFailure]]:
    """Every indicator's facts sections, merged; an indicator that conflicts is reported."""
    accepted: list[tuple[str, tuple[Section, ...]]] = []
    failures: list[PluginFailure] = []
    core = {section.name.split(".")[0] for section in CORE_SECTIONS}
    for indicator_id, indicator in indicators.items():
        try:
            for section in indicator.sections:  # [department] and [self_evaluation] are score's
                if section.name.split(".")[0] in core:
                    raise ConflictingSections(faults.CORE_SECTION(section=section.name))
            merge_sections([*accepted, (indicator_id, indicator.sections)])
        except ConflictingSections as error:
            plugin = owners[f"score_indicators {indicator_id}"]
            origin = origins[plugin]
            failures.append(
                PluginFailure(
                    plugin,
                    origin.distribution,
                    faults.CONFLICTING_FACTS(ident=indicator_id, error=error.message),
                    origin.version,
                    (indicator_id,),
                )
            )
            continue
        accepted.append((indicator_id, indicator.sections))
    return merge_sections(accepted), failures
