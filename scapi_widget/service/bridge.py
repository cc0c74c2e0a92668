"""The desktop's end of the postMessage channel, in plain Python.

:class:`AppBridge` receives what hosted frames post (already tied to a frame by the front
end, which checked ``event.source``), applies the security model, runs requests through the
service and turns desktop events into notifications for each subscribed frame. Its output is
a list of :class:`Post` — "post this message to that frame" — which the widget relays.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any, NamedTuple

from ..desktop.events import NARRATION, DesktopEvent
from ..desktop.frames import OPAQUE_ORIGIN, DocumentTag, Frame
from ..desktop.model import REQUEST, AgentDesktop, report_failure
from ..desktop.security import normalize_origin
from ..errors import ScapiError
from ..wire import protocol
from ..wire.values import wire_problem
from .core import Caller, Service
from .local_reads import LOCAL_READS
from .running import SERVICE, run_app_request

log = logging.getLogger(__name__)
REQUEST_LOG_LIMIT = 500


class Post(NamedTuple):
    """Post ``message`` to frame ``frame_id``; with ``epoch``, only while the frame holds that epoch's
    document (an answer or event never reaches the next document of a frame reloaded meanwhile).
    (A named tuple: one is made for every event each subscribed frame gets.)"""

    frame_id: int
    message: dict[str, Any]
    epoch: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"frameId": self.frame_id, "message": self.message}


PostSink = Callable[[Post], None]


class AppBridge:
    """Hosted frames ↔ desktop. Thread-safe: everything runs under the desktop's lock."""

    def __init__(self, desktop: AgentDesktop, sink: PostSink, service: Service = SERVICE) -> None:
        self.desktop = desktop
        self.service = service
        self._sink = sink
        self._log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_LIMIT)
        # (seq, frameId, event, eventType) per post: a tuple of scalars the garbage collector stops
        # tracking, where a burst would keep hundreds of dicts alive for it to scan
        self._sent: deque[tuple[int, int, str, str | None]] = deque(maxlen=REQUEST_LOG_LIMIT)
        self._remove_listener = desktop.add_event_listener(self._fan_out)
        self.unvouched = 0  # messages dropped because their document was not the one the desktop loaded

    @property
    def request_log(self) -> list[dict[str, Any]]:
        """Answered app traffic, newest last: frame, request (or subscribe), parameters, outcome."""
        with self.desktop.lock:
            return list(self._log)

    @property
    def notification_log(self) -> list[dict[str, Any]]:
        """Events posted to subscribed app documents, newest last: seq, frame, event family, eventType."""
        with self.desktop.lock:
            return [
                {"seq": seq, "frameId": frame_id, "event": event, "eventType": event_type}
                for seq, frame_id, event, event_type in self._sent
            ]

    def close(self) -> None:
        self._remove_listener()

    # ------------------------------------------------------------------ frames

    def frame_loaded(self, frame_id: int, document: DocumentTag | None = None) -> None:
        """A document loaded in a hosted frame (``document``: as the front end saw it; ``None``: the
        desktop's own load). A document the desktop vouches for gets a new generation (the old one's
        subscriptions go) and its frameId; a document an opaque frame navigated to gets nothing and
        loses the frame's subscriptions (see :meth:`FrameRegistry.document_loaded`)."""
        with self.desktop.transaction():
            frame = self._frame(frame_id)
            verdict = self.desktop.frames.document_loaded(frame.frame_id, document)
            if verdict == "stale":
                return
            self.desktop.touch("frames")
            if verdict == "vouched":
                self._sink(Post(frame.frame_id, protocol.frame_id_assignment(frame.frame_id), frame.epoch))
            else:
                log.warning("frame %s (%s) left its page: SCAPI is off for this document", frame_id, frame.label)

    def reload_frame(self, frame_id: int) -> None:
        """The desktop loads the frame's app again (the user pressed "Reload app")."""
        with self.desktop.transaction():
            self.desktop.frames.reload(self._frame(frame_id).frame_id)
            self.desktop.touch("frames")

    def receive_from(self, frame_id: Any, origin: Any, data: Any, document: DocumentTag) -> None:
        """:meth:`receive` for a message the front end saw from ``document`` of the frame: a document
        the desktop does not vouch for (see :meth:`FrameRegistry.vouches`) gets no answer at all."""
        with self.desktop.transaction():
            if isinstance(frame_id, int) and not self.desktop.frames.vouches(frame_id, document):
                self.unvouched += 1
                log.info("ignoring traffic from frame %s: not the document the desktop loaded", frame_id)
                return
            self.receive(frame_id, origin, data)

    def frame_unloaded(self, frame_id: int) -> None:
        with self.desktop.transaction():
            self.desktop.frames.unloaded(self._frame(frame_id).frame_id)
            self.desktop.touch("frames")

    def _frame(self, frame_id: Any) -> Frame:
        frame = self.desktop.frames.get(frame_id) if isinstance(frame_id, int) else None
        if frame is None:
            raise ValueError(f"no hosted frame with id {frame_id!r}")
        return frame

    def _sender(self, frame_id: Any, origin: Any) -> tuple[Frame, str] | None:
        """The frame a message came from and the origin the policy judges it by, or None when the
        desktop ignores it: no such frame (``true`` is not frame 1), an origin not accepted, a
        document that is not the app's."""
        frame = self.desktop.frames.get(frame_id) if type(frame_id) is int else None
        if frame is None or not isinstance(origin, str):
            return None
        policy_origin = self.effective_origin(frame, origin)
        if policy_origin is None or not self.desktop.policy.accepts(policy_origin):
            return None
        return frame, policy_origin

    def effective_origin(self, frame: Frame, origin: str) -> str | None:
        """The origin the policy judges: the event's, or for an opaque (sandboxed) frame the app's.

        ``None`` when the frame's document is not from where the app was loaded, or (an opaque
        frame) is not the document the desktop loaded.
        """
        if frame.left_page:
            return None  # not the document the desktop loaded: no rights at all
        if origin == OPAQUE_ORIGIN:
            return frame.origin if frame.opaque else None
        try:
            origin = normalize_origin(origin)
        except ValueError:  # not an origin a browser reports (a port that is no number)
            return None
        return origin if origin == frame.origin else None

    # ------------------------------------------------------------------ traffic

    def receive(self, frame_id: Any, origin: Any, data: Any) -> None:
        """One message a hosted frame posted (``event.origin``, ``event.data``). Never raises.

        Not SCAPI traffic, a frame from a non-accepted origin, or a document that is not the
        app's: no answer at all. Malformed SCAPI traffic: a failure answer. A bug of ours while
        handling it: a failure answer too, and a :class:`~scapi_widget.desktop.model.ListenerWarning`.
        The request may remove or reload its own frame (a dialog that closes itself): its answer
        then goes nowhere (:class:`Post` ``epoch``), and nothing afterwards touches the frame.
        """
        with self.desktop.transaction():
            message = protocol.parse(data)
            if message is None:
                return
            sender = self._sender(frame_id, origin)
            if sender is None:
                log.info("ignoring SCAPI traffic from frame %s (origin %s not accepted)", frame_id, origin)
                return
            frame, policy_origin = sender
            epoch, reply = frame.epoch, None
            try:
                if frame.mode == "popup" and not frame.loaded:
                    self.frame_loaded(frame.frame_id)  # a popup's load cannot be seen: its first message says it
                epoch = frame.epoch
                reply = self._answer(frame, Caller(policy_origin, frame.mode, frame.frame_id), message)
                self._sink(Post(frame.frame_id, reply, epoch))  # to the document that asked, if it is still there
                self._settle(frame, epoch, message, reply)
            except Exception as exc:  # a bug of ours: the app is still answered, and the notebook told
                what, lost = self._what(message), "lost: its entry in the request log"
                if reply is None:
                    reply = protocol.failure(message.reference_id, f"internal error in {what}: {type(exc).__name__}")
                    self._sink(Post(frame.frame_id, reply, epoch))
                    lost = "the app was answered with an error"
                report_failure(f"handling {what} from frame {frame.frame_id}", exc, lost)

    def _settle(self, frame: Frame, epoch: int, message: Any, reply: dict[str, Any]) -> None:
        """After the handler: count the frame connected if it is still there (its request may have
        removed or reloaded it) and the request granted, and log the request."""
        still_there = self.desktop.frames.get(frame.frame_id) is frame and frame.epoch == epoch
        if still_there and "errorMessage" not in reply:  # a refused request changes nothing, so it connects nothing
            if self.desktop.frames.spoke(frame.frame_id, getattr(message, "frame_id", None) == frame.frame_id):
                self.desktop.touch("frames")
        self._log.append(self._log_entry(frame, message, reply))
        self.desktop.touch("requests")  # so waiting on the request log wakes up

    def answered_in_browser(self, reports: list[Any]) -> None:
        """Reads the front end answered from the replica (:mod:`scapi_widget.service.local_reads`), each
        ``{frameId, document, origin, data, answer}``: logged, recorded and counted (a granted
        request connects the frame) as if the desktop had answered them. Reports that do not hold
        up (another frame's document, an origin not accepted, not a read, an answer that is no
        wire value) are ignored."""
        with self.desktop.transaction():
            for report in reports:
                try:
                    self._answered_in_browser(report)
                except Exception as exc:  # a bug of ours: the other reports still count
                    report_failure("logging a read the browser answered", exc, "that read is not in the request log")
            self.desktop.touch("requests")

    def _answered_in_browser(self, report: Any) -> None:
        if not isinstance(report, dict):
            return
        sender = self._sender(report.get("frameId"), report.get("origin"))
        tag = DocumentTag.parse(report.get("document"))
        message = protocol.parse(report.get("data"))
        if sender is None or tag is None or not isinstance(message, protocol.Request):
            return
        frame, policy_origin = sender
        if (
            message.name not in LOCAL_READS
            or not self.desktop.frames.vouches(frame.frame_id, tag)
            or not self.desktop.policy.allows(policy_origin, message.name, frame.mode)
            or wire_problem(report.get("answer")) is not None
        ):
            return
        self.desktop.record(REQUEST, message.name, message.parameters, {}, frame_id=frame.frame_id)
        if self.desktop.frames.spoke(frame.frame_id, message.frame_id == frame.frame_id):
            self.desktop.touch("frames")
        reply = protocol.success(message.reference_id, report.get("answer"))
        self._log.append({**self._log_entry(frame, message, reply), "answeredBy": "browser"})

    @staticmethod
    def _what(message: Any) -> str:
        """A SCAPI message in a few words, for warnings."""
        if isinstance(message, protocol.Request):
            return f"request {message.name}"
        return "a subscription" if isinstance(message, (protocol.Subscribe, protocol.Unsubscribe)) else "a message"

    def _log_entry(self, frame: Frame, message: Any, reply: dict[str, Any]) -> dict[str, Any]:
        if isinstance(message, protocol.Request):
            what, params = message.name, list(message.parameters)
        elif isinstance(message, protocol.Subscribe):
            what, params = "subscribe", list(message.names)
        elif isinstance(message, protocol.Unsubscribe):
            what, params = "unsubscribe", [message.subscription_id]
        else:
            what, params = "malformed", []
        entry = {
            "time": self.desktop.clock.now(),
            "frameId": frame.frame_id,
            "request": what,
            "parameters": params,
            "ok": "errorMessage" not in reply,
        }
        if "errorMessage" in reply:
            entry["errorMessage"] = reply["errorMessage"]
        elif "data" in reply:
            entry["data"] = reply["data"]
        return entry

    def _answer(self, frame: Frame, caller: Caller, message: Any) -> dict[str, Any]:
        if isinstance(message, protocol.Malformed):
            return protocol.failure(message.reference_id, message.error_message)
        if isinstance(message, protocol.Subscribe):
            after_handshake = message.frame_id is not None and message.frame_id == frame.frame_id
            sub_id = self.desktop.frames.subscribe(frame.frame_id, message.names, after_handshake)
            self.desktop.touch("frames")
            return protocol.subscribed(message.reference_id, sub_id)
        if isinstance(message, protocol.Unsubscribe):
            if not self.desktop.frames.unsubscribe(frame.frame_id, message.subscription_id):
                return protocol.failure(
                    message.reference_id, f"no subscription {message.subscription_id[:40]!r} in this frame"
                )
            self.desktop.touch("frames")
            return protocol.success(message.reference_id)
        try:
            data = run_app_request(self.desktop, caller, message.name, message.parameters, self.service)
        except ScapiError as exc:
            return protocol.failure(message.reference_id, exc.error_message)
        return protocol.success(message.reference_id, data)

    # ------------------------------------------------------------------ notifications

    def _fan_out(self, event: DesktopEvent) -> None:
        if event.family == NARRATION:
            return  # a demo's caption: for the audience, not the apps
        targets = self.desktop.frames.subscribers(event.family)
        if event.frame_id is not None:
            targets = [f for f in targets if f == event.frame_id]
        if not targets:
            return
        message = protocol.notification(event.family, self._for_apps(event.payload))
        for frame_id in targets:
            frame = self.desktop.frames.get(frame_id)
            if frame is None:
                continue
            self._sent.append((event.seq, frame_id, event.family, event.event_type))
            self._sink(Post(frame_id, message, frame.epoch))

    def _for_apps(self, data: dict[str, Any]) -> dict[str, Any]:
        interaction = data.get("interaction")
        if not isinstance(interaction, dict) or "userData" not in interaction or self.desktop.read_allowed.everything:
            return data
        filtered = dict(interaction, userData=self.desktop.read_allowed.filter(interaction["userData"]))
        return dict(data, interaction=filtered)
