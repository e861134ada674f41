"""``parse_config``: sitegen.toml to a ``Config``, every problem reported with its line."""

from __future__ import annotations

import pytest

from sitegen.config import Config, parse_config
from tests.conftest import CONFIG

COMPANY = '[company]\nname = "Acme Corp"\n'  # lines 1-2 of most configs below


def problems(text: str) -> list[str]:
    config, diagnostics = parse_config(text)
    assert config is None, "a config with errors must not be returned"
    return [d.format() for d in diagnostics]


def valid(text: str) -> Config:
    config, diagnostics = parse_config(text)
    assert diagnostics == []
    assert config is not None
    return config


def test_valid_config() -> None:
    config = valid(CONFIG)
    assert config.site.title == "Careers at Acme"
    assert config.site.base_url == "https://jobs.acme.example"
    assert config.site.base_path == ""
    assert config.site.timezone == "America/New_York"
    assert config.company.name == "Acme Corp"
    assert config.company.logo == "/static/logo.svg"
    assert config.company.same_as == ("https://www.linkedin.com/company/acme-example",)
    assert config.defaults.currency == "USD"
    assert config.defaults.employment_type == "full-time"
    assert config.defaults.apply_email == "jobs@acme.example"
    assert config.build.sanitize is False


def test_minimal_config_uses_defaults() -> None:
    config = valid(COMPANY)
    assert (config.site.title, config.site.base_url, config.site.timezone) == (
        "Careers",
        "http://localhost:8000",
        "UTC",
    )
    assert config.defaults.currency == "USD"
    assert config.build.output == "build"


def test_base_url_trailing_slash_is_dropped_and_path_kept() -> None:
    config = valid(COMPANY + '[site]\nbase_url = "https://acme.example/careers/"\n')
    assert config.site.base_url == "https://acme.example/careers"
    assert config.site.base_path == "/careers"


def test_values_are_normalised() -> None:
    config = valid(COMPANY + '[defaults]\ncurrency = "eur"\nemployment_type = "Full Time"\nvalid_for_days = 45\n')
    assert (config.defaults.currency, config.defaults.employment_type) == ("EUR", "full-time")
    assert config.defaults.valid_for_days == 45


@pytest.mark.parametrize(
    ("same_as", "expected"),
    [
        ('"https://www.linkedin.com/company/acme"', ("https://www.linkedin.com/company/acme",)),
        ('["https://a.example", "https://b.example"]', ("https://a.example", "https://b.example")),
    ],
    ids=["single-string", "list"],
)
def test_same_as_accepts_one_url_or_a_list(same_as: str, expected: tuple[str, ...]) -> None:
    assert valid(COMPANY + f"same_as = {same_as}\n").company.same_as == expected


def test_unknown_key_suggests_the_close_one_with_its_line() -> None:
    text = '[site]\ntitle = "Careers"\ntitel = "x"\n' + COMPANY
    assert problems(text) == ["sitegen.toml:3: site.titel: unknown key (did you mean 'title'?)"]


def test_unknown_key_without_close_match_lists_known_keys() -> None:
    assert problems(COMPANY + "[build]\nminify = true\n") == [
        "sitegen.toml:4: build.minify: unknown key (known keys: output, sanitize, share_images, markdown, "
        "markdown_extensions, markdown_extension_configs)"
    ]


def test_unknown_key_in_a_dotted_key_is_found() -> None:
    assert problems('# settings\nsite.titel = "x"\n' + COMPANY) == [
        "sitegen.toml:2: site.titel: unknown key (did you mean 'title'?)"
    ]


def test_unknown_dotted_key_inside_a_table_has_its_own_line() -> None:
    assert problems(COMPANY + 'site.title = "x"\n') == [
        "sitegen.toml:3: company.site: unknown key "
        "(known keys: name, url, logo, same_as, eeo_statement, employees, brand_color)"
    ]


def test_commented_out_key_does_not_take_the_line() -> None:
    text = COMPANY + '[site]\n# titel = "old"\ntitel = "x"\n'
    assert problems(text) == ["sitegen.toml:5: site.titel: unknown key (did you mean 'title'?)"]


def test_key_like_text_inside_a_multiline_string_does_not_take_the_line() -> None:
    text = COMPANY + '[site]\ndescription = """\ntitel = "in the text"\n"""\ntitel = "x"\n'
    assert problems(text) == ["sitegen.toml:7: site.titel: unknown key (did you mean 'title'?)"]


def test_unknown_table_suggests_the_close_one() -> None:
    text = '[compnay]\nname = "Acme"\n' + COMPANY
    assert problems(text) == ["sitegen.toml:1: compnay: unknown table (did you mean 'company'?)"]


def test_unknown_top_level_key_lists_the_tables() -> None:
    assert problems("foo = 1\n" + COMPANY) == [
        "sitegen.toml:1: foo: unknown key "
        "(expected tables: [site], [company], [theme], [listings], [defaults], [build], [check], [[sources]], "
        "[embed], [headers], [analytics], [languages])"
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("[site]\ntitle = 5", "sitegen.toml:4: site.title: expected a quoted string, got 5"),
        ('[site]\ntitle = ["x"]', "sitegen.toml:4: site.title: expected text, got a list"),
        ('[build]\nsanitize = "yes"', "sitegen.toml:4: build.sanitize: expected true or false, got 'yes'"),
        ("[build]\noutput = 5", "sitegen.toml:4: build.output: expected a quoted string, got 5"),
        ("employees = 0", "sitegen.toml:3: company.employees: must be at least 1, got 0"),
        ("employees = 5.5", "sitegen.toml:3: company.employees: expected a whole number, got 5.5"),
        (
            'logo = "logo.svg"',
            "sitegen.toml:3: company.logo: expected a URL or a site path starting with '/', got 'logo.svg'",
        ),
        ('same_as = "x"', "sitegen.toml:3: company.same_as: expected an http:// or https:// address, got 'x'"),
        (
            'same_as = ["https://a.example", "linkedin"]',
            "sitegen.toml:3: company.same_as[2]: expected an http:// or https:// address, got 'linkedin'",
        ),
        (
            '[defaults]\nvalid_for_days = "30"',
            "sitegen.toml:4: defaults.valid_for_days: expected a whole number, got '30'",
        ),
        ('[[check]]\nignore = "x"', "sitegen.toml:3: check: expected a table [check], got a list"),
    ],
)
def test_wrong_types(lines: str, expected: str) -> None:
    assert problems(COMPANY + lines + "\n") == [expected]


