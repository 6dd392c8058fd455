"""Every message the program says is a Template: an id of its own, Chinese and English that say
the same values, and a row in the catalog of docs/errors.md."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

from catalog import catalog, documented, placeholders, templates

import jixiao
from jixiao.engine.words.message import Template

FORMATS = {"", "pts", "pct", "num", "money", "date", "list", "q"}  # engine/words/render.py


def test_every_id_is_one_message() -> None:
    seen: dict[str, Template] = {}
    for info in pkgutil.walk_packages(jixiao.__path__, "jixiao."):
        for value in vars(importlib.import_module(info.name)).values():
            if isinstance(value, Template):
                assert seen.setdefault(value.id, value) is value, f"{value.id} is given twice"
    assert len(seen) > 250


def test_the_english_says_every_value_the_chinese_says() -> None:
    for _, template in templates():
        assert placeholders(template.zh) <= placeholders(template.en), template.id


def test_every_placeholder_names_a_format_the_renderer_knows() -> None:
    for _, template in templates():
        for wording in (template.zh, template.en):
            specs = {spec for _, name, spec, _ in string.Formatter().parse(wording) if name}
            assert specs <= FORMATS, (template.id, specs)


def test_the_chinese_is_chinese() -> None:
    for _, template in templates():
        bare = re.sub(r"\{[^}]*\}", "", template.zh)
        assert re.search(r"[\u4e00-\u9fff]", bare) or not re.search(r"[A-Za-z]{4,}", bare), (
            template.id
        )


def test_docs_errors_md_holds_the_catalog_of_every_message() -> None:
    assert documented() == catalog(), "rewrite it: .venv/bin/python tests/catalog.py"
