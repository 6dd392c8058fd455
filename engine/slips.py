"""The slips people make typing TOML by hand, each named with the exact character and the fix.

When the TOML parser refuses a file, its message says where but rarely why, and its hint can
lead to a second error. Most slips of a finance officer typing on a Chinese keyboard are one of
a few: a full-width ＝ or ：, full-width digits or space, Chinese quotes, a Chinese name where a
field's key goes, a number written as on paper (2,640, 98%, 2640万元), a date written as on paper
(2025年1月20日, 2025/1/20, 2025-1-20), or a table given twice. `diagnose` looks at the line the
parser names and says which.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from jixiao.engine.words.message import Template, Words

# a Chinese name → the key it stands for, as words (调整后预算数（adjusted）), or None
Names = Callable[[str, str], Words | None]  # (the name, the table it is in) → key

_AT = r"\s*\(at line (\d+), column (\d+)\)\s*$"
_FULL_DIGITS = "０１２３４５６７８９"
_QUOTES = "“”‘’"
_HALF_OF = {  # full-width punctuation a Chinese keyboard types, and TOML's own
    "，": ",",
    "【": "[",
    "】": "]",
    "［": "[",
    "］": "]",
    "＃": "#",
    "－": "-",
    "．": ".",
    "。": ".",
    "｛": "{",
    "｝": "}",
}
_YES_NO = ("是", "否", "有", "无", "对", "错")


def diagnose(message: str, text: str, names: Names | None = None) -> tuple[Words, int | None]:
    """The parser's `message` as a finance officer's slip and its fix, and the line."""
    match = re.search(_AT, message)
    line = int(match.group(1)) if match else None
    column = int(match.group(2)) if match else None
    bare = message[: match.start()] if match else message
    lines = text.splitlines()
    source = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    slip = _slip(bare, source, _table_before(lines, line), names)
    if slip is None:
        hint = next((h for pattern, h in _HINTS if bare.startswith(pattern)), None)
        at: Words | str = COLUMN(column=column) if column is not None else ""
        if hint is None:  # the parser's own words, which only English has
            slip = PARSER_RAW(message=bare, at=at)
        else:
            slip = PARSER(message=bare, at=at, hint=hint)
    return NOT_TOML(slip=slip), line


def _slip(bare: str, source: str, table: str, names: Names | None) -> Words | None:
    code = _code(source)
    if "＝" in code:
        return FULL_WIDTH(char="＝", fix="=")
    if any(quote in code for quote in _QUOTES):
        return CHINESE_QUOTES
    key, equals, value = code.partition("=")
    if "：" in (key if equals else code):
        return FULL_WIDTH(char="：", fix="=")
    if "\u3000" in code:
        return FULL_WIDTH_SPACE
    digits = "".join(ch for ch in code if ch in _FULL_DIGITS)
    if digits:
        return FULL_WIDTH(char=digits, fix=unicodedata.normalize("NFKC", digits))
    for char in _unquoted(code):  # full-width punctuation where TOML's own is meant
        if char in _HALF_OF:
            return FULL_WIDTH(char=char, fix=_HALF_OF[char])
    header = _header(code)
    if header and not header[1].isascii():
        return _chinese(CHINESE_SECTION, header[1], "", names)
    if equals and not key.strip().isascii():
        return _chinese(CHINESE_KEY, key.strip().strip('"'), table, names)
    if bare.startswith("Cannot declare") and header and header[0] == "[":
        return TABLE_TWICE(name=header[1])
    if bare.startswith("Cannot overwrite a value") and header and header[0] == "[":
        return TABLE_TWICE(name=header[1])  # [projects] for each project: not "keep one"
    if bare.startswith("Cannot overwrite a value"):
        return KEY_TWICE(key=key.strip() if equals else (header[1] if header else ""))
    if equals and key.strip() and not value.strip():
        return EMPTY_VALUE(key=key.strip())  # a template line uncommented and not filled in
    return _value_slip(value.strip() if equals else "")


def _value_slip(value: str) -> Words | None:
    if not value or value[0] in "\"'[{":
        return None
    number = value.split("#", 1)[0].strip()
    if number in ("TRUE", "True", "FALSE", "False"):
        return LOWERCASE(written=number, fix=number.lower())
    if number in _YES_NO:
        return YES_NO(written=number)
    if re.fullmatch(r"[+-]?\d[\d ]*\d(\.\d+)?", number) and " " in number:
        return SPACED(written=number, fix=number.replace(" ", ""))
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", number):
        return THOUSANDS(written=number, fix=number.replace(",", ""))
    if re.fullmatch(r"[+-]?\d+(\.\d+)?\s*%", number):
        return PERCENT_SIGN(written=number, fix=number.rstrip("%").strip())
    unit = re.fullmatch(r"([+-]?\d+(\.\d+)?)\s*(万元|元)", number)
    if unit:
        if unit.group(3) == "元":
            return IN_YUAN(written=number)
        return UNIT(written=number, fix=unit.group(1))
    date = re.fullmatch(
        r"(\d{4})\s*(?:年|/|-|\.)\s*(\d{1,2})\s*(?:月|/|-|\.)\s*(\d{1,2})\s*日?", number
    )
    if date:
        year, month, day = (int(part) for part in date.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            return NO_SUCH_DAY(written=number)
        return DATE(written=number, fix=f"{year}-{month:02d}-{day:02d}")
    return None


def _chinese(template: Template, name: str, table: str, names: Names | None) -> Words:
    meant = names(name, table) if names is not None else None
    if meant is None:
        return template(name=name, meant="")
    return template(name=name, meant=MEANT(meant=meant))


def _unquoted(code: str) -> str:
    """`code` without its quoted texts: a full-width comma inside "…" is the user's own text."""
    return re.sub(r'"[^"]*"|\'[^\']*\'', "", code)


