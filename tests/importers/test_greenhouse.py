"""Greenhouse: every recorded board imports and builds, with the right titles, ids, links, pay and places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.content.frontmatter import split
from sitegen.importers.greenhouse import IMPORTER
from tests.helpers import job_posting
from tests.importers.conftest import FIXTURES, needs_samples, samples

GOOGLE_REQUIRED = ("title", "description", "datePosted", "hiringOrganization")


def _front_matter(path: Path) -> str:
    return split(path.read_text("utf-8")).front_matter


def _file_of(site: Path, ats_id: str) -> Path:
    (found,) = [p for p in (site / "content/jobs/greenhouse").glob("*.md") if p.stem.endswith(f"-{ats_id}")]
    return found


def _addresses(data: dict[str, object]) -> list[dict[str, str]]:
    places = data.get("jobLocation") or []
    return [p["address"] for p in (places if isinstance(places, list) else [places])]  # type: ignore[index]


def _assert_google_ready(site: Path) -> None:
    """Every open imported posting's page has a JobPosting with Google's required properties."""
    for path in (site / "content/jobs/greenhouse").glob("*.md"):
        page = site / "build/jobs" / path.stem / "index.html"
        data = job_posting(page)
        for key in GOOGLE_REQUIRED:
            assert data.get(key), f"{page}: {key} missing"
        assert data.get("jobLocation") or data.get("applicantLocationRequirements"), page
        assert data["validThrough"] > "2026-11-25", page


JOB_SAMPLES = [p for p in samples("greenhouse") if "departments" not in p.name]


@needs_samples
@pytest.mark.parametrize("sample", JOB_SAMPLES, ids=lambda p: p.stem)
def test_every_greenhouse_sample_imports_and_builds_without_errors(sample, ats_site, run_import, build_site):
    result = run_import("greenhouse:board", "--site", ats_site, "--from", sample)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    count = len(json.loads(sample.read_bytes())["jobs"])
    assert len(list((ats_site / "content/jobs/greenhouse").glob("*.md"))) == count
    built = build_site(ats_site)
    assert built.written, [d.format() for d in built.errors]
    assert not built.errors
    _assert_google_ready(ats_site)


@needs_samples
def test_stripe_posting_keeps_title_id_link_and_places(ats_site, run_import, build_site):
    (sample,) = [p for p in JOB_SAMPLES if p.name.startswith("jarraomar")]
    run_import("greenhouse:stripe", "--site", ats_site, "--from", sample)
    build_site(ats_site)
    path = _file_of(ats_site, "7954688")
    data = job_posting(ats_site / "build/jobs" / path.stem / "index.html")
    assert data["title"] == "Account Executive, AI Sales (Grower)"
    assert data["identifier"]["value"] == "7954688"
    (address,) = _addresses(data)
    assert (address["addressLocality"], address["addressRegion"], address["addressCountry"]) == (
        "San Francisco",
        "CA",
        "US",
    )
    assert "apply_url: https://stripe.com/jobs/search?gh_jid=7954688" in _front_matter(path)
    # "SF, NYC, SEA, CHI" is four offices
    four = job_posting(ats_site / "build/jobs" / _file_of(ats_site, "8077887").stem / "index.html")
    assert [a["addressLocality"] for a in _addresses(four)] == ["San Francisco", "New York", "Seattle", "Chicago"]
    assert [
        a["addressLocality"]
        for a in _addresses(job_posting(ats_site / "build/jobs" / _file_of(ats_site, "8023928").stem / "index.html"))
    ] == ["London"]


@needs_samples
def test_us_remote_with_offices_is_remote_from_the_us_and_the_offices(ats_site, run_import):
    (sample,) = [p for p in JOB_SAMPLES if p.name.startswith("ehddd")]
    result = run_import("greenhouse:stripe", "--site", ats_site, "--from", sample)
    text = _front_matter(_file_of(ats_site, "7993151"))
    assert "remote:\n- US" in text
    for office in ("San Francisco, CA, US", "Chicago, IL, US", "New York, NY, US", "Seattle, WA, US"):
        assert f"- {office}" in text
    assert "'US-Texas' names a state" in result.output  # not a city: reported, not made up


@needs_samples
def test_airbnb_pay_text_in_the_description_becomes_the_salary(ats_site, run_import, build_site):
    (sample,) = [p for p in JOB_SAMPLES if p.name.startswith("harvzheng")]
    result = run_import("greenhouse:airbnb", "--site", ats_site, "--from", sample)
    # the board writes no period: read as per year, and said so
    assert "7649441" in result.output and "names no period" in result.output
    build_site(ats_site)
    path = _file_of(ats_site, "7649441")
    data = job_posting(ats_site / "build/jobs" / path.stem / "index.html")
    assert data["title"] == "Account Executive (12 Month FTC)"
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"]["minValue"] == 61000
    assert data["baseSalary"]["value"]["maxValue"] == 72000
    assert [a["addressCountry"] for a in _addresses(data)] == ["FR"]
    # Workplace Type "Remote" with the place "United States": remote work from the US
    remote = job_posting(ats_site / "build/jobs" / _file_of(ats_site, "7735274").stem / "index.html")
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert "remote:\n- US" in _front_matter(_file_of(ats_site, "7735274"))


@needs_samples
def test_amplitude_places_and_employment_type(ats_site, run_import):
    (sample,) = [p for p in JOB_SAMPLES if p.name.startswith("omoji")]
    run_import("greenhouse:amplitude", "--site", ats_site, "--from", sample)
    text = _front_matter(_file_of(ats_site, "8651132002"))
    assert "- Bangalore, IN" in text
    assert "employment_type: full-time" in text  # the board's "Regular"
    assert "apply_url: https://job-boards.greenhouse.io/amplitude/jobs/8651132002" in text


@needs_samples
def test_a_departments_answer_is_one_clear_line_and_writes_nothing(ats_site, run_import):
    (sample,) = [p for p in samples("greenhouse") if "departments" in p.name]
    result = run_import("greenhouse:stripe", "--site", ats_site, "--from", sample)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"greenhouse:stripe: {sample}: ") and "jobs" in line
    assert not (ats_site / "content/jobs/greenhouse").exists()


def test_pay_input_ranges_deadline_and_metadata(ats_site, run_import, build_site):
    result = run_import("greenhouse:acme", "--site", ats_site, "--from", FIXTURES / "greenhouse_pay_ranges.json")
    assert result.exit_code == 0, result.output
    assert "5001" in result.output and "no pay period" in result.output  # Greenhouse ranges name none
    text = _file_of(ats_site, "5001").read_text("utf-8")
    assert "title: Senior Data Engineer\n" in text
    assert "salary:\n  min: 150000\n  max: 180000\n  currency: USD\n  period: year\n" in text
    assert "remote:\n- US\n" in text and "locations" not in _front_matter(_file_of(ats_site, "5001"))
    assert "employment_type: full-time" in text
    assert "date_posted: 2026-11-18" in text and "valid_through: 2027-01-15" in text
    assert "## What you'll do" in text
    # unescaped exactly once: "&amp;amp;" in the API is "&amp;" in HTML, an "&" on the page
    assert "- Pipelines & models\n- Write \\<code> daily\n" in text  # text, not an HTML tag
    assert "Acme builds rockets." in text  # boilerplate kept unless asked
    office = _front_matter(_file_of(ats_site, "5002"))
    assert "- London, England, GB" in office
    assert "salary: £40,000 - £48,000 GBP per year" in office
    built = build_site(ats_site)
    assert not built.errors, [d.format() for d in built.errors]


def test_drop_boilerplate_leaves_out_the_board_blocks(ats_site, run_import):
    fixture = FIXTURES / "greenhouse_pay_ranges.json"
    run_import("greenhouse:acme", "--site", ats_site, "--from", fixture, "--drop-boilerplate")
    text = _file_of(ats_site, "5001").read_text("utf-8")
    assert "Acme builds rockets." not in text and "equal opportunity" not in text
    assert "## What you'll do" in text


def test_parse_never_raises_on_other_shapes():
    for body in (b"", b"<html>", b"[]", b'{"jobs": [1, {"id": 3}]}', b'{"jobs": "x"}', b"\xff\xfe"):
        jobs, problems = IMPORTER.parse(body, "acme")
        assert jobs == [] and problems


def test_a_job_without_a_location_name_takes_its_offices():
    body = (
        b'{"jobs": [{"id": 9, "title": "Chef", "absolute_url": "https://x.example/9", "content": "",'
        b' "location": {"name": ""}, "offices": [{"id": 0, "name": "No Office"},'
        b' {"id": 4, "name": "London", "location": "London, England, United Kingdom"}]}]}'
    )
    (job,), problems = IMPORTER.parse(body, "acme")
    assert problems == [] and job.location_texts == ("London, England, United Kingdom",)
