"""The Personio mapper: the recorded XML feeds, hostile XML (bombs, external entities) and other bodies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.importers._xml import UnsafeXML, parse_xml
from sitegen.importers.base import RawSalary
from sitegen.importers.personio import IMPORTER

# ../shared/ats-samples next to the repository (or next to the folder of worktrees).
SAMPLES = next(
    (p / "shared/ats-samples" for p in Path(__file__).resolve().parents if (p / "shared/ats-samples").is_dir()), None
)
needs_samples = pytest.mark.skipif(SAMPLES is None, reason="../shared/ats-samples is not here (CI has it)")


def test_the_endpoint_and_apply_urls_stay_on_personio() -> None:
    assert IMPORTER.endpoint("acme") == "https://acme.jobs.personio.de/xml"
    assert IMPORTER.endpoint("evil.example/x?") == "https://evil.example%2Fx%3F.jobs.personio.de/xml"
    [job], _ = IMPORTER.parse(_feed("<position><id>1/../2</id><name>Odd id</name></position>"), "acme")
    assert job.apply_url == "https://acme.jobs.personio.de/job/1%2F..%2F2"


def _sample(name: str) -> bytes:
    assert SAMPLES is not None
    return (SAMPLES / "personio" / name).read_bytes()


def _feed(*positions: str) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8'?><workzag-jobs>" + "".join(positions) + "</workzag-jobs>").encode()


@needs_samples
def test_every_sample_parses_without_problems() -> None:
    assert SAMPLES is not None
    files = sorted((SAMPLES / "personio").iterdir())
    assert len(files) == 3
    for path in files:
        jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
        assert jobs and problems == [], path.name


@needs_samples
def test_the_redacted_feed_lists_one_position_twice_and_it_is_one_job() -> None:
    [job], problems = IMPORTER.parse(_sample("omoji-personal__careerkit__personio.xml"), "acme")
    assert problems == []
    assert job.ats_id == "1834171"
    assert job.title == "Staff Software Engineer, Data Platform"
    assert job.apply_url == "https://acme.jobs.personio.de/job/1834171"
    assert job.department == "Product and Tech"
    assert job.location_texts == ("Munich", "Berlin")  # office, then additionalOffices
    assert job.employment_type == "permanent, full-time"
    assert job.date_posted == dt.datetime(2024, 11, 13, 14, 10, 41, tzinfo=dt.UTC)
    assert job.description_html == "" and "no description" in job.extra["note"]
    assert job.extra["subcompany"] == "Acme SE & Co. KG"  # the entity is decoded once
    assert job.extra["recruiting_category"] == "Engineering"
    assert job.salary is None


@needs_samples
def test_the_demo_feed_sections_become_headed_html() -> None:
    jobs, _ = IMPORTER.parse(_sample("threadi__wp-personio-integration-light__jobs.xml"), "demo")
    by_id = {job.ats_id: job for job in jobs}
    assert set(by_id) == {"681100", "681097", "681098"}
    general = by_id["681100"]
    assert general.title == "General Application"
    assert general.location_texts == ("Remote",)
    assert general.remote is None  # an office called "Remote" is text for the place parser, not a flag
    assert general.apply_url == "https://demo.jobs.personio.de/job/681100"
    html = general.description_html
    assert html.startswith("<h3>Your mission</h3>\nLorem ipsum")
    assert "<h3>Your profile</h3>" in html and "<h3>Why us?</h3>" in html
    assert "<ul><li>Stet clita kasd" in html and "CDATA" not in html
    student = by_id["681098"]
    assert student.employment_type == "intern, part-time"
    assert student.date_posted == dt.datetime(2017, 5, 23, 7, 50, 25, tzinfo=dt.UTC)


@needs_samples
def test_the_test_account_feed_has_salaries_with_only_a_minimum() -> None:
    jobs, _ = IMPORTER.parse(_sample("threadi__wp-personio-integration-light__positions.xml"), "acme")
    assert len(jobs) == 11
    by_id = {job.ats_id: job for job in jobs}
    sales = by_id["2140233"]
    assert sales.title == "Junior Sales Manager"
    assert sales.location_texts == ("Manchester",)
    assert sales.department == "Sales"
    assert sales.salary == RawSalary(Decimal("100000.00"), None, "EUR", "yearly")
    assert by_id["2140229"].salary == RawSalary(Decimal("100000.00"), None, "GBP", "yearly")
    assert by_id["2140228"].salary is None
    assert "•    Attention to detail" in by_id["2140231"].description_html
    assert by_id["2140224"].employment_type == "permanent, full-or-part-time"
    assert "<h3>Weiterer Text</h3>" in by_id["2140224"].description_html


def test_positions_without_id_or_name_are_skipped_and_conflicting_twins_reported() -> None:
    body = _feed(
        "<position><id>1</id><name>Kept</name><office>Berlin</office></position>",
        "<position><name>No id</name></position>",
        "<position><id>2</id><name>  </name></position>",
        "<position><id>1</id><name>Changed</name></position>",
    )
    jobs, problems = IMPORTER.parse(body, "acme")
    assert [(j.ats_id, j.title) for j in jobs] == [("1", "Kept")]
    assert [(p.ats_id, p.message) for p in problems] == [
        (None, "position #2 has no <id>: skipped"),
        ("2", "position #3 has no <name>: skipped"),
        ("1", "position 1 appears twice with different content: kept the first"),
    ]


def test_a_bad_date_or_amount_is_reported_not_guessed() -> None:
    body = _feed(
        "<position><id>5</id><name>Chef</name><createdAt>yesterday</createdAt>"
        "<salaryInformation><min>a lot</min><max>50000</max><currencyCode>EUR</currencyCode></salaryInformation>"
        "</position>"
    )
    [job], problems = IMPORTER.parse(body, "acme")
    assert job.date_posted is None
    assert job.salary == RawSalary(None, Decimal(50000), "EUR", None)
    assert [p.ats_id for p in problems] == ["5", "5"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<workzag-jobs><position><id>1</id><name>&lol9;</name></position></workzag-jobs>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE workzag-jobs [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<workzag-jobs><position><id>1</id><name>&secret;</name></position></workzag-jobs>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_a_dtd_is_refused_before_anything_expands(body: bytes) -> None:
    resource = pytest.importorskip("resource", reason="peak memory through the POSIX resource module")
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    jobs, problems = IMPORTER.parse(body, "acme")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50_000  # KiB: no expansion
    assert jobs == []
    assert len(problems) == 1 and problems[0].ats_id is None
    assert "declares a DTD or entities" in problems[0].message
    assert "root:" not in problems[0].message


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS.decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        .encode("utf-16"),
        b"<?xml version='1.0'?>"
        + b"<!-- padding -->" * 400
        + b"<!DOCTYPE workzag-jobs SYSTEM 'http://x/d.dtd'><workzag-jobs/>",
    ],
    ids=["utf-16", "external-dtd"],
)
def test_the_parser_itself_refuses_a_dtd_that_a_byte_search_cannot_see(body: bytes) -> None:
    with pytest.raises(UnsafeXML, match="declares a DTD"):
        parse_xml(body)


OTHER_BODIES = [
    b"",
    b"\x00\xff garbage",
    b"<!DOCTYPE html><html><body>Not found</body></html>",
    b"<html><head><title>Personio</title></head><body><p>Login</p></body></html>",
    b"<?xml version='1.0'?><workzag-jobs><position><id>1</id><name>Cut",  # truncated
    b'{"offers": [{"id": 1, "title": "Recruitee job"}]}',
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Teamtailor</title></channel></rss>",
    b"<workzag-jobs><position><id>1</id></position>",
]


@pytest.mark.parametrize("body", OTHER_BODIES)
def test_a_body_that_is_not_a_feed_is_one_problem(body: bytes) -> None:
    jobs, problems = IMPORTER.parse(body, "acme")
    assert jobs == []
    assert len(problems) == 1 and problems[0].ats_id is None
    assert problems[0].message.startswith("not a Personio XML feed: ")


@needs_samples
def test_other_ats_samples_are_one_problem() -> None:
    assert SAMPLES is not None
    for folder in ("greenhouse", "recruitee", "bamboohr", "teamtailor"):
        for path in sorted((SAMPLES / folder).iterdir()):
            jobs, problems = IMPORTER.parse(path.read_bytes(), "acme")
            assert (jobs, [p.ats_id for p in problems]) == ([], [None]), path.name


def test_an_empty_feed_is_no_jobs_and_no_problem() -> None:
    assert IMPORTER.parse(_feed(), "acme") == ([], [])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    jobs, problems = IMPORTER.parse(data, "acme")
    assert isinstance(jobs, list) and isinstance(problems, list)


_tags = st.sampled_from(["id", "name", "office", "createdAt", "salaryInformation", "min", "jobDescriptions", "value"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_tags, st.text(alphabet="ab1.-: <&>", max_size=12)), max_size=8))
def test_any_position_content_never_raises(children: list[tuple[str, str]]) -> None:
    inner = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in children)
    jobs, problems = IMPORTER.parse(_feed(f"<position>{inner}</position>"), "acme")
    assert len(jobs) + len(problems) >= 1
