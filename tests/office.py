"""LibreOffice for the tests that look at documents as they print (and the workbook as Calc reads it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def convert(files: list[Path], to: str, outdir: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """One headless LibreOffice run converting every file (one start-up for many), with a profile of
    its own under ``outdir`` so that a running LibreOffice or a stale lock does not interfere."""
    assert OFFICE is not None
    profile = (outdir / "profile").as_uri()
    command = [OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to, "--outdir", str(outdir)]
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=timeout)
