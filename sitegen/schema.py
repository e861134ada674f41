"""Typed readers over the located tree, collecting diagnostics instead of raising.

A ``Reader`` is bound to one file. Each ``read_*`` method returns the converted value or
``None`` after recording a ``path:line: field: expected ..., got ...`` diagnostic.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TypeVar

from sitegen.errors import Diagnostic, did_you_mean
from sitegen.tree import Map, Node, Scalar, Seq, describe
from sitegen.weburl import web_url_problem

T = TypeVar("T")

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
# Control characters (other than tab and newline) are invalid in XML (feed.xml) and HTML text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
# Years outside this range are typos (0226, 20226), and date arithmetic near year 9999 overflows.
YEARS = range(1900, 3000)


class Reader:
    """Converts tree nodes into Python values for one file, recording every problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    # -- reporting --------------------------------------------------------------

    def error(self, line: int | None, field: str | None, message: str, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, field, message, hint))

    def warning(
        self, line: int | None, field: str | None, message: str, hint: str | None = None, rule: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, field, message, hint, "warning", rule))

    def expected(self, node: Node, field: str, what: str, hint: str | None = None) -> None:
        self.error(node.line, field, f"expected {what}, got {describe(node)}", hint)

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    # -- structure --------------------------------------------------------------

    def mapping(self, node: Node | None, field: str, what: str = "a mapping of keys to values") -> Map | None:
        if node is None:
            return None
        if isinstance(node, Map):
            return node
        self.expected(node, field, what)
        return None

    def check_keys(
        self,
        mapping: Map,
        allowed: Iterable[str],
        prefix: str = "",
        aliases: Mapping[str, str] | None = None,
        examples: Mapping[str, str] | None = None,
    ) -> None:
        """Report unknown keys, with a "did you mean" from the allowed keys or known aliases.

        ``examples`` gives a line to show with an alias whose value is written differently
        (``city: Oslo`` means ``locations: Oslo, NO``), so the suggestion leads to a valid value.
        """
        allowed = list(allowed)
        for key, entry in mapping.entries.items():
            if key in allowed:
                continue
            hint = None
            if aliases and key.lower() in aliases:
                target = aliases[key.lower()]
                example = (examples or {}).get(target)
                hint = f"did you mean '{target}'?" + (f" e.g. '{example}'" if example else "")
            hint = hint or did_you_mean(key, allowed)
            if hint is None:
                hint = "known keys: " + ", ".join(allowed)
            self.error(entry.key_line, prefix + key, "unknown key", hint)

    def list_of(
        self,
        node: Node | None,
        field: str,
        read_item: Callable[[Node, str], T | None],
        *,
        allow_single: bool = True,
    ) -> list[T] | None:
        """A list, each item read by ``read_item``; a single value counts as a one-item list."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if isinstance(node, Seq):
            items = [read_item(item, f"{field}[{i + 1}]") for i, item in enumerate(node.items)]
            return [item for item in items if item is not None]
        if allow_single and not isinstance(node, Map):
            item = read_item(node, field)
            return [item] if item is not None else []
        self.expected(node, field, "a list")
        return None

    # -- scalars ----------------------------------------------------------------

    def text(self, node: Node | None, field: str, *, required: bool = False, max_length: int = 0) -> str | None:
        """A string. YAML numbers and booleans are kept as the text the author typed."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if not isinstance(node, Scalar):
            self.expected(node, field, "text")
            return None
        if not node.from_yaml and not isinstance(node.value, str):
            self.expected(node, field, "a quoted string")
            return None
        value = str(node.value).strip()
        control = _CONTROL.search(value)
        if control:
            self.error(node.line, field, f"contains a control character (U+{ord(control.group()):04X})", "remove it")
            return None
        if required and not value:
            self.error(node.line, field, "must not be empty")
            return None
        if max_length and len(value) > max_length:
            self.error(node.line, field, f"too long ({len(value):,} characters)", f"at most {max_length}")
            return None
        return value

    def boolean(self, node: Node | None, field: str) -> bool | None:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if isinstance(node, Scalar):
            if isinstance(node.value, bool):
                return node.value
            if node.from_yaml and node.plain:
                word = str(node.value).lower()
                if word in _TRUE:
                    return True
                if word in _FALSE:
                    return False
        self.expected(node, field, "true or false")
        return None

    def number(self, node: Node | None, field: str) -> Decimal | None:
        """A number; accepts ``164000``, ``164,000``, ``164_000``, ``45.50`` and ``164k``."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if isinstance(node, Scalar):
            value = parse_number(node.value)
            if value is not None:
                return value
        self.expected(node, field, "a number")
        return None

    def integer(
        self, node: Node | None, field: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        value: int | None = None
        if isinstance(node, Scalar):
            if isinstance(node.value, int) and not isinstance(node.value, bool):
                value = node.value
            elif node.from_yaml and re.fullmatch(r"[+-]?\d+", str(node.value).replace("_", "")):
                value = int(str(node.value).replace("_", ""))
        if value is None:
            self.expected(node, field, "a whole number")
            return None
        if minimum is not None and value < minimum:
            self.error(node.line, field, f"must be at least {minimum}, got {value}")
            return None
        if maximum is not None and value > maximum:
            self.error(node.line, field, f"must be at most {maximum:,}, got {value:,}")
            return None
        return value

    def date(self, node: Node | None, field: str) -> dt.date | None:
        """A calendar date, from a YAML/TOML date or an ISO string (a time of day is ignored)."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        if isinstance(node, Scalar):
            value = node.value
            parsed = value.date() if isinstance(value, dt.datetime) else value if isinstance(value, dt.date) else None
            if isinstance(value, str):
                parsed = parse_date(value)
            if parsed is not None:
                if parsed.year not in YEARS:
                    self.error(node.line, field, f"{parsed.isoformat()} is not a plausible date", "check the year")
                    return None
                return parsed
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}.*", value.strip()):
                self.error(node.line, field, f"{value.strip()!r} is not a real date", "expected YYYY-MM-DD")
                return None
        self.expected(node, field, "a date like 2026-11-20")
        return None

    def url(self, node: Node | None, field: str) -> str | None:
        value = self.text(node, field)
        if value is None or node is None:
            return None
        if not _URL.match(value):
            self.expected(node, field, "an http:// or https:// address")
            return None
        problem = web_url_problem(value)
        if problem is not None:
            self.error(node.line, field, f"{value!r} {problem}", "expected an address like https://www.example.com/")
            return None
        return value

    def email(self, node: Node | None, field: str) -> str | None:
        value = self.text(node, field)
        if value is None or node is None:
            return None
        value = value.removeprefix("mailto:")
        if not _EMAIL.match(value):
            self.expected(node, field, "an email address like jobs@example.com")
            return None
        return value

    def choice(self, node: Node | None, field: str, choices: Mapping[str, str]) -> str | None:
        """One of a fixed set of words; ``choices`` maps accepted spellings to canonical values."""
        value = self.text(node, field)
        if value is None or node is None:
            return None
        key = normalise_word(value)
        if key in choices:
            return choices[key]
        canonical = sorted(set(choices.values()))
        close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.6)
        # Suggest what the close spelling stands for: 'fulltme' -> 'full-time', not 'fulltime'.
        hint = f"did you mean '{choices[close[0]]}'?" if close else "expected one of: " + ", ".join(canonical)
        self.error(node.line, field, f"unknown value {value!r}", hint)
        return None


