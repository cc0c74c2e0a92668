"""Which of a kernel's app servers the Jupyter server may forward requests to.

A kernel started by a Jupyter server announces each app server it starts with a small file
beside its connection file (the server's runtime folder, private to the user):
``scapi-widget-app-<port>.json`` naming the port, the kernel and a random key. The server
extension (:mod:`scapi_widget.serving.jupyter_server_extension`) forwards
``{base_url}scapi-widget/app/<port>/<key>/<path>`` only when such a file names a kernel that
the server is running now and the same key, and the process that wrote it (its ``pid``) is that
kernel's process now — never to any other port. A kernel killed and restarted keeps its id but
not its process: what the dead process announced is refused and removed
(:mod:`scapi_widget.serving.forwarding`); a kernel that announces removes its own kernel's entries
whose process is gone.

Why a key in the path and not only the server's login cookie: the app's frame is sandboxed
without ``allow-same-origin`` (it is served from the notebook's origin), and requests from an
opaque origin carry no ``SameSite=Lax`` cookies, so its scripts and images would be refused.
The key is unguessable and known only to the kernel, the server and the notebook page (which
got it over the authenticated kernel connection); it opens that one app folder, nothing else.

Plain Python, no Jupyter imports: the kernel side and the server side both use it.
"""

from __future__ import annotations

import atexit
import contextlib
import hmac
import json
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

ENTRY_PREFIX = "scapi-widget-app-"
ROUTE = "scapi-widget"  # under the Jupyter server's base_url: {base}scapi-widget/status, .../app/<port>/<path>
STATUS_PATH = f"{ROUTE}/status"
STATUS_HEADER = "Scapi-Widget"
"""The response header of :data:`STATUS_PATH` (``HEAD`` or ``GET``; the package's version): scapi-widget's server
extension answered, not a login page. A view reads it as the response's head arrives, without waiting for a body."""
APP_PATH = f"{ROUTE}/app"


KEY_BYTES = 18


@dataclass(frozen=True)
class Announcement:
    """An app server's entry: the file and the key its proxy URLs carry."""

    entry: Path
    key: str


@dataclass(frozen=True)
class Announced:
    """An entry as read back: the kernel and the process that wrote it, and its text (to remove exactly it)."""

    entry: Path
    kernel: str
    pid: int
    text: str


def entry_path(folder: Path, port: int) -> Path:
    return folder / f"{ENTRY_PREFIX}{port}.json"


def kernel_identity() -> tuple[Path, str] | None:
    """(folder of this kernel's connection file, kernel id) inside a Jupyter-launched kernel, else None."""
    if "ipykernel" not in sys.modules:
        return None
    try:
        from ipykernel.kernelapp import IPKernelApp

        if not IPKernelApp.initialized():
            return None
        connection_file = Path(IPKernelApp.instance().abs_connection_file)
    except Exception:
        return None
    stem = connection_file.stem
    if not stem.startswith("kernel-") or len(stem) == len("kernel-"):
        return None  # not named by a Jupyter server (kernel-<id>.json)
    return connection_file.parent, stem.removeprefix("kernel-")


def announce(port: int, where: tuple[Path, str] | None = None) -> Announcement | None:
    """Announce an app server on ``port`` for ``where`` (default: this kernel), with a fresh key.

    None outside a Jupyter-launched kernel. The entry is removed when the process exits.
    """
    where = where if where is not None else kernel_identity()
    if where is None:
        return None
    folder, kernel_id = where
    remove_dead_entries(folder, kernel_id)
    entry = entry_path(folder, port)
    key = secrets.token_urlsafe(KEY_BYTES)
    text = json.dumps({"port": port, "kernel": kernel_id, "pid": os.getpid(), "key": key})
    partial = entry.with_suffix(f".{os.getpid()}.tmp")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(partial, entry)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return None
    atexit.register(withdraw, entry)
    return Announcement(entry, key)


def withdraw(entry: Path) -> None:
    with contextlib.suppress(OSError):
        entry.unlink()


def read_entry(folder: Path, port: int, key: str) -> Announced | None:
    """The entry announcing ``port`` in ``folder``, if it holds ``key`` (compared in constant time), else None."""
    entry = entry_path(folder, port)
    try:
        text = entry.read_text()
        data = json.loads(text)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("port") != port:
        return None
    kernel, pid, expected = data.get("kernel"), data.get("pid"), data.get("key")
    if not isinstance(kernel, str) or not isinstance(expected, str) or not expected:
        return None
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        return None
    if not hmac.compare_digest(expected.encode(), key.encode()):
        return None
    return Announced(entry, kernel, pid, text)


def announcing_kernel(folder: Path, port: int, key: str) -> str | None:
    """The id of the kernel that announced ``port`` in ``folder`` with ``key``, or None."""
    found = read_entry(folder, port, key)
    return found.kernel if found is not None else None


def withdraw_stale(found: Announced) -> None:
    """Remove ``found``'s entry if it still holds what was read (the port may have been announced anew since)."""
    with contextlib.suppress(OSError):
        if found.entry.read_text() == found.text:
            found.entry.unlink()


def remove_dead_entries(folder: Path, kernel_id: str) -> None:
    """Remove the entries of ``kernel_id`` in ``folder`` whose process is gone (a killed, restarted kernel's)."""
    for entry in folder.glob(f"{ENTRY_PREFIX}*.json"):
        try:
            text = entry.read_text()
            data = json.loads(text)
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("kernel") != kernel_id:
            continue
        pid = data.get("pid")
        if isinstance(pid, int) and pid != os.getpid() and not process_exists(pid):
            withdraw_stale(Announced(entry, kernel_id, pid, text))


def process_exists(pid: int) -> bool:
    """Whether a process ``pid`` exists (POSIX; elsewhere True: cannot tell without harm)."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's
    return True


def parent_pid(pid: int) -> int | None:
    """The parent of process ``pid`` (Linux's /proc), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after "pid (name)": state, ppid, ...
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def descends_from(pid: int, ancestor: int, depth: int = 16) -> bool:
    """Whether process ``pid`` runs under ``ancestor`` (a child, grandchild, ...), as /proc tells."""
    for _ in range(depth):
        parent = parent_pid(pid)
        if parent is None or parent <= 1:
            return False
        if parent == ancestor:
            return True
        pid = parent
    return False
