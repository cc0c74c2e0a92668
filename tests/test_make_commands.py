"""The README's two commands: what `make quickstart` and `make test` run, with stand-ins for
python, id, npm and node (a real JupyterLab start is in tests/browser/test_quickstart_command.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_URL = "--LabApp.default_url=/lab/tree/notebooks/01-quickstart.ipynb"


def stand_in(folder: Path, name: str, body: str) -> Path:
    """An executable shell script ``folder/name`` running ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/usr/bin/env bash\n{body}\n")
    path.chmod(0o755)
    return path


def recording_python(folder: Path, log: Path) -> Path:
    """A "python" that writes each command line it gets to ``log`` (one line each) and succeeds."""
    return stand_in(folder, "python", f'echo "$*" >> "{log}"')


def run(command: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize(("uid", "allow_root"), [("0", ["--allow-root"]), ("1000", [])], ids=["root", "user"])
def test_quickstart_opens_the_notebook_and_allows_root_only_as_root(
    tmp_path: Path, uid: str, allow_root: list[str]
) -> None:
    log = tmp_path / "python.log"
    bin_dir = tmp_path / "bin"
    python = recording_python(bin_dir, log)
    stand_in(bin_dir, "id", f'[ "$1" = -u ] && echo {uid}')
    env = {**os.environ, "PYTHON": str(python), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = run(["bash", "scripts/quickstart.sh", "--no-browser", "--port=8899"], env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().split() == ["-m", "jupyterlab", NOTEBOOK_URL, *allow_root, "--no-browser", "--port=8899"]
    assert "starting JupyterLab on notebooks/01-quickstart.ipynb" in result.stdout


def test_test_script_runs_everything_with_the_python_it_is_given(tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    bin_dir = tmp_path / "bin"
    python = recording_python(bin_dir, log)
    for tool in ("npm", "node"):
        stand_in(bin_dir, tool, f'echo "{tool} $*" >> "{log}"')
    env = {**os.environ, "PYTHON": str(python), "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    result = run(["bash", "scripts/test.sh", "-k", "something"], env)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [
        "-m pip install -q -e .[test]",
        "npm run build --silent",
        "node --test js/test/",
        "-m ruff check scapi_widget tests benchmarks",
        "-m mypy",
        "-m pytest -n 2 --dist loadfile -k something",
    ]
    assert f"installing scapi-widget and its test tools into {python}" in result.stdout
    assert "the first browser start takes a few seconds" in result.stdout


# An outer make (`make test PYTHON=...` running these tests) passes its variables down through these.
OUTER_MAKE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def make_dry_run(target: str, *assignments: str, env: dict[str, str] | None = None) -> list[str]:
    make = shutil.which("make")
    assert make is not None, "make is needed for the README's commands"
    env = {k: v for k, v in (env if env is not None else os.environ).items() if k not in OUTER_MAKE}
    result = run([make, "-n", target, *assignments], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_passes_python_through_to_the_scripts() -> None:
    assert make_dry_run("test", "PYTHON=/opt/py/bin/python3") == ["PYTHON=/opt/py/bin/python3 bash scripts/test.sh"]
    quickstart = make_dry_run("quickstart", "PYTHON=/opt/py/bin/python3")
    assert quickstart[-2:] == [
        '/opt/py/bin/python3 -m pip install -q -e ".[lab]"',
        "PYTHON=/opt/py/bin/python3 bash scripts/quickstart.sh",
    ]
    assert quickstart[0].startswith('echo "installing scapi-widget and JupyterLab into /opt/py/bin/python3')


def test_make_uses_an_active_virtual_environment_or_makes_dot_venv() -> None:
    plain = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHON")}
    assert make_dry_run("test", env={**plain, "VIRTUAL_ENV": "/opt/env"}) == [
        "PYTHON=/opt/env/bin/python bash scripts/test.sh"
    ]
    made = make_dry_run("test", "--always-make", env=plain)
    assert made == [
        'echo "making a virtual environment in .venv (once)"',
        "python3 -m venv .venv",
        "PYTHON=.venv/bin/python bash scripts/test.sh",
    ]
