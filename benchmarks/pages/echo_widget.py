"""The platform floor as a widget: a minimal anywidget whose Python side sends back every custom message
it gets (its front end: echo.js, beside this file). Notebooks and apps next to this file import it."""

from pathlib import Path

import anywidget


class Echo(anywidget.AnyWidget):
    _esm = Path(__file__).with_name("echo.js")

    def __init__(self) -> None:
        super().__init__()
        self.on_msg(lambda widget, content, buffers: widget.send(content))
