"""``indeed.xml``: Indeed's XML job feed (``<source>`` with one ``<job>`` per job and location).

Indeed asks for every job on the careers site, job content in CDATA sections, no HTML
entities, and a reference number that is unique per job *and* location and never changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from xml.sax.saxutils import escape

from sitegen.model import Place, Posting
from sitegen.render.formatting import format_salary
from sitegen.render.fragments import Store, cached
from sitegen.render.pages import Site
from sitegen.render.templates import Urls

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


def _cdata(value: str) -> str:
    """A CDATA section; ``]]>`` inside the text is split across two sections."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _element(name: str, value: str | None) -> str:
    return f"    <{name}>{_cdata(value)}</{name}>" if value else ""


def _jobs(posting: Posting) -> list[tuple[str, Place | None]]:
    """(reference number, place) pairs: one per location, or one without a place for remote-only roles."""
    base = posting.identifier or posting.slug
    if not posting.locations:
        return [(base, None)]
    if len(posting.locations) == 1:
        return [(base, posting.locations[0])]
    return [(f"{base}-{place.slug}", place) for place in posting.locations]


def indeed_chunks(site: Site, urls: Urls, store: Store | None = None) -> Iterator[str]:
    """The feed in pieces, so a large one can be written without holding it all in memory."""
    config = site.config
    postings = sorted(site.open_postings, key=lambda p: p.slug)
    newest = max((p.date_posted for p in postings), default=site.today)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<source>",
        f"  <publisher>{escape(config.company.name)}</publisher>",
    ]
    if config.company.url:
        out.append(f"  <publisherurl>{escape(config.company.url)}</publisherurl>")
    out.append(f"  <lastBuildDate>{newest.isoformat()}</lastBuildDate>")
    yield "\n".join(out) + "\n"
    for posting in postings:
        yield cached(store, ("indeed.xml", posting), partial(_posting_jobs, posting, site, urls))
        yield "\n"  # a kept entry is yielded as it is (it may be a Span of the previous file)
    yield "</source>\n"


def _posting_jobs(posting: Posting, site: Site, urls: Urls) -> str:
    """The ``<job>`` elements of one posting (one per location)."""
    config = site.config
    out: list[str] = []
    for reference, place in _jobs(posting):
        country = place.country if place else (posting.remote.countries[:1] or ("",))[0]
        remote = None
        if posting.remote.allowed:
            remote = "Fully remote" if not posting.locations else "Hybrid remote"
        fields = [
            ("title", posting.title),
            ("date", posting.date_posted.isoformat()),
            ("referencenumber", reference),
            ("requisitionid", posting.identifier or posting.slug),
            ("url", urls.absolute_url(posting.url_path)),
            ("company", config.company.name),
            ("sourcename", config.company.name),
            ("city", place.city if place else None),
            ("state", place.region if place else None),
            ("country", country),
            ("postalcode", place.postal_code if place else None),
            ("streetaddress", place.street if place else None),
            ("email", posting.apply_email),
            ("description", posting.body_html),
            ("salary", format_salary(posting.salary, config.site.language) if posting.salary else None),
            ("jobtype", ", ".join(JOB_TYPES[t] for t in posting.employment_types)),
            ("category", posting.department),
            ("expirationdate", posting.valid_through.isoformat() if posting.valid_through else None),
            ("remotetype", remote),
        ]
        out += ["  <job>", *(line for name, value in fields if (line := _element(name, value))), "  </job>"]
    return "\n".join(out)
