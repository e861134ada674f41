"""``[analytics]``: one analytics provider's script on every page, with the CSP entries it needs.

Providers whose snippet is a single external script: Plausible and Umami (privacy-friendly,
no cookies, also self-hosted through ``script_url``) and Google Analytics 4. GA4's usual
inline configuration snippet would need ``'unsafe-inline'``; the theme's ``ga4.js`` does the
same from a file, reading the measurement id from a data attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.schema import Reader
from sitegen.tree import Map

PROVIDERS = ("plausible", "umami", "ga4")
PROVIDER_SPELLINGS = {
    **{p: p for p in PROVIDERS},
    "plausible-analytics": "plausible",
    "umami-analytics": "umami",
    "google-analytics": "ga4",
    "google-analytics-4": "ga4",
    "gtag": "ga4",
}
ID_KEYS = {"plausible": "domain", "umami": "website_id", "ga4": "measurement_id"}
ANALYTICS_KEYS = ("provider", "domain", "website_id", "measurement_id", "script_url", "on_previews")
DEFAULT_SCRIPTS = {
    "plausible": "https://plausible.io/js/script.js",
    "umami": "https://cloud.umami.is/script.js",
    "ga4": "https://www.googletagmanager.com/gtag/js",
}
# Google's "Use Tag Manager with a Content Security Policy" guide, section Google Analytics 4.
GA4_SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("script-src", ("https://*.googletagmanager.com",)),
    ("img-src", ("https://*.google-analytics.com", "https://*.googletagmanager.com")),
    (
        "connect-src",
        ("https://*.google-analytics.com", "https://*.analytics.google.com", "https://*.googletagmanager.com"),
    ),
)
_MEASUREMENT_ID = re.compile(r"^G-[A-Z0-9]{4,16}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


@dataclass(frozen=True)
class AnalyticsSettings:
    """``[analytics]`` (README "Analytics")."""

    provider: str | None = None
    """``plausible``, ``umami`` or ``ga4``; None: no analytics."""
    site_id: str = ""
    """Plausible's ``domain`` ("" = the host of ``base_url``), Umami's ``website_id``, GA4's ``measurement_id``."""
    script_url: str = ""
    """The tracker script (a self-hosted Plausible or Umami); default: the provider's."""
    on_previews: bool = False
    """Also on ``--noindex`` deploy previews and ``sitegen serve`` (off: previews never count as visits)."""


@dataclass(frozen=True)
class PageAnalytics:
    """What ``_analytics.html`` prints."""

    provider: str
    site_id: str
    script_url: str


def read_analytics(reader: Reader, root: Map) -> AnalyticsSettings:
    table = reader.mapping(root.get("analytics"), "analytics", "a table [analytics]") or Map()
    reader.check_keys(table, ANALYTICS_KEYS, prefix="analytics.")
    if not table.entries:
        return AnalyticsSettings()
    provider = reader.choice(table.get("provider"), "analytics.provider", PROVIDER_SPELLINGS)
    if provider is None:
        if table.get("provider") is None:
            hint = "one of: " + ", ".join(PROVIDERS)
            reader.error(table.line, "analytics.provider", "missing", hint)
        return AnalyticsSettings()
    for key in ("domain", "website_id", "measurement_id"):
        if key in table.entries and key != ID_KEYS[provider]:
            owner = next(p for p, k in ID_KEYS.items() if k == key)
            hint = f"for provider = '{provider}' set {ID_KEYS[provider]}"
            reader.error(table.entries[key].key_line, f"analytics.{key}", f"applies to provider = '{owner}'", hint)
    if provider == "ga4" and "script_url" in table.entries:
        hint = "GA4 loads Google's gtag.js; script_url is for a self-hosted Plausible or Umami"
        reader.error(table.entries["script_url"].key_line, "analytics.script_url", "not used with ga4", hint)
    site_id = _read_id(reader, table, provider)
    script_url = reader.url(table.get("script_url"), "analytics.script_url") if provider != "ga4" else None
    return AnalyticsSettings(
        provider=provider,
        site_id=site_id or "",
        script_url=script_url or DEFAULT_SCRIPTS[provider],
        on_previews=bool(reader.boolean(table.get("on_previews"), "analytics.on_previews")),
    )


def _read_id(reader: Reader, table: Map, provider: str) -> str | None:
    key = ID_KEYS[provider]
    node = table.get(key)
    value = reader.text(node, f"analytics.{key}")
    if node is None or value is None:
        if provider != "plausible":
            what = "the measurement id, like 'G-ABC123DEF4'" if provider == "ga4" else "the website id (a UUID)"
            reader.error(table.line, f"analytics.{key}", "missing", what)
        return None
    if provider == "ga4":
        value = value.upper()
    if provider == "ga4" and not _MEASUREMENT_ID.match(value):
        hint = "a GA4 measurement id starts with 'G-' (Admin > Data streams)"
        if value.upper().startswith("UA-"):
            hint = "Universal Analytics ids (UA-) stopped collecting data in 2023; use the GA4 measurement id, 'G-...'"
        reader.error(node.line, "analytics.measurement_id", f"{value!r} is not a GA4 measurement id", hint)
        return None
    if provider == "umami" and not _UUID.match(value.lower()):
        hint = "the website id Umami shows in Settings > Websites, like '94db1cb1-74f4-4a40-ad6c-962362670409'"
        reader.error(node.line, "analytics.website_id", f"{value!r} is not an Umami website id", hint)
        return None
    if provider == "plausible" and not _HOST.match(value.lower()):
        hint = "the site's domain as added in Plausible, like 'careers.example.com' (no https://, no path)"
        reader.error(node.line, "analytics.domain", f"{value!r} is not a domain", hint)
        return None
    return value.lower() if provider != "ga4" else value


def analytics_sources(settings: AnalyticsSettings) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The CSP sources the provider's script needs: loading it, and sending its events."""
    if settings.provider is None:
        return ()
    if settings.provider == "ga4":
        return GA4_SOURCES
    parts = urlsplit(settings.script_url)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return (("script-src", (origin,)), ("connect-src", (origin,)))  # both send events where the script is


def page_analytics(settings: AnalyticsSettings, base_url: str, *, preview: bool) -> PageAnalytics | None:
    """What pages include, or None: no provider, or a preview without ``on_previews``."""
    if settings.provider is None or (preview and not settings.on_previews):
        return None
    site_id = settings.site_id or (urlsplit(base_url).hostname or "")
    script = settings.script_url
    if settings.provider == "ga4":
        script = f"{script}?id={site_id}"
    return PageAnalytics(settings.provider, site_id, script)
