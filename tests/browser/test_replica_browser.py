"""Issue 11 acceptance in real headless Chromium: the views' replica and the reads the browser answers.

A raw SCAPI page (``pages/read-probe-app.html``) asks every read the front end may answer
(:data:`scapi_widget.service.local_reads.LOCAL_READS`) twice with one referenceId: once forced through
Python (an unknown request posted just before, in the same task, leaves the frame with a message in
flight) and once answered by the browser from the replica; the two replies must be byte-identical,
and the request log says which path answered each.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from scapi_widget.notebook.widget import Desktop
from scapi_widget.service.local_reads import KEYED, LOCAL_READS
from scapi_widget.testing import LightHarness

pytestmark = pytest.mark.browser

PROBE = Path(__file__).parent / "pages" / "read-probe-app.html"
Make = Callable[..., LightHarness]
VIEW = "[data-testid=scapi-desktop]"
SESSION_STEPS = {"call", "answer", "hold", "mark_done", "set", "delete", "agent", "media", "mic", "speaker"}
SESSION_STEPS |= {"leadership", "toast"}
STATES = ["Ready", "NotReady", "NotReadyBreak", "NotReadyLunch", "AfterCallWork", "DoNotDisturb"]


def replicas(h: LightHarness) -> list[dict[str, Any]]:
    """Every view's replica as plain JSON ({seq, parts}), in page order."""
    text = h.page.evaluate(
        f"() => JSON.stringify(Array.from(document.querySelectorAll('{VIEW}'), (el) => window.__harness.replicaOf(el)))"
    )
    found: list[dict[str, Any]] = json.loads(text)  # as JSON: a "__proto__" key is a key like any other
    return found


def python_replica(h: LightHarness) -> dict[str, Any]:
    """Python's record of the replica, as the views hold it (maps as [[key, value], ...] pairs)."""
    with h.desk.desktop.lock:
        snapshot = h.desk.link.channel.replica.snapshot()
    plain: dict[str, Any] = json.loads(json.dumps({"seq": snapshot["seq"], "parts": snapshot["parts"]}))
    return plain


def wait_replicas_equal(h: LightHarness, views: int = 1) -> dict[str, Any]:
    """Until every view's replica equals Python's (there must be ``views`` of them); returns it."""
    seen: dict[str, Any] = {}

    def equal() -> bool:
        seen["python"], seen["views"] = python_replica(h), replicas(h)
        return len(seen["views"]) == views and all(v == seen["python"] for v in seen["views"])

    try:
        h.wait_until(equal, what="the views' replicas to equal Python's")
    except AssertionError:
        python, shown = seen["python"], seen["views"]
        differing = {
            name
            for v in shown
            for name in set(v["parts"]) | set(python["parts"])
            if v["parts"].get(name) != python["parts"].get(name)
        }
        seqs = [v["seq"] for v in shown]
        raise AssertionError(f"views at seq {seqs}, Python at {python['seq']}; parts differing: {differing}") from None
    result: dict[str, Any] = seen["python"]
    return result


def probe(h: LightHarness) -> Any:
    return h.app().locator("body")


def ready_probe(harness: Make, desk: Desktop) -> LightHarness:
    h = harness(desk)
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    h.wait_frame_loaded()
    wait_replicas_equal(h)
    return h


# ---------------------------------------------------------------------- the randomized session


def user_data(desk: Desktop, interaction_id: str) -> dict[str, Any]:
    data = desk.interactions[interaction_id]["userData"]
    assert isinstance(data, dict)
    return data


