"""SCAPI round trips in marimo (``marimo run``), measured inside the app frame, beside the in-browser floor.

  read      ``agent.get``: answered in the browser from the front end's replica (no server, no kernel)
  mutation  ``agent.setState`` alternating NotReady / Ready: the browser posts it to marimo's server
            (HTTP), the kernel answers, the answer comes back over marimo's websocket
  echo floor  a minimal anywidget whose Python side sends back each message, in the same app: the
            platform's own round trip (JavaScript -> marimo -> Python -> JavaScript)

marimo serves its app with uvicorn on asyncio, whose socket transport sets TCP_NODELAY on every TCP
connection it wraps, so marimo needs no extension for it (and loads no Jupyter server extension). The app
(benchmarks/marimo_app.py) reports, from inside the server process (``marimo run`` runs the kernel as a
thread of it), each open connection's uvicorn protocol, transport and TCP_NODELAY. The "+nagle" rows come
from a second server in which the app turned Nagle back on (TCP_NODELAY off on open connections, and not
set on new ones): what the setting is worth here. marimo has no setting for it. JupyterLab's figures, with
and without scapi-widget's extension: benchmarks/roundtrip.py.

Usage: python benchmarks/marimo_roundtrip.py [--n 200]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect, sync_playwright
from roundtrip import PAGES, WARMUP, Run, measure, measure_kinds

from scapi_widget.app_server import AppServer
from scapi_widget.testing import launch_chromium
from scapi_widget.testing.servers import ServerProcess, free_port, isolated_jupyter_env

MARIMO_APP = Path(__file__).parent / "marimo_app.py"
APP_FRAME = "iframe[data-testid=app-frame-1]"
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


def run_marimo(browser: Browser, n: int, nagle: bool) -> tuple[dict[str, Run], dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp, "root"), Path(tmp, "work")
        root.mkdir()
        work.mkdir()
        for source in (MARIMO_APP, *(PAGES / name for name in ("app.html", "echo.js", "echo_widget.py"))):
            shutil.copy(source, root)
        server, url = marimo_run(root, work, nagle)
        context = browser.new_context()
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            runs = measure_kinds(page, APP_FRAME, n)
            page.wait_for_function("() => typeof window.echoRoundTrips === 'function'")
            page.evaluate("(n) => window.echoRoundTrips(n)", WARMUP)
            echo = page.evaluate("(n) => window.echoRoundTrips(n)", n)
            runs["echo floor"] = Run(echo["times"], echo["total"])
            facts = server_report(page)
        finally:
            context.close()
            server.stop()
    if facts["kernel_pid"] != server.process.pid:
        raise RuntimeError(f"the kernel ran in process {facts['kernel_pid']}, not the server's ({server.process.pid})")
    if not facts["connections"] or any(c["nodelay"] == nagle for c in facts["connections"]):
        raise RuntimeError(f"expected TCP_NODELAY={not nagle} on marimo's connections, the app reports {facts}")
    return runs, facts


def connections_line(label: str, facts: dict[str, Any]) -> str:
    kinds = Counter((c["protocol"], c["transport"], c["nodelay"]) for c in facts["connections"])
    listed = ", ".join(f"{count} {p} on {t} nodelay={'on' if d else 'off'}" for (p, t, d), count in kinds.items())
    return f"  {label}: {listed}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="round trips per path and kind (after a warm-up)")
    args = parser.parse_args()
    results: dict[str, Run] = {}
    reports: dict[str, dict[str, Any]] = {}
    server = AppServer()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.mount(PAGES) + "floor.html")
        results["postMessage floor"] = measure(page, "#app", args.n, "read")
        context.close()
        for nagle, label in ((False, "marimo"), (True, "marimo +nagle")):
            runs, reports[label] = run_marimo(browser, args.n, nagle)
            results.update({f"{label} {kind}": run for kind, run in runs.items()})
        browser.close()
    server.close()
    print(f"SCAPI round trips in marimo run, measured in the app frame, {args.n} each (ms): read = agent.get,")
    print("mutation = agent.setState NotReady/Ready; echo floor = a minimal anywidget echo in the same app;")
    print("+nagle = TCP_NODELAY forced off in marimo's server")
    print(f"{'path':<26}{'p50':>9}{'p95':>9}{'max':>9}{'mean':>9}{'p50 / echo':>12}")
    for name, run in results.items():
        echo = results.get(f"{name.rsplit(' ', 1)[0]} echo floor") if "mutation" in name else None
        ratio = f"{run.p50 / echo.p50:>12.2f}" if echo else ""
        print(f"{name:<26}{run.p50:>9.2f}{run.p95:>9.2f}{max(run.times):>9.2f}{run.mean:>9.3f}{ratio}")
    print("marimo's server connections at the end of the run (uvicorn protocol, asyncio transport, TCP_NODELAY):")
    for label, facts in reports.items():
        print(connections_line(label, facts))
    print("agent.get answered in the browser, of those the desktop logged: ", end="")
    print(", ".join(f"{label} {facts['reads'][0]}/{facts['reads'][1]}" for label, facts in reports.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
