"""Forms of the money page, part one: how a form runs its action, and the forms of the cost
chain (概算, approval of a 控制价 above it) and of the funding (an entry, a file import).

A form keeps what was typed (keyed widgets, not cleared on submit); a refusal's reasons are
kept per field and shown beside their fields on the next run, a success is flashed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from pages._widgets import flash
from planner.audit import Actor
from planner.catalogue import SCOPE_TYPES
from planner.errors import Refused
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md
from planner.money import actions
from planner.money.chain import ProgrammeChain
from planner.money.rules import FundingSource
from planner.money.wording import yuan

ERRORS = "_money_errors"
KINDS = ("allocation", "receipt", "disbursement")


def beside(form: str, field: str | None, fields: Sequence[str] = ()) -> None:
    """The reasons a refusal gave for ``field`` (None: the form's own, and those of fields
    the form does not show, listed in ``fields``)."""
    kept = st.session_state.get(ERRORS, {}).get(form, {})
    for name, texts in kept.items():
        if name == field or (field is None and name is not None and name not in fields):
            for text in texts:
                st.error(md(text))  # the values may be typed, or come from a file


def run(form: str, lang: str, call: Callable[[], str]) -> None:
    """Run a form's action: flash its success, or keep its reasons by field; then rerun."""
    errors = st.session_state.setdefault(ERRORS, {})
    try:
        message = call()
    except Refused as refused:
        errors[form] = refused.by_field(lang)
    else:
        errors.pop(form, None)
        flash("success", message)
    st.rerun()


def budget_form(
    engine: Engine, programme_id: int, names: dict[int, str], actor: Actor, lang: str
) -> None:
    """Enter the approved 概算 of the programme or of a compound."""
    form = "money_budget"
    fields = ("amount", "document_no", "approved_on")
    with st.expander(t("money.budget.title", lang)), st.form(form):
        beside(form, None, fields)
        where = st.selectbox(
            t("money.budget.where", lang),
            [None, *names],
            key=f"{form}_where",
            format_func=lambda i: t("money.budget.whole", lang) if i is None else names[i],
        )
        amount = st.text_input(t("money.field.amount", lang), key=f"{form}_amount")
        beside(form, "amount")
        document = st.text_input(t("money.field.document_no", lang), key=f"{form}_document")
        beside(form, "document_no")
        day = st.date_input(t("money.field.approved_on", lang), key=f"{form}_day")
        beside(form, "approved_on")
        if st.form_submit_button(t("money.budget.save", lang)):

            def call() -> str:
                done = actions.enter_budget(
                    engine, programme_id, where, amount, document, day, actor
                )
                return t("money.budget.saved", lang, amount=yuan(done.amount, lang))

            run(form, lang, call)


def control_approval_form(
    engine: Engine, chain: ProgrammeChain, names: dict[int, str], actor: Actor, lang: str
) -> None:
    """Record the approval of a 控制价 above its 概算 (only offered where one is flagged)."""
    flagged = [None] if chain.total.over_budget else []
    flagged += [i for i, c in chain.sites.items() if c.over_budget and i in names]
    if not flagged:
        return
    form = "money_control"
    with st.expander(t("money.approve_control.title", lang)), st.form(form):
        beside(form, None, ("document_no", "approved_on"))
        where = st.selectbox(
            t("money.budget.where", lang),
            flagged,
            key=f"{form}_where",
            format_func=lambda i: t("money.budget.whole", lang) if i is None else names[i],
        )
        document = st.text_input(t("money.field.document_no", lang), key=f"{form}_document")
        beside(form, "document_no")
        day = st.date_input(t("money.field.approved_on", lang), key=f"{form}_day")
        if st.form_submit_button(t("money.approve_control.save", lang)):

            def call() -> str:
                actions.approve_control_price(
                    engine, chain.programme_id, where, document, day, actor
                )
                return t("money.approve_control.saved", lang)

            run(form, lang, call)


def funding_form(
    engine: Engine,
    programme_id: int,
    names: dict[int, str],
    contracts: dict[int, str],
    actor: Actor,
    lang: str,
) -> None:
    """Record one allocation, receipt or disbursement."""
    form = "money_funding"
    fields = (
        "kind",
        "source",
        "entry_on",
        "document_no",
        "amount",
        "site_id",
        "scope_key",
        "contract_id",
    )
    scopes = [None, *(s.key for s in SCOPE_TYPES)]
    with st.expander(t("money.funding.title", lang)), st.form(form):
        beside(form, None, fields)
        left, right = st.columns(2)
        kind = left.selectbox(
            t("money.field.kind", lang),
            KINDS,
            key=f"{form}_kind",
            format_func=lambda k: t(f"money.kind.{k}", lang),
        )
        source = right.selectbox(
            t("money.field.source", lang),
            [s.value for s in FundingSource],
            key=f"{form}_source",
            format_func=lambda s: t(f"money.source.{s}", lang),
        )
        with right:
            beside(form, "source")
        day = left.date_input(t("money.field.entry_on", lang), key=f"{form}_day")
        with left:
            beside(form, "entry_on")
        document = right.text_input(t("money.field.document_no", lang), key=f"{form}_document")
        with right:
            beside(form, "document_no")
        amount = left.text_input(t("money.field.amount", lang), key=f"{form}_amount")
        with left:
            beside(form, "amount")
        site = right.selectbox(
            t("money.field.site", lang),
            [None, *names],
            key=f"{form}_site",
            format_func=lambda i: "—" if i is None else names[i],
        )
        scope = left.selectbox(
            t("money.field.scope", lang),
            scopes,
            key=f"{form}_scope",
            format_func=lambda k: "—" if k is None else scope_name(k, lang),
        )
        contract = right.selectbox(
            t("money.field.contract", lang),
            [None, *contracts],
            key=f"{form}_contract",
            format_func=lambda i: "—" if i is None else contracts[i],
        )
        note = st.text_input(t("money.field.note", lang), key=f"{form}_note")
        if st.form_submit_button(t("money.funding.save", lang)):
            entry = actions.FundingInput(
                programme_id, kind, source, day, document, amount, site, scope, contract, note
            )

            def call() -> str:
                done = actions.record_funding(engine, entry, actor)
                return t("money.funding.saved", lang, amount=yuan(done.amount, lang))

            run(form, lang, call)


def import_form(engine: Engine, programme_id: int, actor: Actor, lang: str) -> None:
    """Import allocations or payments from a file: check first, then import (all or nothing)."""
    form = "money_import"
    with st.expander(t("money.import.title", lang)), st.form(form):
        st.caption(t("money.import.help", lang))
        beside(form, None)
        kind = st.radio(
            t("money.import.kind", lang),
            ("allocations", "payments"),
            key=f"{form}_kind",
            format_func=lambda k: t(f"money.import.{k}", lang),
            horizontal=True,
        )
        upload = st.file_uploader("CSV / XLSX", type=["csv", "xlsx"], key=f"{form}_file")
        check = st.form_submit_button(t("money.import.check", lang))
        save = st.form_submit_button(t("money.import.save", lang), type="primary")
        if (check or save) and upload is not None:
            data, name = upload.getvalue(), upload.name

            def call() -> str:
                report = actions.import_funding(
                    engine,
                    programme_id,
                    data,
                    name,
                    actor,
                    payments=kind == "payments",
                    dry_run=not save,
                )
                key = "money.import.done" if save else "money.import.checked"
                return t(key, lang, rows=report.rows, total=yuan(report.total, lang))

            run(form, lang, call)
