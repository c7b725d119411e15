"""Finding the workspace (a folder with targets.yaml and updates/), and its settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.names import IGNORE_FILE
from ftz_cli.core.oserrors import os_diagnostic
from ftz_cli.core.resources import bundled
from ftz_cli.core.settings import Settings
from ftz_cli.parse.settings import read_settings
from ftz_cli.store.userconfig import config_path

PLAN_FILE = "targets.yaml"
DOCUMENT_FILE = "document.txt"
SETTINGS_FILE = "ftz.yaml"
UPDATES_DIR = "updates"
PLANS_DIR = "plans"  # more plans beside targets.yaml: plans/2022.yaml, its records in plans/2022/updates/
# what ftz puts in a new workspace, shipped in data/ (``shipped``)
SETTINGS_TEMPLATE = "settings.template.yaml"  # its ftz.yaml, every setting explained
UPDATES_GITIGNORE = "updates.gitignore"  # in git, the write lock and a killed writer's temporary files stay local
WORKSPACE_GITIGNORE = "workspace.gitignore"  # and the lock of the briefs written into the workspace (commands/output.py)


@dataclass(frozen=True, slots=True)
class Workspace:
    root: Path
    readonly: bool = False
    settings: Settings = field(default_factory=Settings)
    plan: str | None = None  # a plan of plans/ (``--plan``), else targets.yaml

    @property
    def plan_path(self) -> Path:
        return self.root / PLANS_DIR / f"{self.plan}.yaml" if self.plan else self.root / PLAN_FILE

    @property
    def updates_dir(self) -> Path:
        """Each plan's records in a folder of its own: a record never lands in another plan."""
        return self.root / PLANS_DIR / self.plan / UPDATES_DIR if self.plan else self.root / UPDATES_DIR

    @property
    def document_path(self) -> Path:
        if self.plan:
            return self.root / PLANS_DIR / f"{self.plan}.txt"
        own = self.root / DOCUMENT_FILE  # anything by that name: a FIFO is said, never passed over
        return own if os.path.lexists(own) else bundled("data") / DOCUMENT_FILE

    def update_files(self) -> list[Path]:
        """The update logs in path order (hidden and temporary files are not logs)."""
        from ftz_cli.store.layout import update_files

        return update_files(self.updates_dir)

    @property
    def templates_dir(self) -> Path:
        """A ``templates/`` folder in the workspace: never used unless a setting names it."""
        return self.root / "templates"

    def template_dirs(self) -> list[Path]:
        """The templates folder the user named in ``ftz.yaml`` (report.templates), if any."""
        folder = self.setting_path(self.settings.templates, "report.templates")
        if folder is None:
            return []
        if not folder.is_dir():
            raise self._setting_problem("report.templates", "是文件，不是文件夹", "内置模板")
        return [folder]

    def setting_path(self, value: str | None, name: str) -> Path | None:
        """A path the setting ``name`` of ``ftz.yaml`` gives (report.templates,
        report.reference_doc): relative to the workspace, and inside it (``own``): settings
        travel with the workspace; a file elsewhere is named on the command line. Its
        problems are said at the setting's line in ftz.yaml, where it is corrected."""
        if not value:
            return None
        option = "--" + name.removeprefix("report.").replace("_", "-")
        path = own(self.root, self.root / value, SETTINGS_FILE, f"设置 {name} 的路径“{value}”", (
            f"把它放进工作区（{self.root}）并写相对于工作区的路径，或在命令行用 {option} 指定工作区以外的文件。"),
            self.settings.place(name.removeprefix("report.")))
        if not (path.exists() or path.is_symlink()):
            raise self._setting_problem(name, "不存在", "内置模板" if name == "report.templates" else " ftz 自带的样式")
        return path

    def _setting_problem(self, name: str, why: str, default: str) -> FtzError:
        """E404 at the line of the path setting ``name`` in ftz.yaml."""
        key = name.removeprefix("report.")
        what = ("" if "文件夹" in why else "模板文件夹") if key == "templates" else " Word 样式模板"
        return FtzError(Diagnostic(
            "E404", f"设置 {name} 指定的{what}“{getattr(self.settings, key)}”{why}", SETTINGS_FILE,
            *self.settings.place(key), hint=f"检查 {SETTINGS_FILE} 中的路径（相对于工作区 {self.root}），"
            f"或删去这一行以使用{default}。"))

    def own(self, path: Path) -> Path:
        """``path``, a file or folder of the workspace, when it stays inside the workspace once
        every link on the way is followed (a link to another file of the workspace is fine);
        E007 when it leads out. A shared workspace is data: nothing in it may make ftz read
        or replace a file elsewhere."""
        return own(self.root, path, self.rel(path))

    def read_own(self, path: Path, hint: str, limit: int = 1 << 20) -> bytes:
        """The bytes of a small file of the office's in the workspace (notes, the issue log, the
        sent log): its own (``own``, E007), read bounded (a folder or FIFO E009, over ``limit``
        bytes E004, ``hint`` saying what to do), and E001 when it cannot be read."""
        from ftz_cli.core.files import read_small

        shown = self.rel(self.own(path))
        try:
            return read_small(path, shown, limit, hint)
        except OSError as err:
            raise FtzError(Diagnostic("E001", f"无法读取“{shown}”：{err.strerror}", shown)) from None

    def rel(self, path: Path) -> str:
        """A path as shown to users: relative to the workspace."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def require_writable(self) -> None:
        if self.readonly:
            raise FtzError(Diagnostic(
                "E402", "当前使用的是 ftz 自带的计划（只读），不能写入进度",
                hint="先用“ftz init 文件夹”新建工作区，再进入这个文件夹运行 ftz，或用 --data 文件夹"
                     "（或环境变量 FTZ_DATA）指向它，例如：ftz init 自贸区进度，然后 cd 自贸区进度"))


def own(root: Path, path: Path, shown: str, what: str = "", hint: str = "",
        at: tuple[int | None, int | None] = (None, None)) -> Path:
    """``path`` when it resolves inside ``root`` (see ``Workspace.own``), else E007 at
    ``shown`` (line and column ``at``) about ``what`` (by default the file ``shown`` itself,
    reached by a link)."""
    try:
        real = path.resolve()
        inside = real.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        real, inside = None, False
    if not inside:
        where = f"（{real}）" if real is not None else "（链接无法解析）"
        raise FtzError(Diagnostic(
            "E007", f"{what or shown + ' 经符号链接'}通向工作区以外{where}，ftz 不读也不改写工作区以外的文件", shown,
            *at, hint=hint or f"把链接换成工作区（{root}）里真正的文件或文件夹（复制链接指向的内容）。"))
    return path


def shipped(name: str) -> str:
    """A file of a new workspace as ftz ships it (``SETTINGS_TEMPLATE``, ``UPDATES_GITIGNORE``)."""
    return (bundled("data") / name).read_text(encoding="utf-8")


def find(data: str | None = None) -> Workspace:
    """The workspace, first match wins (the contract's "Where the data lives"): --data,
    $FTZ_DATA, the current folder or its nearest parent that is a workspace (as git finds a
    repository), ./data, then the bundled plan (read-only; ``readonly`` tells the caller)."""
    for given, origin in ((data, "--data"), (os.environ.get("FTZ_DATA"), "FTZ_DATA")):
        if given:
            root = Path(given).expanduser()
            if not os.path.lexists(root / PLAN_FILE):  # a FIFO or a folder there is named when read
                raise FtzError(Diagnostic(
                    "E401", f"{origin} 指定的文件夹“{given}”中没有 {PLAN_FILE}",
                    hint="检查路径是否正确，或用“ftz init 文件夹”新建工作区。"))
            return _open(root.resolve(), readonly=False)
    for folder in _here_and_up():
        if is_workspace(folder):
            return _open(folder, readonly=False)
    local = Path("data")
    if (local / PLAN_FILE).is_file():
        return _open(local.resolve(), readonly=False)
    return _open(bundled("data"), readonly=True)


def is_workspace(folder: Path) -> bool:
    """A folder ftz made or one shaped like it: ``ftz.yaml``, or ``targets.yaml`` with ``updates/``.

    A folder with ``ftz.yaml`` but no plan is still one (a broken one, said so when it is
    read), rather than silently passed over for a parent's or the bundled plan."""
    try:
        return (folder / SETTINGS_FILE).is_file() or (
            (folder / PLAN_FILE).is_file() and (folder / UPDATES_DIR).is_dir())
    except OSError:  # an unreadable parent folder is simply not a workspace
        return False


def _here_and_up() -> list[Path]:
    try:
        here = Path.cwd()
    except OSError:  # the current folder was deleted under us
        return []
    return [here, *here.parents]


def _open(root: Path, readonly: bool) -> Workspace:
    updates = root / UPDATES_DIR
    if not updates.is_symlink() and updates.exists() and not updates.is_dir():  # a link: E007 (layout)
        # reading would find no records and writing would fail: say so, for every command
        raise FtzError(Diagnostic(
            "E001", f"“{UPDATES_DIR}”应是存放进度文件的文件夹，但这里是一个文件", UPDATES_DIR,
            hint=f"把这个文件改名或移走，再新建一个名为 {UPDATES_DIR} 的文件夹；"
                 f"工作区在：{root}"))
    path = root / SETTINGS_FILE
    if not (path.exists() or path.is_symlink()):
        return Workspace(root, readonly)
    from ftz_cli.core.files import read_small

    data = read_small(own(root, path, SETTINGS_FILE), SETTINGS_FILE, 1 << 20, f"把它移走或改名，再用 ftz init 的格式写一个 {SETTINGS_FILE}；工作区在：{root}")
    return Workspace(root, readonly, settings_of(root, data))


def settings_of(root: Path, data: bytes) -> Settings:
    """The settings ``data`` (the bytes of ``root``'s ``ftz.yaml``) say, checked; parsed once
    for each change of those bytes and kept in the index: reading YAML is most of the start
    of a short command."""
    from ftz_cli.store import kept

    return kept.settings(root / UPDATES_DIR, data, lambda: read_settings(data, SETTINGS_FILE, config_path))


def init(target: Path, *, settings: str | None = None) -> Workspace:
    """Create a workspace at ``target`` from the bundled plan, with ``settings`` as its
    ``ftz.yaml`` (default: the shipped ``SETTINGS_TEMPLATE``); never overwrite one, and never put sample
    data where records already are."""
    if (target / PLAN_FILE).exists() or (target / SETTINGS_FILE).exists() or any(  # records: by month, or flat
            (target / UPDATES_DIR).glob("*/*.yaml")) or any((target / UPDATES_DIR).glob("*.yaml")):
        raise FtzError(Diagnostic(
            "E403", f"“{target}”中已有工作区（{PLAN_FILE}、{SETTINGS_FILE} 或进度文件），不会覆盖",
            hint="换一个文件夹名，或直接使用这个已有的工作区。"))
    _no_links(target)
    source = bundled("data")
    made: list[Path] = []  # what this run created, removed again if it fails half way
    try:
        for folder in reversed([target, *target.parents]):
            if not folder.exists():
                folder.mkdir()
                made.append(folder)
        contents = [(name, (source / name).read_bytes()) for name in (PLAN_FILE, DOCUMENT_FILE)]
        contents.append((SETTINGS_FILE, (settings or shipped(SETTINGS_TEMPLATE)).encode("utf-8")))
        contents.append((f"{UPDATES_DIR}/{IGNORE_FILE}", (source / UPDATES_GITIGNORE).read_bytes()))
        if not os.path.lexists(target / IGNORE_FILE):  # a folder's own .gitignore is kept as it is
            contents.append((IGNORE_FILE, (source / WORKSPACE_GITIGNORE).read_bytes()))
        if not (target / UPDATES_DIR).exists():
            (target / UPDATES_DIR).mkdir()
            made.append(target / UPDATES_DIR)
        for name, data in contents:
            if not (target / name).exists():
                made.append(target / name)
            (target / name).write_bytes(data)
    except BaseException as err:
        _remove(made)
        if isinstance(err, OSError):
            said = os_diagnostic(err, None, "E405")  # in Chinese (磁盘已满, 只读, 没有权限), naming the file
            raise FtzError(said._replace(message=f"无法在“{target}”创建工作区：{said.message}",
                                         hint=said.hint + "没有留下任何文件。")) from None
        raise
    return _open(target.resolve(), readonly=False)


def _no_links(target: Path) -> None:
    """E007 when a file or folder ``init`` writes is a symbolic link: writing through it would
    replace a file that is not ftz's (``document.txt → ~/.bashrc``) or make one elsewhere."""
    from shlex import quote

    for name in (PLAN_FILE, DOCUMENT_FILE, SETTINGS_FILE, UPDATES_DIR, f"{UPDATES_DIR}/{IGNORE_FILE}"):
        if (target / name).is_symlink():
            raise FtzError(Diagnostic("E007", f"“{target / name}”是符号链接，ftz init 不会通过它写入", name,
                                      hint=f"删去这个链接（rm {quote(str(target / name))}）或换一个空文件夹，"
                                           "再运行 ftz init；没有写入任何文件。"))


def _remove(made: list[Path]) -> None:
    """Undo a failed ``init``: files, then the folders it made, innermost first."""
    import contextlib

    for path in reversed(made):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()  # only when empty: a folder that was there stays
            else:
                path.unlink(missing_ok=True)
