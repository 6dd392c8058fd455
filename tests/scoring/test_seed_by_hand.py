"""The seed department (鹿泉区政协 2025) worked out by hand from rulesets/2025.toml.

Sub-indicator by sub-indicator, from examples/luquan-cppcc-2025.toml:

1.1  actual 968.909901 / adjusted 968.909901 = 100%              → 20
1.2  carry-over not given: max(0, 968.909901 − 968.909901) = 0 → 0% → 5
1.3  三公 3.2 / 3.5 = 91.43% ≤ 100%                              → 5
1.4  |968.909901 − 968.909901| / 968.909901 = 0%                 → 3
1.5  公用经费 118.6 / 120 = 98.83% ≤ 100%                          → 2        dimension 35
2.1  published, no dates: late → 2; the four contents unanswered: 1 off each
     until nothing is left (2 deductions)                           → 0
2.2  the same                                                       → 0
2.3  self_evaluation_published not given                           → 0        dimension 0
3.1  rules exist, compliant, enforced                               → 3
3.2  findings = []                                                  → 4
3.3  fixed-asset values not given: no evidence (not N/A)            → 0        dimension 7
4.1  present: budget, expenditure, assets = 3; construction n/a;
     applicable 8 − 1 = 7: 8 × 3 / 7 = 3.428571…                    → 3.43
4.2  leading_group only                                             → 1
4.3  violations = []                                                → 3        dimension 7.43
5.1  six qualitative targets, all 达成                              → 15
5.2  ten projects, self_score 100, no budgets: plain mean 100       → 10
5.3  10 of 10 projects evaluated                                    → 5        dimension 30

total 35 + 0 + 7 + 7.43 + 30 = 79.43, 75 ≤ 79.43 < 85: 良好 (the pinned value in test_examples).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from factories import sub

from jixiao.engine import api

HAND = {
    "1.1": "20",
    "1.2": "5",
    "1.3": "5",
    "1.4": "3",
    "1.5": "2",
    "2.1": "0",
    "2.2": "0",
    "2.3": "0",
    "3.1": "3",
    "3.2": "4",
    "3.3": "0",
    "4.1": "3.43",
    "4.2": "1",
    "4.3": "3",
    "5.1": "15",
    "5.2": "10",
    "5.3": "5",
}


def test_every_sub_indicator_of_the_seed_matches_the_hand_computation(examples_dir: Path) -> None:
    card = api.score_file(examples_dir / "luquan-cppcc-2025.toml")
    assert {code: sub(card, code).score for code in HAND} == {
        code: Decimal(value) for code, value in HAND.items()
    }
    assert sub(card, "4.1").exact == Fraction(24, 7)
    assert [d.score for d in card.dimensions] == [
        Decimal(s) for s in ("35", "0", "7", "7.43", "30")
    ]
    assert card.total == Decimal("79.43")
    assert card.grade.label.zh == "良好"
    assert all(d.status == "scored" and not d.rebased for d in card.dimensions)
