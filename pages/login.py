"""Staff login (public page): the login form; a logged-in user goes on to the working page of
their role (staff: the planning map, engineers: the bill, admins: the users); opened while
logged in, it links there."""

from __future__ import annotations

import streamlit as st

from pages._auth import current_user, login_form
from pages._common import get_engine, page_start
from planner.accounts.access import landing_page
from planner.i18n import t
from planner.markup import md_t

lang = page_start("login")
engine = get_engine()
user = current_user(engine)
st.title(t("page.login", lang))
if user is None:
    login_form(engine, lang, land=True)  # on success: the role's working page
else:  # logged in already: one click on to the working page, no dead end
    landing = landing_page(user.role)
    st.page_link(
        landing.path,
        label=md_t("login.go_on", lang, page=t(landing.title_key, lang)),
        icon=landing.icon,
    )
