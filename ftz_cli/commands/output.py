"""The one writer of output files (reports, weekly briefs, sheets, ``list -o``).

The policy, the same for every command:
- a file ftz wrote itself, still as ftz wrote it, may be replaced; any other existing file
  (the user's, or one edited since) is refused (E408) unless ``--force`` is given;
- every file is written atomically (a temporary file beside it, then a rename), so a
  crash or a full disk leaves the old file or the new one, never half of one;
- what ftz wrote is remembered in ``.ftz-outputs.json`` in the same folder (name and
  SHA-256), updated under a lock, so two runs into one folder keep each other's entries;
- every file written is named on standard error (已生成：…) unless ``--quiet``;
- a file ftz wrote that a new run makes stale (a week's brief in a format not made again) is
  removed only while it is still as ftz wrote it (``remove_own``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ftz_cli.commands.target import inspect, is_stream
from ftz_cli.core.errors import Diagnostic, FtzError
from ftz_cli.core.files import read_regular
from ftz_cli.core.oserrors import os_diagnostic
from ftz_cli.store import atomic
from ftz_cli.store.lock import file_lock
from ftz_cli.views.safe import printable

MANIFEST = ".ftz-outputs.json"
LOCK = ".ftz-outputs.lock"
_LEGACY_MANIFEST = ".ftz-weekly.json"  # weekly briefs before one policy covered every file
_TEMP_PREFIX = ".ftz-tmp-"
_MANIFEST_LIMIT = 16 << 20  # bytes: a folder of many thousand briefs

Page = tuple[Path, bytes]


def print_diagnostics(diagnostics: Iterable[Diagnostic], color: bool = False) -> None:
    """Diagnostics to standard error, in the contract's text form."""
    for d in diagnostics:
        text = printable(d.format())  # messages quote what was typed or stored
        if color:
            label = "错误" if d.severity == "error" else "警告"
            code = "1;31" if d.severity == "error" else "1;33"
            text = text.replace(f" {label} ", f" \x1b[{code}m{label}\x1b[0m ", 1)
        print(text, file=sys.stderr)


def say(text: str, quiet: bool = False) -> None:
    """A line for the person at the terminal, on standard error."""
    if not quiet:
        print(printable(text), file=sys.stderr)


SAMPLE_NOTE = "注意：这是示例数据（ftz init --example 生成），不是真实进度。"


@dataclass(frozen=True, slots=True)
class Text:
    """A command's result as text: for ``people`` (a table, a page: in their console's
    encoding) or data (JSON, CSV); ``sample``: made from the example workspace."""

    text: str
    people: bool
    sample: bool = False


def render_text(result: Text, output: str | None = None, *, force: bool = False, quiet: bool = False) -> None:
    """The text to standard output or ``output``; data from the example workspace carries the
    contract's fields only, so the person reading is told (a page for people says it itself)."""
    emit(result.text, output, force=force, quiet=quiet, people=result.people)
    if result.sample and not result.people:
        say(SAMPLE_NOTE, quiet)


def is_stdout(output: str | None) -> bool:
    """No ``-o``, ``-o -`` or ``-o /dev/stdout``: standard output."""
    return output is None or is_stream(output)


def emit(text: str, output: str | None = None, *, force: bool = False, quiet: bool = False,
         people: bool = False) -> None:
    """Results to standard output, or to a file under the output policy (``-`` is stdout).

    Data (JSON, CSV, HTML, files) is UTF-8, as the contract says; text for ``people`` is in
    the encoding their console reads (see ``for_reader``). Control, bidi and zero-width
    characters from old data are shown escaped (views.safe)."""
    text = printable(text)
    if is_stdout(output):
        write_stdout(for_reader(text) if people else text.encode("utf-8"))
        return
    assert output is not None
    write_files([(Path(output), text.encode("utf-8"))], force=force, quiet=quiet)


