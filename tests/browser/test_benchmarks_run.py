"""The benchmarks still run and measure what they say, with small counts (their figures are not
asserted: noisy). benchmarks/marimo_roundtrip.py has its own test (test_marimo_bench_run.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .bench_output import BENCHMARKS, Row, goal_lines, record, roundtrip_table, run

browser = pytest.mark.browser
NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?")
TICK_S = 0.01
"""The clock tick the machine's CPU times count in (USER_HZ on Linux, which psutil reads)."""


def number(text: str) -> float:
    found = NUMBER.search(text)
    assert found, text
    return float(found[0].replace(",", ""))


def assert_goals(out: str, json_path: Path, expected: dict[str, int]) -> None:
    """The goal lines printed and saved: ``expected`` maps each goal to how many checks it has; every
    verdict agrees with its figure and limit."""
    lines = goal_lines(out)
    checks = record(json_path)["checks"]
    assert len(lines) == len(checks) == sum(expected.values()), out
    assert {goal: [c["goal"] for c in checks].count(goal) for goal in expected} == expected, checks
    for line, check in zip(lines, checks, strict=True):
        assert line["where"] == check["where"], (line, check)
        limit = number(line["goal"])
        value = check["value"]
        met = value >= limit if line["goal"].startswith(">=") else value <= limit
        assert line["verdict"] == ("met" if met else "NOT MET"), line


def assert_distribution(row: Row, kernel: bool) -> None:
    """A real distribution of round trips (a read or floor may take 0.00 ms at 0.1 ms timer resolution)."""
    assert (0 < row.p50 if kernel else 0 <= row.p50) and row.p50 <= row.p95 <= row.max and row.mean > 0, row


@browser
def test_roundtrip_measures_each_path_beside_its_floor() -> None:
    n = 10
    out = run("roundtrip.py", "--n", str(n), "--block", "4", "--skip-lab")
    rows = roundtrip_table(out)
    floors = {"page floor, own-origin frame", "page floor, opaque frame"}
    harness = {f"harness {kind}" for kind in ("read", "mutation", "read-then-write")}
    assert set(rows) == floors | harness, out
    for name in floors | {"harness read"}:
        assert_distribution(rows[name], kernel=False)
    for name in ("harness mutation", "harness read-then-write"):
        assert_distribution(rows[name], kernel=True)
    # Reads are judged by the floor of a frame like theirs; mutations through Python have no floor here.
    read = rows["harness read"]
    assert read.floor == "page floor, own-origin frame", out
    assert read.above_floor == pytest.approx(read.mean - rows["page floor, own-origin frame"].mean, abs=0.002), out
    assert rows["harness mutation"].floor is None, out
    assert rows["harness read-then-write"].mean > read.mean, out  # a read and a write
    # Every logged read was answered in the browser: the read path's and the read-then-write path's.
    answered = re.search(r"harness (\d+)/(\d+)", out)
    assert answered and 2 * n <= int(answered[1]) == int(answered[2]), out
    assert "goals:" not in out, out  # the goals are judged in JupyterLab only


def test_roundtrip_refuses_odd_counts() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "roundtrip.py"), "--n", "10", "--block", "5", "--skip-lab"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--n and --block must be even" in done.stderr, done.stderr