def random_step(desk: Desktop, rng: random.Random, n: int) -> str:
    """Do one random thing to the desktop from Python; returns what, for failure messages."""
    acting = {i: acts for i, acts in desk.actions.items() if acts}
    live = sorted(i for i, item in desk.interactions.items() if item["state"] != "IDLE")  # user data may change
    weights = {"call": 3 if len(live) < 3 else 0.5, "agent": 1, "media": 1, "mic": 0.5, "speaker": 0.5}
    weights |= {"leadership": 1, "toast": 0.7}
    if acting:
        weights["action"] = 4
    if live:
        weights["set_data"] = 2
    if any(desk.interactions[i]["userData"] for i in live):
        weights["delete_data"] = 1.5
    [what] = rng.choices(list(weights), list(weights.values()))
    if what == "call":
        data = {"CustomerId": f"C-{n}", "Secret": f"s{rng.randrange(1000)}"}
        return f"call {desk.simulate_inbound_call(f'555{n:04d}', user_data=data)}"
    if what == "action":
        interaction_id = rng.choice(sorted(acting))
        action = rng.choice(acting[interaction_id])
        getattr(desk, action)(interaction_id)
        return f"{action} {interaction_id}"
    if what == "set_data":
        interaction_id = rng.choice(live)
        key = rng.choice(["CustomerId", "Secret", "Note", "Nested"])  # each key travels alone
        value: Any = f"v{n}" if rng.random() < 0.6 else {"n": n, rng.choice(["a", "b"]): {"deep": [n]}}
        desk.set_user_data(interaction_id, {key: value})
        return f"set {key} on {interaction_id}"
    if what == "delete_data":
        interaction_id = rng.choice(sorted(i for i in live if desk.interactions[i]["userData"]))
        key = rng.choice(sorted(user_data(desk, interaction_id)))
        desk.delete_user_data(interaction_id, key)
        return f"delete {key} on {interaction_id}"
    if what == "agent":
        state = rng.choice(STATES)
        desk.set_agent_state(state)
        return f"agent {state}"
    if what == "media":
        media, state = rng.choice(list(desk.desktop.media)), rng.choice(STATES)
        desk.set_media_state(media, state)
        return f"media {media} {state}"
    if what in ("mic", "speaker"):
        muted = rng.random() < 0.5
        (desk.set_microphone_muted if what == "mic" else desk.set_speaker_muted)(muted)
        return f"{what} muted={muted}"
    if what == "leadership":
        leadership = rng.choice(["leading", "following", "negotiating"])
        desk.set_leadership(leadership)
        return f"leadership {leadership}"
    return f"toast {desk.popup_toast(title=f'T{n}', message=f'message {n}')}"


def every_read(desk: Desktop) -> list[tuple[str, list[str], bool]]:
    """Every read the browser may answer, with each parameter it can take now, plus one it cannot
    (an unknown id / name); and whether the browser should answer it (an unknown key: Python)."""
    keys = {
        "interaction.getByInteractionId": sorted(desk.interactions),
        "media.getMediaByName": list(desk.desktop.media),
    }
    assert set(keys) == set(KEYED)
    reads: list[tuple[str, list[str], bool]] = []
    for request in LOCAL_READS:
        if request in keys:
            reads += [(request, [key], True) for key in keys[request]]
            reads.append((request, ["no-such-key"], False))
        else:
            reads.append((request, [], True))
    return reads


def compare_reads(h: LightHarness, prefix: str) -> int:
    """Ask every read on both paths from the app; check the replies and who answered. Returns
    how many were answered in the browser."""
    reads = every_read(h.desk)
    results = probe(h).evaluate(
        "(_, [reads, prefix]) => window.compareReads(reads, prefix)",
        [[[request, params] for request, params, _ in reads], prefix],
    )
    assert len(results) == len(reads)
    for result in results:
        assert result["first"] == result["second"], f"{result['request']} {result['parameters']}: paths differ"
    # Each read left three log entries: the unknown request, the read answered by Python, then the same read
    # answered again (by the browser when it could be). The browser's reports reach Python shortly after.
    last_unknown = {"request": "x.unknown", "parameters": [f"{prefix}-{len(reads) - 1}"]}

    def logged() -> list[dict[str, Any]]:
        log = h.desk.request_log
        done = len(log) >= 3 and {k: log[-3][k] for k in last_unknown} == last_unknown
        return log[-3 * len(reads) :] if done else []

    entries = h.wait_until(logged, what="the request log to hold every read of the round")
    local = 0
    for i, ((request, params, in_browser), result) in enumerate(zip(reads, results, strict=True)):
        unknown, first, second = entries[3 * i : 3 * i + 3]
        assert (unknown["request"], unknown["parameters"], unknown["ok"]) == ("x.unknown", [f"{prefix}-{i}"], False)
        for entry, reply in ((first, result["first"]), (second, result["second"])):
            assert (entry["request"], entry["parameters"]) == (request, params)
            answer = json.loads(reply)
            assert entry.get("data") == answer.get("data") and entry["ok"] == ("errorMessage" not in answer)
        assert "answeredBy" not in first, f"{request} {params}: the first answer should be Python's"
        assert second.get("answeredBy") == ("browser" if in_browser else None), f"{request} {params}: {second}"
        local += in_browser
    return local


