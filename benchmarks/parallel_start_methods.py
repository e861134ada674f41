"""Time cold builds with forked workers, with spawned workers and in one process.

    .venv/bin/python benchmarks/parallel_start_methods.py [--sizes 1000 4000] [--runs 3] [--seed 7]

Where ``fork`` is missing (Windows) or unsafe (macOS), sitegen spawns its workers instead, and
only stages whose state can be sent to a spawned worker use them: loading postings (the site's
folder, config and date) and drawing share images (the logo's bytes). For each size N this
generates one site (benchmarks/generate.py, fixed seed, share images on) and times the wall clock
of ``sitegen build`` cold (output and ``.sitegen-cache/`` removed) in these modes:

- fork: the default on Linux (workers forked, every stage);
- spawn: ``SITEGEN_START_METHOD=spawn`` (what Windows and macOS run);
- spawn, postings only / spawn, share images only: spawn with the other stage's threshold out of
  reach, so each stage's gain or loss under spawn shows on its own;
- one process: ``SITEGEN_WORKERS=1``.

Rendering stays in-process under spawn: its state (templates, the site) cannot be pickled, so a
spawned render worker would first have to start Python and load the whole site again. The last
three columns weigh that: "process to loaded site" (what each such worker would spend before its
first page), and rendering every page in memory in one process and with forked workers (what a
render pool could at best save). Runs are interleaved; the table shows medians. Report on stdout.
"""

from __future__ import annotations

import argparse
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

NOW = "2026-12-06"
NEVER = "10**9"
# Run sitegen's command line with a stage's threshold set out of reach (``-c``: spawned workers
# then have no main module to import again).
CLI = "import sys, {module} as m; m.{name} = {value}; from sitegen.cli import main; sys.argv[0] = 'sitegen'; main()"
MODES: dict[str, tuple[dict[str, str], tuple[str, str] | None]] = {
    "fork": ({}, None),
    "spawn": ({"SITEGEN_START_METHOD": "spawn"}, None),
    "spawn, postings only": ({"SITEGEN_START_METHOD": "spawn"}, ("sitegen.outputs.share_images", "PARALLEL_IMAGES")),
    "spawn, share images only": ({"SITEGEN_START_METHOD": "spawn"}, ("sitegen.content.loader", "SPAWNED_POSTINGS")),
    "one process": ({"SITEGEN_WORKERS": "1"}, None),
}
STAGE_COLUMNS = ("process to loaded site", "render, one process", "render, forked")
STAGES = """
import datetime as dt, sys, time
from pathlib import Path
from sitegen.build import BuildOptions
from sitegen.pipeline import load_site, render_site
loaded, _ = load_site(Path(sys.argv[1]), BuildOptions(now=dt.datetime(2026, 12, 6, tzinfo=dt.UTC)))
start = time.perf_counter()
render_site(loaded)
print(time.perf_counter() - start)
"""


def cold_build(site: Path, mode: str) -> float:
    """Seconds for one cold build of ``site`` in ``mode`` (output and cache removed first)."""
    for leftover in (site / "build", site / ".sitegen-cache"):
        shutil.rmtree(leftover, ignore_errors=True)
    extra, patch = MODES[mode]
    env = {key: value for key, value in os.environ.items() if not key.startswith("SITEGEN_")} | extra
    code = ["-m", "sitegen"]
    if patch is not None:
        code = ["-c", CLI.format(module=patch[0], name=patch[1], value=NEVER)]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *code, "build", str(site), "--now", NOW], env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or not (site / "build" / "index.html").is_file():
        raise SystemExit(f"{mode}: the build failed\n{result.stderr.decode()[-2000:]}")
    return elapsed


def stages(site: Path, workers: str) -> tuple[float, float]:
    """Seconds (new process to loaded site, rendering in memory) with ``SITEGEN_WORKERS=workers``.

    The first is what a spawned render worker would spend before its first page: start Python,
    import sitegen, load config, postings and templates.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("SITEGEN_")}
    if workers:
        env["SITEGEN_WORKERS"] = workers
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", STAGES, str(site)], env=env, capture_output=True, check=True)
    total = time.perf_counter() - start
    render = float(result.stdout)
    return total - render, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print("## Parallel builds: fork, spawn, one process\n")
    print(f"- {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"- median of {args.runs} interleaved cold builds (wall clock of `sitegen build --now {NOW}`)\n")
    print("| postings | " + " | ".join(MODES) + " | " + " | ".join(STAGE_COLUMNS) + " |")
    print("|---:|" + "---:|" * (len(MODES) + len(STAGE_COLUMNS)))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site"
            generate(site, size, args.seed)
            times: dict[str, list[float]] = {mode: [] for mode in MODES}
            cold_build(site, "fork")  # warm-up: bytecode, file cache
            for run in range(args.runs):
                for mode in MODES:
                    times[mode].append(cold_build(site, mode))
                    print(f"{size} postings, run {run + 1}, {mode}: {times[mode][-1]:.2f} s", file=sys.stderr)
            one = [stages(site, "1") for _ in range(args.runs)]
            forked = [stages(site, "") for _ in range(args.runs)]
            times[STAGE_COLUMNS[0]] = [ready for ready, _ in one]
            times[STAGE_COLUMNS[1]] = [render for _, render in one]
            times[STAGE_COLUMNS[2]] = [render for _, render in forked]
        cells = " | ".join(f"{statistics.median(values):.2f} s" for values in times.values())
        print(f"| {size:,} | {cells} |", flush=True)


if __name__ == "__main__":
    main()
