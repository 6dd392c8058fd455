"""A facts file of either kind, read into TOML's shape: a TOML file, or a workbook
(`.xlsx`, `.xlsm`), chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.facts.schema import FactsSchema
from jixiao.engine.tomlfile import TomlDocument, read_toml
from jixiao.engine.words.message import Template

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
FACTS_SUFFIXES = (".toml", *WORKBOOK_SUFFIXES)
OLD_SUFFIXES = (".xls", ".et", ".ett", ".xlt", ".ods", ".csv")


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def read_facts(path: str | Path, schema: FactsSchema) -> TomlDocument:
    """The facts file at `path` as a document typed by `schema`; InputError when it cannot be
    read at all."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from jixiao.engine.facts.workbook import read_workbook  # openpyxl only for a workbook

        return read_workbook(path, schema)
    if suffix in OLD_SUFFIXES:
        raise InputError([Problem(str(path), "", OTHER_FORMAT(suffix=suffix))])
    return read_toml(path, "facts file", defer_numbers=True, names=schema.key_for)


OTHER_FORMAT = Template(
    "facts.other_format",
    "是 {suffix} 文件：填报数据请用 .toml 文件，或 score init 生成的 Excel 工作簿（.xlsx）；"
    "在 Excel 或 WPS 中可另存为“Excel 工作簿（*.xlsx）”",
    "is a {suffix} file: facts are a .toml file or the Excel workbook (.xlsx) score init "
    "writes; Excel and WPS can save it as an Excel Workbook (*.xlsx)",
)
