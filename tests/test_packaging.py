"""The wheel carries the plan, the document and the templates, and runs from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(out)], check=True, timeout=300)
    (built,) = out.glob("ftz-*.whl")
    return built


def test_wheel_contains_data_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ftz_cli/data/targets.yaml" in names
    assert "ftz_cli/data/document.txt" in names
    assert {"ftz_cli/data/settings.template.yaml", "ftz_cli/data/updates.gitignore",
            "ftz_cli/data/workspace.gitignore"} <= names  # for ftz init
    assert "ftz_cli/py.typed" in names
    assert any(n.startswith("ftz_cli/templates/") and n.endswith(".j2") for n in names)
    with zipfile.ZipFile(wheel) as z:
        assert z.read("ftz_cli/data/targets.yaml") == (ROOT / "data" / "targets.yaml").read_bytes()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "ftz = ftz_cli.cli.main:main" in z.read(entry_points).decode()


def test_installed_wheel_runs_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "FTZ_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("FTZ_DATA", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ftz_cli", *args], cwd=empty, env=env,
                              capture_output=True, text=True, timeout=120)

    where = subprocess.run([sys.executable, "-c", "import ftz_cli; print(ftz_cli.__file__)"],
                           cwd=empty, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    assert run("validate").returncode == 0
    listing = run("list", "--format", "json")
    assert listing.returncode == 0 and len(json.loads(listing.stdout)) > 100
    made = run("init", "ws")
    assert made.returncode == 0, made.stderr
    assert (empty / "ws" / "ftz.yaml").read_bytes() == (ROOT / "data" / "settings.template.yaml").read_bytes()
    assert (empty / "ws" / "updates" / ".gitignore").read_bytes() == (ROOT / "data" / "updates.gitignore").read_bytes()
    assert (empty / "ws" / ".gitignore").read_bytes() == (ROOT / "data" / "workspace.gitignore").read_bytes()
