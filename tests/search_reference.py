"""What the theme's search should answer, worked out in Python from the built search index."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitegen.content.search_words import fold


def query_words(query: str) -> list[str]:
    """Like filter.js: folded words; a hyphenated word joined."""
    words: list[str] = []
    for token in query.split():
        words += [fold(token).replace(" ", "")] if re.search(r"\w-\w", token) else fold(token).split()
    return [w for w in words if w]


def expected_titles(build: Path, query: str, **filters: str) -> list[str]:
    """Titles of the postings a search for ``query`` with ``filters`` finds, in the home page's order."""
    index = json.loads((build / "search/index.json").read_text(encoding="utf-8"))
    rows = [dict(zip(index["fields"], row, strict=True)) for row in index["jobs"]]
    words = query_words(query)
    described: list[set[int]] = []
    for word in words:
        found: set[int] = set()
        shard = build / "search/words" / f"{word[:2].encode().hex()}.json"
        if len(word) > 1 and shard.is_file():
            for candidate, deltas in json.loads(shard.read_text(encoding="utf-8")).items():
                if candidate.startswith(word):
                    number = 0
                    for delta in deltas:
                        number += delta
                        found.add(number)
        described.append(found)
    titles = []
    for number, row in enumerate(rows):
        department = index["departments"][row["department"]]
        text = " " + fold(" ".join([row["title"], row["team"], department, row["where"]])) + " " + row["terms"] + " "
        if filters.get("department") and row["department"] != filters["department"]:
            continue
        if filters.get("type") and filters["type"] not in row["types"].split():
            continue
        if all(f" {word}" in text or number in described[i] for i, word in enumerate(words)):
            titles.append(row["title"])
    return titles