@pytest.mark.parametrize("read_allowed", [None, ["CustomerId"]], ids=["every-key", "CustomerId-only"])
def test_reads_answered_in_the_browser_equal_pythons_over_a_random_session(
    harness: Make, read_allowed: list[str] | None
) -> None:
    desk = Desktop(app=PROBE) if read_allowed is None else Desktop(app=PROBE, user_data_read_allowed=read_allowed)
    h = ready_probe(harness, desk)
    rng = random.Random(95)  # a seed whose session does every kind of step below
    done: list[str] = []
    local = compare_reads(h, "r0")
    for n in range(1, 31):
        done.append(random_step(desk, rng, n))
        if n % 3 == 0:
            wait_replicas_equal(h)
            local += compare_reads(h, f"r{n}")
    assert local > 10 * len(LOCAL_READS), done
    kinds = {d.split()[0] for d in done}
    assert SESSION_STEPS <= kinds, done
    parts = python_replica(h)["parts"]
    assert ("app_interactions" in parts) == (read_allowed is not None)
    if read_allowed is not None:
        filtered = [dict(pair[1]["userData"]) for pair in parts["app_interactions"]]
        assert filtered and all(set(data) <= {"CustomerId"} for data in filtered), filtered


# ---------------------------------------------------------------------- read your writes


def browser_answers(h: LightHarness) -> list[dict[str, Any]]:
    """The request log's entries for reads the browser answered."""
    return [entry for entry in h.desk.request_log if entry.get("answeredBy") == "browser"]


def wait_browser_answers(h: LightHarness, count: int) -> list[dict[str, Any]]:
    """Until the browser's answers to ``count`` reads are logged (its reports come a little later)."""

    def logged() -> list[dict[str, Any]] | None:
        found = browser_answers(h)
        return found if len(found) >= count else None

    answers: list[dict[str, Any]] = h.wait_until(logged, what=f"{count} read(s) answered in the browser")
    assert len(answers) == count, answers
    return answers


def test_a_read_posted_with_a_write_sees_the_write(harness: Make) -> None:
    h = ready_probe(harness, Desktop(app=PROBE))
    call_id = h.desk.simulate_inbound_call(user_data={"CustomerId": "C-1"})
    h.desk.answer(call_id)
    wait_replicas_equal(h)
    values = [f"value-{i}" for i in range(1, 21)]
    # Twenty write + read pairs posted in one task: each read answers what its own write left.
    reads = probe(h).evaluate(
        "(_, [id, values]) => window.writeThenRead(id, 'Note', values, 'burst')", [call_id, values]
    )
    assert [r["userData"]["Note"] for r in reads] == values
    assert [r["interactionId"] for r in reads] == [call_id] * 20
    # One pair at a time, then, once the write is answered, a read alone: the browser answers it, with the write.
    for i in range(1, 21):
        value = f"again-{i}"
        [read] = probe(h).evaluate(
            "(_, [id, value, p]) => window.writeThenRead(id, 'Note', [value], p)", [call_id, value, f"one{i}"]
        )
        assert read["userData"]["Note"] == value
        after = probe(h).evaluate(
            "(_, [id, ref]) => window.ask('interaction.getByInteractionId', [id], ref)", [call_id, f"after{i}"]
        )
        assert after["data"]["userData"]["Note"] == value, after
        entry = wait_browser_answers(h, i)[-1]
        assert entry == h.desk.request_log[-1]  # the read alone, after the write's reply
        assert (entry["request"], entry["parameters"]) == ("interaction.getByInteractionId", [call_id])
        assert entry["data"]["userData"]["Note"] == value
    assert user_data(h.desk, call_id)["Note"] == "again-20"
    assert len(browser_answers(h)) == 20  # only the reads posted alone; every read posted with a write went to Python


