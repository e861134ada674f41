"""The fixture posting is clean, so every other test's finding comes from the field it changes."""

from __future__ import annotations

from tests.checks.conftest import job


def test_the_fixture_posting_has_no_findings(lint):
    assert lint(job()) == []
