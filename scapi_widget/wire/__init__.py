"""The wire: what crosses ``postMessage`` between hosted apps and the desktop.

The envelopes (:mod:`.protocol`), the one check of every value an app sends (:mod:`.values`) and the
SCAPI request table (:mod:`.spec`). Imports nothing of the package but its errors and JSON types.
"""
