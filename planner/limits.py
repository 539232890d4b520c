"""Limits that hold for every app process at once, kept in the database.

Several app processes serve the planner behind one address, so a limit counted in one
process's memory (or in a browser session, which costs an attacker nothing to replace) is no
limit. Here every count lives in the database and is changed by one atomic statement:

- :func:`hit` counts an event for a key (a client address, a compound, "everyone") in the
  current fixed window with ``INSERT … ON CONFLICT DO UPDATE SET count = count + 1 RETURNING
  count`` (SQLite ≥ 3.35 and PostgreSQL), and weighs in the previous window (a sliding-window
  estimate), so a burst at a window's edge cannot pass twice the limit;
- :func:`work_slot` leases one of a few slots of a pool (``UPDATE … WHERE holder IS NULL …
  RETURNING``), so that only so many costly operations (password checks) run at once across
  all processes; a crashed holder's lease runs out.

Each call runs in a short transaction of its own, committed at once: a refused request still
counts, and no caller's long transaction holds the counters. A database too busy to count
raises ``planner.errors.Busy``, like an action's transaction.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import col

from db.models import RateCounter, WorkSlot
from planner import errors

BUCKET_MAX_LENGTH = 160


#: No slot of a pool came free in time: the caller says "busy, try again" (the refusal
#: family's ``Busy``, with the pool's name among its values).
Busy = errors.Busy


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per ``seconds`` (sliding window)."""

    count: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    """Whether the event may go ahead, the estimated count, and seconds to wait if not."""

    allowed: bool
    count: float
    retry_after: int


def bucket(kind: str, key: str) -> str:
    """A counter's name: ``kind`` and the key (hashed when long or personal, e.g. an address)."""
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    return f"{kind}:{digest}"[:BUCKET_MAX_LENGTH]


def _upsert(engine: Engine):  # noqa: ANN202
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


