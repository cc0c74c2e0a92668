"""What apps open in the desktop's workspace: dialogs, application menu-bar views, and the
multi-tab leadership answers (``system.isFrameLeading`` …).

:class:`Workspace` is a part of the desktop model: it may use the desktop's
:class:`~.plumbing.Plumbing`, the frame registry (a dialog is a frame) and the agent's
identity (for the ``$Agent.FullName$`` code of a dialog's URL), and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidParameterError
from ..wire_values import check_wire_value
from .agent import Agent
from .css_values import check_colour, check_length
from .frames import VISIBLE_MODES, FrameRegistry
from .plumbing import Plumbing
from .security import origin_of, web_url
from .validation import require_str

MENU_VIEW_FIELDS = ("name", "iconUrl", "label", "shortLabel", "tooltip", "backgroundColor", "labelColor")
MENU_VIEW_COLOURS = ("backgroundColor", "labelColor")
"""Menu-bar view fields that become CSS colours in the desktop UI: colours only."""
DIALOG_OPTION_FIELDS = ("label", "width", "height")
DIALOG_SIZES = ("width", "height")
"""Dialog options that become CSS sizes in the desktop UI: sizes only."""
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
    return _string_fields(parameters, "menu-bar view field", "", dict.fromkeys(MENU_VIEW_COLOURS, check_colour))


def check_dialog_options(options: Any) -> dict[str, str]:
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise InvalidParameterError("dialog options must be an object {label, width, height}")
    unknown = sorted(set(options) - set(DIALOG_OPTION_FIELDS))
    if unknown:
        raise InvalidParameterError(f"unknown dialog option(s) {', '.join(unknown)}; known: label, width, height")
    hint = " (CSS size like '430px' or '40%')"
    return _string_fields(options, "dialog option", hint, dict.fromkeys(DIALOG_SIZES, check_length))


def _string_fields(
    values: Mapping[str, Any], what: str, hint: str, css: Mapping[str, Callable[[Any, str], str]]
) -> dict[str, str]:
    """``values`` when each is a string the wire can carry, with the fields ``css`` names passed
    through their CSS check (``what`` names a field in errors; ``hint`` says what a string is for)."""
    for key, value in values.items():
        if not isinstance(value, str):
            raise InvalidParameterError(f"{what} {key!r} must be a string{hint}")
        check_wire_value(value, f"{what} {key!r}")
    return {key: css[key](value, f"{what} {key!r}") if key in css else value for key, value in values.items()}


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


class Workspace:
    """Dialogs, menu-bar views, leadership and visibility."""

    def __init__(self, desk: Plumbing, frames: FrameRegistry, agent: Agent) -> None:
        self.desk = desk
        self.frames = frames
        self.agent = agent
        self.dialogs: dict[str, Dialog] = {}
        self.menu_views: dict[str, dict[str, str]] = {}
        self.leadership = "leading"
        self.last_active = True

    def to_json(self) -> dict[str, Any]:
        return {
            "dialogs": [d.to_json() for d in self.dialogs.values()],
            "menuViews": list(self.menu_views.values()),
            "leadership": self.leadership,
            "lastActive": self.last_active,
        }

    def open_dialog(self, url: str, options: Mapping[str, str] | None = None, *, owner_frame: int | None = None) -> str:
        with self.desk.transaction():
            require_str(url, "dialog url")
            opts = check_dialog_options(dict(options) if options is not None else None)
            dialog_id = f"wweCustomDialog{self.desk.ids.next('dialog')}"
            owner = self.frames.get(owner_frame) if owner_frame is not None else None
            full = url
            codes = {"$Dialog.Id$": dialog_id, "$Agent.FullName$": self.agent.full_name}
            for code, value in codes.items():
                full = full.replace(code, value)
                opts = {k: v.replace(code, value) for k, v in opts.items()}
            try:  # resolved and judged as the browser will load it
                full = web_url(full, owner.url if owner is not None else None)
                origin = origin_of(full)
            except ValueError:
                raise InvalidParameterError(f"dialog url {url!r} does not resolve to an http(s) URL") from None
            frame = self.frames.add(full, origin, "dialog", opts.get("label", ""))
            frame.extra.update(dialogId=dialog_id, width=opts.get("width", ""), height=opts.get("height", ""))
            self.dialogs[dialog_id] = Dialog(dialog_id, frame.frame_id, full, opts, owner_frame)
            self.desk.touch("workspace", "frames")
            return dialog_id

    def close_dialog(self, dialog_id: str) -> None:
        with self.desk.transaction():
            require_str(dialog_id, "dialog id")
            dialog = self.dialogs.pop(dialog_id, None)
            if dialog is None:
                known = ", ".join(self.dialogs) or "none"
                raise InvalidParameterError(f"no dialog {dialog_id!r} is open (open: {known})")
            self.frames.remove(dialog.frame_id)
            self.desk.touch("workspace", "frames")

    def close_dialogs_of(self, frame_id: int) -> None:
        """The frame ``frame_id`` was removed: close the dialogs it opened (and theirs, in turn)."""
        for dialog in [d for d in self.dialogs.values() if d.owner_frame == frame_id]:
            if dialog.dialog_id in self.dialogs:
                self.close_dialog(dialog.dialog_id)

    def update_menu_view(self, parameters: Mapping[str, str]) -> None:
        with self.desk.transaction():
            view = check_menu_view(dict(parameters))
            self.menu_views[view["name"]] = {**self.menu_views.get(view["name"], {}), **view}
            self.desk.touch("workspace")

    def close_menu_view(self, name: str) -> None:
        with self.desk.transaction():
            require_str(name, "view name")
            if self.menu_views.pop(name, None) is None:
                known = ", ".join(self.menu_views) or "none"
                raise InvalidParameterError(f"no menu-bar view {name!r} (views: {known})")
            self.desk.touch("workspace")

    def set_leadership(self, leadership: str, *, last_active: bool | None = None) -> None:
        with self.desk.transaction():
            if leadership not in LEADERSHIP:
                raise InvalidParameterError(f"leadership must be one of {', '.join(LEADERSHIP)}, got {leadership!r}")
            self.leadership = leadership
            if last_active is not None:
                self.last_active = bool(last_active)
            self.desk.touch("workspace")

    def is_visible(self, frame_id: int | None) -> bool:
        """Is the calling frame shown (``system.amIVisible``)? Notebook code counts as visible."""
        frame = self.frames.get(frame_id) if frame_id is not None else None
        return frame is None or frame.mode in VISIBLE_MODES
