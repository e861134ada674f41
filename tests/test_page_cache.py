"""The build cache reuses pages, postings and fragments, and a cached build always equals a clean one."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.content import loader
from sitegen.outputs import share_images
from tests.conftest import CONFIG, NOW, SiteFactory, posting
from tests.helpers import soup, tree_bytes

DEPARTMENTS = ["Data", "Ops", "Design"]
PLACES = ["\n  - Berlin, DE", "\n  - Ann Arbor, MI, US", "\n  - Berlin, DE\n  - Toronto, ON, CA"]

# A posting page that shows its department's other roles, and a base that counts departments:
# pages then depend on other postings, which the cache must notice.
POSTING_TEMPLATE = """{% extends "theme/posting.html" %}{% block content %}{{ super() }}
{% if department_page %}<p class="team">{{ department_page.count }} in {{ department_page.name }}:
{% for p in department_page.postings %}{{ p.title }};{% endfor %}</p>{% endif %}{% endblock %}"""
BASE_TEMPLATE = """{% extends "theme/base.html" %}{% block content %}<!-- {{ departments|length }} teams -->
{{ super() }}{% endblock %}"""


def roles(count: int) -> dict[str, str]:
    return {
        f"content/jobs/role-{i}.md": posting(
            title=f"Role {i}", department=DEPARTMENTS[i % 3], locations=PLACES[i % len(PLACES)]
        )
        for i in range(count)
    }


def build_both(site: Path, tmp: Path, now: dt.datetime) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """A cached build into site/build and a clean one elsewhere; ``changes.json`` compares with the
    previous build by definition, so it is left out."""
    cached = build(site, BuildOptions(now=now))
    assert cached.written, [d.format() for d in cached.diagnostics]
    clean = build(site, BuildOptions(now=now, output=tmp, no_cache=True))
    assert clean.written, [d.format() for d in clean.diagnostics]
    got, expected = tree_bytes(site / "build"), tree_bytes(tmp)
    got.pop(".sitegen/changes.json")
    expected.pop(".sitegen/changes.json")
    return got, expected


def apply(site: Path, action: str, n: int, step: int) -> None:
    jobs = site / "content/jobs"
    files = sorted(jobs.glob("*.md"))
    target = files[n % len(files)]
    if action == "retitle":
        target.write_text(posting(title=f"Edited {step}", department=DEPARTMENTS[n % 3]))
    elif action == "department":
        target.write_text(posting(title=target.stem, department=DEPARTMENTS[(n + step) % 3]))
    elif action == "locations":
        target.write_text(posting(title=target.stem, locations=PLACES[(n + step) % len(PLACES)]))
    elif action == "add":
        (jobs / f"new-{step}.md").write_text(posting(title=f"New {step}", department=DEPARTMENTS[n % 3]))
    elif action == "delete" and len(files) > 1:
        target.unlink()
    elif action == "rename":
        target.rename(jobs / f"renamed-{step}.md")
    elif action == "draft":
        target.write_text(posting(title=target.stem, draft="true"))
    elif action == "expire":
        target.write_text(posting(title=target.stem, valid_through="2026-11-21"))
    elif action == "templates":
        (site / "templates").mkdir(exist_ok=True)
        name, text = [("posting.html", POSTING_TEMPLATE), ("base.html", BASE_TEMPLATE)][n % 2]
        (site / "templates" / name).write_text(text + f"<!-- {step} -->")
    elif action == "config":
        config = site / "sitegen.toml"
        config.write_text(config.read_text().replace('name = "Acme', f'name = "Acme {step}', 1))
    elif action == "favicon":
        favicon = site / "static/favicon.svg"
        if favicon.exists():
            favicon.unlink()
        else:
            favicon.parent.mkdir(exist_ok=True)
            favicon.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    elif action == "tamper":  # someone edits the output: it is no longer trusted
        (site / "build/index.html").write_text("edited by hand")


def restored_elsewhere(site: Path, target: Path) -> Path:
    """The site as a deploy on another machine sees it: a fresh clone (every file written anew, so
    new inodes, ctimes and mtimes; no output) with ``.sitegen-cache`` restored from the last deploy."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("build"), copy_function=shutil.copy)
    later = time.time() + 3600
    for path in target.rglob("*"):
        os.utime(path, (later, later), follow_symlinks=False)
    return target


