"""What a person reads, in Chinese (the default) and English: labels as `Text(zh, en)`, and
messages kept as a `Template` and its values (`Message`) until an edge shows them in the
language asked for (`--lang`, or $SCORE_LANG)."""
