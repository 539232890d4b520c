"""The key that signs login cookies, from a setting or a secret file, never from the database.

Whoever holds a copy of the database (a backup, a dump) must not be able to make a login: the
database keeps only SHA-256 hashes of login ids, and the cookie carries the id with an
HMAC-SHA256 signature under this key.

Where the key comes from, first found wins:

1. ``PLANNER_SECRET`` (the key itself; ``PLANNER_SECRET_PREVIOUS`` is not read: rotate with a
   file);
2. ``PLANNER_SECRET_FILE``: the first non-empty line is the key; further lines are older keys,
   still accepted for checking while a rotation runs (keep the old key as the second line for
   at least the login lifetime, ``PLANNER_SESSION_HOURS``, then remove it);
3. for a development checkout only: ``<PLANNER_DATA_DIR>/secret_key``, created with a random key
   (mode 0600) on first use. A deployment sets 1. or 2. (docs/security.md).

Keys shorter than 32 characters are refused.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from planner.settings import PlannerSettings

MIN_KEY_LENGTH = 32
DEV_KEY_FILE = "secret_key"
_log = logging.getLogger(__name__)


class SecretError(RuntimeError):
    """No usable signing key."""


@dataclass(frozen=True)
class SigningKeys:
    """The current key (signs) and older keys (still accepted while they are rotated out)."""

    current: bytes
    previous: tuple[bytes, ...] = ()

    def sign(self, payload: str) -> str:
        """The hex HMAC-SHA256 of ``payload`` under the current key."""
        return hmac.new(self.current, payload.encode(), hashlib.sha256).hexdigest()

    def verify(self, payload: str, signature: str) -> bool:
        """Whether ``signature`` signs ``payload`` under the current or an older key."""
        for key in (self.current, *self.previous):
            expected = hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()
            if hmac.compare_digest(expected, signature):
                return True
        return False


def _checked(keys: list[str], where: str) -> SigningKeys:
    keys = [k.strip() for k in keys if k.strip()]
    if not keys:
        raise SecretError(f"{where} holds no key")
    short = [k for k in keys if len(k) < MIN_KEY_LENGTH]
    if short:
        raise SecretError(f"{where}: keys must be at least {MIN_KEY_LENGTH} characters")
    return SigningKeys(keys[0].encode(), tuple(k.encode() for k in keys[1:]))


def _dev_key_file(data_dir: Path) -> Path:
    path = data_dir / DEV_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        _log.warning(
            "no PLANNER_SECRET or PLANNER_SECRET_FILE: made a development key in %s "
            "(a deployment must set one of them, see docs/security.md)",
            path,
        )
    return path


def load_signing_keys(settings: PlannerSettings, *, data_dir: Path | None = None) -> SigningKeys:
    """The signing keys from the settings (see the module docstring for the order)."""
    if settings.secret:
        return _checked([settings.secret], "PLANNER_SECRET")
    if settings.secret_file:
        path = Path(settings.secret_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise SecretError(f"PLANNER_SECRET_FILE {path}: {error.strerror}") from error
        return _checked(text.splitlines(), f"PLANNER_SECRET_FILE {path}")
    folder = data_dir or settings.data_dir
    path = _dev_key_file(folder)
    return _checked(path.read_text(encoding="utf-8").splitlines(), str(path))