def check_cached_builds(
    site: Path, steps: list[tuple[str, int]], edit: Callable[[Path, str, int, int], None], tmp_path_factory
) -> None:
    """Build ``site``, then after each step compare a cached build with a clean one byte for byte;
    ``tomorrow`` and ``restore`` (a deploy elsewhere with the cache restored) are common to all."""
    now = NOW
    assert build(site, BuildOptions(now=now)).written
    for step, (action, n) in enumerate(steps):
        if action == "tomorrow":
            now += dt.timedelta(days=1)
        elif action == "restore":
            site = restored_elsewhere(site, tmp_path_factory.mktemp("deploy") / "site")
        else:
            edit(site, action, n, step)
        got, expected = build_both(site, tmp_path_factory.mktemp("clean"), now)
        assert got == expected, f"after {steps[: step + 1]}: {[k for k in expected if got.get(k) != expected[k]]}"


ACTIONS = st.sampled_from(
    ["retitle", "department", "locations", "add", "delete", "rename", "draft", "expire", "templates", "config",
     "favicon", "tamper", "tomorrow", "restore"]
)  # fmt: skip


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(ACTIONS, st.integers(0, 9)), min_size=1, max_size=6))
def test_a_cached_build_equals_a_clean_build_after_any_changes(
    make_site: SiteFactory, tmp_path_factory, steps: list[tuple[str, int]]
) -> None:
    site = make_site({**roles(5), "templates/posting.html": POSTING_TEMPLATE}, name=f"s{abs(hash(tuple(steps)))}")
    check_cached_builds(site, steps, apply, tmp_path_factory)


def test_editing_one_posting_renders_only_the_pages_that_show_it(make_site: SiteFactory, build_site) -> None:
    site = make_site(roles(6))
    first = build_site(site)
    assert first.rendered == first.pages
    untouched = site / "build/jobs/role-5/index.html"  # Design: another department
    sibling = site / "build/jobs/role-4/index.html"  # Ops, like role-1: lists it under "More roles in Ops"
    before = untouched.stat()
    (site / "content/jobs/role-1.md").write_text(posting(title="Renamed", department=DEPARTMENTS[1]))
    second = build_site(site)
    assert second.pages == first.pages
    # its page, the sibling that lists it, the home page, its department and location pages; no other posting
    assert 0 < second.rendered <= 6, second.rendered
    assert "Renamed" in (site / "build/jobs/role-1/index.html").read_text()
    assert ">Renamed</a>" in sibling.read_text()
    assert untouched.stat().st_mtime_ns == before.st_mtime_ns and untouched.stat().st_ino == before.st_ino


def test_a_description_edit_renders_one_page_of_a_long_home_list(make_site: SiteFactory, build_site) -> None:
    """Every list page links the search index, which changes with any posting: it is linked without a
    version (the index names the version its word files use), so the other list pages stay as they were."""
    config = CONFIG.replace("[site]", "[listings]\npage_size = 5\n\n[site]", 1)
    site = make_site({f"content/jobs/role-{i:02}.md": posting(title=f"Role {i:02}") for i in range(20)}, config=config)
    first = build_site(site)
    version = json.loads((site / "build/search/index.json").read_text())["version"]
    pages = {path: (site / "build" / path).stat().st_mtime_ns for path in ("index.html", "page/2/index.html")}
    edited = site / "content/jobs/role-17.md"  # on the home list's fourth page
    edited.write_text(edited.read_text().replace("Build our data platform.", "Build our lidar platform."))
    second = build_site(site)
    assert second.pages == first.pages
    now = {path: (site / "build" / path).stat().st_mtime_ns for path in pages}
    assert now["index.html"] == pages["index.html"] and now["page/2/index.html"] == pages["page/2/index.html"]
    assert "lidar platform" in (site / "build/jobs/role-17/index.html").read_text()
    index = json.loads((site / "build/search/index.json").read_text())
    assert index["version"] != version and len(index["version"]) == 12
    assert (
        soup(site / "build/index.html").find("form", attrs={"data-filters": True})["data-index"] == "/search/index.json"
    )


