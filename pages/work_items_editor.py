"""Edit work items: the items of a site or a building in one table, saved together.

Links (the map's) open it on ``?site=<id>&building=<id>``, optionally ``&programme=<id>``.
The rows and their versions stay as loaded until saved or reloaded, so that a save can tell
that someone else saved meanwhile.
"""

from __future__ import annotations

import streamlit as st

from pages import _works_results as results
from pages._common import current_actor, get_engine, get_settings, page_start
from pages._confirm import ALREADY_SAVED, clear, confirm_fields, form_token, refused_or_ask
from pages._confirm import pending as asking
from pages._works_undo import render_undo
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md, md_t
from planner.surveys import reads as survey_reads
from planner.surveys.consent import ConsentRules
from planner.works import actions, reads
from planner.works import items as wi
from planner.works.estimates import EstimateParameters

SNAPSHOT = "works_snapshot"
EDIT, ADD = "works_edit", "works_add"  # the two forms that may ask for a reason


def reload() -> None:
    """Load the items afresh on the next run, into a new (unedited) editor."""
    st.session_state[SNAPSHOT]["context"] = None
    clear(EDIT)


def done(messages: list[tuple[str, str]]) -> None:
    """Reload the saved items; show ``(kind, text)`` messages above them (_works_results)."""
    results.keep(messages, st.session_state[SNAPSHOT]["nonce"])
    clear(ADD)
    reload()
    st.rerun()


def pick(key: str, options: list, wanted: int | None, fmt) -> object:
    """A selectbox of ``options`` starting on the one whose id is ``wanted``."""
    ids = [getattr(o, "id", None) for o in options]
    index = ids.index(wanted) if wanted in ids else 0
    return st.selectbox(t(key, lang), options, index=index, format_func=fmt)


lang = page_start("work_items_editor")
label = {name: t(f"works.col.{name}", lang) for name in wi.READ_ONLY_COLUMNS + wi.EDITABLE_FIELDS}
st.title(t("works.title", lang))
shown = st.container()  # the last save's messages (filled once the snapshot is known)

engine = get_engine()
params = EstimateParameters.from_settings(get_settings())
link = reads.linked_place(engine, st.query_params)
programmes = reads.programme_options(engine)
wanted = link.programme_id or reads.programme_to_show(engine)
programme = pick("works.programme", programmes, wanted, lambda p: p.label(lang))
sites = reads.programme_sites(engine, programme.id) if programme else []
if not sites:
    st.info(t("works.no_sites", lang))
    st.stop()
site = pick("works.site", sites, link.site_id, lambda s: s.name(lang))
buildings = [None, *reads.site_buildings(engine, site.id)]
site_level = t("works.site_level", lang)
building = pick(
    "works.building", buildings, link.building_id, lambda b: b.label(lang) if b else site_level
)
place = {"site_id": site.id, "building_id": building.id if building else None}
context = (programme.id, site.id, place["building_id"])
snapshot = st.session_state.setdefault(SNAPSHOT, {"context": None, "nonce": 0})
if snapshot["context"] != context:  # a new place, or reload(): a fresh, unedited editor
    rows = reads.work_items(engine, programme_id=programme.id, **place)
    snapshot.update(context=context, rows=rows, nonce=snapshot["nonce"] + 1)
    for form in (EDIT, ADD):  # a pending request was about the other place's values
        clear(form)
scopes = reads.addable_scope_types(engine, programme_id=programme.id, **place)
saved = results.kept_for(snapshot["nonce"])
for kind, text in saved:
    results.show(kind, [text], shown)
# Works that need the owners' consent (民法典 art. 278) stay blocked until a vote passes.
rules = ConsentRules.from_settings(get_settings())
blocks = survey_reads.blocked_work_items(engine, [r.id for r in snapshot["rows"]], rules)

actor = current_actor()  # changes are recorded under the logged-in user (staff only)
st.caption(md_t("works.actor", lang, actor=actor.label))

rows, editor_key = snapshot["rows"], f"works_editor_{snapshot['nonce']}"
named = {r.id: r.scope_name(lang) for r in rows}
for block in blocks.values():  # named by its scope: the item's id means nothing to a reader
    what = named.get(block.work_item_id, "")
    st.warning(md(f"{what} · {block.message(lang)}"), icon=":material/block:")
if not rows:
    st.info(t("works.empty", lang))
