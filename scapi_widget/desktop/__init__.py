"""The simulated Genesys Agent Desktop: plain Python, no Jupyter, no I/O."""

from .agent import DEFAULT_STATES, EVENT_ONLY_TYPES, Agent, State
from .clock import IdSource, ManualClock, RealClock
from .events import DesktopEvent
from .frames import DISPLAY_MODES, Frame
from .interactions import Interaction
from .media import Device, Media
from .model import AgentDesktop
from .security import AccessPolicy

__all__ = [
    "DEFAULT_STATES",
    "DISPLAY_MODES",
    "EVENT_ONLY_TYPES",
    "AccessPolicy",
    "Agent",
    "AgentDesktop",
    "DesktopEvent",
    "Device",
    "Frame",
    "IdSource",
    "Interaction",
    "ManualClock",
    "Media",
    "RealClock",
    "State",
]
