"""``[[sources]]`` in sitegen.toml and ``sitegen build --sync``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sitegen.cli import cli
from sitegen.config import SourceSettings, parse_config
from tests.conftest import CONFIG
from tests.helpers import tree_bytes
from tests.importers.conftest import EPOCH
from tests.importers.test_fetch import server  # noqa: F401 (the fixture)


def _sources(*tables: str) -> str:
    return CONFIG + "".join(f"\n[[sources]]\n{table}\n" for table in tables)


def test_sources_are_read_from_the_config():
    config, diagnostics = parse_config(
        _sources(
            'source = "greenhouse:acme"\ndrop_boilerplate = true',
            'source = "lever:acme"\napi_url = "https://x.example"',
        )
    )
    assert diagnostics == []
    assert config is not None and config.sources == (
        SourceSettings("greenhouse:acme", None, True),
        SourceSettings("lever:acme", "https://x.example", False),
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('source = "jobvite:acme"', "sources[1].source: 'jobvite:acme' names no ATS we import from"),
        ('source = "greenhouse:"', "sources[1].source: 'greenhouse:' names no board"),
        ('api_url = "https://x.example"', "sources[1].source: missing"),
        ('source = "greenhouse:acme"\ntoken = "x"', "sources[1].token: unknown key"),
    ],
)
def test_a_wrong_source_is_a_diagnostic_with_its_line(table, message):
    config, diagnostics = parse_config(_sources(table))
    assert config is None or any(d.severity == "warning" for d in diagnostics)
    assert any(message in d.format() for d in diagnostics), [d.format() for d in diagnostics]
    assert all(d.line for d in diagnostics)


def _build(site, *args):
    return CliRunner().invoke(cli, ["build", str(site), "--sync", *args], env={"SOURCE_DATE_EPOCH": EPOCH})


def test_build_sync_imports_every_source_then_builds(make_site, server):  # noqa: F811
    url, _ = server
    site = make_site({}, config=_sources(f'source = "greenhouse:acme"\napi_url = "{url}"'))
    result = _build(site)
    assert result.exit_code == 0, result.output
    assert "greenhouse:acme: 2 added" in result.output and "built 2 postings" in result.output
    assert len(list((site / "build/jobs").iterdir())) == 2


def test_a_failed_sync_is_one_line_per_source_and_does_not_build(make_site, server):  # noqa: F811
    url, _ = server
    site = make_site(
        {},
        config=_sources(
            f'source = "greenhouse:acme"\napi_url = "{url}"', f'source = "greenhouse:gone"\napi_url = "{url}"'
        ),
    )
    before = tree_bytes(site)
    result = _build(site)
    assert result.exit_code == 1
    assert f"greenhouse:gone: {url}/v1/boards/gone/jobs?content=true: not found (404)" in result.output
    assert "the site was not built" in result.output and "Traceback" not in result.output
    assert tree_bytes(site) == before  # acme was fine, but nothing is written unless every board is
