"""Logins in the app: who is logged in, the login form, the role check every page runs.

A browser session keeps only a signed login token (``planner.accounts.users``) in its session state,
never the password. The token is checked again on every run, so disabling an account or a new
password ends its sessions at their next click. The same token is kept in a cookie so that a
reload or a new tab stays logged in; the cookie is written by a tiny script in the page
(Streamlit cannot set cookies from Python) and read back through ``st.context.cookies``.
"""

from __future__ import annotations

import time

import streamlit as st

from db.session import Engine, session_scope
from planner.accounts.access import PageSpec, may_view
from planner.accounts.users import (
    DEFAULT_TOKEN_AGE,
    LOGIN_COOKIE_NAME,
    SignedInUser,
    authenticate,
    has_accounts,
    issue_login_token,
    user_from_token,
)
from planner.i18n import t

TOKEN_KEY = "auth_token"
COOKIE_NAME = LOGIN_COOKIE_NAME
FAILURES_KEY = "auth_failures"
MAX_FAILURES, LOCKOUT_SECONDS = 5, 60
_COOKIE_PENDING = "auth_cookie_pending"


def current_user(engine: Engine) -> SignedInUser | None:
    """The logged-in user of this browser session, or None (checked against the database).

    The session's token is ``None`` until the session has looked at the login cookie, and
    ``""`` once it knows it has no valid login (after a logout: the cookie Streamlit read when
    the session opened is not read again).
    """
    token = st.session_state.get(TOKEN_KEY)
    from_cookie = token is None
    if from_cookie:
        token = st.context.cookies.get(COOKIE_NAME) or ""
    user = None
    if token:
        with session_scope(engine) as session:
            user = user_from_token(session, token)
    if user is None:
        if token and from_cookie:
            st.session_state[_COOKIE_PENDING] = ""  # drop the stale cookie
        st.session_state[TOKEN_KEY] = ""
        return None
    st.session_state[TOKEN_KEY] = token
    return user


def write_pending_cookie() -> None:
    """Write (or clear) the login cookie in the browser, if a login or logout asked for it."""
    if _COOKIE_PENDING not in st.session_state:
        return
    token = st.session_state.pop(_COOKIE_PENDING)
    age = int(DEFAULT_TOKEN_AGE.total_seconds()) if token else 0
    # The token holds only digits, dots and hex: nothing to escape in this script.
    # st.iframe embeds an HTML string as a same-origin iframe that may run scripts.
    st.iframe(
        "<script>"
        f"parent.document.cookie = '{COOKIE_NAME}={token}; path=/; max-age={age}; SameSite=Strict'"
        " + (parent.location.protocol === 'https:' ? '; Secure' : '');"
        "</script>",
        height=1,
    )


def log_in(engine: Engine, username: str, password: str) -> SignedInUser | None:
    """Check the password; on success keep the token for this session and the cookie."""
    with session_scope(engine) as session:
        user = authenticate(session, username, password)
        token = issue_login_token(session, user) if user else None
    if user is None or token is None:
        return None
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_PENDING] = token
    st.session_state.pop(FAILURES_KEY, None)
    return user


def log_out() -> None:
    """Forget the login in this session and clear the cookie."""
    st.session_state[TOKEN_KEY] = ""
    st.session_state[_COOKIE_PENDING] = ""


def login_form(engine: Engine, lang: str) -> None:
    """The login form; reruns the page as the logged-in user on success."""
    failures: list[float] = st.session_state.setdefault(FAILURES_KEY, [])
    recent = [at for at in failures if time.monotonic() - at < LOCKOUT_SECONDS]
    st.session_state[FAILURES_KEY] = recent
    with st.form("login_form"):
        st.subheader(t("login.title", lang))
        username = st.text_input(t("login.username", lang), max_chars=64)
        password = st.text_input(t("login.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(t("login.submit", lang), type="primary")
    st.caption(t("login.public_hint", lang))
    with session_scope(engine) as session:
        if not has_accounts(session):
            st.info(t("login.no_accounts", lang))
    if not submitted:
        return
    if len(recent) >= MAX_FAILURES:
        wait = int(LOCKOUT_SECONDS - (time.monotonic() - recent[0])) + 1
        st.error(t("login.too_many", lang, seconds=wait))
        return
    if log_in(engine, username, password) is None:
        recent.append(time.monotonic())
        st.error(t("login.failed", lang))
        return
    st.rerun()


def require_access(
    engine: Engine, spec: PageSpec | None, user: SignedInUser | None, lang: str
) -> None:
    """Stop the page unless ``user`` (None: no login) may see it: show the login form, or say
    why not. ``spec`` None (a script the registry does not know) is refused like a staff page.
    """
    role = user.role if user else None
    if spec is not None and may_view(role, spec):
        return
    if user is None:
        st.warning(t("login.required", lang))
        login_form(engine, lang)
    else:
        st.error(t("login.not_allowed", lang, role=t(f"role.{user.role.value}", lang)))
    st.stop()
