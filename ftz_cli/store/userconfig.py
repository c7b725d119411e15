"""This user's own settings on this machine: what a shared workspace may not decide.

A workspace travels in git between desks, so its ``ftz.yaml`` is data from colleagues: it
may not name a program to run (``report.browser`` there is refused, E020). The programs
ftz runs, and who is recording on this copy, come from the user's own machine: the
environment (``FTZ_BROWSER``, ``FTZ_WRITER``), the command line (``--browser``), or this
file — ``$FTZ_CONFIG``, else ``config.yaml`` in the platform's folder for settings (its
settings: docs/settings.md, 本机的设置). Read only when a command needs one of its values;
a missing file is no settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.settings import UserConfig
from ftz_cli.parse.settings import read_user_config

_LIMIT = 64 * 1024  # bytes: two lines of settings


def config_path() -> Path:
    """Where this user's settings are (the file need not exist)."""
    explicit = os.environ.get("FTZ_CONFIG", "").strip()
    if explicit:
        return Path(explicit).expanduser()
    from ftz_cli.store.private import platform_folder

    return platform_folder("config") / "config.yaml"


def user_config() -> UserConfig:
    """The settings in ``config_path()``; a file that is wrong is E404 naming it."""
    path = config_path()
    try:
        if not path.exists():
            return UserConfig()
    except OSError:
        return UserConfig()
    from ftz_cli.core.files import read_regular

    data = read_regular(path, _LIMIT)
    if data is None:
        raise _wrong(path, "不是可读取的普通文件，或超过 64 KB")
    return read_user_config(data, path)


def _wrong(path: Path, why: str) -> FtzError:
    return FtzError(Diagnostic("E404", f"用户设置文件“{path}”{why}", str(path),
                               hint="改正或删除这个文件（也可以用环境变量 FTZ_CONFIG 指定另一个）。"))
