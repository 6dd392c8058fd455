"""The command line's own words in the reader's language: help, usage and usage errors in
Chinese by default, in English with --lang en or $SCORE_LANG=en."""

from __future__ import annotations

import pytest

from jixiao.cli import main
from jixiao.commands.parser import translate
from jixiao.report.wrap import width_of


def helped(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*args, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_is_in_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    text = helped(capsys)
    assert text.startswith("用法：score [-h] [--version] 命令 ...")
    assert "run       为部门的填报数据文件评分（可多个文件、文件夹）" in text
    assert "语言：--lang en 或环境变量 SCORE_LANG=en" in text


def test_help_is_in_english_on_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = helped(capsys, "run", "--lang", "en")
    assert text.startswith("usage: score run [-h]")
    assert "show the rule applied under each sub-indicator" in text
    monkeypatch.setenv("SCORE_LANG", "en")
    assert helped(capsys, "review").startswith("usage: score review [-h]")


@pytest.mark.parametrize("verb", ["run", "review", "rules", "test", "init", "plugins"])
def test_every_verbs_help_fits_80_columns(
    verb: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for line in helped(capsys, verb).splitlines():
        assert width_of(line) <= 80, line


def test_a_usage_error_is_said_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["run"])
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith("score run：错误：缺少必需的参数：FACTS\n")
    with pytest.raises(SystemExit):
        main(["run", "--lang", "en"])
    assert capsys.readouterr().err.endswith(
        "score run: error: the following arguments are required: FACTS\n"
    )


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("unrecognized arguments: --verbose", "无法识别的参数：--verbose"),
        (
            "argument --format: invalid choice: 'xml' (choose from 'table', 'json')",
            "参数 --format：无效的选择 'xml'（可选：'table', 'json'）",
        ),
        ("argument --jobs/-j: expected one argument", "参数 --jobs/-j：需要给出一个值"),
        ("something argparse may say one day", "something argparse may say one day"),
    ],
)
def test_argparse_messages_are_translated_or_kept(english: str, chinese: str) -> None:
    assert translate(english) == chinese
