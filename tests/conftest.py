"""Every test builds its own world: a workspace in tmp_path, its own cache folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ftz_cli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the real ./data, the user's cache or FTZ_DATA."""
    monkeypatch.setenv("FTZ_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.setenv("FTZ_CONFIG", str(tmp_path / ".config" / "ftz.yaml"))  # the user's own settings
    monkeypatch.delenv("FTZ_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FTZ_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A fresh workspace made from the bundled plan."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "updates").mkdir()
    shutil.copyfile(DATA / "targets.yaml", root / "targets.yaml")
    shutil.copyfile(DATA / "document.txt", root / "document.txt")
    return root


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def ftz() -> object:
    """Run the CLI in process: ftz("list", "--format", "json") → Result."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run


def run_ftz(*args: str, cwd: Path | None = None, input: bytes | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the real ftz in a subprocess (for pipes, concurrency, crashes)."""
    return subprocess.run([sys.executable, "-m", "ftz_cli", *args], cwd=cwd, input=input,
                          capture_output=True, env={**os.environ, **(env or {})}, timeout=120)


def run_bash(script: str, cwd: Path, env: dict[str, str] | None = None,
             flags: tuple[str, ...] = ("-o", "pipefail"), input: str | None = None
             ) -> subprocess.CompletedProcess[str]:
    """Run a bash script with this venv's ftz first on PATH, as a user's shell would."""
    full = {k: v for k, v in os.environ.items() if k != "FTZ_DATA"}
    full["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    full.update(env or {})
    return subprocess.run(["bash", *flags, "-c", script], cwd=cwd, env=full, input=input,
                          capture_output=True, text=True, timeout=300)


_IMPORTED = """
import runpy, sys
module, sys.argv = sys.argv[1], ["ftz", *sys.argv[2:]]
try:
    runpy.run_module("ftz_cli", run_name="__main__")
except SystemExit:
    pass
print("IMPORTED" if module in sys.modules else "NOT-IMPORTED", file=sys.stderr)
"""


def imports(module: str, *args: str, cwd: Path) -> bool:
    """Whether the real ftz, run with ``args``, imported ``module`` (start-up is budgeted)."""
    done = subprocess.run([sys.executable, "-c", _IMPORTED, module, *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60)
    assert done.stderr.rstrip().endswith(("IMPORTED", "NOT-IMPORTED")), done.stderr
    return done.stderr.rstrip().endswith("\nIMPORTED") or done.stderr.rstrip() == "IMPORTED"
