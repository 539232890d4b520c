"""Staff login (public page): the login form, or who is logged in."""

from __future__ import annotations

import streamlit as st

from pages._auth import current_user, login_form
from pages._common import get_engine, page_start
from planner.i18n import t
from planner.markup import md_t

lang = page_start("login")
engine = get_engine()
st.title(t("page.login", lang))
user = current_user(engine)
if user is None:
    login_form(engine, lang)
else:
    st.success(md_t("login.signed_in_as", lang, name=user.label, role=t(f"role.{user.role}", lang)))
