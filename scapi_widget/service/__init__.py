"""The SCAPI service: every request an app (or the notebook) may make, run against the desktop model.

:mod:`.core` holds the parts (callers, handler tables, the service), :mod:`.handlers` one table per
namespace, :mod:`.running` the service built from them and the ways a request runs; :mod:`.bridge`
is the desktop's end of the apps' postMessage channel, :mod:`.local_reads` the reads the front end
may answer from what Python publishes.
"""

from .core import NOTEBOOK, Caller, Handlers, RequestSpec, Service, allowed_services
from .running import SERVICE, build_service, notebook_call, run_app_request

__all__ = [
    "NOTEBOOK",
    "SERVICE",
    "Caller",
    "Handlers",
    "RequestSpec",
    "Service",
    "allowed_services",
    "build_service",
    "notebook_call",
    "run_app_request",
]
