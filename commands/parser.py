"""The command line's parser in the reader's language: argparse, with its own words translated.

The help of every verb and option is written in Chinese and English where it is defined (each
verb's `add_parser` gets a `Say`); argparse's own words (the usage prefix, the group titles,
its usage errors) are translated here. The language is the one the command line asks for,
found before parsing (options.lang_of), so that `score run --lang en --bad` is refused in
English. argparse's messages are matched by their English wording; one this table does not
know is shown as argparse wrote it, never lost.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import Any, NoReturn

# A verb's help, said in the command line's language: say("中文", "English").
Say = Callable[[str, str], str]


def say_in(lang: str) -> Say:
    return (lambda zh, en: en) if lang == "en" else (lambda zh, en: zh)


# argparse's usage errors, in the order they are tried; {0}, {1}: the parts matched
ARGPARSE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"argument (.+?): (.*)", "参数 {0}：{1}"),
    (r"the following arguments are required: (.*)", "缺少必需的参数：{0}"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", "无效的选择 {0}（可选：{1}）"),
    (r"expected one argument", "需要给出一个值"),
    (r"expected at least one argument", "需要给出至少一个值"),
    (r"unrecognized arguments: (.*)", "无法识别的参数：{0}"),
    (r"not allowed with argument (.*)", "不能与参数 {0} 同时使用"),
    (r"ambiguous option: (.*?) could match (.*)", "选项 {0} 有歧义，可能是 {1}"),
    (r"invalid (\S+) value: (.*)", "无效的值 {1}（应为 {0}）"),
    (r"one of the arguments (.*) is required", "参数 {0} 中必须给出一个"),
    (r"ignored explicit argument (.*)", "忽略了多余的值 {0}"),
)


def translate(message: str) -> str:
    """argparse's English usage error in Chinese; one not in the table as it is."""
    for pattern, chinese in ARGPARSE_ERRORS:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            parts = [translate(part) for part in found.groups()]
            return chinese.format(*parts)
    return message


class _ChineseFormatter(argparse.HelpFormatter):
    """argparse's help with the usage prefix in Chinese, and help text wrapped by display width
    (a Chinese character takes two columns; textwrap counts it as one)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        from jixiao.report.wrap import wrap

        return wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        from jixiao.report.wrap import wrap

        return "\n".join(
            indent + line for line in wrap(" ".join(text.split()), width - len(indent))
        )

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are in `lang`; its sub-parsers are of the same class."""

    lang = "zh"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if self.lang != "en":
            kwargs.setdefault("formatter_class", _ChineseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        say = say_in(self.lang)
        self._positionals.title = say("位置参数", "positional arguments")
        self._optionals.title = say("选项", "options")
        self.add_argument(
            "-h", "--help", action="help", help=say("显示本帮助并退出", "show this help and exit")
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        if self.lang == "en":
            self.exit(2, f"{self.prog}: error: {message}\n")
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")


class EnglishParser(Parser):
    lang = "en"


def parser_class(lang: str) -> type[Parser]:
    return EnglishParser if lang == "en" else Parser
