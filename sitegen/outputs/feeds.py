"""``feed.xml``: an Atom 1.0 feed (RFC 4287) of open postings, newest first; one more per
department and per location (``departments/<slug>/feed.xml``), to follow one team or place."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from functools import partial
from xml.sax.saxutils import escape, quoteattr

from sitegen import __version__
from sitegen.i18n import labels
from sitegen.i18n.catalogs import ENGLISH, Messages
from sitegen.model import Posting
from sitegen.render.fragments import Store, cached
from sitegen.render.pages import Group, Site, group_heading
from sitegen.render.templates import Urls


def _timestamp(day: dt.date, timezone: str) -> str:
    return dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(timezone)).isoformat()


def posting_summary(posting: Posting, messages: Messages) -> str:
    """``Engineering · Ann Arbor, MI · Full-time · $164,000 – $220,000 per year``, in the site's language."""
    parts = [posting.department, labels.location(messages, posting), labels.employments(messages, posting)]
    if posting.salary:
        parts.append(labels.salary(messages, posting.salary))
    return " · ".join(parts)


def feed_path(group: Group | None = None, home_path: str = "") -> str:
    """Where the feed of ``group`` (of the language's whole site, at ``home_path``, when ``None``) is."""
    return f"{home_path}feed.xml" if group is None else f"{group.url_path}feed.xml"


def feed_title(site_title: str, group: Group | None = None, messages: Messages = ENGLISH) -> str:
    """``Acme Careers``, ``Acme Careers: Engineering``, ``Acme Careers: Jobs in Munich``."""
    return site_title if group is None else f"{site_title}: {group_heading(group, messages)}"


def atom_chunks(site: Site, urls: Urls, store: Store | None = None, group: Group | None = None) -> Iterator[str]:
    """The feed in pieces, so a large one can be written without holding it all in memory.

    With ``group``, the feed of one department or location: its open postings, linking to its page.
    """
    config = site.config
    zone, language = config.site.timezone, config.site.language
    today = site.today
    chosen = site.open_postings if group is None else [p for p in group.postings if p.status(today) == "open"]
    postings = sorted(chosen, key=lambda p: (p.date_posted, p.slug), reverse=True)
    updated = postings[0].date_posted if postings else site.today
    page = site.home_path if group is None else group.url_path
    self_url = urls.absolute_url(feed_path(group, site.home_path))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(feed_title(config.site.title, group, site.messages))}</title>",
    ]
    if config.site.description and group is None:
        out.append(f"  <subtitle>{escape(config.site.description)}</subtitle>")
    out += [
        f'  <link rel="alternate" type="text/html" href={quoteattr(urls.absolute_url(page))}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f"  <id>{escape(urls.absolute_url(page))}</id>",
        f"  <updated>{_timestamp(updated, zone)}</updated>",
        f"  <author><name>{escape(config.company.name)}</name></author>",
        f'  <generator version="{__version__}">sitegen</generator>',
    ]
    yield "\n".join(out) + "\n"
    for posting in postings:  # keyed by language too: another language's feed may list the posting
        yield cached(store, ("feed.xml", language, posting), partial(_entry, posting, urls, zone, site.messages))
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
