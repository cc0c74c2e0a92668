"""The switch a desktop's calls go through: the dial plan (which destinations can be called) and
what the rest of the telephony network does when this desktop's calls change.

:class:`~.calls.CallControl` and :class:`~.flows.InteractionFlows` ask their desktop's
:class:`Switch` before placing or moving a call and tell it after each change of a call. A desktop
on its own has a :class:`LocalSwitch`: it accepts every number its dial plan accepts and nobody
answers except Python (``remote_answer``), as before. A desktop of a
:class:`~scapi_widget.centre.contact_centre.ContactCentre` has the centre's switch, which owns
every call its agents hold and rings the other agents' desktops.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Protocol

from ..errors import InvalidParameterError
from .interactions import Interaction

DIALABLE = re.compile(r"\+?[0-9*#]*[0-9][0-9*#]*")
SEPARATORS = re.compile(r"[\s().-]")
NUMBER_TARGET = "CUSTOM_CONTACT"


def check_dialable(destination: str) -> str:
    """``destination`` if a dial plan accepts it (digits, ``*``, ``#``, a leading ``+``; spaces,
    dots, dashes and parentheses between them), else :class:`InvalidParameterError`, as the switch
    refuses a number it cannot route (e.g. a template's unfilled ``*PhoneNumber*``)."""
    if not DIALABLE.fullmatch(SEPARATORS.sub("", destination)):
        raise InvalidParameterError(
            f"cannot dial {destination!r}: no dial plan accepts it; a destination is a phone number "
            "(digits, optionally a leading '+', '*' and '#')"
        )
    return destination


class Line(Protocol):
    """A desktop's end of the switch (its call control): the switch tells desktops apart by it."""

    @property
    def agent_number(self) -> str:
        """The agent's phone number (DN)."""
        ...


class Switch(Protocol):
    """What the telephony network does for a desktop's calls. ``line`` is the desktop's end."""

    def resolve(self, line: Line, target: Mapping[str, str], on: Interaction | None = None) -> str:
        """The number ``line``'s desktop calls for a target (``{type, destination}``), to add it to
        the call ``on`` (a consultation, transfer or conference) or to place a new call; raises if it
        cannot be called (the request fails and nothing changes)."""
        ...

    def check_move(self, line: Line, item: Interaction, action: str) -> None:
        """Raise if the network cannot carry out ``action`` on ``item`` now (nothing has changed yet)."""
        ...

    def placed(self, line: Line, item: Interaction) -> None:
        """``item`` was just placed (DIALING) by this desktop."""
        ...

    def arrived(self, line: Line, item: Interaction) -> None:
        """A call from outside (``item``, RINGING) just arrived on this desktop."""
        ...

    def moved(self, line: Line, item: Interaction, action: str) -> None:
        """``action`` (a :data:`~.interactions.VOICE_TRANSITIONS` name) moved ``item``."""
        ...

    def data_changed(self, line: Line, item: Interaction) -> None:
        """The user data of ``item`` changed on this desktop."""
        ...

    def transferred(self, line: Line, original: Interaction, consult: Interaction) -> None:
        """This desktop completed a two-step transfer: both its calls were released."""
        ...

    def conferenced(self, line: Line, original: Interaction, consult: Interaction) -> None:
        """This desktop completed a two-step conference: the consult's party joined ``original``."""
        ...

    def redirected(self, line: Line, item: Interaction, number: str) -> None:
        """This desktop transferred ``item`` to ``number`` in one step (it was released here)."""
        ...

    def handed_over(self, line: Line, item: Interaction, target: Mapping[str, str]) -> None:
        """This desktop transferred the open media interaction ``item`` to ``target`` (it left here)."""
        ...

    def joined(self, line: Line, item: Interaction, number: str) -> None:
        """This desktop added ``number`` to ``item`` in one step (PARTY_CHANGED here)."""
        ...


class LocalSwitch:
    """A desktop on its own: numbers its dial plan accepts can be called; nobody else takes part
    (Python plays every far side)."""

    def resolve(self, line: Line, target: Mapping[str, str], on: Interaction | None = None) -> str:
        destination = target["destination"]
        return check_dialable(destination) if target.get("type", NUMBER_TARGET) == NUMBER_TARGET else destination

    def check_move(self, line: Line, item: Interaction, action: str) -> None:
        return None

    def placed(self, line: Line, item: Interaction) -> None:
        return None

    def arrived(self, line: Line, item: Interaction) -> None:
        return None

    def moved(self, line: Line, item: Interaction, action: str) -> None:
        return None

    def data_changed(self, line: Line, item: Interaction) -> None:
        return None

    def transferred(self, line: Line, original: Interaction, consult: Interaction) -> None:
        return None

    def conferenced(self, line: Line, original: Interaction, consult: Interaction) -> None:
        return None

    def redirected(self, line: Line, item: Interaction, number: str) -> None:
        return None

    def joined(self, line: Line, item: Interaction, number: str) -> None:
        return None

    def handed_over(self, line: Line, item: Interaction, target: Mapping[str, str]) -> None:
        return None
