"""Toasts popped by apps or notebook code (``system.popupToast``), with their buttons.

At most :data:`MAX_OPEN_TOASTS` toasts are open: popping one more first closes the oldest
(exactly as :meth:`ToastTray.close_toast` would), so each popup costs the same however many
toasts apps have popped. Numbers are bounded: ``autoCloseTimeout`` 0 (stay open) to
:data:`MAX_AUTO_CLOSE_MS` ms, ``width`` 1 to :data:`MAX_TOAST_WIDTH` px.

A toast belongs to the frame that popped it (its clicks go to that frame): an app may update or
close only its own toasts; for another's it gets ``false``, as for an id that does not exist, and
nothing changes. Notebook code and the desktop UI may change any toast.

:class:`ToastTray` is a part of the desktop model: it may use the desktop's
:class:`~.plumbing.Plumbing` (clock for auto-close, ids, events, change marks) and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidParameterError
from ..wire.values import check_wire_value
from .json_values import copy_json
from .plumbing import Plumbing
from .userdata import check_key_values
from .validation import require_str

# field name -> (accepted types, required on popup)
TOAST_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "title": ((str,), True),
    "iconUrl": ((str,), False),
    "subject": ((str,), False),
    "message": ((str,), False),
    "keyValues": ((dict,), False),
    "buttons": ((list,), False),
    "buttonShowDismiss": ((bool,), False),
    "autoCloseTimeout": ((int, float), False),
    "sendToMyMessage": ((bool,), False),
    "width": ((int, float), False),
}
MAX_BUTTONS = 10
MAX_OPEN_TOASTS = 50
"""Open toasts at most; popping another closes the oldest."""
MAX_AUTO_CLOSE_MS = 24 * 60 * 60 * 1000
"""The longest ``autoCloseTimeout``: one day, in milliseconds."""
MAX_TOAST_WIDTH = 4000
"""The widest toast, in pixels."""
NUMBER_RANGES: dict[str, tuple[float, float, str]] = {
    "autoCloseTimeout": (0, MAX_AUTO_CLOSE_MS, "0 (stay open) or a positive number of ms"),
    "width": (1, MAX_TOAST_WIDTH, "a positive number of px"),
}
"""Numeric toast fields: (least, greatest, what they mean)."""


def check_toast_parameters(params: Any, *, popup: bool) -> dict[str, Any]:
    """Validated ToastParameters; ``popup`` requires a title. Unknown fields are refused."""
    if not isinstance(params, dict):
        raise InvalidParameterError(f"toast parameters must be an object, got {type(params).__name__}")
    check_wire_value(params, "toast parameters")
    unknown = sorted(set(params) - set(TOAST_FIELDS))
    if unknown:
        raise InvalidParameterError(
            f"unknown toast field(s) {', '.join(unknown)}; known fields: {', '.join(TOAST_FIELDS)}"
        )
    clean: dict[str, Any] = {}
    for name, (types, required) in TOAST_FIELDS.items():
        if name not in params or params[name] is None:
            if required and popup:
                raise InvalidParameterError(f"a toast needs a {name!r} (string)")
            continue
        value = params[name]
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            wanted = " or ".join("number" if t in (int, float) else t.__name__ for t in types)
            raise InvalidParameterError(f"toast field {name!r} must be a {wanted}, got {type(value).__name__}")
        clean[name] = value
    buttons = clean.get("buttons", [])
    if len(buttons) > MAX_BUTTONS or not all(isinstance(b, str) and b for b in buttons):
        raise InvalidParameterError(f"toast 'buttons' must be a list of at most {MAX_BUTTONS} non-empty strings")
    if "keyValues" in clean:
        clean["keyValues"] = check_key_values(clean["keyValues"], "toast keyValues")
    for name, (least, greatest, meaning) in NUMBER_RANGES.items():
        value = clean.get(name)
        if value is not None and not least <= value <= greatest:
            raise InvalidParameterError(f"toast {name!r} must be {meaning}, from {least} to {greatest}, got {value!r}")
    return clean


@dataclass
class Toast:
    """A toast on the desktop; ``owner_frame`` is the app frame that popped it (None: notebook)."""

    toast_id: str
    parameters: dict[str, Any]
    created: float
    owner_frame: int | None = None
    cancel_auto_close: Any = field(default=None, repr=False, compare=False)

    @property
    def buttons(self) -> list[str]:
        return list(self.parameters.get("buttons", []))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = copy_json(self.parameters)
        data["id"] = self.toast_id
        data["ownerFrame"] = self.owner_frame
        data["created"] = self.created
        return data


class ToastTray:
    """The open toasts, oldest first: popping, updating, closing and clicking them."""

    def __init__(self, desk: Plumbing) -> None:
        self.desk = desk
        self.items: dict[str, Toast] = {}

    def popup_toast(
        self, parameters: Mapping[str, Any] | None = None, *, owner_frame: int | None = None, **fields: Any
    ) -> str:
        with self.desk.transaction():
            merged = {**(parameters or {}), **fields}
            params = check_toast_parameters(merged, popup=True)
            while len(self.items) >= MAX_OPEN_TOASTS:
                self.close_toast(next(iter(self.items)))  # the oldest: dicts keep insertion order
            toast_id = f"wweCustomToast{self.desk.ids.next('toast', start=0)}"
            toast = Toast(toast_id, params, self.desk.clock.now(), owner_frame)
            self.items[toast_id] = toast
            self.schedule_auto_close(toast)
            self.desk.touch("toasts")
            return toast_id

    def schedule_auto_close(self, toast: Toast) -> None:
        if toast.cancel_auto_close is not None:
            toast.cancel_auto_close()
            toast.cancel_auto_close = None
        timeout = toast.parameters.get("autoCloseTimeout") or 0
        if timeout > 0:
            toast_id = toast.toast_id

            def auto_close() -> None:
                self.close_toast(toast_id)

            toast.cancel_auto_close = self.desk.clock.call_later(timeout / 1000.0, auto_close)

    def mine(self, toast_id: str, caller_frame: int | None) -> Toast | None:
        """The toast ``toast_id`` if ``caller_frame`` may change it (None: notebook code, any toast)."""
        toast = self.items.get(toast_id)
        if toast is None or (caller_frame is not None and toast.owner_frame != caller_frame):
            return None
        return toast

    def update_toast(
        self,
        toast_id: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        caller_frame: int | None = None,
        **fields: Any,
    ) -> bool:
        with self.desk.transaction():
            require_str(toast_id, "toast id")
            params = check_toast_parameters({**(parameters or {}), **fields}, popup=False)
            toast = self.mine(toast_id, caller_frame)
            if toast is None:
                return False
            toast.parameters.update(params)
            if "autoCloseTimeout" in params:
                self.schedule_auto_close(toast)
            self.desk.touch("toasts")
            return True

    def close_toast(self, toast_id: str, *, caller_frame: int | None = None) -> bool:
        with self.desk.transaction():
            require_str(toast_id, "toast id")
            if self.mine(toast_id, caller_frame) is None:
                return False
            toast = self.items.pop(toast_id)
            if toast.cancel_auto_close is not None:
                toast.cancel_auto_close()
            self.desk.touch("toasts")
            return True

    def close_toasts_of(self, frame_id: int) -> None:
        """The frame ``frame_id`` was removed: close the toasts it popped (nobody could hear their buttons)."""
        for toast_id in [t.toast_id for t in self.items.values() if t.owner_frame == frame_id]:
            self.close_toast(toast_id)

    def click_toast_button(self, toast_id: str, button: int | str) -> None:
        with self.desk.transaction():
            require_str(toast_id, "toast id")
            toast = self.items.get(toast_id)
            if toast is None:
                raise InvalidParameterError(f"no toast with id {toast_id!r} (open: {', '.join(self.items) or 'none'})")
            buttons = toast.buttons
            if isinstance(button, str) and not isinstance(button, bool):
                if button not in buttons:
                    raise InvalidParameterError(f"toast {toast_id} has no button {button!r} (buttons: {buttons})")
                index = buttons.index(button)
            elif isinstance(button, int) and not isinstance(button, bool) and 0 <= button < len(buttons):
                index = button
            else:
                raise InvalidParameterError(
                    f"toast {toast_id} has buttons 0..{len(buttons) - 1} ({buttons}), not {button!r}"
                )
            self.desk.emit(
                "system",
                {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": index},
                frame_id=toast.owner_frame,
            )
            self.close_toast(toast_id)
