"""Deployment tests share the browser fixtures of tests/browser (Debian's Chromium)."""

from tests.browser.conftest import browser  # noqa: F401  (a fixture, used by name)
