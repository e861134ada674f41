"""Search on a large board: page and index sizes, and keystroke-to-results time in Chromium.

    python benchmarks/search_speed.py [--postings 10000] [--runs 7]

Generates a site (benchmarks/generate.py), builds it, serves the build with its ``_headers`` and,
in Chromium (/usr/bin/chromium), types queries into the home page's search: a country name, an
employment type, a word found in exactly one description, two common words, and a department
filter with a word. For each it checks the results against a Python computation over the built
index (tests/search_reference.py) and reports the median time from the input event to the
results being in the page (the script's ``sitegen:results`` event), with the word shards it
needs already loaded, and the first time (shards fetched from the server).
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate import generate, unique_word  # noqa: E402  (benchmarks/ is not a package)

from sitegen.build import BuildOptions, build  # noqa: E402
from tests.netlify_server import serve_build  # noqa: E402
from tests.search_reference import expected_titles  # noqa: E402

MEASURE = """async (query) => {
  const field = document.querySelector('#filter-q');
  const done = new Promise((resolve) => document.addEventListener('sitegen:results',
    (event) => resolve(event.detail.count), { once: true }));
  const start = performance.now();
  field.value = query;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  const count = await done;
  return [performance.now() - start, count];
}"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def arguments() -> argparse.Namespace:
    """``--postings`` and ``--runs`` (this script and search_pagefind.py)."""
    parser = argparse.ArgumentParser(description=(sys.modules["__main__"].__doc__ or "").splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    return parser.parse_args()


def built_board(folder: Path, postings: int) -> Path:
    """A generated board of ``postings`` built (share images off) for a local server: its output folder."""
    site = generate(folder / "site", postings)
    with (site / "sitegen.toml").open("a") as config:
        config.write("\n[build]\nshare_images = false\n")
    result = build(site, BuildOptions(base_url="http://127.0.0.1", no_cache=True))
    assert result.written, [d.format() for d in result.diagnostics if d.is_error]
    return site / "build"


def main() -> None:
    args = arguments()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        out = built_board(Path(tmp), args.postings)
        print(f"sitegen search benchmark: {args.postings:,} postings, built in {time.perf_counter() - started:.1f} s")
        print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
              f"{platform.platform()}; {time.strftime('%Y-%m-%d')}\n")  # fmt: skip
        home = (out / "index.html").read_bytes()
        index = (out / "search/index.json").read_bytes()
        shards = sorted((out / "search/words").glob("*.json"), key=lambda p: p.stat().st_size)
        print("| file | size | gzipped |\n|---|---:|---:|")
        print(f"| home page (index.html) | {len(home) / 1024:,.0f} KB | {gz(home) / 1024:,.0f} KB |")
        print(f"| search/index.json (loaded on first use) | {len(index) / 1024:,.0f} KB | {gz(index) / 1024:,.0f} KB |")
        total = sum(p.stat().st_size for p in shards)
        print(f"| word shards: {len(shards)} files, largest | {shards[-1].stat().st_size / 1024:,.0f} KB | "
              f"{gz(shards[-1].read_bytes()) / 1024:,.0f} KB |")  # fmt: skip
        print(f"| word shards, all (never loaded together) | {total / 1024:,.0f} KB | |\n")

        queries = [
            ("germany", {}),
            ("part-time", {}),
            (unique_word(args.postings // 2), {}),
            ("senior engineer", {}),
            ("robot", {"department": "engineering"}),
        ]
        print("| query | results | first time (shards fetched) | median of later keystrokes |\n|---|---:|---:|---:|")
        with sync_playwright() as playwright, serve_build(out) as base:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            for query, filters in queries:
                page.goto(base + "?" + "&".join(f"{k}={v}" for k, v in filters.items()))
                if filters:
                    page.locator("[data-jobs]").wait_for(state="hidden")
                page.evaluate("() => fetch(document.querySelector('[data-filters]').dataset.index)")
                first, count = page.evaluate(MEASURE, query)
                times = []
                for _ in range(args.runs):
                    page.evaluate(MEASURE, "")  # clear, so the next input is a new search
                    elapsed, count = page.evaluate(MEASURE, query)
                    times.append(elapsed)
                expected = expected_titles(out, query, **filters)
                shown = f"{count:,}"
                assert count == len(expected), (query, count, len(expected))
                label = query + (f" + department={filters['department']}" if filters else "")
                print(f"| `{label}` | {shown} | {first:.1f} ms | {statistics.median(times):.1f} ms |")
            browser.close()


if __name__ == "__main__":
    main()
