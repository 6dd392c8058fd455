"""Locating the line of a field stays linear in the size of the file: a line of `[` and
thousands of spaces inside a multi-line string once took the header pattern cubic time
(30–50 s for a 3 KB file with one error)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from paths import CORPUS, RULESET_2025

from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.lines import commented_out, locate, table_header

GOOD = (CORPUS / "good.toml").read_text(encoding="utf-8")


def _hostile(text: str, before: str, spaces: int) -> str:
    """`text` with a multi-line string holding `[` and `spaces` spaces, put before `before`."""
    assert before in text
    return text.replace(before, f'note = """\n[{" " * spaces}\n"""\n{before}', 1)


def _seconds(work: Callable[[], object]) -> float:
    """The best of a few runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _locate_fresh(spaces: int) -> Callable[[], object]:
    """Locating in a text never seen before, so that the cached layout does not hide the work."""
    runs = iter(range(1_000_000))

    def work() -> object:
        text = _hostile(GOOD, "adjusted = 1200", spaces) + f"# {next(runs)}\n"
        return locate(text, "budget.adjusted"), locate(text, "assets.bogus")

    return work


@pytest.mark.parametrize("spaces", [3_000, 30_000])
def test_a_line_of_brackets_and_spaces_is_located_at_once(spaces: int) -> None:
    text = _hostile(GOOD, "adjusted = 1200", spaces)
    start = time.perf_counter()
    assert locate(text, "budget.adjusted") == 12  # after the 3 lines of the string
    assert locate(text, "assets.bogus") == 40  # an unknown key: its table's header
    assert locate(text, "internal_controls.rule_sets.budget") == 56
    assert commented_out(text, "budget.initial") is None
    assert time.perf_counter() - start < 2


def test_doubling_the_line_at_most_doubles_the_work() -> None:
    # cubic work would take 8 times as long (and minutes); a generous factor for a busy machine
    small, large = _seconds(_locate_fresh(100_000)), _seconds(_locate_fresh(200_000))
    assert large < 4 * small + 0.01


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("[" + " " * 30_000, None),  # never closed
        ("[[" + " " * 30_000 + "]", (" " * 30_000, True)),
        ("  [ budget ]  # comment", (" budget ", False)),
        ("[[targets]]", ("targets", True)),
        ("[[targets]", ("targets", True)),  # read as the pattern read it
        ("[]", None),
        ("[a] b", None),  # something after the header: not one
        ("[a]]]", None),
        ('a = "[b]"', None),
    ],
)
def test_table_header(line: str, header: tuple[str, bool] | None) -> None:
    assert table_header(line) == header


def test_a_facts_file_with_such_a_line_is_refused_at_once(tmp_path: Path) -> None:
    text = _hostile(GOOD, "adjusted = 1200", 30_000)
    text = text.replace("adjusted = 1200", 'adjusted = "x"').replace(
        "[assets]\n", "[assets]\nbogus = 1\n"
    )
    path = tmp_path / "dept.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as error:
        api.load_facts(path)
    assert time.perf_counter() - start < 2
    lines = {problem.field: problem.line for problem in error.value.problems}
    assert lines["budget.adjusted"] == 12
    assert lines["assets.bogus"] == 41


@pytest.mark.parametrize("spaces", [3_000, 30_000])
def test_a_ruleset_with_such_a_line_is_refused_at_once(tmp_path: Path, spaces: int) -> None:
    text = RULESET_2025.read_text(encoding="utf-8")
    text = _hostile(text, "rounding = {", spaces).replace("min = 85\n", 'min = "八十五"\n', 1)
    path = tmp_path / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as error:
        api.load_ruleset(str(path))
    assert time.perf_counter() - start < 2
    [problem] = [p for p in error.value.problems if p.field == "grades[0].min"]
    assert problem.line is not None
    assert text.splitlines()[problem.line - 1] == 'min = "八十五"'


@pytest.mark.parametrize(
    "text",
    [
        '[department]\nname = "x"\n[' + " " * 30000 + "\n",  # the hostile line is the slip
        '[department]\nname = """\n[' + " " * 30000 + '\n"""\ncode = = 1\n',  # one above it
    ],
    ids=["the slip itself", "above a slip"],
)
def test_a_syntax_error_near_such_a_line_is_explained_at_once(tmp_path: Path, text: str) -> None:
    path = tmp_path / "slip.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as refused:
        api.load_facts(path)
    assert time.perf_counter() - start < 2
    assert "格式有误" in refused.value.render("zh")
