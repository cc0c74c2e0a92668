"""What a person does in the built-in demo app while a tutorial cell waits for it, done by a test instead.

A tutorial cell that awaits a click in the app carries the tag ``app-click:<name>`` (e.g.
``app-click:dial``); :data:`APP_CLICKS` says what that click is. Every runner of the tutorials uses
this one table: the JupyterLab test clicks in the page's app frame, the nbclient run asks the kernel's
headless front end to click (:meth:`HeadlessFrontEnd.in_app <scapi_widget.testing.headless.HeadlessFrontEnd.in_app>`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from playwright.sync_api import FrameLocator, expect

TAG = "app-click:"
READY_TIMEOUT_MS = 60_000  # a busy machine may take a while to load the app


def dial(app: FrameLocator, number: str = "5551234") -> None:
    """Once the demo app is ready, type ``number`` and click its Dial button (a ``voice.dial`` request)."""
    expect(app.get_by_test_id("ready")).to_have_text("yes", timeout=READY_TIMEOUT_MS)
    app.get_by_test_id("dial-number").fill(number)
    app.get_by_test_id("dial").click()


def toast(app: FrameLocator, button: int = 1) -> None:
    """Once the demo app is ready, click its "Pop a toast" button, then that toast's ``button`` in the desktop."""
    expect(app.get_by_test_id("ready")).to_have_text("yes", timeout=READY_TIMEOUT_MS)
    app.get_by_test_id("toast").click()
    toast_id = app.get_by_test_id("toast-id")
    expect(toast_id).to_have_text(re.compile(r"^wweCustomToast"))
    app.owner.page.get_by_test_id(f"desk-toast-{toast_id.inner_text()}-button-{button}").click()


def answer(app: FrameLocator) -> None:
    """Once call 1 rings in the demo app, click its Answer button (a ``voice.answer`` request), as a presenter would."""
    button = app.get_by_test_id("answer-1")
    expect(button).to_be_visible(timeout=READY_TIMEOUT_MS)
    button.click()


AppClick = Callable[[FrameLocator], None]
APP_CLICKS: Mapping[str, AppClick] = {"dial": dial, "toast": toast, "answer": answer}


def click_names(tags: Iterable[Any]) -> list[str]:
    """The clicks a cell's tags ask for (``app-click:<name>``), in order; an unknown name is an error."""
    names = [tag.removeprefix(TAG) for tag in tags if isinstance(tag, str) and tag.startswith(TAG)]
    unknown = [name for name in names if name not in APP_CLICKS]
    if unknown:
        raise KeyError(f"cell tag(s) {', '.join(TAG + n for n in unknown)}: known clicks are {', '.join(APP_CLICKS)}")
    return names
