"""GitHub-flavoured Markdown as job ads are written, and raw HTML made safe when asked."""

from __future__ import annotations

from pathlib import Path

import cmarkgfm  # type: ignore[import-untyped]
import pytest

from sitegen.render.markdown import render_markdown


def test_list_right_after_a_line_of_text() -> None:
    html = render_markdown("Requirements:\n- Python\n- SQL\n")
    assert html == "<p>Requirements:</p>\n<ul>\n<li>Python</li>\n<li>SQL</li>\n</ul>\n"


def test_list_nested_by_two_spaces() -> None:
    html = render_markdown("- Languages\n  - Python\n  - SQL\n- Tools\n")
    assert html == "<ul>\n<li>Languages\n<ul>\n<li>Python</li>\n<li>SQL</li>\n</ul>\n</li>\n<li>Tools</li>\n</ul>\n"


def test_table() -> None:
    html = render_markdown("| Pay | Amount |\n|---|:-:|\n| Base | $100k |\n")
    assert "<table>" in html
    assert "<th>Pay</th>" in html
    assert '<th align="center">Amount</th>' in html
    assert '<td align="center">$100k</td>' in html


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("See https://acme.example/jobs today", '<a href="https://acme.example/jobs">https://acme.example/jobs</a>'),
        ("See www.acme.example today", '<a href="http://www.acme.example">www.acme.example</a>'),
        ("Mail jobs@acme.example today", '<a href="mailto:jobs@acme.example">jobs@acme.example</a>'),
    ],
)
def test_autolink(text: str, link: str) -> None:
    assert link in render_markdown(text)


def test_strikethrough() -> None:
    assert render_markdown("~~5 days~~ 4 days a week") == "<p><del>5 days</del> 4 days a week</p>\n"


def test_task_list() -> None:
    html = render_markdown("- [x] done\n- [ ] todo\n")
    assert '<input type="checkbox" checked="" disabled="" /> done' in html


def test_raw_html_is_kept_by_default() -> None:
    html = render_markdown('<div class="note">Hybrid</div>\n\nWe are <span class="em">hiring</span>.')
    assert '<div class="note">Hybrid</div>' in html
    assert '<span class="em">hiring</span>' in html


@pytest.mark.parametrize(
    "tag",
    ["<script>alert(1)</script>", "<iframe src=x></iframe>", "<style>body{}</style>", "<textarea>x</textarea>"],
)
def test_tagfilter_neutralises_dangerous_tags(tag: str) -> None:
    name = tag[1 : tag.index(">")].split()[0]
    html = render_markdown(f"Text {tag} more")
    assert f"<{name}" not in html
    assert f"&lt;{name}" in html


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ('<img src="team.png" onerror="alert(1)">', "onerror"),
        ("[apply](javascript:alert(1))", "javascript:"),
        ('<a href="javascript:alert(1)">apply</a>', "javascript:"),
        ('<div onclick="steal()">hi</div>', "onclick"),
        ("<script>alert(1)</script>", "<script"),
    ],
)
def test_sanitize_removes_active_content(text: str, forbidden: str) -> None:
    assert forbidden not in render_markdown(text, sanitize=True)


def test_sanitize_keeps_the_harmless_parts() -> None:
    assert render_markdown('<img src="team.png" onerror="alert(1)">', sanitize=True) == '<img src="team.png">\n'


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("| a |\n|---|\n| 1 |\n", "<td>1</td>"),
        ("~~old~~", "<del>old</del>"),
        ("3. three\n4. four\n", '<ol start="3">'),
        ("- [x] done\n", '<input type="checkbox" checked="" disabled="">'),
        (
            "[apply](https://acme.example/apply)",
            '<a href="https://acme.example/apply" rel="noopener noreferrer nofollow">apply</a>',
        ),
    ],
)
def test_sanitize_keeps_markdown_output(text: str, kept: str) -> None:
    assert kept in render_markdown(text, sanitize=True)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from /proc (Linux)")
def test_rendering_frees_what_cmark_allocates() -> None:
    """cmarkgfm's own wrapper leaked the parsed tree and the HTML buffer (~30 KB a document)."""
    from sitegen.render.markdown import _EXTENSIONS, _FREERS, _OPTIONS

    assert _FREERS is not None, "cmark_node_free and free() should be reachable on Linux"
    body = "\n\n".join(
        f"## Part {i}\n\n- **one** item with a [link](https://example.com/{i})\n- two" for i in range(40)
    )
    assert render_markdown(body) == cmarkgfm.markdown_to_html_with_extensions(body, _OPTIONS, _EXTENSIONS)

    def resident_mib() -> float:
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

    before = resident_mib()
    for _ in range(2000):
        render_markdown(body)
    assert resident_mib() - before < 10  # the package's wrapper grows by over 200 MiB here
