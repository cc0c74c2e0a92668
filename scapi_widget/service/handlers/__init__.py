"""The SCAPI request handlers, one module per namespace, each a :class:`~scapi_widget.service.core.Handlers`
table named ``handlers``. :data:`TABLES` lists them; :mod:`scapi_widget.service.running` builds the
service from them."""

from . import agent, auth, configuration, email, interaction, media, messenger, outbound, sip_endpoint, system, voice

NAMESPACES = (agent, auth, configuration, email, interaction, media, messenger, outbound, sip_endpoint, system, voice)
TABLES = tuple(namespace.handlers for namespace in NAMESPACES)
"""Every namespace's handlers, in the order the service lists its requests."""

__all__ = ["TABLES"]
