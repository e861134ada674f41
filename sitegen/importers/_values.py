"""Small readers the mappers share: a JSON body, texts, amounts and dates that never raise.

Each returns ``None`` (or an empty value) for what is absent and says, through a message, what was
present but unreadable, so a mapper reports it instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

# What a body looks like when it is not an API answer at all (an HTML error or login page).
_HTML_STARTS = (b"<!doctype", b"<html", b"<head", b"<body")


def describe_body(data: bytes) -> str:
    """What an unexpected body looks like, for a problem message ("an HTML page", "XML"...)."""
    head = data.lstrip()[:60].lower()
    if not head:
        return "an empty body"
    if head.startswith(_HTML_STARTS):
        return "an HTML page"
    if head.startswith(b"<"):
        return "XML"
    if head.startswith((b"{", b"[")):
        return "JSON"
    return f"{len(data)} bytes of neither JSON nor XML"


def load_json(data: bytes) -> tuple[Any, str | None]:
    """Parse ``data`` as JSON: ``(value, None)``, or ``(None, what it is instead)``."""
    try:
        return json.loads(data.decode("utf-8-sig")), None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
        found = describe_body(data)
        return None, "JSON that does not parse (truncated?)" if found == "JSON" else found


def text(value: object) -> str | None:
    """A non-blank string as given, or ``None`` (numbers become their decimal text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def identifier(value: object) -> str | None:
    """An ATS id (string or integer) as trimmed text, or ``None``."""
    found = text(value)
    return found.strip() if found is not None else None


def amount(value: object) -> tuple[Decimal | None, str | None]:
    """A pay amount given as a number or a numeric string: ``(amount, None)`` or ``(None, why not)``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None, f"{value!r} is not a number"
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None, f"{value!r} is not a number"
    if not number.is_finite() or number < 0:
        return None, f"{value!r} is not an amount"
    return number, None


def timestamp(value: object) -> tuple[dt.datetime | None, str | None]:
    """An ISO 8601 time or "YYYY-MM-DD hh:mm:ss UTC": ``(aware datetime, None)`` or ``(None, why not)``."""
    raw = text(value)
    if raw is None:
        return None, None
    cleaned = raw.strip()
    if cleaned.endswith(" UTC"):
        cleaned = cleaned[: -len(" UTC")] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        return None, f"{raw!r} is not a date and time (expected ISO 8601 or 'YYYY-MM-DD hh:mm:ss UTC')"
    if moment.tzinfo is None:
        return None, f"{raw!r} has no time zone"
    return moment, None


def field(mapping: object, key: str) -> object:
    """``mapping[key]`` when ``mapping`` is a JSON object, else ``None``."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def account_label(account: str) -> str:
    """``account`` as one DNS label of the ATS's host: "/", "?", "@" and ":" cannot change the host."""
    return quote(account.strip(), safe="")
