"""User management (admin): add staff, engineer and admin accounts, disable and enable them,
reset a password (a one-time temporary one, shown once), change a role, end an account's
logins everywhere."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, get_settings, page_start
from pages._errors import show_refusal
from pages._widgets import flash, show_flashes
from planner.accounts import actions, reads
from planner.accounts.access import Role
from planner.errors import Refused
from planner.history.sentences import when_text
from planner.i18n import t
from planner.markup import md_t

TEMPORARY = "users_temporary_password"  # (username, password) until shown, once
ASKED = "users_reset_asked"  # the account whose password reset waits for its confirmation

lang = page_start("user_admin")
engine = get_engine()
actor = current_actor()  # the audit log records the admin's account id and username
st.title(t("page.users", lang))
st.caption(t("users.intro", lang))
show_flashes()

users = [
    {
        "username": u.username,
        "display_name": u.display_name,
        "role": t(f"role.{u.role}", lang),
        "role_key": u.role,
        "active": u.active,
        "last_login": when_text(u.last_login_at) if u.last_login_at else "",  # city time
        "sessions": u.live_sessions,
    }
    for u in reads.user_rows(engine)
]
columns = ["username", "display_name", "role", "active", "last_login", "sessions"]
table = pd.DataFrame(users, columns=columns)
table.columns = [
    t(f"users.col.{c}", lang) if c != "sessions" else t("users.sessions", lang) for c in columns
]
st.dataframe(table, hide_index=True, width="stretch")

ADD_FIELDS = ("add_username", "add_display_name", "add_role", "add_password", "add_again")
with st.form("add_user"):  # a refusal keeps what was typed; a success empties the form
    st.subheader(t("users.add", lang))
    username = st.text_input(t("users.col.username", lang), max_chars=32, key=ADD_FIELDS[0])
    display_name = st.text_input(
        t("users.col.display_name", lang), max_chars=100, key=ADD_FIELDS[1]
    )
    role = st.selectbox(
        t("users.col.role", lang),
        [r.value for r in Role],
        format_func=lambda r: t(f"role.{r}", lang),
        key=ADD_FIELDS[2],
    )
    password = st.text_input(
        t("login.password", lang), type="password", max_chars=256, key=ADD_FIELDS[3]
    )
    again = st.text_input(
        t("users.password_again", lang), type="password", max_chars=256, key=ADD_FIELDS[4]
    )
    if st.form_submit_button(t("users.add", lang), type="primary"):
        try:
            actions.add_user(
                engine,
                username=username,
                password=password,
                password_again=again,
                role=role,
                display_name=display_name,
                actor=actor,
                min_score=get_settings().password_min_score,
            )
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            flash("success", t("users.added", lang, username=username.strip()))
            for field in ADD_FIELDS:
                st.session_state.pop(field, None)
            st.rerun()

st.subheader(t("users.manage", lang))
names = [u["username"] for u in users]
if names:
    chosen = st.selectbox(t("users.col.username", lang), names, key="users_toggle_name")
    active = next(u["active"] for u in users if u["username"] == chosen)
    temporary = st.session_state.pop(TEMPORARY, None)  # shown once, never kept
    if temporary is not None:
        st.success(md_t("users.reset_done", lang, username=temporary[0]))
        st.code(temporary[1], language=None)
    label = t("users.disable" if active else "users.enable", lang)
    left, middle, right = st.columns(3)
    if left.button(label, key="users_toggle"):
        try:
            (actions.disable_user if active else actions.enable_user)(engine, chosen, actor=actor)
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            key = "users.disabled" if active else "users.enabled"
            flash("success", t(key, lang, username=chosen))
            st.rerun()
    if middle.button(t("users.reset", lang), key="users_reset", help=t("users.reset_help", lang)):
        st.session_state[ASKED] = chosen  # it logs the account out everywhere: asked first
    if right.button(
        t("users.everywhere", lang), key="users_everywhere", help=t("users.everywhere_help", lang)
    ):
        ended = actions.log_out_everywhere(engine, chosen, actor=actor)
        flash("success", t("users.everywhere_done", lang, username=chosen, count=ended))
        st.rerun()
    if st.session_state.get(ASKED) == chosen:  # another account chosen: not asked for it
        st.warning(md_t("users.reset_confirm", lang, username=chosen))
        yes, no = st.columns(2)
        if yes.button(t("users.reset_yes", lang), key="users_reset_yes", type="primary"):
            st.session_state.pop(ASKED, None)
            try:
                st.session_state[TEMPORARY] = (
                    chosen,
                    actions.reset_password(engine, chosen, actor=actor),
                )
            except Refused as refused:
                show_refusal(refused, lang)
            else:
                st.rerun()
        if no.button(t("users.reset_no", lang), key="users_reset_no"):
            st.session_state.pop(ASKED, None)
            st.rerun()
    current = next(u["role_key"] for u in users if u["username"] == chosen)
    with st.form("users_role"):
        new_role = st.selectbox(
            t("users.role_new", lang),
            [r.value for r in Role],
            index=[r.value for r in Role].index(current),
            format_func=lambda r: t(f"role.{r}", lang),
            key=f"users_role_{chosen}",
        )
        if st.form_submit_button(t("users.role_change", lang)):
            try:
                changed = actions.change_role(engine, chosen, new_role, actor=actor)
            except Refused as refused:
                show_refusal(refused, lang)
            else:
                done = "users.role_changed" if changed else "users.role_same"
                flash("success", t(done, lang, username=chosen, role=t(f"role.{new_role}", lang)))
                st.rerun()