@pytest.mark.browser
@pytest.mark.jupyterlab
def test_roundtrip_in_jupyterlab_judges_reads_by_the_opaque_floor_and_kernel_trips_by_the_framed_echo(
    tmp_path: Path,
) -> None:
    out = run("roundtrip.py", "--n", "6", "--block", "2", "--json", str(tmp_path / "roundtrip.json"))
    rows = roundtrip_table(out)
    kinds = ("read", "mutation", "read-then-write")
    platform = ("echo, opaque frame", "read + echo, opaque frame")  # the echo taken from the floor's frame
    floors = ("echo floor", "floor, opaque frame", "floor, same-origin frame", *platform)
    lab = {f"lab {name}" for name in (*floors, *kinds)}
    nodelay = {f"lab -nodelay {name}" for name in ("echo floor", *kinds)}
    assert set(rows) == {*lab, *nodelay, "page floor, own-origin frame", "page floor, opaque frame"} | {
        f"harness {kind}" for kind in kinds
    }, out
    for name in lab | nodelay:
        assert_distribution(rows[name], kernel="echo" in name or "write" in name or "mutation" in name)
    for prefix in ("lab", "lab -nodelay"):
        assert rows[f"{prefix} read"].floor == "lab floor, opaque frame", out
        for kind, framed in zip(("mutation", "read-then-write"), platform, strict=True):
            # the app's kernel trips: by the same trips from an opaque frame through the echo, where measured
            floor = f"lab {framed}" if prefix == "lab" else f"{prefix} echo floor"
            row, echo = rows[f"{prefix} {kind}"], rows[floor]
            assert row.floor == floor and row.ratio == pytest.approx(row.p50 / echo.p50, abs=0.01), out
    for name in platform:  # beside the echo floor, and through the kernel: far slower than a frame's read
        row, echo = rows[f"lab {name}"], rows["lab echo floor"]
        assert row.floor == "lab echo floor" and row.ratio == pytest.approx(row.p50 / echo.p50, abs=0.01), out
        assert row.mean > 3 * rows["lab floor, opaque frame"].mean, out
    answered = re.findall(r"(lab(?: -nodelay)?) (\d+)/(\d+)", out)
    assert len(answered) == 2 and all(int(browser_) == int(logged) >= 12 for _, browser_, logged in answered), out
    assert_goals(out, tmp_path / "roundtrip.json", {"read": 1, "mutation": 1, "read then write": 1})


def wire_rows(out: str) -> tuple[dict[tuple[str, int], list[int]], dict[str, list[int]]]:
    """(app, live) -> the integer columns of the live-calls table; app -> those of the big user data table."""
    big_at = out.index("The same change on a call that also holds")
    row = re.compile(r"^(no app|subscribed app) +(\d+) +(\d+) +(\d+) +(\d+) +[\d.]+((?: +-?\d+)*)$", re.MULTILINE)

    def columns(match: re.Match[str]) -> list[int]:
        return [int(x) for x in (match[3], match[4], match[5], *match[6].split())]

    live = {(m[1], int(m[2])): columns(m) for m in row.finditer(out[:big_at])}
    big = {m[1]: columns(m) for m in row.finditer(out[big_at:])}
    return live, big


@browser
def test_wire_bytes_per_change_do_not_grow_with_live_calls() -> None:
    out = run("wire_bytes.py", "--live", "1", "50", "--big", "2000000", "--skip-lab")
    live, big = wire_rows(out)
    assert set(live) == {(app, n) for app in ("no app", "subscribed app") for n in (1, 50)}, out
    assert all(messages == 1 for _event, _size, messages in live.values()), out  # one outbox message per change
    for app in ("no app", "subscribed app"):
        assert 0 < live[app, 50][1] < live[app, 1][1] + 100, out  # a delta: not the 50 calls again
    assert live["subscribed app", 1][1] > live["no app", 1][1], out  # plus the event for the subscribed frame
    # Beside 2 MB of user data: the change's event (the whole interaction) is measured, and what was sent.
    assert set(big) == {"no app", "subscribed app"}, out
    assert all(event > 2_000_000 and size > 0 for event, size, _messages in big.values()), out
    assert "goals:" not in out, out  # the goals are about the websocket


@pytest.mark.browser
@pytest.mark.jupyterlab
def test_wire_bytes_on_the_websocket_and_their_goals(tmp_path: Path) -> None:
    out = run("wire_bytes.py", "--live", "1", "3", "--big", "1000000", "--json", str(tmp_path / "wire.json"))
    live, big = wire_rows(out)
    for event, size, messages, ws, noop, difference in [*live.values(), *big.values()]:
        assert event > 0 and size > 0 and messages >= 1, out
        assert ws > noop > 0 and difference == ws - noop, out
    assert_goals(out, tmp_path / "wire.json", {"bytes flat": 2, "bytes": 2})


@browser
def test_sync_cost_reports_live_calls_session_length_and_memory(tmp_path: Path) -> None:
    out = run(
        "sync_cost.py", "--live", "1", "5", "--reps", "20", "--changes", "400", "--json", str(tmp_path / "s.json")
    )
    for change in ("set_user_data", "voice.hold"):
        row = re.search(rf"^{re.escape(change)} +([\d.]+) \(x 1\.00\) +([\d.]+) \(x *([\d.]+)\)$", out, re.MULTILINE)
        assert row and float(row[1]) > 0 and float(row[3]) == pytest.approx(float(row[2]) / float(row[1]), abs=0.01)
    assert re.search(r"after 400 changes +[\d.]+ µs +ratio +[\d.]+", out), out
    beside = r"^user data beside small +[\d.]+ µs \(x +1\.00\) +900 KB +[\d.]+ µs \(x +[\d.]+\) +50,000 values +[\d.]"
    assert re.search(beside, out, re.MULTILINE), out
    assert "events held 200 (limit 200)" in out, out
    assert re.search(r"memory held +after 400 changes +\d+ KiB +after 800 +\d+ KiB", out), out
    assert_goals(out, tmp_path / "s.json", {"python flat": 2, "python cost": 2, "python beside user data": 2})


