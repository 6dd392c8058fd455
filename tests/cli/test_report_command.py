"""`score report FILE… -o OUT`: the format from OUT's suffix, and the output safety every output
keeps: refused before any work, never over an existing file without --force nor over an input,
written whole or not at all. The HTML page and the PDF are the renderer's (report/html_report.py,
report/pdf.py); here their dispatch is checked with stand-ins."""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest
from commandline import cli
from paths import EXAMPLES, SEED

from jixiao.engine.errors import InputError, Problem

docx = pytest.importorskip("docx")


def _score_report(monkeypatch, capsys, cwd: Path, *argv: str) -> tuple[int, str, str]:
    return cli(["report", *argv], monkeypatch, capsys, cwd)


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*score-tmp-*"))


def test_a_word_report_is_written_and_reopens(monkeypatch, capsys, tmp_path: Path):
    code, out, err = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "自评报告.docx")
    assert (code, out, err) == (0, "", "")
    document = docx.Document(str(tmp_path / "自评报告.docx"))
    assert document.paragraphs[0].text.startswith("鹿泉区政协")
    assert not _leftovers(tmp_path)


def test_an_existing_file_is_not_overwritten_without_force(monkeypatch, capsys, tmp_path: Path):
    target = tmp_path / "report.docx"
    target.write_bytes(b"the department's own edits")
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "report.docx")
    assert code == 2
    assert (
        "report.docx: --output：文件已存在，不会覆盖；请换一个文件名，或加上 --force 覆盖它" in err
    )
    assert target.read_bytes() == b"the department's own edits"
    code, _, _ = _score_report(
        monkeypatch, capsys, tmp_path, str(SEED), "-o", "report.docx", "--force"
    )
    assert code == 0
    assert docx.Document(str(target)).paragraphs[0].text.startswith("鹿泉区政协")


def test_an_input_is_never_the_output(monkeypatch, capsys, tmp_path: Path):
    facts = tmp_path / "dept.html"  # a facts file, whatever its name
    shutil.copy(SEED, facts)
    before = facts.read_bytes()
    code, _, err = _score_report(
        monkeypatch, capsys, tmp_path, "dept.html", "-o", "dept.html", "--force"
    )
    assert code == 2
    assert "与本次要读取的文件 dept.html 是同一个文件" in err
    assert facts.read_bytes() == before


def test_an_unknown_suffix_names_the_suffixes(monkeypatch, capsys, tmp_path: Path):
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "report.txt")
    assert code == 2
    assert "无法从文件名看出报告格式（.txt）；文件名应以 .docx、.html、.pdf 结尾" in err
    code, _, err = _score_report(
        monkeypatch, capsys, tmp_path, str(SEED), "-o", "report", "--lang", "en"
    )
    assert code == 2
    assert "(no suffix); it must end in .docx, .html, .pdf" in err
    assert list(tmp_path.iterdir()) == []


def test_several_departments_are_refused_for_a_word_report(monkeypatch, capsys, tmp_path: Path):
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(EXAMPLES), "-o", "all.docx")
    assert code == 2
    assert "Word 自评报告只能写一个部门" in err and "用 .html / .pdf 生成批量报告" in err
    assert list(tmp_path.iterdir()) == []


def test_without_python_docx_it_says_how_to_install_it(monkeypatch, capsys, tmp_path: Path):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "report.docx")
    assert code == 2
    assert "需要 python-docx" in err and "pip install 'jixiao[report]'" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unusable_department_is_exit_2_and_nothing_written(monkeypatch, capsys, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[department]\nname = "某部门"\n', encoding="utf-8")
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, "bad.toml", "-o", "r.docx")
    assert code == 2 and err.startswith("错误：bad.toml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_ctrl_c_while_writing_leaves_nothing(monkeypatch, capsys, tmp_path: Path):
    import jixiao.report.docx_report as docx_report

    def interrupted(facts, card, stream, lang="zh", grades=()):
        stream.write(b"PK\x03\x04 half a document")
        raise KeyboardInterrupt

    monkeypatch.setattr(docx_report, "write_docx", interrupted)
    code, _, _ = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "r.docx")
    assert code == 130
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def html_renderer(monkeypatch):
    """A stand-in for report/html_report.py: records the departments it is given."""
    given: list[list[tuple]] = []
    module = types.ModuleType("jixiao.report.html_report")

    def render_html(departments, lang="zh", *, grades=()):
        given.append(list(departments))
        assert all(card.ruleset.id in grades for _, card in departments)  # the bands given
        names = ",".join(card.department.name for _, card in departments)
        return f"<html lang={lang}>{names}</html>"

    module.render_html = render_html  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jixiao.report.html_report", module)
    return given


def test_html_is_rendered_for_one_department(monkeypatch, capsys, tmp_path: Path, html_renderer):
    code, _, err = _score_report(
        monkeypatch, capsys, tmp_path, str(SEED), "-o", "r.html", "--lang", "en"
    )
    assert (code, err) == (0, "")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == "<html lang=en>鹿泉区政协</html>"
    [[(facts, card)]] = html_renderer
    assert facts.department == card.department and str(card.total) == "79.43"


def test_html_for_a_batch_holds_every_department_scored(
    monkeypatch, capsys, tmp_path: Path, html_renderer
):
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(EXAMPLES), "-o", "all.html")
    # the Hunan department is not scored under the 2025 system: reported, the others written
    assert code == 2
    assert "yueyang-water-2025.toml" in err
    [departments] = html_renderer
    names = [card.department.name for _, card in departments]
    assert "鹿泉区政协" in names and "岳阳市水利局" not in names
    assert len(names) == len(list(EXAMPLES.glob("*.toml")))
    assert (tmp_path / "all.html").read_text(encoding="utf-8").count(",") == len(names) - 1


@pytest.fixture
def pdf_writer(monkeypatch, html_renderer):
    written: list[Path] = []
    module = types.ModuleType("jixiao.report.pdf")

    def write_pdf(html: str, target: Path) -> None:
        written.append(target)
        target.write_bytes(b"%PDF-1.7 " + html.encode())

    module.write_pdf = write_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jixiao.report.pdf", module)
    return written, module


def test_pdf_is_written_through_a_temporary_file(monkeypatch, capsys, tmp_path: Path, pdf_writer):
    written, _ = pdf_writer
    code, _, _ = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "r.pdf")
    assert code == 0
    assert (tmp_path / "r.pdf").read_bytes() == "%PDF-1.7 <html lang=zh>鹿泉区政协</html>".encode()
    [target] = written
    assert target.parent == tmp_path and target.name.startswith(".r.pdf.score-tmp-")
    assert not _leftovers(tmp_path)


def test_a_missing_pdf_engine_is_exit_2_and_nothing_written(
    monkeypatch, capsys, tmp_path: Path, pdf_writer
):
    _, module = pdf_writer

    def no_engine(html: str, target: Path) -> None:
        raise InputError([Problem(str(target), "", "no PDF engine installed")])

    module.write_pdf = no_engine
    code, _, err = _score_report(monkeypatch, capsys, tmp_path, str(SEED), "-o", "r.pdf")
    assert code == 2 and "no PDF engine installed" in err
    assert list(tmp_path.iterdir()) == []


def test_score_run_does_not_import_the_document_libraries():
    """python-docx (and lxml under it) are imported only when a Word report is written."""
    import subprocess

    probe = (
        "import contextlib, io, sys\n"
        "from jixiao import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = cli.main(['run', {str(SEED)!r}, '--format', 'json'])\n"
        "print(code, sorted(m for m in ('docx', 'lxml') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0 []"
