"""Posting front matter through ``load_posting``: exact messages at exact lines.

Lines of the standard test posting (``tests.conftest.POSTING``)::

     1 ---                     9   currency: USD
     2 title: Data Engineer   10   period: year
     3 department: ...        11 benefits:
     4 locations:             12   - Health insurance
     5   - Ann Arbor, MI, US  13 date_posted: 2026-11-20
     6 salary:                14 valid_through: 2027-01-31
     7   min: 100000          15 apply_url: ...
     8   max: 120000          16 ---   (fields added by ``posting(new=...)`` go here, pushing it down)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from sitegen.config import Config, parse_config
from sitegen.content.loader import load_posting
from sitegen.errors import Diagnostic
from sitegen.model import Place, Posting, Remote, Salary
from tests.conftest import CONFIG, NOW, posting

TODAY = NOW.date()
FILE = "content/jobs/x.md"
Loader = Callable[..., tuple[Posting | None, list[Diagnostic]]]


def make_config(text: str = CONFIG) -> Config:
    config, diagnostics = parse_config(text)
    assert config is not None, diagnostics
    return config


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    """Write ``text`` to content/jobs/<name> and load it as of ``NOW``."""

    def run(
        text: str | bytes, *, name: str = "x.md", config: Config | None = None, today: dt.date = TODAY
    ) -> tuple[Posting | None, list[Diagnostic]]:
        path = tmp_path / "content" / "jobs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return load_posting(path, tmp_path, config or make_config(), today)

    return run


def errors_of(load: Loader, text: str, **options: object) -> list[str]:
    """The formatted errors for a posting that must be rejected."""
    result, diagnostics = load(text, **options)
    assert result is None, "a posting with errors must not be returned"
    return [d.format() for d in diagnostics if d.is_error]


def loaded(load: Loader, text: str, **options: object) -> Posting:
    """A posting that must load, with no errors (warnings allowed)."""
    result, diagnostics = load(text, **options)
    assert [d.format() for d in diagnostics if d.is_error] == []
    assert result is not None
    return result


def with_salary(**fields: str) -> str:
    """The standard posting with salary lines (min, max, currency, period) replaced."""
    text = posting()
    for key, value in fields.items():
        old = next(line for line in text.splitlines() if line.startswith(f"  {key}:"))
        text = text.replace(old, f"  {key}: {value}".rstrip(), 1)
    return text


# --- the baseline -------------------------------------------------------------------


def test_standard_posting_loads_without_diagnostics(load: Loader) -> None:
    result, diagnostics = load(posting())
    assert diagnostics == []
    assert result is not None
    assert (result.source, result.slug, result.title, result.department) == (
        FILE,
        "x",
        "Data Engineer",
        "Engineering",
    )
    assert result.locations == (Place("US", "Ann Arbor", "MI", country_name="United States"),)
    assert result.salary == Salary(Decimal(100000), Decimal(120000), "USD", "year")
    assert result.employment_types == ("full-time",)
    assert (result.date_posted, result.valid_through) == (dt.date(2026, 11, 20), dt.date(2027, 1, 31))


# --- field by field ------------------------------------------------------------------


def test_salary_min_not_a_number(load: Loader) -> None:
    assert errors_of(load, with_salary(min="abc")) == [f"{FILE}:7: salary.min: expected a number, got 'abc'"]


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("titel", "Data Engineer", "did you mean 'title'?"),
        ("depatment", "Engineering", "did you mean 'department'?"),
        ("deadline", "2027-01-31", "did you mean 'valid_through'?"),
        ("type", "full-time", "did you mean 'employment_type'?"),
    ],
)
def test_misspelt_or_aliased_key_gets_a_suggestion(load: Loader, key: str, value: str, hint: str) -> None:
    assert errors_of(load, posting(**{key: value})) == [f"{FILE}:16: {key}: unknown key ({hint})"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("full tme", "did you mean 'full-time'?"),
        (
            "banana",
            "expected one of: contract, full-time, intern, other, part-time, per-diem, temporary, volunteer",
        ),
    ],
)
def test_unknown_employment_type(load: Loader, value: str, hint: str) -> None:
    assert errors_of(load, posting(employment_type=value)) == [
        f"{FILE}:16: employment_type: unknown value '{value}' ({hint})"
    ]


@pytest.mark.parametrize(
    ("field", "line", "value"), [("date_posted", 13, "2026-02-30"), ("valid_through", 14, "2027-02-29")]
)
def test_impossible_date(load: Loader, field: str, line: int, value: str) -> None:
    assert errors_of(load, posting(**{field: value})) == [
        f"{FILE}:{line}: {field}: '{value}' is not a real date (expected YYYY-MM-DD)"
    ]


def test_date_that_is_not_a_date(load: Loader) -> None:
    assert errors_of(load, posting(date_posted="next monday")) == [
        f"{FILE}:13: date_posted: expected a date like 2026-11-20, got 'next monday'"
    ]


def test_valid_through_before_date_posted(load: Loader) -> None:
    assert errors_of(load, posting(valid_through="2026-11-01")) == [
        f"{FILE}:14: valid_through: 2026-11-01 is before date_posted 2026-11-20 (a posting must end after it starts)"
    ]


@pytest.mark.parametrize("amount", ["-5", "0"])
def test_salary_must_be_positive(load: Loader, amount: str) -> None:
    assert errors_of(load, with_salary(min=amount)) == [
        f"{FILE}:7: salary.min: must be a positive amount, got {amount}"
    ]


def test_salary_max_below_min(load: Loader) -> None:
    assert errors_of(load, with_salary(max="90000")) == [
        f"{FILE}:8: salary.max: maximum 90000 is less than minimum 100000 (swap them)"
    ]


def test_unknown_salary_currency(load: Loader) -> None:
    assert errors_of(load, with_salary(currency="XYZ")) == [
        f"{FILE}:9: salary.currency: unknown currency 'XYZ' (an ISO 4217 code like USD, EUR or GBP)"
    ]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("164,000", Decimal(164000)),
        ("164_000", Decimal(164000)),
        ("164k", Decimal(164000)),
        # the same groupings as in one-line salaries: 164.000 was read as 164
        ("164.000", Decimal(164000)),
        ("164 000", Decimal(164000)),
        ("164\u202f000", Decimal(164000)),
        ("164'000", Decimal(164000)),
        ("1,64,000", Decimal(164000)),
        ("164.000,50", Decimal("164000.50")),
        ("164,000.50", Decimal("164000.50")),
        ("1.5k", Decimal(1500)),
    ],
)
def test_salary_numbers_as_people_write_them(load: Loader, amount: str, expected: Decimal) -> None:
    result = loaded(load, with_salary(min=amount, max="200000"))
    assert result.salary is not None
    assert result.salary.minimum == expected


@pytest.mark.parametrize("amount", ["1.2.3", "16,40,00", "164 00", "1,000.000,5"])
def test_salary_numbers_with_impossible_grouping_are_rejected(load: Loader, amount: str) -> None:
    assert errors_of(load, with_salary(min=f"'{amount}'")) == [
        f"{FILE}:7: salary.min: expected a number, got '{amount}'"
    ]


def test_salary_with_only_min_is_a_single_amount(load: Loader) -> None:
    text = posting(salary="\n  min: 45.50\n  period: hour")
    assert loaded(load, text).salary == Salary(Decimal("45.50"), Decimal("45.50"), "USD", "hour")


def test_unknown_country_in_location_text(load: Loader) -> None:
    assert errors_of(load, posting(locations="\n  - Springfield, IL, ZZ")) == [
        f"{FILE}:5: locations[1]: unknown country 'ZZ' "
        "(end with an ISO country code, like 'Ann Arbor, MI, US' or 'Munich, DE')"
    ]


def test_location_mapping_without_country(load: Loader) -> None:
    assert errors_of(load, posting(locations="\n  - city: Oslo\n    region: Oslo")) == [
        f"{FILE}:5: locations[1].country: missing (an ISO country code like US or DE)"
    ]


def test_remote_is_not_a_place(load: Loader) -> None:
    assert errors_of(load, posting(locations="\n  - Remote")) == [
        f"{FILE}:5: locations[1]: 'Remote' is not a place (for a remote role, write the countries applicants may "
        "live in, like 'remote: US' or 'remote: [US, CA]', instead of listing it under locations)"
    ]


@pytest.mark.parametrize(
    ("place", "field", "remote"),
    [
        ("\n  - Remote, Germany", "locations[1]", "DE"),  # was published as a city called "Remote"
        ("\n  - Remote (US)", "locations[1]", "US"),
        ("\n  - US - Remote", "locations[1]", "US"),
        ("\n  - Remote - US or Canada", "locations[1]", "[US, CA]"),
        ("\n  - fully remote", "locations[1]", None),
        ("\n  - Work from home, GB", "locations[1]", "GB"),
        ("\n  - city: Remote\n    country: NO", "locations[1].city", "NO"),
    ],
)
def test_remote_wording_as_a_place_suggests_the_remote_value(
    load: Loader, place: str, field: str, remote: str | None
) -> None:
    errors = errors_of(load, posting(locations=place))
    assert len(errors) == 1 and errors[0].startswith(f"{FILE}:5: {field}: ")
    assert f"'remote: {remote}'" in errors[0] if remote else "'remote: US' or 'remote: [US, CA]'" in errors[0]


def test_remote_maybe(load: Loader) -> None:
    assert errors_of(load, posting(remote="maybe")) == [
        f"{FILE}:16: remote: expected the countries applicants may live in, like US or [US, CA], or false, got 'maybe'"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("NO", Remote(True, ("NO",), ("Norway",))),
        ("'NO'", Remote(True, ("NO",), ("Norway",))),
        ("no", Remote()),
        ("No", Remote()),
        ("false", Remote()),
        ("yes", Remote(True)),
        ("worldwide", Remote(True)),
        ("US", Remote(True, ("US",), ("United States",))),
        ("[US, CA, US]", Remote(True, ("US", "CA"), ("United States", "Canada"))),
    ],
)
def test_remote_values(load: Loader, value: str, expected: Remote) -> None:
    assert loaded(load, posting(remote=value)).remote == expected


def test_fully_remote_posting_needs_no_location(load: Loader) -> None:
    result = loaded(load, posting(locations="<drop>", remote="US"))
    assert (result.locations, result.workplace) == ((), "remote")


def test_country_no_in_a_location_mapping_is_norway(load: Loader) -> None:
    result = loaded(load, posting(locations="\n  - city: Oslo\n    country: NO"))
    assert result.locations == (Place("NO", "Oslo", country_name="Norway"),)


@pytest.mark.parametrize("code", ["01234", "02134", "0800"])
def test_postal_code_keeps_its_leading_zero(load: Loader, code: str) -> None:
    result = loaded(load, posting(locations=f"\n  - city: Somewhere\n    postal_code: {code}\n    country: DE"))
    assert result.locations[0].postal_code == code


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("title", "the job title, e.g. 'Data Engineer'"),
        ("department", "e.g. 'Engineering'"),
        ("date_posted", "the date the job was first published, e.g. 2026-11-20"),
    ],
)
def test_missing_required_field(load: Loader, field: str, hint: str) -> None:
    assert errors_of(load, posting(**{field: "<drop>"})) == [f"{FILE}:2: {field}: missing ({hint})"]


def test_missing_location_and_not_remote(load: Loader) -> None:
    assert errors_of(load, posting(locations="<drop>")) == [
        f"{FILE}:2: locations: missing "
        "(give an office like 'Ann Arbor, MI, US', or 'remote: US' for a fully remote role)"
    ]


def test_both_location_and_locations(load: Loader) -> None:
    assert errors_of(load, posting(location="Munich, DE")) == [
        f"{FILE}:16: location: give either 'location' or 'locations', not both"
    ]


@pytest.mark.parametrize("value", ['""', "'   '"])
def test_empty_title(load: Loader, value: str) -> None:
    assert errors_of(load, posting(title=value)) == [f"{FILE}:2: title: must not be empty"]


def test_title_of_200_characters_is_allowed(load: Loader) -> None:
    assert loaded(load, posting(title="x" * 200)).title == "x" * 200


@pytest.mark.parametrize(("length", "shown"), [(201, "201"), (10_000, "10,000")])
def test_title_too_long(load: Loader, length: int, shown: str) -> None:
    assert errors_of(load, posting(title="x" * length)) == [
        f"{FILE}:2: title: too long ({shown} characters) (at most 200)"
    ]


@pytest.mark.parametrize("body", ["", "\n", "   \n\n\t\n"], ids=["nothing", "newline", "whitespace"])
def test_empty_body(load: Loader, body: str) -> None:
    head = posting().rsplit("---\n", 1)[0]
    assert errors_of(load, head + "---\n" + body) == [
        f"{FILE}:16: description: the posting has no description "
        "(write the job description in Markdown below the closing '---')"
    ]


def test_slug_defaults_to_the_file_name(load: Loader) -> None:
    assert loaded(load, posting(), name="Senior Data Engineer (München).md").slug == "senior-data-engineer-munchen"


def test_slug_override(load: Loader) -> None:
    assert loaded(load, posting(slug="senior-data-engineer")).slug == "senior-data-engineer"


@pytest.mark.parametrize("slug", ["Senior Data_Engineer", "a--b", "-lead", "data engineer"])
def test_invalid_slug(load: Loader, slug: str) -> None:
    assert errors_of(load, posting(slug=f"'{slug}'")) == [
        f"{FILE}:16: slug: expected lowercase letters, digits and single hyphens, like 'data-engineer', got '{slug}'"
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"locations": "<drop>", "location": "Ann Arbor, MI, US"},
            Place("US", "Ann Arbor", "MI", country_name="United States"),
        ),
        ({"locations": "Munich, DE"}, Place("DE", "Munich", country_name="Germany")),
        ({"locations": "Oslo, Norway"}, Place("NO", "Oslo", country_name="Norway")),
    ],
    ids=["location-string", "locations-string", "country-name"],
)
def test_location_as_one_string(load: Loader, fields: dict[str, str], expected: Place) -> None:
    assert loaded(load, posting(**fields)).locations == (expected,)


def test_employment_type_as_a_list(load: Loader) -> None:
    result = loaded(load, posting(employment_type="[full-time, Part Time, FULL_TIME, contractor]"))
    assert result.employment_types == ("full-time", "part-time", "contract")


def test_employment_type_list_reports_the_bad_item(load: Loader) -> None:
    assert errors_of(load, posting(employment_type="[full-time, banana]")) == [
        f"{FILE}:16: employment_type[2]: unknown value 'banana' "
        "(expected one of: contract, full-time, intern, other, part-time, per-diem, temporary, volunteer)"
    ]


def test_salary_as_a_string(load: Loader) -> None:
    result, diagnostics = load(posting(salary='"$90,000 - $110,000 per year"'))
    assert diagnostics == []
    assert result is not None
    assert result.salary == Salary(Decimal(90000), Decimal(110000), "USD", "year")


def test_salary_string_without_period_warns_and_loads(load: Loader) -> None:
    result, diagnostics = load(posting(salary="€50,000"))
    assert result is not None
    assert result.salary == Salary(Decimal(50000), Decimal(50000), "EUR", "year")
    assert [(d.format(), d.severity, d.rule) for d in diagnostics] == [
        (
            f"{FILE}:6: salary: no pay period given; read as per year (add 'per year', '/hour', ... to be explicit)",
            "warning",
            "salary-period-assumed",
        )
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("up to $100k", 'an open-ended amount is not a range (give both ends, e.g. "90,000 - 110,000 CAD per year")'),
        ("$110,000 - $90,000 per year", "maximum 90000 is less than minimum 110000 (swap them)"),
        ("$10 - €20", "mixes currencies EUR and USD (give one currency for the whole range)"),
        (
            "$1.2.3",
            "'1.2.3' is not an amount "
            '(group digits like 95,000, 95.000, 95 000 or 12,00,000, e.g. "95,000 USD per year")',
        ),
        ("competitive", "'competitive' is not an amount or a range (expected e.g. \"90,000 - 110,000 CAD per year\")"),
        (
            "kr 500,000 per year",
            "'kr' could be DKK, NOK or SEK "
            "(write the ISO code instead, like '90,000 DKK per year', or set [defaults] currency)",
        ),
    ],
)
def test_bad_salary_string(load: Loader, value: str, message: str) -> None:
    assert errors_of(load, posting(salary=f"'{value}'")) == [f"{FILE}:6: salary: {message}"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"50,000 - 60,000 MAD"', Salary(Decimal(50000), Decimal(60000), "MAD", "year")),
        ('"90,000 - 110,000 CAD"', Salary(Decimal(90000), Decimal(110000), "CAD", "year")),
        ('"₹12,00,000 - ₹18,00,000 per year"', Salary(Decimal(1200000), Decimal(1800000), "INR", "year")),
    ],
)
def test_salary_strings_from_the_issue(load: Loader, value: str, expected: Salary) -> None:
    assert loaded(load, posting(salary=value)).salary == expected


# --- warnings ------------------------------------------------------------------------


def test_warnings_are_warnings_not_errors(load: Loader) -> None:
    result, diagnostics = load(posting(salary="<drop>", valid_through="<drop>", date_posted="2026-08-01"))
    assert result is not None
    assert [(d.format(), d.severity, d.rule) for d in diagnostics] == [
        (
            f"{FILE}:2: salary: no salary given "
            "(pay-transparency laws in many places require a range, and Google shows it)",
            "warning",
            "no-salary",
        ),
        (
            f"{FILE}:2: valid_through: no end date (set valid_through, or [defaults] valid_for_days in sitegen.toml)",
            "warning",
            "no-valid-through",
        ),
        (
            f"{FILE}:8: date_posted: posted 116 days ago (is the role still open? update or remove it)",
            "warning",
            "stale-posting",
        ),
    ]


@pytest.mark.parametrize(
    ("date_posted", "stale"), [("2026-09-26", False), ("2026-09-25", True)], ids=["60-days", "61-days"]
)
def test_stale_after_60_days(load: Loader, date_posted: str, stale: bool) -> None:
    _, diagnostics = load(posting(date_posted=date_posted))
    assert any(d.rule == "stale-posting" for d in diagnostics) is stale


def test_valid_for_days_default_sets_valid_through_and_silences_its_warning(load: Loader) -> None:
    config = make_config(CONFIG + "valid_for_days = 30\n")
    result, diagnostics = load(posting(valid_through="<drop>"), config=config)
    assert result is not None
    assert result.valid_through == dt.date(2026, 12, 20)
    assert diagnostics == []


def test_expired_posting_gets_no_warnings(load: Loader) -> None:
    text = posting(salary="<drop>", date_posted="2026-01-01", valid_through="2026-02-01")
    result, diagnostics = load(text)
    assert result is not None
    assert diagnostics == []


# --- everything at once --------------------------------------------------------------


def test_several_problems_in_one_file_are_all_reported(load: Loader) -> None:
    text = with_salary(min="abc").replace("title: Data Engineer", 'title: ""').replace("2026-11-20", "2026-13-01")
    text = text.replace("---\nBuild", "remote: maybe\ntitel: x\n---\nBuild")
    assert sorted(errors_of(load, text)) == sorted(
        [
            f"{FILE}:2: title: must not be empty",
            f"{FILE}:7: salary.min: expected a number, got 'abc'",
            f"{FILE}:13: date_posted: '2026-13-01' is not a real date (expected YYYY-MM-DD)",
            f"{FILE}:16: remote: expected the countries applicants may live in, like US or [US, CA], or false, "
            "got 'maybe'",
            f"{FILE}:17: titel: unknown key (did you mean 'title'?)",
        ]
    )


# --- real bugs: documented, not fixed here -------------------------------------------


@pytest.mark.parametrize("field", ["title", "department", "date_posted"])
def test_required_field_with_empty_value_is_reported_not_a_crash(load: Loader, field: str) -> None:
    result, diagnostics = load(posting(**{field: ""}))
    assert result is None
    assert any(d.is_error and d.field == field and d.line for d in diagnostics)


def test_empty_employment_type_list_is_reported_not_a_crash(load: Loader) -> None:
    result, diagnostics = load(posting(employment_type="[]"))
    assert result is None
    assert any(d.is_error and d.field == "employment_type" for d in diagnostics)


def test_empty_salary_min_is_reported(load: Loader) -> None:
    result, diagnostics = load(with_salary(min=""))
    assert result is None
    assert any(d.is_error and d.field == "salary.min" and d.line == 7 for d in diagnostics)


def test_empty_apply_url_without_default_email_is_reported(load: Loader) -> None:
    config = make_config(CONFIG.replace('apply_email = "jobs@acme.example"\n', ""))
    result, diagnostics = load(posting(apply_url=""), config=config)
    assert result is None
    assert any(d.is_error and d.field == "apply_url" for d in diagnostics)


@pytest.mark.parametrize(
    ("fields", "defaults", "expected"),
    [
        ({}, "", False),  # not said: Google's directApply is only claimed when the author says so
        ({"direct_apply": "true"}, "", True),
        ({}, "direct_apply = true\n", True),
        ({"direct_apply": "false"}, "direct_apply = true\n", False),
        ({"apply_url": "<drop>", "apply_email": "hr@acme.example"}, "direct_apply = true\n", False),
        ({"apply_url": "<drop>"}, "direct_apply = true\n", False),  # [defaults] apply_email: by email too
    ],
    ids=["unset", "set", "site-default", "posting-overrides-default", "email-never-direct", "default-email"],
)
def test_direct_apply_is_always_decided(load: Loader, fields: dict[str, str], defaults: str, expected: bool) -> None:
    result, diagnostics = load(posting(**fields), config=make_config(CONFIG + defaults))
    assert result is not None, diagnostics
    assert result.direct_apply is expected
    assert not [d for d in diagnostics if d.field == "direct_apply"]


def test_direct_apply_with_email_applications_warns_and_is_not_claimed(load: Loader) -> None:
    result, diagnostics = load(posting(apply_url="<drop>", apply_email="hr@acme.example", direct_apply="true"))
    assert result is not None and result.direct_apply is False
    assert [(d.format(), d.severity) for d in diagnostics if d.field == "direct_apply"] == [
        (
            f"{FILE}:16: direct_apply: applications go by email, which Google does not count as direct apply "
            "(remove direct_apply, or give an apply_url whose page takes the whole application)",
            "warning",
        )
    ]


def test_defaults_direct_apply_must_be_a_boolean() -> None:
    _, diagnostics = parse_config(CONFIG + 'direct_apply = "sometimes"\n')
    assert [d.format() for d in diagnostics] == [
        f"sitegen.toml:{CONFIG.count(chr(10)) + 1}: defaults.direct_apply: expected true or false, got 'sometimes'"
    ]