def test_unchanged_postings_are_not_parsed_again(make_site: SiteFactory, build_site, monkeypatch) -> None:
    site = make_site(roles(4))
    build_site(site)
    parsed: list[str] = []
    real = loader.load_posting
    monkeypatch.setattr(loader, "load_posting", lambda path, *a: parsed.append(path.name) or real(path, *a))
    (site / "content/jobs/role-2.md").write_text(posting(title="Changed"))
    assert build_site(site).written
    assert parsed == ["role-2.md"]
    parsed.clear()
    assert build_site(site, now=NOW + dt.timedelta(days=1)).written  # another date: every posting again
    assert len(parsed) == 4


def test_a_cache_restored_on_another_machine_is_used_and_gives_the_same_site(
    make_site: SiteFactory, build_site, monkeypatch, tmp_path: Path
) -> None:
    site = make_site(roles(4))
    build_site(site)
    deploy = restored_elsewhere(site, tmp_path / "deploy")
    (deploy / "content/jobs/role-2.md").write_text(posting(title="Changed"))
    parsed: list[str] = []
    real_load = loader.load_posting
    monkeypatch.setattr(loader, "load_posting", lambda path, *a: parsed.append(path.name) or real_load(path, *a))
    drawn: list[str] = []
    real_draw = share_images.render_share_image
    monkeypatch.setattr(
        share_images, "render_share_image", lambda inputs, *a: drawn.append(inputs[0]) or real_draw(inputs, *a)
    )
    assert build(deploy, BuildOptions(now=NOW)).written
    assert (parsed, drawn) == (["role-2.md"], ["Changed"])  # the rest came from the restored cache
    clean = tmp_path / "clean"
    assert build(deploy, BuildOptions(now=NOW, output=clean, no_cache=True)).written
    got, expected = tree_bytes(deploy / "build"), tree_bytes(clean)
    assert got == expected


def test_a_damaged_cache_is_ignored(make_site: SiteFactory, build_site, tmp_path: Path) -> None:
    site = make_site(roles(3))
    build_site(site)
    for path in (site / ".sitegen-cache").rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    (site / "content/jobs/role-0.md").write_text(posting(title="After damage"))
    got, expected = build_both(site, tmp_path / "clean", NOW)
    assert got == expected
    assert "After damage" in got["jobs/role-0/index.html"].decode()


def test_no_cache_renders_every_page(make_site: SiteFactory, build_site) -> None:
    site = make_site(roles(3))
    build_site(site)
    (site / "content/jobs/role-0.md").write_text(posting(title="Changed"))
    result = build_site(site, no_cache=True)
    assert result.rendered == result.pages


def test_a_posting_page_follows_only_the_roles_it_lists(make_site: SiteFactory, build_site) -> None:
    """ "More roles" shows the five roles after a posting by title: editing a sixth renders it not again."""
    site = make_site({f"content/jobs/role-{i}.md": posting(title=f"Role {i}") for i in range(8)})
    build_site(site)
    page = site / "build/jobs/role-0/index.html"  # lists roles 1 to 5
    before = page.stat()
    (site / "content/jobs/role-6.md").write_text(posting(title="Role 6", department="Engineering").replace("SQL", "Go"))
    (site / "content/jobs/role-3.md").write_text(posting(title="Role 3").replace("Python", "Rust"))  # body only
    result = build_site(site)
    assert 0 < result.rendered < result.pages
    assert page.stat().st_mtime_ns == before.st_mtime_ns
    (site / "content/jobs/role-2.md").write_text(posting(title="Role 2b"))  # shown on role-0's page
    build_site(site)
    assert ">Role 2b</a>" in page.read_text()


