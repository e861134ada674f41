"""The posting schema: front-matter fields to a validated ``Posting``.

One pass reads every field, reports every problem with its line, then checks
fields against each other (dates, salary range).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from decimal import Decimal

from sitegen.config import EMPLOYMENT_SPELLINGS, Config
from sitegen.content.locations import read_locations, read_remote
from sitegen.content.pitfalls import warn_yaml_pitfalls
from sitegen.content.places import is_currency
from sitegen.content.salary import PERIOD_SPELLINGS, SalaryError, parse_salary_text
from sitegen.content.search_words import words_of
from sitegen.content.translations import read_language_field
from sitegen.i18n.languages import language_path
from sitegen.model import Posting, Salary
from sitegen.schema import Reader
from sitegen.slugs import SLUG_PATTERN, is_reserved
from sitegen.tree import Map, Node, Scalar, Seq

POSTING_KEYS = (
    "title", "slug", "department", "team", "employment_type", "location", "locations", "remote",
    "salary", "benefits", "date_posted", "valid_through", "apply_url", "apply_email", "identifier",
    "direct_apply", "draft", "ignore_checks", "workplace", "workplace_note", "language", "translation_key",
)  # fmt: skip

# Keys people reach for that mean one of ours.
KEY_ALIASES = {
    "type": "employment_type", "job_type": "employment_type", "employment": "employment_type",
    "dept": "department", "apply": "apply_url", "apply_link": "apply_url", "url": "apply_url",
    "link": "apply_url", "email": "apply_email", "expires": "valid_through", "deadline": "valid_through",
    "closing_date": "valid_through", "expiry": "valid_through", "date": "date_posted", "posted": "date_posted",
    "pay": "salary", "compensation": "salary", "salary_range": "salary", "perks": "benefits",
    "name": "title", "job_title": "title", "city": "locations", "office": "locations",
}  # fmt: skip
# For aliases whose values are written differently: "city: Oslo" is not a valid "locations: Oslo".
ALIAS_EXAMPLES = {"locations": "locations: Ann Arbor, MI, US"}

# Fields that take a list (a single value counts as a one-item list).
LIST_KEYS = frozenset({"locations", "location", "benefits", "employment_type", "remote", "ignore_checks"})
# Fields of free text at any depth, where "#2" may belong to the value (see content/pitfalls.py).
TEXT_KEYS = frozenset({"title", "department", "team", "benefits", "identifier", "city", "region", "street",
                       "workplace_note"})  # fmt: skip
WORKPLACE_SPELLINGS = {
    "onsite": "on-site", "on-site": "on-site", "office": "on-site", "in-office": "on-site", "inoffice": "on-site",
    "hybrid": "hybrid", "remote": "remote",
}  # fmt: skip
SALARY_KEYS = ("min", "max", "currency", "period")
TITLE_MAX = 200
SALARY_LIMIT = Decimal(10**12)  # above any real pay in any currency; larger numbers break formatting
STALE_AFTER_DAYS = 60


def read_posting(
    root: Node | None,
    reader: Reader,
    *,
    file_slug: str,
    body_markdown: str,
    body_html: str,
    body_line: int,
    config: Config,
    today: dt.date,
    source_hash: str = "",
    file_key: str = "",
) -> Posting | None:
    """Validate front matter into a ``Posting``; ``None`` when there were errors.

    ``file_key``: the file's translation key, for a posting that gives no ``translation_key:``.
    """
    if not isinstance(root, Map):
        if root is None:
            reader.error(1, None, "front matter is empty", "add at least title, department and date_posted")
        else:
            reader.error(
                root.line,
                None,
                "front matter must be 'key: value' lines, got a "
                + ("list" if isinstance(root, Seq) else "single value"),
            )
        return None
    reader.check_keys(root, POSTING_KEYS, aliases=KEY_ALIASES, examples=ALIAS_EXAMPLES)
    warn_yaml_pitfalls(root, reader, LIST_KEYS, TEXT_KEYS)
    lines = {key: entry.key_line for key, entry in root.entries.items()}
    fm_line = root.line

    title = reader.text(root.get("title"), "title", required=True, max_length=TITLE_MAX)
    _require(reader, root, "title", title, "the job title, e.g. 'Data Engineer'")
    department = reader.text(root.get("department"), "department", required=True)
    _require(reader, root, "department", department, "e.g. 'Engineering'")
    date_posted = reader.date(root.get("date_posted"), "date_posted")
    _require(reader, root, "date_posted", date_posted, "the date the job was first published, e.g. 2026-11-20")

    slug = _read_slug(root, reader, file_slug)
    employment_types = _read_employment_types(root, reader, config)
    locations = read_locations(root, reader)
    remote = read_remote(root.get("remote"), reader)
    salary = _read_salary(root.get("salary"), reader, config)
    benefits = reader.list_of(root.get("benefits"), "benefits", reader.text) or []
    valid_through = reader.date(root.get("valid_through"), "valid_through")
    apply_url = reader.url(root.get("apply_url"), "apply_url")
    apply_email = reader.email(root.get("apply_email"), "apply_email")
    draft = reader.boolean(root.get("draft"), "draft") or False
    direct_apply = reader.boolean(root.get("direct_apply"), "direct_apply")
    identifier = reader.text(root.get("identifier"), "identifier")
    team = reader.text(root.get("team"), "team")
    ignore_checks = reader.list_of(root.get("ignore_checks"), "ignore_checks", reader.text) or []
    workplace = reader.choice(root.get("workplace"), "workplace", WORKPLACE_SPELLINGS)
    workplace_note = reader.text(root.get("workplace_note"), "workplace_note", max_length=120)
    language = read_language_field(root, reader, config)
    translation_key = reader.text(root.get("translation_key"), "translation_key") or ""
    _check_workplace(reader, lines, workplace, bool(locations), remote.allowed)

    if "location" in root.entries and "locations" in root.entries:
        reader.error(lines["location"], "location", "give either 'location' or 'locations', not both")
    if not locations and not remote.allowed and not reader.failed:
        reader.error(
            fm_line,
            "locations",
            "missing",
            "give an office like 'Ann Arbor, MI, US', or 'remote: US' for a fully remote role",
        )
    if date_posted and valid_through and valid_through < date_posted:
        reader.error(
            lines["valid_through"],
            "valid_through",
            f"{valid_through} is before date_posted {date_posted}",
            "a posting must end after it starts",
        )
    if date_posted and valid_through is None and config.defaults.valid_for_days:
        valid_through = date_posted + dt.timedelta(days=config.defaults.valid_for_days)
    if not apply_url and not apply_email:
        apply_email = config.defaults.apply_email
        reported = any(d.field in ("apply_url", "apply_email") for d in reader.diagnostics)
        if not apply_email and not reported:
            line = lines.get("apply_url", lines.get("apply_email", fm_line))
            hint = "give apply_url or apply_email, or set [defaults] apply_email in sitegen.toml"
            reader.error(line, "apply_url", "missing", hint)
    direct_apply = _direct_apply(reader, direct_apply, apply_url, lines.get("direct_apply"), config)
    if not body_markdown.strip():
        reader.error(
            body_line - 1,
            "description",
            "the posting has no description",
            "write the job description in Markdown below the closing '---'",
        )

    if reader.failed or not (title and department and date_posted and employment_types):
        return None
    posting = Posting(
        source=reader.path,
        slug=slug,
        title=title,
        department=department,
        team=team,
        employment_types=tuple(employment_types),
        locations=tuple(locations),
        remote=remote,
        salary=salary,
        benefits=tuple(benefits),
        date_posted=date_posted,
        valid_through=valid_through,
        apply_url=apply_url,
        apply_email=None if apply_url else apply_email,
        identifier=identifier,
        direct_apply=direct_apply,
        draft=draft,
        body_markdown=body_markdown,
        body_html=body_html,
        source_hash=source_hash or hashlib.sha256(body_markdown.encode()).hexdigest(),
        check_ignore=tuple(ignore_checks),
        line_of=tuple(sorted(lines.items())),
        search_words=words_of("\n".join([body_html, *(html.escape(benefit) for benefit in benefits)])),
        workplace_kind=workplace,
        workplace_note=workplace_note,
        language=language,
        language_path=language_path(language, config.site.language) if config.languages.is_multilingual else "",
        translation_key=translation_key or file_key,
    )
    _warn(posting, reader, fm_line, today)
    return posting


def _direct_apply(reader: Reader, said: bool | None, apply_url: str | None, line: int | None, config: Config) -> bool:
    """Google's ``directApply``: what the posting says, else ``[defaults] direct_apply``.

    Applying by email is never direct (Google counts an application completed on the linked
    page), so those postings always say ``false``, with a warning when they claim otherwise.
    """
    if apply_url is None:
        if said:
            reader.warning(
                line,
                "direct_apply",
                "applications go by email, which Google does not count as direct apply",
                "remove direct_apply, or give an apply_url whose page takes the whole application",
            )
        return False
    return config.defaults.direct_apply if said is None else said


def _check_workplace(
    reader: Reader, lines: dict[str, int], workplace: str | None, has_office: bool, remote: bool
) -> None:
    """``workplace:`` must agree with ``locations`` and ``remote``.

    ``hybrid``: some days in an office, so it needs one (and ``remote`` only when working fully
    remotely is also allowed); ``remote``: needs ``remote:`` countries; ``on-site``: no ``remote``.
    """
    line = lines.get("workplace")
    if workplace == "hybrid" and not has_office:
        reader.error(line, "workplace", "a hybrid role needs its office", "add 'locations:' with the office's city")
    elif workplace == "remote" and not remote:
        hint = "add the countries applicants may live in, like 'remote: US' (Google needs them)"
        reader.error(line, "workplace", "a remote role needs 'remote:'", hint)
    elif workplace == "on-site" and remote:
        hint = "remove 'remote:', or write 'workplace: hybrid' if some days are remote"
        reader.error(lines.get("remote", line), "remote", "the role is on-site (workplace: on-site)", hint)


def _require(reader: Reader, root: Map, key: str, value: object, hint: str) -> None:
    """Report a required field that is absent or left empty (a wrong value was reported already)."""
    if value is not None:
        return
    entry = root.entries.get(key)
    if entry is None:
        reader.error(root.line, key, "missing", hint)
    elif isinstance(entry.node, Scalar) and entry.node.is_null:
        reader.error(entry.key_line, key, "is empty", hint)


def _warn(posting: Posting, reader: Reader, fm_line: int, today: dt.date) -> None:
    if posting.status(today) != "open":
        return
    if posting.salary is None:
        reader.warning(
            fm_line,
            "salary",
            "no salary given",
            "pay-transparency laws in many places require a range, and Google shows it",
            "no-salary",
        )
    if posting.valid_through is None:
        reader.warning(
            fm_line,
            "valid_through",
            "no end date",
            "set valid_through, or [defaults] valid_for_days in sitegen.toml",
            "no-valid-through",
        )
    age = (today - posting.date_posted).days
    if age > STALE_AFTER_DAYS:
        reader.warning(
            posting.line("date_posted") or fm_line,
            "date_posted",
            f"posted {age} days ago",
            "is the role still open? update or remove it",
            "stale-posting",
        )


def read_slug_field(node: Node | None, reader: Reader, folder: str) -> str | None:
    """``slug:`` of a posting or page, checked (``folder``: where its page goes, for the hint); ``None``
    when absent or wrong (reported)."""
    value = reader.text(node, "slug")
    if value is None or node is None:
        return None
    if not (SLUG_PATTERN.match(value) and len(value) <= 100):
        reader.expected(node, "slug", "lowercase letters, digits and single hyphens, like 'data-engineer'")
        return None
    if is_reserved(value):
        hint = f"Windows cannot create a folder {folder}{value}/; choose another slug"
        reader.error(node.line, "slug", f"'{value}' is a reserved name on Windows", hint)
        return None
    return value


def _read_slug(root: Map, reader: Reader, file_slug: str) -> str:
    node = root.get("slug")
    if node is not None:
        return read_slug_field(node, reader, "jobs/") or file_slug
    if not file_slug:
        reader.error(1, "slug", "cannot make a URL from the file name", "rename the file or set 'slug:'")
    elif is_reserved(file_slug):
        hint = f"Windows cannot create a folder jobs/{file_slug}/; rename the file or set 'slug:'"
        reader.error(1, "slug", f"the file name '{file_slug}' is a reserved name on Windows", hint)
    return file_slug


def _read_employment_types(root: Map, reader: Reader, config: Config) -> list[str] | None:
    node = root.get("employment_type")
    if node is None:
        return [config.defaults.employment_type]
    if isinstance(node, Seq) and not node.items:
        reader.error(node.line, "employment_type", "is empty", "e.g. full-time, or leave the line out")
        return None
    types = reader.list_of(node, "employment_type", lambda n, f: reader.choice(n, f, EMPLOYMENT_SPELLINGS))
    if types is None:
        return [config.defaults.employment_type]
    return list(dict.fromkeys(types)) or None


def _read_salary(node: Node | None, reader: Reader, config: Config) -> Salary | None:
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return None
    default_currency = config.defaults.currency
    if isinstance(node, Scalar):
        try:
            parsed = parse_salary_text(str(node.value), default_currency)
        except SalaryError as exc:
            reader.error(node.line, "salary", str(exc), exc.hint)
            return None
        if parsed.period_assumed:
            reader.warning(
                node.line,
                "salary",
                f"no pay period given; read as per {parsed.period}",
                "add 'per year', '/hour', ... to be explicit",
                "salary-period-assumed",
            )
        return _checked_salary(node, reader, parsed.minimum, parsed.maximum, parsed.currency, parsed.period)
    mapping = reader.mapping(
        node, "salary", "a mapping with min, max, currency, period, or text like '$90,000 - $110,000 per year'"
    )
    if mapping is None:
        return None
    reader.check_keys(mapping, SALARY_KEYS, prefix="salary.")
    for key in SALARY_KEYS:
        entry = mapping.entries.get(key)
        if entry and isinstance(entry.node, Scalar) and entry.node.is_null:
            reader.error(entry.key_line, f"salary.{key}", "is empty", "give a value or leave the line out")
    minimum = reader.number(mapping.get("min"), "salary.min")
    maximum = reader.number(mapping.get("max"), "salary.max")
    if "min" not in mapping.entries and "max" not in mapping.entries:
        reader.error(mapping.line, "salary.min", "missing", "give min (and max for a range)")
        return None
    currency_node = mapping.get("currency")
    currency = (reader.text(currency_node, "salary.currency") or default_currency).upper()
    if currency_node is not None and not is_currency(currency):
        reader.error(
            currency_node.line,
            "salary.currency",
            f"unknown currency {currency!r}",
            "an ISO 4217 code like USD, EUR or GBP",
        )
        return None
    period_node = mapping.get("period")
    period = reader.choice(period_node, "salary.period", PERIOD_SPELLINGS) if period_node else "year"
    if (minimum is None and maximum is None) or period is None:
        return None
    if minimum is None:
        if "min" not in mapping.entries:
            reader.error(mapping.line, "salary.min", "missing", "a range needs both ends; for one amount give only min")
        return None
    return _checked_salary(mapping, reader, minimum, maximum if maximum is not None else minimum, currency, period)


def _checked_salary(
    node: Node, reader: Reader, minimum: Decimal, maximum: Decimal, currency: str, period: str
) -> Salary | None:
    field = "salary" if isinstance(node, Scalar) else "salary.min"
    if minimum <= 0:
        reader.error(
            node.line if isinstance(node, Scalar) else _line(node, "min"),
            field,
            f"must be a positive amount, got {minimum}",
        )
        return None
    largest = max(minimum, maximum)
    if largest >= SALARY_LIMIT:
        key = "min" if largest == minimum else "max"
        reader.error(
            node.line if isinstance(node, Scalar) else _line(node, key),
            "salary" if isinstance(node, Scalar) else f"salary.{key}",
            f"{largest:,f} is not a plausible amount",
            f"expected less than {SALARY_LIMIT:,}",
        )
        return None
    if maximum < minimum:
        reader.error(
            node.line if isinstance(node, Scalar) else _line(node, "max"),
            "salary" if isinstance(node, Scalar) else "salary.max",
            f"maximum {maximum} is less than minimum {minimum}",
            "swap them",
        )
        return None
    return Salary(minimum=minimum, maximum=maximum, currency=currency, period=period)


def _line(mapping: Node, key: str) -> int:
    assert isinstance(mapping, Map)
    entry = mapping.entries.get(key)
    return entry.key_line if entry else mapping.line
