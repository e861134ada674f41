"""Generate a synthetic but realistic careers site of N postings (fixed seed) for benchmarks.

    python benchmarks/generate.py OUT_DIR --postings 4000 [--seed 7]

Each posting has full front matter and a 2.5-3 KB Markdown body of headings, paragraphs,
lists, bold text and links, like a real job ad. One posting in ten is part-time and one in
twenty a contract, and every body ends with a word no other posting has (``kw00042x``), so a
search benchmark can look for words that appear in exactly one description.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

DEPARTMENTS = ["Engineering", "Field Operations", "Product & Design", "Sales", "People", "Finance", "Data", "Support"]
ROLES = ["Engineer", "Analyst", "Manager", "Specialist", "Designer", "Technician", "Coordinator", "Scientist"]
LEVELS = ["Junior", "", "Senior", "Staff", "Lead", "Principal"]
TOPICS = ["Platform", "Mapping", "Robotics", "Billing", "Growth", "Safety", "Infrastructure", "Mobile", "Vision"]
CITIES = [
    ("Ann Arbor", "MI", "US"),
    ("Pittsburgh", "PA", "US"),
    ("Austin", "TX", "US"),
    ("Denver", "CO", "US"),
    ("Munich", "BY", "DE"),
    ("Toronto", "ON", "CA"),
    ("New York", "NY", "US"),
    ("Seattle", "WA", "US"),
]
BENEFITS = [
    "Medical, dental and vision insurance",
    "401(k) with a 4% match",
    "Parental leave",
    "Learning budget",
    "Generous paid time off",
    "Home-office stipend",
    "Commuter benefits",
    "Life and disability insurance",
]
WORDS = [
    "road",
    "survey",
    "pavement",
    "sensor",
    "data",
    "model",
    "city",
    "crew",
    "safety",
    "map",
    "route",
    "team",
    "build",
    "ship",
    "measure",
    "improve",
    "customer",
    "quality",
    "system",
    "pipeline",
    "robot",
    "field",
    "plan",
    "review",
    "design",
    "test",
    "deploy",
    "learn",
    "share",
    "own",
]

CONFIG = """\
[site]
title = "Careers at Benchmark Co"
base_url = "https://careers.bench.example"
language = "en"
theme = "default"
description = "Synthetic benchmark site."
timezone = "UTC"

[company]
name = "Benchmark Co"
url = "https://bench.example"
same_as = []
eeo_statement = "Benchmark Co is an equal opportunity employer."
employees = 500

[defaults]
currency = "USD"
employment_type = "full-time"
apply_email = "jobs@bench.example"
"""


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 5))]
    parts[0] = f"**{parts[0]}**"
    parts[-1] += f" See [our blog](https://bench.example/blog/{rng.randint(1, 999)})."
    return " ".join(parts)


def body(rng: random.Random) -> str:
    """A 2.5-3 KB job ad in GitHub-flavoured Markdown."""
    sections = [
        _paragraph(rng),
        "## What you'll do",
        "\n".join(f"- {_sentence(rng, rng.randint(6, 12))}" for _ in range(5)),
        "## What you'll bring",
        "Requirements:\n" + "\n".join(f"- {_sentence(rng, rng.randint(5, 10))}" for _ in range(4)),
        "  - " + _sentence(rng, 6),
        "## Nice to have",
        _paragraph(rng),
        "## About the team",
        _paragraph(rng),
    ]
    text = "\n\n".join(sections)
    while len(text) < 2600:
        text += "\n\n" + _paragraph(rng)
    return text[:3000].rsplit(" ", 1)[0] + ".\n"


def posting(rng: random.Random, index: int) -> str:
    level, role, topic = rng.choice(LEVELS), rng.choice(ROLES), rng.choice(TOPICS)
    title = " ".join(p for p in (level, topic, role) if p) + f" {index}"
    city, region, country = rng.choice(CITIES)
    posted = dt.date(2026, 10, 1) + dt.timedelta(days=rng.randint(0, 50))
    low = rng.randrange(60, 200) * 1000
    remote = "US" if rng.random() < 0.3 else "false"
    benefits = "\n".join(f"  - {b}" for b in rng.sample(BENEFITS, 4))
    return (
        f"---\ntitle: {title}\ndepartment: {rng.choice(DEPARTMENTS)}\nteam: {topic}\n"
        f"employment_type: {_employment(index)}\nlocations:\n  - {city}, {region}, {country}\nremote: {remote}\n"
        f"salary:\n  min: {low}\n  max: {low + 30000}\n  currency: USD\n  period: year\n"
        f"benefits:\n{benefits}\ndate_posted: {posted.isoformat()}\n"
        f"valid_through: {(posted + dt.timedelta(days=150)).isoformat()}\n"
        f"apply_url: https://bench.example/apply/{index}\n---\n{body(rng)}\nAsk us about {unique_word(index)}.\n"
    )


def unique_word(index: int) -> str:
    """A word only posting ``index`` has in its description."""
    return f"kw{index:05d}x"


def _employment(index: int) -> str:
    """Part-time for one posting in ten, contract for one in twenty (not drawn: the bodies stay as they were)."""
    return "part-time" if index % 10 == 3 else "contract" if index % 20 == 7 else "full-time"


def generate(out: Path, postings: int, seed: int = 7) -> Path:
    """Write a site with ``postings`` postings into ``out`` (replacing it) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    jobs = out / "content" / "jobs"
    jobs.mkdir(parents=True)
    (out / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    for index in range(postings):
        (jobs / f"job-{index:05d}.md").write_text(posting(rng, index), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.postings, args.seed)
    print(f"wrote {args.postings} postings to {args.out}")


if __name__ == "__main__":
    main()
