"""Pay-transparency laws: the data, who each law covers and when, and the findings they lead to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sitegen.checks.pay_transparency import covering_laws, load_laws
from sitegen.model import Place, Posting, Remote, Salary
from tests.checks.conftest import BODY, by_rule, config, job, line_of

LAWS = load_laws()
DAY = dt.timedelta(days=1)


ON_SITE = Remote()


def make_posting(
    *, places: tuple[Place, ...] = (), remote: Remote = ON_SITE, day: dt.date = dt.date(2026, 11, 20)
) -> Posting:
    return Posting(
        source="content/jobs/x.md",
        slug="x",
        title="Data Engineer",
        department="Engineering",
        employment_types=("full-time",),
        date_posted=day,
        body_html="<p>x</p>",
        locations=places,
        remote=remote,
        salary=Salary(Decimal(1), Decimal(2), "USD", "year"),
    )


def place_in(law) -> Place:
    if law.country == "EU":
        return Place("DE", "Berlin")
    return Place(law.country, law.cities[0] if law.cities else "Springfield", law.region)


def covered(posting: Posting, employees: int | None = None) -> dict[str, bool]:
    """Law id -> certain, for the laws covering ``posting``."""
    return {c.law.id: c.certain for c in covering_laws(posting, employees)}


# ---------------------------------------------------------------- the data


def test_every_law_has_a_source_a_jurisdiction_and_a_sane_period():
    for law in LAWS:
        assert law.sources and all(s.startswith(("https://", "http://")) for s in law.sources), law.id
        assert law.requires, law.id
        assert law.until is None or law.until >= law.effective, law.id
        assert law.warn_from is None or law.warn_from < law.effective, law.id


def test_uncertain_entries_say_why_in_the_data():
    # The [?] entries of the reference: encoded conservatively, with the reason kept in the data.
    by_id = {law.id: law for law in LAWS}
    assert by_id["us-ma"].warn_from == dt.date(2025, 7, 31) and by_id["us-ma"].effective == dt.date(2025, 10, 29)
    assert by_id["us-vt"].min_employees == 4 and "[?]" in by_id["us-vt"].threshold_note
    assert by_id["us-ny"].range_uncertain
    assert by_id["us-nj-jersey-city"].uncertain and by_id["eu-directive"].uncertain
    assert not by_id["eu-directive"].binding


# ---------------------------------------------------------------- dates, place by place


@pytest.mark.parametrize("law", LAWS, ids=lambda law: law.id)
def test_each_law_covers_postings_from_its_effective_date_on(law):
    start = law.warn_from or law.effective
    place = (place_in(law),)
    assert law.id not in covered(make_posting(places=place, day=start - DAY), employees=10_000)
    assert law.id in covered(make_posting(places=place, day=start), employees=10_000)
    assert law.id in covered(make_posting(places=place, day=law.until or law.effective), employees=10_000)


@pytest.mark.parametrize("law", [law for law in LAWS if law.until], ids=lambda law: law.id)
def test_a_replaced_version_stops_after_its_last_day(law):
    place = (place_in(law),)
    assert law.id in covered(make_posting(places=place, day=law.until), employees=10_000)
    assert law.id not in covered(make_posting(places=place, day=law.until + DAY), employees=10_000)


@pytest.mark.parametrize("law", [law for law in LAWS if law.warn_from], ids=lambda law: law.id)
def test_disputed_start_dates_give_uncertain_coverage_until_the_later_date(law):
    place = (place_in(law),)
    assert covered(make_posting(places=place, day=law.effective - DAY), 10_000)[law.id] is False
    certain_otherwise = law.binding and not law.uncertain
    assert covered(make_posting(places=place, day=law.effective), 10_000)[law.id] is certain_otherwise


@pytest.mark.parametrize("law", [law for law in LAWS if law.min_employees > 1], ids=lambda law: law.id)
def test_employer_size_threshold(law):
    posting = make_posting(places=(place_in(law),), day=law.until or law.effective)
    assert law.id not in covered(posting, employees=law.min_employees - 1)
    assert law.id in covered(posting, employees=law.min_employees)


def test_unknown_head_count_means_covered_and_says_so():
    posting = make_posting(places=(Place("US", "Los Angeles", "CA"),))
    (ca,) = [c for c in covering_laws(posting, None) if c.law.id == "us-ca"]
    assert any("[company] employees is not set" in note for note in ca.notes)


def test_region_names_and_codes_both_match():
    for region in ("CO", "co", "Colorado"):
        assert "us-co-2024" in covered(make_posting(places=(Place("US", "Denver", region),)))


def test_new_york_city_is_covered_by_the_city_and_the_state_law_buffalo_only_by_the_state():
    assert {"us-ny", "us-ny-nyc"} <= set(covered(make_posting(places=(Place("US", "New York", "NY"),))))
    buffalo = covered(make_posting(places=(Place("US", "Buffalo", "NY"),)))
    assert "us-ny" in buffalo and "us-ny-nyc" not in buffalo


def test_an_office_in_a_state_without_a_law_is_covered_by_nothing():
    assert covered(make_posting(places=(Place("US", "Ann Arbor", "MI"),))) == {}


def test_remote_us_reaches_every_state_law_that_covers_remote_roles_but_not_city_only_ones():
    laws = covered(make_posting(remote=Remote(True, ("US",))))
    assert {"us-co-2024", "us-ca", "us-wa-2025", "us-ny-nyc"} <= set(laws)
    assert laws["us-co-2024"] is True and laws["us-ny"] is False  # NY: only if the role reports to NY
    assert "us-oh-cleveland" not in laws and "ca-bc" not in laws and "eu-directive" not in laws


def test_remote_canada_reaches_bc_and_ontario_remote_germany_the_eu_directive():
    assert {"ca-bc", "ca-on"} <= set(covered(make_posting(remote=Remote(True, ("CA",)))))
    assert set(covered(make_posting(remote=Remote(True, ("DE",))))) == {"eu-directive"}


def test_remote_anywhere_reaches_every_law_that_covers_remote_roles():
    laws = covered(make_posting(remote=Remote(True)))
    assert {"us-ca", "ca-bc", "eu-directive"} <= set(laws)
    assert "us-oh-cleveland" not in laws


# ---------------------------------------------------------------- findings

DENVER = '["Denver, CO, US"]'
TORONTO = '["Toronto, ON, CA"]'


def test_salary_missing_is_an_error_naming_the_law_and_its_link(lint):
    found = by_rule(lint(job(locations=DENVER, salary="<drop>")), "pay.salary-missing")
    assert len(found) == 1
    (d,) = found
    assert d.severity == "error" and d.line == 2 and d.field == "salary"
    assert "Colorado" in d.message and "office in Denver, CO, US" in d.message
    assert "C.R.S. § 8-5-201" in d.hint and "https://" in d.hint
    assert "employees is not set" in d.hint  # the assumption is stated


def test_salary_missing_is_quiet_with_a_salary_or_without_a_covering_law(lint):
    assert by_rule(lint(job(locations=DENVER)), "pay.salary-missing") == []
    assert by_rule(lint(job(salary="<drop>")), "pay.salary-missing") == []  # Ann Arbor, MI


def test_salary_missing_depends_on_the_posting_date(lint):
    # New York State's law starts 2023-09-17 (Buffalo has no city law).
    before = job(locations='["Buffalo, NY, US"]', salary="<drop>", date_posted="2023-09-16", valid_through="<drop>")
    after = job(locations='["Buffalo, NY, US"]', salary="<drop>", date_posted="2023-09-17", valid_through="<drop>")
    assert by_rule(lint(before), "pay.salary-missing") == []
    assert len(by_rule(lint(after), "pay.salary-missing")) == 1


def test_salary_missing_respects_the_head_count(lint):
    small = config(company="employees = 14")
    large = config(company="employees = 15")
    posting = job(locations='["Los Angeles, CA, US"]', salary="<drop>")
    assert by_rule(lint(posting, config=small), "pay.salary-missing") == []
    (d,) = by_rule(lint(posting, config=large), "pay.salary-missing")
    assert "employees is not set" not in d.hint


def test_salary_missing_under_an_unverified_law_is_only_a_warning(lint):
    found = lint(
        job(locations='["Jersey City, NJ, US"]', salary="<drop>", date_posted="2022-06-01", valid_through="<drop>")
    )
    (d,) = by_rule(found, "pay.salary-missing")
    assert d.severity == "warning"


def test_range_required_fires_for_a_single_amount_in_california(lint):
    (d,) = by_rule(lint(job(locations='["Los Angeles, CA, US"]', salary='"$100,000 per year"')), "pay.range-required")
    assert d.severity == "error" and "California Labor Code § 432.3" in d.hint


def test_range_required_is_quiet_for_a_range_or_where_one_amount_is_allowed(lint):
    assert by_rule(lint(job(locations='["Los Angeles, CA, US"]')), "pay.range-required") == []
    assert by_rule(lint(job(locations=DENVER, salary='"$100,000 per year"')), "pay.range-required") == []


def test_range_required_where_the_law_is_unclear_about_one_amount_is_a_warning(lint):
    (d,) = by_rule(lint(job(locations='["Buffalo, NY, US"]', salary='"$100,000 per year"')), "pay.range-required")
    assert d.severity == "warning"


def test_washington_allowed_a_single_amount_from_2025_07_27(lint):
    def single(day: str) -> str:
        return job(
            locations='["Seattle, WA, US"]', salary='"$100,000 per year"', date_posted=day, valid_through="<drop>"
        )

    assert len(by_rule(lint(single("2025-07-26")), "pay.range-required")) == 1
    assert by_rule(lint(single("2025-07-27")), "pay.range-required") == []


def test_range_too_wide_in_ontario(lint):
    wide = job(locations=TORONTO, salary='"CA$100,000 - CA$160,000 per year"', body=BODY + "\nAn existing vacancy.\n")
    (d,) = by_rule(lint(wide), "pay.range-too-wide")
    assert d.severity == "error" and "CAD 60,000 wide" in d.message and "50,000" in d.message


def test_range_too_wide_is_quiet_within_the_limit_before_2026_and_above_200k(lint):
    def toronto(salary: str, day: str = "2026-11-20") -> str:
        return job(
            locations=TORONTO,
            salary=salary,
            date_posted=day,
            valid_through="<drop>",
            body=BODY + "\nAn existing vacancy.\n",
        )

    assert by_rule(lint(toronto('"CA$100,000 - CA$150,000 per year"')), "pay.range-too-wide") == []
    assert by_rule(lint(toronto('"CA$100,000 - CA$160,000 per year"', "2025-12-31")), "pay.range-too-wide") == []
    assert len(by_rule(lint(toronto('"CA$100,000 - CA$160,000 per year"', "2026-01-01")), "pay.range-too-wide")) == 1
    assert by_rule(lint(toronto('"CA$210,000 - CA$300,000 per year"')), "pay.range-too-wide") == []


def test_range_too_wide_in_a_stronger_currency_or_annualised_is_a_warning(lint):
    usd = job(locations=TORONTO, salary='"$100,000 - $160,000 per year"', body=BODY + "\nAn existing vacancy.\n")
    hourly = job(locations=TORONTO, salary='"CA$40 - CA$70 per hour"', body=BODY + "\nAn existing vacancy.\n")
    assert [d.severity for d in by_rule(lint(usd), "pay.range-too-wide")] == ["warning"]
    assert [d.severity for d in by_rule(lint(hourly), "pay.range-too-wide")] == ["warning"]


def test_benefits_missing_in_colorado(lint):
    (d,) = by_rule(lint(job(locations=DENVER, benefits="<drop>")), "pay.benefits-missing")
    assert d.severity == "error" and d.field == "benefits"


def test_benefits_missing_is_quiet_with_a_list_or_a_description_in_the_body(lint):
    assert by_rule(lint(job(locations=DENVER)), "pay.benefits-missing") == []
    body = BODY + "\nAs an independent contractor you are not eligible for employee benefits.\n"
    assert by_rule(lint(job(locations=DENVER, benefits="<drop>", body=body)), "pay.benefits-missing") == []
    assert by_rule(lint(job(locations='["Los Angeles, CA, US"]', benefits="<drop>")), "pay.benefits-missing") == []


def test_deadline_missing_in_colorado_from_2024(lint):
    def denver(day: str) -> str:
        return job(locations=DENVER, date_posted=day, valid_through="<drop>")

    assert by_rule(lint(denver("2023-12-31")), "pay.deadline-missing") == []
    (d,) = by_rule(lint(denver("2024-01-01")), "pay.deadline-missing")
    assert d.severity == "error" and d.field == "valid_through"
    assert by_rule(lint(job(locations=DENVER)), "pay.deadline-missing") == []


def test_vacancy_statement_in_ontario_from_2026(lint):
    def toronto(day: str, body: str = BODY) -> str:
        return job(
            locations=TORONTO,
            salary='"CA$100,000 - CA$120,000 per year"',
            date_posted=day,
            valid_through="<drop>",
            body=body,
        )

    assert by_rule(lint(toronto("2025-12-31")), "pay.vacancy-statement") == []
    (d,) = by_rule(lint(toronto("2026-01-01")), "pay.vacancy-statement")
    assert d.severity == "warning" and "Ontario" in d.message
    assert (
        by_rule(lint(toronto("2026-01-01", BODY + "\nThis is an existing vacancy.\n")), "pay.vacancy-statement") == []
    )


def test_canadian_experience_requirement_in_ontario(lint):
    def toronto(extra: str) -> str:
        return job(
            locations=TORONTO,
            salary='"CA$100,000 - CA$120,000 per year"',
            body=BODY + "- This is an existing vacancy\n" + extra,
        )

    text = toronto("- Canadian experience required\n")
    (d,) = by_rule(lint(text), "pay.local-experience")
    assert d.severity == "error" and d.line == line_of(text, "- Canadian experience")
    assert by_rule(lint(toronto("- No Canadian experience required\n")), "pay.local-experience") == []


def test_general_applications_and_independent_contractors_are_not_job_postings_under_these_laws(lint):
    general = job(title="Open Application", locations=DENVER, salary="<drop>")
    contractor = job(
        locations=DENVER,
        employment_type="contract",
        benefits="<drop>",
        body=BODY + "\nThis is an independent contractor engagement.\n",
    )
    assert [d for d in lint(general) if d.rule and d.rule.startswith("pay.")] == []
    assert [d for d in lint(contractor) if d.rule and d.rule.startswith("pay.")] == []


def test_remote_us_posting_without_salary_cites_every_remote_state_law(lint):
    (d,) = by_rule(lint(job(locations="<drop>", remote="US", salary="<drop>")), "pay.salary-missing")
    assert d.severity == "error"
    for name in ("Colorado", "California", "Washington", "New York City"):
        assert name in d.message
    assert "(possibly; see --laws)" in d.hint  # the laws whose reach of remote roles is conditional
