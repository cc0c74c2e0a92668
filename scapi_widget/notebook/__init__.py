"""The notebook API: the ``Desktop`` widget, its SCAPI namespaces, ways to wait and observe,
scenarios, analysis, and several desktops side by side. ``scapi_widget`` imports these lazily."""
