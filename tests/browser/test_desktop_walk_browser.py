"""The desktop in real headless Chromium under a seeded random walk, and the front end's own errors.

The walk takes a few hundred steps through the widget's real front end with real app pages
(``pages/client-app.html`` as a panel, a tab and a background app; ``pages/self-closing-dialog.html``
for every dialog): Python's verbs, the desktop UI's buttons, the apps' requests (toasts, menu-bar
views, dialogs, dials) and dialogs closing themselves as Genesys's sample does. At the end what
the page shows (the frames, the dialogs, the toasts, the interactions and their states, the
menu-bar views) must be what Python holds.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import pytest
from playwright.sync_api import expect

from scapi_widget.desktop import AgentDesktop, IdSource
from scapi_widget.notebook.widget import Desktop, FrontEndWarning
from scapi_widget.serving.apps import App
from scapi_widget.sync.items import encode_item
from scapi_widget.testing import LightHarness

from .client_app import CLIENT_APP, Make, ask

pytestmark = pytest.mark.browser

SEED = 16
STEPS = 300
DIALOG = "self-closing-dialog.html?id=$Dialog.Id$"
SHOWN = """() => {
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const ids = (selector, prefix) => all(selector).map((e) => e.dataset.testid.slice(prefix.length));
  return {
    frames: Array.from(document.querySelectorAll("iframe.scapi-app-frame"), (f) => Number(f.dataset.frameId)),
    dialogs: ids(".scapi-dialog", "desk-dialog-").sort(),
    toasts: ids(".scapi-toast", "desk-toast-").sort(),
    interactions: Object.fromEntries(
      Array.from(document.querySelectorAll(".scapi-card"), (c) => [c.dataset.testid.slice(17), c.dataset.state]),
    ),
    menu: Array.from(document.querySelectorAll(".scapi-menu-view"), (v) => [v.dataset.testid.slice(15), v.textContent]),
  };
}"""
"""What the page shows: frame elements, dialogs, toasts, interaction cards (desk-interaction-<id>)
with their state, menu-bar views (desk-menu-view-<name>) with their text."""


def shown(h: LightHarness) -> dict[str, Any]:
    """What the page shows."""
    found: dict[str, Any] = h.page.evaluate(SHOWN)
    found["frames"].sort()
    found["menu"].sort()
    return found


def held(desk: Desktop) -> dict[str, Any]:
    """What Python holds, as the page should show it."""
    with desk.desktop.lock:
        return {
            "frames": sorted(a["frameId"] for a in desk.apps if a["mode"] != "popup"),
            "dialogs": sorted(d["id"] for d in desk.workspace["dialogs"]),
            "toasts": sorted(t["id"] for t in desk.toasts),
            "interactions": {i: item["state"] for i, item in desk.interactions.items()},
            "menu": sorted([v["name"], v.get("label") or v["name"]] for v in desk.workspace["menuViews"]),
        }


class Walk:
    """One desktop in the light harness and the steps that can be taken on it."""

    def __init__(self, h: LightHarness, rng: random.Random) -> None:
        self.h, self.desk, self.rng = h, h.desk, rng
        self.apps = [1, 2, 3]  # panel, tab, background: each a client-app page
        self.log: list[str] = []

    def ready(self, frame_id: int) -> None:
        expect(self.h.app(frame_id).get_by_test_id("loaded")).to_have_text("yes")

    def app_asks(self, frame_id: int, namespace: str, method: str, *args: object) -> dict[str, Any]:
        self.ready(frame_id)
        return ask(self.h, frame_id, namespace, method, *args)

    def click(self, testid: str) -> None:
        self.h.page.get_by_test_id(testid).click()
        self.h.flush()  # the desktop has handled the click before the next step looks at it

    def step(self, n: int) -> str:
        desk, rng = self.desk, self.rng
        dialogs = list(desk.workspace["dialogs"])
        acting = {i: acts for i, acts in desk.actions.items() if acts}
        choices = ["call", "app_toast", "python_toast", "menu", "app_dial", "app_dialog"]
        choices += ["python_action"] * 2 if acting else []
        if not dialogs:  # a dialog is modal: the desktop under it takes no clicks
            choices += ["ui_action"] * 2 if acting else []
            choices += ["toast_closed", "toast_clicked"] if desk.toasts else []
        choices += ["dialog_closes_itself", "dialog_closed_by_ui", "dialog_closed_by_opener"] * 2 if dialogs else []
        what = rng.choice(choices)
        if what == "call" and len(desk.interactions) < 6:
            return f"call {desk.simulate_inbound_call(f'555{n:04d}')}"
        if what in ("python_action", "ui_action") and acting:
            interaction_id = rng.choice(sorted(acting))
            verb = rng.choice(acting[interaction_id])
            if what == "ui_action":
                self.click(f"desk-{verb}-{interaction_id}")
            else:
                getattr(desk, verb)(interaction_id)
            return f"{what} {verb} {interaction_id}"
        if what == "app_toast" and len(desk.toasts) < 8:
            frame_id = rng.choice([1, 3, *[d["frameId"] for d in dialogs]])
            reply = self.app_asks(frame_id, "system", "popupToast", {"title": f"T{n}", "buttons": ["OK", "Later"]})
            return f"toast {reply.get('data') or reply} from frame {frame_id}"
        if what == "python_toast" and len(desk.toasts) < 8:
            return f"python toast {desk.popup_toast(title=f'P{n}', buttons=['OK'])}"
        if what == "toast_closed":
            toast = rng.choice(desk.toasts)["id"]
            self.click(f"desk-toast-close-{toast}")
            return f"x on toast {toast}"
        if what == "toast_clicked":
            toast = rng.choice(desk.toasts)
            self.click(f"desk-toast-{toast['id']}-button-0")
            return f"button on toast {toast['id']}"
        if what == "menu":
            name = rng.choice(["crm", "notes"])
            if rng.random() < 0.3 and name in {v["name"] for v in desk.workspace["menuViews"]}:
                self.app_asks(1, "system", "closeViewInApplicationMenuBar", name)
                return f"menu view {name} closed"
            self.app_asks(1, "system", "updateViewInApplicationMenuBar", {"name": name, "label": f"{name} {n}"})
            return f"menu view {name} {n}"
        if what == "app_dial":
            self.app_asks(rng.choice([1, 2]), "voice", "dial", f"5{n:03d}")
            return "an app dials"
        if what == "app_dialog" and len(dialogs) < 3:
            reply = self.app_asks(rng.choice([1, 3]), "system", "openDialog", DIALOG, {"label": f"D{n}"})
            return f"dialog {reply.get('data') or reply}"
        if what == "dialog_closes_itself":
            dialog = rng.choice(dialogs)
            self.ready(dialog["frameId"])
            self.h.app(dialog["frameId"]).get_by_test_id("close-dialog").click()
            self.h.wait_until(lambda: dialog["frameId"] not in self.desk.frame_ids, what="the dialog to close itself")
            return f"dialog {dialog['id']} closes itself"
        if what == "dialog_closed_by_ui":
            dialog = rng.choice(dialogs)
            self.click(f"desk-dialog-close-{dialog['id']}")
            return f"x on dialog {dialog['id']}"
        if what == "dialog_closed_by_opener":
            dialog = rng.choice(dialogs)
            if dialog["ownerFrame"] in self.apps:
                self.app_asks(dialog["ownerFrame"], "system", "closeDialog", dialog["id"])
                return f"dialog {dialog['id']} closed by its opener"
        return f"nothing ({what})"


def agree(h: LightHarness, log: list[str]) -> dict[str, Any]:
    """Until the page shows what Python holds (it draws at most every 50 ms); returns it."""
    seen: dict[str, Any] = {}

    def same() -> bool:
        seen["page"], seen["python"] = shown(h), held(h.desk)
        return bool(seen["page"] == seen["python"])

    try:
        h.wait_until(same, what="the page to show what Python holds")
    except AssertionError:
        raise AssertionError(f"after {log[-10:]}: page {seen['page']} python {seen['python']}") from None
    return seen["python"]


def test_a_seeded_random_walk_shows_what_python_holds(harness: Make) -> None:
    apps = [App(CLIENT_APP, label="CRM"), App(CLIENT_APP, mode="tab", label="Dialer")]
    apps.append(App(CLIENT_APP, mode="background", label="Background"))
    h = harness(Desktop(apps=apps, desktop=AgentDesktop(ids=IdSource(SEED))))
    walk = Walk(h, random.Random(SEED))
    states = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(STEPS):
            walk.log.append(walk.step(n))
            if n % 50 == 49:
                states.append(agree(h, walk.log))  # along the way, and at the end
    failures = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert failures == []
    kinds = {entry.split(" ")[0] for entry in walk.log}
    assert {"call", "toast", "dialog", "menu", "x", "python_action", "ui_action"} <= kinds, kinds
    assert any("closes itself" in entry for entry in walk.log)
    assert any(state["dialogs"] for state in states) and any(state["toasts"] for state in states)
    assert any(state["menu"] for state in states) and any(state["interactions"] for state in states)


def test_an_exception_in_the_views_handler_reaches_the_notebook_and_the_view_recovers(harness: Make) -> None:
    h = harness(Desktop(app=App(CLIENT_APP, label="CRM")))
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    h.desk.simulate_inbound_call()
    seq = h.desk.link.channel.replica.seq
    # An item the view cannot apply (an op on an interaction it does not hold), as a bug would send.
    broken = {"seq": seq + 1, "ops": [[["interactions", "no-such-id", "state"], "TALKING"]]}
    with pytest.warns(FrontEndWarning, match=r"applying an update from Python: TypeError"):
        h.desk.send({"kind": "items", "n": 0}, [encode_item([broken])])
        h.wait_until(lambda: h.desk.link.browser_errors, what="the view to report its error")
    h.desk.answer("1")  # the view asked for a snapshot and follows again
    expect(h.page.get_by_test_id("desk-interaction-1")).to_have_attribute("data-state", "TALKING")
    assert ask(h, 1, "agent", "get")["data"]["username"] == "arivera"
