"""Toasts popped by apps or notebook code (``system.popupToast``), with their buttons."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidParameterError
from .userdata import check_key_values

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


def check_toast_parameters(params: Any, *, popup: bool) -> dict[str, Any]:
    """Validated ToastParameters; ``popup`` requires a title. Unknown fields are refused."""
    if not isinstance(params, dict):
        raise InvalidParameterError(f"toast parameters must be an object, got {type(params).__name__}")
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
    timeout = clean.get("autoCloseTimeout")
    if timeout is not None and timeout < 0:
        raise InvalidParameterError("toast 'autoCloseTimeout' must be 0 (stay open) or a positive number of ms")
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
        data = copy.deepcopy(self.parameters)
        data["id"] = self.toast_id
        data["ownerFrame"] = self.owner_frame
        data["created"] = self.created
        return data
