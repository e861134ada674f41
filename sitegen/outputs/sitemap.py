"""``sitemap.xml`` (sitemaps.org 0.9) with ``lastmod``, and ``robots.txt`` naming it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape

from sitegen.render.pages import Site
from sitegen.render.templates import Urls


def sitemap_chunks(sites: Site | Sequence[Site], urls: Urls) -> Iterator[str]:
    """The home page, content pages, listing pages that have open postings, and open postings,
    a few lines at a time (a board of 100,000 postings has a sitemap of ~15 MB).

    A page's ``lastmod`` is its ``date:``; a page without one has no ``lastmod`` (a date that
    changes on every build would teach search engines to ignore it). ``sites``: each language
    of a multilingual site; a page with versions in other languages lists them all as
    ``xhtml:link`` alternates (Google: "Tell Google about localized versions of your page").
    """
    sites = (sites,) if isinstance(sites, Site) else tuple(sites)
    entries = [entry for site in sites for entry in _entries(site)]
    versions = sites[0].alternates
    multilingual = any(path in versions for path, _ in entries)
    namespaces = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if multilingual:
        namespaces += ' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {namespaces}>\n'
    lines: list[str] = []
    for path, lastmod in entries:
        modified = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{escape(language)}" href="{escape(urls.absolute_url(other))}"/>'
            for language, other in versions.get(path, ())
        )
        if links:
            default = escape(urls.absolute_url(versions[path][0][1]))
            links += f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/>'
        lines.append(f"  <url><loc>{escape(urls.absolute_url(path))}</loc>{modified}{links}</url>\n")
        if len(lines) == 1000:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines) + "</urlset>\n"


def _entries(site: Site) -> list[tuple[str, dt.date | None]]:
    """The pages of one language's site worth listing, with their ``lastmod``."""
    open_postings = site.open_postings
    entries: list[tuple[str, dt.date | None]] = []
    if open_postings:
        entries.append((site.home_path, max(p.date_posted for p in open_postings)))
    else:
        entries.append((site.home_path, site.today))
    entries += [(page.url_path, page.date) for page in site.pages if not page.draft]
    open_sources = {p.source for p in open_postings}
    for group in (*site.departments, *site.locations):
        dates = [p.date_posted for p in group.postings if p.source in open_sources]
        if dates:
            entries.append((group.url_path, max(dates)))
    entries += [(p.url_path, p.date_posted) for p in open_postings]
    return entries


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
