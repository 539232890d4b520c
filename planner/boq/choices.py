"""The choices of a bill export that the page and the command line offer (plain values).

Free of the database, so that ``planner export-boq --help`` lists them at once
(planner/cli/commands.py); :mod:`planner.boq.bill` uses them (and re-exports them).
"""

from __future__ import annotations

from enum import StrEnum


class QuantityBasis(StrEnum):
    """Which quantity of the work items a bill exports."""

    PLANNED = "planned"
    COMPLETED = "completed"


class Numbering(StrEnum):
    """How far the 3-digit code sequence runs: the whole bill or each 单位工程."""

    BILL = "bill"
    SITE = "site"


class Pricing(StrEnum):
    """How a bill prices its items: through the programme's 定额 and 信息价 (items without a
    mapping fall back to the all-in price, labelled 估算), or all items at the all-in list
    prices as a quick 估算."""

    QUOTA = "quota"
    ESTIMATE = "estimate"


class OutdoorUnit(StrEnum):
    """Where a site's outdoor pipe works (给水, 排水, 供热 mains, storm drains, greening water
    supply) and their groundworks are billed: per profession (the default: the pipes in 安装 or
    市政 by their codes, the groundworks in 市政), or together in one 室外配套 单位工程, priced
    with the 市政 fee set, as the engineer chooses. The programme's 招标控制价 everywhere else
    (the dashboard, the cost chain, the 标段 ceilings) is the default bill's: contracts are let
    per profession's 单位工程, so one figure stands for the control price."""

    PROFESSION = "profession"
    COMBINED = "combined"