MULTILINGUAL = '\n[languages]\ndefault = "en"\navailable = ["en", "fr"]\n\n[languages.fr]\ntitle = "Carrières"\n'


def french(title: str, department: str = "Données") -> str:
    """A translation: only the words (the facts come from the posting beside it)."""
    return f"---\ntitle: {title}\ndepartment: {department}\n---\nConstruisez notre plateforme.\n"


def apply_multilingual(site: Path, action: str, n: int, step: int) -> None:
    jobs = site / "content/jobs"
    originals = sorted(path for path in jobs.glob("*.md") if not path.name.endswith(".fr.md"))
    target = originals[n % len(originals)]
    translation = target.with_name(f"{target.stem}.fr.md")
    if action == "retitle":
        target.write_text(posting(title=f"Edited {step}", department=DEPARTMENTS[n % 3]))
    elif action == "department":
        target.write_text(posting(title=target.stem, department=DEPARTMENTS[(n + step) % 3]))
    elif action == "add":
        (jobs / f"new-{step}.md").write_text(posting(title=f"New {step}", department=DEPARTMENTS[n % 3]))
    elif action == "delete" and len(originals) > 1:
        target.unlink()
        translation.unlink(missing_ok=True)
    elif action == "expire":
        target.write_text(posting(title=target.stem, valid_through="2026-11-21"))
    elif action == "translate":
        translation.write_text(french(f"Poste {step}", ["Données", "Opérations"][n % 2]))
    elif action == "untranslate":
        translation.unlink(missing_ok=True)
    elif action == "french-title":
        config = site / "sitegen.toml"
        config.write_text(config.read_text().replace('title = "Carrières', f'title = "{step} Carrières', 1))
    elif action == "tamper":
        (site / "build/fr/index.html").write_text("edited by hand")


MULTILINGUAL_ACTIONS = st.sampled_from(
    ["retitle", "department", "add", "delete", "translate", "untranslate", "french-title", "expire", "tamper",
     "tomorrow", "restore"]
)  # fmt: skip


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(MULTILINGUAL_ACTIONS, st.integers(0, 9)), min_size=1, max_size=5))
def test_a_cached_multilingual_build_equals_a_clean_build_after_any_changes(
    make_site: SiteFactory, tmp_path_factory, steps: list[tuple[str, int]]
) -> None:
    """Each language's pages are kept apart: an untranslated posting is listed in French too, in French words."""
    files = {**roles(4), "content/jobs/role-0.fr.md": french("Ingénieure données"), "content/index.fr.md": "Bonjour.\n"}
    site = make_site(files, config=CONFIG + MULTILINGUAL, name=f"m{abs(hash(tuple(steps)))}")
    check_cached_builds(site, steps, apply_multilingual, tmp_path_factory)


def test_a_multilingual_site_renders_again_only_what_an_edit_changed(make_site: SiteFactory, build_site) -> None:
    files = {**roles(6), "content/jobs/role-5.fr.md": french("Designer produit", "Conception")}
    site = make_site(files, config=CONFIG + MULTILINGUAL)
    first = build_site(site)
    assert first.rendered == first.pages and (site / "build/fr/jobs/role-5/index.html").is_file()
    untouched = [site / "build/jobs/role-5/index.html", site / "build/fr/jobs/role-5/index.html"]
    before = [path.stat().st_ino for path in untouched]
    (site / "content/jobs/role-1.md").write_text(posting(title="Renamed", department=DEPARTMENTS[1]))
    second = build_site(site)
    assert second.pages == first.pages
    assert 0 < second.rendered <= 12, second.rendered  # in each language: its page, a sibling, home, groups
    assert [path.stat().st_ino for path in untouched] == before
    assert ">Renamed</a>" in (site / "build/fr/index.html").read_text()  # listed untranslated in French too
