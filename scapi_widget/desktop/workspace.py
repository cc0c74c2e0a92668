"""What apps open in the desktop's workspace: dialogs, application menu-bar views, and the
multi-tab leadership answers (``system.isFrameLeading`` …).

Who may change what: a dialog belongs to the frame that opened it, which may close it, as may the
dialog itself (it learns its id from ``$Dialog.Id$``), and closing it closes what it holds (the
dialogs it opened, its menu-bar views); a menu-bar view belongs to the frame that
made it, and each frame names its views in a namespace of its own (another app's view of the same
name is another view). Notebook code and the desktop UI (``owner_frame``/``caller_frame`` None) may
change anything. For another frame's dialog or view, an app gets the answer it would get for one
that does not exist, and nothing changes.

What one app may hold is bounded: :data:`MAX_OPEN_DIALOGS` dialogs open (with those its dialogs
opened) and :data:`MAX_MENU_VIEWS` menu-bar views; past that a request is refused
(:class:`~scapi_widget.errors.InvalidActionError`) and nothing changes.

:class:`Workspace` is a part of the desktop model: it may use the desktop's
:class:`~.plumbing.Plumbing`, the frame registry (a dialog is a frame) and the agent's
identity (for the ``$Agent.FullName$`` code of a dialog's URL), and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import InvalidActionError, InvalidParameterError
from ..wire.values import check_wire_value
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
MAX_OPEN_DIALOGS = 10
"""Dialogs one app (or the notebook) holds open at most, counting those its dialogs opened."""
MAX_MENU_VIEWS = 50
"""Menu-bar views one app (or the notebook) holds at most, counting those its dialogs made."""


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
    """An open dialog: its frame, the frame that opened it (None: notebook code) and the app whose
    bound it counts against (the opener, or the app whose dialog opened it)."""

    dialog_id: str
    frame_id: int
    url: str
    options: dict[str, str]
    owner_frame: int | None
    app_frame: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.dialog_id,
            "frameId": self.frame_id,
            "url": self.url,
            **self.options,
            "ownerFrame": self.owner_frame,
        }


@dataclass
class MenuView:
    """A view in the application menu bar, in the namespace of the frame that made it (None: notebook code)."""

    fields: dict[str, str]
    owner_frame: int | None
    app_frame: int | None

    @property
    def key(self) -> str:
        """Its key among all views: the owner's namespace and the name."""
        return menu_view_key(self.owner_frame, self.fields["name"])

    def to_json(self) -> dict[str, Any]:
        return {**self.fields, "ownerFrame": self.owner_frame}


def menu_view_key(owner_frame: int | None, name: str) -> str:
    return f"{'notebook' if owner_frame is None else owner_frame}:{name}"


def _holder(app_frame: int | None) -> str:
    return "notebook code" if app_frame is None else f"the app in frame {app_frame}"


