"""Serving hosted apps: app folders the kernel serves, the URL each view loads them from, and the
Jupyter server extension (and standalone Voilà's identity provider) that forwards them."""
