"""A 2022 任务分解表 of 40 rows and the notice it comes with, made for the tests: numeric,
lower-is-better, growth, quarterly and 长期坚持 tasks, 专班 in merged cells, one task the
notice does not hold (序号 40), two targets ftz cannot read (列, 前10)."""

from __future__ import annotations

from pathlib import Path

HEADER = ("序号", "专班", "重点任务", "目标值", "牵头单位", "配合单位", "完成时限", "备注")
# 专班 → rows of (重点任务, 目标值, 牵头单位, 配合单位, 完成时限)
TASKS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "贸易自由专班": [
        ("全年实现进出口额超4000亿元", "超4000亿元", "市商务局", "义乌海关", "2022年12月底前"),
        ("跨境电商交易额增长15%", "增长15%", "市商务局", "市邮政管理局", "年底前"),
        ("新增海外仓20个", "20个", "市商务局", "", "年底前"),
        ("进口通关时间由4小时压缩至2小时以内", "压缩至2小时以内", "义乌海关", "市商务局", "2022年6月底前"),
        ("一季度完成义乌综保区二期规划方案编制", "", "综保区管委会", "市自然资源和规划局", "一季度"),
        ("市场采购贸易出口额在2021年3000亿元基础上增长10%", "增长10%", "市市场发展委", "义乌海关", "年底前"),
        ("持续推进贸易便利化改革", "", "市商务局", "", "长期坚持"),
        ("迪拜义乌中国小商品城二期建成开业", "", "商城集团", "", "2022年9月底前"),
        ("培育10家以上外贸综合服务企业", "10家以上", "市商务局", "", "年底前"),
        ("出口退税平均办理时间压缩至3个工作日以内", "压缩至3个工作日以内", "市税务局", "", "上半年"),
    ],
    "投资自由专班": [
        ("新设外商投资企业100家以上", "100家以上", "市商务局", "市市场监管局", "年底前"),
        ("实际使用外资突破10亿元", "突破10亿元", "市商务局", "", "年底前"),
        ("企业开办时间压缩至1个工作日以内", "", "市市场监管局", "", "2022年3月底前"),
        ("二季度出台外商投资促进条例实施细则", "", "市司法局", "市商务局", "二季度"),
        ("长期坚持“一业一证”改革", "", "市市场监管局", "", "长期坚持"),
        ("新引进总部型企业5家", "5家", "市发改局", "", "年底前"),
        ("工程建设项目审批时间控制在60天以内", "控制在60天以内", "市建设局", "", "年底前"),
        ("深化投资项目承诺制改革", "", "市发改局", "", "年内"),
    ],
    "资金自由专班": [
        ("跨境人民币结算量突破1000亿元", "突破1000亿元", "人民银行义乌市支行", "", "年底前"),
        ("数字人民币试点场景达到5000个", "达到5000个", "人民银行义乌市支行", "各商业银行", "年底前"),
        ("外汇收支便利化试点企业扩大至50家", "50家", "国家外汇管理局义乌市支局", "", "三季度"),
        ("小微企业贷款不良率控制在2%以内", "控制在2%以内", "市金融工作中心", "", "年底前"),
        ("本外币合一银行结算账户体系试点6月底前落地", "", "人民银行义乌市支行", "", "6月底前"),
        ("持续推进跨境金融服务平台应用", "", "市金融工作中心", "", "持续推进"),
        ("新增上市企业3家", "3家", "市金融工作中心", "", "年底前"),
    ],
    "运输自由专班": [
        ("义新欧班列开行1800列以上", "1800列以上", "市交通运输局", "", "年底前"),
        ("海铁联运集装箱量达到10万标箱", "达到10万标箱", "市交通运输局", "", "年底前"),
        ("航空货运量增长20%", "增长20%", "义乌机场", "", "年底前"),
        ("一季度启动义乌国际陆港物流枢纽建设", "", "市交通运输局", "", "一季度"),
        ("双江湖物流园区年底前建成投用", "", "市交通运输局", "", "年底前"),
    ],
    "人员自由专班": [
        ("引进高层次人才200人以上", "200人以上", "市委人才办", "市人力社保局", "年底前"),
        ("外籍人员来华工作许可办理时间压缩至5个工作日以内", "", "市科技局", "", "上半年"),
        ("长期坚持外籍商友服务", "", "市外办", "", "长期坚持"),
    ],
    "数字政府专班": [
        ("政务服务事项网上可办率达到95%", "达到95%", "市政务服务办", "", "年底前"),
        ("三季度完成“城市大脑”二期上线运行", "", "市大数据局", "", "三季度"),
        ("持续推进“浙里办”义乌专区建设", "", "市大数据局", "", "持续推进"),
    ],
    "营商环境专班": [
        ("企业投诉办结时间压缩至7天以内", "", "市政务服务办", "", "年底前"),
        ("涉企审批事项减少30%", "减少30%", "市审改办", "", "年底前"),
        ("开展营商环境评价，全省排名进入前10", "全省前10", "市发改局", "", "年底前"),
        ("建立“首席服务官”制度", "", "市委组织部", "", "2022年4月底前"),
    ],
}
MISSING = "建立“首席服务官”制度"  # the one task the notice does not hold
REWORDED = ("双江湖物流园区年底前建成投用", "双江湖物流园区争取年底前建成投用")  # table, notice
TITLE = "义乌市2022年自贸试验区建设重点任务分解表"


