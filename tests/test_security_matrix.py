"""Table-driven security: origins × services × display modes, through the app bridge."""

from __future__ import annotations

import itertools

import pytest

from scapi_widget.service.bridge import AppBridge, Post

from .conftest import BridgeEnv, new_desk, request, subscribe

POLICY = "https://full.example, https://crm.example (agent.*, voice.dial), https://auth.example (*, auth.getJwtToken)"
ORIGINS = ["https://full.example", "https://crm.example", "https://auth.example", "https://stranger.example"]
SERVICES = ["agent.get", "voice.dial", "interaction.getInteractions", "auth.getJwtToken", "system.getAllowedServices"]
MODES = ["panel", "tab", "popup", "background", "hidden"]
ARGS = {"voice.dial": ["5001"]}


def expected(origin: str, service: str, mode: str) -> str:
    """'none' (no answer at all), 'refused' (errorMessage) or 'ok'."""
    if origin == "https://stranger.example":
        return "none"
    if service == "system.getAllowedServices":
        return "ok"
    if mode == "tab" and service != "voice.dial":
        return "refused"
    allowed = {
        "https://full.example": {"agent.get", "voice.dial", "interaction.getInteractions"},
        "https://crm.example": {"agent.get", "voice.dial"},
        "https://auth.example": {"agent.get", "voice.dial", "interaction.getInteractions", "auth.getJwtToken"},
    }[origin]
    return "ok" if service in allowed else "refused"


@pytest.mark.parametrize(("origin", "service", "mode"), list(itertools.product(ORIGINS, SERVICES, MODES)))
def test_security_matrix(origin: str, service: str, mode: str) -> None:
    desk = new_desk(accepted_origins=POLICY)
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame(origin, mode)
    env.send(frame, subscribe(["agent"]), origin=origin)  # the app connects first; then a request changes nothing
    before = desk.snapshot()
    replies = env.send(frame, request(service, *ARGS.get(service, [])), origin=origin)
    outcome = expected(origin, service, mode)
    if outcome == "none":
        assert replies == []
    elif outcome == "refused":
        (reply,) = replies
        assert reply["errorMessage"].startswith(f"request {service} is not allowed")
    else:
        assert [r.get("errorMessage") for r in replies if "referenceId" in r] == [None]
    if outcome != "ok" or service != "voice.dial":
        assert desk.snapshot() == before


@pytest.mark.parametrize(("origin", "mode"), list(itertools.product(ORIGINS[:3], MODES)))
def test_allowed_services_report_matches_the_matrix(origin: str, mode: str) -> None:
    desk = new_desk(accepted_origins=POLICY)
    posts: list[Post] = []
    env = BridgeEnv(desk, AppBridge(desk, posts.append), posts)
    frame = env.add_frame(origin, mode)
    (reply,) = env.send(frame, request("system.getAllowedServices"), origin=origin)
    reported = set(reply["data"])
    for service in SERVICES:
        assert (service in reported) == (expected(origin, service, mode) == "ok"), service
