"""``sitemap.xml`` (sitemaps.org 0.9) with ``lastmod``, and ``robots.txt`` naming it."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from sitegen.render.pages import Site
from sitegen.render.templates import Urls


def render_sitemap(site: Site, urls: Urls) -> bytes:
    """The home page, content pages, listing pages that have open postings, and open postings.

    A page's ``lastmod`` is its ``date:``; a page without one has no ``lastmod`` (a date that
    changes on every build would teach search engines to ignore it).
    """
    open_postings = site.open_postings
    entries: list[tuple[str, dt.date | None]] = []
    if open_postings:
        entries.append(("", max(p.date_posted for p in open_postings)))
    else:
        entries.append(("", site.today))
    entries += [(page.url_path, page.date) for page in site.pages if not page.draft]
    open_sources = {p.source for p in open_postings}
    for group in (*site.departments, *site.locations):
        dates = [p.date_posted for p in group.postings if p.source in open_sources]
        if dates:
            entries.append((group.url_path, max(dates)))
    entries += [(p.url_path, p.date_posted) for p in open_postings]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, lastmod in entries:
        modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(urls.absolute_url(path))}</loc>{modified}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(urls: Urls, *, noindex: bool = False) -> bytes:
    """Allow everything and name the sitemap.

    A deploy preview allows crawling too: a page robots.txt blocks is never fetched, so search
    engines would never see its ``noindex`` (meta and ``X-Robots-Tag``) and could still list the
    bare URL. The preview's sitemap is not named, so nothing advertises its URLs.
    """
    if noindex:
        return (
            b"# A preview deploy: every page and response says noindex. Crawling stays allowed\n"
            b"# so that search engines can see it (a blocked URL may still be listed).\n"
            b"User-agent: *\nAllow: /\n"
        )
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute_url('sitemap.xml')}\n".encode()
