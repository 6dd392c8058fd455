"""5. The bureau's yearly ruleset → a validated Ruleset: found on the search path, resolved
through `extends`, checked against the installed plugins; and compared, listed, put in words."""
