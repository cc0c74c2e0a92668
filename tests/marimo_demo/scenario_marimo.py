"""A marimo app that plays a scripted demo with ``start="app-connected"`` and no ``await``: the cell
that plays returns at once, and the run begins once the desktop's demo app has connected
(tests/browser/test_marimo_scenario.py serves it with ``marimo run`` and ``marimo edit``)."""

import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    from scapi_widget import Desktop

    desk = Desktop(height="560px")
    run = desk.play(
        [
            {"say": "A customer calls about her invoice", "do": "simulate_inbound_call", "args": ["5550142"]},
            {"say": "Click Answer in the app", "wait": {"request": "voice.answer", "params": ["1"]}},
            {"say": "The invoice is attached", "do": "set_user_data", "args": ["1", {"Invoice": "INV-42"}]},
        ],
        start="app-connected",
    )
    return desk, mo, run


@app.cell
def _(desk, mo):
    mo.vstack([mo.md("# Scripted demo"), mo.ui.anywidget(desk)])
    return


if __name__ == "__main__":
    app.run()
