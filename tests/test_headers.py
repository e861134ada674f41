"""``[headers]`` and ``[analytics]``: validation with lines, the header lines, ``_headers`` and the dev server alike."""

from __future__ import annotations

import pytest

from sitegen.config import Config, parse_config
from sitegen.headers import content_security_policy, security_headers
from tests.conftest import CONFIG


def _config(extra: str) -> tuple[Config | None, list[str]]:
    config, diagnostics = parse_config(CONFIG + extra)
    return config, [d.format() for d in diagnostics]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate((CONFIG + text).splitlines(), 1) if needle in line)


def _csp(config: Config) -> dict[str, tuple[str, ...]]:
    return content_security_policy(config)


def test_the_default_policy_is_strict_and_sends_x_frame_options() -> None:
    headers = dict(security_headers(Config()))
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe" not in csp


def test_header_settings_are_added_to_the_default() -> None:
    extra = """
[headers]
script_src = ["https://plausible.io"]
style_src = "https://fonts.googleapis.com"
font_src = ["https://fonts.gstatic.com"]
frame_src = ["https://www.youtube-nocookie.com"]
connect_src = ["https://API.example.com:8443"]
media_src = ["https://media.example.com"]
img_src = ["http://images.example.com"]
form_action = ["https://boards.greenhouse.io"]
frame_ancestors = ["'self'", "https://www.acme.example"]
referrer_policy = "same-origin"
"""
    config, problems = _config(extra)
    assert problems == [] and config is not None
    csp = _csp(config)
    assert csp["script-src"] == ("'self'", "https://plausible.io")
    assert csp["style-src"] == ("'self'", "https://fonts.googleapis.com")
    # a directive the default leaves to default-src starts from 'self': the site's own fonts still load
    assert csp["font-src"] == ("'self'", "https://fonts.gstatic.com")
    assert csp["frame-src"] == ("'self'", "https://www.youtube-nocookie.com")
    assert csp["connect-src"] == ("'self'", "https://api.example.com:8443")
    assert csp["media-src"] == ("'self'", "https://media.example.com")
    assert csp["img-src"] == ("'self'", "data:", "https:", "http://images.example.com")
    assert csp["form-action"] == ("'self'", "https:", "https://boards.greenhouse.io")
    assert csp["frame-ancestors"] == ("'self'", "https://www.acme.example")
    headers = dict(security_headers(config))
    assert "X-Frame-Options" not in headers  # frames are allowed: frame-ancestors says by whom
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("'unsafe-inline'", "would let scripts injected into a page run"),
        ("'unsafe-eval'", "would let scripts injected into a page run"),
        ("unsafe-inline", "would let scripts injected into a page run"),
        ("https://a.example; script-src *", "contains ';'"),
        ("https://a.example https://b.example", "contains ';', ',', a space"),
        ("https://a.example'", "a quote"),
        ("https://a.example,https://b.example", "contains ';', ','"),
        ("plausible.io", "has no scheme"),
        ("https://plausible.io/js/script.js", "has a path"),
        ("*", "from anywhere"),
        ("https:", "from anywhere"),
        ("data:", "from anywhere"),
        ("'nonce-abc'", "a nonce needs a server"),
        ("'strict-dynamic'", "unknown keyword"),
        ("'none'", "would block everything"),
        ("ftp://files.example", "is not an origin"),
    ],
)
def test_a_wrong_source_is_an_error_at_its_line(value: str, message: str) -> None:
    extra = f'\n[headers]\nscript_src = ["https://plausible.io", "{value}"]\n'.replace("\"'", "\"'")
    if '"' in value:
        extra = f"\n[headers]\nscript_src = ['https://plausible.io', '{value}']\n"
    config, problems = _config(extra)
    assert config is None
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"sitegen.toml:{_line(extra, 'script_src')}: headers.script_src[2]: ")
    assert message in problems[0]


def test_unsafe_inline_explains_what_to_do_instead() -> None:
    _, problems = _config("\n[headers]\nstyle_src = [\"'unsafe-inline'\"]\n")
    assert "headers.style_src[1]" in problems[0]
    assert "styles injected into a page" in problems[0] and "file under static/" in problems[0]


def test_every_header_problem_is_reported_in_one_run() -> None:
    extra = """
[headers]
font_src = "fonts.gstatic.com"
frame_src = ["https://www.youtube-nocookie.com/embed/x"]
referrer_policy = "no-referer"
frame_ancestors = ["'none'", "https://a.example"]
fonts_src = ["https://x.example"]
"""
    config, problems = _config(extra)
    assert config is None
    fields = [p.split(": ")[1] for p in problems]
    assert fields == [
        "headers.fonts_src",
        "headers.font_src",
        "headers.frame_src[1]",
        "headers.frame_ancestors",
        "headers.referrer_policy",
    ]
    assert all(p.startswith("sitegen.toml:") for p in problems)
    assert (
        f"sitegen.toml:{_line(extra, 'referrer_policy')}:" in problems[4]
        and "did you mean 'no-referrer'" in problems[4]
    )
    assert "did you mean 'font_src'" in problems[0]


def test_script_hashes_are_allowed_for_scripts_only() -> None:
    digest = "'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='"
    config, problems = _config(f'\n[headers]\nscript_src = ["{digest}"]\n')
    assert problems == [] and config is not None and digest in _csp(config)["script-src"]
    _, problems = _config(f'\n[headers]\nimg_src = ["{digest}"]\n')
    assert "a hash applies only to scripts and styles" in problems[0]


# -- analytics ----------------------------------------------------------------------------------


def test_plausible_adds_its_origin_for_the_script_and_its_events() -> None:
    config, problems = _config('\n[analytics]\nprovider = "plausible"\n')
    assert problems == [] and config is not None
    csp = _csp(config)
    assert "https://plausible.io" in csp["script-src"] and "https://plausible.io" in csp["connect-src"]
    assert "'self'" in csp["connect-src"]


