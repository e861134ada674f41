"""``sitegen/content/currency_signs.py`` is Babel's list of currency signs, read once ahead of time.

Reading the signs of every CLDR locale takes about half a second, too long for every build, so the
table is stored with the Babel version it came from (a different Babel is read at run time instead).
After upgrading Babel, regenerate it with ``SITEGEN_UPDATE_SIGNS=1 pytest tests/unit/test_currency_signs.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import babel
import pytest
from babel.numbers import format_currency

from sitegen.content import currency_signs, places
from sitegen.content.places import read_babel_signs

TABLE = Path(currency_signs.__file__)
HEADER = '''"""Currency sign -> ISO 4217 codes, from every locale of Babel {version} (generated; see
tests/unit/test_currency_signs.py). Signs are kept without spaces, in Unicode NFKC form."""

'''


def render_table() -> str:
    lines = [f"BABEL_VERSION = {json.dumps(babel.__version__)}", "SIGNS: dict[str, list[str]] = {"]
    for sign, codes in read_babel_signs().items():
        line = f"    {json.dumps(sign, ensure_ascii=False)}: ["
        for index, code in enumerate(codes):
            item = json.dumps(code) + ("]," if index == len(codes) - 1 else ", ")
            if len(line) + len(item.rstrip()) > 100:
                lines.append(line.rstrip())
                line = "        "
            line += item
        lines.append(line)
    return HEADER.format(version=babel.__version__) + "\n".join([*lines, "}  # fmt: skip", ""])


def test_the_stored_signs_are_those_of_the_installed_babel() -> None:
    if os.environ.get("SITEGEN_UPDATE_SIGNS") == "1":
        TABLE.write_text(render_table(), encoding="utf-8")
    if babel.__version__ != currency_signs.BABEL_VERSION:
        pytest.skip(f"table from Babel {currency_signs.BABEL_VERSION}, Babel {babel.__version__} is read at run time")
    assert read_babel_signs() == currency_signs.SIGNS


def test_a_build_does_not_read_every_locale() -> None:
    code = (
        "import babel.localedata as l, sitegen.content.places as p\n"
        "l.locale_identifiers = None\n"  # would fail if called
        "assert p.currencies_for_sign('kr') >= {'SEK', 'NOK', 'DKK'}\n"
    )
    if babel.__version__ != currency_signs.BABEL_VERSION:
        pytest.skip("the stored table is for another Babel version")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_with_another_babel_version_the_signs_are_read_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = places.currencies_for_sign("kr")
    monkeypatch.setattr(currency_signs, "BABEL_VERSION", "0.0")
    monkeypatch.setattr(currency_signs, "SIGNS", {})
    places._signs.cache_clear()
    try:
        assert places.currencies_for_sign("kr") == stored >= {"SEK", "NOK", "DKK"}
    finally:
        places._signs.cache_clear()


def test_reading_the_signs_leaves_babel_formatting_intact() -> None:
    read_babel_signs()
    assert format_currency(Decimal("70000"), "EUR", locale="de") == "70.000,00\xa0€"
