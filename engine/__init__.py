"""The scoring core: pure computation from facts and a ruleset to a Scorecard."""
