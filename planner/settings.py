"""The one settings model of the planner: the app, the database and the deployment.

Defaults are Jiayuguan's, overridable per city and per deployment from the environment
(prefix ``PLANNER_``, e.g. ``PLANNER_WINDOW_RATIO=0.25``) or a ``.env`` file. Read once at the
edge (the app frame, the command line, the app server) and passed down as values: the
domains take the settings (or a policy built from them) as an argument, and ``db/`` is handed
the database URL and its options (``db.session.make_engine``), never reading the environment
itself. Every setting is in README's configuration table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The default database: this file in ``data_dir`` (SQLite), created when needed.
SQLITE_FILE_NAME = "planner.db"


class PlannerSettings(BaseSettings):
    """Every setting of the planner (defaults: Jiayuguan, Gansu; a development machine)."""

    model_config = SettingsConfigDict(env_prefix="PLANNER_", env_file=".env", extra="ignore")

    # The database: PLANNER_DATABASE_URL (``postgresql+psycopg://user@host:5432/db`` for the
    # multi-user backend); unset, a SQLite file in data_dir (see resolved_database_url). How
    # long a SQLite write waits for another writer (ms) before the page says "busy, try again".
    database_url: str | None = None
    data_dir: Path = Path("data")
    sqlite_busy_timeout_ms: int = Field(default=15_000, ge=0)

    # The deployment (docs/deploy.md): "production" refuses to start without the public
    # address, the secret file and the database URL (planner/runtime/deployment.py). The app
    # server freezes its long-lived objects after start-up unless gc_freeze is off (0).
    env: Literal["development", "production"] = "development"
    gc_freeze: bool = True

    # Construction season for exterior works (roofing, insulation, paint): months, inclusive.
    building_season_start_month: int = Field(default=4, ge=1, le=12)
    building_season_end_month: int = Field(default=10, ge=1, le=12)
    # Heating season (no heating-main works then): month-day, from 15 October to 15 April.
    heating_season_start: str = Field(default="10-15", pattern=r"^\d{2}-\d{2}$")
    heating_season_end: str = Field(default="04-15", pattern=r"^\d{2}-\d{2}$")

    # Geometry-based estimates.
    storey_height_m: float = Field(default=2.9, gt=0)
    window_ratio: float = Field(default=0.3, ge=0, lt=1)
    roof_upturn_ratio: float = Field(default=0.05, ge=0, le=1)
    # An entered quantity further than this share from its estimate is flagged for a check.
    estimate_deviation_threshold: float = Field(default=0.25, gt=0)

    # Basemaps: the Tianditu key (tk); empty means the Tianditu basemap is not offered.
    tianditu_token: str = ""

    # Resident portal: the address residents reach the app at (for QR codes and printed
    # notices, e.g. "https://gaizao.example.gov.cn"; empty: the address the page was opened
    # at), and who residents contact (shown on every compound page and notice).
    public_base_url: str = ""
    portal_contact: str = "嘉峪关市住房和城乡建设局"
    portal_contact_phone: str = ""
    # How many compounds' public pages (/p/<key> and its notice, in Chinese) each app process
    # renders in the background after it starts, newest programme first, so residents' first
    # visits find them ready (0: none; the rest are rendered on their first visit).
    prerender_pages: int = Field(default=500, ge=0)
    # Feedback through the public pages, counted in the database (docs/security.md): at most
    # feedback_limit messages per client address within the window (seconds), so many per
    # compound and so many overall per hour; this many characters each. Contact data (phone,
    # building, 单元) is deleted this many days after it was sent (`planner privacy purge`).
    feedback_limit: int = Field(default=3, ge=1)
    feedback_window_seconds: int = Field(default=600, ge=1)
    feedback_site_limit_per_hour: int = Field(default=30, ge=1)
    feedback_total_limit_per_hour: int = Field(default=300, ge=1)
    feedback_max_chars: int = Field(default=500, ge=20, le=5000)
    contact_retention_days: int = Field(default=180, ge=1)

    # Security (docs/security.md). The key that signs login cookies: PLANNER_SECRET, or a file
    # (PLANNER_SECRET_FILE) whose first line is the key and whose further lines are older keys
    # still accepted while they are rotated out; never kept in the database.
    secret: str = Field(default="", repr=False)
    secret_file: str = ""
    # Behind a reverse proxy: the header that carries the client's address (e.g.
    # "X-Forwarded-For" or "X-Real-IP"), how many proxies of ours append to it, and the
    # addresses (or networks, comma-separated) our proxies connect from: the header is read
    # only from them. Empty header: the address of the connection (a proxy would make every
    # visitor one client); production requires it (planner.runtime.deployment).
    trusted_proxy_header: str = ""
    trusted_proxy_count: int = Field(default=1, ge=1, le=5)
    trusted_proxies: str = "127.0.0.1/32,::1/128"
    # Logins: attempts per client address per window; password checks (Argon2, 64 MiB each)
    # at once per process and across all processes; how long a login lasts, and unused.
    login_limit_per_client: int = Field(default=30, ge=1)
    login_window_seconds: int = Field(default=900, ge=1)
    password_checks_per_process: int = Field(default=2, ge=1, le=64)
    password_checks_total: int = Field(default=4, ge=1, le=256)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    session_idle_minutes: int = Field(default=120, ge=5)
    password_min_score: int = Field(default=3, ge=0, le=4)  # zxcvbn strength, 0..4
    # Uploads: survey files and GIS files, refused before they are read whole.
    survey_max_upload_mb: int = Field(default=20, ge=1)
    gis_max_upload_mb: int = Field(default=50, ge=1)
    gis_max_features: int = Field(default=20_000, ge=1)
    # Every parser of an uploaded file (survey CSV/XLSX, rate files, GIS files; the pages and
    # the command line alike, planner/uploads.py) is bounded before it runs and while it runs:
    # the rate file's bytes; what a zip (an XLSX, a zipped Shapefile) may unpack to; rows,
    # columns and cells of a table; seconds of reading; the attribute table of a Shapefile
    # (DBF records × record length).
    rates_max_upload_mb: int = Field(default=5, ge=1)
    upload_max_unpacked_mb: int = Field(default=100, ge=1)
    upload_max_rows: int = Field(default=100_000, ge=1)
    upload_max_columns: int = Field(default=500, ge=1, le=16_384)
    upload_max_cells: int = Field(default=2_000_000, ge=1)
    upload_max_seconds: float = Field(default=30.0, gt=0)
    gis_max_attribute_mb: int = Field(default=32, ge=1)

    # Owners' consent votes (see planner/surveys/consent.py and docs/surveys.md). A preset names the
    # rule: "civil_code_2021" (民法典 第二百七十八条, the default) or "property_law_2007"
    # (the pre-2021 物权法 第七十六条 rule some local texts still use). Each threshold below
    # overrides the preset when set, written as ">=2/3", ">1/2" or "≥3/4" (exact fractions).
    consent_city: str = "嘉峪关市"
    consent_preset: Literal["civil_code_2021", "property_law_2007"] = "civil_code_2021"
    consent_quorum: str | None = None  # share of owners (area and headcount) taking part
    consent_special_majority: str | None = None  # matters (6)(7)(8): funds, 改建, common use
    consent_ordinary_majority: str | None = None  # every other matter
    consent_approval_base: Literal["participants", "owners"] | None = None
    consent_source: str = ""  # the local document the thresholds come from, if any

    # Site photos (planner/fieldwork, docs/fieldwork.md). Checked before a file is read whole:
    # bytes and type (by its first bytes); then, from the header only, the pixel count (the
    # decompression-bomb guard; at most Pillow's own limit of about 89 megapixels).
    photo_max_bytes: int = Field(default=30_000_000, ge=100_000, le=200_000_000)
    photo_max_megapixels: float = Field(default=64.0, gt=0, le=89)
    photo_public_px: int = Field(default=1600, ge=320, le=4096)  # long edge of the public copy
    photo_thumb_px: int = Field(default=320, ge=64, le=1024)  # long edge of the thumbnail
    photo_import_max_files: int = Field(default=5000, ge=1)  # per zip or folder
    # Memory a photo's decoded pixels may take (width × height × bytes per pixel, checked
    # from the header before decoding), and how much larger than its packed size a photo in
    # a zip may unpack (a JPEG or PNG is packed already: a far larger one is padding).
    photo_max_decode_mb: int = Field(default=192, ge=16, le=2048)
    photo_zip_max_ratio: float = Field(default=8.0, ge=1.5)
    # A GPS fix within this distance (m) of a building's footprint names that building.
    photo_building_match_m: float = Field(default=60.0, ge=0)
    # Warranty (质保期) in months per scope type key, where a contract agrees more than the
    # legal minimum (planner/fieldwork/warranty.py), e.g. PLANNER_WARRANTY_MONTHS=
    # '{"roof_waterproofing": 96}'; and the period of works the law leaves to the contract.
    warranty_months: dict[str, int] = Field(default_factory=dict)
    warranty_contract_months: int = Field(default=24, ge=0)

    @field_validator("secret_file", mode="before")
    @classmethod
    def _secret_file_as_text(cls, value: object) -> object:
        """A path given in code (``Path``) is kept as its text; None as empty."""
        if value is None:
            return ""
        return str(value) if isinstance(value, Path) else value

    def resolved_database_url(self) -> str:
        """The database URL: the setting, else the SQLite file in ``data_dir`` (the folder
        is created for its owner only; the file itself is created owner-only too,
        ``db.session.private_database_file``)."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner only
        return f"sqlite:///{(self.data_dir / SQLITE_FILE_NAME).resolve()}"


def load_settings() -> PlannerSettings:
    """Settings from the environment (or ``.env``), with the defaults above."""
    return PlannerSettings()
