"""Reading an ATS's JSON body defensively: fields of the wrong type are absent, never an exception.

Every JSON mapper needs the same few things: decode the body (or say in one line why it is not
JSON), read a text, a number or a date that may be missing or of another type, and build HTML from
plain text. They live here so each mapper reads as a list of field mappings.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from typing import Any

from sitegen.importers._values import identifier
from sitegen.importers.base import ImportProblem, RawJob

JsonObject = dict[str, Any]


def load_json(data: bytes, ats: str) -> tuple[Any, ImportProblem | None]:
    """The decoded body, or a problem saying that the body is not JSON (HTML, garbage, truncated)."""
    if not data.strip():
        return None, ImportProblem(f"the {ats} response is empty (expected JSON)")
    try:
        return json.loads(data), None
    except UnicodeDecodeError:
        return None, ImportProblem(f"the {ats} response is not UTF-8 text (expected JSON)")
    except RecursionError:
        return None, ImportProblem(f"the {ats} response is nested too deeply to read (expected JSON)")
    except ValueError as error:
        start = data.lstrip()[:1]
        if start == b"<":
            what = "HTML or XML, not JSON (is the board name right, or is a proxy answering?)"
        elif start in (b"{", b"["):
            what = f"JSON cut short or broken ({error})"
        else:
            what = "not JSON"
        return None, ImportProblem(f"the {ats} response is {what}")


def text(obj: JsonObject, key: str) -> str | None:
    """``obj[key]`` if it is a non-blank string, else None."""
    value = obj.get(key)
    if isinstance(value, str) and value.strip():
        return value
    return None


def ident(obj: JsonObject, key: str) -> str | None:
    """An id that an ATS may give as a string or an integer, as trimmed text; None when missing or blank."""
    return identifier(obj.get(key))


def obj_at(obj: JsonObject, key: str) -> JsonObject:
    """``obj[key]`` if it is an object, else an empty one."""
    value = obj.get(key)
    return value if isinstance(value, dict) else {}


def list_at(obj: JsonObject, key: str) -> list[Any]:
    """``obj[key]`` if it is a list, else an empty one."""
    value = obj.get(key)
    return value if isinstance(value, list) else []


def flag(obj: JsonObject, key: str) -> bool | None:
    """``obj[key]`` if it is a boolean, else None (not said)."""
    value = obj.get(key)
    return value if isinstance(value, bool) else None


def number(value: Any) -> Decimal | None:
    """A JSON number (or a numeric string) as a Decimal; None for anything else, NaN or infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def iso_datetime(value: Any) -> dt.datetime | dt.date | None:
    """An ISO 8601 date or date-time ("2026-04-07T17:12:35.753+00:00", "...Z", "2026-07-30").

    Returns None for anything else; a date-time without an offset is taken as UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    try:
        if len(raw) == 10:
            return dt.date.fromisoformat(raw)
        parsed = dt.datetime.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def epoch_millis(value: Any) -> dt.datetime | None:
    """Epoch milliseconds (Lever's ``createdAt``) as a UTC date-time; None if not a plausible number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None


def plain_to_html(plain: str) -> str:
    """Plain text as HTML paragraphs (blank lines separate paragraphs, other newlines are breaks)."""
    paragraphs = [p.strip() for p in plain.replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs if p)


def first_text(*values: str | None) -> str | None:
    """The first value that is not None."""
    return next((value for value in values if value is not None), None)


def unique(values: list[str]) -> tuple[str, ...]:
    """``values`` without repeats (compared trimmed), first occurrence first."""
    seen: set[str] = set()
    result = []
    for value in values:
        key = value.strip()
        if key and key not in seen:
            seen.add(key)
            result.append(value)
    return tuple(result)


def job_label(job: JsonObject, index: int, title_key: str) -> str:
    """How a problem names a job that has no usable id: its position and its title if any."""
    title = text(job, title_key)
    return f"#{index + 1}" + (f" ({title.strip()!r})" if title else "")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def html_text(fragment: str | None) -> str | None:
    """The text of an HTML fragment, whitespace collapsed; None when there is none."""
    if fragment is None:
        return None
    parser = _TextOnly()
    try:
        parser.feed(fragment)
        parser.close()
    except (AssertionError, ValueError):  # html.parser's verdict on some broken markup
        return None
    return " ".join(" ".join(parser.chunks).split()) or None


def first_of_each_id(jobs: list[RawJob], ats: str) -> tuple[list[RawJob], list[ImportProblem]]:
    """The jobs with an id seen before dropped, each with a problem (one file per id downstream)."""
    kept: dict[str, RawJob] = {}
    problems = []
    for job in jobs:
        if job.ats_id in kept:
            problems.append(
                ImportProblem(
                    f"{ats} id {job.ats_id} appears twice; the second ({job.title.strip()!r}) is skipped", job.ats_id
                )
            )
        else:
            kept[job.ats_id] = job
    return list(kept.values()), problems


def read_jobs(
    items: list[Any], read_one: Callable[[Any, int], tuple[RawJob | None, list[ImportProblem]]], ats: str
) -> tuple[list[RawJob], list[ImportProblem]]:
    """Every item read by ``read_one`` (a job, or ``None`` with the problems why not), one job per id."""
    jobs: list[RawJob] = []
    problems: list[ImportProblem] = []
    for index, item in enumerate(items):
        job, job_problems = read_one(item, index)
        problems.extend(job_problems)
        if job is not None:
            jobs.append(job)
    jobs, repeats = first_of_each_id(jobs, ats)
    return jobs, problems + repeats
