"""MeasureView: its text and data are worked out from the measure when first read."""

from __future__ import annotations

import pickle
from fractions import Fraction
from typing import Any

import pytest
from attrs.exceptions import FrozenInstanceError

from score.engine.measures import Ratio
from score.engine.model import MeasureView
from score.engine.text import Text

LABEL = Text("预算执行率", "budget execution rate")


def ratio() -> Ratio:
    return Ratio(Fraction(95), Fraction(100), Text("支出", "spent"), Text("预算", "budget"))


class Counting:
    def __init__(self) -> None:
        self.calls = 0

    def describe(self, lang: str) -> str:
        self.calls += 1
        return lang

    def to_json(self) -> dict[str, Any]:
        self.calls += 1
        return {"n": 1}


def test_text_and_data_come_from_the_measure_once() -> None:
    measure = Counting()
    view = MeasureView.of("m", LABEL, measure)
    assert measure.calls == 0  # nothing formatted until read
    assert view.text == Text("zh", "en")
    assert view.data == {"n": 1}
    assert view.text == Text("zh", "en")
    assert measure.calls == 3


def test_a_lazy_view_equals_the_eager_one() -> None:
    lazy = MeasureView.of("execution_rate", LABEL, ratio())
    eager = MeasureView(
        "execution_rate",
        LABEL,
        Text(
            "支出 95万元 / 预算 100万元 = 95.00%",
            "spent 95 (10k yuan) / budget 100 (10k yuan) = 95.00%",
        ),
        {"numerator": "95", "denominator": "100", "value": "0.95"},
    )
    assert lazy == eager
    assert hash(lazy) == hash(eager)
    assert lazy != MeasureView("other", LABEL, eager.text, eager.data)
    assert pickle.loads(pickle.dumps(lazy)) == eager
    assert repr(eager).startswith("MeasureView(id='execution_rate', label=Text(")


def test_a_view_is_frozen() -> None:
    view = MeasureView.of("m", LABEL, ratio())
    with pytest.raises(FrozenInstanceError):
        view.id = "x"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del view.label
