"""Logins in the app: who is logged in, the login form, the role check every page runs.

A browser session keeps only the login session's cookie value (``planner.accounts.sessions``:
a random id and its signature; the database holds the id's hash), never the password. It is
checked against the database on every run, so logging out, a new password, a disabled account
or an admin's "log out everywhere" ends the login at its next click, in every process.

The same value is kept in a cookie so that a reload or a new tab stays logged in. Streamlit
page scripts cannot send HTTP headers: under the app's server (``deploy/asgi.py``, what
``scripts/run.sh`` and ``planner serve`` start) the page hands the value once to a route that
sets the cookie HttpOnly (``deploy/login_cookie.py``); under a plain ``streamlit run`` a tiny
same-origin script writes it, not HttpOnly. Either way it is ``SameSite=Strict``, ``Secure``
on https, and useless once the session is revoked.
"""

from __future__ import annotations

import os

import streamlit as st

from pages._errors import show_refusal
from pages._widgets import flash
from planner import limits
from planner.accounts import actions, reads
from planner.accounts.access import PageSpec, landing_page, may_view
from planner.accounts.sessions import LOGIN_COOKIE_NAME, LoginPolicy
from planner.accounts.users import SignedInUser
from planner.errors import Refused
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md_t
from planner.secrets import SigningKeys, load_signing_keys
from planner.settings import PlannerSettings, load_settings

TOKEN_KEY = "auth_token"
COOKIE_NAME = LOGIN_COOKIE_NAME
_COOKIE_PENDING = "auth_cookie_pending"


@st.cache_resource(show_spinner=False)
def _settings() -> PlannerSettings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def signing_keys() -> SigningKeys:
    """The keys that sign login cookies (from a setting or a secret file; once per process)."""
    return load_signing_keys(_settings())


def login_policy() -> LoginPolicy:
    """Login limits and lifetimes from the settings."""
    return LoginPolicy.from_settings(_settings())


def client_address() -> str:
    """The visitor's address as the per-client limits count it (see planner.limits)."""
    settings = _settings()
    return limits.client_address(
        dict(st.context.headers or {}),
        st.context.ip_address,
        header=settings.trusted_proxy_header,
        hops=settings.trusted_proxy_count,
        proxies=settings.trusted_proxies,
    )


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
        user = reads.signed_in_user(engine, token, keys=signing_keys(), idle=login_policy().idle)
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
    age = int(login_policy().age.total_seconds()) if token else 0
    # The value holds only URL-safe base64, a dot and hex: nothing to escape in this script.
    # st.iframe embeds an HTML string as a same-origin iframe that may run scripts.
    route = os.environ.get("PLANNER_LOGIN_COOKIE_ROUTE")
    if route:  # the server sets it, HttpOnly: no script can read it afterwards
        method, body = ("POST", f"'{token}'") if token else ("DELETE", "null")
        st.iframe(
            "<script>"
            f"fetch(parent.location.origin + '{route}', {{method: '{method}', body: {body},"
            " credentials: 'same-origin', headers: {'Content-Type': 'text/plain'}});"
            "</script>",
            height=1,
        )
        return
    st.iframe(
        "<script>"
        f"parent.document.cookie = '{COOKIE_NAME}={token}; path=/; max-age={age}; SameSite=Strict'"
        " + (parent.location.protocol === 'https:' ? '; Secure' : '');"
        "</script>",
        height=1,
    )


def log_out(engine: Engine) -> None:
    """End the login: revoke its session in the database, forget it here, clear the cookie."""
    token = st.session_state.get(TOKEN_KEY) or st.context.cookies.get(COOKIE_NAME)
    if token:
        actions.log_out(engine, token, keys=signing_keys())
    st.session_state[TOKEN_KEY] = ""
    st.session_state[_COOKIE_PENDING] = ""


def landing_path(user: SignedInUser) -> str:
    """The script of the page the user's role lands on (``planner.accounts.access.LANDING``)."""
    return landing_page(user.role).path


def login_form(engine: Engine, lang: str, *, land: bool = False) -> None:
    """The login form; on success reruns the page as the logged-in user, or (``land``, on the
    login page itself) opens the working page of the user's role."""
    with st.form("login_form"):
        st.subheader(t("login.title", lang))
        username = st.text_input(t("login.username", lang), max_chars=64)
        password = st.text_input(t("login.password", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(t("login.submit", lang), type="primary")
    st.caption(t("login.public_hint", lang))
    if not reads.has_accounts(engine):
        st.info(t("login.no_accounts", lang))
    if not submitted:
        return
    outcome = actions.log_in(
        engine,
        username,
        password,
        client=client_address(),
        policy=login_policy(),
        keys=signing_keys(),
    )
    if outcome.user is None:
        st.error(md_t(outcome.refused, lang, seconds=outcome.wait_seconds))
        return
    st.session_state[TOKEN_KEY] = outcome.token
    st.session_state[_COOKIE_PENDING] = outcome.token
    if land:
        st.switch_page(landing_path(outcome.user))
    st.rerun()


def forced_password_change(engine: Engine, user: SignedInUser, lang: str) -> None:
    """After an admin's reset: the form for a new password, in place of every page. On
    success the account logs in again with the new password (the change ended its logins)
    and lands on its working page."""
    st.title(t("password.change_title", lang))
    st.info(t("password.change_intro", lang))
    with st.form("own_password"):
        password = st.text_input(t("password.new", lang), type="password", max_chars=256)
        again = st.text_input(t("password.again", lang), type="password", max_chars=256)
        submitted = st.form_submit_button(t("password.save", lang), type="primary")
    if not submitted:
        return
    try:
        actions.change_own_password(
            engine,
            user.id,
            password,
            password_again=again,
            min_score=_settings().password_min_score,
        )
    except Refused as refused:
        show_refusal(refused, lang)
        return
    outcome = actions.log_in(
        engine,
        user.username,
        password,
        client=client_address(),
        policy=login_policy(),
        keys=signing_keys(),
    )
    token = outcome.token or ""
    st.session_state[TOKEN_KEY] = token
    st.session_state[_COOKIE_PENDING] = token
    flash("success", t("password.changed", lang))
    if outcome.user is not None:
        st.switch_page(landing_path(outcome.user))
    st.rerun()


def require_access(
    engine: Engine, spec: PageSpec | None, user: SignedInUser | None, lang: str
) -> None:
    """Stop the page unless ``user`` (None: no login) may see it: show the login form, or say
    why not; a user whose password an admin reset sees only the form for a new one. ``spec``
    None (a script the registry does not know) is refused like a staff page.
    """
    if user is not None and user.must_change_password:  # after an admin's reset: nothing else
        forced_password_change(engine, user, lang)
        st.stop()
    role = user.role if user else None
    if spec is not None and may_view(role, spec):
        return
    if user is None:
        st.warning(t("login.required", lang))
        login_form(engine, lang)
    else:
        st.error(md_t("login.not_allowed", lang, role=t(f"role.{user.role.value}", lang)))
    st.stop()
