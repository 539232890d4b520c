"""Responses compressed by the app's own server: brotli where the client takes it, else gzip.

Streamlit's frontend went out raw under ``scripts/run.sh`` (2.6 MB for an empty page; one
script alone 1.5 MB). This pure ASGI middleware (``deploy/asgi.py`` puts it outermost)
compresses text responses (scripts, styles, HTML, JSON, SVG, source maps) of 1 KB and more
that are not compressed already, and keeps what it compressed by the body's hash, so a static
file is compressed once per process, not once per visitor. Websockets, ranges, responses with
a ``Content-Encoding`` (the plain pages come compressed from their own cache) and other types
(images, fonts in their own formats) pass through untouched.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

import anyio
import brotli

from deploy.guard import ASGIApp, Message, Receive, Scope, Send

MIN_BYTES = 1024
#: Bodies past this are passed on as they come (nothing of the app is that large).
MAX_BYTES = 16 * 1024 * 1024
#: Compressed bodies kept per process (bytes, compressed).
CACHE_BYTES = 64 * 1024 * 1024
GZIP_LEVEL = 6
BROTLI_QUALITY = 5  # compresses the 6 MB of Streamlit's scripts in about a second, once
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/manifest+json",
)


def chosen_encoding(headers: list[tuple[bytes, bytes]]) -> str:
    """ "br", "gzip" or "" for a request's ``Accept-Encoding`` (q=0 refuses)."""
    accepted: dict[str, float] = {}
    for name, value in headers:
        if name.lower() != b"accept-encoding":
            continue
        for part in value.decode("latin-1").split(","):
            coding, _, params = part.strip().partition(";")
            quality = 1.0
            params = params.strip()
            if params.startswith("q="):
                try:
                    quality = float(params[2:])
                except ValueError:
                    quality = 0.0
            accepted[coding.strip().lower()] = quality
    for coding in ("br", "gzip"):
        if accepted.get(coding, 0.0) > 0:
            return coding
    return ""


class _Compressed:
    """Compressed bodies by (encoding, hash of the body), least recently used dropped."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit, self.size = limit, 0
        self._bodies: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, encoding: str, body: bytes) -> bytes:
        key = (encoding, hashlib.blake2b(body, digest_size=16).digest())
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        packed = (
            brotli.compress(body, quality=BROTLI_QUALITY)
            if encoding == "br"
            else gzip.compress(body, GZIP_LEVEL, mtime=0)
        )
        with self._lock:
            if key not in self._bodies:
                self._bodies[key] = packed
                self.size += len(packed)
            while self.size > self.limit and self._bodies:
                _key, dropped = self._bodies.popitem(last=False)
                self.size -= len(dropped)
        return packed


class Compression:
    """Compress text responses for clients that take brotli or gzip (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.cache = _Compressed()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = list(scope.get("headers") or ())
        encoding = chosen_encoding(request_headers)
        if not encoding or any(name.lower() == b"range" for name, _ in request_headers):
            await self.app(scope, receive, send)
            return
        # A file sent by path (an ASGI extension) would bypass the body we compress.
        extensions = dict(scope.get("extensions") or {})
        extensions.pop("http.response.pathsend", None)
        scope = {**scope, "extensions": extensions}
        start: Message | None = None
        chunks: list[bytes] = []
        held = 0
        passing = False

        async def compressing_send(message: Message) -> None:
            nonlocal start, held, passing
            if message["type"] == "http.response.start":
                if _compressible(message):
                    start = message
                else:
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or passing or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            held += len(chunks[-1])
            if held > MAX_BYTES:  # too large to hold: pass it on as it comes
                passing = True
                await send(start)
                held_body = b"".join(chunks)
                await send({"type": "http.response.body", "body": held_body, "more_body": True})
                chunks.clear()
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = [
                (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
            ]
            if len(body) >= MIN_BYTES:
                body = await anyio.to_thread.run_sync(self.cache.get, encoding, body)
                headers.append((b"content-encoding", encoding.encode()))
            headers = _vary(headers)
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, compressing_send)


def _compressible(start: Message) -> bool:
    if start.get("status") != 200:
        return False
    content_type = b""
    for name, value in start.get("headers", []):
        lowered = name.lower()
        if lowered == b"content-encoding":
            return False
        if lowered == b"content-type":
            content_type = value.lower()
    return content_type.decode("latin-1").startswith(COMPRESSIBLE)


def _vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    for name, value in headers:
        if name.lower() == b"vary" and b"accept-encoding" in value.lower():
            return headers
    return [*headers, (b"vary", b"Accept-Encoding")]
