"""Google for Jobs rules: each fires on what Google rejects or warns about, and stays quiet otherwise."""

from __future__ import annotations

import pytest

from tests.checks.conftest import by_rule, job


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Data Engineer - $120k", "pay ('$120k')"),
        ("Data Engineer (Ann Arbor)", "('Ann Arbor')"),
        ("Data Engineer, Remote", "('Remote')"),
        ("Acme Data Engineer", "company name ('Acme')"),
        ("URGENT Data Engineer!", "promotional wording"),
    ],
)
def test_title_stuffed_names_what_does_not_belong(lint, title, named):
    (d,) = by_rule(lint(job(title=f'"{title}"')), "google.title-stuffed")
    assert d.severity == "warning" and d.line == 2 and named in d.message


@pytest.mark.parametrize(
    "title", ["Data Engineer", "Computer Vision Intern, Summer 2027", "Partnerships Manager, Europe"]
)
def test_title_stuffed_is_quiet_for_job_titles(lint, title):
    assert by_rule(lint(job(title=f'"{title}"')), "google.title-stuffed") == []


def test_expired_posting_still_in_content(lint):
    (d,) = by_rule(lint(job(date_posted="2026-06-01", valid_through="2026-08-31")), "google.expired")
    assert d.severity == "warning" and d.field == "valid_through" and "2026-08-31" in d.message
    assert "delete the file" in d.hint and "future date" in d.hint


def test_expired_is_quiet_for_an_open_posting_and_expired_postings_get_no_other_findings(lint):
    assert by_rule(lint(job()), "google.expired") == []
    expired = lint(job(date_posted="2026-06-01", valid_through="2026-08-31", title='"Data Engineer - $120k"'))
    assert [d.rule for d in expired] == ["google.expired"]


def test_valid_through_more_than_a_year_out(lint):
    (d,) = by_rule(lint(job(valid_through="2027-12-31")), "google.valid-through-far")
    assert d.severity == "warning" and d.field == "valid_through"
    assert by_rule(lint(job(valid_through="2027-11-20")), "google.valid-through-far") == []


def test_remote_without_countries_is_an_error(lint):
    (d,) = by_rule(lint(job(locations="<drop>", remote="true")), "google.remote-countries")
    assert d.severity == "error" and "remote: US" in d.hint
    assert by_rule(lint(job(locations="<drop>", remote="US")), "google.remote-countries") == []


def test_apply_link_on_http(lint):
    (d,) = by_rule(lint(job(apply_url="http://acme.example/apply/1")), "google.apply-scheme")
    assert d.severity == "warning" and d.field == "apply_url"
    assert by_rule(lint(job()), "google.apply-scheme") == []


def test_location_without_a_city(lint):
    (d,) = by_rule(lint(job(locations="[US]")), "google.location-incomplete")
    assert d.severity == "warning" and "'US' has no city" in d.message
    assert by_rule(lint(job()), "google.location-incomplete") == []
