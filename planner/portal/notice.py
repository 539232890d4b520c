"""The stable public link of a compound, its QR code, and the printable public notice (公示).

The link is ``<base>/p/<site key>``, the plain page (``public_web``: fast on any phone, no
JavaScript needed); the key never changes when names do. QR codes
are made by ``segno`` (PNG and SVG, no image library needed). The notice is one self-contained
HTML page (inline CSS and QR SVG, nothing fetched) laid out for A4 printing; every text in it
is escaped, since names and answers may have been typed by anyone.
"""

from __future__ import annotations

import io
from html import escape
from urllib.parse import quote

import segno

from db.models import SiteKind
from planner.i18n import scope_name, t, unit_name
from planner.portal import wording
from planner.portal.view import PublicSiteView, PublicWork

#: Where the plain public pages live (``public_web``); ``/p/<site key>`` is a compound's.
PORTAL_PATH = "p"


def compound_url(base_url: str, site_key: str) -> str:
    """The stable public address of a compound's page (its plain page)."""
    return f"{base_url.rstrip('/')}/{PORTAL_PATH}/{quote(site_key, safe='')}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of ``url`` as PNG (error correction M, quiet zone included)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 4, *, xml_declaration: bool = True) -> str:
    """A QR code of ``url`` as SVG text."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=xml_declaration, svgns=True
    )
    return buffer.getvalue().decode("utf-8")


def _date(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else "—"


def _dates(work: PublicWork) -> str:
    """ "2023-05-06 – 2023-07-03": each date kept whole (no break inside one on A4 or a
    phone), a break allowed between the two."""
    start, end = (escape(_date(d)) for d in (work.start, work.end))
    return f"<span class='day'>{start}</span> – <span class='day'>{end}</span>"


def _progress(work: PublicWork, lang: str) -> str:
    late = work.overdue_since is not None
    mark = f"<br><strong>{escape(t('portal.overdue_mark', lang))}</strong>" if late else ""
    return f"{work.progress:.0%}{mark}"


def _scale(view: PublicSiteView, lang: str) -> str:
    """ "改造范围：23 栋楼，804 户。" of a compound, "改造范围：全长 14,540 米。" of a road
    whose length is known, nothing otherwise."""
    if view.kind == SiteKind.COMPOUND:
        households = view.households or "—"
        text = t("notice.scale", lang, buildings=view.buildings, households=households)
    elif view.length_m:
        text = t("notice.length", lang, length=wording.length_text(view, lang))
    else:
        return ""
    return f"<p>{escape(text)}</p>"


def notice_html(
    view: PublicSiteView, url: str, *, contact: str, contact_phone: str, lang: str = "zh"
) -> str:
    """The printable public notice of a compound's renovation (one HTML document)."""
    e = escape
    rows = "".join(
        "<tr>"
        f"<td>{e(scope_name(w.scope_key, lang))}</td>"
        f"<td>{e(t(f'portal.plain.{w.scope_key}', lang))}</td>"
        f"<td class='num'>{w.planned:,.0f} {e(unit_name(w.unit, lang))}</td>"
        f"<td>{_dates(w)}</td>"
        f"<td class='num'>{_progress(w, lang)}</td>"
        "</tr>"
        for w in view.works
    )
    programmes = "、".join(
        e(name if lang == "zh" else en or name) for _y, name, en in view.programmes
    )
    phone = f"　{e(t('notice.phone', lang))}{e(contact_phone)}" if contact_phone else ""
    note = wording.illustrative_note(view, lang)
    illustrative = f"<p class='note'>{e(note)}</p>" if note else ""
    back = url + ("?lang=en" if lang == "en" else "")
    intro = t(
        f"notice.intro.{view.stage}", lang, name=view.name(lang), programmes=programmes or "—"
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t("notice.title", lang, name=view.name(lang)))}</title>
<style>
@page {{ size: A4 portrait; margin: 18mm; }}
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;
       color: #111; line-height: 1.5; }}
h1 {{ text-align: center; font-size: 22pt; margin: 0 0 4mm; }}
h2 {{ font-size: 13pt; border-bottom: 1px solid #444; margin-top: 6mm; }}
table {{ width: 100%; border-collapse: collapse; font-size: 10.5pt; }}
th, td {{ border: 1px solid #666; padding: 1.5mm 2mm; vertical-align: top; }}
th {{ background: #eee; }} td.num {{ text-align: right; white-space: nowrap; }}
.qr {{ float: right; width: 38mm; text-align: center; font-size: 9pt; margin-left: 4mm; }}
.qr svg {{ width: 38mm; height: 38mm; }} .note {{ color: #555; font-size: 9pt; }}
.day {{ white-space: nowrap; }} .back {{ margin: 0 0 3mm; }}
@media screen and (max-width: 600px) {{
  body {{ margin: 12px; }} h1 {{ font-size: 1.4rem; }}
  .qr {{ float: none; margin: 0 auto 12px; }}
  table {{ font-size: 0.85rem; }} th, td {{ padding: 4px; }}
}}
@media print {{ .back {{ display: none; }} }}
</style></head><body>
<p class="back"><a href="{e(back)}">{e(t("notice.back", lang))}</a></p>
<h1>{e(t("notice.title", lang, name=view.name(lang)))}</h1>
<div class="qr">{qr_svg(url, xml_declaration=False)}<div>{e(t("notice.scan", lang))}</div></div>
<p>{e(intro)}</p>
{_scale(view, lang)}
<h2>{e(t("notice.scope", lang))}</h2>
<table><thead><tr><th>{e(t("notice.col.work", lang))}</th><th>{e(t("notice.col.what", lang))}</th>
<th>{e(t("notice.col.quantity", lang))}</th><th>{e(t("notice.col.when", lang))}</th>
<th>{e(t("notice.col.progress", lang))}</th></tr></thead><tbody>{rows}</tbody></table>
<p class="note">{e(wording.as_of_line(view, lang))}</p>
<h2>{e(t("notice.contact_title", lang))}</h2>
<p>{e(contact)}{phone}</p>
<p>{e(t("notice.link", lang))}{e(url)}</p>
{illustrative}
</body></html>
"""


def share_files(
    view: PublicSiteView, url: str, *, contact: str, contact_phone: str, lang: str = "zh"
) -> list[tuple[str, bytes | str, str, str]]:
    """What a compound page offers to download: (message key of the label, content, file
    name, MIME type) for the QR code as PNG and SVG and the printable notice."""
    return [
        ("portal.qr_png", qr_png(url), f"qr_{view.key}.png", "image/png"),
        ("portal.qr_svg", qr_svg(url), f"qr_{view.key}.svg", "image/svg+xml"),
        (
            "portal.notice",
            notice_html(view, url, contact=contact, contact_phone=contact_phone, lang=lang),
            f"notice_{view.key}.html",
            "text/html",
        ),
    ]


def share_link(public_base_url: str, site_key: str) -> tuple[str, bool]:
    """The link to share, and whether it is a full address (for QR codes and notices).

    Only the configured address (``PLANNER_PUBLIC_BASE_URL``) goes into a full link: the
    address a request came in at is chosen by whoever sent it (its Host header), so a QR code
    made from it could send residents anywhere. Without the setting the link is the page's
    path only, and no QR code or notice is offered.
    """
    if public_base_url.startswith(("https://", "http://")):
        return compound_url(public_base_url, site_key), True
    return compound_url("", site_key), False
