"""What a plugin did wrong, in the reader's language.

A plugin's failure is read by two people: the officer whose run it stopped, and the programmer
who fixes the plugin. The wording is Chinese by default, like every message, and keeps the code's
own names (hooks, classes, exception text) as they are, since those are what the programmer
searches for.
"""

from __future__ import annotations

from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

INDICATOR = Text("指标", "indicator")
RULE_KIND = Text("计分方法", "rule kind")
MEASURE_KIND = Text("度量方法", "measure kind")

# the one wording of a failure of an indicator or rule kind, by the plugin that provides it
OF_COMPONENT = Template(
    "plugin.component", "{component}“{ident}”：{message}", "{component} '{ident}': {message}"
)

RAISED = Template("plugin.raised", "{what} 抛出异常 {error}", "{what} raised {error}")

# loading
NAME_TAKEN = Template(
    "plugin.name_taken",
    "插件名“{name}”已被另一个入口点使用{other}；每个插件需要自己的名字",
    "the plugin name '{name}' is already used by another entry point{other}; "
    "each plugin needs a name of its own",
)
OF_DISTRIBUTION = Template("plugin.of_distribution", "（发行包 {name}）", " (distribution {name})")
IMPORT_FAILED = Template(
    "plugin.import_failed", "无法导入 {target}：{error}", "failed to import {target}: {error}"
)
NOT_REGISTERED = Template(
    "plugin.not_registered", "无法注册：{error}", "cannot be registered: {error}"
)
UNKNOWN_HOOKS = Template(
    "plugin.unknown_hooks",
    "实现了 {unknown}，这不是 score 的钩子；钩子有 {hooks}",
    "implements {unknown}, which is not a hook of score; the hooks are {hooks}",
)
NO_HOOK = Template(
    "plugin.no_hook",
    "没有实现任何钩子：用 @hookimpl 标记 score_indicators、score_rule_kinds 或 "
    "score_measure_kinds（from jixiao.engine.hookspecs import hookimpl）",
    "implements no hook: mark score_indicators, score_rule_kinds or score_measure_kinds "
    "with @hookimpl (from jixiao.engine.hookspecs import hookimpl)",
)
HOOK_RAISED = Template("plugin.hook_raised", "{hook}() 抛出异常 {error}", "{hook}() raised {error}")
MALFORMED = Template(
    "plugin.malformed",
    "{component}“{key}”定义有误：{problem}",
    "{component} '{key}' is malformed: {problem}",
)
DUPLICATE = Template(
    "plugin.duplicate",
    "{component}“{key}”也由插件 {other}{of} 提供；使用的是 {other} 的。"
    "请卸载其中一个，或给其中一个另取 id",
    "{component} '{key}' is also provided by plugin {other}{of}; the one from {other} is used. "
    "Uninstall one of the two, or give one another id",
)
CONFLICTING_FACTS = Template(
    "plugin.conflicting_facts",
    "指标“{ident}”声明的事实与其他指标冲突：{error}",
    "indicator '{ident}' declares facts that conflict: {error}",
)

