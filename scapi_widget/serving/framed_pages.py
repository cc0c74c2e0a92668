"""The notebook server's pages, loaded as a frame by a navigation that was not same-origin, run opaque.

The desktop sandboxes each frame it makes; a frame of another origin keeps ``allow-same-origin``
(its own cookies and storage). The sandbox attribute cannot make a later document of that frame
opaque: an app that navigates its frame, or a dialog URL that *redirects*, to a page of the
notebook's own origin would get that origin, so the page could reach the notebook page (its
parent) and everything it can. The browser tells the server how a document was asked for (Fetch
Metadata, sent to potentially trustworthy origins: https, ``localhost``, ``127.0.0.1``):
``Sec-Fetch-Dest`` says it will be a frame, ``Sec-Fetch-Site`` whether the navigation (its whole
redirect chain, and who started it) stayed same-origin. A document the server answers for a frame
when it did not gets ``Content-Security-Policy: sandbox ...`` without ``allow-same-origin``: opaque
wherever it loads. JupyterLab's own frames (navigated by its same-origin page) are untouched.

Where the browser sends no Fetch Metadata (plain http to a host that is not local) this does
not hold. Installed by :func:`install` on the Jupyter server's (or standalone Voilà's) web app.
"""

from __future__ import annotations

from tornado import httputil, web

FRAME_DESTINATIONS = frozenset({"iframe", "frame", "object", "embed", "fencedframe"})
"""``Sec-Fetch-Dest`` values of a document loaded into a frame of another document."""
VARY = "Sec-Fetch-Dest, Sec-Fetch-Site"
"""Every answer depends on these: a cached page must not be reused for a frame without its sandbox."""


def foreign_frame(headers: httputil.HTTPHeaders) -> bool:
    """Is this request a frame's document asked for by a navigation that was not same-origin?"""
    destination = headers.get("Sec-Fetch-Dest", "").strip().lower()
    return destination in FRAME_DESTINATIONS and headers.get("Sec-Fetch-Site", "").strip().lower() != "same-origin"


def sandbox_transform(sandbox: str) -> type[web.OutputTransform]:
    """A tornado output transform adding ``Content-Security-Policy: <sandbox>`` (a ``sandbox ...``
    directive) to answers for :func:`foreign_frame` requests, and ``Vary`` to every answer."""

    class FramedPageSandbox(web.OutputTransform):
        scapi_framed_pages = True
        def __init__(self, request: httputil.HTTPServerRequest) -> None:
            super().__init__(request)
            self._foreign = foreign_frame(request.headers)

        def transform_first_chunk(
            self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
        ) -> tuple[int, httputil.HTTPHeaders, bytes]:
            headers.add("Vary", VARY)
            if self._foreign:
                headers.add("Content-Security-Policy", sandbox)  # on top of any other policy: both apply
            return status_code, headers, chunk

    return FramedPageSandbox


def install(web_app: web.Application, sandbox: str) -> None:
    """Make every page of ``web_app`` loaded as a frame by a not-same-origin navigation opaque."""
    if any(getattr(t, "scapi_framed_pages", False) for t in web_app.transforms):
        return  # once per application
    web_app.add_transform(sandbox_transform(sandbox))