else:
    # No min_value: a "-5" typed must reach the rules and be refused, never turn into 5.
    config = {n: st.column_config.NumberColumn(label[n]) for n in wi.NUMBER_FIELDS}
    config |= {
        n: st.column_config.DateColumn(label[n], format="YYYY-MM-DD") for n in wi.DATE_FIELDS
    }
    config |= {n: st.column_config.TextColumn(label[n]) for n in ("scope", "unit", "contractor")}
    config["pipe_dn"] = st.column_config.SelectboxColumn(
        label["pipe_dn"], options=wi.pipe_size_options()
    )
    config["status"] = st.column_config.SelectboxColumn(
        label["status"], options=wi.STATUSES, required=True,
        format_func=lambda s: t(f"status.{s}", lang),
    )  # fmt: skip
    st.data_editor(
        wi.editor_frame(rows, lang),
        key=editor_key,
        hide_index=True,
        placeholder="—",  # an empty cell (no rate, no date, no DN yet)
        disabled=wi.READ_ONLY_COLUMNS,
        column_config=config,
    )
    answer = confirm_fields(EDIT, lang, about=context)
    save_col, reload_col = st.columns(2)
    reload_col.button(t("works.reload", lang), on_click=reload)
    label_key = "works.confirm.submit" if asking(EDIT) else "works.save"
    if save_col.button(t(label_key, lang), type="primary", key="works_save"):
        changes = wi.changes_from_editor(rows, st.session_state.get(editor_key))
        try:
            outcome = actions.save_work_changes(
                engine,
                changes,
                actor=actor,
                reason=answer.reason_for(changes),  # None unless confirmed for these values
                params=params,
                token=form_token(EDIT, snapshot["nonce"]),
            )
        except Refused as refused:
            refused_or_ask(refused, answer, lang, changes, headline="works.refused", done=done)
        else:
            if not outcome.item_ids:
                if not saved:  # else the second click of a double click: its save is shown
                    st.info(t("works.nothing_to_save", lang))
            else:
                count = len(outcome.item_ids)
                done(
                    [("warning", w.message(lang)) for w in outcome.warnings]
                    + [("success", t("works.saved", lang, count=count))]
                )

with st.expander(t("works.add.title", lang)):
    # Adding reloads the table: not while it holds unsaved edits, which would be lost.
    pending = bool(wi.changes_from_editor(rows, st.session_state.get(editor_key)))
    if pending or not scopes:
        st.caption(t("works.add.pending" if pending else "works.add.none_left", lang))
    else:
        with st.form(f"works_add_{snapshot['nonce']}"):  # a late 2nd click: its form is gone
            scope = st.selectbox(md(label["scope"]), scopes, format_func=lambda s: s.label(lang))
            # Text, checked by the rules: "-5" refused as typed, "787 m²" taken.
            planned = st.text_input(
                md(label["planned_quantity"]), key=f"works_add_planned_{snapshot['nonce']}"
            )  # empty in a new form: a late second click of a double click adds nothing
            beside = st.container()
            rate = st.number_input(md(label["unit_rate"]), value=None)
            unit = st.text_input(t("works.unit_number", lang)) if building else None
            green = not building and st.checkbox(t("works.takes_green_space", lang))
            dn = None if building else st.text_input(t("works.pipe_dn", lang))
            add_answer = confirm_fields(ADD, lang, about=context)
            if st.form_submit_button(t("works.add.submit", lang)):
                new = wi.NewWorkItem(
                    programme.id,
                    scope_key=scope.key,
                    planned_quantity=planned,
                    unit_rate=rate,
                    unit_number=unit,
                    takes_green_space=bool(green),
                    pipe_dn=dn,
                    **place,
                )
                results.remember_add(snapshot["nonce"], scope.label(lang))
                try:
                    added = actions.add_work_item(
                        engine,
                        new,
                        actor=actor,
                        reason=add_answer.reason_for(new),
                        params=params,
                        token=form_token(ADD, snapshot["nonce"]),
                    )
                except Refused as refused:
                    first = results.added(snapshot["nonce"])
                    if refused.key == ALREADY_SAVED and first:  # the first send added it
                        done([("success", t("works.added", lang, row=first))])
                    refused_or_ask(refused, add_answer, lang, new, container=beside, done=done)
                else:
                    done(
                        [("warning", w.message(lang)) for w in added.warnings]
                        + [("success", t("works.added", lang, row=scope.label(lang)))]
                    )

render_undo(engine, rows, programme.id, lang=lang, done=done, **place)
