"""Template files on disk: the loader, and the cache of compiled templates.

A template folder named in a shared ``ftz.yaml`` is data from colleagues. Its loader reads
only regular files inside the folder: a symlink (or a path) that leads out of it
(``secret.j2 → /etc/shadow``) is refused (E471), and so are a device, a FIFO and a file over
``MAX_TEMPLATE`` bytes.

Compiled templates (Python bytecode: loading one runs it) are kept between runs only in a
folder that is this user's alone, checked on the opened folder (``O_NOFOLLOW``, ``fstat``:
owner and mode), with every entry opened relative to that descriptor, never by path, and
checked again (a regular file, owned by the user, not writable by others). A folder or an
entry that fails is not used: the template is compiled again. Where the system cannot open
folders this way (Windows), no compiled template is kept.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import private_folder, read_entry, read_regular

MAX_TEMPLATE = 1 << 20  # bytes: ftz's largest template is about 20 KB
_ENTRY_LIMIT = 16 << 20


class FolderLoader(jinja2.BaseLoader):
    """Templates in UTF-8 (a BOM is fine) from one folder, never from outside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))
        if not (path.exists() or path.is_symlink()):
            raise jinja2.TemplateNotFound(template)
        shown = str(path)
        try:
            inside = path.resolve().is_relative_to(self.folder.resolve())
        except OSError:
            inside = False
        if not inside:
            raise FtzError(Diagnostic(
                "E471", f"模板“{template}”是指向模板文件夹以外的链接，不会读取", shown,
                hint=f"模板只从 {self.folder} 本身读取：把链接换成模板文件本身。"))
        data = read_regular(path, MAX_TEMPLATE)
        if data is None:
            raise FtzError(Diagnostic(
                "E471", f"模板“{template}”不是可读取的普通文件，或超过 1 MB", shown,
                hint="模板应是普通的文本文件（UTF-8）。"))
        return _decoded(data, shown), shown, _unchanged(path)


def _decoded(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from ftz_cli.parse.yamlio import decode

        _, problems = decode(data, shown)
        raise FtzError(problems or Diagnostic("E002", "模板文件不是 UTF-8 编码", shown)) from None


def _unchanged(path: Path) -> Callable[[], bool]:
    try:
        seen = path.stat().st_mtime_ns
    except OSError:
        seen = None

    def check() -> bool:
        try:
            return path.stat().st_mtime_ns == seen
        except OSError:
            return False

    return check


class PrivateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in a folder checked on its descriptor; see the module's docstring."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with private_folder(self.folder) as fd:
            data = None if fd is None else read_entry(fd, bucket.key + ".cache", _ENTRY_LIMIT)
            if data is not None:
                import io

                bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import io
        import secrets

        out = io.BytesIO()
        bucket.write_bytecode(out)
        with private_folder(self.folder) as fd:
            if fd is None:
                return
            temp = f".tmp-{secrets.token_hex(8)}"
            with contextlib.suppress(OSError):
                entry = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                                0o600, dir_fd=fd)
                with os.fdopen(entry, "wb") as stream:
                    stream.write(out.getvalue())
                os.replace(temp, bucket.key + ".cache", src_dir_fd=fd, dst_dir_fd=fd)
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=fd)


def usable() -> bool:
    """Whether folders can be opened and used by descriptor here (not on Windows)."""
    return {os.open, os.stat, os.replace, os.unlink} <= os.supports_dir_fd and hasattr(os, "getuid")


def bytecode_cache(cache: Path | None, name: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (compiling costs more than rendering), in
    ``cache/name`` made private to this user; None where that cannot be done safely."""
    if cache is None or not usable():
        return None
    folder = cache / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None  # a cache we cannot write is no cache, never an error
    return PrivateBytecodeCache(folder)
