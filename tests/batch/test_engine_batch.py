"""engine.batch: one small result per file, equal to api.score, the same with 1 and 2 processes."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from paths import ROOT

from jixiao.engine import api
from jixiao.engine.batch.pool import Batch, FileResult, init_worker, score_path, score_paths
from jixiao.engine.batch.summary import summarize
from jixiao.engine.errors import InputError

sys.path.insert(0, str(ROOT / "bench"))

from generate import generate


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> list[Path]:
    folder = tmp_path_factory.mktemp("batch")
    paths = generate(folder, 12, seed=7)
    broken = folder / "broken.toml"
    broken.write_text(
        '[department]\nname = "x"\ncode = "X"\nyear = 2025\n[budget]\ninitial = "a"\n'
    )
    not_toml = folder / "not-toml.toml"
    not_toml.write_text("this is = = not toml\n")
    return [examples_dir / "luquan-cppcc-2025.toml", *paths[:6], broken, *paths[6:], not_toml]


def expected(path: Path) -> FileResult:
    card = api.score_file(path)
    ruleset = api.load_ruleset(card.ruleset.id)
    return FileResult(str(path), summarize(card, ruleset.grades), card.ruleset.id)


def test_results_equal_api_score_in_order(files: list[Path]) -> None:
    results = list(score_paths(files))
    assert [r.path for r in results] == [str(p) for p in files]
    for path, result in zip(files, results, strict=True):
        if path.name in ("broken.toml", "not-toml.toml"):
            continue
        assert result == expected(path)
        assert result.ok
    seed = results[0]
    assert seed.total == Decimal("79.43")
    assert seed.grade == "良好"
    assert len(seed.dimensions) == 5


def test_an_unusable_file_is_a_result_with_its_problems(files: list[Path]) -> None:
    by_name = {Path(r.path).name: r for r in score_paths(files)}
    broken = by_name["broken.toml"]
    assert not broken.ok
    assert broken.total is None
    assert any(p.field == "budget.initial" for p in broken.problems)
    with pytest.raises(InputError) as raised:
        api.load_facts(files[7])
    assert broken.problems == raised.value.problems
    assert "is not valid TOML" in by_name["not-toml.toml"].problems[0].render("en")
    assert "格式有误" in by_name["not-toml.toml"].problems[0].render("zh")


def test_two_processes_give_identical_results(files: list[Path]) -> None:
    one = list(score_paths(files, jobs=1))
    two = list(score_paths(files, jobs=2, chunksize=3))
    assert two == one


def test_a_named_ruleset_applies_to_every_file(files: list[Path]) -> None:
    results = list(score_paths(files[:3], "2025"))
    assert [r.ruleset for r in results] == ["2025"] * 3
    assert results == list(score_paths(files[:3]))


def test_worker_function_and_batch_object(files: list[Path]) -> None:
    init_worker()
    assert score_path(files[0]) == expected(files[0])
    batch = Batch()
    facts = api.load_facts(files[1])
    card = batch.score_facts(facts)
    assert card == api.score_file(files[1])
    assert batch.score(files[1]) == expected(files[1])


def test_an_unknown_ruleset_is_an_input_error(files: list[Path]) -> None:
    with pytest.raises(InputError):
        list(score_paths(files[:1], "no-such-ruleset"))
    with pytest.raises(InputError):
        list(score_paths(files[:1], "no-such-ruleset", jobs=2))


def test_a_year_without_a_ruleset_is_a_problem_of_that_file(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "luquan-cppcc-2025.toml").read_text(encoding="utf-8")
    future = tmp_path / "future.toml"
    future.write_text(text.replace("year = 2025", "year = 2031", 1), encoding="utf-8")
    assert "year = 2031" in future.read_text(encoding="utf-8")
    [result] = score_paths([future])
    assert result.total is None
    assert len(result.problems) == 1
    assert "2031" in result.problems[0].render("en")