@errors.busy_refused()
def hit(engine: Engine, name: str, limit: Limit, *, now: float | None = None) -> Decision:
    """Count one event of ``name`` and say whether it stays within ``limit``.

    The count is raised whatever the answer: refused attempts count too, so a flood only
    lengthens its own wait.
    """
    now = time.time() if now is None else now
    window = int(now // limit.seconds) * limit.seconds
    insert = _upsert(engine)
    statement = (
        insert(RateCounter)
        .values(bucket=name, window_start=window, count=1)
        .on_conflict_do_update(
            index_elements=["bucket", "window_start"],
            set_={"count": RateCounter.count + 1},
        )
        .returning(RateCounter.count)
    )
    with engine.begin() as connection:
        current = connection.execute(statement).scalar_one()
        previous = connection.execute(
            select(col(RateCounter.count)).where(
                col(RateCounter.bucket) == name,
                col(RateCounter.window_start) == window - limit.seconds,
            )
        ).scalar()
    elapsed = (now - window) / limit.seconds
    estimate = (previous or 0) * (1.0 - elapsed) + current
    if estimate <= limit.count:
        return Decision(True, estimate, 0)
    # Wait until the current window ends (then only a share of it still weighs).
    return Decision(False, estimate, max(1, math.ceil(window + limit.seconds - now)))


@errors.busy_refused()
def peek(engine: Engine, name: str, limit: Limit, *, now: float | None = None) -> Decision:
    """Whether one more event of ``name`` would stay within ``limit`` (nothing is counted)."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds) * limit.seconds
    with engine.connect() as connection:
        rows = dict(
            connection.execute(
                select(col(RateCounter.window_start), col(RateCounter.count)).where(
                    col(RateCounter.bucket) == name,
                    col(RateCounter.window_start).in_([window, window - limit.seconds]),
                )
            ).all()
        )
    elapsed = (now - window) / limit.seconds
    estimate = rows.get(window - limit.seconds, 0) * (1.0 - elapsed) + rows.get(window, 0) + 1
    if estimate <= limit.count:
        return Decision(True, estimate - 1, 0)
    return Decision(False, estimate - 1, max(1, math.ceil(window + limit.seconds - now)))


@errors.busy_refused()
def recent_count(engine: Engine, name: str, seconds: int, *, now: float | None = None) -> int:
    """Events of ``name`` counted in the current and the previous window of ``seconds`` (the
    last ``seconds`` at least, twice that at most); nothing is counted."""
    now = time.time() if now is None else now
    window = int(now // seconds) * seconds
    with engine.connect() as connection:
        total = connection.execute(
            select(func.coalesce(func.sum(col(RateCounter.count)), 0)).where(
                col(RateCounter.bucket) == name,
                col(RateCounter.window_start).in_([window, window - seconds]),
            )
        ).scalar()
    return int(total or 0)


@errors.busy_refused()
def purge_counters(engine: Engine, *, older_than: timedelta, now: float | None = None) -> int:
    """Delete counters of windows that started before ``older_than`` ago; returns how many."""
    cutoff = (time.time() if now is None else now) - older_than.total_seconds()
    with engine.begin() as connection:
        result = connection.execute(
            delete(RateCounter).where(col(RateCounter.window_start) < int(cutoff))
        )
    return result.rowcount or 0


# ---------------------------------------------------------------------------------------------
# Slots: only so many costly operations at once, across every process


@errors.busy_refused()
def _ensure_slots(engine: Engine, pool: str, size: int) -> None:
    insert = _upsert(engine)
    statement = (
        insert(WorkSlot)
        .values([{"pool": pool, "slot": i} for i in range(size)])
        .on_conflict_do_nothing(index_elements=["pool", "slot"])
    )
    with engine.begin() as connection:
        connection.execute(statement)


@errors.busy_refused()
def _take(engine: Engine, pool: str, size: int, holder: str, lease: timedelta) -> int | None:
    now = datetime.now(UTC)
    free = or_(col(WorkSlot.holder).is_(None), col(WorkSlot.expires_at) < now)
    candidate = (
        select(col(WorkSlot.slot))
        .where(col(WorkSlot.pool) == pool, col(WorkSlot.slot) < size, free)
        .order_by(col(WorkSlot.slot))
        .limit(1)
        .scalar_subquery()
    )
    statement = (
        update(WorkSlot)
        .where(and_(col(WorkSlot.pool) == pool, col(WorkSlot.slot) == candidate, free))
        .values(holder=holder, expires_at=now + lease)
        .returning(col(WorkSlot.slot))
    )
    with engine.begin() as connection:
        return connection.execute(statement).scalar()


@contextmanager
def work_slot(
    engine: Engine,
    pool: str,
    size: int,
    *,
    wait: float = 5.0,
    lease: timedelta = timedelta(seconds=30),
) -> Iterator[int]:
    """Hold one of ``size`` slots of ``pool`` while the block runs (across all processes).

    Waits up to ``wait`` seconds for a free slot, polling; raises :class:`Busy` when none came
    free. A lease ends by itself after ``lease`` (a process that died holding it).
    """
    holder = secrets.token_hex(16)
    deadline = time.monotonic() + wait
    pause = 0.01
    ensured = False
    while (slot := _take(engine, pool, size, holder, lease)) is None:
        if not ensured:  # the pool's rows are made on first use (then only when missing)
            _ensure_slots(engine, pool, size)
            ensured = True
            continue
        if time.monotonic() >= deadline:
            raise Busy(pool=pool)
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
    try:
        yield slot
    finally:
        with engine.begin() as connection:
            connection.execute(
                update(WorkSlot)
                .where(
                    col(WorkSlot.pool) == pool,
                    col(WorkSlot.slot) == slot,
                    col(WorkSlot.holder) == holder,
                )
                .values(holder=None, expires_at=None)
            )


#: Where a deployment's proxies connect from when nothing else is said: this machine.
LOCAL_PROXIES = "127.0.0.1/32,::1/128"


def parse_networks(text: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` as networks; raises ``ValueError`` for a bad entry."""
    return tuple(
        ip_network(part.strip(), strict=False) for part in str(text).split(",") if part.strip()
    )


def _in_networks(address: str | None, networks: str | Sequence[object]) -> bool:
    if not isinstance(address, str) or not address:
        return False
    try:
        ip = ip_address(address.strip().strip("[]"))
        nets = parse_networks(networks) if isinstance(networks, str) else networks
    except ValueError:
        return False
    ip = ip.ipv4_mapped or ip if isinstance(ip, IPv6Address) else ip
    return any(ip in net for net in nets)  # type: ignore[operator]


def from_proxy(remote: str | None, proxies: str = LOCAL_PROXIES) -> bool:
    """Whether a connection from ``remote`` is one of our named proxies'."""
    return _in_networks(remote, proxies)


def is_local(address: str | None) -> bool:
    """Whether ``address`` is this machine's (loopback)."""
    return _in_networks(address, LOCAL_PROXIES)


def client_address(
    headers: Mapping[str, str] | None,
    remote: str | None,
    *,
    header: str = "",
    hops: int = 1,
    proxies: str = LOCAL_PROXIES,
) -> str:
    """The address a request came from, as the per-client limits count it.

    Without a trusted proxy (``header`` empty) it is the connection's address: any
    ``X-Forwarded-For`` a visitor sends is ignored, since anyone can write one. Behind our own
    proxies, ``header`` names the header they set, and it is read only when the connection
    comes from one of ``proxies`` (addresses or networks, comma-separated: the deployment names
    them); in a comma-separated list (X-Forwarded-For) each of our ``hops`` proxies appended
    one entry, so the client is the ``hops``-th from the right (entries further left were
    written by the client and are not trusted).
    """
    if header and isinstance(headers, Mapping) and _in_networks(remote, proxies):
        value = next((v for k, v in headers.items() if str(k).lower() == header.lower()), "")
        entries = [e.strip() for e in str(value).split(",") if e.strip()]
        if entries:
            return entries[max(0, len(entries) - hops)][:64]
    return remote[:64] if isinstance(remote, str) and remote else "unknown"


def network_of(address: str) -> str:
    """The network an address belongs to for per-network limits: its /24 (IPv4) or /64
    (IPv6); anything that is not an address stands for itself."""
    try:
        ip = ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ip_network(f"{ip}/{prefix}", strict=False))
