"""The core must import and run without Qt (Architecture rule 1)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_importing_forms_does_not_import_pyside6():
    code = (
        "import sys, pkgutil, importlib, forms\n"
        "for m in pkgutil.walk_packages(forms.__path__, 'forms.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not bad, bad\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_no_module_under_forms_mentions_pyside6():
    offenders = [p.name for p in (ROOT / "forms").rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8")]
    assert offenders == []
