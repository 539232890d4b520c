"""The programme's money: funding, the cost chain, contracts, 计量 and payments, settlement and
retention, the ministry's report (tables in ``db.models.money``; see docs/money.md)."""
