"""Staff login (public page): the login form; a logged-in user goes on to the working page of
their role (staff: the planning map, engineers: the bill, admins: the users)."""

from __future__ import annotations

import streamlit as st

from pages._auth import current_user, landing_path, login_form
from pages._common import get_engine, page_start
from planner.i18n import t

lang = page_start("login")
engine = get_engine()
user = current_user(engine)
if user is not None:
    st.switch_page(landing_path(user))
st.title(t("page.login", lang))
login_form(engine, lang, land=True)
