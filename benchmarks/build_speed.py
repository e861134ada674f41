"""Time sitegen's builds against Hugo, Eleventy, Jekyll and Pelican on the same generated site.

    .venv/bin/python benchmarks/build_speed.py [--sizes 1000 4000 10000] [--runs 5] [--warmup 1]
                                               [--no-peers] [--skip PEER] [--peers-up-to 10000]
                                               [--seed 7] [--keep]

For each size N it generates one site (benchmarks/generate.py, fixed seed) in a temporary
directory and times, as the wall clock of the command-line process:

- sitegen: a cold build as shipped (output and `.sitegen-cache/` set aside first; share images
  on), a cold build like for like (the same with `[build] share_images = false`: the peers draw
  no images), a no-change rebuild (the same inputs again), a rebuild after appending a sentence
  to one posting, and a second deploy: a fresh copy of the site (every file written anew: new
  inodes and times, no output, as a CI clone) with the previous build's `.sitegen-cache`
  restored and another posting changed;
- each peer that is installed (benchmarks/install-peers.sh, optional): a cold build of the same
  postings with the minimal templates in benchmarks/peers/ (output and the tool's caches set aside).

Alongside the wall time it reports the CPU time (user + system, the command and its descendants),
which other load on the machine disturbs much less, and the 1-minute load average.

Runs are interleaved (one of each build per round) after untimed warm-up rounds; the table shows
the median, min and max of `--runs` rounds. Every build is checked: one page per posting with a
JobPosting JSON-LD block and an index listing every posting, and the edited posting's page must
show the edit, so a broken or stale build cannot look fast.

Memory: "peak RSS" is the largest resident set of any single process of the build (os.wait4 of
the command; Linux folds in every waited-for descendant, taking the maximum, not the sum). "tree
PSS" is the peak of the *sum* of proportional set sizes over the command's process tree (forked
workers' shared pages count once), sampled every 50 ms: what counts when a build runs worker
processes. It can miss spikes shorter than the interval ("—": the build ended before a sample).

Linux only (/proc, ru_maxrss in KiB). Child processes run without PYTHONDONTWRITEBYTECODE, so the
warm-up round caches bytecode as a normal install would. Progress goes to stderr, the report
(Markdown) to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # benchmarks/ is not a package

HERE = Path(__file__).resolve().parent
PEER_TEMPLATES = HERE / "peers"
PEER_INSTALLS = HERE / ".peers"
NOW = "2026-11-25"
SAMPLE_INTERVAL = 0.05
PSS = re.compile(r"^Pss:\s+(\d+) kB", re.M)
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
POSTING_ID = re.compile(r"job-\d{5}")

# Builds may cache Python bytecode, as a normal install does (some sandboxes turn that off).
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
COLD, NO_CHANGE, ONE_EDIT = "cold build", "no-change rebuild", "one-posting rebuild"
PLAIN = "cold build, share images off"
SECOND_DEPLOY = "second deploy (fresh clone, restored cache, one posting changed)"


class BenchmarkError(RuntimeError):
    """A build failed or wrote the wrong output."""


# --- measuring one command -------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One timed build."""

    seconds: float
    cpu_seconds: float  # user + system time of the command and its waited-for descendants
    rss_kb: int  # largest single process (os.wait4)
    tree_kb: int  # largest sampled PSS sum over the process tree


def _children() -> dict[int, list[int]]:
    """Map each parent pid to its child pids, from /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_bytes()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])  # after "pid (comm) ": state ppid ...
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _pss_kb(pid: int) -> int:
    """The process's proportional set size in KiB (shared pages split between their users), or 0."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = PSS.search(rollup)
    return int(match.group(1)) if match else 0


def tree_pss_kb(root: int) -> int:
    """Sum of the PSS of ``root`` and all its descendants, in KiB.

    PSS rather than RSS so that pages a forked worker shares with its parent count once.
    """
    children = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _pss_kb(pid)
        todo.extend(children.get(pid, ()))
    return total


