"""Issue 12 acceptance in real headless Chromium: two agents' desktops of one contact centre, each
rendered by the widget's real front end (a light-harness page each) hosting the demo app, unmodified.

Alex's app answers a customer's call, attaches data through its own data editor and transfers the
call to Bob with a SCAPI request made from its own frame (``interaction.singleStepTransfer`` to Bob's
DN); Bob's app sees the call ring with that data and answers it with its own button; Alex's app sees
the call leave (RELEASED, IDLE)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from scapi_widget import ContactCentre, Desktop
from scapi_widget.serving.app_server import AppServer
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser

TRANSFER_FROM_THE_APP = """(_body, dn) => new Promise((done) => {
  window.genesys.wwe.service.interaction.singleStepTransfer("1", dn,
    () => done("ok"), (failure) => done("failed: " + (failure.errorMessage || failure)));
})"""


def ready(app: FrameLocator, name: str) -> None:
    expect(app.get_by_test_id("ready")).to_have_text("yes")
    expect(app.get_by_test_id("status")).to_contain_text(f"connected as {name}")


def test_alexs_app_transfers_a_call_to_bob_whose_app_answers_it(
    page: Page, page_server: AppServer, artifacts: Path
) -> None:
    centre = ContactCentre()
    centre.add_agent("Alex", dn="5001")
    centre.add_agent("Bob", dn="5002")
    alex = LightHarness(page, Desktop.for_agent(centre, "Alex"), page_server)
    bob_page = page.context.new_page()
    bob_errors: list[str] = []
    bob_page.on("pageerror", lambda exc: bob_errors.append(str(exc)))
    bob = LightHarness(bob_page, Desktop.for_agent(centre, "Bob"), page_server)
    alex_app, bob_app = alex.app(), bob.app()
    ready(alex_app, "Alex")
    ready(bob_app, "Bob")

    # A customer calls Alex; Alex answers and notes the reason in the app's data editor.
    call_id = alex.desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-2002"})
    alex_app.get_by_test_id(f"answer-{call_id}").click()
    expect(alex_app.get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "TALKING")
    alex_app.get_by_test_id(f"ud-key-{call_id}").fill("Reason")
    alex_app.get_by_test_id(f"ud-value-{call_id}").fill("Billing dispute")
    alex_app.get_by_test_id(f"ud-set-{call_id}").click()
    expect(alex_app.get_by_test_id(f"interaction-{call_id}")).to_contain_text("Billing dispute")

    # Alex's app transfers the call to Bob's DN, from its own frame.
    assert alex_app.locator("body").evaluate(TRANSFER_FROM_THE_APP, centre.dn_of("Bob")) == "ok"
    transfer = alex.desk.request_log[-1]
    assert (transfer["request"], transfer["frameId"], transfer["parameters"][1]) == (
        "interaction.singleStepTransfer",
        1,
        "5002",
    )

    # Bob's app sees it ring, with the data Alex's app attached, and answers it.
    bob_card = bob_app.get_by_test_id("interaction-1")
    expect(bob_card).to_have_attribute("data-state", "RINGING")
    expect(bob_card).to_contain_text("Billing dispute")
    expect(bob_card).to_contain_text("C-2002")
    bob_app.get_by_test_id("answer-1").click()
    expect(bob_card).to_have_attribute("data-state", "TALKING")
    assert bob.desk.interactions["1"]["state"] == "TALKING"
    assert bob.desk.interactions["1"]["userData"]["Reason"] == "Billing dispute"
    assert bob.desk.request_log[-1]["request"] == "voice.answer" and bob.desk.request_log[-1]["frameId"] == 1

    # Alex's app saw the call leave.
    expect(alex_app.get_by_test_id(f"interaction-{call_id}")).to_have_attribute("data-state", "IDLE")
    expect(alex_app.get_by_test_id("event-log")).to_contain_text("interaction RELEASED IDLE")
    alex_saw = [n["eventType"] for n in alex.desk.notification_log if n["event"] == "interaction"]
    bob_saw = [n["eventType"] for n in bob.desk.notification_log if n["event"] == "interaction"]
    assert alex_saw == ["ADDED", "RINGING", "ESTABLISHED", "ATTACHED_DATA_CHANGED", "RELEASED"]
    assert bob_saw == ["ADDED", "RINGING", "ESTABLISHED"]

    page.screenshot(path=str(artifacts / "centre-alex.png"))
    bob_page.screenshot(path=str(artifacts / "centre-bob.png"))
    bob_page.close()
    assert not bob_errors, f"JavaScript errors on Bob's page: {bob_errors}"
    assert alex.refused_calls == bob.refused_calls == 0
