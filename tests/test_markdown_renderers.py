"""The same sites built with each Markdown renderer: both build, sanitize, check links and cache alike."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

from sitegen.build import BuildOptions, BuildResult, build
from sitegen.checks import run_check
from tests.absences import copy_example, read_tree, use_workers
from tests.conftest import CONFIG, NOW, POSTING

PYTHON_MARKDOWN = '\n[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["admonition", "toc", "tables"]\n'
BODY = """\
Build our data platform with **Python** and [SQL](https://www.postgresql.org/).

!!! note "Visa sponsorship"
    We sponsor work visas.

## What you'll do

- Design pipelines
- Keep data correct

| Level | Pay |
|---|---|
| L2 | $120k |
"""


def with_body(body: str) -> str:
    head = POSTING.split("---\n", 2)[1]
    return "---\n" + head + "---\n" + body


def posting_body(site: Path, slug: str = "data-engineer") -> str:
    """The rendered body as the posting page shows it."""
    page = (site / "build" / "jobs" / slug / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<div class="prose posting-body">(.*?)\n      </div>', page, re.DOTALL)
    assert match is not None, "the default theme's posting body should be on the page"
    return match.group(1)


def built(site: Path, **options: object) -> BuildResult:
    result = build(site, BuildOptions(now=NOW, **options))  # type: ignore[arg-type]
    assert not result.errors, result.diagnostics
    return result


@pytest.mark.parametrize("renderer", ["cmark-gfm", "python-markdown"])
def test_the_example_site_builds_with_each_renderer(renderer: str, tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[build]\nmarkdown = "{renderer}"\n')
    built(site)
    bodies = [posting_body(site, page.parent.name) for page in (site / "build" / "jobs").glob("*/index.html")]
    assert len(bodies) >= 10
    assert all("<p>" in body and "<h2" in body and "<li>" in body for body in bodies)


def test_the_same_site_with_each_renderer(make_site: Callable[..., Path]) -> None:
    files = {"content/jobs/data-engineer.md": with_body(BODY)}
    cmark = make_site(files, name="cmark")
    python = make_site(files, config=CONFIG + PYTHON_MARKDOWN, name="python")
    built(cmark)
    built(python)
    cmark_body, python_body = posting_body(cmark), posting_body(python)
    for body in (cmark_body, python_body):  # what both render alike
        assert "<strong>Python</strong>" in body
        assert '<a href="https://www.postgresql.org/">SQL</a>' in body
        assert "<li>Design pipelines</li>" in body
        assert "<td>$120k</td>" in body
    assert '<div class="admonition note">' in python_body
    assert '<h2 id="what-youll-do">' in python_body
    assert "admonition" not in cmark_body
    assert "<p>!!! note" in cmark_body
    jobs = (python / "build" / "jobs.json").read_text(encoding="utf-8")
    assert "admonition note" in jobs  # every output reads the same rendered body


@pytest.mark.parametrize("renderer", ["cmark-gfm", "python-markdown"])
def test_sanitize_applies_to_either_renderer(renderer: str, make_site: Callable[..., Path]) -> None:
    body = 'Hello <script>alert("x")</script> and <img src="a.png" onerror="steal()">\n\n<iframe src="x"></iframe>\n'
    config = CONFIG + f'\n[build]\nsanitize = true\nmarkdown = "{renderer}"\n'
    site = make_site({"content/jobs/data-engineer.md": with_body(body)}, config=config)
    built(site)
    html = posting_body(site)
    assert "<script" not in html
    assert "<iframe" not in html
    assert "onerror" not in html
    assert '<img src="a.png">' in html


def test_link_checks_read_either_renderers_html(make_site: Callable[..., Path]) -> None:
    """toc gives headings ids, so an anchor link to a heading works with python-markdown only."""
    files = {"content/jobs/data-engineer.md": with_body(BODY + "\nSee [the work](#what-youll-do).\n")}
    cmark = make_site(files, name="cmark")
    python = make_site(files, config=CONFIG + PYTHON_MARKDOWN, name="python")
    cmark_links = [d for d in run_check(cmark, NOW) if d.rule == "quality.broken-link"]
    python_links = [d for d in run_check(python, NOW) if d.rule == "quality.broken-link"]
    assert [d.message for d in cmark_links] == [
        "the link '#what-youll-do' goes to '#what-youll-do', which is not on that page"
    ]
    assert python_links == []


def test_switching_renderer_renders_bodies_again(make_site: Callable[..., Path]) -> None:
    """The renderer and its extensions are part of the configuration, which keys every cache."""
    site = make_site({"content/jobs/data-engineer.md": with_body(BODY)})
    config = site / "sitegen.toml"
    built(site)
    first = read_tree(site / "build")
    assert "<p>!!! note" in posting_body(site)

    config.write_text(CONFIG + PYTHON_MARKDOWN, encoding="utf-8")
    second = built(site)
    assert second.changed > 0
    assert '<div class="admonition note">' in posting_body(site)
    assert '<h2 id="what-youll-do">' in posting_body(site)

    config.write_text(CONFIG + PYTHON_MARKDOWN.replace('"toc", ', ""), encoding="utf-8")  # extensions too
    built(site)
    assert '<div class="admonition note">' in posting_body(site)
    assert "<h2>What you'll do</h2>" in posting_body(site)

    config.write_text(CONFIG, encoding="utf-8")
    built(site)
    last = read_tree(site / "build")
    assert [name for name in last if last[name] != first.get(name)] == [".sitegen/changes.json"]  # what changed
    assert b'"updated": [\n    "https://jobs.acme.example/jobs/data-engineer/"' in last[".sitegen/changes.json"]


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_workers_render_with_python_markdown(
    start_method: str, make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers inherit the renderer, spawned ones make their own: the same bytes as in-process."""
    files = {
        f"content/jobs/role-{n}.md": with_body(BODY.replace("Design pipelines", f"Design pipeline {n}"))
        for n in range(12)
    }
    single = make_site(files, config=CONFIG + PYTHON_MARKDOWN, name="single")
    monkeypatch.setenv("SITEGEN_WORKERS", "1")
    built(single)
    expected = read_tree(single / "build")

    parallel = make_site(files, config=CONFIG + PYTHON_MARKDOWN, name="parallel")
    use_workers(monkeypatch)
    if start_method == "spawn":
        monkeypatch.setenv("SITEGEN_START_METHOD", "spawn")
    from sitegen import parallel as parallel_module

    assert parallel_module.start_method() == start_method
    built(parallel)
    found = read_tree(parallel / "build")
    assert sorted(found) == sorted(expected)
    assert [name for name in found if found[name] != expected[name]] == []
    assert '<div class="admonition note">' in posting_body(parallel, "role-0")


class Exploding(Extension):  # type: ignore[misc]
    """A third-party extension that fails on some text: ``BOOM`` anywhere."""

    def extendMarkdown(self, md: Any) -> None:
        md.preprocessors.register(_Explode(md), "explode", 100)


class _Explode(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        if any("BOOM" in line for line in lines):
            raise RuntimeError("cannot handle BOOM")
        return lines


def test_an_extension_failing_on_one_posting_is_reported_at_it(make_site: Callable[..., Path]) -> None:
    config = CONFIG + f'\n[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["{__name__}:Exploding"]\n'
    files = {
        "content/jobs/data-engineer.md": with_body(BODY),
        "content/jobs/bad.md": with_body("Fine.\n\nBOOM\n"),
    }
    site = make_site(files, config=config)
    result = build(site, BuildOptions(now=NOW))
    errors = [d.format() for d in result.diagnostics if d.is_error]
    assert errors == [
        "content/jobs/bad.md:17: Python-Markdown failed on this text: RuntimeError: cannot handle BOOM "
        "(an extension in [build] markdown_extensions cannot take this text: change the text or drop the extension)"
    ]
