"""The package ships its types (PEP 561's ``py.typed``): a user's own code that calls the desktop
wrongly is caught by their type checker, as it would be at run time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

USERS_CODE = """\
from scapi_widget import Desktop

desk = Desktop()
call: str = desk.simulate_inbound_call("5550100")
desk.set_user_data(call, {"Tier": "Gold"})
desk.set_user_data(42, {"Tier": "Gold"})
"""


def test_a_users_type_checker_reads_the_packages_types(tmp_path: Path) -> None:
    (tmp_path / "check_my_app.py").write_text(USERS_CODE)
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "check_my_app.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=240,
        check=False,
    )
    assert "import-untyped" not in done.stdout, done.stdout  # without py.typed mypy skips the package
    # the one wrong call, and nothing else: the package's own types are complete for this code
    assert done.stdout.count("error:") == 1, done.stdout
    assert 'Argument 1 to "set_user_data"' in done.stdout and 'incompatible type "int"; expected "str"' in done.stdout
