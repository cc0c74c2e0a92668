"""scapi-widget's server routes in standalone Voilà (``voila notebook.ipynb``, ``voila folder/``).

Standalone Voilà builds its own tornado application and loads no Jupyter server extensions, so
``{base_url}scapi-widget/...`` (see :mod:`scapi_widget.serving.jupyter_server_extension`) would be missing
there and a browser on another machine would get a dead app frame. What it does read is
``voila.json`` / ``voila.py`` in the Jupyter config path, and it adds the routes its identity
provider's ``get_handlers()`` returns (jupyter_server's hook for login handlers) ahead of its own
catch-all notebook route. The package installs ``{sys.prefix}/etc/jupyter/voila.json`` naming
:class:`ScapiVoilaIdentityProvider`: Voilà's default identity provider (same login, same token),
plus scapi-widget's routes, TCP_NODELAY on kernel websockets and the sandbox for its pages
loaded as frames by a navigation that was not same-origin (:mod:`scapi_widget.serving.framed_pages`).

Voilà run as a Jupyter server extension (``/voila/render/...`` in JupyterLab or ``jupyter server``)
does not use this: the server loads scapi-widget's extension itself.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider
from tornado.web import Application

from . import framed_pages
from .jupyter_server_extension import SANDBOX, scapi_handlers


class ScapiVoilaIdentityProvider(PasswordIdentityProvider):
    """Voilà's default identity provider, adding scapi-widget's routes under Voilà's server URL.

    Set by the installed ``voila.json`` (``Voila.identity_provider_class``); a configuration that
    names another identity provider class replaces it, and hosted apps then fall back to the kernel's
    loopback server (reachable only from the kernel's machine).
    """

    def get_handlers(self) -> list[tuple[str, object]]:
        handlers: list[tuple[str, object]] = list(super().get_handlers())
        voila: Any = self.parent
        web_app = getattr(voila, "app", None)
        route_base = getattr(voila, "server_url", None) or getattr(voila, "base_url", None)
        if not isinstance(web_app, Application) or not isinstance(route_base, str):
            self.log.warning("scapi-widget: not inside standalone Voilà; its routes are not added")
            return handlers
        routes: list[Any] = scapi_handlers(voila.config, route_base, web_app.settings, self.log)
        framed_pages.install(web_app, SANDBOX)
        return routes + handlers
