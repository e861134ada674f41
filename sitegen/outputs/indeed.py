"""``indeed.xml``: Indeed's XML job feed (``<source>`` with one ``<job>`` per job and location).

Follows Indeed's XML feed reference (docs.indeed.com/indeed-apply/xml-feed): every job on the
careers site, job content in CDATA sections, no HTML entities anywhere (Indeed decodes none), a
reference number unique per job *and* location that never changes. ``<publisher>`` and
``<publisherurl>`` name an ATS that publishes feeds for its customers, so an employer's own feed
leaves them out and names itself in ``<company>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from sitegen.i18n import labels
from sitegen.model import Place, Posting
from sitegen.outputs.raw_html import html_without_entities
from sitegen.render.fragments import Store, cached
from sitegen.render.pages import Site
from sitegen.render.templates import Urls

REMOTE_CITY = "Remote"  # Indeed shows a remote job's location as "Remote"
# What XML 1.0 cannot carry at all (not even in CDATA); line ends are read as "\n" anyway.
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

JOB_TYPES = {
    "full-time": "fulltime",
    "part-time": "parttime",
    "contract": "contract",
    "temporary": "temporary",
    "intern": "internship",
    "volunteer": "volunteer",
    "per-diem": "perdiem",
    "other": "other",
}


def cdata(value: str) -> str:
    """``value`` as CDATA sections, read back by any XML parser as exactly ``value``.

    ``]]>`` is split across two sections; line ends become ``\\n`` (as XML reads them) and
    characters XML cannot carry are dropped, so no text can break the feed.
    """
    value = _NOT_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _element(name: str, value: str) -> str:
    return f"    <{name}>{cdata(value)}</{name}>"


def _jobs(posting: Posting) -> list[tuple[str, Place | None, str]]:
    """(reference number, place, country) of each ``<job>``: one per location, or per remote country.

    A fully remote role has no place: it is listed once per country applicants may live in
    (once without a country when they may live anywhere).
    """
    base = posting.identifier or posting.slug
    if posting.locations:
        places = posting.locations
        if len(places) == 1:
            return [(base, places[0], places[0].country)]
        return [(f"{base}-{place.slug}", place, place.country) for place in places]
    countries = posting.remote.countries
    if len(countries) <= 1:
        return [(base, None, countries[0] if countries else "")]
    return [(f"{base}-remote-{country.lower()}", None, country) for country in countries]


def indeed_chunks(site: Site, urls: Urls, store: Store | None = None) -> Iterator[str]:
    """The feed in pieces, so a large one can be written without holding it all in memory."""
    postings = sorted(site.open_postings, key=lambda p: p.slug)
    newest = max((p.date_posted for p in postings), default=site.today)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<source>",
        f"  <lastBuildDate>{newest.isoformat()}</lastBuildDate>",
    ]
    yield "\n".join(out) + "\n"
    for posting in postings:
        yield cached(store, ("indeed.xml", posting), partial(_posting_jobs, posting, site, urls))
        yield "\n"  # a kept entry is yielded as it is (it may be a Span of the previous file)
    yield "</source>\n"


def _posting_jobs(posting: Posting, site: Site, urls: Urls) -> str:
    """The ``<job>`` elements of one posting (one per location)."""
    config = site.config
    out: list[str] = []
    description = html_without_entities(posting.body_html)
    for reference, place, country in _jobs(posting):
        remote = None
        if posting.remote.allowed:
            remote = "Fully remote" if not posting.locations else "Hybrid remote"
        fields: list[tuple[str, str | None]] = [
            ("title", posting.title),
            ("date", posting.date_posted.isoformat()),
            ("referencenumber", reference),
            ("requisitionid", posting.identifier or posting.slug),
            ("url", urls.absolute_url(posting.url_path)),
            ("company", config.company.name),
            ("city", (place.city or "") if place else REMOTE_CITY),
            ("state", (place.region or "") if place else ""),  # Indeed requires the element, even empty
            ("country", country),
            ("postalcode", place.postal_code if place else None),
            ("streetaddress", place.street if place else None),
            ("email", posting.apply_email),
            ("description", description),
            ("salary", labels.salary(site.messages, posting.salary) if posting.salary else None),
            ("jobtype", ", ".join(JOB_TYPES[t] for t in posting.employment_types)),
            ("category", posting.department),
            ("expirationdate", posting.valid_through.isoformat() if posting.valid_through else None),
            ("remotetype", remote),
        ]
        out += ["  <job>", *(_element(name, value) for name, value in fields if value is not None), "  </job>"]
    return "\n".join(out)