# ---------------------------------------------------------------------- a gap in the deltas


def carries_ops(message: dict[str, Any]) -> bool:
    content = message.get("content")
    return isinstance(content, dict) and any("ops" in item for item in content.get("items", []))


def test_a_lost_delta_is_recovered_by_a_snapshot(harness: Make) -> None:
    h = ready_probe(harness, Desktop(app=PROBE))
    seq = python_replica(h)["seq"]
    h.drop_next(carries_ops)
    h.desk.set_agent_state("NotReadyBreak")
    [lost] = h.wait_until(lambda: h.dropped, what="the agent state's delta to be lost")
    lost_parts = {op[0][0] for item in lost["content"]["items"] for op in item.get("ops", [])}
    assert {"agent_info", "answers"} <= lost_parts, lost_parts
    assert python_replica(h)["seq"] == seq + 1
    assert h.from_page["resync"] == 0
    call_id = h.desk.simulate_inbound_call("5550123")  # the next delta shows the gap
    python = wait_replicas_equal(h)
    assert python["seq"] >= seq + 2
    assert h.from_page["resync"] == 1
    expect(h.page.get_by_test_id("desk-agent-state")).to_have_text("Not Ready - Break")
    expect(h.page.get_by_test_id(f"desk-interaction-{call_id}")).to_have_attribute("data-state", "RINGING")
    # The view keeps up by deltas again, and reads are answered from the recovered replica.
    h.desk.answer(call_id)
    wait_replicas_equal(h)
    expect(h.page.get_by_test_id(f"desk-interaction-{call_id}")).to_have_attribute("data-state", "TALKING")
    reply = probe(h).evaluate("() => window.ask('agent.getState', [], 'after-gap')")
    assert reply["data"]["operationName"] == "NotReadyBreak"
    [entry] = wait_browser_answers(h, 1)
    assert (entry["request"], entry["data"]["operationName"]) == ("agent.getState", "NotReadyBreak")
    assert h.from_page["resync"] == 1


# ---------------------------------------------------------------------- a second view


def test_a_second_view_gets_the_same_replica_and_hosts_the_frames(harness: Make) -> None:
    h = ready_probe(harness, Desktop(app=PROBE))
    first_view = h.desk.host_view
    call_id = h.desk.simulate_inbound_call("5550100", user_data={"CustomerId": "C-7"})
    h.page.evaluate("() => window.__harness.renderView()")
    h.wait_until(lambda: h.desk.host_view not in ("", first_view), what="the newest view to host the apps")
    second_view = h.desk.host_view
    wait_replicas_equal(h, views=2)
    h.desk.answer(call_id)
    h.desk.set_user_data(call_id, {"Note": "both views"})
    h.desk.set_agent_state("NotReadyLunch")
    h.desk.popup_toast(title="Heads up", message="two views")
    python = wait_replicas_equal(h, views=2)
    assert python["parts"]["host_view"] == second_view
    interactions = dict(python["parts"]["interactions"])
    assert interactions[call_id]["userData"]["Note"] == "both views"
    first, second = (h.page.locator(f"[data-view='{v}']") for v in (first_view, second_view))
    expect(second.locator("iframe[data-testid=app-frame-1]")).to_have_count(1)
    expect(first.locator("iframe")).to_have_count(0)
    expect(h.page.locator("iframe")).to_have_count(1)
    for view in (first, second):
        expect(view.get_by_test_id("desk-agent-state")).to_have_text("Not Ready - Lunch")
        expect(view.get_by_test_id(f"desk-interaction-{call_id}")).to_have_attribute("data-state", "TALKING")
    # The new host's frame is answered from its replica too.
    expect(h.app().get_by_test_id("loaded")).to_have_text("yes")
    h.wait_frame_loaded()
    wait_replicas_equal(h, views=2)  # the views know the new document
    reply = probe(h).evaluate("(_, id) => window.ask('interaction.getByInteractionId', [id], 'v2')", call_id)
    assert reply["data"]["userData"]["Note"] == "both views"
    [entry] = wait_browser_answers(h, 1)
    assert (entry["request"], entry["parameters"]) == ("interaction.getByInteractionId", [call_id])
