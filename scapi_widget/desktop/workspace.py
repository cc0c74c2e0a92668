"""What apps open in the desktop's workspace: dialogs, application menu-bar views, and the
multi-tab leadership answers (``system.isFrameLeading`` …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidParameterError

MENU_VIEW_FIELDS = ("name", "iconUrl", "label", "shortLabel", "tooltip", "backgroundColor", "labelColor")
DIALOG_OPTION_FIELDS = ("label", "width", "height")
LEADERSHIP = ("leading", "following", "negotiating")


def check_menu_view(parameters: Any) -> dict[str, str]:
    if not isinstance(parameters, dict):
        raise InvalidParameterError("menu-bar view parameters must be an object")
    unknown = sorted(set(parameters) - set(MENU_VIEW_FIELDS))
    if unknown:
        raise InvalidParameterError(
            f"unknown menu-bar view field(s) {', '.join(unknown)}; known: {', '.join(MENU_VIEW_FIELDS)}"
        )
    if not isinstance(parameters.get("name"), str) or not parameters["name"]:
        raise InvalidParameterError("a menu-bar view needs a 'name' (string)")
    for key, value in parameters.items():
        if not isinstance(value, str):
            raise InvalidParameterError(f"menu-bar view field {key!r} must be a string")
    return dict(parameters)


def check_dialog_options(options: Any) -> dict[str, str]:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise InvalidParameterError("dialog options must be an object {label, width, height}")
    unknown = sorted(set(options) - set(DIALOG_OPTION_FIELDS))
    if unknown:
        raise InvalidParameterError(f"unknown dialog option(s) {', '.join(unknown)}; known: label, width, height")
    for key, value in options.items():
        if not isinstance(value, str):
            raise InvalidParameterError(f"dialog option {key!r} must be a string (CSS size like '430px' or '40%')")
    return dict(options)


@dataclass
class Dialog:
    dialog_id: str
    frame_id: int
    url: str
    options: dict[str, str]
    owner_frame: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.dialog_id,
            "frameId": self.frame_id,
            "url": self.url,
            **self.options,
            "ownerFrame": self.owner_frame,
        }


@dataclass
class Workspace:
    dialogs: dict[str, Dialog] = field(default_factory=dict)
    menu_views: dict[str, dict[str, str]] = field(default_factory=dict)
    leadership: str = "leading"
    last_active: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "dialogs": [d.to_json() for d in self.dialogs.values()],
            "menuViews": list(self.menu_views.values()),
            "leadership": self.leadership,
            "lastActive": self.last_active,
        }
