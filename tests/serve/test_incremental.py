"""Incremental rebuilds produce exactly the files of a full build of the same inputs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from sitegen.serve.incremental import Changes, IncrementalBuilder, OutputSink
from sitegen.serve.watch import classify
from tests.conftest import NOW, posting

OPTIONS = BuildOptions(now=NOW, drafts=True, preview=True, base_url="http://127.0.0.1:8000")


OPEN_TABS = {"jobs/data-engineer/index.html", "jobs/product-designer/index.html", "jobs/sales-lead/index.html"}


class FolderSink(OutputSink):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.order: list[str] = []  # paths in the order they were written

    def write(self, path: str, data: bytes) -> None:
        self.order.append(path)
        (self.root / path).parent.mkdir(parents=True, exist_ok=True)
        (self.root / path).write_bytes(data)

    def delete(self, path: str) -> None:
        (self.root / path).unlink()


def tree(root: Path) -> dict[str, bytes]:
    files = {}
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".sitegen"]
        for name in filenames:
            path = Path(directory) / name
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def assert_same_as_full_build(site: Path, served: Path, tmp_path: Path, options: BuildOptions = OPTIONS) -> None:
    full = tmp_path / "full"
    result = build(site, BuildOptions(**{**options.__dict__, "output": full}))
    assert result.written, [d.format() for d in result.errors]
    expected, actual = tree(full), tree(served)
    assert sorted(actual) == sorted(expected)
    different = [name for name in expected if expected[name] != actual[name]]
    assert not different


@pytest.fixture
def incremental(serve_site: Path, tmp_path: Path) -> tuple[IncrementalBuilder, Path]:
    served = tmp_path / "served"
    served.mkdir()
    builder = IncrementalBuilder(serve_site, OPTIONS, FolderSink(served))
    assert builder.update(Changes(reload=True, static=True)).ok
    return builder, served


JOBS = Path("content/jobs")
Edit = Callable[[Path], Changes]


def retitle(site: Path) -> Changes:
    path = site / JOBS / "data-engineer.md"
    path.write_text(posting(title="Senior Data Engineer"), encoding="utf-8")
    return Changes(postings={path})


def move_department(site: Path) -> Changes:
    path = site / JOBS / "data-engineer.md"
    path.write_text(posting(department="Design"), encoding="utf-8")
    return Changes(postings={path})


def add_posting(site: Path) -> Changes:
    path = site / JOBS / "new.md"
    path.write_text(posting(title="Sales Lead", department="Sales", locations="\n  - Berlin, DE"), encoding="utf-8")
    return Changes(postings={path})


def delete_posting(site: Path) -> Changes:
    path = site / JOBS / "designer.md"
    path.unlink()
    return Changes(postings={path})


def make_draft(site: Path) -> Changes:
    path = site / JOBS / "designer.md"
    path.write_text(posting(title="Product Designer", department="Design", draft="true"), encoding="utf-8")
    return Changes(postings={path})


def edit_template(site: Path) -> Changes:
    path = site / "themes/default/templates/posting.html"
    path.write_text(path.read_text(encoding="utf-8").replace("{% block content %}", "{% block content %}<p>new</p>"))
    return Changes(templates={"posting.html", "theme/posting.html"})


def edit_base_template(site: Path) -> Changes:
    path = site / "themes/default/templates/base.html"
    path.write_text(path.read_text(encoding="utf-8").replace("<body", "<!-- new -->\n<body", 1))
    return Changes(templates={"base.html", "theme/base.html"})


def override_template(site: Path) -> Changes:
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates/listing.html").write_text('{% extends "theme/listing.html" %}{% block content %}x{% endblock %}')
    return Changes(templates={"listing.html"})


def edit_css(site: Path) -> Changes:
    (site / "themes/default/static/style.css").write_text("body { color: red; }\n", encoding="utf-8")
    return Changes(assets=True, static=True, css={"assets/style.css"})


def add_static(site: Path) -> Changes:
    (site / "static/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (site / "static/favicon.svg").unlink()
    return Changes(static=True)


def edit_config(site: Path) -> Changes:
    config = site / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("Careers at Acme", "Jobs at Acme"), encoding="utf-8")
    return Changes(reload=True)


PAGE = "---\ntitle: About us\nmenu: 1\n---\nWe make tools.\n"


def add_page(site: Path) -> Changes:
    (site / "content/about.md").write_text(PAGE, encoding="utf-8")
    return Changes(pages=True)


def edit_page(site: Path) -> Changes:
    add_page(site)
    (site / "content/about.md").write_text(PAGE.replace("We make tools.", "We make good tools."), encoding="utf-8")
    return Changes(pages=True)


def retitle_page(site: Path) -> Changes:  # the menu changes: every page
    add_page(site)
    (site / "content/about.md").write_text(PAGE.replace("About us", "Who we are"), encoding="utf-8")
    return Changes(pages=True)


def delete_page(site: Path) -> Changes:
    add_page(site)
    (site / "content/about.md").unlink()
    return Changes(pages=True)


def edit_home(site: Path) -> Changes:
    (site / "content/index.md").write_text("---\nsections:\n  - kind: quote\n    text: Great team.\n---\nHello.\n")
    return Changes(pages=True)


def switch_language(site: Path) -> Changes:
    config = site / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('language = "en"', 'language = "de"'))
    return Changes(reload=True)


def edit_catalog(site: Path) -> Changes:
    """The site's own words for one string of the theme (README "Languages")."""
    path = site / "locale/en/LC_MESSAGES/messages.po"
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "Apply now"\nmsgstr "Join us"\n', encoding="utf-8")
    return classify(path, site, site / "themes/default", False) or Changes()