@pytest.mark.browser
@pytest.mark.jupyterlab
def test_fanout_counts_every_event_of_each_burst(tmp_path: Path) -> None:
    out = run("fanout.py", "--bursts", "300", "1000", "--json", str(tmp_path / "fanout.json"), "--trace")
    rows = [[float(x) for x in line.split()] for line in out.splitlines() if re.fullmatch(r"[\d. ]+", line.strip())]
    assert [row[0] for row in rows] == [300, 1000], out
    for row in rows:
        sent, received, lost, out_of_order, per_second, held, named_floor, of_floor, floor, *rest = row
        widget_floor, of_widget_floor, python_ms, kernel_cpu_us, messages = rest
        assert received == sent and lost == out_of_order == 0, out  # nothing lost (JupyterLab's defaults)
        assert per_second > 0 and python_ms > 0 and kernel_cpu_us > 0 and 0 < messages < sent, out  # batched
        assert held > 0 and floor > 0, out  # (the held burst fails the script if it loses an event)
        assert named_floor > 0 and abs(of_floor - 100 * per_second / named_floor) <= 1, out
        assert widget_floor > 0 and abs(of_widget_floor - 100 * per_second / widget_floor) <= 1, out  # judged by it
    checks = {"fanout rate": 2, "fanout of widget floor": 2, "fanout lost": 2, "fanout order": 2}
    assert_goals(out, tmp_path / "fanout.json", checks)
    # CPU per event of the burst, the held burst and the two floors: the page's main thread, the machine, its cores busy
    cpu = [[float(x) for x in line.split()[1:]] for line in out.splitlines() if line.startswith("cpu ")]
    assert [row[0] for row in cpu] == [300, 1000], out
    cores = os.cpu_count() or 1
    for (n, *figures), row in zip(cpu, rows, strict=True):
        assert len(figures) == 12, out
        # each take's events and rate (the floors: three takes, their median rate), in the CPU table's order
        timed = [(n, row[4]), (n, row[5]), (3 * n, row[9]), (3 * n, row[6])]
        triples = zip(figures[0::3], figures[1::3], figures[2::3], strict=True)
        for (page, machine, busy), (events, rate) in zip(triples, timed, strict=True):
            # the machine's busy time counts clock ticks, each core's up to one off at either end: over a
            # take of a few hundred events (tens of ms) that is tens of percent, so the bounds allow it
            # (twice over, as a median's rate only estimates its takes' time)
            off = 2 * cores * TICK_S
            # every process includes the renderer's main thread; each take keeps some core busy
            assert 0 < page <= machine + off * 1e6 / events, out
            assert 0 < busy <= 100 * (1 + off / (cores * events / rate)), out
    # --trace: a traced burst and floor of each size, the page's main threads' time split by what they did
    header = re.search(r"^ +take +busy +posting +receiving +scripts +drawing +gc +rest$", out, re.M)
    assert header, out
    traced = re.findall(r"^ +(burst|floor) +(\d+)((?: +[\d.]+){7})$", out, re.M)
    takes = [(take, int(n)) for take, n, _ in traced]
    assert takes == [("burst", 300), ("floor", 300), ("burst", 1000), ("floor", 1000)], out
    for _take, _n, figures in traced:
        busy, posting, receiving, *others = (float(x) for x in figures.split())
        # both post every event to the app frame, which receives it: neither part can be empty
        assert busy > 0 and posting > 0 and receiving > 0, out
        assert abs(posting + receiving + sum(others) - busy) <= 0.4, out  # the parts make the whole (rounded)


