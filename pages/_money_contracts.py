"""Forms of the money page, part two: a 标段 and its contract, the monthly 计量, payments and
changes waiting for a second person (approve buttons), settlement, 审定价, retention."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages._money_forms import beside, run
from planner.audit import Actor
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md
from planner.money import actions
from planner.money.reads import ContractRow, PendingRow
from planner.money.wording import pending_line, yuan

CHANGE_KINDS = ("variation", "site_instruction", "material_adjustment")


def contract_form(
    engine: Engine, programme_id: int, free: dict[int, str], actor: Actor, lang: str
) -> None:
    """Let compounds of the bill as a 标段 with its contract (priced from the bill)."""
    form = "money_contract"
    fields = (
        "section_code",
        "contractor",
        "signed_on",
        "discount_percent",
        "bid_price",
        "advance_percent",
        "progress_percent",
        "retention_percent",
        "defects_months",
    )
    with st.expander(t("money.contract.title", lang)), st.form(form):
        beside(form, None, fields)
        left, right = st.columns(2)
        code = left.text_input(t("money.field.section_code", lang), key=f"{form}_code")
        name = right.text_input(t("money.field.section_name", lang), key=f"{form}_name")
        sites = st.multiselect(
            t("money.field.compounds", lang), list(free), format_func=free.get, key=f"{form}_sites"
        )
        contractor = left.text_input(t("money.field.contractor", lang), key=f"{form}_contractor")
        signed = right.date_input(t("money.field.signed_on", lang), key=f"{form}_signed")
        values: dict[str, str] = {}
        for column, (field, default) in zip(
            (left, right, left, right, left),
            (
                ("discount_percent", ""),
                ("bid_price", ""),
                ("advance_percent", "10"),
                ("progress_percent", "80"),
                ("retention_percent", "3"),
            ),
            strict=True,
        ):
            values[field] = column.text_input(
                t(f"money.field.{field}", lang), value=default, key=f"{form}_{field}"
            )
            with column:
                beside(form, field)
        months = right.number_input(
            t("money.field.defects_months", lang), 0, 120, 24, key=f"{form}_months"
        )
        with right:
            beside(form, "defects_months")
        materials = st.checkbox(t("money.field.material_adjustment", lang), key=f"{form}_mat")
        if st.form_submit_button(t("money.contract.save", lang)):
            terms = actions.ContractTerms(
                contractor,
                signed,
                values["discount_percent"],
                values["bid_price"],
                values["advance_percent"],
                values["progress_percent"],
                values["retention_percent"],
                int(months),
                materials,
            )

            def call() -> str:
                done = actions.create_contract(
                    engine, programme_id, code, name, [(s, "") for s in sites], terms, actor
                )
                return t(
                    "money.contract.saved",
                    lang,
                    price=yuan(done.amount, lang),
                    control=yuan(done.other, lang),
                )

            run(form, lang, call)


def measurement_form(
    engine: Engine, contracts: dict[int, str], actor: Actor, lang: str, today: date
) -> None:
    """The monthly 计量 of a contract from the field's completed quantities."""
    form = "money_measure"
    with st.form(form):
        st.caption(t("money.measure.caption", lang))
        beside(form, None, ("period",))
        contract = st.selectbox(
            t("money.field.contract_pick", lang),
            list(contracts),
            format_func=contracts.get,
            key=f"{form}_contract",
        )
        period = st.text_input(
            t("money.field.period", lang), value=f"{today:%Y-%m}", key=f"{form}_period"
        )
        beside(form, "period")
        if st.form_submit_button(t("money.measure.save", lang)) and contract is not None:

            def call() -> str:
                done = actions.record_measurement(engine, contract, period, actor)
                return t(
                    "money.measure.saved",
                    lang,
                    value=yuan(done.amount, lang),
                    payment=yuan(done.other, lang),
                )

            run(form, lang, call)


def pending_lists(
    engine: Engine,
    payments: list[PendingRow],
    changes: list[PendingRow],
    actor: Actor | None,
    lang: str,
) -> None:
    """Payments and changes awaiting a second person, each with its approve button."""
    st.caption(t("money.four_eyes", lang))
    beside("money_approve", None)
    if not payments and not changes:
        st.info(t("money.pending.none", lang))
    for title, rows, change in (
        ("money.pending.payments", payments, False),
        ("money.pending.changes", changes, True),
    ):
        if not rows:
            continue
        st.markdown(f"**{t(title, lang)}**")
        for row in rows:
            left, right = st.columns([5, 1])
            left.write(md(pending_line(row, lang, change=change)))  # typed details, names
            key = f"approve_{'change' if change else 'payment'}_{row.id}"
            if actor is not None and right.button(t("money.approve", lang), key=key):
                approve = actions.approve_change if change else actions.approve_payment

                def call(row: PendingRow = row, approve=approve) -> str:  # noqa: ANN001
                    done = approve(engine, row.id, row.version, actor)
                    return t("money.approved", lang, amount=yuan(done.amount, lang))

                run("money_approve", lang, call)


