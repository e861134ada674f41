"""Words for model values in the site's language: employment types, places, remote work, pay.

The model keeps English labels (``Posting.location_label``); pages, feeds and share images ask
here instead, with the site's ``Messages``. Country names come from CLDR (Babel) in the site's
locale; the rest from the catalogs.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

from sitegen.i18n.catalogs import Messages
from sitegen.model import (
    EMPLOYMENT_LABELS,
    LOCATION_TO_BE_AGREED,
    ON_SITE,
    REMOTE_ANYWHERE,
    REMOTE_IN,
    Place,
    Posting,
    Remote,
    Salary,
)
from sitegen.render.formatting import format_salary


def employment(messages: Messages, value: str) -> str:
    """``Full-time`` -> ``Vollzeit`` (de)."""
    return messages.gettext(EMPLOYMENT_LABELS[value])


def employments(messages: Messages, posting: Posting) -> str:
    """Every employment type of a posting, joined: ``Full-time, Contract``."""
    return ", ".join(employment(messages, value) for value in posting.employment_types)


def country(messages: Messages, code: str, english: str = "") -> str:
    """A country's name in the site's language (CLDR), else ``english``, else the code."""
    return _territories(messages.language).get(code) or english or code


def language(messages: Messages, code: str) -> str:
    """A language's name in the site's language (CLDR): ``en`` on a French site -> ``anglais``."""
    names = _babel_locale(messages.language).languages
    return str(names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or code)


def place(messages: Messages, value: Place) -> str:
    """``Ann Arbor, MI``, or the country's name in the site's language when there is no city or region."""
    if value.city or value.region:
        return value.short_label
    return country(messages, value.country, value.country_name)


def remote(messages: Messages, value: Remote) -> str:
    """``On-site``, ``Remote (anywhere)`` or ``Remote (Germany, Austria)``, translated."""
    if not value.allowed:
        return messages.gettext(ON_SITE)
    if not value.countries:
        return messages.gettext(REMOTE_ANYWHERE)
    names = value.country_names or value.countries
    countries = ", ".join(country(messages, code, name) for code, name in zip(value.countries, names, strict=False))
    return messages.gettext(REMOTE_IN, countries=countries)


def workplace(messages: Messages, posting: Posting) -> str:
    """``Hybrid (3 days a week in Ann Arbor)``, ``Remote (United States) or on-site``, ``On-site``."""
    if posting.workplace == "hybrid":
        label = messages.gettext("Hybrid")
        if posting.remote.allowed:
            label = messages.gettext("%(hybrid)s or %(remote)s", hybrid=label, remote=remote(messages, posting.remote))
    else:
        label = remote(messages, posting.remote)
        if posting.remote.allowed and posting.locations:
            label = messages.gettext("%(remote)s or on-site", remote=label)
    if posting.workplace_note:
        label = messages.gettext("%(workplace)s (%(note)s)", workplace=label, note=posting.workplace_note)
    return label


def location(messages: Messages, posting: Posting) -> str:
    """Everything about where: ``Ann Arbor, MI · Remote (United States)``, translated."""
    parts = [place(messages, value) for value in posting.locations]
    if posting.remote.allowed:
        parts.append(remote(messages, posting.remote))
    return " · ".join(parts) if parts else messages.gettext(LOCATION_TO_BE_AGREED)


def salary(messages: Messages, value: Salary) -> str:
    """``70.000 € – 85.000 € pro Jahr`` (de): amounts by Babel, the period from the catalogs."""
    return format_salary(value, messages.language, messages.translations.gettext)


def plural_samples(language: str) -> dict[str, int]:
    """A number of each CLDR plural category of ``language`` (``{"one": 1, "other": 0}``): the
    filter script picks its message by ``Intl.PluralRules``, so the page carries one of each."""
    rule = _babel_locale(language).plural_form
    samples: dict[str, int] = {}
    for n in range(200):
        samples.setdefault(rule(n), n)
    return dict(sorted(samples.items()))


@functools.cache
def _babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale("en")


@functools.cache
def _territories(language: str) -> dict[str, str]:
    return dict(_babel_locale(language).territories)