class Workspace:
    """Dialogs, menu-bar views, leadership and visibility."""

    def __init__(self, desk: Plumbing, frames: FrameRegistry, agent: Agent) -> None:
        self.desk = desk
        self.frames = frames
        self.agent = agent
        self.dialogs: dict[str, Dialog] = {}
        self.menu_views: dict[str, MenuView] = {}  # by MenuView.key
        self.leadership = "leading"
        self.last_active = True

    def to_json(self) -> dict[str, Any]:
        return {
            "dialogs": [d.to_json() for d in self.dialogs.values()],
            "menuViews": [v.to_json() for v in self.menu_views.values()],
            "leadership": self.leadership,
            "lastActive": self.last_active,
        }

    def menu_views_json(self) -> dict[str, dict[str, Any]]:
        """The menu bar, view by view (by :attr:`MenuView.key`), for the views' replica."""
        return {key: view.to_json() for key, view in self.menu_views.items()}

    def app_of(self, frame_id: int | None) -> int | None:
        """The app a frame belongs to: a dialog's app, else the frame itself (None: notebook code)."""
        for dialog in self.dialogs.values():
            if dialog.frame_id == frame_id:
                return dialog.app_frame
        return frame_id

    def open_dialog(self, url: str, options: Mapping[str, str] | None = None, *, owner_frame: int | None = None) -> str:
        with self.desk.transaction():
            require_str(url, "dialog url")
            opts = check_dialog_options(dict(options) if options is not None else None)
            app = self.app_of(owner_frame)
            if sum(1 for d in self.dialogs.values() if d.app_frame == app) >= MAX_OPEN_DIALOGS:
                raise InvalidActionError(
                    f"{_holder(app)} has {MAX_OPEN_DIALOGS} dialogs open, the most an app may hold; close one first"
                )
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
            self.dialogs[dialog_id] = Dialog(dialog_id, frame.frame_id, full, opts, owner_frame, app)
            self.desk.touch("workspace", "frames")
            return dialog_id

    def close_dialog(self, dialog_id: str, *, caller_frame: int | None = None) -> None:
        """Close a dialog; an app (``caller_frame``) only one it opened, or itself."""
        with self.desk.transaction():
            require_str(dialog_id, "dialog id")
            mine = {
                key: d
                for key, d in self.dialogs.items()
                if caller_frame is None or caller_frame in (d.owner_frame, d.frame_id)
            }
            dialog = mine.get(dialog_id)
            if dialog is None:
                known = ", ".join(mine) or "none"
                whose = "" if caller_frame is None else " of this app"
                raise InvalidParameterError(f"no dialog {dialog_id!r}{whose} is open (open: {known})")
            self._close(dialog)
            self.desk.touch("workspace", "frames")

    def _close(self, dialog: Dialog) -> None:
        """Close a dialog; removing its frame lets go of what it holds (:meth:`close_dialogs_of`)."""
        del self.dialogs[dialog.dialog_id]
        self.frames.remove(dialog.frame_id)

    def close_dialogs_of(self, frame_id: int) -> None:
        """The frame ``frame_id`` was removed: close the dialogs it opened (and theirs, in turn) and
        drop its menu-bar views."""
        with self.desk.transaction():
            for key in [key for key, view in self.menu_views.items() if view.owner_frame == frame_id]:
                del self.menu_views[key]
            for dialog in [d for d in self.dialogs.values() if d.owner_frame == frame_id]:
                if dialog.dialog_id in self.dialogs:
                    self._close(dialog)
            self.desk.touch("workspace", "frames")

    def update_menu_view(self, parameters: Mapping[str, str], *, owner_frame: int | None = None) -> None:
        """Create or update (by name) a view of ``owner_frame``'s (None: notebook code's)."""
        with self.desk.transaction():
            fields = check_menu_view(dict(parameters))
            key = menu_view_key(owner_frame, fields["name"])
            view = self.menu_views.get(key)
            if view is None:
                app = self.app_of(owner_frame)
                if sum(1 for v in self.menu_views.values() if v.app_frame == app) >= MAX_MENU_VIEWS:
                    raise InvalidActionError(
                        f"{_holder(app)} has {MAX_MENU_VIEWS} menu-bar views, the most an app may hold; close one first"
                    )
                view = self.menu_views[key] = MenuView({}, owner_frame, app)
            view.fields = {**view.fields, **fields}
            self.desk.touch("workspace")

    def close_menu_view(self, name: str, *, owner_frame: int | None = None) -> None:
        """Remove ``owner_frame``'s (None: notebook code's) view ``name``."""
        with self.desk.transaction():
            require_str(name, "view name")
            if self.menu_views.pop(menu_view_key(owner_frame, name), None) is None:
                known = ", ".join(v.fields["name"] for v in self.menu_views.values() if v.owner_frame == owner_frame)
                whose = "notebook code's" if owner_frame is None else "this app's"
                raise InvalidParameterError(f"no menu-bar view {name!r} among {whose} (its views: {known or 'none'})")
            self.desk.touch("workspace")

    def restore_menu_views(self, views: Mapping[str, MenuView]) -> None:
        """Put the menu bar back as ``views`` (a copy taken earlier, by key): the views of frames
        still hosted and notebook code's; the others are gone with their frame."""
        with self.desk.transaction():
            kept = {
                key: MenuView(dict(view.fields), view.owner_frame, view.app_frame)
                for key, view in views.items()
                if view.owner_frame is None or self.frames.get(view.owner_frame) is not None
            }
            if kept != self.menu_views:
                self.menu_views.clear()
                self.menu_views.update(kept)
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