def _code(line: str) -> str:
    """The line without a trailing # comment (outside quotes)."""
    quote = ""
    for index, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return line[:index]
    return line


def _table_before(lines: list[str], line: int | None) -> str:
    """The [table] a line is in: the last header above it."""
    for source in reversed(lines[: (line or 1) - 1]):
        header = _header(source)
        if header and header[1]:
            return header[1]
    return ""


def _header(code: str) -> tuple[str, str] | None:
    """(`[` or `[[`, the name without its spaces) of a header line, or None. Scanned, not
    matched: a pattern with spaces on both sides of the name backtracks in cubic time on a line
    of `[` and spaces (engine/lines.py, table_header)."""
    rest = code.lstrip()
    if not rest.startswith("["):
        return None
    opening = "[[" if rest.startswith("[[") else "["
    close = rest.find("]", len(opening))
    if close < 0:
        return None
    return opening, rest[len(opening) : close].strip()


NOT_TOML = Template("toml.invalid", "格式有误：{slip}", "is not valid TOML: {slip}")
COLUMN = Template("toml.column", "第{column}列：", " (column {column})")
PARSER = Template("toml.parser", "{at}{hint}", "{message}{at}: {hint}")
PARSER_RAW = Template(
    "toml.parser_raw",
    "{at}无法识别的写法（解析器的说明：{message}）",
    "{message}{at}",
)
NO_SUCH_DAY = Template(
    "slip.no_such_day",
    "{written} 不是真实的日期；请核对年、月、日",
    "{written} is not a real date; check the year, month and day",
)
FULL_WIDTH = Template(
    "slip.full_width",
    "这一行有全角字符“{char}”；请改为半角的“{fix}”（切换到英文输入法再输入）",
    "this line has the full-width character “{char}”; type the half-width “{fix}” instead",
)
FULL_WIDTH_SPACE = Template(
    "slip.full_width_space",
    "这一行有全角空格；请改为半角空格或删去",
    "this line has a full-width space; type a half-width space or remove it",
)
CHINESE_QUOTES = Template(
    "slip.chinese_quotes",
    '这一行用了中文引号“…”；文字请用英文双引号括起，如 name = "鹿泉区政协"',
    "this line uses Chinese quotes “…”; put text in straight double quotes, "
    'e.g. name = "鹿泉区政协"',
)
CHINESE_KEY = Template(
    "slip.chinese_key",
    "字段名须用英文：“{name}”不是本工具的字段名{meant}",
    "field names are in English: “{name}” is not one{meant}",
)
CHINESE_SECTION = Template(
    "slip.chinese_section",
    "表名须用英文：[{name}] 不是本工具的表名{meant}",
    "table names are in English: [{name}] is not one{meant}",
)
MEANT = Template("slip.meant", "；是否应为 {meant}？", "; did you mean {meant}?")
TABLE_TWICE = Template(
    "slip.table_twice",
    "[{name}] 出现了两次：若有多项（如多个项目），每一项写一段 [[{name}]]（两对方括号）；"
    "否则请把两段合并为一段",
    "[{name}] is given twice: for several entries (several projects, say) write each as "
    "[[{name}]] (double brackets); otherwise merge the two into one",
)
LOWERCASE = Template(
    "slip.lowercase",
    "{written} 请写作小写的 {fix}",
    "write {written} in lower case: {fix}",
)
YES_NO = Template(
    "slip.yes_no",
    "{written} 请写作 true（是、有）或 false（否、无），不加引号",
    "write {written} as true (是, 有) or false (否, 无), without quotes",
)
SPACED = Template(
    "slip.spaced",
    "数字 {written} 中间不要有空格：写 {fix}",
    "write the number {written} without spaces: {fix}",
)
EMPTY_VALUE = Template(
    "slip.empty_value",
    "“{key} =”后面没有填写值：请在等号后填写，或在行首加上“# ”暂不填写",
    "“{key} =” has no value: give one after the =, or put '# ' at the start of the line to "
    "leave it unanswered",
)
KEY_TWICE = Template(
    "slip.key_twice", "“{key}”写了两次；请删去其中一个", "“{key}” is given twice; keep one"
)
THOUSANDS = Template(
    "slip.thousands",
    "数字 {written} 不要加千位分隔符：写 {fix}",
    "write the number {written} without thousands separators: {fix}",
)
PERCENT_SIGN = Template(
    "slip.percent",
    '{written} 不要带百分号：只写数字 {fix}（单位另写，如目标写 unit = "%"）',
    'write {written} without the percent sign: {fix} (the unit goes apart, e.g. unit = "%")',
)
UNIT = Template(
    "slip.unit",
    "{written} 不要带单位：金额已以万元为单位，只写数字 {fix}",
    "write {written} without its unit: amounts are in 万元, so write {fix}",
)
IN_YUAN = Template(
    "slip.in_yuan",
    "{written} 是以“元”为单位的金额，本表金额以万元为单位：请换算成万元后只写数字",
    "{written} is an amount in 元; amounts here are in 万元: convert it and write the number alone",
)
DATE = Template(
    "slip.date",
    "日期 {written} 请写作 {fix}（年-月-日，月和日各两位，不加引号）",
    "write the date {written} as {fix} (year-month-day, two digits each, no quotes)",
)

