"""Announcements of a kernel's app servers: what is read back, and which entries count as stale.

The server side (forwarding only to a kernel's running process) is tested in real JupyterLab in
``tests/browser/test_remote_browser.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scapi_widget.serving import proxy_registry
from scapi_widget.serving.proxy_registry import announce, descends_from, entry_path, process_exists, read_entry


def dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    return int(done.stdout)


def write_entry(folder: Path, port: int, **fields: object) -> Path:
    entry = entry_path(folder, port)
    entry.write_text(json.dumps({"port": port, "kernel": "k1", "pid": os.getpid(), "key": "secret", **fields}))
    return entry


def test_an_entry_is_read_back_with_its_kernel_and_process(tmp_path: Path) -> None:
    announcement = announce(4321, (tmp_path, "k1"))
    assert announcement is not None
    found = read_entry(tmp_path, 4321, announcement.key)
    assert found is not None and (found.kernel, found.pid) == ("k1", os.getpid())
    assert read_entry(tmp_path, 4321, "wrong") is None
    assert read_entry(tmp_path, 4322, announcement.key) is None


@pytest.mark.parametrize("pid", [None, "1234", True, 0, -5, 1.5])
def test_an_entry_without_a_usable_pid_is_no_entry(tmp_path: Path, pid: object) -> None:
    write_entry(tmp_path, 4321, pid=pid)
    assert read_entry(tmp_path, 4321, "secret") is None


def test_announcing_removes_this_kernels_entries_whose_process_is_gone(tmp_path: Path) -> None:
    gone = dead_pid()
    assert not process_exists(gone)
    dead_same_kernel = write_entry(tmp_path, 1001, pid=gone)
    dead_other_kernel = write_entry(tmp_path, 1002, pid=gone, kernel="k2")  # another kernel's: its server judges
    live_same_kernel = write_entry(tmp_path, 1003, pid=os.getppid())
    announce(1004, (tmp_path, "k1"))
    assert not dead_same_kernel.exists()
    assert dead_other_kernel.exists() and live_same_kernel.exists()


def test_a_stale_entry_announced_anew_since_is_kept(tmp_path: Path) -> None:
    write_entry(tmp_path, 1001, pid=dead_pid())
    found = read_entry(tmp_path, 1001, "secret")
    assert found is not None
    renewed = write_entry(tmp_path, 1001, key="fresh")  # the port announced again meanwhile
    proxy_registry.withdraw_stale(found)
    assert renewed.exists()
    found = read_entry(tmp_path, 1001, "fresh")
    assert found is not None
    proxy_registry.withdraw_stale(found)
    assert not renewed.exists()


GRANDPARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
print(child.pid, flush=True)
sys.stdin.read()
child.communicate()
"""


def test_a_process_under_another_descends_from_it() -> None:
    parent = subprocess.Popen([sys.executable, "-c", GRANDPARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert parent.stdout is not None
        grandchild = int(parent.stdout.readline())
        assert descends_from(parent.pid, os.getpid())
        assert descends_from(grandchild, parent.pid) and descends_from(grandchild, os.getpid())
        assert not descends_from(os.getpid(), parent.pid)
        assert not descends_from(parent.pid, grandchild)
    finally:
        parent.communicate()
