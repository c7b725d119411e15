"""What a workspace shared in git must not hold, said by ``ftz validate`` (issue 23).

- files and folders under ``updates/`` that ftz does not read (``.yml``, ``.YAML``,
  ``.yaml.txt``, a folder inside a month's folder): their records would silently vanish (W020);
- record files that are one file on Windows or macOS, or that Windows cannot hold (E022);
- a log of issued briefs that does not read, or one 期号 taken by two desks (E023);
- ``writer:`` in an ``ftz.yaml`` that git shares: every clone would record as the same writer,
  into the same files, and their pulls would conflict (W021).
"""

from __future__ import annotations

from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.store.workspace import SETTINGS_FILE, Workspace


def shared_ground(ws: Workspace) -> list[Diagnostic]:
    if ws.readonly:
        return []
    from ftz_cli.store.layout import clashes, unread
    from ftz_cli.store.userconfig import config_path

    out = [Diagnostic("W020", f"{shown} {why}，ftz 不读取它，其中的记录不会计入", shown, severity="warning",
                      hint="进度文件应是 updates/年-月/名称.yaml（扩展名 .yaml，小写）：有记录就改成这样的名称"
                           "或移到月份文件夹里，没有就移出 updates。")
           for shown, why in unread(ws.updates_dir)]
    out += [Diagnostic("E022", f"进度文件 {a} 和 {b} 在 Windows 和 macOS 上是同一个文件（不区分大小写）"
                       if b else f"进度文件 {a} 的名称是 Windows 保留的设备名，Windows 上无法取出", a,
                       hint="把其中的记录合并到一个文件，或改用别的录入者名称，再删去另一个。")
            for a, b in clashes(ws.updates_dir)]
    out += _unsafe_names(ws)
    out += _issue_log(ws)
    if ws.settings.writer and _in_git(ws.root):
        out.append(Diagnostic(
            "W021", f"{SETTINGS_FILE} 中写了 writer: {ws.settings.writer}：这个文件随 git 共享，各个副本会用同一个"
                    "录入者名字写入同一批文件，拉取时互相冲突", SETTINGS_FILE, severity="warning",
            hint=f"删去这一行；每台电脑用环境变量 FTZ_WRITER，或在本机的用户设置文件 {config_path()} 中写 writer: 名称。"))
    return out


def _unsafe_names(ws: Workspace) -> list[Diagnostic]:
    """Record files whose names hold a newline or another control character: such a name,
    printed beside a problem, can pass for a line of ftz's own output (E231)."""
    from ftz_cli.core.names import problem

    out = []
    for path in ws.update_files():
        found = problem(path.stem)
        if found is not None and found[0] == "E231":
            out.append(Diagnostic("E231", f"进度文件的{found[1]}", ws.rel(path),
                                  hint="把它改名为“录入者名称.yaml”，名称中不要有换行、制表符等控制字符。"))
    return out


def _issue_log(ws: Workspace) -> list[Diagnostic]:
    """The log of issued briefs reads (a conflicted or broken file is said here, not only when
    the next brief is made), and no 期号 was taken twice by two desks."""
    from ftz_cli.core.issues import same_number
    from ftz_cli.parse.dates import cn_date
    from ftz_cli.store.briefs import ISSUE_DIR, read_log

    try:
        log = read_log(ws)
    except FtzError as err:
        return err.diagnostics
    return [Diagnostic(
        "E023", f"截至{cn_date(a.as_of)}（{a.file}）和截至{cn_date(b.as_of)}（{b.file}）的两份简报"
                f"都登记为{a.as_of.year}年第{a.number}期", ISSUE_DIR,
        hint=f"两台电脑各自发出了同一期：商定哪一份保留这个期号，把另一份在 {ISSUE_DIR}/ 中的登记改为新的期号，"
             "并用 --issue 重新生成那份简报。") for a, b in same_number(log)]


def _in_git(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))
