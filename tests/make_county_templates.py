"""Write tests/fixtures/county_templates/: a county office's own template folder, as clerks get one.

Run ``.venv/bin/python tests/make_county_templates.py`` after the built-in gov2021 templates change.
The folder is the built-in gov2021 templates with a red letterhead (县政府办公室 and a rule) above
the title, other fonts (仿宋 for 仿宋_GB2312, 华文中宋 for the title, 楷体 for 楷体_GB2312), a logo as
a data: image in the web page, and a line under the title of the .txt file.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "templates" / "gov2021"
TARGET = ROOT / "tests" / "fixtures" / "county_templates" / "gov2021"
LETTERHEAD = "某某县人民政府办公室"
FONTS = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "华文中宋", "楷体_GB2312": "楷体"}
#: a 1×1 red PNG
LOGO = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)

LETTERHEAD_XML = (
    '<w:p><w:pPr><w:jc w:val="center"/><w:pBdr><w:bottom w:val="single" w:sz="18" w:space="4" w:color="C00000"/>'
    '</w:pBdr></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="华文中宋" w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
    f'<w:color w:val="C00000"/><w:sz w:val="52"/></w:rPr><w:t>{LETTERHEAD}</w:t></w:r></w:p>'
)


def docx() -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(SOURCE / "report.docx") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in ("word/styles.xml", "word/fontTable.xml"):
                text = data.decode("utf-8")
                for old, new in FONTS.items():
                    text = text.replace(f'"{old}"', f'"{new}"')
                data = text.encode("utf-8")
            elif info.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = text.replace("<w:body>", "<w:body>" + LETTERHEAD_XML, 1)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "report.docx").write_bytes(docx())
    txt = (SOURCE / "report.txt.j2").read_text(encoding="utf-8")
    txt = txt.replace("{{ title | txt_para }}\n", "{{ title | txt_para }}\n" + LETTERHEAD + "\n", 1)
    (TARGET / "report.txt.j2").write_text(txt, encoding="utf-8")
    html = (SOURCE / "report.html.j2").read_text(encoding="utf-8")
    head = (
        f'<div class="county-letterhead" style="text-align:center;color:#c00000;border-bottom:3px solid #c00000">'
        f'<img src="{LOGO}" alt="县徽" width="24" height="24"> {LETTERHEAD}</div>\n'
    )
    html = re.sub(r'<div class="nb-report"[^>]*>\n', lambda m: m.group(0) + head, html, count=1)
    html = html.replace('"FangSong", "仿宋", "FangSong_GB2312"', '"仿宋", "FangSong"')
    (TARGET / "report.html.j2").write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