# What the parser's terse messages usually mean for someone typing a file by hand.
_HINTS = (
    (
        "Illegal character '\\n'",
        Template(
            "slip.hint.unclosed_line",
            '这一行的文字缺少右引号；请补上 "',
            'a quoted text is not closed on this line; add the closing "',
        ),
    ),
    (
        "Unterminated string",
        Template(
            "slip.hint.unclosed",
            '文字缺少右引号；请补上 "',
            'a quoted text is not closed; add the closing "',
        ),
    ),
    (
        "Cannot overwrite a value",
        Template(
            "slip.hint.twice",
            "这个字段或表写了两次；请只保留一个",
            "this key or [section] is given twice; keep one",
        ),
    ),
    (
        "Cannot declare",
        Template(
            "slip.hint.table_twice",
            "这个表写了两次；请只保留一个",
            "this [section] is given twice; keep one",
        ),
    ),
    (
        "Expected ']' at the end of a table",
        Template("slip.hint.no_bracket", "表名缺少右方括号 ]", "the [table] is not closed: add ]"),
    ),
    (
        "Unclosed array",
        Template(
            "slip.hint.unclosed_list",
            "列表缺少右方括号 ]；列表各项之间用英文逗号 , 分隔",
            "a list is not closed with ]; its items are separated by commas",
        ),
    ),
    (
        "Expected '=' after a key",
        Template(
            "slip.hint.no_equals", "每个值写作 字段名 = 值", "write each value as key = value"
        ),
    ),
    (
        "Invalid date or datetime",
        Template(
            "slip.hint.bad_date",
            "不是真实的日期；日期写作 2025-02-10",
            "not a real date; write YYYY-MM-DD, e.g. 2025-02-10",
        ),
    ),
    (
        "Invalid value",
        Template(
            "slip.hint.bad_value",
            '值应为数字（968.9）、true/false、日期（2025-02-10）或用英文双引号括起的文字（"…"）',
            'a value is a number (968.9), true/false, a date (2025-02-10) or text in quotes ("…")',
        ),
    ),
    (
        "Invalid statement",
        Template(
            "slip.hint.bad_statement",
            "每一行应为 字段名 = 值、[表名] 或以 # 开头的说明",
            "each line is key = value, a [section] header, or a # comment",
        ),
    ),
    (
        "Expected newline or end of document",
        Template(
            "slip.hint.one_per_line",
            "每行只写一个 字段名 = 值；文字要用英文双引号括起",
            "one key = value per line; text goes in quotes",
        ),
    ),
)
