"""What a deploy costs on Netlify or GitHub Actions, where every build starts from a fresh clone.

    .venv/bin/python benchmarks/second_deploy.py [--sizes 1000 4000] [--runs 3]

For each size N it generates a site (benchmarks/generate.py, fixed seed), builds it once to fill
``.sitegen-cache`` as the previous deploy would, and then times, as the wall clock of the
command-line process, interleaved over ``--runs`` rounds:

- cold: a fresh clone with no cache (what every deploy cost before the recipes kept the cache);
- second deploy: a fresh clone (every file written anew: new inodes and times, no output) with
  the previous deploy's ``.sitegen-cache`` restored and one posting changed;
- next day: the same, on the next day (the daily scheduled rebuild), when postings' statuses may
  change and parsed postings are not reused.

Each timed build's output is compared with a clean build of the same inputs. Progress goes to
stderr, the report (Markdown) to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # benchmarks/ is not a package

SITEGEN = [sys.executable, "-m", "sitegen"]
TODAY = dt.date(2026, 12, 6)
CASES = (  # name, cache restored, build date
    ("cold", False, TODAY),
    ("second deploy", True, TODAY),
    ("next day", True, TODAY + dt.timedelta(days=1)),
)


def fresh_clone(site: Path, target: Path, *, with_cache: bool) -> Path:
    """A copy as a new CI machine has it: files written anew, no output, the cache if restored."""
    shutil.rmtree(target, ignore_errors=True)
    skip = ["build", ".sitegen-cache"] if not with_cache else ["build"]
    shutil.copytree(site, target, ignore=shutil.ignore_patterns(*skip), copy_function=shutil.copy)
    return target


def build(site: Path, day: dt.date, output: Path | None = None) -> float:
    command = [*SITEGEN, "build", str(site), "--now", day.isoformat()]
    if output is not None:
        command += ["--output", str(output), "--no-cache"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def same_output(a: Path, b: Path) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.name != "changes.json"
        }

    return files(a) == files(b)


def edit_one(site: Path, round_: int) -> None:
    posting = sorted((site / "content/jobs").rglob("*.md"))[round_]
    posting.write_text(posting.read_text() + f"\nOne more sentence for deploy {round_}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="second-deploy-"))
    print(f"# Second deploy: fresh clone + restored cache ({dt.date.today()})\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.")
    print(f"Median of {args.runs} interleaved rounds; wall clock of `sitegen build` (s).\n")
    print("| postings | cold (no cache) | second deploy (cache restored, 1 posting changed) | next day, same | ")
    print("|---:|---:|---:|---:|")
    try:
        for size in args.sizes:
            site = work / f"site-{size}"
            generate(site, size, seed=7)
            build(site, TODAY)  # the previous deploy fills the cache
            times: dict[str, list[float]] = {name: [] for name, _, _ in CASES}
            for round_ in range(args.runs):
                for name, with_cache, day in CASES:
                    clone = fresh_clone(site, work / "clone", with_cache=with_cache)
                    if with_cache:
                        edit_one(clone, round_)
                    times[name].append(build(clone, day))
                    build(clone, day, work / "clean")
                    assert same_output(clone / "build", work / "clean"), f"{name}: output differs from a clean build"
                    print(f"{size} {name} round {round_ + 1}: {times[name][-1]:.2f} s", file=sys.stderr)
            row = " | ".join(f"{statistics.median(times[name]):.2f}" for name, _, _ in CASES)
            print(f"| {size:,} | {row} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
