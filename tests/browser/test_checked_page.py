"""The browser tests' page fails a test on a JavaScript error, unless the error is named as known."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .checked_page import checked_page

pytestmark = pytest.mark.browser

THROW = "setTimeout(() => { throw new Error('boom in the page'); })"


def test_an_error_in_the_page_fails_the_test(chromium: Browser) -> None:
    with pytest.raises(AssertionError, match=r"JavaScript errors on the test page: .*boom in the page"):
        with checked_page(chromium, timeout_ms=5_000, where="test") as page:
            with page.expect_event("pageerror"):
                page.evaluate(THROW)


def test_a_known_error_is_let_through_and_a_quiet_page_passes(chromium: Browser) -> None:
    with checked_page(chromium, timeout_ms=5_000, where="test", known=[("boom in the page", "")]) as page:
        with page.expect_event("pageerror"):
            page.evaluate(THROW)
    with checked_page(chromium, timeout_ms=5_000, where="test") as page:
        assert page.evaluate("1 + 1") == 2
