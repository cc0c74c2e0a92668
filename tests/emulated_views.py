"""The widget's views as the browser runs them, rebuilt in Python from what reaches the comm.

Each open view keeps a replica (:class:`~tests.replica_view.ReplicaView`: its snapshot, then the
ops of every item); the host view (the replica's ``host_view``) makes a frame element per app
as ``js/frames-view.js`` does (a new element, whose documents count loads from 0, whenever the
app's URL, epoch or sandbox changes; a popup's relay counts as its first load) and posts each
item's messages to the element's current document as ``js/frame-bridge.js`` does (after the
item's ops; never to a document beyond the app's published ``maxLoads``). As the browser does, a
frame sandboxed without ``allow-same-origin`` posts from the origin ``"null"``. The comm encodes like the kernel
(:func:`~tests.kernel_packing.strict_pack`), with no flow control.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scapi_widget import Desktop
from scapi_widget.testing.comm_capture import capture_comm

from .kernel_packing import as_the_kernel_sends, unlimited
from .replica_view import ReplicaView

Document = tuple[int, int, int]
"""A document of a frame: (frameId, epoch, loads), as the view tags its messages."""


@dataclass
class Element:
    """One frame element the host view made for an app."""

    frame_id: int
    key: tuple[Any, ...]
    epoch: int
    origin: str  # what event.origin says for its documents
    max_loads: int | None  # as Python published it
    popup: bool
    loads: int = 0

    @property
    def document(self) -> Document:
        return (self.frame_id, self.epoch, self.loads)


@dataclass
class View:
    """One view: its replica (None until its snapshot came) and, while it hosts, its frame elements."""

    view_id: str
    replica: ReplicaView | None = None
    elements: dict[int, Element] = field(default_factory=dict)


def element_key(app: dict[str, Any]) -> tuple[Any, ...]:
    """What an element was made from (``frameKey`` in js/frames-view.js): a change makes it anew."""
    return (app["url"], app.get("epoch", 0), "relay" if app["mode"] == "popup" else app["sandbox"])


class Browser:
    """Views of one Desktop widget: open them, send their messages, and read what they got."""

    def __init__(self, widget: Desktop) -> None:
        self.widget = widget
        self.comm: list[dict[str, Any]] = []
        capture_comm(widget, as_the_kernel_sends(lambda data, _size: self.comm.append(data)), raw=True)
        unlimited(widget)
        self.views: dict[str, View] = {}
        self.received: dict[Document, list[dict[str, Any]]] = {}
        self.deliveries: list[tuple[Document, dict[str, Any]]] = []  # every post a document got, in order
        self.messages = 0  # custom messages sent to Python
        self._read = 0

    # ------------------------------------------------------------------ views to Python

    def send(self, **content: Any) -> None:
        """One custom message from a view, to the widget's handler of them (ipywidgets would log and
        swallow an exception: here it fails the test); then the views take what came back."""
        self.messages += 1
        self.widget.link.receive(content)
        self.pump()

    def open_view(self, view_id: str, page_origin: str) -> View:
        view = self.views[view_id] = View(view_id)
        self.send(kind="view-ready", view=view_id, pageOrigin=page_origin)
        return view

    def close_view(self, view_id: str) -> None:
        self.views.pop(view_id)  # its frames go with it (FramesView.clear)
        self.send(kind="view-closed", view=view_id)

    @property
    def host(self) -> View | None:
        """The view that runs the apps, as the views see it (their replica's ``host_view``)."""
        for view in self.views.values():
            if view.replica is not None and view.replica.parts.get("host_view") == view.view_id:
                return view
        return None

    def load(self, element: Element) -> None:
        """A new document loaded in the element. A popup's navigations cannot be seen (its window is
        not the view's): the view counts nothing and sends nothing."""
        if element.popup:
            return
        element.loads += 1
        host = self.host
        if host is not None:
            document = {"epoch": element.epoch, "loads": element.loads}
            self.send(kind="frame-loaded", view=host.view_id, frameId=element.frame_id, document=document)

    def post_from(self, element: Element, data: Any, document: Document | None = None) -> None:
        """``data`` posted by the element's current document (or an earlier ``document`` of it), relayed
        by the host view as js/frame-bridge.js relays it."""
        host = self.host
        assert host is not None
        frame_id, epoch, loads = document or element.document
        tag = {"epoch": epoch, "loads": loads}
        n = self.messages + 1
        self.send(
            kind="scapi", view=host.view_id, n=n, frameId=frame_id, origin=element.origin, document=tag, data=data
        )

    # ------------------------------------------------------------------ Python to views

    def pump(self) -> None:
        """Hand every comm message that came since the last pump to the open views, in order."""
        while self._read < len(self.comm):
            message = self.comm[self._read]
            self._read += 1
            if message.get("method") == "custom" and message["content"].get("kind") == "items":
                for item in message["content"]["items"]:
                    self._item(item)

    def _item(self, item: dict[str, Any]) -> None:
        for view in list(self.views.values()):
            if "snapshot" in item:
                if item["view"] == view.view_id:
                    view.replica = ReplicaView(item["snapshot"])
            elif "ops" in item and view.replica is not None:
                assert view.replica.apply(item["seq"], item["ops"]), f"view {view.view_id} missed ops"
            self._sync_frames(view)
        host = self.host
        if host is None or "posts" not in item:
            return
        for frame_id, index in item["posts"]:
            element = host.elements.get(frame_id)
            if element is None or (element.max_loads is not None and element.loads > element.max_loads):
                continue  # js/frame-bridge.js post(): not a frame of this view, or not the desktop's document
            message = item["messages"][index]
            self.received.setdefault(element.document, []).append(message)
            self.deliveries.append((element.document, message))

    def _sync_frames(self, view: View) -> None:
        if view is not self.host or view.replica is None:
            view.elements.clear()
            return
        apps = {app["frameId"]: app for app in view.replica.parts.get("apps", [])}
        for frame_id in [f for f, e in view.elements.items() if f not in apps or e.key != element_key(apps[f])]:
            del view.elements[frame_id]
        for frame_id, app in apps.items():
            if frame_id not in view.elements and (app.get("opaque") or app["origin"] != PAGE_ORIGIN):  # mayHost
                popup = app["mode"] == "popup"
                origin = app["origin"] if "allow-same-origin" in app["sandbox"].split() else "null"  # the browser's
                epoch = app.get("epoch", 0)
                key = element_key(app)
                view.elements[frame_id] = Element(frame_id, key, epoch, origin, app["maxLoads"], popup, int(popup))

    # ------------------------------------------------------------------ what the views hold

    def replicas(self) -> Iterator[tuple[str, ReplicaView]]:
        for view in self.views.values():
            if view.replica is not None:
                yield view.view_id, view.replica

    def replies_to(self, document: Document, reference_id: Any) -> list[dict[str, Any]]:
        """What ``document`` received answering ``reference_id`` (events have no referenceId)."""
        return [m for m in self.received.get(document, []) if m.get("referenceId") == reference_id]


PAGE_ORIGIN = "http://127.0.0.1:8888"
"""The notebook page's origin of every view here."""
