"""Several agents' desktops in one contact centre: the switch that owns every call they hold, its
queues, and the centre's event log. Plain Python, no Jupyter; built on :mod:`scapi_widget.desktop`."""

from .contact_centre import ContactCentre

__all__ = ["ContactCentre"]