def for_reader(text: str) -> bytes:
    """Text for a person at a console: in the console's encoding, or the one PYTHONIOENCODING
    declares (``gbk`` for an older Chinese Windows console), a character it lacks shown as
    ``?`` rather than failing; otherwise UTF-8."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if not (os.environ.get("PYTHONIOENCODING") or sys.stdout.isatty()):
        encoding = "utf-8"
    try:
        return text.encode(encoding, errors="replace")
    except LookupError:  # an encoding Python does not know
        return text.encode("utf-8")


def write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:  # stdout to a full disk (ftz list > /dev/full), a dead terminal
        drop_stdout()
        raise FtzError(Diagnostic("E005", f"无法写出到标准输出：{err.strerror or err}",
                                  hint="检查输出重定向到的文件所在磁盘是否已满、是否可写。")) from None


def drop_stdout() -> None:
    """What stdout still buffers would fail again at exit, with a traceback: send it nowhere."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write_files(pages: Sequence[Page], *, force: bool = False, quiet: bool = False,
                make_folders: bool = False) -> list[Path]:
    """Write every page, or refuse before writing any; returns the paths written.

    A missing folder is an error (a mistyped path), unless ``make_folders`` (``weekly --out``).
    Each folder's lock is held from the check to the manifest's update: a second run into
    the same folder sees the first one's files either not yet written or in the manifest.
    """
    pages = _files_only(pages)
    _not_among_records([path for path, _ in pages])
    by_folder: dict[Path, list[Page]] = {}
    for page in pages:
        by_folder.setdefault(page[0].parent, []).append(page)
    written: list[Path] = []
    with contextlib.ExitStack() as locks:
        for folder in sorted(by_folder):  # one order for every run: no deadlock
            _prepare(folder, by_folder[folder][0][0], make_folders)
            try:
                locks.enter_context(file_lock(folder / LOCK))
            except OSError as err:  # named by the file asked for, not by ftz's lock beside it
                raise _unwritable(by_folder[folder][0][0], err) from None
        foreign = [p for folder, group in by_folder.items()
                   for p in _foreign(folder, [path for path, _ in group]) if not force]
        if foreign:
            raise FtzError([Diagnostic(
                "E408", f"“{p}”已存在，且不是 ftz 生成的（或生成后被改过），没有覆盖", str(p),
                hint="换一个文件名或输出文件夹，或加 --force 覆盖。") for p in foreign])
        for folder, group in by_folder.items():
            written += _write_folder(folder, group)
    for path in written:
        say(f"已生成：{path}", quiet)
    return written


def own_unchanged(paths: Iterable[Path]) -> list[Path]:
    """The files among ``paths`` that are there, that ftz wrote and that nobody changed since."""
    return [p for p in paths if inspect(p).kind == "file" and not _foreign(p.parent, [p])]


def remove_own(paths: Sequence[Path]) -> list[Path]:
    """Remove the files among ``paths`` that ftz wrote and nobody changed since (checked again
    under each folder's lock), and forget them; any other file is left. Returns those removed."""
    removed: list[Path] = []
    for folder in sorted({p.parent for p in paths}):
        with file_lock(folder / LOCK):
            known, gone = _manifest(folder), own_unchanged([p for p in paths if p.parent == folder])
            for path in gone:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                known.pop(path.name, None)
            if gone:
                _save_manifest(folder, known, gone[0])
            removed += gone
    return removed


def _files_only(pages: Sequence[Page]) -> list[Page]:
    """The pages for files; refuses a folder, a device, a pipe or a socket before anything is
    written (commands.target), and writes a page for ftz's own standard output as a stream."""
    kinds = [inspect(path).kind for path, _ in pages]
    for (_, data), kind in zip(pages, kinds, strict=True):
        if kind == "stdout":
            write_stdout(data)
    return [page for page, kind in zip(pages, kinds, strict=True) if kind != "stdout"]


def _not_among_records(paths: Sequence[Path]) -> None:
    """E405 for an output inside a workspace's updates/ (or a plan's): ftz reads every .yaml
    there as records, so an export saved beside them (``list -o updates/x.yaml``) would stop
    every command at its next run."""
    from ftz_cli.store.workspace import PLAN_FILE, PLANS_DIR, UPDATES_DIR

    found = [p for p in paths if any(
        f.name == UPDATES_DIR and ((f.parent / PLAN_FILE).is_file() or f.parent.parent.name == PLANS_DIR)
        for f in p.resolve().parents)]
    folders: dict[Path, list[Path]] = {}
    for path in found:
        folders.setdefault(path.parent, []).append(path)
    shown = [(str(inside[0]), "") if len(inside) == 1 else (str(folder), f"（{len(inside)} 个文件）")
             for folder, inside in folders.items()]  # a weekly's folder is said once
    if shown:
        raise FtzError([Diagnostic("E405", f"“{name}”在工作区的进度文件夹 updates 中，没有写入{count}", name,
                                   hint="ftz 把那里的文件当作进度记录读取；请保存到别处，如工作区中的“导出”文件夹。")
                        for name, count in shown])


