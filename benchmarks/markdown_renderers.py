#!/usr/bin/env python3
"""Benchmark candidate Markdown renderers for sitegen on synthetic job ads.

Times each renderer on seeded job-ad documents and checks GitHub-flavoured
behaviour by parsing the HTML. Missing renderers are reported, not fatal.

With ``--site DIR`` it times instead sitegen's own two renderers (``[build] markdown``) on the
posting bodies of a site, such as this repository's example site (``--site .``).

Usage: python benchmarks/markdown_renderers.py [--docs 200] [--repeats 5] [--seed 1234] [--site DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from typing import ClassVar

Render = Callable[[str], str]
WORDS = [
    "team",
    "build",
    "scale",
    "hiring",
    "remote",
    "product",
    "data",
    "customers",
    "platform",
    "ship",
    "reliable",
    "growth",
    "mentor",
    "design",
    "ownership",
    "impact",
]
SKILLS = ["Python", "SQL", "Django", "AWS", "Docker", "Kubernetes", "Go", "React", "Terraform"]
NOTES: list[str] = []


def make_doc(rng: random.Random, size: int = 3000) -> str:
    """Return one ~`size`-byte job ad using the GFM features sitegen content uses."""

    def sentence() -> str:
        words = rng.sample(WORDS, rng.randint(6, 12))
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
        if rng.random() < 0.4:
            words.append(f"[{rng.choice(WORDS)}](https://jobs.example.com/{rng.randint(1, 999)})")
        return " ".join(words).capitalize() + "."

    def para() -> str:
        return " ".join(sentence() for _ in range(rng.randint(2, 4)))

    parts = [
        f"## {rng.choice(SKILLS)} Engineer #{rng.randint(1, 9999)}",
        para(),
        "Requirements:\n" + "\n".join(f"- {s}" for s in rng.sample(SKILLS, 4)),
        "## Stack\n\n- Backend\n  - " + "\n  - ".join(rng.sample(SKILLS, 3)) + "\n- Frontend",
        "| Level | Salary |\n| --- | ---: |\n" + "\n".join(f"| L{n} | {rng.randint(50, 200)}k |" for n in range(1, 4)),
        f"Apply at https://example.com/x or read ~~{rng.choice(WORDS)}~~ the FAQ.",
    ]
    while sum(len(p) + 2 for p in parts) < size:
        parts.insert(
            rng.randint(1, len(parts)),
            rng.choice(
                [
                    para(),
                    f"## {rng.choice(WORDS).title()}\n\n{para()}",
                    "Nice to have:\n" + "\n".join(f"- {sentence()}" for _ in range(3)),
                ]
            ),
        )
    return "\n\n".join(parts) + "\n"


def load_renderers() -> dict[str, tuple[str, Render | None]]:
    """Import each renderer lazily; map name -> (version or "not installed", render fn)."""
    out: dict[str, tuple[str, Render | None]] = {}
    try:
        import markdown  # type: ignore[import-untyped]

        md = markdown.Markdown(extensions=["tables"])
        out["Python-Markdown (tables)"] = (metadata.version("Markdown"), lambda t: str(md.reset().convert(t)))
    except ImportError:
        out["Python-Markdown (tables)"] = ("not installed", None)
    try:
        from markdown_it import MarkdownIt

        try:  # gfm-like needs linkify-it-py, which only fails at render time
            mdit = MarkdownIt("gfm-like")
            mdit.render("https://example.com")
            name = 'markdown-it-py ("gfm-like")'
        except ModuleNotFoundError:
            mdit = MarkdownIt("commonmark").enable("table").enable("strikethrough")
            name = "markdown-it-py (commonmark+table+strike)"
            NOTES.append("linkify-it-py missing: markdown-it-py fell back to commonmark, so no linkify")
        out[name] = (metadata.version("markdown-it-py"), mdit.render)
    except ImportError:
        out["markdown-it-py"] = ("not installed", None)
    try:
        import mistune

        plugins = ["table", "strikethrough", "url"]
        escaped = mistune.create_markdown(plugins=plugins)  # escape=True is the default
        raw = mistune.create_markdown(escape=False, plugins=plugins)
        out["mistune (default, escape=True)"] = (metadata.version("mistune"), lambda t: str(escaped(t)))
        out["mistune (escape=False)"] = (metadata.version("mistune"), lambda t: str(raw(t)))
    except ImportError:
        out["mistune"] = ("not installed", None)
    try:
        import cmarkgfm  # type: ignore[import-untyped]

        opts = cmarkgfm.Options.CMARK_OPT_UNSAFE
        out["cmarkgfm (GFM, UNSAFE)"] = (
            metadata.version("cmarkgfm"),
            lambda t: str(cmarkgfm.github_flavored_markdown_to_html(t, options=opts)),
        )
        probe = cmarkgfm.github_flavored_markdown_to_html("<script>alert(1)</script>\n\n<kbd>k</kbd>\n", options=opts)
        NOTES.append(f"cmarkgfm tagfilter on <script> + <kbd> input: {probe.strip()!r}")
    except ImportError:
        out["cmarkgfm (GFM, UNSAFE)"] = ("not installed", None)
    return out


class Node:
    """Minimal HTML element node."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text = ""

    def find_all(self, *tags: str) -> list[Node]:
        found = [c for c in self.children if c.tag in tags]
        return found + [n for c in self.children for n in c.find_all(*tags)]


