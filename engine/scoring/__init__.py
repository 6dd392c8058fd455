"""6. One department: the ruleset's rules planned once, each indicator's measures scored under
the conventions every rule shares, rounded once, and summed to a total and a grade."""
