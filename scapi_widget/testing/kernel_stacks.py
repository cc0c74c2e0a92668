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
    parts = []
    for pid, (path, written) in asked.items():
        text = _after(path, written)
        while "most recent call first" not in text and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a file another process writes: no event to wait on
            text = _after(path, written)
        parts.append(f"--- kernel {pid}:\n{text or '(it wrote nothing)'}")
    return "\n".join(parts) or "(no live kernel)"


def _after(path: Path, offset: int) -> str:
    with path.open("rb") as file:
        file.seek(offset)
        return file.read().decode("utf-8", "replace")
