"""The README's tour ("## A tour") is true of the API: its code runs as written, in a kernel.

Every code block of the tour runs in a real kernel (nbclient), one cell per line of code, with the
kernel's displayed desktops rendered in headless Chromium (as tests/test_notebooks.py does), so
``await desk.app_connected()`` waits for the real demo app. Where the tour awaits something a person
does in the app, the test does it once the cell awaits (:data:`AWAITS`). Names the tour mentions only in
comments (``desk.apps``, ``run.pause()``...) are checked to exist too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from anywidget import AnyWidget
from nbclient import NotebookClient

from scapi_widget import Desktop
from scapi_widget.notebook.scenario import ScenarioRun
from scapi_widget.testing.app_clicks import APP_CLICKS

pytestmark = pytest.mark.browser  # the kernel's front end is headless Chromium

README = Path(__file__).resolve().parents[1] / "README.md"
# What the reader does while the tour awaits a desktop method (None: nothing, the shown desktop does it).
AWAITS: dict[str, str | None] = {"app_connected": None, "wait_for": "dial", "next_event": "toast"}
# Files the tour reads, made in the kernel's working folder first.
SETUP = """
from scapi_widget.testing.headless import show_desktops_headless
front_end = show_desktops_headless()
import asyncio
from scapi_widget import Scenario
from scapi_widget.testing.app_clicks import APP_CLICKS
Scenario.from_steps([{"do": "simulate_inbound_call", "args": ["5550123"]}], "demo").save("demo.yaml")
"""
# The tour did what its comments say.
CHECK = """
assert desk.apps[0]["connected"]
assert call["dnis"] == "5551234" and call["state"] == "DIALING", call
assert event.data["buttonIndex"] == 1, event.data
assert desk.request_log and desk.notification_log
run.stop()
Scenario.load("session.yaml")  # the recording saved, and loads back
assert not front_end.errors, front_end.errors
print("tour OK")
"""
# Mentions of the tour's objects: desk.<name>, run.<name>, recorder.<name> (code and comments alike).
MENTION = re.compile(r"\b(desk|run|recorder)\.([A-Za-z_]\w*)")
KINDS = {"desk": Desktop, "run": ScenarioRun}


def tour_section() -> str:
    text = README.read_text()
    start = text.index("\n## A tour\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def tour_blocks() -> list[str]:
    blocks = re.findall(r"```python\n(.*?)```", tour_section(), re.S)
    assert blocks, "README: the tour has no python code block"
    return blocks


def cells_of(block: str) -> list[str]:
    """One cell per line of code (statements sharing a line stay together); awaits get their click."""
    lines = block.splitlines()
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # parsed as a kernel does
    module = compile(block, "README tour", "exec", flags)
    groups: list[tuple[int, int]] = []
    for stmt in module.body:
        first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
        if groups and first <= groups[-1][1]:
            groups[-1] = (groups[-1][0], max(last, groups[-1][1]))
        else:
            groups.append((first, last))
    cells = []
    for first, last in groups:
        source = "\n".join(lines[first - 1 : last])
        for awaited in re.findall(r"await desk\.(\w+)\(", source):
            if awaited not in AWAITS:
                raise AssertionError(f"the tour awaits desk.{awaited}: say in AWAITS what the reader does meanwhile")
            click = AWAITS[awaited]
            if click is not None:  # queued once the cell awaits (its listener is in place by then)
                source = f"asyncio.get_running_loop().call_soon(front_end.in_app, APP_CLICKS[{click!r}])\n{source}"
        cells.append(source)
    return cells


def test_the_tour_mentions_only_what_exists() -> None:
    traits = set(Desktop.class_trait_names())
    for block in tour_blocks():
        for kind, name in MENTION.findall(block):
            if kind == "recorder":
                continue  # desk.record() returns it; checked by running the tour
            owner = KINDS[kind]
            assert not name.startswith("_"), f"the tour uses private {kind}.{name}"
            exists = hasattr(owner, name) or name in traits
            assert exists, f"the README tour uses {kind}.{name}: {owner.__name__} has none"


def test_the_tour_lists_exactly_the_desktops_traitlets() -> None:
    paragraph = re.search(r"^Traitlets: (.*?)\n\n", tour_section(), re.S | re.M)
    assert paragraph, "README: the tour's 'Traitlets:' paragraph is missing"
    # `agent.get` and the like are not trait names; a private one it names (what travels) is plumbing
    listed = {name for name in re.findall(r"`(\w+)`", paragraph.group(1)) if not name.startswith("_")}
    own = {n for n in set(Desktop.class_trait_names()) - set(AnyWidget.class_trait_names()) if not n.startswith("_")}
    assert listed == own, f"README lists {sorted(listed - own)} that Desktop lacks; omits {sorted(own - listed)}"


def test_every_awaited_click_is_known() -> None:
    assert {click for click in AWAITS.values() if click} <= set(APP_CLICKS)


def test_the_tour_runs_as_written(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [SETUP] + [cell for block in tour_blocks() for cell in cells_of(block)] + [CHECK]
    nb.cells = [nbformat.v4.new_code_cell(source.strip()) for source in cells]
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    errors = [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    assert "tour OK" in "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert (tmp_path / "session.yaml").exists()
