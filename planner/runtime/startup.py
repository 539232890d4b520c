"""Getting a database ready for the app and the command line: schema, catalogue, sample data.

A brand-new database is migrated, gets the scope catalogue, and the illustrative Jiayuguan
sample: the core rows (``db.seed``), then the rate sets, the surveys and the money (概算,
funding, contracts, payments: priced from the bill, so after the rates), each seeded by the
domain that owns those tables, all in one transaction.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db import seed
from planner.boq.sample import seed_sample_rates
from planner.money.sample import seed_sample_money
from planner.surveys.sample import seed_sample_surveys

#: The sample data of each further domain, in the order they are seeded.
DOMAIN_SEEDERS = (seed_sample_rates, seed_sample_surveys, seed_sample_money)


def ensure_database_ready(engine: Engine) -> seed.SeedReport:
    """Upgrade the schema, sync the catalogue, and seed the whole sample into a new database."""
    return seed.ensure_database_ready(engine, domain_seeders=DOMAIN_SEEDERS)
