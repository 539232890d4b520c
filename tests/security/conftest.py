"""The app fixtures of the page tests, for the replayed attacks that go through the pages.

Item 11 logs in through Chromium with the session's one browser (tests/conftest.py).
"""

from tests.pages.conftest import (  # noqa: F401 (fixtures)
    anonymous_app,
    app,
    role_tokens,
    seeded_db_template,
)
