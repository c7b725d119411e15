"""Files shipped with ftz: the bundled plan and the built-in templates."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """``data`` or ``templates`` inside the installed wheel, or beside the source tree.

    The wheel maps the top-level folders into the package (see pyproject.toml). A plain
    path beside ``__file__`` finds them as ``importlib.resources.files`` would for an
    installed package, without importing zipfile and friends at every start.
    """
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / name
