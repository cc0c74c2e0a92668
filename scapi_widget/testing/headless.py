"""A real front end for a kernel that has none (nbclient, papermill, CI).

Under nbclient nobody renders widgets, so a displayed ``Desktop`` never gets a view and its apps
never load: ``await desk.app_connected()`` would time out, truthfully. :func:`show_desktops_headless`
gives such a kernel a front end: each ``Desktop`` the notebook displays is rendered by the light
harness in headless Chromium (the widget's real JavaScript, the apps' real pages), on a thread of
the kernel. Run it in a cell the runner adds before the notebook's own cells.
"""

from __future__ import annotations

import atexit
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator

    from scapi_widget.notebook.widget import Desktop

    from .harness import LightHarness

PUMP_MS = 10  # how long each turn of the Playwright thread lets the pages run


@dataclass(frozen=True)
class _Click:
    """A click :meth:`HeadlessFrontEnd.in_app` queued: ``action(app frame)``."""

    name: str
    action: Callable[[FrameLocator], Any]
    frame_id: int


class HeadlessFrontEnd:
    """Renders desktops in headless Chromium from a thread of its own (Playwright's sync API is per thread)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Desktop | _Click] = queue.Queue()
        self._stop = threading.Event()
        self._started = threading.Event()
        self.shown: set[int] = set()
        self.harnesses: list[LightHarness] = []
        self.errors: list[str] = []
        self._thread = threading.Thread(target=self._run, name="scapi-headless-front-end", daemon=True)
        self._thread.start()
        if not self._started.wait(60) or self.errors:
            raise RuntimeError(f"the headless front end did not start: {self.errors or 'no answer within 60 s'}")

    def show(self, desk: Desktop) -> None:
        """Render ``desk`` (once; later displays of the same desktop add nothing)."""
        if id(desk) not in self.shown:
            self.shown.add(id(desk))
            self._queue.put(desk)

    def in_app(self, click: Callable[[FrameLocator], Any], frame_id: int = 1) -> None:
        """Do ``click(app)`` in a hosted app of the desktop shown first (as the JupyterLab runs click in the
        page's first app frame; a ``side_by_side`` row's first desktop), on the front end's thread, and return
        at once: what a person would do in the app while the next cell awaits it. A failure goes to ``errors``."""
        self._queue.put(_Click(getattr(click, "__name__", repr(click)), click, frame_id))

    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        from scapi_widget.serving.app_server import AppServer

        from .harness import LightHarness, launch_chromium

        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                server = AppServer()
                pump = browser.new_page()
                self._started.set()
                while not self._stop.is_set():
                    try:
                        desk = self._queue.get_nowait()
                    except queue.Empty:
                        pump.wait_for_timeout(PUMP_MS)  # lets every page's bindings run
                        continue
                    if isinstance(desk, _Click):  # queued by in_app, after the desktops shown before it
                        self._click(desk)
                        continue
                    page = browser.new_page(viewport={"width": 1200, "height": 900})
                    page.on("pageerror", lambda exc: self.errors.append(f"JavaScript error: {exc}"))
                    try:
                        self.harnesses.append(LightHarness(page, desk, server))
                    except Exception as exc:  # this desktop gets no view; the next ones still may
                        self.errors.append(f"could not render {desk!r}: {type(exc).__name__}: {exc}")
                browser.close()
                server.close()
        except Exception as exc:  # reported by the constructor or by errors
            self.errors.append(f"{type(exc).__name__}: {exc}")
            self._started.set()

    def _click(self, click: _Click) -> None:
        try:
            if not self.harnesses:
                raise RuntimeError("no desktop is shown: display one before clicking in its app")
            click.action(self.harnesses[0].app(click.frame_id))
        except Exception as exc:
            self.errors.append(f"in_app({click.name}): {type(exc).__name__}: {exc}")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(30)


_front_end: HeadlessFrontEnd | None = None


def show_desktops_headless() -> HeadlessFrontEnd:
    """From now on, every ``Desktop`` this kernel displays is also rendered in headless Chromium (each
    desktop of a displayed ``side_by_side`` row too, each on a page of its own)."""
    global _front_end
    if _front_end is not None:
        return _front_end
    from scapi_widget.notebook.centre_view import DesktopRow
    from scapi_widget.notebook.widget import Desktop

    front_end = HeadlessFrontEnd()
    shown = Desktop._repr_mimebundle_

    def _repr_mimebundle_(self: Desktop, **kwargs: Any) -> Any:
        front_end.show(self)
        return shown(self, **kwargs)

    Desktop._repr_mimebundle_ = _repr_mimebundle_  # type: ignore[method-assign,assignment]
    row_shown = DesktopRow._repr_mimebundle_

    def _row_repr_mimebundle_(self: DesktopRow, **kwargs: Any) -> Any:
        for desk in self.desktops:
            front_end.show(desk)
        return row_shown(self, **kwargs)

    DesktopRow._repr_mimebundle_ = _row_repr_mimebundle_
    atexit.register(front_end.close)
    _front_end = front_end
    return front_end
