"""``main.py summary UNIT... -o SUMMARY_DRAFT [--xlsx OUT] [--roster R] [--org 名称] [--level 层级]``
and ``main.py package DRAFT -o OUT.zip`` (SPEC §6, issue 14).

summary — exit 0: written (units left out are listed on stderr with their reasons); 2: nothing
to sum, an unusable roster, or an output that could not be written.
package — exit 0: written (errors in the draft are named: the county will send it back); 2: the
draft could not be read or the package not written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forms.draftfile import DraftFileError, load_draft, os_reason, save_draft
from forms.i18n import _

EXIT_OK = 0
EXIT_FAILED = 2


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from forms.catalog import LEVELS

    summ = sub.add_parser(
        "summary",
        help=_("汇总各单位的报告"),
        description=_(
            "把各单位的草稿、报送包（或放着它们的文件夹）逐格相加，生成全域汇总草稿，"
            "并可导出 Excel 工作簿。其他年度或格式、重复、有错误、不在名册中的单位会列出原因，不计入汇总。"
        ),
    )
    summ.add_argument("units", nargs="+", metavar=_("单位文件"), help=_("草稿、报送包或文件夹"))
    summ.add_argument("-o", "--output", required=True, metavar=_("汇总草稿"), help=_("汇总草稿的保存位置"))
    summ.add_argument("--xlsx", metavar=_("输出文件"), help=_("同时生成 Excel 工作簿（.xlsx）"))
    summ.add_argument("--own", metavar=_("本级草稿"), help=_("另存一份只含本级（县政府及部门）数字的草稿"))
    summ.add_argument("--roster", metavar=_("名册"), help=_("单位名册（.roster.json、.xlsx 或文本）"))
    summ.add_argument("--org", metavar=_("名称"), help=_("汇总报告的机关名称，例如 某某县人民政府"))
    summ.add_argument("--level", choices=LEVELS, default="县级人民政府", help=_("汇总报告的机关层级"))
    summ.add_argument(
        "--include-errors", action="store_true", help=_("有错误的单位也计入汇总（默认不计入，应退回修改）")
    )

    pkg = sub.add_parser(
        "package",
        help=_("生成报送包"),
        description=_("把草稿、Word 报告和检查结果打成一个 .zip 报送包，报送给县（区）政务公开办。"),
    )
    pkg.add_argument("draft", metavar=_("草稿文件"))
    pkg.add_argument("-o", "--output", required=True, metavar=_("报送包"), help=_("报送包（.zip）的保存位置"))


def package_command(args: argparse.Namespace) -> int:
    from forms.checks import Settings, check
    from forms.summary.package import write_package

    try:
        draft = load_draft(args.draft)
    except DraftFileError as exc:
        _say(str(exc))
        return EXIT_FAILED
    out = Path(args.output)
    try:
        write_package(draft, out)
    except OSError as exc:
        _say(_("无法写入“{path}”：{err}").format(path=out, err=os_reason(exc)))
        return EXIT_FAILED
    errors = sum(1 for f in check(draft, Settings()) if f.severity == "error")
    _say(_("已生成报送包：{path}").format(path=out))
    if errors:
        _say(_("注意：草稿中有 {n} 处错误，县（区）汇总时不会计入，可能被退回。").format(n=errors))
    return EXIT_OK


def summary_command(args: argparse.Namespace) -> int:
    from forms.summary.collect import collect
    from forms.summary.roster import OWN, RosterError, load_roster
    from forms.summary.total import summarise

    roster = None
    if args.roster:
        try:
            roster = load_roster(args.roster)
        except RosterError as exc:
            _say(str(exc))
            return EXIT_FAILED
    collection = collect(args.units, roster, include_errors=args.include_errors)
    for u in collection.left_out:
        _say(_("未汇总：{name}（{source}）：{reason}").format(name=u.name, source=u.source, reason=u.problem))
    for r in collection.missing:
        _say(_("未报送：{name}").format(name=r.name))
    if not collection.included:
        _say(_("没有可以汇总的单位报告，没有生成汇总。"))
        return EXIT_FAILED
    summary = summarise(collection)
    org = args.org or _("（汇总）")
    outputs = [(Path(args.output), summary.draft(org=org, level=args.level))]
    if args.own:
        outputs.append((Path(args.own), summary.draft(OWN, org=org, level=args.level)))
    try:
        for path, draft in outputs:
            save_draft(draft, path)
            _say(_("已生成汇总草稿：{path}").format(path=path))
        if args.xlsx:
            from forms.summary.workbook import write_workbook

            write_workbook(summary, args.xlsx)
            _say(_("已生成工作簿：{path}").format(path=args.xlsx))
    except (DraftFileError, ValueError) as exc:  # ValueError: WorkbookTooLarge
        _say(str(exc))
        return EXIT_FAILED
    except OSError as exc:
        _say(_("无法写入文件：{err}").format(err=os_reason(exc)))
        return EXIT_FAILED
    _say(
        _("汇总了 {n} 个单位（{year} 年度）；未汇总 {left} 个，未报送 {missing} 个。").format(
            n=len(collection.included),
            year=collection.year,
            left=len(collection.left_out),
            missing=len(collection.missing),
        )
    )
    return EXIT_OK
