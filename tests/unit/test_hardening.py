"""Regression tests for inputs that used to crash, hang or mislead (issue 6, "Hardening")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.content.frontmatter import FrontMatterError, decode
from sitegen.content.salary import SalaryError, parse_salary_text
from sitegen.history import removed_posting_paths
from sitegen.model import Place
from sitegen.slugs import is_reserved, name_slug
from sitegen.tree import parse_yaml
from tests.conftest import CONFIG, POSTING, posting
from tests.helpers import commit_then_delete


def test_alias_bomb_is_one_error_not_an_exponential_walk() -> None:
    levels = "".join(f"  - &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
    tree, diagnostics = parse_yaml("benefits:\n  - &l0 [x, x, x, x, x, x, x, x, x]\n" + levels, "a.md", 2)
    assert tree is None
    assert [d.format() for d in diagnostics] == [
        "a.md:4: YAML aliases ('*name') are not supported (write the value out in full)"
    ]


@pytest.mark.parametrize("text", ["-45 per hour", "$-45/hour", "\u221250,000 - 60,000 EUR"])
def test_negative_salary_text_is_not_read_as_positive(text: str) -> None:
    with pytest.raises(SalaryError, match="must be a positive amount"):
        parse_salary_text(text, "USD")


def test_control_characters_are_reported_with_their_line() -> None:
    with pytest.raises(FrontMatterError) as info:
        decode(b"---\ntitle: x\n---\nline\r\nbreak\x0bhere\n")
    assert (str(info.value), info.value.line) == ("contains a control character (U+000B)", 5)


def test_names_in_other_scripts_get_distinct_stable_slugs() -> None:
    assert name_slug("Engineering") == "engineering"
    assert name_slug("Инженерия") != name_slug("Маркетинг")
    assert name_slug("Инженерия") == name_slug("Инженерия") and name_slug("Инженерия")
    assert is_reserved("con") and not is_reserved(name_slug("Con"))
    tokyo, osaka = Place("JP", city="東京"), Place("JP", city="大阪")
    assert tokyo.slug != osaka.slug and tokyo.slug.endswith("-jp")
    assert Place("US", city="Ann Arbor", region="MI").slug == "ann-arbor-mi-us"  # unchanged for Latin names


def test_a_fifo_in_content_is_reported_not_read(make_site, build_site) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    site = make_site()
    os.mkfifo(site / "content/jobs/pipe.md")
    result = build_site(site)  # reading it would block forever
    assert [d.format() for d in result.errors] == [
        "content/jobs/pipe.md: is not a regular file (postings are .md text files)"
    ]


def test_an_unreadable_posting_is_reported(make_site, build_site, monkeypatch) -> None:
    """Runs everywhere, even as root (where chmod 000 blocks nothing; the corpus covers the real case)."""
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/locked.md": POSTING})
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = build_site(site)
    assert [d.format() for d in result.errors] == ["content/jobs/locked.md: cannot be read: Permission denied"]


def test_a_template_symlink_loop_is_reported(make_site, build_site) -> None:
    site = make_site()
    (site / "templates").mkdir()
    try:
        os.symlink("loop.html", site / "templates/loop.html")
    except OSError as exc:
        pytest.skip(f"cannot create symlinks: {exc}")
    result = build_site(site)
    expected = "templates/loop.html: template is a broken symlink or a symlink loop"
    assert [d.format() for d in result.errors] == [expected]


def test_a_deleted_posting_with_an_impossible_date_does_not_break_later_builds(make_site, build_site) -> None:
    """git history is read with the located tree: yaml.safe_load raised ValueError on 2026-02-30."""
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/old.md": posting(date_posted="2026-02-30")})

    commit_then_delete(site, "content/jobs/old.md")
    assert removed_posting_paths(site, load_config(site)[0]) == (["jobs/old/"], [])
    assert build_site(site).written


def test_a_deleted_file_named_like_a_translation_on_a_site_of_one_language_was_a_posting(make_site) -> None:
    """Before ``[languages]``, ``berlin.de.md`` was a posting published at ``jobs/berlin-de/``."""
    site = make_site({"content/jobs/a.md": POSTING, "content/jobs/berlin.de.md": POSTING})
    commit_then_delete(site, "content/jobs/berlin.de.md")
    assert removed_posting_paths(site, load_config(site)[0]) == (["jobs/berlin-de/"], [])


def test_valid_for_days_is_bounded() -> None:
    from sitegen.config import parse_config

    config, diagnostics = parse_config(CONFIG.replace("[defaults]", "[defaults]\nvalid_for_days = 99999999999"))
    assert config is None
    assert [d.format() for d in diagnostics] == [
        "sitegen.toml:17: defaults.valid_for_days: must be at most 3,650, got 99,999,999,999"
    ]
