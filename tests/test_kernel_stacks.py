"""The stacks a test server's kernels dump on SIGUSR1, read whole (scapi_widget.testing.kernel_stacks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scapi_widget.testing import kernel_stacks

# A stand-in kernel: the test server's startup code, twenty threads parked, the main thread held.
KERNEL = """
import threading
exec({startup!r})

def parked(started):
    started.release()
    threading.Event().wait(300)

def held_here():
    print("ready", flush=True)  # from in here: when the test reads it, held_here is on the main thread's stack
    threading.Event().wait(300)

started = threading.Semaphore(0)
for _ in range(20):
    threading.Thread(target=parked, args=(started,), daemon=True).start()
for _ in range(20):
    started.acquire()
held_here()
"""

# A kernel whose dump pauses between its first thread and its main thread (as a busy machine can pause a
# kernel in the middle of faulthandler's dump), shorter than the quiet time a dump is read after.
PAUSING_KERNEL = """
import os, signal, threading, time
dump = open(os.path.join({folder!r}, "kernel-%d.txt" % os.getpid()), "w")

def handler(signum, frame):
    dump.write("Thread 0x1 (most recent call first):\\n  File \\"k.py\\", line 9 in parked\\n")
    dump.flush()
    time.sleep({pause})
    dump.write("\\nCurrent thread 0x2 (most recent call first):\\n  File \\"k.py\\", line 4 in held_here\\n")
    dump.flush()

signal.signal(signal.SIGUSR1, handler)
print("ready", flush=True)
while True:
    time.sleep(1)
"""


def start(code: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"  # its handler is in place
    return process


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "stacks"


def test_every_thread_of_a_held_kernel_is_dumped_the_main_thread_last(folder: Path) -> None:
    folder.mkdir()
    process = start(KERNEL.format(startup=kernel_stacks.STARTUP.format(folder=str(folder))))
    try:
        text = kernel_stacks.dump(folder)
    finally:
        process.kill()
        process.wait()
    assert text.startswith(f"--- kernel {process.pid}:\n"), text
    assert text.count("in parked") == 20, text
    assert text.index("in held_here") > text.rindex("in parked"), text  # the main thread: written last


def test_a_dump_paused_midway_is_read_whole(folder: Path) -> None:
    """Reading as soon as the first thread's header showed lost the main thread when the machine paused the
    kernel there (a clean-clone CI run at load 6: the report had no held_here)."""
    folder.mkdir()
    pause = kernel_stacks.POLL_S * (kernel_stacks.QUIET_POLLS - 1.5)  # shorter than the quiet time
    process = start(PAUSING_KERNEL.format(folder=str(folder), pause=pause))
    try:
        text = kernel_stacks.dump(folder)
    finally:
        process.kill()
        process.wait()
    assert "line 9 in parked" in text and "line 4 in held_here" in text, text


def test_a_kernel_that_ended_is_left_out(folder: Path) -> None:
    folder.mkdir()
    process = start(KERNEL.format(startup=kernel_stacks.STARTUP.format(folder=str(folder))))
    process.kill()
    process.wait()
    assert kernel_stacks.dump(folder) == "(no live kernel)"
    assert kernel_stacks.dump(folder / "none") == "(no kernel stacks: none registered)"
