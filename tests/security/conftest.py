"""The app fixtures of the page tests, for the replayed attacks that go through the pages,
and the browser of the browser tests (item 11 logs in through Chromium)."""

from tests.browser.conftest import browser  # noqa: F401 (fixture)
from tests.pages.conftest import (  # noqa: F401 (fixtures)
    anonymous_app,
    app,
    role_tokens,
    seeded_db_template,
)
