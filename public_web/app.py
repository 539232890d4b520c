"""The routes of the plain pages (``PlainPages(engine).routes()``, mounted by ``deploy/asgi.py``).

| route | what | cached |
|---|---|---|
| ``GET /p/`` | the finder: by name, street or community, paged | per query, language, version |
| ``GET /p/<key>`` | a compound | per compound, language, data version, day |
| ``GET /p/<key>/notice`` | its printable 公示 (QR code to ``/p/<key>``) | as the compound |
| ``GET, POST /p/<key>/feedback`` | the feedback form; sending it | never (a token per visitor) |
| ``GET /p/feedback/<reference>`` | where a message stands | never |
| ``GET /p/photo/<id>`` | a public photo's thumbnail | a day in the browser |

Every page takes ``?lang=en`` (Chinese otherwise) and keeps it in its links. The endpoints are
plain functions: Starlette runs them in its thread pool, beside the event loop.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as day_time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import limits
from planner.errors import Refused
from planner.fieldwork import reads as field_reads
from planner.fieldwork.reads import ReportedWork
from planner.handles import Engine
from planner.i18n import normalise_lang, scope_name, t
from planner.ids import parse_id
from planner.portal import actions, reads
from planner.portal.feedback import Feedback, FeedbackLimits
from planner.portal.notice import compound_url, notice_html
from planner.portal.view import clean_site_key
from planner.secrets import load_signing_keys
from planner.settings import PlannerSettings, load_settings
from planner.surveys.suggestions import CATEGORIES, category_for_scope
from planner.works.overdue import CITY_TIME, city_today
from public_web import caching, forms, views
from public_web.caching import PageCache, Rendered, etag_for, respond

_LOG = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
#: The one stylesheet, inlined in every page: a first visit on a phone then needs no second
#: request (a round trip: 60-150 ms on 4G) before the page can draw; it is 4 KB before
#: compression, and the page is compressed with it.
STYLESHEET = (HERE / "static" / "site.css").read_text(encoding="utf-8")

_templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_templates.globals.update(t=t, link=views.link, site_path=views.site_path)


def _lang(request: Request) -> str:
    return normalise_lang(request.query_params.get("lang"))


def _render(template: str, request: Request, lang: str, **context: Any) -> str:
    query = request.query_params.multi_items()
    return _render_at(template, request.url.path, query, lang, **context)


def _render_at(
    template: str, path: str, query_items: list[tuple[str, str]], lang: str, **context: Any
) -> str:
    """``template`` as shown at ``path`` with that query (the language switch keeps it)."""
    other = "en" if lang == "zh" else "zh"
    query = [(k, v) for k, v in query_items if k != "lang"]
    if other == "en":
        query.append(("lang", "en"))
    switch = path + ("?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query) if query else "")
    return _templates.get_template(template).render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        stylesheet=Markup(STYLESHEET),  # our own file: nothing to escape
        switch_lang=switch,
        **context,
    )


class PlainPages:
    """The plain pages of one process: its engine, settings, signing keys and page cache."""

    def __init__(self, engine: Callable[[], Engine], settings: PlannerSettings | None = None):
        self._engine = engine
        self.settings = settings or load_settings()
        self.keys = load_signing_keys(self.settings)
        self.cache = PageCache()
        self.limits = FeedbackLimits.from_settings(self.settings)
        self._form_sites: dict[str, tuple[str, reads.CompoundPage]] = {}
        self._lock = threading.Lock()
        #: Pages rendered ahead so far, and whether that work is over (health says both).
        self.rendered_ahead = 0
        self.ahead_done = False
        #: The city's today: what a compound's page and notice are as of (what is overdue).
        self.today: Callable[[], date] = city_today

    @property
    def engine(self) -> Engine:
        """The engine the reads and actions run on."""
        return self._engine()

    # -- cached pages --------------------------------------------------------------------

    def _cached(
        self, request: Request, key: tuple[str, ...], modified: Any, make: Callable[[], str]
    ) -> Response:
        return respond(request, self._page(key, modified, make))

    def _page(self, key: tuple[str, ...], modified: Any, make: Callable[[], str]) -> Rendered:
        """The page under ``key`` from the cache, rendered by ``make`` when missing."""
        etag = etag_for(*key)
        return self.cache.get_or_make(
            key, lambda: caching.rendered(make(), etag, modified or caching.STARTED)
        )

    def finder(self, request: Request) -> Response:
        """``/p/``: search and a page of compounds."""
        lang = _lang(request)
        query = request.query_params.get("q", "").strip()[:50]
        try:
            page = int(request.query_params.get("page", "1"))
        except ValueError:
            page = 1
        version = reads.finder_version(self.engine)
        key = ("finder", query, str(page), lang, version.tag)
        return self._cached(
            request,
            key,
            version.changed_at,
            lambda: _render_at(
                "finder.html",
                request.url.path,
                [(k, v) for k, v in (("q", query), ("page", str(page))) if v and v != "1"],
                lang,
                finder=views.finder(self.engine, query, page, lang),
            ),
        )

    def _site(self, request: Request) -> tuple[str, Any] | None:
        key = clean_site_key([request.path_params["key"]])
        if key is None:
            return None
        found = reads.site_version(self.engine, key)
        return (key, found[1]) if found is not None else None

    def compound(self, request: Request) -> Response:
        """``/p/<key>``: a compound's page."""
        lang = _lang(request)
        site = self._site(request)
        if site is None:
            return self._not_found(request, lang)
        key, version = site
        return respond(request, self._compound(key, lang, version))

    def _compound(self, key: str, lang: str, version: Any) -> Rendered:
        # One page for everyone: its address as the page's own, whatever else a visitor's
        # address carried (a cached page must not keep one visitor's query).
        path = views.PREFIX + views.site_path(key)
        day = self.today()

        def make() -> str:
            shown = views.compound(self.engine, key, lang, self.settings, day)
            return _render_at("compound.html", path, [], lang, c=shown)

        key_of = ("compound", key, lang, version.tag, day.isoformat())
        return self._page(key_of, _as_of(version, day), make)

    def notice(self, request: Request) -> Response:
        """``/p/<key>/notice``: the printable 公示, its QR code pointing to ``/p/<key>``."""
        lang = _lang(request)
        site = self._site(request)
        if site is None:
            return self._not_found(request, lang)
        key, version = site
        return respond(request, self._notice(key, lang, version))

    def _notice(self, key: str, lang: str, version: Any) -> Rendered:
        day = self.today()

        def make() -> str:
            page = reads.compound_page(self.engine, key, today=day)
            assert page is not None  # the version was found: the compound exists
            return notice_html(
                page.view,
                self.compound_url(key),
                contact=self.settings.portal_contact,
                contact_phone=self.settings.portal_contact_phone,
                lang=lang,
            )

        key_of = ("notice", key, lang, version.tag, day.isoformat())
        return self._page(key_of, _as_of(version, day), make)

    def prerender(self, limit: int | None = None, pause: float = 0.002) -> int:
        """Render the pages of the first ``limit`` compounds (the finder's order: newest
        programme first) in Chinese, the compound page and its notice, as their first visitors
        would; returns how many pages. Run in a background thread after a start: visitors are
        served meanwhile (a page asked for while it is being rendered is rendered once), and a
        page whose compound changed since is rendered again on its next visit, as always."""
        limit = self.settings.prerender_pages if limit is None else limit
        done = 0
        number = 1
        while done < 2 * limit:
            found = reads.find_compounds(self.engine, "", number, 100)
            for hit in found.hits:
                if done >= 2 * limit:
                    break
                site = reads.site_version(self.engine, hit.key)
                if site is None:  # deleted meanwhile
                    continue
                self._compound(hit.key, "zh", site[1])
                self._notice(hit.key, "zh", site[1])
                done += 2
                self.rendered_ahead += 2
                time.sleep(pause)  # let a visitor's request take the interpreter first
            if number >= found.pages:
                break
            number += 1
        return done

    def prerender_in_background(self) -> threading.Thread | None:
        """Start :meth:`prerender` in a daemon thread (None: switched off by the settings).
        A failure is logged; the pages are then rendered on their first visit."""
        if self.settings.prerender_pages <= 0:
            self.ahead_done = True
            return None

        def run() -> None:
            started = time.perf_counter()
            try:
                pages = self.prerender()
            except Exception:  # noqa: BLE001  (logged; the pages render on their first visit)
                _LOG.exception("pre-rendering the public pages failed")
                return
            finally:
                self.ahead_done = True
            seconds = time.perf_counter() - started
            _LOG.info("pre-rendered %d public pages in %.1f s", pages, seconds)

        thread = threading.Thread(target=run, name="prerender-public-pages", daemon=True)
        thread.start()
        return thread

    def compound_url(self, key: str) -> str:
        """The address a QR code and a notice give: ``<public base>/p/<key>`` (the configured
        address only, never the request's Host: a cached notice is everyone's)."""
        return compound_url(self.settings.public_base_url, key)

    def _not_found(self, request: Request, lang: str) -> Response:
        html = _render("not_found.html", request, lang)
        return HTMLResponse(html, status_code=404, headers={"Cache-Control": "no-store"})

    # -- feedback ------------------------------------------------------------------------

    async def feedback(self, request: Request) -> Response:
        """``/p/<key>/feedback``: the form (GET) or sending it (POST; see public_web.forms)."""
        form = await _read_form(request) if request.method == "POST" else None
        return await anyio.to_thread.run_sync(self._feedback, request, form)

    def _feedback(self, request: Request, form: dict[str, str] | None) -> Response:
        lang = _lang(request)
        page = self._form_site(request)
        if page is None:
            return self._not_found(request, lang)
        # The work a "report a defect" link names (?work=, then the form's hidden field).
        work_id = parse_id((request.query_params if form is None else form).get("work"))
        work = (
            field_reads.linked_work(self.engine, page.site_id, {"work": work_id})
            if work_id
            else None
        )
        if form is None:
            typed = forms.Typed(request_key=forms.new_request_key())
            if work is not None:
                typed.category = category_for_scope(work.scope_key) or ""
            return self._form(request, lang, page, typed, forms.Problems(), work=work)
        typed = forms.Typed.from_form(form)
        cookie = request.cookies.get(forms.COOKIE, "")
        if not forms.token_valid(self.keys, cookie, typed.request_key, typed.csrf):
            typed.request_key = forms.new_request_key()
            expired = forms.Problems([t("web.form_expired", lang)])
            return self._form(request, lang, page, typed, expired, status=403, work=work)
        message = Feedback(
            page.site_id,
            typed.text,
            typed.category,
            typed.building,
            typed.unit,
            typed.phone,
            work_item_id=work_id,  # the action refuses a work of another compound
        )
        # The message's own key, not the form's: Back after sending, then 提交 again, posts a
        # fresh form (its new one-time key) with the text the browser kept: the same message.
        key = forms.message_key(self.keys, cookie, page.site_id, typed, city_today())
        try:
            sent = actions.submit_feedback(
                self.engine,
                message,
                client=self._client(request),
                allowed=self.limits,
                max_chars=self.settings.feedback_max_chars,
                request_key=key,
            )
        except Refused as refused:
            found = forms.problems(refused, typed, lang, self.settings.feedback_max_chars)
            return self._form(request, lang, page, typed, found, status=422, work=work)
        target = views.link(f"/feedback/{sent.reference}", lang, sent=1)
        return RedirectResponse(target, status_code=303)

    def _form_site(self, request: Request) -> reads.CompoundPage | None:
        """The compound a form is about (its id, name, buildings), kept per data version."""
        site = self._site(request)
        if site is None:
            return None
        key, version = site
        with self._lock:
            known = self._form_sites.get(key)
        if known is not None and known[0] == version.tag:
            return known[1]
        page = reads.compound_page(self.engine, key)
        if page is not None:
            with self._lock:
                self._form_sites[key] = (version.tag, page)
        return page

    def _client(self, request: Request) -> str:
        return limits.client_address(
            dict(request.headers),
            request.client.host if request.client else None,
            header=self.settings.trusted_proxy_header,
            hops=self.settings.trusted_proxy_count,
            proxies=self.settings.trusted_proxies,
        )

    def _form(
        self,
        request: Request,
        lang: str,
        page: reads.CompoundPage,
        typed: forms.Typed,
        problems: forms.Problems,
        status: int = 200,
        work: ReportedWork | None = None,
    ) -> Response:
        cookie = request.cookies.get(forms.COOKIE, "") or forms.new_cookie()
        typed.csrf = forms.token(self.keys, cookie, typed.request_key)
        html = _render(
            "feedback.html",
            request,
            lang,
            key=page.view.key,
            name=page.view.name(lang),
            typed=typed,
            problems=problems,
            categories=CATEGORIES,
            buildings=page.buildings,
            max_chars=self.settings.feedback_max_chars,
            work=work.work_item_id if work is not None else None,
            work_name=scope_name(work.scope_key, lang) if work is not None else "",
        )
        response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
        response.set_cookie(
            forms.COOKIE,
            cookie,
            max_age=7 * 24 * 3600,
            path=f"{views.PREFIX}/",
            secure=request.url.scheme == "https"
            or request.headers.get("x-forwarded-proto") == "https",
            httponly=True,
            samesite="lax",
        )
        return response

    def status(self, request: Request) -> Response:
        """``/p/feedback/<reference>``: the state of a message and the bureau's answer."""
        lang = _lang(request)
        found = reads.feedback_status(self.engine, request.path_params["reference"])
        html = _render(
            "status.html",
            request,
            lang,
            status=found,
            just_sent=request.query_params.get("sent") == "1",
        )
        code = 200 if found is not None else 404
        return HTMLResponse(html, status_code=code, headers={"Cache-Control": "no-store"})

    # -- files ---------------------------------------------------------------------------

    def photo(self, request: Request) -> Response:
        """``/p/photo/<id>``: the thumbnail of a photo marked public (404 otherwise)."""
        photo_id = request.path_params["photo_id"]
        if not 0 < photo_id < 2**31:
            return Response(status_code=404)
        data = field_reads.public_thumbnails(self.engine, [photo_id]).get(photo_id)
        if data is None:
            return Response(status_code=404, headers={"Cache-Control": "no-store"})
        etag = f'"{hashlib.sha256(data).hexdigest()[:20]}"'
        headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type="image/jpeg", headers=headers)

    def routes(self) -> list[BaseRoute]:
        """The routes, in the order they are tried."""
        p = views.PREFIX
        return [
            Route(f"{p}/", self.finder, methods=["GET", "HEAD"]),
            Route(p, lambda _request: RedirectResponse(f"{p}/", 308), methods=["GET", "HEAD"]),
            Route(f"{p}/photo/{{photo_id:int}}", self.photo, methods=["GET", "HEAD"]),
            Route(f"{p}/feedback/{{reference}}", self.status, methods=["GET", "HEAD"]),
            Route(f"{p}/{{key}}/notice", self.notice, methods=["GET", "HEAD"]),
            Route(f"{p}/{{key}}/feedback", self.feedback, methods=["GET", "POST"]),
            Route(f"{p}/{{key}}", self.compound, methods=["GET", "HEAD"]),
        ]


def _as_of(version: Any, day: date) -> datetime:
    """When a compound's page last changed: its data, or the day it is as of (a page says what
    is overdue on its day, so a new day is a new page, whatever ``If-Modified-Since`` says)."""
    start = datetime.combine(day, day_time.min, tzinfo=CITY_TIME)
    return max(version.changed_at or caching.STARTED, start)


async def _read_form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=len(forms.FIELD_LIMITS) + 4)
    return {k: v for k, v in form.items() if isinstance(v, str)}