def test_table_given_as_a_value() -> None:
    assert problems('site = "Careers"\n' + COMPANY) == ["sitegen.toml:1: site: expected a table [site], got 'Careers'"]


@pytest.mark.parametrize("base_url", ["jobs.acme.example", "ftp://jobs.acme.example", "https://", "/careers"])
def test_bad_base_url(base_url: str) -> None:
    assert problems(COMPANY + f'[site]\nbase_url = "{base_url}"\n') == [
        f"sitegen.toml:4: site.base_url: expected an http:// or https:// address, got '{base_url}'"
    ]


@pytest.mark.parametrize("timezone", ["Mars/Olympus_Mons", "EST5", "../../etc/passwd", ""])
def test_bad_timezone(timezone: str) -> None:
    assert problems(COMPANY + f'[site]\ntimezone = "{timezone}"\n') == [
        f"sitegen.toml:4: site.timezone: unknown time zone '{timezone}' "
        "(an IANA name like 'Europe/Berlin' or 'America/New_York')"
    ]


def test_bad_currency() -> None:
    assert problems(COMPANY + '[defaults]\ncurrency = "XYZ"\n') == [
        "sitegen.toml:4: defaults.currency: expected an ISO 4217 currency code like USD or EUR, got 'XYZ'"
    ]


def test_unknown_default_employment_type_suggests_one() -> None:
    assert problems(COMPANY + '[defaults]\nemployment_type = "part tme"\n') == [
        "sitegen.toml:4: defaults.employment_type: unknown value 'part tme' (did you mean 'part-time'?)"
    ]


HINT = "(the hiring organisation's name, required by Google for Jobs)"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[site]\ntitle = "Careers"\n', 1),
        ('[site]\ntitle = "Careers"\n\n[company]\nurl = "https://acme.example"\n', 4),
    ],
    ids=["no-company-table", "company-table-without-name"],
)
def test_missing_company_name(text: str, line: int) -> None:
    assert problems(text) == [f"sitegen.toml:{line}: company.name: missing {HINT}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[site]\ntitle = "Careers\n' + COMPANY, "sitegen.toml:2: invalid TOML: Illegal character '\\n'"),
        (COMPANY + 'name = "Other"\n', "sitegen.toml:3: invalid TOML: Cannot overwrite a value"),
        (COMPANY + "[site]\ntitle =\n", "sitegen.toml:4: invalid TOML: Invalid value"),
    ],
    ids=["unclosed-string", "duplicate-key", "missing-value"],
)
def test_toml_syntax_error_has_its_line(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_every_problem_is_reported_in_one_run() -> None:
    text = (
        "[site]\n"  # 1
        'titel = "x"\n'  # 2
        'base_url = "nope"\n'  # 3
        'timezone = "Nowhere/Town"\n'  # 4
        "[company]\n"  # 5
        "employees = 0\n"  # 6
        "[defaults]\n"  # 7
        'currency = "XYZ"\n'  # 8
        "[build]\n"  # 9
        'sanitize = "yes"\n'  # 10
    )
    assert sorted(problems(text)) == sorted(
        [
            "sitegen.toml:2: site.titel: unknown key (did you mean 'title'?)",
            "sitegen.toml:3: site.base_url: expected an http:// or https:// address, got 'nope'",
            "sitegen.toml:4: site.timezone: unknown time zone 'Nowhere/Town' "
            "(an IANA name like 'Europe/Berlin' or 'America/New_York')",
            "sitegen.toml:6: company.employees: must be at least 1, got 0",
            "sitegen.toml:8: defaults.currency: expected an ISO 4217 currency code like USD or EUR, got 'XYZ'",
            "sitegen.toml:10: build.sanitize: expected true or false, got 'yes'",
            f"sitegen.toml:5: company.name: missing {HINT}",
        ]
    )


def test_diagnostics_are_errors_and_use_the_given_path() -> None:
    _, diagnostics = parse_config('[site]\ntitel = "x"\n' + COMPANY, path="site/sitegen.toml")
    assert [(d.path, d.severity) for d in diagnostics] == [("site/sitegen.toml", "error")]


def test_a_time_zone_too_long_for_a_file_name_is_an_error_not_a_crash() -> None:
    found = problems(COMPANY + '[site]\ntimezone = "' + "a" * 5000 + '"\n')
    assert len(found) == 1 and found[0].startswith("sitegen.toml:4: site.timezone: unknown time zone")


def test_a_theme_name_too_long_for_a_file_name_is_reported_as_missing(make_site, tmp_path) -> None:
    from click.testing import CliRunner

    from sitegen.cli import cli

    site = make_site()
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('theme = "default"', 'theme = "' + "t" * 5000 + '"'))
    result = CliRunner().invoke(cli, ["check", str(site)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # the CLI's own exit, not an uncaught error
    assert "site.theme" in result.output and "Traceback" not in result.output
