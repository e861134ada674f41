"""``html_without_entities``: Indeed's descriptions with literal characters, by either reader."""

from __future__ import annotations

import pytest

from sitegen.outputs.raw_html import _parsed, _rewritten, html_without_entities


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a &amp; b &quot;c&quot; &#39;d&#39;</p>", "<p>a & b \"c\" 'd'</p>"),
        ('<a href="x?a=1&amp;b=2" title="it&#39;s">x</a>', '<a href="x?a=1&b=2" title="it\'s">x</a>'),
        ('<a title="say &quot;hi&quot;">x</a>', "<a title='say \"hi\"'>x</a>"),
        ('<a title="&quot;hi&quot; it&#39;s">x</a>', '<a title="&quot;hi&quot; it\'s">x</a>'),
        ("<p>1 &lt; 2 &gt; 0<br />&euro;5</p>", "<p>1 < 2 > 0<br />€5</p>"),
    ],
)
def test_character_references_become_characters(html: str, expected: str) -> None:
    assert html_without_entities(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<p>a &amp; b</p>",
        '<img alt="a &amp; b" src="x.png" />',
        "<P>x &amp;</P>",  # not the renderers' shape: the parser reads it
        "<td align=left>&amp;</td>",
        "<!-- c &amp; --><p>&amp;</p>",
        "<script>a &amp;&amp; b</script>",
        "x &amp; <b>y</b> tail &amp;",
        "<input disabled checked>&amp;",
    ],
)
def test_the_fast_reader_agrees_with_the_parser_or_leaves_it_to_the_parser(html: str) -> None:
    fast = _rewritten(html)
    assert fast is None or fast == _parsed(html)
    assert html_without_entities(html) == _parsed(html)


def test_renderer_output_takes_the_fast_path() -> None:
    assert _rewritten('<h2>R&amp;D</h2><ul>\n<li><a href="https://a.example/?x=1&amp;y=2">A &amp; B</a></li>\n</ul>\n')