def normalise_word(value: str) -> str:
    """``Full Time`` / ``FULL_TIME`` / ``full-time`` all become ``full-time``."""
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def parse_number(value: object) -> Decimal | None:
    """Parse a number as people write it in salaries; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    text = value.strip().replace("_", "")
    multiplier = Decimal(1)
    if text[-1:] in ("k", "K"):
        multiplier, text = Decimal(1000), text[:-1]
    sign = -1 if text[:1] == "-" else 1
    number = parse_digits(text[1:] if text[:1] in "+-" else text)
    return None if number is None else sign * number * multiplier


_DIGITS = re.compile(r"[0-9]+(?:[.,'’\s][0-9]+)*")


def parse_digits(text: str) -> Decimal | None:
    """A number grouped as people write it: 1,000,000 / 1.000.000 / 1 000 000 (no-break and thin
    spaces too) / 1'000'000 / 12,00,000 (Indian), with decimals after '.' or ','. A single '.' or
    ',' before three digits groups (164.000 is 164 thousand); None for anything else ("1.2.3")."""
    if not _DIGITS.fullmatch(text):
        return None
    separators = re.findall(r"[^0-9]", text)
    groups = re.split(r"[^0-9]", text)
    fraction = ""
    if separators and separators[-1] in ".,":
        last = separators[-1]
        two_kinds = len(set(separators)) > 1 and separators.count(last) == 1
        if two_kinds or (len(separators) == 1 and len(groups[-1]) != 3):
            fraction, groups, separators = groups[-1], groups[:-1], separators[:-1]
    if separators and (len(set(separators)) > 1 or not _grouped(groups, indian=separators[0] == ",")):
        return None
    return Decimal(f"{''.join(groups)}.{fraction}" if fraction else "".join(groups))


def _grouped(groups: list[str], *, indian: bool) -> bool:
    """Thousands (1,234,567), or with commas Indian lakhs and crores (12,34,567)."""
    first, *middle, last = groups
    if not 1 <= len(first) <= 3 or len(last) != 3:
        return False
    if all(len(group) == 3 for group in middle):
        return True
    return indian and len(first) <= 2 and all(len(group) == 2 for group in middle)


def parse_date(value: str) -> dt.date | None:
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None
