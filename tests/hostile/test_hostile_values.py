"""A value no number can be (nan, inf) is refused as written, never shown as Decimal('NaN') and
never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import ROOT

from jixiao import cli
from jixiao.engine import api

SEED = ROOT / "examples" / "luquan-cppcc-2025.toml"
RULESET = ROOT / "rulesets" / "2025.toml"


@pytest.mark.parametrize("written", ["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "review.flag_points：应为0到100的分数，填写的是 {written}"),
        ("en", "review.flag_points: expected points from 0 to 100, found {written}"),
    ],
)
def test_review_thresholds_that_are_not_numbers_are_refused_as_written(
    written: str, lang: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RULESET.read_text(encoding="utf-8")
    ruleset = tmp_path / "r.toml"
    ruleset.write_text(text.replace("flag_points = 5 ", f"flag_points = {written} "), "utf-8")
    api.load_registry(fresh=True)
    code = cli.main(["review", str(SEED), "--ruleset", str(ruleset), "--lang", lang])
    err = capsys.readouterr().err
    assert code == 2
    assert said.format(written=written) in err
    assert "Decimal" not in err