def _prepare(folder: Path, first: Path, make: bool) -> None:
    if make:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise _unwritable(folder, err) from None
    elif not folder.is_dir():
        raise FtzError(Diagnostic("E405", f"无法写入“{first}”：文件夹“{folder}”不存在",
                                  str(first), hint="检查路径是否写对，或先建好这个文件夹。"))


def _foreign(folder: Path, paths: Iterable[Path]) -> list[Path]:
    """Existing files among ``paths`` that ftz did not write, or that changed since."""
    known = _manifest(folder)
    legacy = _legacy(folder)
    out = []
    for path in paths:
        found = inspect(path, digest=True)  # never reads a device or a pipe
        if found.kind != "file":
            continue
        if path.name in legacy or (found.digest is not None and found.digest in known.get(path.name, ())):
            continue
        out.append(path)
    return out


def _write_folder(folder: Path, pages: Sequence[Page]) -> list[Path]:
    """Write ``pages`` into ``folder`` and remember them; call with the folder's lock held.

    The manifest first names every file about to be written, beside what each was: a run
    killed half-way (kill -9, a power cut) leaves only files the next run knows as ftz's."""
    _clear_leftovers(folder)
    known = _manifest(folder)
    digests = [_digest(data) for _, data in pages]
    _save_manifest(folder, {**known, **{path.name: [*known.get(path.name, []), digest]
                                        for (path, _), digest in zip(pages, digests, strict=True)}},
                   pages[0][0])
    written: list[Path] = []
    try:
        for (path, data), digest in zip(pages, digests, strict=True):
            atomic_write(path, data)
            known[path.name] = [digest]
            written.append(path)
    finally:  # even after a failed write, what was written is ours next time
        _save_manifest(folder, known, pages[0][0])
    return written


def _save_manifest(folder: Path, known: dict[str, list[str]], shown: Path) -> None:
    """Save the list of files ftz wrote; a failure is said of ``shown``, the file asked for."""
    import json

    try:
        atomic_write(folder / MANIFEST, json.dumps(
            {name: digests[0] if len(digests) == 1 else digests for name, digests in known.items()},
            ensure_ascii=False, indent=0, sort_keys=True).encode("utf-8"))
    except FtzError as failed:
        if isinstance(failed.__cause__, OSError):
            raise _unwritable(shown, failed.__cause__) from None
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` at once (``store.atomic``): a crash leaves the old file
    or the new one; the output manifest is not an output to name after Ctrl-C."""
    try:
        atomic.write(path, data, noted=path.name != MANIFEST, prefix=_TEMP_PREFIX)
    except OSError as err:
        raise _unwritable(path, err) from err  # the cause: _save_manifest names the file asked for


def _unwritable(path: Path, err: OSError) -> FtzError:
    """E405 in the user's words (磁盘已满, 只读, 没有权限), naming ``path``."""
    return FtzError(os_diagnostic(err, path, "E405"))


def _clear_leftovers(folder: Path) -> None:
    """Temporary files of an interrupted run (they are ftz's own; nobody else names files so)."""
    for leftover in folder.glob(_TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _manifest(folder: Path) -> dict[str, list[str]]:
    """Each file's accepted digests: one, or while a run writes it, the old and the new."""
    known = _json(folder / MANIFEST)
    if not isinstance(known, dict):
        return {}
    return {k: [v] if isinstance(v, str) else [d for d in v if isinstance(d, str)]
            for k, v in known.items() if isinstance(k, str) and isinstance(v, str | list)}


def _legacy(folder: Path) -> set[str]:
    names = _json(folder / _LEGACY_MANIFEST)
    return {n for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def _json(path: Path) -> object:
    import json  # only when writing files: start-up of every command counts

    data = read_regular(path, _MANIFEST_LIMIT)
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def _digest(data: bytes) -> str:
    import hashlib  # only when a file is written: start-up of every command counts

    return hashlib.sha256(data).hexdigest()
