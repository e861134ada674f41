"""``feed.xml``: an Atom 1.0 feed (RFC 4287) of open postings, newest first."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from functools import partial
from xml.sax.saxutils import escape, quoteattr

from sitegen import __version__
from sitegen.i18n import labels
from sitegen.i18n.catalogs import Messages
from sitegen.model import Posting
from sitegen.render.fragments import Store, cached
from sitegen.render.pages import Site
from sitegen.render.templates import Urls


def _timestamp(day: dt.date, timezone: str) -> str:
    return dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(timezone)).isoformat()


def posting_summary(posting: Posting, messages: Messages) -> str:
    """``Engineering · Ann Arbor, MI · Full-time · $164,000 – $220,000 per year``, in the site's language."""
    parts = [posting.department, labels.location(messages, posting), labels.employments(messages, posting)]
    if posting.salary:
        parts.append(labels.salary(messages, posting.salary))
    return " · ".join(parts)


def atom_chunks(site: Site, urls: Urls, store: Store | None = None) -> Iterator[str]:
    """The feed in pieces, so a large one can be written without holding it all in memory."""
    config = site.config
    zone, language = config.site.timezone, config.site.language
    postings = sorted(site.open_postings, key=lambda p: (p.date_posted, p.slug), reverse=True)
    updated = postings[0].date_posted if postings else site.today
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(config.site.title)}</title>",
    ]
    if config.site.description:
        out.append(f"  <subtitle>{escape(config.site.description)}</subtitle>")
    out += [
        f'  <link rel="alternate" type="text/html" href={quoteattr(urls.absolute_url(""))}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(urls.absolute_url("feed.xml"))}/>',
        f"  <id>{escape(urls.absolute_url(''))}</id>",
        f"  <updated>{_timestamp(updated, zone)}</updated>",
        f"  <author><name>{escape(config.company.name)}</name></author>",
        f'  <generator version="{__version__}">sitegen</generator>',
    ]
    yield "\n".join(out) + "\n"
    for posting in postings:
        yield cached(store, ("feed.xml", posting), partial(_entry, posting, urls, zone, site.messages))
        yield "\n"  # a kept entry is yielded as it is (it may be a Span of the previous file)
    yield "</feed>\n"


def _entry(posting: Posting, urls: Urls, zone: str, messages: Messages) -> str:
    url = urls.absolute_url(posting.url_path)
    stamp = _timestamp(posting.date_posted, zone)
    return "\n".join([
        "  <entry>",
        f"    <title>{escape(posting.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
        f"    <id>{escape(url)}</id>",
        f"    <published>{stamp}</published>",
        f"    <updated>{stamp}</updated>",
        f"    <category term={quoteattr(posting.department)}/>",
        f"    <summary>{escape(posting_summary(posting, messages))}</summary>",
        f'    <content type="html">{escape(posting.body_html)}</content>',
        "  </entry>",
    ])  # fmt: skip
