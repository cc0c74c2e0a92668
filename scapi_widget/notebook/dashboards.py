"""Dashboards that run every cell before their page exists (Voilà), and what a notebook cannot do there.

Voilà executes the whole notebook in its kernel, then sends the page: while a cell runs no view
of the desktop exists, so no app can connect and ``await desk.app_connected()`` could only time
out (and Voilà shows just "There was an error when executing cell [n]", its traceback stripped).
Under Voilà it fails at once instead, and shows the fix in the page as an output of its own.

A notebook that plays its story once the app connects (``desk.play(story, start="app-connected")``)
checks it at the end with ``await when_finished(run, check)``: under Run All (JupyterLab, nbclient)
the cell waits for the story and runs the check in the cell, so a failure fails the run; under Voilà
the cell returns at once and the check's outcome appears in the page when the story ends.

How the kernel knows: Voilà starts its kernels (pre-heated or per request, standalone or as a
Jupyter server extension) with ``VOILA_BASE_URL``, ``VOILA_SERVER_URL`` and ``VOILA_APP_PORT`` in
their environment (``voila.utils.ENV_VARIABLE``); JupyterLab, Notebook 7 and marimo set none.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol


class ScenarioRun(Protocol):
    """What :func:`when_finished` needs of a scenario run (``scapi_widget.notebook.scenario.ScenarioRun``)."""

    async def finished(self) -> Any: ...

    def join(self, timeout: float | None = None) -> bool: ...

VOILA_KERNEL_ENV = ("VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_APP_PORT")
"""What Voilà puts in the environment of every kernel it starts (all three)."""

AWAIT_UNDER_VOILA = (
    "`await desk.app_connected()` cannot work under Voilà: Voilà runs every cell before the page exists, "
    "so no app can connect while a cell waits. Start the demo once the app connects, without awaiting: "
    '`desk.play(scenario, start="app-connected")`, or react in a callback: '
    "`desk.on_app_connected(lambda app: ...)`. Do not await the app in notebooks meant for Voilà."
)


AWAIT_RUN_UNDER_VOILA = (
    "`await run.finished()` cannot work under Voilà while the run waits for {what}: Voilà runs every cell "
    "before the page exists, so nothing the page does can happen while a cell waits. End the notebook with "
    "`await when_finished(run, check)` (from scapi_widget), which checks the story in the page once it ends."
)


class DashboardError(RuntimeError):
    """A notebook did something its dashboard (Voilà) cannot do; the message says what to do instead."""


def under_voila(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel was started by Voilà (see the module's docstring)."""
    env = os.environ if environ is None else environ
    return all(env.get(name) for name in VOILA_KERNEL_ENV)


def refuse_await_under_voila(ready: bool, environ: Mapping[str, str] | None = None) -> None:
    """Raise :class:`DashboardError` (after showing its message as an output, which Voilà keeps) when
    awaiting the app cannot succeed: under Voilà, before any view of the desktop exists."""
    if not ready:
        _refuse_under_voila(AWAIT_UNDER_VOILA, environ)


def refuse_await_run_under_voila(waiting_for: str | None, environ: Mapping[str, str] | None = None) -> None:
    """The same for awaiting a scenario run that waits for what only the page can give (the apps to
    connect, the presenter's click, an app's request): ``waiting_for`` names it, None when it waits for nothing."""
    if waiting_for is not None:
        _refuse_under_voila(AWAIT_RUN_UNDER_VOILA.format(what=waiting_for), environ)


def _refuse_under_voila(message: str, environ: Mapping[str, str] | None) -> None:
    if under_voila(environ):
        _show(message)
        raise DashboardError(message)


def _show(message: str) -> None:
    """Show ``message`` as a cell output: Voilà strips tracebacks and stderr from its page, not outputs."""
    import re
    from html import escape

    from IPython.display import display

    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(message, quote=False))
    html = f'<div class="scapi-dashboard-error" data-testid="scapi-dashboard-error" role="alert">{text}</div>'
    display({"text/plain": message, "text/html": html}, raw=True)  # type: ignore[no-untyped-call]


CHECK_PENDING = "The story plays once the app has connected; its checks run when it ends."


async def when_finished(
    run: ScenarioRun, check: Callable[[], str], *, environ: Mapping[str, str] | None = None
) -> None:
    """``await when_finished(run, check)``: once ``run`` has finished, ``check()`` (it raises
    AssertionError when something is wrong, or returns a line saying what it checked), printed below.

    Under Voilà (cells run before the page exists, so waiting would never end) it returns at once,
    showing :data:`CHECK_PENDING` in a line that becomes the check's outcome when the story ends."""
    if not under_voila(environ):
        await run.finished()
        print(check())
        return
    import ipywidgets

    shown = ipywidgets.HTML(_outcome_html("pending", CHECK_PENDING))
    from IPython.display import display

    display(shown)  # type: ignore[no-untyped-call]
    threading.Thread(target=_check_later, args=(run, check, shown), name="story check", daemon=True).start()


def _check_later(run: ScenarioRun, check: Callable[[], str], shown: object) -> None:
    run.join()
    try:
        html = _outcome_html("passed", check())
    except Exception as error:  # a failed check is shown, not lost in a thread
        html = _outcome_html("failed", f"check failed: {type(error).__name__}: {error}")
    shown.value = html  # type: ignore[attr-defined]


def _outcome_html(state: str, text: str) -> str:
    from html import escape

    return f'<output class="scapi-story-check" data-testid="story-check" data-state="{state}">{escape(text)}</output>'
