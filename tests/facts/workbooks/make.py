"""Write the workbooks the tests read as a real spreadsheet program left them (maintainers only;
the tests never run LibreOffice to make them):

- `libreoffice-saved.xlsx`: the pre-filled workbook of examples/zhengding-agriculture-2025.toml
  (`score init --from`), opened in LibreOffice Calc and saved as .xlsx, unchanged;
- `libreoffice-edited.xlsx`: the same workbook edited in LibreOffice Calc: the adjusted budget
  (预算收支!C5, budget.adjusted) changed to 2700.5, and the 三公 spending (预算收支!C11,
  budget.sangong_actual) made the formula =12.5+3.3, which LibreOffice calculates and saves;
- `password.xlsx`: the saved workbook encrypted with the password to open it `secret`, in the
  format Excel writes (an OLE file holding EncryptionInfo), by msoffcrypto-tool: score refuses
  it. Made only when msoffcrypto-tool is installed for this Python, or afterwards with
  `python tests/facts/workbooks/make.py --encrypt` from any Python that has it.

Run with the Python that has LibreOffice's UNO bridge (Debian: python3-uno, libreoffice-calc):

    /usr/bin/python3 tests/facts/workbooks/make.py [path/to/score]
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXAMPLE = ROOT / "examples" / "zhengding-agriculture-2025.toml"
EDITS = {("预算收支", "C5"): 2700.5}
FORMULAS = {("预算收支", "C11"): "=12.5+3.3"}
PORT = 2083


def _property(name: str, value: object) -> object:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _desktop(profile: Path) -> tuple[subprocess.Popen[bytes], object]:
    import uno  # type: ignore[import-not-found]

    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=socket,host=localhost,port={PORT};urp;",
        ]
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(60):
        try:
            context = resolver.resolve(
                f"uno:socket,host=localhost,port={PORT};urp;StarOffice.ComponentContext"
            )
            break
        except Exception:  # not listening yet
            time.sleep(0.5)
    else:
        office.kill()
        raise SystemExit("LibreOffice did not start")
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    return office, desktop


def _save(desktop: object, source: Path, target: Path, edit: bool) -> None:
    document = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
        source.as_uri(), "_blank", 0, (_property("Hidden", True),)
    )
    if edit:
        for (sheet, cell), value in EDITS.items():
            document.Sheets.getByName(sheet).getCellRangeByName(cell).setValue(value)
        for (sheet, cell), formula in FORMULAS.items():
            document.Sheets.getByName(sheet).getCellRangeByName(cell).setFormula(formula)
        document.calculateAll()
    options = (_property("FilterName", "Calc MS Excel 2007 XML"), _property("Overwrite", True))
    document.storeToURL(target.as_uri(), options)
    document.close(True)


def main() -> None:
    if sys.argv[1:] == ["--encrypt"]:
        _encrypt()
        return
    score = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".venv" / "bin" / "score")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        prefilled = folder / "prefilled.xlsx"
        subprocess.run([score, "init", "--from", str(EXAMPLE), str(prefilled)], check=True)
        office, desktop = _desktop(folder / "profile")
        try:
            _save(desktop, prefilled, folder / "saved.xlsx", edit=False)
            _save(desktop, prefilled, folder / "edited.xlsx", edit=True)
        finally:
            with contextlib.suppress(Exception):  # it may have gone already
                desktop.terminate()  # type: ignore[attr-defined]
            office.wait(timeout=30)
        for name in ("saved", "edited"):
            shutil.copy(folder / f"{name}.xlsx", HERE / f"libreoffice-{name}.xlsx")
            print("wrote", HERE / f"libreoffice-{name}.xlsx")
    _encrypt()


def _encrypt() -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]
    except ImportError:
        print("password.xlsx not written: msoffcrypto-tool is not installed for this Python")
        return
    plain_path, encrypted_path = HERE / "libreoffice-saved.xlsx", HERE / "password.xlsx"
    with plain_path.open("rb") as plain, encrypted_path.open("wb") as encrypted:
        OOXMLFile(plain).encrypt("secret", encrypted)
    print("wrote", HERE / "password.xlsx")


if __name__ == "__main__":
    main()
