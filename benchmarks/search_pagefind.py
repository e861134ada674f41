"""Pagefind against sitegen's own search index, on the same generated board, in Chromium.

    pip install 'pagefind[bin]'    # the Pagefind binary, from PyPI
    python benchmarks/search_pagefind.py [--postings 10000] [--runs 7]

Builds a generated site, indexes its posting pages with Pagefind (``python -m pagefind``), then
for the same queries measures, in Chromium (/usr/bin/chromium): the time to the results and to
the data of the first 50 results (Pagefind fetches each result's data separately), the bytes
fetched, the index's size on disk and the time to index; and whether Pagefind loads under the
site's default Content-Security-Policy (it runs WebAssembly).
"""

from __future__ import annotations

import functools
import http.server
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate import unique_word  # noqa: E402  (benchmarks/ is not a package)
from search_speed import arguments, built_board  # noqa: E402

from tests.netlify_server import serve_build  # noqa: E402

PAGEFIND_QUERY = """async (query) => {
  const pagefind = window.__pf || (window.__pf = await import('/pagefind/pagefind.js'));
  await pagefind.init();
  const start = performance.now();
  const search = await pagefind.search(query);
  const found = performance.now() - start;
  await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  return [found, performance.now() - start, search.results.length];
}"""
BYTES = """() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/pagefind/'))
  .reduce((sum, e) => sum + e.encodedBodySize, 0)"""


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    args = arguments()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = built_board(Path(tmp), args.postings)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--glob", "jobs/**/*.html"],
                       check=True, capture_output=True)  # fmt: skip
        indexing = time.perf_counter() - started
        ours = (out / "search/index.json").stat().st_size + folder_size(out / "search/words")
        print(f"Pagefind vs sitegen's index: {args.postings:,} postings; {time.strftime('%Y-%m-%d')}, "
              f"{platform.machine()}, {platform.platform()}\n")  # fmt: skip
        print(
            f"- Pagefind: indexing took {indexing:.1f} s; index on disk {folder_size(out / 'pagefind') / 1024:,.0f} KB"
        )
        print(f"- sitegen: index written by the build; on disk {ours / 1024:,.0f} KB")

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        queries = ["germany", "part-time", unique_word(args.postings // 2), "senior engineer"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            header = "| query | Pagefind results | to results (median) | to 50 results' data (median) | fetched |"
            print("\n" + header)
            print("|---|---:|---:|---:|---:|")
            for query in queries:
                page = browser.new_page()
                page.goto(base)
                page.evaluate(PAGEFIND_QUERY, query)  # first search: loads the wasm and index chunks
                fetched = page.evaluate(BYTES)
                runs = [page.evaluate(PAGEFIND_QUERY, query) for _ in range(args.runs)]
                found = statistics.median(r[0] for r in runs)
                data = statistics.median(r[1] for r in runs)
                print(f"| `{query}` | {runs[0][2]:,} | {found:.1f} ms | {data:.1f} ms | {fetched / 1024:,.0f} KB |")
                page.close()
            with serve_build(out) as strict:  # the site's own _headers: script-src 'self'
                page = browser.new_page()
                errors: list[str] = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.goto(strict)
                try:
                    page.evaluate(PAGEFIND_QUERY, "germany")
                    verdict = "loads"
                except Exception as exc:  # Playwright reports the page's exception
                    verdict = f"fails: {str(exc).splitlines()[0][:120]}"
                print(f"\nUnder the default Content-Security-Policy, Pagefind {verdict}")
                if errors:
                    print("console: " + json.dumps(errors[:2])[:300])
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
