"""The marimo app that benchmarks/marimo_roundtrip.py serves with ``marimo run``: a Desktop hosting the
round-trip probe (pages/app.html, copied beside this file), the echo floor (a minimal anywidget that
sends back what it gets, pages/echo_widget.py), and a button that reports what marimo's server holds: each
connection's uvicorn protocol, the transport under it and TCP_NODELAY on its socket.

``marimo run`` runs the app's kernel as a thread of the server process, so this code sees the server's
connections. With ``-- --nagle=yes`` the app turns Nagle back on, for comparison: TCP_NODELAY off on the
connections open now, and asyncio no longer sets it on new ones (the benchmark's counterfactual; marimo
has no such setting).
"""

import marimo

app = marimo.App()


@app.cell
def _():
    import asyncio
    import asyncio.base_events
    import gc
    import json
    import os
    import socket
    from pathlib import Path

    import marimo as mo
    from echo_widget import Echo

    from scapi_widget import Desktop

    def open_connections():
        """(uvicorn protocol, its transport, the socket) for each open connection of this process's server."""
        for obj in gc.get_objects():
            if not (isinstance(obj, asyncio.BaseProtocol) and type(obj).__module__.startswith("uvicorn.protocols.")):
                continue
            transport = getattr(obj, "transport", None)
            sock = transport.get_extra_info("socket") if transport is not None and not transport.is_closing() else None
            if sock is not None and sock.fileno() >= 0:
                yield obj, transport, sock

    def server_connections():
        return [
            {
                "protocol": type(protocol).__name__,
                "transport": type(transport).__name__,
                "nodelay": bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)),
            }
            for protocol, transport, sock in open_connections()
        ]

    def force_nagle():
        """Nagle on: TCP_NODELAY off on the open connections, and asyncio sets it on no new one."""
        asyncio.base_events._set_nodelay = lambda sock: None
        for _protocol, _transport, sock in open_connections():
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)

    nagle = bool(mo.cli_args().get("nagle"))
    if nagle:
        force_nagle()
    desk = Desktop(app=Path("app.html"))
    echo = Echo()
    report = mo.ui.button(label="report connections", value=0, on_click=lambda count: count + 1)
    return desk, echo, json, mo, nagle, os, report, server_connections


@app.cell
def _(desk, echo, mo, report):
    mo.vstack([mo.ui.anywidget(desk), mo.ui.anywidget(echo), report])
    return


@app.cell
def _(desk, json, mo, nagle, os, report, server_connections):
    reads = [e for e in desk.request_log if e["request"] == "agent.get"]
    facts = {
        "clicks": report.value,
        "kernel_pid": os.getpid(),
        "nagle_forced": nagle,
        "connections": server_connections(),
        "reads": [sum(1 for e in reads if e.get("answeredBy") == "browser"), len(reads)],
    }
    mo.plain_text("server report " + json.dumps(facts))
    return


if __name__ == "__main__":
    app.run()
