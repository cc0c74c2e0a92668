"""The pytest plugin, as users get it: installed by the package (entry point ``pytest11``), run by
pytest in a subprocess (``pytester``) against a small app page in headless Chromium."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.browser

APP = """<!doctype html>
<button id="call">Call customer</button> <span id="status">idle</span>
<script src="scapi-client.js"></script>
<script>
  const service = window.genesys.wwe.service;
  const status = document.getElementById("status");
  service.subscribe(["interaction"], (m) => { status.textContent = m.data.interaction.state; });
  document.getElementById("call").onclick = () => service.voice.dial("5550100", {CustomerId: "C-9"});
</script>
"""

# The README's ten-line test, and the same test expecting the wrong customer.
TEN_LINES = """
from pathlib import Path
from playwright.sync_api import expect

def test_call_button_dials_with_the_customer_id(scapi_desktop):
    s = scapi_desktop(app=Path(__file__).parent / "my_app.html")
    s.app.get_by_role("button", name="Call customer").click()
    call = s.wait_until(lambda: s.desk.interactions.get("1"), what="the call")
    assert call["userData"]["CustomerId"] == "C-9"
    s.desk.remote_answer("1")
    expect(s.app.locator("#status")).to_have_text("TALKING")
"""
WRONG = """
def test_expects_another_customer(scapi_desktop):
    s = scapi_desktop(app=Path(__file__).parent / "my_app.html")
    s.app.get_by_role("button", name="Call customer").click()
    call = s.wait_until(lambda: s.desk.interactions.get("1"), what="the call")
    assert call["userData"]["CustomerId"] == "C-10"
"""


def test_the_ten_line_example_passes_and_a_wrong_expectation_fails(pytester: pytest.Pytester) -> None:
    pytester.makefile(".html", my_app=APP)
    pytester.makepyfile(test_my_app=TEN_LINES + WRONG)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*test_expects_another_customer*", "*assert 'C-9' == 'C-10'*"])


def test_options_reach_the_launch_arguments(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(
        test_options="""
        def test_launch_options(scapi_launch_options):
            print("LAUNCH", scapi_launch_options["executable_path"], scapi_launch_options["headless"])
            assert "--no-sandbox" in scapi_launch_options["args"]
        """
    )
    chosen = pytester.runpytest_subprocess("-s", "--scapi-chromium", "/opt/my/chrome", "--scapi-headed")
    chosen.assert_outcomes(passed=1)
    chosen.stdout.fnmatch_lines(["*LAUNCH /opt/my/chrome False"])
    monkeypatch.delenv("SCAPI_CHROMIUM", raising=False)
    default = pytester.runpytest_subprocess("-s")
    default.stdout.fnmatch_lines(["*LAUNCH /usr/bin/chromium True"])
    monkeypatch.setenv("SCAPI_CHROMIUM", "/from/env/chromium")
    from_env = pytester.runpytest_subprocess("-s")
    from_env.stdout.fnmatch_lines(["*LAUNCH /from/env/chromium True"])


def test_the_options_are_listed_in_help(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--scapi-chromium=PATH*", "*--scapi-headed*"])


def test_a_missing_chromium_fails_saying_what_to_do(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_app="def test_app(scapi_desktop):\n    scapi_desktop()\n")
    result = pytester.runpytest_subprocess("--scapi-chromium", str(pytester.path / "no-chromium"))
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*Chromium not found at*no-chromium*--scapi-chromium PATH*"])


def test_loading_the_plugin_imports_no_playwright_and_says_what_to_install(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import sys
        LOADED = sorted(m for m in sys.modules if m.startswith("playwright") or m == "scapi_widget.notebook.widget")
        sys.modules["playwright"] = None  # as if Playwright were not installed
        """
    )
    pytester.makepyfile(
        test_light="""
        from conftest import LOADED

        def test_plugin_loaded_lightly(pytestconfig):
            assert pytestconfig.pluginmanager.has_plugin("scapi_widget")
            assert LOADED == []

        def test_fixture_needs_playwright(scapi_desktop):
            pass
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*the scapi_desktop fixture needs Playwright: pip install 'scapi-widget[[]test]'*"])