@browser
def test_page_cost_takes_the_view_and_the_floor_in_turns_and_profiles_both() -> None:
    out = run("page_cost.py", "--events", "1500", "--takes", "2", "--profile")
    row = r"^(view|floor) +([\d,]+)((?: +-?[\d.]+){4})$"
    takes = re.findall(row, out, re.M)
    assert [name for name, *_ in takes] == ["view", "floor", "floor", "view", "view", "floor"], out  # ABBA, medians
    for _name, rate, figures in takes:
        cpu, scripts, style, rest = (float(x) for x in figures.split())
        assert number(rate) > 0 and cpu > 0 and scripts > 0 and style >= 0, out
        assert abs(cpu - scripts - style - rest) <= 0.2, out  # the parts make the whole (rounded)
    view, floor = takes[-2], takes[-1]
    ratio = re.search(r"^view / floor: rate ([\d.]+); main thread CPU per event ([\d.]+) times", out, re.M)
    assert ratio, out
    assert float(ratio[1]) == pytest.approx(number(view[1]) / number(floor[1]), abs=0.01), out
    assert float(ratio[2]) == pytest.approx(float(view[2].split()[0]) / float(floor[2].split()[0]), abs=0.02), out
    # the profiles: the view's take runs the widget's code, the floor's none of it
    view_profile, floor_profile = out.split("self time in a profiled take of the view (ms):")[1].split(
        "self time in a profiled take of the floor (ms):"
    )
    assert "widget.js" in view_profile and "widget.js" not in floor_profile, out
    assert "postMessage" in view_profile and "postMessage" in floor_profile, out


def test_fanout_compares_two_checkouts_taking_turns() -> None:
    """``--compare``: each side's bursts in a page and kernel of its own (a checkout of this very tree, imported by
    the compared side's kernel), nothing lost (else the script fails), and the ratio of the two medians."""
    out = run("fanout.py", "--bursts", "300", "--compare", str(BENCHMARKS.parent), "--reps", "1")
    takes = r"([\d,]+) \(median ([\d,]+)\)"
    line = re.search(rf"^ +300 events: installed {takes}; compared {takes}$", out, re.M)
    assert line, out
    ours, theirs = number(line[2]), number(line[4])
    assert ours == number(line[1]) > 0 and theirs == number(line[3]) > 0, out  # one take each
    ratio = re.search(r"installed / compared, medians: ([\d.]+)$", out, re.M)
    assert ratio and float(ratio[1]) == pytest.approx(ours / theirs, abs=0.01), out


STARTUP_STEPS = {
    "cell start (kernel)",
    "Desktop() returned (kernel)",
    "comm_open received (page)",
    "desktop displayed (kernel)",
    "subshell asked (page)",
    "display_data received (page)",
    "subshell made (page)",
    "server probe started (page)",
    "loopback probe started (page)",
    "widget shown (page)",
    "server probe answered (page)",
    "loopback probe answered (page)",
    "loopback probe read (page)",
    "server probe read (page)",
    "view-ready sent (page)",
    "view-ready received (kernel)",
    "ready (kernel)",
    "view-ready handled (kernel)",
    "snapshot received (page)",
    "app page requested (frame)",
    "app page received (frame)",
    "app's first message (page)",
    "scapi received (kernel)",
    "scapi handled (kernel)",
    "app page loaded (frame)",
    "app frame load event (page)",
    "frame-loaded sent (page)",
    "frame-loaded received (kernel)",
    "app connected (kernel)",
    "frame-loaded handled (kernel)",
}


FLOOR_STEPS = {
    "cell start (kernel)",
    "HelloFloor() returned (kernel)",
    "comm_open received (page)",
    "floor displayed (kernel)",
    "subshell asked (page)",
    "display_data received (page)",
    "subshell made (page)",
    "widget shown (page)",
    "app page requested (frame)",
    "app page asked (kernel's server)",
    "app page received (frame)",
    "hello posted (frame)",
    "app's first message (page)",
    "hello heard (kernel)",
    "app page loaded (frame)",
    "app frame load event (page)",
    "load heard (kernel)",
}
TOTALS = re.compile(r"^ +(\d+) +(\d+) +(\d+)$", re.MULTILINE)
STEP = re.compile(r"^(\S.*?) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+)$", re.MULTILINE)


def startup_section(out: str) -> tuple[float, dict[str, float]]:
    """A start-up table's median and its breakdown (each step's median, in the order printed)."""
    total = TOTALS.search(out)
    assert total, out
    steps = STEP.findall(out)
    assert steps and steps[0][0] == "cell start (kernel)", out
    return float(total[1]), {name: float(at) for name, at, *_ in steps}


