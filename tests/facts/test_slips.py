"""The slips of typing a facts file by hand on a Chinese keyboard: each gets a message naming the
exact character and the fix, in Chinese and in English. A value with one plain meaning is read
as it means, with a note; one that could mean two things is refused, saying what to write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import CORPUS

from jixiao.cli import main
from jixiao.engine.errors import say
from jixiao.engine.facts.fields import Field, convert
from jixiao.engine.words.text import Text

GOOD = (CORPUS / "good.toml").read_text(encoding="utf-8")


def problems(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, lang: str) -> list[str]:
    """`score run` on `text`: exit 2, and each problem without the file's name."""
    path = tmp_path / "dept.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["run", str(path), "--lang", lang]) == 2
    prefix = f"错误：{path}" if lang == "zh" else f"error: {path}"
    lines = capsys.readouterr().err.splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line.removeprefix(prefix) for line in lines]


def slipped(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


# (what is changed, into what, the Chinese problem, the English problem)
SLIPS = {
    "full-width equals": (
        "adjusted = 1200",
        "adjusted ＝ 1200",
        ":9：格式有误：这一行有全角字符“＝”；请改为半角的“=”（切换到英文输入法再输入）",
        ":9: is not valid TOML: this line has the full-width character “＝”; type the "
        "half-width “=” instead",
    ),
    "full-width colon": (
        "adjusted = 1200",
        "adjusted：1200",
        ":9：格式有误：这一行有全角字符“：”；请改为半角的“=”（切换到英文输入法再输入）",
        ":9: is not valid TOML: this line has the full-width character “：”; type the "
        "half-width “=” instead",
    ),
    "full-width digits": (
        "adjusted = 1200",
        "adjusted = １２００",
        ":9：格式有误：这一行有全角字符“１２００”；请改为半角的“1200”（切换到英文输入法再输入）",
        ":9: is not valid TOML: this line has the full-width character “１２００”; type the "
        "half-width “1200” instead",
    ),
    "full-width space": (
        "adjusted = 1200",
        "adjusted =\u30001200",
        ":9：格式有误：这一行有全角空格；请改为半角空格或删去",
        ":9: is not valid TOML: this line has a full-width space; type a half-width space or "
        "remove it",
    ),
    "Chinese quotes": (
        'name = "示例局"',
        "name = “示例局”",
        ':3：格式有误：这一行用了中文引号“…”；文字请用英文双引号括起，如 name = "鹿泉区政协"',
        ":3: is not valid TOML: this line uses Chinese quotes “…”; put text in straight double "
        'quotes, e.g. name = "鹿泉区政协"',
    ),
    "a Chinese key": (
        "adjusted = 1200",
        "调整后预算数 = 1200",
        ":9：格式有误：字段名须用英文：“调整后预算数”不是本工具的字段名；"
        "是否应为 调整后预算数（adjusted）？",
        ":9: is not valid TOML: field names are in English: “调整后预算数” is not one; did you "
        "mean adjusted budget (adjusted)?",
    ),
    "a Chinese section": (
        "[budget]",
        "[预算收支]",
        ":7：格式有误：表名须用英文：[预算收支] 不是本工具的表名；是否应为 预算收支（budget）？",
        ":7: is not valid TOML: table names are in English: [预算收支] is not one; did you mean "
        "Budget and spending (budget)?",
    ),
    "thousands separators": (
        "adjusted = 1200",
        "adjusted = 1,200",
        ":9：格式有误：数字 1,200 不要加千位分隔符：写 1200",
        ":9: is not valid TOML: write the number 1,200 without thousands separators: 1200",
    ),
    "a percent sign": (
        "target = 200",
        "target = 98%",
        ':65：格式有误：98% 不要带百分号：只写数字 98（单位另写，如目标写 unit = "%"）',
        ":65: is not valid TOML: write 98% without the percent sign: 98 (the unit goes apart, "
        'e.g. unit = "%")',
    ),
    "an amount with 万元": (
        "adjusted = 1200",
        "adjusted = 1200万元",
        ":9：格式有误：1200万元 不要带单位：金额已以万元为单位，只写数字 1200",
        ":9: is not valid TOML: write 1200万元 without its unit: amounts are in 万元, so write 120"
        "0",
    ),
    "an amount in 元": (
        "adjusted = 1200",
        "adjusted = 12000000元",
        ":9：格式有误：12000000元 是以“元”为单位的金额，本表金额以万元为单位："
        "请换算成万元后只写数字",
        ":9: is not valid TOML: 12000000元 is an amount in 元; amounts here are in 万元: convert "
        "it and write the number alone",
    ),
    "a date without leading zeros": (
        "approved_on = 2025-01-20",
        "approved_on = 2025-1-20",
        ":21：格式有误：日期 2025-1-20 请写作 2025-01-20（年-月-日，月和日各两位，不加引号）",
        ":21: is not valid TOML: write the date 2025-1-20 as 2025-01-20 (year-month-day, two "
        "digits each, no quotes)",
    ),
    "a date in Chinese, unquoted": (
        "approved_on = 2025-01-20",
        "approved_on = 2025年1月20日",
        ":21：格式有误：日期 2025年1月20日 请写作 2025-01-20（年-月-日，月和日各两位，不加引号）",
        ":21: is not valid TOML: write the date 2025年1月20日 as 2025-01-20 (year-month-day, two "
        "digits each, no quotes)",
    ),
    "a date with slashes, unquoted": (
        "approved_on = 2025-01-20",
        "approved_on = 2025/1/20",
        ":21：格式有误：日期 2025/1/20 请写作 2025-01-20（年-月-日，月和日各两位，不加引号）",
        ":21: is not valid TOML: write the date 2025/1/20 as 2025-01-20 (year-month-day, two "
        "digits each, no quotes)",
    ),
    "a day that does not exist": (
        "approved_on = 2025-01-20",
        "approved_on = 2025-02-30",
        ":21：格式有误：2025-02-30 不是真实的日期；请核对年、月、日",
        ":21: is not valid TOML: 2025-02-30 is not a real date; check the year, month and day",
    ),
    "a key twice": (
        "actual = 1140",
        "actual = 1140\nactual = 1150",
        ":11：格式有误：“actual”写了两次；请删去其中一个",
        ":11: is not valid TOML: “actual” is given twice; keep one",
    ),
    "two [projects] tables": (
        "[[projects]]",
        '[projects]\nname = "甲"\n\n[projects]',
        ":77：格式有误：[projects] 出现了两次：若有多项（如多个项目），每一项写一段 "
        "[[projects]]（两对方括号）；否则请把两段合并为一段",
        ":77: is not valid TOML: [projects] is given twice: for several entries (several "
        "projects, say) write each as [[projects]] (double brackets); otherwise merge the two "
        "into one",
    ),
}


@pytest.mark.parametrize("slip", sorted(SLIPS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_slip_is_named_with_its_fix(
    slip: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, chinese, english = SLIPS[slip]
    said = problems(tmp_path, capsys, slipped(old, new), lang)
    assert said == [chinese if lang == "zh" else english]


def test_a_utf16_file_is_called_utf16_not_binary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    path.write_bytes(GOOD.encode("utf-16"))  # Notepad's "Unicode"
    assert main(["run", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"错误：{path}：是 UTF-16 编码（记事本另存为时的“Unicode”）；"
        "请另存为 UTF-8（记事本：另存为 → 编码 UTF-8）\n"
    )


# --- values that parse but could mean two things: refused, saying what to write --------------


def test_a_percentage_where_a_plain_number_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = slipped("target = 200", 'target = "98%"')
    (zh,) = problems(tmp_path, capsys, text, "zh")
    assert zh == (
        ':65: 第1个绩效目标的目标值（targets[0].target）：填写的是 "98%"：'
        '只写数字 98，单位写在 unit = "%"'
    )
    assert "万元" not in zh  # a target value is not an amount
    (en,) = problems(tmp_path, capsys, text, "en")
    assert "万元" not in en


def test_none_for_a_rule_set_could_mean_two_things(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = slipped('construction = "n/a"', 'construction = "无"')
    (zh,) = problems(tmp_path, capsys, text, "zh")
    assert zh.endswith(
        '建设项目（internal_controls.rule_sets.construction）："无" 有两种意思：'
        '本部门没有这项业务，请写 "n/a"（不适用）；有这项业务但没有建立这项制度，请写 false'
    )
    (en,) = problems(tmp_path, capsys, text, "en")
    assert 'then write "n/a"' in en and "false" in en


def test_an_empty_name_is_said_to_be_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (zh,) = problems(tmp_path, capsys, slipped('name = "示例局"', 'name = ""'), "zh")
    assert zh == ":3: 部门名称（department.name）：不能为空：请填写部门名称"
    (en,) = problems(tmp_path, capsys, slipped('name = "示例局"', 'name = ""'), "en")
    assert en == ":3: department name (department.name): is empty: give the department name"


# --- values with one plain meaning: read as they mean, with a note -----------------------------


@pytest.mark.parametrize(
    ("old", "new", "note"),
    [
        (
            "self_evaluation_published = true",
            'self_evaluation_published = "是"',
            '已将 "是" 读作 true',
        ),
        ("rules_exist = true", 'rules_exist = "有"', '已将 "有" 读作 true'),
        ("approved_on = 2025-01-20", 'approved_on = "2025年1月20日"', '已将 "2025年1月20日" 读作'),
        ("approved_on = 2025-01-20", 'approved_on = "2025/1/20"', '已将 "2025/1/20" 读作'),
        ("approved_on = 2025-01-20", 'approved_on = "2025.01.20"', '已将 "2025.01.20" 读作'),
        ("adjusted = 1200", 'adjusted = "1,200"', '已将 "1,200" 读作 1200'),
        ("adjusted = 1200", 'adjusted = "1200万元"', '已将 "1200万元" 读作 1200'),
    ],
)
def test_a_plain_meaning_is_read_with_a_note(
    old: str, new: str, note: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(slipped(old, new), encoding="utf-8")
    assert main(["run", str(path), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    notes = [f["message"] for f in card["findings"] if f["code"] == "read_as"]
    assert len(notes) == 1 and notes[0].startswith(note), notes


def test_a_choice_s_own_other_words_are_read_without_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    text = slipped('kind = "quantitative"', 'kind = "定量"').replace('"qualitative"', '"定性"')
    path.write_text(text, encoding="utf-8")
    assert main(["run", str(path), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert [f for f in card["findings"] if f["code"] == "read_as"] == []
    targets = next(d for d in card["dimensions"] if d["id"] == "output_targets")
    assert targets["subindicators"][0]["score"] is not None


def test_a_read_date_is_the_date_meant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(slipped("approved_on = 2025-01-20", 'approved_on = "2025年1月20日"'), "utf-8")
    assert main(["run", str(path), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    disclosure = next(d for d in card["dimensions"] if d["id"] == "disclosure")
    published = disclosure["subindicators"][0]["measures"]["budget_publication"]
    assert (published["approved_on"], published["days"]) == ("2025-01-20", 16)


def test_a_percentage_field_reads_98_percent_as_98() -> None:
    rate = Field("rate", "percent", Text("满意率", "satisfaction rate"))
    value, error, note = convert(rate, "98%")
    assert (str(value), error) == ("98", None)
    assert note is not None and say(note, "zh") == '已将 "98%" 读作 98'
    value, error, _ = convert(rate, "98元")
    assert (value, say(error, "en")) == (
        None,
        'expected a percentage as a number, e.g. 98 for 98%, found "98元": write the number alone, '
        "without quotes or units",
    )
