import marimo

app = marimo.App()


@app.cell
def _():
    import marimo as mo
    from smoke_desktop import build

    desk, probe = build()
    return desk, mo, probe


@app.cell
def _(desk, mo, probe):
    mo.vstack([mo.md("# Front-end smoke test"), mo.ui.anywidget(desk), mo.ui.anywidget(probe)])
    return


if __name__ == "__main__":
    app.run()
