"""What the clerk chooses when exporting: encoding, line endings, seal, own templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from forms.i18n import _

ENCODINGS = ("utf-8", "gb18030")
NEWLINES = {"crlf": "\r\n", "lf": "\n"}


@dataclass(frozen=True)
class RenderOptions:
    encoding: str = "utf-8"  # utf-8 | gb18030: the .txt file (.html is always UTF-8, as its <meta> says)
    newline: str = "crlf"  # crlf | lf (the .txt file)
    #: 加盖印章: GB/T 9704 7.3.5.1 (date 右空四字, 署名 centred over it) instead of 7.3.5.2
    seal: bool = False
    #: a folder of the clerk's own templates, one subfolder per format id
    template_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.encoding not in ENCODINGS:
            raise ValueError(
                _("不支持的编码“{enc}”，可选：{choices}").format(enc=self.encoding, choices="、".join(ENCODINGS))
            )
        if self.newline not in NEWLINES:
            raise ValueError(_("不支持的换行方式“{nl}”，可选：crlf、lf").format(nl=self.newline))

    @property
    def line_ending(self) -> str:
        return NEWLINES[self.newline]
