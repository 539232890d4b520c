"""Getting a database ready for the app and the command line: schema, catalogue, sample data.

A brand-new database is migrated, gets the scope catalogue, and the illustrative Jiayuguan
sample (``planner.runtime.seed``: each table written by the package that owns it), all in one
transaction.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db.migrate import upgrade_to_head
from db.session import session_scope
from planner.catalogue_table import sync_scope_catalogue
from planner.runtime.seed import SeedReport, database_is_empty, seed_sample


def ensure_database_ready(engine: Engine) -> SeedReport:
    """Upgrade the schema, sync the catalogue, and seed the whole sample into a new database."""
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
        if database_is_empty(session):
            return seed_sample(session)
    return SeedReport(skipped=True)
