"""Live-reload latency of ``sitegen serve``: time from saving one posting to the browser showing it.

Generates sites of 1,000 and 10,000 postings (``benchmarks/generate.py``, fixed seed; share
images on, as by default), starts the real dev server in-process, opens a posting in headless
Chromium (Debian's ``/usr/bin/chromium`` driven by Playwright) and edits that posting's title
20 times. For each edit it records:

- rebuild: the server's own rebuild time (watch event to files written and reload sent),
- browser: from just before the file is written to the new page's DOMContentLoaded, taken from
  the browser's navigation timing (``performance.timeOrigin`` is wall-clock time on the same machine).

Usage: ``python benchmarks/serve_latency.py [--sizes 1000,10000] [--edits 20] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # benchmarks/ is not a package

TARGET = "content/jobs/job-00007.md"  # the posting open in the browser and edited


def retitled(text: str, title: str) -> str:
    """The posting ``text`` with its ``title:`` line replaced."""
    return re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)


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

    site = generate(workdir / f"site-{size}", size)
    target = site / TARGET
    original = target.read_text(encoding="utf-8")
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
                target.write_text(retitled(original, f"Edited Title {n}"), encoding="utf-8")
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
                    target.write_text(retitled(original, title), encoding="utf-8")
                    page.wait_for_function(f"() => document.querySelector('h1').textContent.includes({title!r})")
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