# what a hook returned
NOT_A_LIST = Template(
    "plugin.not_a_list",
    "{hook}() 必须返回 {expected} 的列表，返回的是 {found}",
    "{hook}() must return a list of {expected}, returned {found}",
)
ITEM_IS_CLASS = Template(
    "plugin.item_is_class",
    "{hook}() 必须返回 {expected} 的列表；第{index}项是类 {cls}：请返回实例 {cls}()",
    "{hook}() must return a list of {expected}; item {index} is the class {cls}: "
    "return an instance, {cls}()",
)
ITEM_WRONG = Template(
    "plugin.item_wrong",
    "{hook}() 必须返回 {expected} 的列表；第{index}项是 {found}",
    "{hook}() must return a list of {expected}; item {index} is {found}",
)
BAD_ID = Template(
    "plugin.bad_id",
    "{what} 只能由字母、数字和下划线组成，例如 '{example}'",
    "{what} must be a word of letters, digits and underscores, e.g. '{example}'",
)
LABEL_NOT_TEXT = Template(
    "plugin.label_not_text", "label 必须是 Text(zh, en)", "label must be a Text(zh, en)"
)
NOT_CALLABLE = Template(
    "plugin.not_callable",
    "{what} 必须是接受 Facts 的函数{or_none}",
    "{what} must be a function taking Facts{or_none}",
)
OR_NONE = Text("，或 None", ", or None")
HOLDS_WRONG = Template(
    "plugin.holds_wrong",
    "{what} 只能包含 {expected}，发现 {found}",
    "{what} must hold {expected}, found {found}",
)
UNKNOWN_TYPE = Template(
    "plugin.unknown_type",
    "{what}“{name}”的类型为 {type}；{what}的类型有 {types}",
    "{what} '{name}' has type {type}; the {what} types are {types}",
)
CORE_SECTION = Template(
    "plugin.core_section",
    "声明了 [{section}]，这是 score 内置的部分（[department] 部门信息、[self_evaluation] 自评"
    "均为内置，插件不能声明）；请把指标的字段放在另设的部分中",
    "declares [{section}], which is score's own section (the department, the self-evaluation); "
    "put the indicator's fields in a section of its own",
)
READS_WRONG = Template(
    "plugin.reads_wrong",
    'reads 必须是字段路径的元组，例如 ("budget.project_actual",)',
    'reads must be a tuple of dotted field paths, e.g. ("budget.project_actual",)',
)
UNDECLARED_FACT = Template(
    "plugin.undeclared_fact",
    "{what} 读取了未声明的字段 {field}；指标只能读取自己 sections 中的字段和 reads 所列的字段"
    "（是否拼错了字段名？）",
    "{what} read the field {field}, which the indicator does not declare; an indicator reads "
    "the fields of its own sections and those it names in reads (is the name misspelt?)",
)
MEASURE = Text("度量", "measure")
FIELD = Text("字段", "field")
PARAMETER = Text("参数", "parameter")
CHOICE_WITHOUT_CHOICES = Template(
    "plugin.choice_without_choices",
    "字段 {name} 的类型是 choice，但没有给出 choices",
    "field {name} is a choice without choices",
)
ACCEPTS_TUPLE = Template(
    "plugin.accepts_tuple",
    "accepts 必须是度量类型的元组，例如 (Ratio,)",
    "accepts must be a tuple of measure types, e.g. (Ratio,)",
)
ACCEPTS_WRONG = Template(
    "plugin.accepts_wrong",
    "accepts 中的 {type} 不是度量类型",
    "accepts {type}, which is not a measure type",
)
RESERVED_PARAM = Template(
    "plugin.reserved_param",
    "参数名“{name}”是保留的：每条规则都有",
    "parameter '{name}' is reserved: every rule has it",
)
MEASURE_KIND_TYPE = Template(
    "plugin.measure_kind_type",
    "度量方法“{kind}”返回了 {type}，应为 {produces}",
    "measure kind '{kind}' returned a {type}, not the {produces} it declares",
)
COMPUTE_MISSING = Template(
    "plugin.measure_compute",
    "度量方法必须定义 compute",
    "a measure kind must define compute",
)
APPLY_AND_DESCRIBE = Template(
    "plugin.apply_and_describe",
    "计分方法必须同时定义 apply 和 describe",
    "a rule kind must define both apply and describe",
)

# what a call returned
COMPUTE_NOT_MAPPING = Template(
    "plugin.compute_not_mapping",
    "compute 必须返回度量的映射，返回的是 {type}",
    "compute must return a mapping of measures, returned {type}",
)
NOT_A_MEASURE = Template(
    "plugin.not_a_measure",
    "度量“{key}”是 {type}，不是度量类型",
    "measure '{key}' is a {type}, not a measure type",
)
MEASURE_FIELD = Template(
    "plugin.measure_field",
    "度量“{key}”的 {field} 是 {type}，应为 {needs}",
    "measure '{key}' has a {type} for {field}; it needs a {needs}",
)
FINDINGS_TYPE = Template(
    "plugin.findings_type", "findings 必须是 Finding 对象", "findings must be Finding objects"
)
MEASURE_NOT_RETURNED = Template(
    "plugin.measure_not_returned",
    "没有返回{where}声明的度量“{measure}”",
    "did not return measure '{measure}' declared for {where}",
)
MEASURE_WRONG_TYPE = Template(
    "plugin.measure_wrong_type",
    "度量“{measure}”是 {type}；计分方法“{kind}”需要 {needs}",
    "measure '{measure}' is a {type}; rule kind '{kind}' needs {needs}",
)
APPLY_NOT_OUTCOME = Template(
    "plugin.apply_not_outcome",
    "apply 返回了 {type}，不是 Outcome",
    "apply returned {type}, not an Outcome",
)
APPLY_SCORE_TYPE = Template(
    "plugin.apply_score_type",
    "apply 给出的分数类型为 {type}；请用 Fraction",
    "apply gave a score of type {type}; use a Fraction",
)
APPLY_OUT_OF_RANGE = Template(
    "plugin.apply_out_of_range",
    "apply 给{where}打了{score:num}分，超出0至{start:num}分",
    "apply gave {score:num} points for {where}, outside 0 to {start:num}",
)
DEDUCTIONS_DIFFER = Template(
    "plugin.deductions_differ",
    "apply 对{where}共扣{lost:num}分，所列 Deduction 合计却为{deducted:num}分，"
    "二者不一致；所扣分数须全部由 Deduction 说明扣分理由",
    "apply took {lost:num} points off {where} but its deductions add up to {deducted:num}; "
    "every point lost needs a Deduction that says why",
)
DESCRIBE_NOT_STR = Template(
    "plugin.describe_not_str", "describe 必须返回 str", "describe must return a str"
)
