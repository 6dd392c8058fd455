"""Bilingual text: every label and reason carries Chinese (the default) and English."""

from __future__ import annotations

from attrs import frozen

LANGUAGES = ("zh", "en")


@frozen
class Text:
    """A message in Chinese and English; renderers pick one with `get`."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


def same(text: str) -> Text:
    """Text that reads the same in both languages (a user's own words, a code)."""
    return Text(text, text)