def change_form(engine: Engine, rows: list[ContractRow], actor: Actor, lang: str) -> None:
    """Record a 变更, 签证 or 材料调差 against some lines of a contract."""
    form = "money_change"
    open_rows = {r.id: r for r in rows if r.settled_price is None}
    if not open_rows:
        return
    with st.expander(t("money.change.title", lang)):
        beside(form, None, ("kind", "reason", "amount", "line_codes"))
        contract = st.selectbox(
            t("money.field.contract_pick", lang),
            list(open_rows),
            key=f"{form}_contract",
            format_func=lambda i: f"{open_rows[i].section_code} {open_rows[i].contractor}",
        )
        with st.form(form):
            kind = st.selectbox(
                t("money.field.kind", lang),
                CHANGE_KINDS,
                key=f"{form}_kind",
                format_func=lambda k: t(f"money.change.{k}", lang),
            )
            beside(form, "kind")
            reason = st.text_area(t("money.field.reason", lang), key=f"{form}_reason")
            beside(form, "reason")
            amount = st.text_input(t("money.field.change_amount", lang), key=f"{form}_amount")
            beside(form, "amount")
            codes = st.multiselect(
                t("money.field.lines", lang),
                list(open_rows[contract].line_codes),
                key=f"{form}_lines",
            )
            beside(form, "line_codes")
            if st.form_submit_button(t("money.change.save", lang)):

                def call() -> str:
                    actions.record_change(engine, contract, kind, reason, amount, codes, actor)
                    return t("money.change.saved", lang)

                run(form, lang, call)


def settlement_forms(
    engine: Engine, rows: list[ContractRow], names: dict[int, str], actor: Actor, lang: str
) -> None:
    """Settle a contract; enter its 审定价; ask for its retention back when due."""
    unsettled = {r.id: r for r in rows if r.settled_price is None}
    settled = {r.id: r for r in rows if r.settled_price is not None and r.audited_price is None}
    audited = {r.id: r for r in rows if r.audited_price is not None and r.retention_due_on}
    label = {r.id: f"{r.section_code} {r.contractor}" for r in rows}
    if unsettled:
        form = "money_settle"
        with st.expander(t("money.settle.title", lang)), st.form(form):
            beside(form, None, ("accepted_on", "settled_on"))
            contract = st.selectbox(
                t("money.field.contract_pick", lang),
                list(unsettled),
                format_func=label.get,
                key=f"{form}_contract",
            )
            accepted = st.date_input(t("money.field.accepted_on", lang), key=f"{form}_accepted")
            beside(form, "accepted_on")
            day = st.date_input(t("money.field.settled_on", lang), key=f"{form}_day")
            beside(form, "settled_on")
            if st.form_submit_button(t("money.settle.save", lang)):

                def settle() -> str:
                    done = actions.settle_contract(engine, contract, accepted, day, actor)
                    return t(
                        "money.settle.saved",
                        lang,
                        price=yuan(done.amount, lang),
                        retention=yuan(done.other, lang),
                    )

                run(form, lang, settle)
    if settled:
        form = "money_audit"
        with st.expander(t("money.audit.title", lang)), st.form(form):
            beside(form, None, ("audited_price", "audited_on", "adjustments"))
            contract = st.selectbox(
                t("money.field.contract_pick", lang),
                list(settled),
                format_func=label.get,
                key=f"{form}_contract",
            )
            price = st.text_input(t("money.field.audited_price", lang), key=f"{form}_price")
            beside(form, "audited_price")
            day = st.date_input(t("money.field.audited_on", lang), key=f"{form}_day")
            site = st.selectbox(
                t("money.field.adjustment_site", lang),
                list(settled[contract].site_ids),
                format_func=names.get,
                key=f"{form}_site",
            )
            reason = st.text_input(t("money.field.adjustment_reason", lang), key=f"{form}_why")
            beside(form, "adjustments")
            if st.form_submit_button(t("money.audit.save", lang)):

                def enter() -> str:
                    from planner.amounts import parse_amount

                    try:
                        difference = parse_amount(price) - settled[contract].settled_price  # type: ignore[operator]
                    except ValueError:
                        difference = None
                    adjusted = [(site, difference, reason)] if difference else []
                    actions.enter_audited_price(engine, contract, price, day, adjusted, "", actor)
                    return t("money.audit.saved", lang, price=price)

                run(form, lang, enter)
    if audited:
        form = "money_release"
        beside(form, None)
        contract = st.selectbox(
            t("money.field.contract_pick", lang),
            list(audited),
            format_func=label.get,
            key=f"{form}_contract",
        )
        if st.button(t("money.release.save", lang), key=f"{form}_go"):

            def release() -> str:
                done = actions.release_retention(engine, contract, actor)
                return t("money.release.saved", lang, amount=yuan(done.amount, lang))

            run(form, lang, release)