def test_a_self_hosted_script_url_is_allowed_instead() -> None:
    extra = '\n[analytics]\nprovider = "umami"\nwebsite_id = "94db1cb1-74f4-4a40-ad6c-962362670409"\n'
    extra += 'script_url = "https://stats.acme.example/script.js"\n'
    config, problems = _config(extra)
    assert problems == [] and config is not None
    assert _csp(config)["script-src"] == ("'self'", "https://stats.acme.example")


def test_ga4_gets_the_entries_of_googles_csp_guide() -> None:
    config, problems = _config('\n[analytics]\nprovider = "ga4"\nmeasurement_id = "G-ABC123DEF4"\n')
    assert problems == [] and config is not None
    csp = _csp(config)
    assert "https://*.googletagmanager.com" in csp["script-src"]
    assert {"https://*.google-analytics.com", "https://*.analytics.google.com"} <= set(csp["connect-src"])
    assert "https://*.google-analytics.com" in csp["img-src"]
    assert "unsafe" not in dict(security_headers(config))["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ('provider = "ga4"\nmeasurement_id = "UA-1234-1"', "analytics.measurement_id", "Universal Analytics"),
        ('provider = "ga4"\nmeasurement_id = "G-1"', "analytics.measurement_id", "not a GA4 measurement id"),
        ('provider = "ga4"', "analytics.measurement_id", "missing"),
        ('provider = "umami"\nwebsite_id = "abc"', "analytics.website_id", "not an Umami website id"),
        ('provider = "plausible"\ndomain = "https://careers.acme.example/"', "analytics.domain", "not a domain"),
        ('provider = "plausible"\nmeasurement_id = "G-ABC123DEF4"', "analytics.measurement_id", "applies to"),
        ('provider = "google"', "analytics.provider", "unknown value 'google'"),
        ('domain = "careers.acme.example"', "analytics.provider", "missing"),
        ('provider = "plausible"\nscript_url = "stats.js"', "analytics.script_url", "expected an http"),
        ('provider = "plausible"\non_previews = "yes"', "analytics.on_previews", "expected true or false"),
        (
            'provider = "ga4"\nmeasurement_id = "G-ABC123DEF4"\nscript_url = "https://x.example/a.js"',
            "analytics.script_url",
            "not used with ga4",
        ),
        ('provider = "plausible"\nsite_id = "x"', "analytics.site_id", "unknown key"),
    ],
)
def test_a_wrong_analytics_setting_is_an_error_at_its_line(extra: str, field: str, message: str) -> None:
    text = f"\n[analytics]\n{extra}\n"
    config, problems = _config(text)
    assert config is None
    found = [p for p in problems if f": {field}: " in p]
    assert found and message in found[0], problems
    key = field.split(".")[1]
    line = _line(text, f"{key} =") if f"{key} =" in text else _line(text, "[analytics]")
    assert found[0].startswith(f"sitegen.toml:{line}: ")


# -- _headers and sitegen serve ------------------------------------------------------------------

SETTINGS = """
[headers]
script_src = ["https://plausible.io"]
font_src = ["https://fonts.gstatic.com"]
frame_ancestors = ["'self'"]
referrer_policy = "no-referrer"

[analytics]
provider = "ga4"
measurement_id = "G-ABC123DEF4"
"""


def site_headers(text: str) -> list[tuple[str, str]]:
    """The ``/*`` rule of a ``_headers`` file, as ``(name, value)``."""
    found: list[tuple[str, str]] = []
    lines = iter(text.splitlines())
    assert next(lines) == "/*"
    for line in lines:
        if not line.startswith(" "):
            break
        name, value = line.strip().split(": ", 1)
        found.append((name, value))
    return found


def test_headers_file_sends_what_the_config_says(make_site, build_site) -> None:
    site = make_site(config=CONFIG + SETTINGS)
    result = build_site(site)
    assert not [d for d in result.diagnostics if d.is_error]
    sent = site_headers((site / "build" / "_headers").read_text())
    config, _ = parse_config(CONFIG + SETTINGS)
    assert config is not None
    assert sent == list(security_headers(config))
    csp = dict(sent)["Content-Security-Policy"]
    assert "script-src 'self' https://plausible.io https://*.googletagmanager.com" in csp
    assert "frame-ancestors 'self'" in csp and "X-Frame-Options" not in dict(sent)


def test_self_is_accepted_with_or_without_quotes_and_written_once() -> None:
    config, problems = _config('\n[headers]\nscript_src = ["\'self\'", "self", "https://plausible.io"]\n')
    assert problems == [] and config is not None
    assert _csp(config)["script-src"] == ("'self'", "https://plausible.io")


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("img_src", "*", "would allow images from anywhere"),
        ("frame_src", "*", "would allow frames from anywhere"),
        ("style_src", "https:", "would allow styles from anywhere"),
        ("connect_src", "https://api.example.com:99999", "has no valid port"),
        ("frame_ancestors", "https://a.example/embed", "has a path"),
    ],
)
def test_each_setting_explains_its_own_mistake(setting: str, value: str, message: str) -> None:
    config, problems = _config(f'\n[headers]\n{setting} = ["{value}"]\n')
    assert config is None and len(problems) == 1
    assert f": headers.{setting}[1]: " in problems[0] and message in problems[0]


def test_analytics_accepts_common_spellings() -> None:
    config, problems = _config('\n[analytics]\nprovider = "Google Analytics"\nmeasurement_id = "g-abc123def4"\n')
    assert problems == [] and config is not None
    assert (config.analytics.provider, config.analytics.site_id) == ("ga4", "G-ABC123DEF4")