@pytest.mark.browser
@pytest.mark.jupyterlab
def test_startup_breaks_each_fresh_start_down_by_step_beside_the_floor(tmp_path: Path) -> None:
    out = run("startup.py", "--reps", "2", "--json", str(tmp_path / "startup.json"))
    assert "every app frame: sandbox='allow-downloads allow-forms allow-modals allow-popups allow-same-origin" in out
    ours_text, floor_text = out.split("\nFloor: ")
    ours, order = startup_section(ours_text.split("\nStart-up: ")[1])
    assert set(order) == STARTUP_STEPS, out
    # The kernel's own figure and the connected mark agree (one clock against another).
    assert order["app connected (kernel)"] == pytest.approx(ours, abs=2), out
    # Marks taken in the page and in the kernel fall in the order the messages travel. (Not "handled":
    # the snapshot may reach the page before the kernel's thread, which sent it, takes that mark.)
    assert order["view-ready sent (page)"] <= order["view-ready received (kernel)"] <= order["snapshot received (page)"]
    floor, steps = startup_section(floor_text)
    assert set(steps) == FLOOR_STEPS, out
    assert steps["hello heard (kernel)"] == pytest.approx(floor, abs=2), out
    assert (
        steps["app page requested (frame)"]
        <= steps["app page asked (kernel's server)"]
        <= steps["app page received (frame)"]
    )
    assert steps["hello posted (frame)"] <= steps["app's first message (page)"] <= steps["hello heard (kernel)"], out
    difference = re.search(r"^scapi-widget - floor, medians: (-?\d+) ms; scapi-widget / floor: ([\d.]+)$", out, re.M)
    assert difference and abs(float(difference[1]) - (ours - floor)) <= 1, out
    paired = re.search(
        r"^scapi-widget - floor, each repeat's two taken back to back: median -?\d+ ms \((.+)\)$", out, re.M
    )
    assert paired and len(paired[1].split(", ")) == 2, out
    assert_goals(out, tmp_path / "startup.json", {"startup": 1, "startup over floor": 1})
    checks = {check["goal"]: check["value"] for check in record(tmp_path / "startup.json")["checks"]}
    assert checks["startup over floor"] == pytest.approx(checks["startup"] - floor, abs=1), out


@browser
def test_summary_prints_each_goal_beside_the_figures_of_the_run(tmp_path: Path) -> None:
    sync = run(
        "sync_cost.py", "--live", "1", "3", "--reps", "10", "--changes", "300", "--json", str(tmp_path / "a.json")
    )
    out = run("summary.py", str(tmp_path))
    for line in goal_lines(sync):
        assert f"    {line['where']}: {line['value']}   {line['verdict']}" in out, out
    goals = re.findall(r"^\S.*, goal [<>]= .* \((\w+\.py)\)$", out, re.MULTILINE)
    measured = {check["goal"] for check in record(tmp_path / "a.json")["checks"]}
    assert len(goals) > len(measured) > 0 and goals.count("sync_cost.py") == len(measured), out
    assert out.count("not measured in this run") == len(goals) - len(measured), out  # every goal but sync_cost's
    assert re.search(rf"^\d of {len(goal_lines(sync))} checks met$", out, re.MULTILINE), out
    assert re.search(r"^    sync_cost\.py +[\d. ]+ +-> +[\d. ]+$", out, re.MULTILINE), out


@browser
def test_app_server_attacks_measures_each_attack() -> None:
    out = run("app_server_attacks.py", "--n", "5")
    rows = re.findall(r"^(.+?) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +(\d+)$", out, re.MULTILINE)
    assert [label for label, *_ in rows] == [
        "none (baseline)",
        "1,100 idle connections",
        "50 half-sent requests",
        "8 free descriptors, 300 idle connections",
    ], out
    for _label, p50, p95, most, _ratio, _logs in rows:
        assert 0 < float(p50) <= float(p95) <= float(most), out
    assert re.search(r"idle connections closed to make room: [1-9]", out), out  # it did run out of descriptors
    assert re.search(r"no descriptor left: [1-9]\d* accept pauses .* \(200\)", out), out


@browser
def test_loopback_probe_measures_the_answered_and_the_refused_question() -> None:
    out = run("loopback_probe.py", "--n", "5")
    rows = re.findall(r"^(answered|refused) +([\d.]+) +([\d.]+) +([\d.]+)$", out, re.MULTILINE)
    assert [name for name, *_ in rows] == ["answered", "refused"], out
    for _name, p50, p95, most in rows:
        assert 0 < float(p50) <= float(p95) <= float(most), out
