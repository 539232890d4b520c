"""Configuration read once, at the edge: where the database lives.

``PLANNER_DATABASE_URL`` selects the database (``postgresql+psycopg://user@host/db`` for the
multi-user backend). Without it the planner uses a SQLite file in ``PLANNER_DATA_DIR``
(default ``./data``), a folder it creates for its owner only; the file itself is created
owner-only too (``db.session.private_database_file``).
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE_FILE_NAME = "planner.db"


class Settings(BaseSettings):
    """Settings from the environment (prefix ``PLANNER_``) or a ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="PLANNER_", env_file=".env", extra="ignore")

    database_url: str | None = None
    data_dir: Path = Path("data")

    def resolved_database_url(self) -> str:
        """Return the database URL, creating the data folder for the default SQLite file."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only
        return f"sqlite:///{(self.data_dir / SQLITE_FILE_NAME).resolve()}"


def database_url() -> str:
    """Return the configured database URL (see the module docstring)."""
    return Settings().resolved_database_url()
