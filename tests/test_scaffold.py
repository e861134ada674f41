"""``sitegen new job``: a file the build accepts for any title, and placeholders that cannot be published."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sitegen import placeholders
from sitegen.checks import run_check
from sitegen.cli import cli
from sitegen.config import parse_config
from sitegen.content.loader import load_posting
from sitegen.scaffold import POSTING_TEMPLATE, ScaffoldError, create_posting
from sitegen.slugs import SLUG_PATTERN, WINDOWS_RESERVED, is_reserved, slugify
from tests.checks.conftest import job
from tests.conftest import CONFIG, NOW, SiteFactory

TODAY = NOW.date()
CHECK = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def new_job(site: Path, title: str, department: str = "Engineering") -> Path:
    return create_posting(site, title, department, TODAY)


def published(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^draft: true.*$", "draft: false", text), encoding="utf-8")


def placeholder_findings(site: Path, *, drafts: bool = False) -> list[tuple[str | None, str]]:
    return [(d.field, d.severity) for d in run_check(site, CHECK, drafts=drafts) if d.rule == "quality.placeholder"]


def read_back(site: Path, path: Path) -> str:
    """The title the loader reads from ``path``; fails the test on any loader error."""
    config, problems = parse_config(CONFIG)
    assert config is not None, problems
    posting, diagnostics = load_posting(path, site, config, TODAY)
    assert posting is not None and not [d for d in diagnostics if d.is_error], [d.format() for d in diagnostics]
    return posting.title


# --- placeholders ----------------------------------------------------------------------------


def test_a_posting_left_as_new_job_wrote_it_cannot_be_published(make_site: SiteFactory) -> None:
    site = make_site({})
    path = new_job(site, "Data Engineer")
    assert placeholder_findings(site) == []  # a draft may hold placeholders
    published(path)
    findings = placeholder_findings(site)
    assert sorted(findings) == sorted(
        [("apply_url", "error"), ("locations", "error")] + [("description", "error")] * 4
    ), findings
    messages = [d.format() for d in run_check(site, CHECK) if d.rule == "quality.placeholder"]
    assert any("https://example.com/apply is a placeholder" in m and "application form" in m for m in messages)
    assert any(f"'{placeholders.PLACE}' is the template's placeholder office" in m for m in messages)


def test_drafts_with_placeholders_are_warnings_with_drafts_flag(make_site: SiteFactory) -> None:
    site = make_site({})
    new_job(site, "Data Engineer")
    findings = placeholder_findings(site, drafts=True)
    assert findings and all(severity == "warning" for _, severity in findings)


def test_the_template_is_made_of_the_checked_sample_text() -> None:
    """The check looks for the very strings the template writes (one source for both)."""
    written = POSTING_TEMPLATE.format_map(
        {k: "x" for k in re.findall(r"\{(\w+)\}", POSTING_TEMPLATE)}
        | {
            "place": placeholders.PLACE,
            "apply_url": placeholders.APPLY_URL,
            "summary": placeholders.SUMMARY,
            "duties": placeholders.DUTIES,
            "requirements": placeholders.REQUIREMENTS,
            "nice_to_have": placeholders.NICE_TO_HAVE,
        }
    )
    assert written.count(placeholders.APPLY_URL) == 1
    for sentence in placeholders.SAMPLE_SENTENCES:
        assert sentence in written


def test_one_placeholder_left_is_still_reported(make_site: SiteFactory) -> None:
    site = make_site({})
    path = new_job(site, "Data Engineer")
    text = path.read_text(encoding="utf-8")
    for sentence in placeholders.SAMPLE_SENTENCES[:-1]:
        text = text.replace(sentence, "Real words about the job")
    text = text.replace(placeholders.APPLY_URL, "https://acme.example/apply/7")
    text = text.replace(placeholders.PLACE, "Ann Arbor, MI, US")
    path.write_text(text, encoding="utf-8")
    published(path)
    ((d),) = [d for d in run_check(site, CHECK) if d.rule == "quality.placeholder"]
    assert d.is_error and d.field == "description" and placeholders.NICE_TO_HAVE in d.message
    assert d.line == text.split("\n").index(f"- {placeholders.NICE_TO_HAVE}") + 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("apply_url", "https://example.com/apply/42"),
        ("apply_url", "https://www.example.org/jobs?id=1"),
        ("apply_url", "http://careers.EXAMPLE.net/apply"),
        ("apply_email", "jobs@example.com"),
        ("apply_email", "hr@mail.example.org"),
    ],
)
def test_reserved_example_domains_are_placeholders(make_site: SiteFactory, field: str, value: str) -> None:
    site = make_site({"content/jobs/a.md": job(**{"apply_url": "<drop>", field: value})})
    found = [d for d in run_check(site, CHECK) if d.rule == "quality.placeholder"]
    assert [(d.field, d.severity, d.line) for d in found] == [(field, "error", 15)], [d.format() for d in found]
    assert value in found[0].message and "replace it" in (found[0].hint or "")


def test_a_placeholder_default_apply_email_is_reported_on_the_posting(make_site: SiteFactory) -> None:
    config = CONFIG.replace('apply_email = "jobs@acme.example"', 'apply_email = "jobs@example.com"')
    site = make_site({"content/jobs/a.md": job(apply_url="<drop>")}, config=config)
    ((d),) = [d for d in run_check(site, CHECK) if d.rule == "quality.placeholder"]
    assert d.path == "content/jobs/a.md" and d.field == "apply_email" and "[defaults] apply_email" in d.message


@pytest.mark.parametrize(
    "value",
    ["https://acme.example/apply", "https://example.co.uk/apply", "https://notexample.com/a", "https://example.io/"],
)
def test_real_and_fictional_domains_are_not_placeholders(make_site: SiteFactory, value: str) -> None:
    site = make_site({"content/jobs/a.md": job(apply_url=value)})
    assert placeholder_findings(site) == []


# --- file names and titles ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WINDOWS_RESERVED))
def test_reserved_names_get_a_file_name_the_build_accepts(make_site: SiteFactory, name: str) -> None:
    site = make_site({})
    for title in (name, name.upper(), f"{name.title()}."):
        path = new_job(site, title)
        assert not is_reserved(slugify(path.stem)) and SLUG_PATTERN.match(path.stem)
        assert read_back(site, path) == title
        path.unlink()


@pytest.mark.parametrize("title", ["数据工程师", "مهندس بيانات", "🚀🚀", "Инженер", "…", "‏‏"])
def test_titles_without_latin_letters_get_a_file_name(make_site: SiteFactory, title: str) -> None:
    site = make_site({})
    path = new_job(site, title)
    assert re.fullmatch(r"job-[0-9a-f]{8}\.md", path.name) or SLUG_PATTERN.match(path.stem), path.name
    assert read_back(site, path) == title


@pytest.mark.parametrize("title", ["Data\nEngineer", "Data\rEngineer", "Data\u2028Engineer", "A\x85B", "A\u2029B"])
def test_a_title_with_a_line_break_is_refused_in_one_line(make_site: SiteFactory, title: str) -> None:
    site = make_site({})
    with pytest.raises(ScaffoldError, match="line break; give it on one line"):
        new_job(site, title)
    assert list((site / "content" / "jobs").iterdir()) == []


def test_a_long_title_is_refused_and_a_long_file_name_is_cut(make_site: SiteFactory) -> None:
    site = make_site({})
    with pytest.raises(ScaffoldError, match=r"title: too long \(300 characters\) \(at most 200\)"):
        new_job(site, "x" * 300)
    title = "Senior " * 28 + "Engineer"  # 204 characters
    with pytest.raises(ScaffoldError, match="too long"):
        new_job(site, title)
    title = ("Principal Distributed Systems Engineer " * 5).strip()  # 194 characters
    path = new_job(site, title)
    assert len(path.stem) <= 60 and SLUG_PATTERN.match(path.stem), path.name
    assert read_back(site, path) == title


@pytest.mark.parametrize(
    "title",
    ["Data Scientist: Growth", "yes", "null", "1.5", "x #y", "'quoted'", '"double"', "- dash", "? q", "& ref",
     "*star", "!tag", "|pipe", ">fold", "%dir", "@at", "`tick", "[a]", "{b}", "a: b: c", "Émile \\ back"],
)  # fmt: skip
def test_titles_yaml_would_misread_read_back_the_same(make_site: SiteFactory, title: str) -> None:
    site = make_site({})
    assert read_back(site, new_job(site, title)) == title


# Any text, weighted towards what breaks YAML, file names and terminals.
_TRICKY = st.sampled_from(
    [
        *":#'\"-?[]{},&*!|>%@`\\ \t\n\r\x00\x07\x85\u2028\u2029\u200b\u200f\u202e\u0301\ufeff\ufffe\udcff",
        "con",
        "aux",
        "lpt9",
        "COM1",
        "数据",
        "مهندس",
        "🏳️‍🌈",
        "yes",
        "~",
        "---",
        "...",
    ]
)
titles = st.one_of(st.text(max_size=80), st.lists(_TRICKY | st.text(max_size=3), max_size=12).map("".join))


@settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=titles)
@example(title="x" * 300)
@example(title="Con")
@example(title="\udcff\udcfe")
def test_any_title_gives_a_posting_that_reads_back_or_one_clear_line(make_site: SiteFactory, title: str) -> None:
    site = make_site({}, name="prop")
    for old in (site / "content" / "jobs").iterdir():
        old.unlink()
    try:
        path = new_job(site, title)
    except ScaffoldError as exc:
        message = str(exc)
        assert message and "\n" not in message and message.split(":")[0] in ("title", "department"), message
        return
    assert SLUG_PATTERN.match(path.stem) and not is_reserved(path.stem) and len(path.name) <= 64
    assert read_back(site, path) == title.strip()


def test_new_job_command_reports_a_bad_title_in_one_line_without_a_traceback(make_site: SiteFactory) -> None:
    site = make_site({})
    result = CliRunner().invoke(cli, ["new", "job", "a\nb", "--site", str(site)])
    assert result.exit_code == 2
    assert result.output == "Error: title: 'a\\nb' has a line break; give it on one line\n"
    result = CliRunner().invoke(cli, ["new", "job", "Con", "--site", str(site)])
    assert result.exit_code == 0 and "con-job.md" in result.output


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('url = "https://www.example.com"', "company.url"),
        ('same_as = ["https://www.linkedin.com/company/acme-example", "https://example.org/acme"]', "company.same_as"),
        ('logo = "https://example.net/logo.png"', "company.logo"),
    ],
)
def test_company_addresses_at_example_domains_are_placeholders_once_a_posting_is_published(
    make_site: SiteFactory, line: str, key: str
) -> None:
    original = next(x for x in CONFIG.splitlines() if x.startswith(line.split(" = ")[0] + " = "))
    config = CONFIG.replace(original, line)
    site = make_site({"content/jobs/a.md": job()}, config=config)
    found = [d for d in run_check(site, CHECK) if d.rule == "quality.placeholder"]
    assert [(d.path, d.line, d.field, d.severity) for d in found] == [
        ("sitegen.toml", config.splitlines().index(line) + 1, key, "error")
    ], [d.format() for d in found]
    # Only drafts: nothing is published, so nothing to report (a fresh 'sitegen init' site checks clean).
    (site / "content/jobs/a.md").write_text(job(draft="true"), encoding="utf-8")
    assert placeholder_findings(site) == []


def test_init_then_check_is_clean_and_builds_no_placeholder(tmp_path: Path) -> None:
    from sitegen.scaffold import create_site

    site = tmp_path / "careers"
    create_site(site, TODAY)
    assert [d.format() for d in run_check(site, CHECK)] == []
    assert placeholder_findings(site, drafts=True)  # the samples are drafts holding example.com addresses


def test_new_job_where_it_cannot_write_says_why(make_site: SiteFactory) -> None:
    site = make_site({})
    (site / "content" / "jobs").rmdir()
    (site / "content" / "jobs").write_text("not a folder", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"^cannot create .*jobs: "):
        new_job(site, "Data Engineer")
    path = make_site({}, name="other")
    new_job(path, "Data Engineer")
    with pytest.raises(ScaffoldError, match=r"data-engineer\.md already exists$"):
        new_job(path, "Data  Engineer")