def go_multilingual(site: Path) -> Changes:
    """``[languages]`` and a German version of a posting (README "Multilingual sites")."""
    config = site / "sitegen.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[languages]\navailable = ["en", "de"]\n', encoding="utf-8"
    )
    translation = "---\ntitle: Dateningenieurin\ndepartment: Daten\n---\nWir bauen Datenpipelines.\n"
    (site / JOBS / "data-engineer.de.md").write_text(translation, encoding="utf-8")
    return Changes(reload=True)


def edit_theme_catalog(site: Path) -> Changes:
    path = site / "themes/default/locale/en/LC_MESSAGES/messages.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "Salary"', 'msgstr "Pay"'), encoding="utf-8")
    return classify(path, site, site / "themes/default", False) or Changes()


@pytest.mark.parametrize(
    "edit",
    [
        add_page,
        edit_page,
        retitle_page,
        delete_page,
        edit_home,
        switch_language,
        go_multilingual,
        edit_catalog,
        edit_theme_catalog,
        retitle,
        move_department,
        add_posting,
        delete_posting,
        make_draft,
        edit_template,
        edit_base_template,
        override_template,
        edit_css,
        add_static,
        edit_config,
    ],
)
def test_incremental_equals_full_build(
    edit: Edit, incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    builder, served = incremental
    report = builder.update(edit(serve_site))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert_same_as_full_build(serve_site, served, tmp_path)


@pytest.mark.parametrize("edit", [retitle, add_posting, delete_posting, edit_template, edit_page])
def test_every_update_of_a_multilingual_site_equals_full_build(
    edit: Edit, incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    builder, served = incremental
    assert builder.update(go_multilingual(serve_site)).ok
    translation = serve_site / JOBS / "data-engineer.de.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace("Daten", "Datenplattform"), encoding="utf-8")
    assert builder.update(Changes(postings={translation})).ok
    report = builder.update(edit(serve_site))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert (served / "de/jobs/data-engineer/index.html").is_file()
    assert_same_as_full_build(serve_site, served, tmp_path)


@pytest.mark.parametrize("edit", [retitle, move_department, add_posting, make_draft])
def test_open_tabs_first_still_equals_full_build(
    edit: Edit, incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    """With the edited posting open in a tab, its page is rendered before the rest is planned."""
    builder, served = incremental
    report = builder.update(edit(serve_site), priority=lambda: OPEN_TABS)
    assert report.ok, [d.format() for d in report.diagnostics]
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_edited_open_page_is_written_first(incremental: tuple[IncrementalBuilder, Path], serve_site: Path) -> None:
    builder, _ = incremental
    sink = builder.sink
    assert isinstance(sink, FolderSink)
    sink.order.clear()
    report = builder.update(retitle(serve_site), priority=lambda: OPEN_TABS)
    assert report.ok
    assert sink.order[0] == "jobs/data-engineer/index.html"
    assert "index.html" in sink.order[1:]
    assert sink.order.count("jobs/data-engineer/index.html") == 1  # not rendered and written twice


def test_a_page_edit_renders_that_page_only(incremental: tuple[IncrementalBuilder, Path], serve_site: Path) -> None:
    builder, _ = incremental
    assert builder.update(add_page(serve_site)).ok
    (serve_site / "content/about.md").write_text(
        PAGE.replace("We make tools.", "We make good tools."), encoding="utf-8"
    )
    report = builder.update(Changes(pages=True))
    assert report.ok and report.pages == 1
    assert "about/index.html" in report.written


def test_retitle_renders_only_affected_pages(incremental: tuple[IncrementalBuilder, Path], serve_site: Path) -> None:
    builder, _ = incremental
    total = len(builder.rendered.specs)  # type: ignore[union-attr]
    report = builder.update(retitle(serve_site))
    # the posting, the index, its department and location pages; not the other posting or the 404
    assert 3 <= report.pages < total
    assert "jobs/data-engineer/index.html" in report.written
    assert "jobs/product-designer/index.html" not in report.written


@pytest.mark.parametrize(
    ("edit", "template"),
    [(edit_template, "posting.html"), (override_template, "listing.html"), (edit_base_template, None)],
)
def test_a_template_change_renders_the_pages_that_use_it(
    edit: Edit, template: str | None, incremental: tuple[IncrementalBuilder, Path], serve_site: Path
) -> None:
    """``None``: a template every page extends."""
    builder, _ = incremental
    specs = builder.rendered.specs  # type: ignore[union-attr]
    expected = sum(1 for spec in specs.values() if template is None or spec.template == template)
    report = builder.update(edit(serve_site))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert report.pages == expected
    assert 0 < expected < len(specs) or template is None


def count_department_roles(builder: IncrementalBuilder, site: Path) -> Path:
    """A theme whose posting pages count their department's roles; a new Engineering role, not yet added."""
    path = site / "themes/default/templates/posting.html"
    counted = "{% block content %}<p>{{ department_page.count }} roles in {{ department_page.name }}</p>"
    path.write_text(path.read_text(encoding="utf-8").replace("{% block content %}", counted))
    assert builder.update(Changes(templates={"posting.html"})).ok
    joining = site / JOBS / "platform.md"
    joining.write_text(posting(title="Platform Engineer"), encoding="utf-8")
    return joining


def test_pages_that_show_other_postings_of_their_group_follow_them(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    """A role joining a department changes the posting pages that count its roles."""
    builder, served = incremental
    joining = count_department_roles(builder, serve_site)
    assert b"1 roles in Engineering" in (served / "jobs/data-engineer/index.html").read_bytes()
    report = builder.update(Changes(postings={joining}))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert b"2 roles in Engineering" in (served / "jobs/data-engineer/index.html").read_bytes()
    assert "jobs/product-designer/index.html" not in report.written  # another department
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_an_open_page_rendered_before_the_site_is_made_is_redone_when_its_groups_changed(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    """The open page of an edited posting is rendered against the previous departments first."""
    builder, served = incremental
    joining = count_department_roles(builder, serve_site)
    burst = retitle(serve_site)
    burst.postings.add(joining)  # saved together with the edit (one burst)
    report = builder.update(burst, priority=lambda: OPEN_TABS)
    assert report.ok, [d.format() for d in report.diagnostics]
    assert b"2 roles in Engineering" in (served / "jobs/data-engineer/index.html").read_bytes()
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_errors_keep_the_last_build_until_fixed(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    builder, served = incremental
    path = serve_site / JOBS / "data-engineer.md"
    before = tree(served)
    path.write_text(posting(title="Renamed").replace("department: Engineering", "department: [oops"))
    report = builder.update(Changes(postings={path}))
    assert not report.ok
    assert any(d.path == "content/jobs/data-engineer.md" and d.line for d in report.diagnostics)
    assert tree(served) == before
    path.write_text(posting(title="Renamed"), encoding="utf-8")
    assert builder.update(Changes(postings={path})).ok
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_no_drafts_leaves_drafts_out(serve_site: Path, tmp_path: Path) -> None:
    (serve_site / JOBS / "draft.md").write_text(posting(title="Secret Role", draft="true"), encoding="utf-8")
    served = tmp_path / "served"
    served.mkdir()
    options = BuildOptions(now=NOW, drafts=False, preview=True, base_url="http://127.0.0.1:8000")
    assert IncrementalBuilder(serve_site, options, FolderSink(served)).update(Changes(reload=True, static=True)).ok
    assert b"Secret Role" not in (served / "index.html").read_bytes()
    assert_same_as_full_build(serve_site, served, tmp_path, options)


def test_interrupted_update_is_completed_by_the_next(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    builder, served = incremental
    priority = {"jobs/data-engineer/index.html"}
    first = builder.update(retitle(serve_site), priority=lambda: priority, interrupted=lambda: True)
    assert first.ok and first.deferred > 0
    assert "jobs/data-engineer/index.html" in first.written  # the open page is never deferred
    assert builder.update(move_department(serve_site)).ok
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_feeds_are_left_for_the_next_update_when_newer_changes_are_waiting(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    builder, served = incremental
    sink = builder.sink
    assert isinstance(sink, FolderSink)
    sink.order.clear()
    pages_done = lambda: "index.html" in sink.order  # noqa: E731 - the pages come before the feeds
    first = builder.update(retitle(serve_site), interrupted=pages_done)
    assert first.ok and first.deferred
    assert "index.html" in first.written and "jobs.json" not in first.written
    assert b"Senior Data Engineer" not in (served / "jobs.json").read_bytes()
    assert builder.update(Changes()).ok  # the next update, with nothing new, completes it
    assert_same_as_full_build(serve_site, served, tmp_path)


class _NoTabs:
    """A live-reload hub with no tab open."""

    def file_changed(self, path: str) -> None:
        pass


@pytest.mark.parametrize("to_folder", [True, False])
def test_a_static_file_that_becomes_a_folder_or_back_updates_the_served_output(
    serve_site: Path, tmp_path: Path, to_folder: bool
) -> None:
    from sitegen.serve.http import PageGate
    from sitegen.serve.server import OutputFolder

    served = tmp_path / "served"
    served.mkdir()
    doc = serve_site / "static/doc"
    if to_folder:
        doc.write_text("a file")
    else:
        doc.mkdir()
        (doc / "readme.txt").write_text("readme")
    builder = IncrementalBuilder(serve_site, OPTIONS, OutputFolder(served, PageGate(), _NoTabs()))  # type: ignore[arg-type]
    assert builder.update(Changes(reload=True, static=True)).ok
    if to_folder:
        doc.unlink()
        doc.mkdir()
        (doc / "readme.txt").write_text("readme")
    else:
        (doc / "readme.txt").unlink()
        doc.rmdir()
        doc.write_text("a file")
    assert builder.update(Changes(static=True)).ok
    assert_same_as_full_build(serve_site, served, tmp_path)
    (serve_site / "static/later.txt").write_text("a later change")  # and later rebuilds work too
    assert builder.update(Changes(static=True)).ok
    assert_same_as_full_build(serve_site, served, tmp_path)


def test_the_dev_server_rebuilds_after_a_static_file_becomes_a_folder(serve_site: Path, start_server) -> None:
    doc = serve_site / "static/doc"
    doc.write_text("a file")
    server = start_server(serve_site)
    assert (server.output / "static/doc").read_text() == "a file"
    generation = server.generation
    doc.unlink()
    doc.mkdir()
    (doc / "readme.txt").write_text("readme")
    for _ in range(20):  # a burst of watch events: wait (bounded) until the last one is built
        if (server.output / "static/doc/readme.txt").is_file():
            break
        server.wait_for_attempt(server.attempts + 1, timeout=2)
    assert (server.output / "static/doc/readme.txt").read_text() == "readme"
    assert server.generation > generation
    assert not [line for line in server.lines if "fail" in line]
    (serve_site / "static/later.txt").write_text("later")
    for _ in range(20):
        if (server.output / "static/later.txt").is_file():
            break
        server.wait_for_attempt(server.attempts + 1, timeout=2)
    assert (server.output / "static/later.txt").read_text() == "later"


def test_more_roles_follows_the_postings_of_its_department_only(
    incremental: tuple[IncrementalBuilder, Path], serve_site: Path, tmp_path: Path
) -> None:
    """The default posting page lists its department's other roles: a sibling's change shows there."""
    builder, served = incremental
    joining = serve_site / JOBS / "platform.md"
    joining.write_text(posting(title="Platform Engineer"), encoding="utf-8")
    report = builder.update(Changes(postings={joining}))
    assert report.ok, [d.format() for d in report.diagnostics]
    page = (served / "jobs/data-engineer/index.html").read_text(encoding="utf-8")
    assert "More roles in Engineering" in page and ">Platform Engineer</a>" in page
    assert "jobs/product-designer/index.html" not in report.written  # another department
    joining.write_text(posting(title="Platform Lead"), encoding="utf-8")
    report = builder.update(Changes(postings={joining}))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert "jobs/data-engineer/index.html" in report.written
    assert "jobs/product-designer/index.html" not in report.written
    assert ">Platform Lead</a>" in (served / "jobs/data-engineer/index.html").read_text(encoding="utf-8")
    # what the list does not show (the body) renders nothing else again
    joining.write_text(posting(title="Platform Lead").replace("Build our data platform.", "Run it."), encoding="utf-8")
    report = builder.update(Changes(postings={joining}))
    assert report.ok, [d.format() for d in report.diagnostics]
    assert "jobs/data-engineer/index.html" not in report.written
    assert "jobs/platform/index.html" in report.written
    assert_same_as_full_build(serve_site, served, tmp_path)
