"""``[site] language``: the theme's words from the catalogs, Babel's formats from the region."""

from __future__ import annotations

import multiprocessing
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions
from sitegen.i18n import labels
from sitegen.i18n.catalogs import CATALOG, Messages, load_messages
from sitegen.pipeline import load_site
from sitegen.themes import builtin_themes_dir, find_theme
from tests.absences import in_one_language
from tests.conftest import CONFIG, NOW, POSTING, posting

REPO = Path(__file__).resolve().parents[1]
LOCALE = builtin_themes_dir() / "default" / "locale"
TRANSLATED = ["de", "fr", "es", "nl", "pt", "it", "he", "ar"]
TORONTO = "jobs/senior-backend-engineer/index.html"  # an example posting with a salary in CAD


def example_site(root: Path, language: str) -> Path:
    """A copy of the example site in the repository, in ``language`` alone."""
    for name in ("content", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copyfile(REPO / "sitegen.toml", root / "sitegen.toml")
    return in_one_language(root, language)


def theme_messages(language: str) -> Messages:
    theme = find_theme(REPO, "default")
    assert theme is not None
    return load_messages(REPO, theme, language)[0]


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / "build" / page).read_text(encoding="utf-8"), "html.parser")


def text(site: Path, page: str) -> str:
    return " ".join(soup(site, page).get_text(" ").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The example site built in a language (each language once per module)."""
    from sitegen.build import build

    sites: dict[str, Path] = {}

    def get(language: str) -> Path:
        if language not in sites:
            site = example_site(tmp_path_factory.mktemp(language), language)
            result = build(site, BuildOptions(now=NOW))
            assert not result.errors, result.diagnostics
            sites[language] = site
        return sites[language]

    return get


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_example_site_speaks_the_configured_language(built: Callable[[str], Path], language: str) -> None:
    site, words = built(language), theme_messages(language)
    home, job = soup(site, "index.html"), soup(site, TORONTO)
    assert home.html["lang"] == job.html["lang"] == language
    home_text, job_text = text(site, "index.html"), text(site, TORONTO)
    assert words.gettext("All jobs") in home_text
    assert words.gettext("Browse by location") in home_text
    assert words.gettext("Apply now") in job_text
    assert words.gettext("Employment type") in job_text
    assert f"{words.gettext('per year')}" in job.find(class_="details-salary").get_text()
    assert words.gettext("Apply now") != "Apply now"


def test_german_and_french_use_our_words(built: Callable[[str], Path]) -> None:
    assert "Jetzt bewerben" in text(built("de"), TORONTO)
    assert "Vollzeit" in text(built("de"), TORONTO)
    assert "Postuler" in text(built("fr"), TORONTO)
    assert "Temps plein" in text(built("fr"), TORONTO)


def _patterns(text: str) -> list[re.Pattern[str]]:
    """``text`` split at HTML tags, each part with letters a pattern (placeholders as wildcards)."""
    patterns = []
    for part in re.split(r"<[^>]+>", text):
        part = part.strip()
        if re.search(r"[^\W\d_]{2}", re.sub(r"%\(\w+\)s", "", part)):
            patterns.append(re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(part))))
    return patterns


def _forms(value: str | tuple[str, ...] | list[str]) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _english_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each English text of the catalog template, with the msgid it comes from."""
    with (LOCALE / "messages.pot").open("rb") as file:
        template = read_po(file)
    return [(p, english) for m in template if m.id for english in _forms(m.id) for p in _patterns(english)]


def _content_texts(site: Path) -> set[str]:
    """Texts that come from the site's own files (titles, departments, places), not from the theme."""
    loaded, _ = load_site(site, BuildOptions(now=NOW))
    assert loaded is not None
    words, config = loaded.site.messages, loaded.site.config
    found = {config.site.title, config.company.name, config.company.eeo_statement, "LinkedIn", "GitHub", "html"}
    for p in loaded.site.postings:
        found |= {p.title, p.department, p.team or "", *p.benefits}
        found |= {labels.place(words, place) for place in p.locations}
        found |= {labels.country(words, place.country) for place in p.locations}
    sections = list(loaded.site.home.sections)
    for page in loaded.site.pages:
        found |= {page.title, page.description}
        sections += page.sections
    for section in sections:
        found |= {section.title, section.cite, *(item.title for item in section.items)}
    return found


def _translated_patterns(language: str) -> list[re.Pattern[str]]:
    """Each text of the language's catalog."""
    with (LOCALE / language.split("-")[0] / CATALOG).open("rb") as file:
        catalog = read_po(file)
    return [p for m in catalog if m.id for translated in _forms(m.string) for p in _patterns(translated)]


def _chrome_texts(site: Path, page: str) -> list[str]:
    """The text nodes and labels of a page, without the postings' own text and scripts."""
    document = soup(site, page)
    for hidden in document.select("script, style, .prose"):
        hidden.decompose()
    texts = [node.strip() for node in document.find_all(string=True)]
    texts += [
        tag[name] for name in ("aria-label", "placeholder", "title", "alt") for tag in document.select(f"[{name}]")
    ]
    texts += [value for tag in document.select("[data-match-none]") for value in tag.attrs.values() if "{n}" in value]
    return [value for value in texts if value]


PAGE_KINDS = [
    "index.html",
    "404.html",
    TORONTO,
    "jobs/enterprise-account-executive/index.html",  # a remote role
    "departments/engineering/index.html",
    "locations/remote/index.html",
    "locations/toronto-on-ca/index.html",
    "about/index.html",
]


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_page_kind_shows_an_english_word_of_the_theme(built: Callable[[str], Path], language: str) -> None:
    """Every text node and label of every page kind, checked against the catalog: none is an English
    text of the catalog template, and each is content, a number, or a text of the language's catalog
    (which also catches a text a template forgot to mark for translation)."""
    site, words = built(language), theme_messages(language)
    english = [(p, e) for p, e in _english_patterns() if words.translations.gettext(e) != e]
    ours = _translated_patterns(language)
    content = _content_texts(site)
    english_found, unexplained = [], []
    for page in PAGE_KINDS:
        for value in _chrome_texts(site, page):
            if value in content:
                continue
            english_found += [(page, value) for pattern, _ in english if pattern.fullmatch(value)]

            def explained(text: str) -> bool:
                if text in content or re.search(r"\d|@", text) or not re.search(r"[^\W\d_]{2}", text):
                    return True  # the site's own words, a date, an amount, an address
                return any(pattern.fullmatch(text) for pattern in ours)

            for piece in [] if explained(value) else value.split(" · "):  # "Title · Place · Remote (...)"
                if not explained(piece):
                    unexplained += [(page, part) for part in piece.split(", ") if not explained(part.strip(" ()"))]
    assert not english_found, f"English theme words on the {language} site: {english_found}"
    assert not unexplained, f"texts on the {language} site that no catalog gives: {unexplained}"


def test_a_regional_variant_uses_its_languages_words_and_its_regions_formats(built: Callable[[str], Path]) -> None:
    canada, france = built("fr-CA"), built("fr")
    assert soup(canada, TORONTO).html["lang"] == "fr-CA"
    salary_ca = soup(canada, TORONTO).find(class_="details-salary").find("dd").get_text()
    salary_fr = soup(france, TORONTO).find(class_="details-salary").find("dd").get_text()
    assert "Postuler" in text(canada, TORONTO)
    assert salary_ca == "140\u00a0000\u00a0$\u00a0– 170\u00a0000\u00a0$ par an".replace("$\u00a0–", "$ –")
    assert "$CA" in salary_fr and "$CA" not in salary_ca  # Canadian dollars, as Canadians write them
    swiss = built("de-CH")
    assert "Jetzt bewerben" in text(swiss, TORONTO)
    assert "140'000" in text(swiss, TORONTO)  # Swiss grouping, German words


def test_an_unknown_language_keeps_english_words_with_a_warning_at_its_line(make_site, build_site) -> None:
    site = make_site(config=CONFIG.replace('language = "en"', 'language = "sv"'))
    result = build_site(site)
    assert not result.errors
    [warning] = [d for d in result.diagnostics if d.field == "site.language"]
    assert (warning.path, warning.line, warning.severity) == ("sitegen.toml", 4, "warning")
    assert "'sv'" in warning.message and "ar, de, en, es, fr, he, it, nl, pt" in warning.message
    page = (site / "build/jobs/data-engineer/index.html").read_text()
    assert '<html lang="sv">' in page and "Apply now" in page


@pytest.mark.parametrize(
    ("value", "hint"), [("english", None), ("fr_CA", "write 'fr-CA'"), ("de-", None), ("e", None), ("", None)]
)
def test_a_malformed_language_tag_is_an_error_at_its_line(make_site, build_site, value: str, hint: str | None) -> None:
    site = make_site(config=CONFIG.replace('language = "en"', f'language = "{value}"'))
    result = build_site(site)
    assert result.errors
    [error] = [d for d in result.diagnostics if d.field == "site.language"]
    assert (error.path, error.line, error.severity) == ("sitegen.toml", 4, "error")
    assert error.hint == hint


SITE_DE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Apply now"
msgstr "Bewirb dich jetzt"
"""


def test_a_sites_catalog_wins_over_the_themes_for_the_strings_it_has(make_site, build_site) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "locale/de/LC_MESSAGES/messages.po": SITE_DE},
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    assert not build_site(site).errors
    page = (site / "build/jobs/data-engineer/index.html").read_text()
    assert "Bewirb dich jetzt" in page and "Jetzt bewerben" not in page
    assert "Gehalt" in page  # the rest from the theme's German


def test_a_language_only_the_site_translates_falls_back_to_english_per_string(make_site, build_site) -> None:
    site = make_site(
        {
            "content/jobs/data-engineer.md": POSTING,
            "locale/sv/LC_MESSAGES/messages.po": SITE_DE.replace("Bewirb dich jetzt", "Ansök nu"),
        },
        config=CONFIG.replace('language = "en"', 'language = "sv"'),
    )
    result = build_site(site)
    assert not result.errors and not [d for d in result.diagnostics if d.field == "site.language"]
    page = (site / "build/jobs/data-engineer/index.html").read_text()
    assert "Ansök nu" in page and "Employment type" in page


def test_a_theme_of_the_site_ships_its_own_catalogs(make_site, build_site) -> None:
    site = make_site(
        config=CONFIG.replace('language = "en"', 'language = "de"').replace('theme = "default"', 'theme = "acme"')
    )
    shutil.copytree(builtin_themes_dir() / "default" / "templates", site / "themes/acme/templates")
    shutil.copytree(builtin_themes_dir() / "default" / "static", site / "themes/acme/static")
    (site / "themes/acme/locale/de/LC_MESSAGES").mkdir(parents=True)
    (site / "themes/acme/locale/de/LC_MESSAGES/messages.po").write_text(
        SITE_DE.replace("Bewirb dich jetzt", "Los geht's")
    )
    assert not build_site(site).errors
    page = (site / "build/jobs/data-engineer/index.html").read_text()
    assert "Los geht's" in page and "Gehalt" in page  # the rest from the default theme's German


@pytest.mark.parametrize(
    ("po", "line", "message"),
    [
        (SITE_DE + 'msgid "Salary"\nmsgstr "Gehalt %(amount)s"\n', 8, "uses %(amount)s"),
        (SITE_DE + 'msgid "Jobs in %(place)s"\nmsgstr "100 % in %(place)s"\n', 8, "lone % sign"),
        (SITE_DE + 'msgid "Salary"\nmsgstr "Gehalt\n', 8, "not a valid catalog line"),
        (SITE_DE + '\nmsgid "Apply now"\nmsgstr "Los"\n', 8, "is also at line 5"),
        (SITE_DE.replace('msgid "Apply now"', 'msgid "Apply now\n'), 5, "not a valid catalog line"),
    ],
)
def test_a_broken_site_catalog_is_an_error_at_its_line(make_site, build_site, po: str, line: int, message: str) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "locale/de/LC_MESSAGES/messages.po": po},
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    result = build_site(site)
    assert result.errors
    [error] = [d for d in result.diagnostics if d.path == "locale/de/LC_MESSAGES/messages.po"]
    assert error.line == line and message in error.message


def test_a_catalog_saved_with_a_bom_and_windows_line_ends_is_read(make_site, build_site) -> None:
    po = "\ufeff" + SITE_DE.replace("\n", "\r\n")
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "locale/de/LC_MESSAGES/messages.po": po},
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    assert not build_site(site).errors
    assert "Bewirb dich jetzt" in (site / "build/jobs/data-engineer/index.html").read_text()


def test_editing_a_catalog_renders_the_cached_pages_again(make_site, build_site) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "locale/de/LC_MESSAGES/messages.po": SITE_DE},
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    assert not build_site(site).errors
    (site / "locale/de/LC_MESSAGES/messages.po").write_text(SITE_DE.replace("Bewirb dich jetzt", "Jetzt loslegen"))
    assert not build_site(site).errors
    assert "Jetzt loslegen" in (site / "build/jobs/data-engineer/index.html").read_text()
    assert "Jetzt loslegen" not in (site / "build/index.html").read_text()  # (no apply button there)
    (site / "sitegen.toml").write_text(CONFIG.replace('language = "en"', 'language = "fr"'))
    assert not build_site(site).errors
    assert "Postuler" in (site / "build/jobs/data-engineer/index.html").read_text()


def _apply_now(messages: Messages) -> str:
    return (
        messages.gettext("Apply now") + " / " + messages.ngettext("%(num)s open position", "%(num)s open positions", 3)
    )


def test_catalogs_load_in_a_spawned_worker() -> None:
    messages = theme_messages("de")
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_apply_now, (messages,)) == "Jetzt bewerben / 3 offene Stellen"


def test_the_feed_and_share_image_texts_are_translated(built: Callable[[str], Path]) -> None:
    site = built("de")
    feed = (site / "build/feed.xml").read_text()
    assert "Vollzeit" in feed and "pro Jahr" in feed and "Full-time" not in feed
    loaded, _ = load_site(site, BuildOptions(now=NOW))
    assert loaded is not None
    from sitegen.pipeline import share_images_for

    inputs = [image.inputs for image in share_images_for(loaded.site, site).images]
    assert any("pro Jahr" in part for item in inputs for part in item)
    assert any("Kanada" in part or "Remote" in part for item in inputs for part in item) or inputs


def test_remote_and_country_labels_are_in_the_sites_language(make_site, build_site) -> None:
    site = make_site(
        {
            "content/jobs/r.md": posting(locations="<drop>", remote="[DE, AT]"),
            "content/jobs/c.md": posting(title="Ops", locations="DE"),
        },
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    assert not build_site(site).errors
    page = " ".join(BeautifulSoup((site / "build/jobs/r/index.html").read_text(), "html.parser").get_text(" ").split())
    assert "Remote (Deutschland, Österreich)" in page
    assert (site / "build/locations/de/index.html").is_file()
    listing = (site / "build/locations/de/index.html").read_text()
    assert "Stellen in Deutschland" in listing


def test_a_partial_catalog_for_a_language_the_theme_lacks_is_a_warning_naming_strings(make_site, build_site) -> None:
    site = make_site(
        {
            "content/jobs/data-engineer.md": POSTING,
            "locale/sv/LC_MESSAGES/messages.po": SITE_DE.replace("Bewirb dich jetzt", "Ansök nu"),
        },
        config=CONFIG.replace('language = "en"', 'language = "sv"'),
    )
    result = build_site(site)
    [warning] = [d for d in result.diagnostics if d.path == "locale/sv/LC_MESSAGES/messages.po"]
    assert warning.severity == "warning"
    with (LOCALE / "messages.pot").open("rb") as file:
        theme_strings = len([m for m in read_po(file) if m.id])
    translated = 1  # the catalog above translates "Apply now" only
    assert warning.message.startswith(f"{theme_strings - translated} strings of the theme have no translation")
    assert "'Full-time'" in warning.message


def test_a_sites_partial_catalog_over_the_themes_language_is_not_reported(make_site, build_site) -> None:
    site = make_site(
        {"content/jobs/data-engineer.md": POSTING, "locale/de/LC_MESSAGES/messages.po": SITE_DE},
        config=CONFIG.replace('language = "en"', 'language = "de"'),
    )
    assert not [d for d in build_site(site).diagnostics if d.path.endswith(".po")]