def rows() -> list[tuple[object, ...]]:
    """The table's task rows: 序号, 专班, 重点任务, 目标值, 牵头单位, 配合单位, 完成时限, 备注."""
    out: list[tuple[object, ...]] = []
    for team, tasks in TASKS.items():
        for task, target, lead, partners, deadline in tasks:
            out.append((len(out) + 1, team, task, target, lead, partners, deadline, ""))
    return out


def write_xlsx(path: Path) -> Path:
    """The table as offices send it: a title row, the header, 专班 merged down its rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(list(HEADER))
    first = 3
    for team, tasks in TASKS.items():
        for offset, row in enumerate(r for r in rows() if r[1] == team):
            sheet.append(list(row) if offset == 0 else [row[0], None, *row[2:]])
        sheet.merge_cells(start_row=first, start_column=2, end_row=first + len(tasks) - 1, end_column=2)
        first += len(tasks)
    book.save(path)
    return path


def write_csv(path: Path) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["序号", "工作任务", "预期成效", "责任单位", "协同单位", "时间节点"])
        for number, _team, task, target, lead, partners, deadline, _ in rows():
            writer.writerow([number, task, target, lead, partners, deadline])
    return path


def notice_text() -> str:
    """The notice's body: every task but MISSING, one 专班 a paragraph; one reworded."""
    paragraphs = ["为高水平建设义乌自贸试验区，现将2022年重点任务通知如下。"]
    for team, tasks in TASKS.items():
        said = [REWORDED[1] if t[0] == REWORDED[0] else t[0] for t in tasks if t[0] != MISSING]
        paragraphs.append(f"{team}：" + "；".join(said) + "。")
    return "\n".join(paragraphs)


def write_notice(path: Path, *, with_table: bool = False) -> Path:
    """The notice as a Word file; ``with_table``: the 任务分解表 inside it, 专班 merged."""
    import docx

    document = docx.Document()
    document.add_heading("关于印发义乌市2022年自贸试验区建设重点任务的通知", level=1)
    for paragraph in notice_text().split("\n"):
        document.add_paragraph(paragraph)
    if with_table:
        document.add_paragraph("附件：" + TITLE)
        table = document.add_table(rows=1, cols=len(HEADER))
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        for team, tasks in TASKS.items():
            top = len(table.rows)
            for row in (r for r in rows() if r[1] == team):
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value) if value != team else ""
            table.cell(top, 1).merge(table.cell(top + len(tasks) - 1, 1)).text = team
    document.save(path)
    return path
