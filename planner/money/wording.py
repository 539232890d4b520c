"""The money in the reader's language: amounts to the fen, the chain's labels, tables.

Amounts are shown exactly as computed (yuan to the fen, thousands grouped), never rounded to
万元 on the money pages, so what a page shows can be compared with the bill to the fen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import pandas as pd

from planner.i18n import t
from planner.money.chain import STAGES, Chain, ProgrammeChain
from planner.money.queries import ContractRow, PendingRow, PublicFunds, RetentionAlert, SourceFunds


def amount_text(value: Decimal | None) -> str:
    """ "1,234,567.80" (exact; "—" for None)."""
    return "—" if value is None else f"{value:,.2f}"


def yuan(value: Decimal | None, lang: str) -> str:
    """ "1,234,567.80 元" / "CNY 1,234,567.80"; "—" for None."""
    return "—" if value is None else t("money.yuan", lang, amount=amount_text(value))


def parse_yuan(text: str) -> Decimal:
    """The amount back from :func:`yuan`'s text (for tests and checks)."""
    digits = text.replace("元", "").replace("CNY", "").replace(",", "").strip()
    return Decimal(digits)


def chain_metrics(chain: Chain, lang: str) -> list[tuple[str, str]]:
    """(label, value) of every stage of a chain, in order."""
    return [(t(f"money.stage.{stage}", lang), yuan(chain.figure(stage), lang)) for stage in STAGES]


def chain_notes(chain: ProgrammeChain, lang: str) -> list[tuple[str, str]]:
    """(kind, text) of what a reader must notice: a 控制价 above its 概算, contracts settled."""
    notes: list[tuple[str, str]] = []
    total = chain.total
    if total.over_budget:
        notes.append(
            ("warning", t("money.chain.over_budget", lang, control=yuan(total.control, lang),
                          budget=yuan(total.budget, lang)))
        )  # fmt: skip
    elif total.over_budget_approved:
        notes.append(("info", t("money.chain.over_budget_approved", lang)))
    flagged = sum(1 for c in chain.sites.values() if c.over_budget)
    if flagged:
        notes.append(("warning", t("money.chain.site_flags", lang, n=flagged)))
    if chain.contracts:
        notes.append(
            ("caption", t("money.chain.contracts", lang, n=chain.contracts,
                          settled=chain.settled_contracts, audited=chain.audited_contracts))
        )  # fmt: skip
    return notes


def chain_table(chain: ProgrammeChain, names: dict[int, str], lang: str) -> pd.DataFrame:
    """One row per compound: its figure at every stage, and the 控制价/概算 flag."""
    rows = []
    for site_id, name in names.items():
        site = chain.sites.get(site_id)
        if site is None:
            continue
        row = {t("money.col.compound", lang): name}
        row |= {t(f"money.stage.{s}", lang): amount_text(site.figure(s)) for s in STAGES}
        flag = ""
        if site.over_budget:
            flag = t("money.flag.open", lang)
        elif site.over_budget_approved:
            flag = t("money.flag.approved", lang)
        row[t("money.col.flag", lang)] = flag
        rows.append(row)
    return pd.DataFrame(rows)


def funds_table(rows: Iterable[SourceFunds], lang: str) -> pd.DataFrame:
    """Allocated, received and disbursed per source."""
    return pd.DataFrame(
        [
            {
                t("money.col.source", lang): t(f"money.source.{r.source}", lang),
                t("money.kind.allocation", lang): amount_text(r.allocated),
                t("money.kind.receipt", lang): amount_text(r.received),
                t("money.kind.disbursement", lang): amount_text(r.disbursed),
            }
            for r in rows
        ]
    )


def contracts_table(rows: Iterable[ContractRow], lang: str) -> pd.DataFrame:
    """The contracts with their chain and what they were paid."""
    return pd.DataFrame(
        [
            {
                t("money.col.section", lang): r.section_code,
                t("money.col.contractor", lang): r.contractor,
                t("money.col.compounds", lang): len(r.site_ids),
                t("money.stage.control", lang): amount_text(r.control_price),
                t("money.col.discount", lang): "" if r.discount_rate is None
                else f"{r.discount_rate * 100:.2f}%",
                t("money.stage.contract", lang): amount_text(r.contract_price),
                t("money.stage.changes", lang): amount_text(r.changes),
                t("money.col.measured", lang): amount_text(r.measured),
                t("money.col.paid", lang): amount_text(r.paid),
                t("money.col.pending", lang): amount_text(r.pending),
                t("money.stage.settled", lang): amount_text(r.settled_price),
                t("money.stage.audited", lang): amount_text(r.audited_price),
                t("money.col.retention", lang): amount_text(r.retention),
                t("money.col.due", lang): r.retention_due_on.isoformat()
                if r.retention_due_on else "",
            }
            for r in rows
        ]
    )  # fmt: skip


def pending_line(row: PendingRow, lang: str, *, change: bool) -> str:
    """One payment or change waiting for approval, in a line."""
    kind = t(f"money.{'change' if change else 'payment'}.{row.kind}", lang)
    return t(
        "money.pending.line", lang, section=row.section_code, kind=kind,
        amount=yuan(row.amount, lang), detail=row.detail, by=row.requested_by,
    )  # fmt: skip


def _programme_name(alert: RetentionAlert, lang: str) -> str:
    """The programme's name in ``lang`` (its key only when it has no name)."""
    if lang == "en" and alert.programme_name_en:
        return alert.programme_name_en
    return alert.programme_name_zh or alert.programme_key


def alert_line(alert: RetentionAlert, lang: str, today: date) -> tuple[bool, str]:
    """(overdue, text) of a retention coming up."""
    key = "money.alerts.overdue" if alert.overdue(today) else "money.alerts.line"
    return alert.overdue(today), t(
        key, lang, programme=_programme_name(alert, lang), section=alert.section_code,
        contractor=alert.contractor, amount=yuan(alert.amount, lang),
        due=alert.due_on.isoformat(),
    )  # fmt: skip


def public_rows(funds: PublicFunds, lang: str) -> list[tuple[str, str, str]]:
    """(source, allocated, disbursed) of a compound's 公示 (amounts in yuan, to the fen)."""
    return [
        (t(f"money.source.{s.source}", lang), amount_text(s.allocated), amount_text(s.disbursed))
        for s in funds.sources
    ]


def public_investment(funds: PublicFunds, lang: str) -> tuple[str, str] | None:
    """(label with its stage, amount) of a compound's total investment, or None."""
    if funds.investment is None or funds.stage is None:
        return None
    stage = t(f"money.public.stage.{funds.stage}", lang)
    return t("money.public.investment", lang, stage=stage), yuan(funds.investment, lang)
