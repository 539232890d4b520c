"""Rendered pages cached per compound and data version, and answered with 304 when unchanged.

A page is rendered once per (page, compound, language, data version) and kept compressed
(gzip and brotli) beside its plain bytes, so a visit costs one small query (the version,
held in the database: ``planner.portal.freshness``) and a dictionary look-up. When another
process changes the compound, its version changes, and the next visit renders it anew.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # brotli ships no type stubs
from starlette.requests import Request
from starlette.responses import Response

from planner.computed_once import ComputedOnce

#: How many rendered pages a process keeps (a page is 10-30 KB, with its compressed copies).
MAX_PAGES = 2000
GZIP_LEVEL = 6
BROTLI_QUALITY = 9


def _build_tag() -> str:
    """A short hash of the templates, the stylesheet and this package: a new release changes
    every ETag, so no browser keeps a page of the old layout."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted(here.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


BUILD = _build_tag()
STARTED = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Rendered:
    """A page's bytes, plain and compressed, with its validators."""

    body: bytes
    etag: str
    modified: datetime
    gzip: bytes = field(repr=False, default=b"")
    brotli: bytes = field(repr=False, default=b"")


def rendered(html: str, etag: str, modified: datetime) -> Rendered:
    """A page with its compressed copies made once."""
    body = html.encode("utf-8")
    return Rendered(
        body,
        etag,
        modified.replace(microsecond=0),  # HTTP dates have whole seconds
        gzip.compress(body, GZIP_LEVEL, mtime=0),
        brotli.compress(body, quality=BROTLI_QUALITY),
    )


class PageCache:
    """The last :data:`MAX_PAGES` pages rendered, by key (thread-safe)."""

    def __init__(self, size: int = MAX_PAGES) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, ...], Rendered] = OrderedDict()
        self._lock = threading.Lock()
        self._rendering = ComputedOnce()

    def get_or_make(self, key: tuple[str, ...], make: Callable[[], Rendered]) -> Rendered:
        """The page under ``key``, made by ``make`` when missing: once, however many visitors
        ask for it at the same moment (the others wait for that one rendering and take it)."""

        def render() -> Rendered:
            page = make()
            self.put(key, page)
            return page

        return self._rendering.get_or_make(key, lambda: self.get(key), render)

    def get(self, key: tuple[str, ...]) -> Rendered | None:
        """The page under ``key``, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, ...], page: Rendered) -> None:
        """Keep ``page`` under ``key``, dropping the least recently used past the size."""
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._pages.clear()


def etag_for(*parts: str) -> str:
    """A strong ETag naming a page's inputs (its data version and the build)."""
    digest = hashlib.sha256("|".join((*parts, BUILD)).encode()).hexdigest()[:20]
    return f'"{digest}"'


def _not_modified(request: Request, page: Rendered) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:  # the ETag decides when there is one (RFC 9110, 13.2.2)
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return page.etag in tags or "*" in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return page.modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _encoding(request: Request) -> str:
    """The best encoding the client takes: "br", "gzip" or ""."""
    offered = {}
    for part in request.headers.get("accept-encoding", "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip().lower()] = quality
    for name in ("br", "gzip"):
        if offered.get(name, 0) > 0:
            return name
    return ""


def respond(
    request: Request,
    page: Rendered,
    *,
    cache_control: str = "public, no-cache",
    media_type: str = "text/html",
) -> Response:
    """200 with the page (compressed as the client takes it) or 304 when it has it already."""
    headers = {
        "ETag": page.etag,
        "Last-Modified": format_datetime(page.modified.astimezone(UTC), usegmt=True),
        "Cache-Control": cache_control,
        "Vary": "Accept-Encoding",
    }
    if _not_modified(request, page):
        return Response(status_code=304, headers=headers)
    encoding = _encoding(request)
    body = page.body
    if encoding == "br" and page.brotli:
        body, headers["Content-Encoding"] = page.brotli, "br"
    elif encoding == "gzip" and page.gzip:
        body, headers["Content-Encoding"] = page.gzip, "gzip"
    return Response(body, media_type=media_type, headers=headers)
