"""Build whole drafts for tests: zero-filled tables, consistent application tables, a full report.

Shared by the tests of several modules: import it as ``from tests.draft_factory import ...``
(or ``from draft_factory import ...`` with tests/ on sys.path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from forms.catalog import format_lineage
from forms.model import Draft, Paragraph, new_draft
from forms.schema import FormatDef, TableDef
from forms.totals import effective_values
from forms.values import Amount, CellValue

#: a report year that each format applies to
YEARS = {"gov2021": 2023, "gov2019": 2020, "legacy": 2017}
ORG = "测试镇人民政府"


def zero_of(cell_type: str) -> CellValue:
    if cell_type == "money_wan":
        return Decimal(0)
    if cell_type == "amount_unit":
        return Amount(Decimal(0), "万元")
    return 0


def make(format_id: str = "gov2021", year: int | None = None, level: str = "乡镇") -> Draft:
    if year is None:
        # a provincial variant applies to the years of the format it extends
        year = YEARS.get(format_id) or YEARS[format_lineage(format_id)[-1]]
    return new_draft(format_id, ORG, year, level)


def entered_cells(draft: Draft, table: TableDef) -> list[str]:
    """The cells the clerk types in this draft (all of them on entered totals)."""
    if draft.table(table.key).entered_totals:
        return list(table.cells)
    return [c.id for c in table.entered_cells()]


def fill_zeros(draft: Draft, tables: list[str] | None = None) -> Draft:
    """Fill every blank entered cell with 0, like the 空白填0 action."""
    fmt = draft.fmt
    for key in tables or list(fmt.tables):
        table = fmt.tables[key]
        draft.table(key).included = True
        for cid in entered_cells(draft, table):
            if draft.value(cid) is None:
                draft.set_value(cid, zero_of(table.cells[cid].type))
    return draft


def enter_totals(draft: Draft, table_key: str) -> Draft:
    """Switch a table to entered totals, typing in the totals it showed (so they add up)."""
    table = draft.fmt.tables[table_key]
    shown = effective_values(draft, table)
    draft.table(table_key).entered_totals = True
    for vc in table.cells.values():
        if vc.computed and shown[vc.id] is not None:
            draft.set_value(vc.id, shown[vc.id])
    return draft


def result_rows(fmt: FormatDef) -> list[str]:
    """The 办理结果 rows of the application table: the ones its （七）总计 row adds up."""
    table = fmt.tables["apply"]
    total = next(vc for vc in table.cells.values() if vc.sum_rule == "A3")
    return [table.cells[c].row_key for c in total.sum_of]


def applicant_columns(fmt: FormatDef) -> list[str]:
    table = fmt.tables["apply"]
    return [vc.col_key for vc in table.data_row_cells("new_received") if not vc.computed]


def fill_apply(
    draft: Draft,
    results: Mapping[str, Mapping[str, int]],
    carried_over: Mapping[str, int],
    carried_forward: Mapping[str, int],
) -> Draft:
    """Fill the application table so that every column balances (A1): 一 is derived.

    ``results[row][col]`` gives the 办理结果 counts; 一、本年新收 becomes
    results + carried_forward − carried_over (carried_over is lowered where needed to keep it ≥ 0).
    """
    fmt = draft.fmt
    for col in applicant_columns(fmt):
        done = sum(results.get(r, {}).get(col, 0) for r in result_rows(fmt))
        forward = carried_forward.get(col, 0)
        over = min(carried_over.get(col, 0), done + forward)
        for r in result_rows(fmt):
            draft.set_value(f"apply.{r}.{col}", results.get(r, {}).get(col, 0))
        draft.set_value(f"apply.carried_over.{col}", over)
        draft.set_value(f"apply.carried_forward.{col}", forward)
        draft.set_value(f"apply.new_received.{col}", done + forward - over)
    return draft


def fill_review(draft: Draft, counts: Mapping[str, int]) -> Draft:
    """Fill the entered cells of the 复议/诉讼 table (missing keys are 0)."""
    table = draft.fmt.tables["review"]
    for vc in table.entered_cells():
        draft.set_value(vc.id, counts.get(vc.col_key, 0))
    return draft


TEXTS: dict[str, list[str]] = {
    "overview": [
        "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "围绕群众关切推进政务公开，政府信息公开工作取得新进展。",
        "（一）主动公开。全年通过政府网站、政务公开栏等渠道主动公开政府信息，涉及财政预决算、乡村振兴、"
        "民生保障等群众关注的重点领域。",
        "（二）依申请公开。全年未收到政府信息公开申请，没有因政府信息公开被申请行政复议或提起行政诉讼。",
        "（三）政府信息管理。健全信息发布审查机制，落实“先审查、后公开”和“一事一审”制度。",
        "（四）政府信息公开平台建设。加强政府网站信息公开专栏的日常维护，及时更新栏目内容。",
        "（五）监督保障。将政府信息公开纳入工作考核，开展社会评议，对工作不力的依规进行责任追究。",
    ],
    "active": ["本年度主动公开政府信息情况见下表。"],
    "apply": ["本年度依申请公开政府信息情况见下表。"],
    "review": ["本年度政府信息公开行政复议、行政诉讼情况见下表。"],
    "problems": [
        "存在的主要问题：一是公开内容的深度还不够，二是工作人员的业务水平有待提高。",
        "改进措施：加强业务培训，进一步规范公开流程，提升公开质量。",
    ],
    "other": ["本年度未收取信息处理费。人大代表建议和政协提案办理结果已按要求公开。"],
    "fees": ["本年度未收取检索、复制、邮寄等费用。"],
}


def write_texts(draft: Draft) -> Draft:
    """Give every section a plausible text that satisfies the text rules (G3, G8, G9)."""
    for sec in draft.sections:
        sec.before = [Paragraph(t) for t in TEXTS.get(sec.key, ["本年度没有需要报告的其他事项。"])]
    return draft


def full_report(format_id: str = "gov2021", level: str = "乡镇") -> Draft:
    """A complete draft: texts, zero-filled tables, a 成文日期 in the next January."""
    draft = make(format_id, level=level)
    write_texts(draft)
    fill_zeros(draft)
    draft.meta.date = dt.date(draft.meta.year + 1, 1, 15)
    return draft


# --- long reports (county length) ---------------------------------------------------------------

#: words of 总体情况 texts: long texts are sentences of them in random order, so that, as in a real
#: report, hardly a run of eight characters comes back except where a sentence is repeated
_WORDS = (
    "我县 县政府 各乡镇 县直部门 政务服务中心 财政局 民政局 教体局 卫健委 住建局 自然资源局 生态环境 市场监管 人社局 "
    "农业农村 持续推进 认真落实 扎实开展 进一步 规范 全面梳理 及时更新 集中公开 加强审查 细化完善 统筹做好 主动回应 "
    "深入推进 财政预决算 重大决策 政策解读 双随机 行政许可 行政处罚 乡村振兴 项目资金 民生实事 建议提案 办理结果 "
    "服务事项 公共资源 招生 收费 医疗卫生 征地补偿 安置 环境质量 污染源 社会救助 养老服务 就业创业 扶持政策 安全生产 "
    "应急管理 重点项目 门户网站 新媒体 公开专区 村务公开栏 广播 显示屏 新闻发布会 在线访谈 图解 视频 确保 准确完整 "
    "应公开尽公开 方便群众 查询获取 社会关切 知情权 监督权 提质增效 针对性 实效性 组织召开 推进会 研究部署 重点任务 "
    "责任分工 完成时限 季度检查 错链断链 限期整改 业务培训 专家 专题辅导 标准目录 逐项 事项清单 动态调整 公开要素 "
    "同步组织 同步审签 查阅点 专人 咨询服务 工作机制 考核 评议 台账 档案 审核 保密审查 依申请 答复 按时 依法 "
    "基层 标准化 规范化 便民 利民 透明 高效 廉洁 线上 线下 窗口 热线 信箱 留言 回复 办结 督办 通报 约谈 整改 "
    "全年 本年度 累计 其中 同比 发布 公开 信息 条 件 次 场 个 篇 期"
).split()


def _sentence(rng, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 14))]
    words.insert(rng.randint(2, len(words) - 1), str(n))
    cut = rng.randint(3, len(words) - 2)
    return "".join(words[:cut]) + "，" + "".join(words[cut:]) + "。"


def long_overview(chars: int, seed: int = 1) -> list[str]:
    """About ``chars`` characters of 总体情况 in paragraphs of four to eight sentences, as counties
    write it: who did what, where and how many, in ever new combinations."""
    import random

    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < chars:
        para = "".join(_sentence(rng, rng.randint(3, 900)) for _ in range(rng.randint(4, 8)))
        paragraphs.append(para)
        total += len(para)
    return paragraphs


def similar_last_year(paragraphs: list[str], seed: int = 2) -> str:
    """Last year's text as a county's usually is to this year's: most paragraphs there in some form
    (figures different, a sentence rewritten here and there), some paragraphs new, the order shuffled
    a little.  About half of this year's text is found in it: below G6's threshold."""
    import random
    import re

    rng = random.Random(seed)
    out = []
    for para in paragraphs:
        sentences = re.findall(r"[^。]*。", para)
        kept = []
        for s in sentences:
            roll = rng.random()
            if roll < 0.45:
                kept.append(re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 40)), s))
            elif roll < 0.55:
                kept.append(s)
            else:
                kept.append(_sentence(rng, rng.randint(3, 900)))
        out.append("".join(kept))
    for i in range(0, len(out) - 1, 5):
        out[i], out[i + 1] = out[i + 1], out[i]
    return "\n".join(out)


def long_report(chars: int, format_id: str = "gov2021") -> Draft:
    """A full report whose 总体情况 has about ``chars`` characters, with a similar last-year text."""
    draft = full_report(format_id)
    overview = draft.section("overview")
    assert overview is not None
    overview.before = [Paragraph(t) for t in TEXTS["overview"]] + [Paragraph(t) for t in long_overview(chars)]
    draft.last_year.texts = {"overview": similar_last_year([p.text for p in overview.before])}
    return draft
