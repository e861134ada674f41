"""Every URL a user writes goes through one safe parser: a malformed one is a ``path:line`` error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sitegen.cli import cli
from tests.conftest import CONFIG, POSTING, posting

BAD_URLS = [
    "https://[careers.acme.example/apply",  # urllib: Invalid IPv6 URL
    "https://careers.acme.example]/apply",
    "https://careers.acme.example:99999/apply",  # port out of range
    "https://careers.acme.example:8o8o/apply",  # port not a number
    "https://[::1]x/apply",
]


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def located(output: str, path: str, line: int, field: str) -> bool:
    """Whether ``output`` reports an error at ``path:line`` in ``field`` (build's or check's layout)."""
    return f"{path}:{line}: {field}: " in output or (f"{path}\n" in output and f"  {line}: error: {field}: " in output)


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_malformed_apply_url_is_a_located_error(make_site, url, command):
    site = make_site({"content/jobs/a.md": posting(apply_url=f'"{url}"')})
    result = _run(command, str(site), "--now", "2026-11-25")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert located(result.output, "content/jobs/a.md", 15, "apply_url"), result.output


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ('base_url = "https://jobs.acme.example"', 'base_url = "{url}"', 3, "site.base_url"),
        ('url = "https://acme.example"', 'url = "{url}"', 11, "company.url"),
        ('logo = "/static/logo.svg"', 'logo = "{url}"', 12, "company.logo"),
        (
            'same_as = ["https://www.linkedin.com/company/acme-example"]',
            'same_as = ["{url}"]',
            13,
            "company.same_as[1]",
        ),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_malformed_url_in_the_config_is_a_located_error(make_site, url, old, new, line, field, command):
    assert old in CONFIG
    site = make_site({"content/jobs/a.md": POSTING}, config=CONFIG.replace(old, new.format(url=url)))
    result = _run(command, str(site), "--now", "2026-11-25")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert located(result.output, "sitegen.toml", line, field), result.output


def test_a_malformed_link_in_a_posting_body_is_reported_by_check(make_site):
    site = make_site({"content/jobs/a.md": POSTING + "\n[apply here](https://[careers.acme.example/apply)\n"})
    result = _run("check", str(site), "--now", "2026-11-25")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "content/jobs/a.md\n" in result.output and "17: error: description: the link" in result.output


@pytest.mark.parametrize("url", [*BAD_URLS, "notaurl", "ftp://jobs.acme.example", "https://jobs acme.example"])
def test_a_malformed_base_url_option_is_a_usage_error(make_site, url):
    site = make_site()
    result = _run("build", str(site), "--now", "2026-11-25", "--base-url", url)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
    assert "--base-url" in result.output
    assert not (site / "build").exists()