class TreeMemorySampler(threading.Thread):
    """Samples the summed PSS of a process tree until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_INTERVAL):
            self.peak_kb = max(self.peak_kb, tree_pss_kb(self.root))

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb


def measure(cmd: Sequence[str], cwd: Path, log: Path) -> Sample:
    """Run ``cmd`` in ``cwd`` (output to ``log``); return its wall time and memory."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=CHILD_ENV, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
        sampler = TreeMemorySampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampled = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-3:]
        raise BenchmarkError(f"{' '.join(cmd)} exited with {proc.returncode}: {' / '.join(tail)}")
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, sampled)


def remove(*paths: Path) -> None:
    """Delete files or folders if they exist."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


class SetAside:
    """Moves earlier builds' files out of the way instead of deleting them while builds are timed.

    On an ext4 file system without a journal (this machine's), creating a file within a minute or
    so of deleting many scans the recently deleted inodes for each new one (the kernel's
    ``recently_deleted()``): a build timed right after ``rm -rf`` of the last one's output paid
    for that deletion, the more files it writes the more (perf: a fifth of a 4,000-posting
    sitegen build's CPU). A CI machine building a fresh clone has deleted nothing, so the timed
    builds should not either: what they replace is renamed into one folder, deleted once every
    size has been timed.
    """

    LOW_DISK = 10 * 2**30  # below this much free space, delete after all (and say so in the report)

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.deleted = 0

    def __call__(self, *paths: Path) -> None:
        """Move each of ``paths`` that exists into the set-aside folder (a rename: no file is deleted)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        low_disk = shutil.disk_usage(self.folder).free < self.LOW_DISK
        for path in paths:
            if low_disk:
                self.deleted += path.exists()
                remove(path)
            elif path.exists() or path.is_symlink():
                self.count += 1
                path.rename(self.folder / f"{self.count:06d}-{path.name}")


# main() points it into its work folder
set_aside = SetAside(Path(tempfile.gettempdir()) / "sitegen-build-speed-set-aside")


# --- checking a build's output ---------------------------------------------------------------


def _is_job_posting_page(page: Path) -> bool:
    """True if the page has a JobPosting JSON-LD block with a title and an HTML description."""
    for block in JSONLD.findall(page.read_text(encoding="utf-8")):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        if (
            isinstance(data, dict)
            and data.get("@type") == "JobPosting"
            and data.get("title")
            and "<h2" in str(data.get("description", ""))
        ):
            return True
    return False


def check_output(tool: str, out: Path, postings: int) -> None:
    """Raise unless ``out`` has one valid page per posting and an index listing all of them (over its
    pages: ``page/2/``, ... when the tool paginates)."""
    pages = sum(_is_job_posting_page(page) for page in out.glob("jobs/*/index.html"))
    indexes = [out / "index.html", *out.glob("page/*/index.html")]
    listed = len(
        {found for index in indexes if index.exists() for found in POSTING_ID.findall(index.read_text("utf-8"))}
    )
    if pages != postings or listed != postings:
        raise BenchmarkError(
            f"{tool} wrote {pages} posting pages with JobPosting JSON-LD and listed "
            f"{listed} postings on its index; expected {postings} of each (output: {out})"
        )


# --- sitegen ---------------------------------------------------------------------------------


@dataclass
class Sitegen:
    """sitegen's builds of one generated site."""

    site: Path
    postings: int
    edited: Path = field(init=False)
    original: str = field(init=False)
    plain: Path = field(init=False)  # a copy with share images off
    clone: Path = field(init=False)  # where the second deploy's fresh clone goes

    def __post_init__(self) -> None:
        self.edited = sorted((self.site / "content" / "jobs").glob("*.md"))[self.postings // 2]
        self.original = self.edited.read_text(encoding="utf-8")
        self.plain = self.site.parent / "sitegen-plain"
        shutil.copytree(self.site, self.plain)
        set_share_images(self.plain, False)
        self.clone = self.site.parent / "sitegen-clone"

    @property
    def out(self) -> Path:
        return self.site / "build"

    def command(self, site: Path | None = None) -> list[str]:
        site = site or self.site
        return [sys.executable, "-m", "sitegen", "build", str(site), "--now", NOW, "-o", str(site / "build")]

    def run_round(self, round_no: int, logs: Path) -> dict[str, Sample]:
        """Cold builds (as shipped, like for like), no-change, one posting edited, then a second deploy."""
        self.edited.write_text(self.original, encoding="utf-8")
        set_aside(self.out, self.site / ".sitegen-cache", self.plain / "build", self.plain / ".sitegen-cache")
        samples = {COLD: measure(self.command(), self.site, logs / "sitegen-cold.log")}
        check_output("sitegen", self.out, self.postings)
        samples[PLAIN] = measure(self.command(self.plain), self.plain, logs / "sitegen-plain.log")
        check_output("sitegen", self.plain / "build", self.postings)
        samples[NO_CHANGE] = measure(self.command(), self.site, logs / "sitegen-no-change.log")
        sentence = f"Benchmark edit in round {round_no}."
        self.edited.write_text(f"{self.original.rstrip()}\n\n{sentence}\n", encoding="utf-8")
        samples[ONE_EDIT] = measure(self.command(), self.site, logs / "sitegen-one-edit.log")
        page = self.out / "jobs" / self.edited.stem / "index.html"
        if sentence not in page.read_text(encoding="utf-8"):
            raise BenchmarkError(f"sitegen's rebuild after editing {self.edited.name} did not update {page}")
        self.edited.write_text(self.original, encoding="utf-8")
        samples[SECOND_DEPLOY] = self.second_deploy(round_no, logs)
        return samples

    def second_deploy(self, round_no: int, logs: Path) -> Sample:
        """A fresh copy of the site (new inodes and times, no output) with the cache restored, one posting changed."""
        set_aside(self.clone)
        shutil.copytree(self.site, self.clone, copy_function=shutil.copyfile, ignore=shutil.ignore_patterns("build"))
        changed = self.clone / self.edited.relative_to(self.site)
        sentence = f"Second deploy in round {round_no}."
        changed.write_text(f"{self.original.rstrip()}\n\n{sentence}\n", encoding="utf-8")
        sample = measure(self.command(self.clone), self.clone, logs / "sitegen-second-deploy.log")
        check_output("sitegen", self.clone / "build", self.postings)
        page = self.clone / "build" / "jobs" / self.edited.stem / "index.html"
        if sentence not in page.read_text(encoding="utf-8"):
            raise BenchmarkError(f"sitegen's second deploy did not update {page}")
        set_aside(self.clone)
        return sample


def set_share_images(site: Path, enabled: bool | None) -> None:
    """Turn sitegen's per-posting share images on or off (None: keep sitegen's default)."""
    if enabled is not None:
        with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
            config.write(f"\n[build]\nshare_images = {'true' if enabled else 'false'}\n")


def sitegen_fingerprint() -> str:
    """A short hash of the sitegen package's files, to tell whether it changed during a run."""
    spec = importlib.util.find_spec("sitegen")
    if spec is None or not spec.submodule_search_locations:
        return "unknown"
    package = Path(spec.submodule_search_locations[0])
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def sitegen_has_cache_flag() -> bool:
    """True if this sitegen's build command has --no-cache (that is, a build cache)."""
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--help"], capture_output=True, text=True, check=True
    )
    return "--no-cache" in result.stdout


# --- peers -----------------------------------------------------------------------------------


def as_is(text: str) -> str:
    """Keep a posting's YAML front matter (Hugo, Eleventy and Jekyll read it)."""
    return text


def to_pelican_metadata(text: str) -> str:
    """Rewrite a posting's YAML front matter as Pelican's ``Key: value`` Markdown metadata."""
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    fields = {
        "Title": meta["title"],
        "Date": meta["date_posted"],
        "Department": meta["department"],
        "Team": meta["team"],
        "Employment_type": meta["employment_type"],
        "Locations": "; ".join(meta["locations"]),
        "Valid_through": meta["valid_through"],
        "Apply_url": meta["apply_url"],
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items()) + "\n" + body


@dataclass(frozen=True)
class Peer:
    """How to lay out, build and check one peer generator's copy of the site."""

    name: str
    executable: str  # a name on PATH or a path under benchmarks/.peers/
    version_args: tuple[str, ...]
    args: tuple[str, ...]  # after the executable, run in the peer's site folder; "{site}" is its path
    content_dir: str  # where the postings go, relative to the site folder
    out_dir: str
    caches: tuple[str, ...] = ()  # removed with the output before every cold build
    convert: Callable[[str], str] = as_is

    @property
    def template(self) -> Path:
        return PEER_TEMPLATES / self.name.lower()

    def resolve(self) -> str | None:
        """The executable's path, or None when the peer is not installed."""
        if "/" in self.executable:
            path = PEER_INSTALLS / self.executable
            return str(path) if os.access(path, os.X_OK) else None
        return shutil.which(self.executable)

    def version(self) -> str:
        """The tool's own version line."""
        result = subprocess.run([str(self.resolve()), *self.version_args], capture_output=True, text=True)
        return (result.stdout or result.stderr).strip().splitlines()[0]

    def prepare(self, source: Path, root: Path) -> Path:
        """Copy the templates and the generated postings into ``root/<name>`` (untimed)."""
        site = root / self.name.lower()
        remove(site)
        shutil.copytree(self.template, site)
        target = site / self.content_dir
        target.mkdir(parents=True, exist_ok=True)
        for posting in sorted((source / "content" / "jobs").glob("*.md")):
            (target / posting.name).write_text(self.convert(posting.read_text(encoding="utf-8")), encoding="utf-8")
        return site

    def cold_build(self, site: Path, postings: int, logs: Path) -> Sample:
        """Remove output and caches, build, and check the output."""
        set_aside(site / self.out_dir, *(site / cache for cache in self.caches))
        args = [arg.format(site=site) for arg in self.args]
        sample = measure([str(self.resolve()), *args], site, logs / f"{self.name.lower()}.log")
        check_output(self.name, site / self.out_dir, postings)
        return sample


PEERS = (
    Peer(
        name="Hugo",
        executable="hugo",
        version_args=("version",),
        args=("--quiet", "-s", ".", "-d", "public", "--cacheDir", "{site}/.hugo-cache"),
        content_dir="content/jobs",
        out_dir="public",
        caches=(".hugo-cache", "resources", ".hugo_build.lock"),
    ),
    Peer(
        name="Eleventy",
        executable="node_modules/.bin/eleventy",
        version_args=("--version",),
        args=("--quiet",),
        content_dir="src/jobs",
        out_dir="out",
        caches=(".cache",),
    ),
    Peer(
        name="Jekyll",
        executable="jekyll",
        version_args=("--version",),
        args=("build", "--quiet", "-s", ".", "-d", "_site"),
        content_dir="_jobs",
        out_dir="_site",
        caches=(".jekyll-cache", ".jekyll-metadata"),
    ),
    Peer(
        name="Pelican",
        executable="pelican-venv/bin/pelican",
        version_args=("--version",),
        args=("content", "-s", "pelicanconf.py", "-o", "out", "-q"),
        content_dir="content/jobs",
        out_dir="out",
        caches=("cache", "__pycache__"),
        convert=to_pelican_metadata,
    ),
)


# --- the machine -----------------------------------------------------------------------------


def _first_match(path: str, pattern: str) -> str | None:
    try:
        match = re.search(pattern, Path(path).read_text(), re.M)
    except OSError:
        return None
    return match.group(1).strip() if match else None


def _command_version(cmd: Sequence[str]) -> str | None:
    try:
        result = subprocess.run(cmd, capture_output=True, text=True)
    except OSError:
        return None
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else None


def machine_report(peers: Sequence[Peer], cache_flag: bool) -> list[str]:
    """Markdown bullet lines describing the machine and the tools."""
    mem_kb = int(_first_match("/proc/meminfo", r"^MemTotal:\s+(\d+)") or 0)
    cpu = _first_match("/proc/cpuinfo", r"^model name\s*:(.*)$") or platform.processor()
    os_name = (_first_match("/etc/os-release", r"^PRETTY_NAME=(.*)$") or platform.system()).strip('"')
    sitegen = _command_version([sys.executable, "-m", "sitegen", "--version"])
    git = _command_version(["git", "-C", str(HERE), "describe", "--always", "--dirty"])
    lines = [
        f"- CPU: {cpu}; {len(os.sched_getaffinity(0))} CPUs available (nproc), {os.cpu_count()} online",
        f"- RAM: {mem_kb / 2**20:.1f} GiB",
        f"- OS: {os_name}, kernel {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- {sitegen} (git {git}, source hash {sitegen_fingerprint()}); build cache: "
        f"{'yes (build --no-cache exists)' if cache_flag else 'none (no build --no-cache)'}",
    ]
    runtimes = {"Eleventy": ("Node ", ["node", "--version"]), "Jekyll": ("", ["ruby", "--version"])}
    for peer in peers:
        label, command = runtimes.get(peer.name, ("", []))
        runtime = _command_version(command) if command else None
        lines.append(f"- {peer.name}: {peer.version()}" + (f" ({label}{runtime})" if runtime else ""))
    return lines


# --- the report ------------------------------------------------------------------------------


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def _tree_mb(samples: Sequence[Sample]) -> str:
    """The largest sampled tree PSS, or "—" when every build ended before the first sample."""
    peak = max(s.tree_kb for s in samples)
    return _mb(peak) if peak else "—"


def table(postings: int, rows: dict[str, list[Sample]], baseline: str) -> list[str]:
    """One Markdown table: cold builds compared with sitegen's, then sitegen's rebuilds."""
    base = statistics.median(s.seconds for s in rows[baseline])
    lines = [
        f"### {postings:,} postings",
        "",
        "| tool / build | median (s) | min (s) | max (s) | time vs sitegen cold | CPU median (s) "
        "| peak RSS (MB) | tree PSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, samples in rows.items():
        seconds = [s.seconds for s in samples]
        median = statistics.median(seconds)
        ratio = f"{median / base:.2f}x" if COLD in label else "—"
        lines.append(
            f"| {label} | {median:.3f} | {min(seconds):.3f} | {max(seconds):.3f} | {ratio} | "
            f"{statistics.median(s.cpu_seconds for s in samples):.2f} | "
            f"{_mb(max(s.rss_kb for s in samples))} | {_tree_mb(samples)} |"
        )
    return lines


def targets(rows: dict[str, list[Sample]]) -> list[str]:
    """sitegen's cold builds as multiples of Hugo's and Eleventy's (the goals: as shipped faster than
    Eleventy and within 3x of Hugo; like for like within 1.25x of Hugo)."""
    medians = {label: statistics.median(s.seconds for s in samples) for label, samples in rows.items()}
    found = []
    for peer in ("Hugo", "Eleventy"):
        theirs = medians.get(f"{peer} {COLD}")
        if theirs:
            shipped, plain = medians[f"sitegen {COLD}"] / theirs, medians[f"sitegen {PLAIN}"] / theirs
            found.append(f"{shipped:.2f}x {peer} as shipped, {plain:.2f}x {peer} like for like")
    return [f"\nsitegen's cold builds: {'; '.join(found)}."] if found else []


def run_rounds(
    sitegen: Sitegen, sites: dict[str, Path], peers: Sequence[Peer], args: argparse.Namespace, logs: Path
) -> tuple[dict[str, list[Sample]], dict[str, str]]:
    """Interleave every build for warm-up + timed rounds; return the timed samples and peer failures."""
    rows: dict[str, list[Sample]] = {f"sitegen {COLD}": [], f"sitegen {PLAIN}": []}
    rows.update({f"{peer.name} {COLD}": [] for peer in peers})
    rows.update({f"sitegen {NO_CHANGE}": [], f"sitegen {ONE_EDIT}": [], f"sitegen {SECOND_DEPLOY}": []})
    failures: dict[str, str] = {}
    for round_no in range(args.warmup + args.runs):
        kind = "warm-up" if round_no < args.warmup else f"run {round_no - args.warmup + 1}/{args.runs}"
        progress(f"N={sitegen.postings}: {kind}: sitegen")
        samples = {f"sitegen {k}": v for k, v in sitegen.run_round(round_no, logs).items()}
        for peer in (peer for peer in peers if peer.name not in failures):
            progress(f"N={sitegen.postings}: {kind}: {peer.name}")
            try:
                samples[f"{peer.name} {COLD}"] = peer.cold_build(sites[peer.name], sitegen.postings, logs)
            except BenchmarkError as error:
                failures[peer.name] = str(error)
                rows.pop(f"{peer.name} {COLD}")
                progress(f"  {peer.name} failed, dropped from this size: {error}")
        if round_no >= args.warmup:
            for label, sample in samples.items():
                rows[label].append(sample)
    return rows, failures


def benchmark_size(postings: int, args: argparse.Namespace, peers: Sequence[Peer], root: Path) -> list[str]:
    """Generate one site, time every build and return the report lines for this size."""
    work = root / f"n{postings}"
    logs = work / "logs"
    logs.mkdir(parents=True)
    progress(f"N={postings}: generating the site and the peers' copies")
    site = generate(work / "sitegen", postings, args.seed)
    sitegen = Sitegen(site, postings)
    if postings > args.peers_up_to:
        peers = []
    sites = {peer.name: peer.prepare(sitegen.site, work) for peer in peers}
    load, source = os.getloadavg()[0], sitegen_fingerprint()
    rows, failures = run_rounds(sitegen, sites, peers, args, logs)
    lines = table(postings, rows, f"sitegen {COLD}")
    lines += targets(rows)
    lines.append(f"\nLoad average (1 min) at the start and end: {load:.2f} / {os.getloadavg()[0]:.2f}")
    if sitegen_fingerprint() != source:
        lines.append(f"\nWarning: sitegen's source changed while {postings:,} postings were being timed.")
    lines += [f"\n{name} not measured: {error}" for name, error in failures.items()]
    if set_aside.deleted:
        lines.append(f"\nWarning: low on disk space, {set_aside.deleted} earlier outputs were deleted, not set aside.")
        set_aside.deleted = 0
    if not args.keep:
        set_aside(work)  # deleted at the very end, not while the next size is timed
    return lines


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def installed_peers(wanted: bool, skip: Sequence[str]) -> tuple[list[Peer], list[str]]:
    """The peers to time, and a note for each one that is skipped or not installed."""
    if not wanted:
        return [], ["Peers not timed (--no-peers)."]
    skipped = {name.lower() for name in skip}
    found, notes = [], []
    for peer in PEERS:
        if peer.name.lower() in skipped:
            notes.append(f"{peer.name} skipped (--skip).")
        elif peer.resolve():
            found.append(peer)
        else:
            notes.append(f"{peer.name} not installed ({peer.executable} not found); run benchmarks/install-peers.sh.")
    return found, notes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 10000], help="numbers of postings")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per size (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time the installed peer generators (default: yes)",
    )
    parser.add_argument(
        "--skip", action="append", default=[], metavar="PEER", help="leave out one peer, e.g. --skip jekyll"
    )
    parser.add_argument(
        "--peers-up-to",
        type=int,
        default=10_000,
        metavar="N",
        help="time the peers only at sizes up to N postings (default 10000); larger sizes: sitegen alone",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and logs")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    peers, notes = installed_peers(args.peers, args.skip)
    cache_flag = sitegen_has_cache_flag()
    root = Path(tempfile.mkdtemp(prefix="sitegen-build-speed-"))
    set_aside.folder = root / "set-aside"
    report = [
        "## Build speed",
        "",
        *machine_report(peers, cache_flag),
        f"- Method: median of {args.runs} rounds after {args.warmup} warm-up round(s), interleaved; wall clock "
        "of each command-line build (process start to exit); cold = output and build caches moved aside "
        "(renamed, deleted after the last size: see SetAside); "
        f"seed {args.seed}; sitegen --now {NOW}; the edited posting is the middle one; peers timed up to "
        f"{args.peers_up_to:,} postings",
        *(f"- {note}" for note in notes),
        "",
    ]
    print("\n".join(report), flush=True)
    try:
        for postings in args.sizes:
            print("\n".join(benchmark_size(postings, args, peers, root)) + "\n", flush=True)
    except BenchmarkError as error:
        progress(f"error: {error}")
        return 1
    finally:
        if args.keep:
            shutil.rmtree(set_aside.folder, ignore_errors=True)
            progress(f"sites and logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
