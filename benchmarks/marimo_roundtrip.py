"""SCAPI round trips in marimo (``marimo run``), measured inside the app frame, beside the floors.

  read             ``agent.get``: answered in the browser from the front end's replica (no server, no kernel)
  mutation         ``agent.setState`` alternating NotReady / Ready: the browser posts it to marimo's server
                   (HTTP), the kernel answers, the answer comes back over marimo's websocket
  read-then-write  an ``agent.get`` then an ``agent.setState``, timed as one unit
  echo floor       a minimal anywidget whose Python side sends back each message, in the same app: the
                   platform's own round trip (JavaScript -> marimo -> Python -> JavaScript)
  page floor       a plain page answering in JavaScript (pages/floor.html): reads are judged by its frame
                   of its own origin (marimo's apps come from the kernel's app server, an origin of their own)

marimo serves its app with uvicorn on asyncio, whose socket transport sets TCP_NODELAY on every TCP
connection it wraps, so marimo needs no extension for it (and loads no Jupyter server extension). The app
(benchmarks/marimo_app.py) reports, from inside the server process (``marimo run`` runs the kernel as a
thread of it), each open connection's uvicorn protocol, transport and TCP_NODELAY. The "+nagle" rows come
from a second server in which the app turned Nagle back on (TCP_NODELAY off on open connections, and not
set on new ones): what the setting is worth here. marimo has no setting for it. Both servers and the floor
page are open at once and measured in interleaved blocks, as in benchmarks/roundtrip.py (JupyterLab's
figures, with and without scapi-widget's extension).

Usage: python benchmarks/marimo_roundtrip.py [--n 200] [--block 20]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect, sync_playwright
from roundtrip import (
    ECHO_FLOOR,
    KINDS,
    OWN_ORIGIN_FLOOR,
    PAGES,
    app_probes,
    check_even,
    echo_probe,
    floor_page,
    interleave,
    print_table,
)

from scapi_widget.serving.app_server import AppServer
from scapi_widget.testing import launch_chromium
from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

MARIMO_APP = Path(__file__).parent / "marimo_app.py"
TIMEOUT_MS = 60_000


def marimo_run(root: Path, work: Path, nagle: bool) -> tuple[ServerProcess, str]:
    """``marimo run`` on the app in ``root``, its config, cache and state under ``work``; and its URL."""
    port = free_port()
    env = isolated_jupyter_env(work)
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        (work / name.lower()).mkdir()
        env[name] = str(work / name.lower())
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "marimo", "run", str(root / MARIMO_APP.name), "--headless", "--no-token"]
    command += ["--host=127.0.0.1", f"--port={port}", *(["--", "--nagle=yes"] if nagle else [])]
    server = ServerProcess("marimo run", command, ready_url=f"{url}/health", log=work / "marimo.log", env=env, cwd=root)
    return server, url


def server_report(page: Page) -> dict[str, Any]:
    """Click the app's report button and read what it says about the server's connections."""
    page.get_by_role("button", name="report connections").click()
    report = page.get_by_text(re.compile(r"^server report "))
    expect(report).to_contain_text('"clicks": 1', timeout=TIMEOUT_MS)
    facts: dict[str, Any] = json.loads(report.inner_text().removeprefix("server report "))
    return facts


@contextmanager
def marimo_page(browser: Browser, nagle: bool) -> Iterator[tuple[Page, Callable[[], dict[str, Any]]]]:
    """A ``marimo run`` server on the benchmark's app, open in a page; and what reads its report on the
    server's connections (checked against ``nagle``)."""
    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp, "root"), Path(tmp, "work")
        root.mkdir()
        work.mkdir()
        for source in (MARIMO_APP, *(PAGES / name for name in ("app.html", "echo.js", "echo_widget.py"))):
            shutil.copy(source, root)
        server, url = marimo_run(root, work, nagle)
        context = browser.new_context()

        def report() -> dict[str, Any]:
            facts = server_report(page)
            if facts["kernel_pid"] != server.process.pid:
                raise RuntimeError(
                    f"the kernel ran in process {facts['kernel_pid']}, not the server's ({server.process.pid})"
                )
            if not facts["connections"] or any(c["nodelay"] == nagle for c in facts["connections"]):
                raise RuntimeError(f"expected TCP_NODELAY={not nagle} on marimo's connections, the app reports {facts}")
            return facts

        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            yield page, report
        finally:
            context.close()
            server.stop()


def connections_line(label: str, facts: dict[str, Any]) -> str:
    kinds = Counter((c["protocol"], c["transport"], c["nodelay"]) for c in facts["connections"])
    listed = ", ".join(f"{count} {p} on {t} nodelay={'on' if d else 'off'}" for (p, t, d), count in kinds.items())
    return f"  {label}: {listed}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="round trips per path (after a warm-up)")
    parser.add_argument("--block", type=int, default=20, help="round trips of one path before the next path's")
    args = parser.parse_args()
    check_even(parser, args.n, args.block)
    reports: dict[str, dict[str, Any]] = {}
    server = AppServer()
    with sync_playwright() as pw, ExitStack() as stack:
        browser = launch_chromium(pw)
        stack.callback(browser.close)
        probes = floor_page(browser, server)
        reporters = {}
        for nagle, label in ((False, "marimo"), (True, "marimo +nagle")):
            page, reporters[label] = stack.enter_context(marimo_page(browser, nagle))
            # The app comes from the kernel's app server on 127.0.0.1: an origin of its own, not opaque.
            echo = f"{label} {ECHO_FLOOR}"
            probes += [echo_probe(echo, page)]
            floors: dict[str, str | None] = {kind: echo for kind in KINDS}
            probes += app_probes(label, page, False, {**floors, "read": f"page {OWN_ORIGIN_FLOOR}"})
        print(f"measuring {len(probes)} paths, {args.n} round trips each in blocks of {args.block}...", file=sys.stderr)
        runs = interleave(probes, args.n, args.block)
        reports = {label: report() for label, report in reporters.items()}
    server.close()
    print_table(
        f"SCAPI round trips in marimo run, measured in the app frame, {args.n} per path in blocks of {args.block} "
        "(ms);\n+nagle = TCP_NODELAY forced off in marimo's server",
        probes,
        runs,
    )
    print("marimo's server connections at the end of the run (uvicorn protocol, asyncio transport, TCP_NODELAY):")
    for label, facts in reports.items():
        print(connections_line(label, facts))
    print("agent.get answered in the browser, of those the desktop logged: ", end="")
    print(", ".join(f"{label} {facts['reads'][0]}/{facts['reads'][1]}" for label, facts in reports.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