class TreeBuilder(HTMLParser):
    """Build a Node tree from HTML with the standard-library parser."""

    VOID: ClassVar[set[str]] = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root = self.cur = Node("#root", {}, None)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in self.VOID:
            self.cur = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data: str) -> None:
        self.cur.text += data


def _list_after_line(r: Node) -> bool:
    return any(len(ul.find_all("li")) == 2 for ul in r.find_all("ul"))


def _nested_list(r: Node) -> bool:
    outer = [ul for ul in r.find_all("ul") if ul.parent is r]
    lis = [c for c in outer[0].children if c.tag == "li"] if outer else []
    return len(lis) == 2 and any(c.tag == "ul" for c in lis[0].children)


CASES: dict[str, tuple[str, Callable[[Node], bool]]] = {
    "a:list": ("Requirements:\n- Python\n- SQL\n", _list_after_line),
    "b:nest": ("- a\n  - b\n- c\n", _nested_list),
    "c:table": ("| A | B |\n| --- | --- |\n| 1 | 2 |\n", lambda r: bool(r.find_all("table"))),
    "d:autolink": (
        "See https://example.com/x today.\n",
        lambda r: any((a.attrs.get("href") or "").startswith("https://example.com/x") for a in r.find_all("a")),
    ),
    "e:strike": ("~~x~~\n", lambda r: bool(r.find_all("del", "s"))),  # markdown-it emits <s>
    "f:rawhtml": ("Press <kbd>Ctrl</kbd>.\n", lambda r: any(k.text == "Ctrl" for k in r.find_all("kbd"))),
}


def check(render: Render) -> list[str]:
    """Return ✓/✗ for each GFM case."""
    marks = []
    for src, ok in CASES.values():
        try:
            marks.append("✓" if ok(TreeBuilder(render(src)).root) else "✗")
        except Exception:  # a crash is a failure, not a reason to stop
            marks.append("✗")
    return marks


def time_renderer(render: Render, docs: list[str], repeats: int) -> float:
    """Median over repeats of the per-document mean render time, in ms."""
    for d in docs[:20]:  # warm-up
        render(d)
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for d in docs:
            render(d)
        runs.append((time.perf_counter() - start) / len(docs) * 1000)
    return statistics.median(runs)


SITE_EXTENSIONS = ("admonition", "attr_list", "tables", "toc")  # what an MkDocs-style site would enable


def site_bodies(site: Path) -> list[str]:
    """The Markdown body of every posting under ``site/content/jobs``."""
    from sitegen.content.frontmatter import decode, split

    return [split(decode(path.read_bytes())).body for path in sorted((site / "content" / "jobs").rglob("*.md"))]


def time_site_renderers(site: Path, repeats: int) -> None:
    """Print ms per posting for sitegen's cmark-gfm and python-markdown paths on a site's postings."""
    from sitegen.config import BuildSettings
    from sitegen.render.markdown import render_site_markdown

    bodies = site_bodies(site)
    print(
        f"{len(bodies)} posting bodies of the site at {site}, mean "
        f"{statistics.mean(map(len, bodies)):.0f} bytes, median of {repeats} repeats\n"
    )
    print("| sitegen renderer | version | ms/posting |")
    print("|---|---|---:|")
    choices = [
        ("cmark-gfm", "cmarkgfm", BuildSettings()),
        ("python-markdown", "Markdown", BuildSettings(markdown="python-markdown")),
        (
            f"python-markdown ({', '.join(SITE_EXTENSIONS)})",
            "Markdown",
            BuildSettings(markdown="python-markdown", markdown_extensions=SITE_EXTENSIONS),
        ),
    ]
    for name, distribution, settings in choices:
        ms = time_renderer(lambda text, settings=settings: render_site_markdown(text, settings), bodies, repeats)
        print(f"| {name} | {metadata.version(distribution)} | {ms:.3f} |")


def main() -> None:
    """Generate documents, time and check every renderer, print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--site", type=Path, help="time sitegen's renderers on this site's postings instead")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    docs = [make_doc(rng) for _ in range(args.docs)]
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"Python {platform.python_version()} | processor={platform.processor() or '?'} "
        f"machine={platform.machine()} | nproc={nproc}"
    )
    if args.site is not None:
        time_site_renderers(args.site, args.repeats)
        return
    print(
        f"{len(docs)} docs, mean {statistics.mean(map(len, docs)):.0f} bytes, seed {args.seed}, "
        f"median of {args.repeats} repeats\n"
    )
    print("| renderer | version | ms/doc | " + " | ".join(CASES) + " |")
    print("|---|---|---:|" + "---|" * len(CASES))
    for name, (ver, render) in load_renderers().items():
        if render is None:
            print(f"| {name} | not installed | - |" + " - |" * len(CASES))
            continue
        ms = time_renderer(render, docs, args.repeats)
        print(f"| {name} | {ver} | {ms:.3f} | " + " | ".join(check(render)) + " |")
    for note in NOTES:
        print(f"\nNote: {note}")


if __name__ == "__main__":
    main()
