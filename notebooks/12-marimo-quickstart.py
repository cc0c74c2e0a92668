"""The quickstart as a marimo notebook: ``marimo edit notebooks/12-marimo-quickstart.py`` (or ``marimo run``).

marimo runs cells before the page (and the app) exists, so everything here reacts in callbacks:
when the demo app connects, a customer calls; when the agent answers (the app's Answer button, or
the card's), Python attaches a note to the call. marimo has no Jupyter server: the app is served at
the kernel's 127.0.0.1, which only a browser on the kernel's machine reaches; from another machine
the desktop says so and what to pass (``Desktop(public_url=...)``).
"""

import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo

    from scapi_widget import Desktop

    desk = Desktop(height="560px")
    return desk, mo


@app.cell
def _(desk):
    def ring(app):
        """The app connected (it subscribed to events): a customer calls."""
        if not desk.interactions:
            desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-2002"})

    def note(event):
        """The agent answered: Python attaches a note the app and the desktop show."""
        desk.set_user_data(event.data["interaction"]["interactionId"], {"Note": "answered; Python saw it"})

    stop_ringing = desk.on_app_connected(ring)
    stop_noting = desk.on("ESTABLISHED", note)
    return stop_noting, stop_ringing


@app.cell
def _(desk, mo):
    mo.vstack(
        [
            mo.md(
                "# Quickstart in marimo\n"
                "The demo app connects, a customer calls: answer in the app, and Python attaches a note."
            ),
            mo.ui.anywidget(desk),
        ]
    )
    return


if __name__ == "__main__":
    app.run()
