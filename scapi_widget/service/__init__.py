"""The SCAPI service: every request an app (or the notebook) may make, run against the desktop model."""

from .core import NOTEBOOK, SERVICE, Caller, RequestSpec, Service, notebook_call

__all__ = ["NOTEBOOK", "SERVICE", "Caller", "RequestSpec", "Service", "notebook_call"]
