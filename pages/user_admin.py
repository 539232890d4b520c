"""User management (admin): add staff, engineer and admin accounts, disable and enable them,
end an account's logins everywhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from db.session import session_scope
from pages._common import current_actor, get_engine, get_settings, page_start, signed_in_user
from pages._widgets import flash, show_flashes
from planner.accounts.access import Role
from planner.accounts.sessions import live_session_counts, log_out_everywhere
from planner.accounts.users import AccountError, create_user, list_users, set_active
from planner.i18n import t
from planner.markup import md_t

lang = page_start()
engine = get_engine()
me = signed_in_user()
actor = current_actor()  # the audit log records the admin's account id and username
st.title(t("page.users", lang))
st.caption(t("users.intro", lang))
show_flashes()

with session_scope(engine) as session:
    live = live_session_counts(session)
    users = [
        {
            "username": u.username,
            "display_name": u.display_name,
            "role": t(f"role.{u.role}", lang),
            "active": u.active,
            "last_login": u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "",
            "sessions": live.get(u.id, 0),
        }
        for u in list_users(session)
    ]
columns = ["username", "display_name", "role", "active", "last_login", "sessions"]
table = pd.DataFrame(users, columns=columns)
table.columns = [
    t(f"users.col.{c}", lang) if c != "sessions" else t("users.sessions", lang) for c in columns
]
st.dataframe(table, hide_index=True, width="stretch")

with st.form("add_user", clear_on_submit=True):
    st.subheader(t("users.add", lang))
    username = st.text_input(t("users.col.username", lang), max_chars=32)
    display_name = st.text_input(t("users.col.display_name", lang), max_chars=100)
    role = st.selectbox(
        t("users.col.role", lang),
        [r.value for r in Role],
        format_func=lambda r: t(f"role.{r}", lang),
    )
    password = st.text_input(t("login.password", lang), type="password", max_chars=256)
    again = st.text_input(t("users.password_again", lang), type="password", max_chars=256)
    if st.form_submit_button(t("users.add", lang), type="primary"):
        if password != again:
            st.error(t("users.password_mismatch", lang))
        else:
            try:
                with session_scope(engine) as session:
                    create_user(
                        session,
                        username=username,
                        password=password,
                        role=role,
                        display_name=display_name,
                        actor=actor,
                        min_score=get_settings().password_min_score,
                    )
            except AccountError as error:
                st.error(md_t(error.key, lang, **error.values))
            else:
                flash("success", t("users.added", lang, username=username.strip()))
                st.rerun()

st.subheader(t("users.toggle", lang))
names = [u["username"] for u in users]
if names:
    chosen = st.selectbox(t("users.col.username", lang), names, key="users_toggle_name")
    active = next(u["active"] for u in users if u["username"] == chosen)
    label = t("users.disable" if active else "users.enable", lang)
    if st.button(label, key="users_toggle"):
        if active and me is not None and chosen == me.username:
            st.error(t("account.error.self", lang))
        else:
            with session_scope(engine) as session:
                set_active(session, chosen, not active, actor=actor)
            key = "users.disabled" if active else "users.enabled"
            flash("success", t(key, lang, username=chosen))
            st.rerun()
    st.caption(t("users.everywhere_help", lang))
    if st.button(t("users.everywhere", lang), key="users_everywhere"):
        with session_scope(engine) as session:
            ended = log_out_everywhere(session, chosen, actor=actor)
        flash("success", t("users.everywhere_done", lang, username=chosen, count=ended))
        st.rerun()
