"""Diagnostics and the one exception root that the CLI maps to exit codes."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

__all__ = ["CODES", "Diagnostic", "FtzError", "UsageProblem", "has_errors", "shorten"]

Severity = Literal["error", "warning"]

# Stable codes: docs/errors.md's table is generated from here (tools/gen_error_codes.py; a test checks it).
CODES: dict[str, str] = {
    # files
    "E001": "文件不存在或无法读取",
    "E002": "文件不是 UTF-8 编码（例如 GBK）",
    "E003": "文件是空的",
    "E004": "文件过大",
    "E005": "操作系统报告的读写错误（权限、只读磁盘、磁盘已满等）",
    "E006": "无法读取进度文件夹 updates",
    "E007": "符号链接：进度文件、进度文件夹或锁文件是链接，或工作区的文件通向工作区以外",
    "E008": "Excel 文件中的文字、格式或单元格数量远超填报表所需",
    "E009": "不是普通文件（设备、命名管道等）",
    "E010": "另一个 ftz 正在写入，等待超时",
    "E011": "工作区有错误，须先更正",
    "E012": "ftz 的索引（缓存）损坏或无法使用",
    # YAML
    "E101": "YAML 语法错误",
    "E102": "同一层级出现重复的字段名",
    "E103": "不允许的 YAML 标签（如 !!python/object）",
    "E104": "不允许的锚点或别名（& 或 *）",
    "E105": "YAML 嵌套过深",
    # the plan
    "E110": "结构不对（应为映射或列表）",
    "E111": "未知字段",
    "E112": "缺少必填字段",
    "E113": "字段类型不对",
    "E114": "编号重复",
    "E115": "编号格式不对",
    "E116": "未知的指标类型（kind）",
    "E117": "未知的单位",
    "E118": "未知的比较方式（comparator）",
    "E119": "截止日期早于开始日期",
    "E120": "未知的领域（area）",
    "E121": "未知的上级（parent）或上级关系成环",
    "E122": "日期无效",
    "E123": "未知的发言人（speaker）",
    "E124": "取值不在允许范围内",
    "E125": "来源原文在文档中找不到",
    "E126": "结果关联（outcome）无效：不是已定义的事项、指向自身或串联",
    "E127": "推定日期清单（inferred）有误",
    "E128": "原文表述（wording）不在来源原文中或不含目标值",
    # plans over the years: growth and lower-is-better targets, drafts, 结转
    "E140": "增减目标（growth）缺少基数（baseline）",
    "E141": "越低越好的目标，基数不高于目标值",
    "E142": "增减幅度（growth）与比较方式方向不一致",
    "E143": "目标值与基数、增减幅度算出的不符",
    "W600": "来源原文未在来源文件中核实（草稿，警告）",
    "E600": "计划名称不能使用",
    "E601": "任务分解表无法读取：格式不支持或找不到表头",
    "E602": "Word 文件无法打开",
    "E603": "来源文件无法读取（格式不支持，或读取 PDF 所需的 pdftotext 不可用）",
    "E605": "同名计划已存在",
    "E606": "任务分解表中没有任务",
    "E607": "指定的计划不存在（--plan、FTZ_PLAN 或 ftz.yaml 的 plan:）",
    "E608": "结转的两个计划相同",
    "W601": "任务分解表中有读不了的列或行（警告）",
    "W602": "任务分解表中的目标值或完成时限读不出（警告）",
    "W603": "任务在来源文件中没有找到，已标为 unverified（警告）",
    # update records
    "E201": "未知的指标编号",
    "E202": "数值和状态与指标类型不符",
    "E203": "单位与指标的单位不相容",
    "E204": "数值无法识别",
    "E205": "数值不是有限数（NaN 或无穷大）",
    "E206": "数值为负",
    "E207": "日期无法识别或不存在",
    "E208": "日期早于自贸区建设开始（2020年8月30日）",
    "E209": "日期晚于今天",
    "E210": "同一指标同一日期已有记录",
    "E211": "未知的状态",
    "E212": "记录既没有数值也没有状态",
    "E213": "缺少指标编号",
    "E214": "记录时间（recorded_at）无效",
    "E215": "文字中有无法保存的字符",
    "E216": "责任单位（units）中的编号或领域未知",
    "E217": "名称对应多个事项，请用编号",
    "E230": "数值大得不合常理",
    "E231": "文字中有看不见的控制字符、双向文字控制符或零宽字符",
    "W201": "存量或件数类指标的数值比上次减少（警告）",
    "W202": "文件中有未知字段，已忽略（警告）",
    "W203": "待核实：年度累计指标的数值比同年早些时候减少（警告）",
    "W204": "待核实：数值与上次相差十倍以上（警告）",
    "W205": "待核实：完成率超过 200%（警告）",
    "W206": "已存在相同的记录，已跳过（提示）",
    "W221": "记录的日期晚于这台电脑的今天（警告）",
    "W222": "日期带有时刻，只按日期记录（警告）",
    "E250": "两位录入者对同一指标同一日期录了不同的数值",
    "W240": "两位录入者对同一指标同一日期录了相同的记录（警告）",
    # the office's verdict on a goal due (ftz verdict)
    "E260": "认定的事项不是定性目标",
    "E261": "认定记录同时填了数值或状态",
    "E262": "未知的认定结果",
    "E263": "转入年度任务没有写明转入的事项，或其他认定写了转入事项",
    "E264": "转入的事项不是计划中的年度事项",
    "E265": "不是百日攻坚事项，不能转入年度任务",
    "E266": "认定没有写明理由",
    "E267": "认定的日期早于事项的完成时限",
    # import files
    "E301": "无法识别的导入格式",
    "E302": "表头缺少必需的列",
    "E303": "Excel 文件无法打开",
    "E304": "JSON 格式错误",
    "E305": "CSV 格式错误",
    "E306": "导入文件中没有记录",
    "E307": "记录数过多",
    "E308": "表头有重复的列",
    "E309": "Excel 公式没有保存计算结果",
    "E310": "表格的行数或列数过多",
    "E311": "表头中数值的单位无法识别",
    "E312": "年度累计指标的数值列写明是当月数",
    "E313": "“单位”一栏与数值列表头的单位不一致",
    "W301": "导入文件是 GBK 编码，已自动转换（警告）",
    "W302": "只填了日期、没有数值和状态的行已跳过（警告）",
    "E232": "数值像是填错了（超过目标 200%、与上次相差十倍或年度累计减少），需要核实；核实无误加 --confirm",
    "E233": "填报表只读列（如“最新值”）中的数值与已录入的数据不符：新数据应填在黄色的“数值”列",
    "W232": "合计、小计或数值为“—”的行已跳过（警告）",
    # workspace and settings
    "E401": "找不到工作区",
    "E402": "工作区为只读（内置计划）",
    "E403": "目标文件夹已存在工作区",
    "E404": "设置文件有误",
    "E405": "无法写入文件",
    "E406": "模板错误",
    "E407": "参数取值不对",
    "E408": "输出文件已存在（加 --force 才覆盖）",
    "E409": "输出文件已存在且不是 ftz weekly 生成的",
    # sample workspaces (ftz init --example)
    "W450": "向示例工作区录入数据（警告）",
    "W220": "工作区中的 templates 文件夹不会被自动使用（警告）",
    # briefs: the office's text, the issue log, Word and PDF
    "E460": "简报文字文件（notes/）有误",
    "E461": "简报登记（issued/ 或 issued.yaml）有误",
    "E462": "找不到生成 PDF 所需的浏览器",
    "E463": "浏览器没能生成 PDF",
    "E464": "Word 样式模板（reference-doc）无法使用",
    "W465": "notes/ 中的文件名不是简报日期（如 2021-06-30.yaml），不会被读取（警告）",
    # units: 销号 and evidence, reminders sent to groups
    "E501": "佐证材料文件不存在、无法读取或过大",
    "E502": "证据文件夹中已有同名但内容不同的文件，不会覆盖",
    "E503": "销号记录（closures/）无法读取",
    "E504": "佐证材料文件缺失或内容已被改动",
    "E505": "只有已完成的事项才能确认销号或退回（被退回的仍可确认）",
    "E506": "没有设置群机器人的 Webhook 地址",
    "E507": "Webhook 地址不可用（不是 http(s)，或 ftz.yaml 中的地址不是该服务自己的网址）",
    "E508": "群机器人没有收下某个单位的通知",
    "E509": "示例工作区的通知不会发送",
    # a shared workspace is data, never code (issue 23)
    "E020": "工作区的设置不能指定要运行的程序（如浏览器）",
    "E021": "文件中有 git 冲突标记",
    "E022": "名称不能用作文件名，或与另一个名称用作文件名时相同",
    "E023": "两份简报登记了同一期号（两台电脑各自发出）",
    "E024": "录入的文字过长（一栏超过 2 万字）",
    "E025": "填报表的佐证材料只能是表格所在文件夹中的文件（不能带路径或链接到别处）",
    "W020": "updates 文件夹中有 ftz 不会读取的文件或文件夹（警告）",
    "W021": "共享的 ftz.yaml 中写了 writer（录入者），各个副本会用同一个名字（警告）",
    "E470": "模板超出限制（输出大小、运算步数、时间或内存）",
    "E471": "模板文件是指向模板文件夹以外的链接，或不是普通文件",
    "E480": "预计完成情况不是能完成、有难度、不能完成之一",
}


_PATH_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Diagnostic(NamedTuple):
    """One problem found in a file or an input, with its position."""

    code: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """The text form of the contract: ``path:line:col: 错误 E203 message`` and a hint."""
        # a file name may hold a newline (updates/2021-04/"a\n校验通过.yaml"): one line, never two
        where = self.path.translate(_PATH_BREAKS)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        label = "错误" if self.severity == "error" else "警告"
        head = f"{where}: {label} {self.code} {self.message}" if where else (
            f"{label} {self.code} {self.message}"
        )
        return head + (f"\n  提示：{self.hint}" if self.hint else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


def shorten(text: str) -> str:
    """A value quoted in a message: a long one is cut to its first 20 characters and "……"."""
    return text if len(text) <= 24 else text[:20] + "……"


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


class FtzError(Exception):
    """The root of every error a user may see; carries its diagnostics and exit code."""

    exit_code = 1

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic) -> None:
        self.diagnostics = [diagnostics] if isinstance(diagnostics, Diagnostic) else diagnostics
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageProblem(FtzError):
    """The command line itself is wrong (exit 2)."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(Diagnostic("E407", message, hint=hint))
