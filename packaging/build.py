"""Build the one-folder program for this operating system into dist/ and print its size.

    python packaging/build.py            # dist/nianbao/ (+ a tarball on Linux)

Windows: also writes the version resource; the installer is built afterwards from
packaging/windows/nianbao.iss (see docs/packaging.md). Linux: packs dist/nianbao with the
.desktop file, the MIME type and a per-user install script, and reports the oldest glibc
the bundled binaries need.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "nianbao"


def version() -> str:
    # forms.__version__ is the one place the version is written (pyproject reads it too)
    text = (ROOT / "forms" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if match is None:
        raise SystemExit("forms/__init__.py has no __version__")
    return match.group(1)


def windows_version_file(ver: str) -> Path:
    nums = (*(int(x) for x in re.findall(r"\d+", ver)[:3]), 0)
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '年报助手开发组'),
      StringStruct('FileDescription', '年报助手 — 政府信息公开工作年度报告'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('InternalName', '{NAME}'),
      StringStruct('OriginalFilename', '{NAME}.exe'),
      StringStruct('ProductName', '年报助手'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""
    path = WORK / "version_info.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def oldest_glibc(path: Path) -> str:
    """The highest GLIBC_x.y symbol version any bundled ELF file asks for."""
    found: set[tuple[int, ...]] = set()
    for f in path.rglob("*"):
        if not f.is_file() or f.is_symlink():
            continue
        with f.open("rb") as fh:
            if fh.read(4) != b"\x7fELF":
                continue
            data = fh.read()
        found |= {tuple(int(x) for x in m.split(b".")) for m in re.findall(rb"GLIBC_(\d+\.\d+(?:\.\d+)?)", data)}
    return ".".join(map(str, max(found))) if found else "unknown"


def linux_tarball(bundle: Path, ver: str) -> Path:
    arch = platform.machine()
    out = DIST / f"{NAME}-{ver}-linux-{arch}.tar.gz"
    top = f"{NAME}-{ver}"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(bundle, arcname=f"{top}/{NAME}")
        for extra in sorted((ROOT / "packaging" / "linux").iterdir()):
            tar.add(extra, arcname=f"{top}/{extra.name}")
        tar.add(ROOT / "packaging" / "icon.png", arcname=f"{top}/{NAME}.png")
    return out


def main() -> int:
    ver = version()
    env = dict(os.environ)
    if sys.platform == "win32":
        env["NIANBAO_VERSION_FILE"] = str(windows_version_file(ver))
    shutil.rmtree(DIST / NAME, ignore_errors=True)
    cmd = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(ROOT / "packaging" / "nianbao.spec"),
    ]
    print("构建：", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    bundle = DIST / NAME
    size = folder_size(bundle)
    print(f"程序文件夹：{bundle}（{size / 1024 / 1024:.1f} MB，未压缩）")
    if sys.platform.startswith("linux"):
        tarball = linux_tarball(bundle, ver)
        print(f"Linux 安装包：{tarball}（{tarball.stat().st_size / 1024 / 1024:.1f} MB）")
        print(f"所需最低 glibc 版本：{oldest_glibc(bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
