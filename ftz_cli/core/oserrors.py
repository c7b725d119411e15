"""An error the operating system reported, as a diagnostic a user can act on.

A read-only mount, a full disk, a file without permission or made immutable
(``chattr +i``), a failing disk: each is the machine's state, not a defect of ftz, so it
gets a code (E005), a Chinese message naming the path and a hint of what to check, with
the path quoted so that the command in the hint can be pasted into a shell.
"""

from __future__ import annotations

import errno
from pathlib import Path
from shlex import quote

from ftz_cli.core.errors import Diagnostic

_MESSAGES: dict[int, tuple[str, str]] = {
    errno.EACCES: ("没有权限读写“{path}”",
                   "检查它和所在文件夹的权限（ls -ld {q}）；若权限没问题，可能被锁定为不可修改（lsattr {q}）。"),
    errno.EROFS: ("“{path}”所在的磁盘是只读的，无法写入",
                  "换一个可写的文件夹，或请管理员把这块磁盘挂载为可写。"),
    errno.ENOSPC: ("磁盘已满，无法写入“{path}”",
                   "清理磁盘空间后再运行（df -h {qd} 可查看剩余空间）。"),
    errno.EIO: ("读写“{path}”时磁盘出错", "检查磁盘或网络盘的连接，稍后再试。"),
    errno.ENOENT: ("找不到“{path}”", "检查路径是否写对（ls -l {qd}）。"),
    errno.ENOTDIR: ("路径“{path}”中有一段不是文件夹", "检查路径是否写对。"),
    errno.EISDIR: ("“{path}”是文件夹，不是文件", "写出文件名，而不是文件夹名。"),
    errno.ELOOP: ("“{path}”的符号链接层数过多或成环", "检查这个符号链接指向哪里（ls -l {q}）。"),
    errno.ETXTBSY: ("“{path}”正被其他程序使用", "关闭正在使用它的程序后再试。"),
    errno.EMFILE: ("同时打开的文件过多", "关闭一些程序后再试。"),
    errno.ENAMETOOLONG: ("文件名“{path}”过长，系统无法保存",
                         "换一个短一些的文件名（系统限制为 255 字节，约 80 个汉字）；名称来自 ftz.yaml 的单位名称时，请把单位名称改短。"),
}
_MESSAGES[errno.EPERM] = _MESSAGES[errno.EACCES]
_MESSAGES[errno.EDQUOT] = ("磁盘配额已用完，无法写入“{path}”", "清理空间或请管理员提高配额后再运行。")


def os_diagnostic(err: OSError, path: Path | None = None, code: str = "E005") -> Diagnostic:
    """``err`` as a diagnostic naming its path, or ``path``: the file the user asked for when
    the error came from one ftz keeps beside it (an output folder's lock or list of files)."""
    # an error without a file name comes from a stream: in ftz, the output being written
    named = path if path is not None else err.filename
    path_text = str(named) if named is not None else "标准输出（或它重定向到的文件）"
    folder = str(Path(path_text).parent) if named is not None else "."
    message, hint = _MESSAGES.get(err.errno or 0, (
        "无法读写“{path}”：" + (err.strerror or type(err).__name__),
        "检查文件是否存在、是否有读写权限、磁盘是否已满（ls -ld {q}）。"))
    if named is None and "{q}" in hint:  # a command to paste needs a path; a stream has none
        hint = "检查输出重定向到的文件：是否有写入权限、所在磁盘是否已满。"
    fill = {"path": path_text, "q": quote(path_text), "qd": quote(folder)}
    return Diagnostic(code, message.format(**fill), "" if path is None else path_text, hint=hint.format(**fill))
