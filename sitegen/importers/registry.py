"""Which ATS a SOURCE names: ``greenhouse:acme`` -> the Greenhouse importer and the account ``acme``."""

from __future__ import annotations

import importlib

from sitegen.importers.base import Importer

# The SOURCE prefixes, each the name of its module in this package (which defines ``IMPORTER``).
ATS_NAMES = (
    "greenhouse",
    "lever",
    "ashby",
    "workable",
    "smartrecruiters",
    "recruitee",
    "personio",
    "teamtailor",
    "bamboohr",
)


class UnknownSource(ValueError):
    """A SOURCE that names no ATS we import from, or names no account."""


def parse_source(source: str) -> tuple[str, str]:
    """``"lever:acme"`` -> ``("lever", "acme")``; raises ``UnknownSource`` with what is expected."""
    name, _, account = source.partition(":")
    name = name.strip().lower()
    if name not in ATS_NAMES:
        raise UnknownSource(f"{source!r} names no ATS we import from (expected one of: {', '.join(ATS_NAMES)})")
    account = account.strip()
    if not account and name != "teamtailor":
        raise UnknownSource(f"{source!r} names no board (expected {name}:YOUR_BOARD, e.g. {name}:acme)")
    return name, account


def importer_for(name: str) -> Importer:
    """The importer of ``name`` (one of ``ATS_NAMES``)."""
    module = importlib.import_module(f"sitegen.importers.{name}")
    importer: Importer = module.IMPORTER
    return importer
