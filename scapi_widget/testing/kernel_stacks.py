"""Every thread's Python stack of the kernels a test server started, for a test that timed out.

A kernel started with :func:`install` in its IPython directory writes its threads' stacks to a file
of its own when sent SIGUSR1 (:mod:`faulthandler`, from the signal handler: it works while the
kernel's threads are stuck). :func:`dump` asks every such kernel and returns what they wrote, so a
timeout says where the kernel was instead of only that it was late.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

STARTUP = """\
# Written by scapi_widget.testing.kernel_stacks for a test server: SIGUSR1 dumps every thread's stack.
import faulthandler as _faulthandler, os as _os, signal as _signal
_scapi_stacks = open(_os.path.join({folder!r}, "kernel-%d.txt" % _os.getpid()), "w")
_faulthandler.register(_signal.SIGUSR1, file=_scapi_stacks, all_threads=True)
"""
WRITTEN_WITHIN_S = 5.0
POLL_S = 0.05
QUIET_POLLS = 4
"""A dump is complete once it has begun and its file has not grown for this many polls: the handler writes
every thread in one go, the main thread last, but a busy machine can pause the kernel in the middle."""


def install(ipython_dir: Path, folder: Path) -> None:
    """Kernels using ``ipython_dir`` (IPYTHONDIR) dump their stacks into ``folder`` on SIGUSR1."""
    folder.mkdir(parents=True, exist_ok=True)
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-scapi-test-stacks.py").write_text(STARTUP.format(folder=str(folder)))


def dump(folder: Path) -> str:
    """Ask every live kernel that registered in ``folder`` for its stacks; what each wrote, by pid."""
    if not hasattr(signal, "SIGUSR1") or not folder.is_dir():
        return "(no kernel stacks: none registered)"
    asked: dict[int, tuple[Path, int]] = {}
    for path in sorted(folder.glob("kernel-*.txt")):
        pid = int(path.stem.removeprefix("kernel-"))
        written = path.stat().st_size  # what earlier dumps wrote: this one follows it
        try:
            os.kill(pid, signal.SIGUSR1)
        except ProcessLookupError:
            continue  # that kernel has ended
        asked[pid] = (path, written)
    deadline = time.monotonic() + WRITTEN_WITHIN_S
    texts = {pid: _after(path, written) for pid, (path, written) in asked.items()}
    quiet = dict.fromkeys(asked, 0)
    while time.monotonic() < deadline and any(polls < QUIET_POLLS for polls in quiet.values()):
        time.sleep(POLL_S)  # polling files other processes write from a signal handler: no event to wait on
        for pid, (path, written) in asked.items():
            text = _after(path, written)
            begun = "most recent call first" in text
            quiet[pid] = quiet[pid] + 1 if begun and text == texts[pid] else 0
            texts[pid] = text
    parts = [f"--- kernel {pid}:\n{texts[pid] or '(it wrote nothing)'}" for pid in asked]
    return "\n".join(parts) or "(no live kernel)"


def _after(path: Path, offset: int) -> str:
    with path.open("rb") as file:
        file.seek(offset)
        return file.read().decode("utf-8", "replace")
