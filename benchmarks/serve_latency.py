"""Live-reload latency of ``sitegen serve``: time from saving one posting to the browser showing it.

Generates sites of 1,000 and 10,000 postings (fixed seed), starts the real dev server in-process,
opens a posting in headless Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright) and
edits that posting's title 20 times. For each edit it records:

- rebuild: the server's own rebuild time (watch event to files written and reload sent),
- browser: from just before the file is written to the new page's DOMContentLoaded, taken from
  the browser's navigation timing (``performance.timeOrigin`` is wall-clock time on the same machine).

Usage: ``python benchmarks/serve_latency.py [--sizes 1000,10000] [--edits 20] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

SEED = 20261125
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Field Operations", "People", "Finance", "Product", "Support"]
CITIES = ["Ann Arbor, MI, US", "Detroit, MI, US", "Austin, TX, US", "Berlin, DE", "London, GB", "Toronto, ON, CA"]
WORDS = ["road", "survey", "robot", "data", "platform", "vehicle", "planning", "safety", "asphalt", "sensor", "map"]

CONFIG = """\
[site]
title = "Careers at Benchmark"
base_url = "https://jobs.bench.example"
language = "en"
theme = "default"
timezone = "UTC"

[company]
name = "Benchmark Inc."
url = "https://bench.example"

[defaults]
currency = "USD"
employment_type = "full-time"
apply_email = "jobs@bench.example"
"""


def posting_text(rng: random.Random, index: int, title: str | None = None) -> str:
    """One realistic-sized posting (about 2 KB of Markdown)."""
    title = title or f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} Engineer {index}"
    low = rng.randrange(60, 150) * 1000
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(3)]
    bullets = "\n".join(f"- {' '.join(rng.choice(WORDS) for _ in range(8))}" for _ in range(6))
    return (
        "---\n"
        f"title: {title}\n"
        f"department: {rng.choice(DEPARTMENTS)}\n"
        f"locations:\n  - {rng.choice(CITIES)}\n"
        f"salary:\n  min: {low}\n  max: {low + 20000}\n  currency: USD\n  period: year\n"
        "date_posted: 2026-11-01\n"
        "valid_through: 2027-06-30\n"
        "---\n"
        f"{paragraphs[0]}\n\n## What you'll do\n\n{bullets}\n\n{paragraphs[1]}\n\n{paragraphs[2]}\n"
    )


def generate_site(root: Path, postings: int, seed: int = SEED) -> Path:
    """Write a site with ``postings`` postings into ``root`` (created); returns ``root``."""
    rng = random.Random(seed)
    jobs = root / "content" / "jobs"
    jobs.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.toml").write_text(CONFIG, encoding="utf-8")
    for index in range(postings):
        (jobs / f"job-{index:05d}.md").write_text(posting_text(rng, index), encoding="utf-8")
    return root


def _chromium():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    return sync_playwright


NAVIGATION_DONE = "performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def measure(size: int, edits: int, workdir: Path) -> dict[str, float]:
    from sitegen.serve.server import DevServer

    site = generate_site(workdir / f"site-{size}", size)
    target = site / "content" / "jobs" / "job-00007.md"
    rng = random.Random(SEED + 1)
    lines: list[str] = []
    started = time.perf_counter()
    server = DevServer(site, port=0, report=lines.append)
    server.start()
    initial = time.perf_counter() - started
    rebuilds: list[float] = []
    browser: list[float] = []
    try:
        sync_playwright = _chromium()
        if sync_playwright is None:
            print("  (no Chromium/Playwright: measuring server rebuild only)", file=sys.stderr)
            for n in range(edits):
                before = server.generation
                target.write_text(posting_text(rng, 7, f"Edited Title {n}"), encoding="utf-8")
                server.wait_for_generation(before + 1, timeout=60)
                rebuilds.append(server.last_rebuild_seconds)
        else:
            with sync_playwright() as p:
                chrome = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = chrome.new_page()
                page.goto(server.url + "jobs/job-00007/")
                for n in range(edits):
                    title = f"Edited Title {n}"
                    t0 = time.time()
                    target.write_text(posting_text(rng, 7, title), encoding="utf-8")
                    page.wait_for_function(f"document.querySelector('h1').textContent.includes({title!r})")
                    loaded = page.evaluate(NAVIGATION_DONE)
                    browser.append(loaded / 1000 - t0)
                    rebuilds.append(server.last_rebuild_seconds)
                chrome.close()
    finally:
        server.close()
    result = {"size": size, "initial": initial, "rebuild": statistics.median(rebuilds)}
    if browser:
        result["browser"] = statistics.median(browser)
        result["browser_max"] = max(browser)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"measuring {size} postings...", file=sys.stderr)
            rows.append(measure(size, args.edits, workdir))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nsave-to-page latency, median of {args.edits} edits ({threading.active_count()} threads left)\n")
    print("| postings | first build | rebuild (server) | save -> new page (browser) | slowest (browser) |")
    print("|---------:|------------:|-----------------:|---------------------------:|------------------:|")
    for row in rows:
        browser = f"{row['browser'] * 1000:.0f} ms" if "browser" in row else "n/a"
        slowest = f"{row['browser_max'] * 1000:.0f} ms" if "browser_max" in row else "n/a"
        print(
            f"| {row['size']:>8,} | {row['initial']:>9.1f} s | {row['rebuild'] * 1000:>13.0f} ms "
            f"| {browser:>26} | {slowest:>17} |"
        )


if __name__ == "__main__":
    main()
