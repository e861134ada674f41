"""The default theme's catalogs: complete, not fuzzy, placeholders kept, and in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from sitegen.i18n.catalogs import CATALOG, catalog_problems
from sitegen.themes import builtin_themes_dir

REPO = Path(__file__).resolve().parents[2]
LOCALE = builtin_themes_dir() / "default" / "locale"
TEMPLATE = LOCALE / "messages.pot"
SHIPPED = sorted(path.name for path in LOCALE.iterdir() if (path / CATALOG).is_file())


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=path.parent.parent.name if path.suffix == ".po" else None)


def key(message: Message) -> tuple[str | None, str]:
    return (message.context, message.id if isinstance(message.id, str) else message.id[0])


def msgids(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {key(message) for message in catalog if message.id}


def strings(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]*\}")


def test_the_seven_languages_are_shipped() -> None:
    assert {"en", "de", "fr", "es", "nl", "pt", "it"} <= set(SHIPPED)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_msgid_of_the_template_is_translated(language: str) -> None:
    catalog = read(LOCALE / language / CATALOG)
    missing = sorted(
        str(k) for k in msgids(read(TEMPLATE)) if not all(strings(catalog.get(k[1], k[0]) or Message(k[1])))
    )
    assert not missing, f"untranslated in {language}: {missing}"
    stale = sorted(str(k) for k in msgids(catalog) - msgids(read(TEMPLATE)))
    assert not stale, f"{language} translates msgids the template no longer has (pybabel update): {stale}"


@pytest.mark.parametrize("language", SHIPPED)
def test_no_entry_is_fuzzy(language: str) -> None:
    fuzzy = [key(m) for m in read(LOCALE / language / CATALOG) if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_translation_keeps_the_placeholders_of_its_msgid(language: str) -> None:
    wrong = []
    catalog = read(LOCALE / language / CATALOG)
    for message in catalog:
        if not message.id:
            continue
        wanted = sorted(set(PLACEHOLDER.findall(ids(message)[-1])))
        wrong += [(key(message), text) for text in strings(message) if sorted(set(PLACEHOLDER.findall(text))) != wanted]
        if message.pluralizable and len(strings(message)) != catalog.num_plurals:
            wrong.append((key(message), f"{len(strings(message))} plural forms, {catalog.num_plurals} wanted"))
    assert not wrong, f"placeholders changed in {language}: {wrong}"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_catalog_loads_without_problems(language: str) -> None:
    path = LOCALE / language / CATALOG
    assert catalog_problems(path.read_bytes(), path.as_posix(), language) == []


def test_the_catalog_template_is_up_to_date_with_the_sources(tmp_path: Path) -> None:
    """What ``pybabel extract`` (CONTRIBUTING.md, "Translations") finds now is what the .pot holds."""
    if not (REPO / "babel.cfg").is_file():
        pytest.skip("an installed sitegen without its repository")
    output = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(output), str(REPO)]
    )
    extracted, committed = msgids(read(output)), msgids(read(TEMPLATE))
    assert extracted - committed == set(), "new strings: run pybabel extract and update the catalogs"
    assert committed - extracted == set(), "strings no longer used: run pybabel extract and update the catalogs"
