"""从上年草稿新建: the clerk sees the new report's year, organisation and format before it is made."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from forms.i18n import _, format_cn_date
from forms.model import Draft
from ui.widgets import APP_TITLE


def describe_next_year(last: Draft, new: Draft) -> str:
    m = new.meta
    lines = [
        _("年度：{year} 年（上年草稿为 {last} 年）").format(year=m.year, last=last.meta.year),
        _("单位：{org}（{level}）").format(org=m.org, level=m.level),
        _("格式：{name}").format(name=new.fmt.name),
        _("成文日期：{date}").format(date=format_cn_date(m.date) if m.date else _("不填")),
        _("发文机关署名：{signature}").format(signature=m.signature or _("不署名")),
    ]
    return "\n".join(lines)


def confirm_next_year(parent: QWidget | None, last: Draft, new: Draft) -> bool:
    """新建 / 取消; the year, organisation and 成文日期 can be changed on 基本信息 afterwards."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        APP_TITLE,
        _("将按上年草稿新建下面这份报告："),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText(
        describe_next_year(last, new)
        + "\n\n"
        + _("上年的数字和文字会带入“上年数据”页，供对比检查。新建后仍可在“基本信息”页修改。")
    )
    box.button(QMessageBox.StandardButton.Ok).setText(_("新建"))
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    return box.exec() == QMessageBox.StandardButton.Ok
