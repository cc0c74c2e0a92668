"""Server processes for end-to-end tests: start one on a free local port, wait until it answers, stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

POLL_INTERVAL = 0.25


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def isolated_jupyter_env(work: Path) -> dict[str, str]:
    """The environment with Jupyter's config, data and runtime dirs (and IPython's) inside ``work``.

    This interpreter's scripts come first on ``PATH``, so a server and the kernels it starts run in
    the environment under test, never in another Python's install that happens to be on ``PATH``.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", os.defpath)])
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "JUPYTERLAB_WORKSPACES_DIR"):
        path = work / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    return env


class ServerProcess:
    """A server started as a subprocess (output to ``log``); returns once ``ready_url`` answers.

    ``startup_seconds`` is how long that took. Raises ``RuntimeError`` naming the log when the
    process exits first or does not answer within ``timeout`` seconds.
    """

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        *,
        ready_url: str,
        log: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.name = name
        self.log_path = log
        self._log = log.open("w")
        started = time.monotonic()
        self.process = subprocess.Popen(
            list(command),
            env=dict(env) if env is not None else None,
            cwd=cwd,
            stdin=subprocess.DEVNULL,  # a server that asks a question fails instead of waiting
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up(ready_url, timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started

    def _wait_until_up(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(POLL_INTERVAL)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout:g} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
