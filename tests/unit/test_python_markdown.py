"""``[build] markdown = "python-markdown"``: its extensions, the shared sanitizer, and its settings' errors."""

from __future__ import annotations

import re
import sys
import threading

import pytest

from sitegen.config import BuildSettings, parse_config
from sitegen.render import python_markdown
from sitegen.render.markdown import render_markdown, render_site_markdown

COMPANY = '[company]\nname = "Acme Corp"\n'  # lines 1-2 of the configs below


def python_markdown_settings(*extensions: str, sanitize: bool = False) -> BuildSettings:
    return BuildSettings(markdown="python-markdown", markdown_extensions=extensions, sanitize=sanitize)


def problems(text: str) -> list[str]:
    config, diagnostics = parse_config(text)
    assert config is None, "a config with errors must not be returned"
    return [d.format() for d in diagnostics]


# ---------------------------------------------------------------- rendering


def test_the_default_renderer_is_cmark_gfm() -> None:
    text = "Requirements:\n- Python\n"
    assert render_site_markdown(text, BuildSettings()) == render_markdown(text)


def test_admonition() -> None:
    text = '!!! note "Visa sponsorship"\n    We sponsor visas.\n'
    html = render_site_markdown(text, python_markdown_settings("admonition"))
    assert '<div class="admonition note">' in html
    assert '<p class="admonition-title">Visa sponsorship</p>' in html
    assert "<p>We sponsor visas.</p>" in html


def test_table_of_contents() -> None:
    html = render_site_markdown("[TOC]\n\n## What you'll do\n\nShip.\n", python_markdown_settings("toc"))
    assert '<div class="toc">' in html
    assert '<a href="#what-youll-do">' in html
    assert '<h2 id="what-youll-do">' in html


def test_extension_by_module_path() -> None:
    html = render_site_markdown("Apply\n{: #apply }\n", python_markdown_settings("markdown.extensions.attr_list"))
    assert html == '<p id="apply">Apply</p>\n'


def test_each_document_starts_afresh() -> None:
    """One instance serves every document: ``reset()`` forgets the ids and footnotes of the last one."""
    settings = python_markdown_settings("toc", "footnotes")
    text = "## Benefits\n\nPaid leave.[^1]\n\n[^1]: 30 days.\n"
    first = render_site_markdown(text, settings)
    assert render_site_markdown(text, settings) == first
    assert '<h2 id="benefits">' in first
    assert first.count('class="footnote"') == 1


def test_one_instance_per_extension_list(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, ...]] = []
    real_make = python_markdown._make

    def make(extensions: tuple[str, ...], configs: object) -> object:
        made.append(extensions)
        return real_make(extensions, configs)  # type: ignore[arg-type]

    monkeypatch.setattr(python_markdown, "_converters", {})
    monkeypatch.setattr(python_markdown, "_make", make)
    for _ in range(3):
        render_site_markdown("# a", python_markdown_settings("toc"))
        render_site_markdown("# a", python_markdown_settings("abbr"))
    assert made == [("toc",), ("abbr",)]


def test_threads_share_an_instance_safely() -> None:
    settings = python_markdown_settings("toc", "footnotes")
    texts = [f"## Part {n}\n\nText {n}.[^a]\n\n[^a]: Note {n}.\n" * 20 for n in range(8)]
    expected = [render_site_markdown(text, settings) for text in texts]
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [render_site_markdown(text, settings) for text in texts for _ in range(10)]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for found in results.values():
        assert found == [html for html in expected for _ in range(10)]


@pytest.mark.parametrize(
    "tag", ["<script>alert(1)</script>", "<iframe src=x></iframe>", "<style>body{}</style>", "<textarea>x</textarea>"]
)
def test_tagfilter_neutralises_dangerous_tags_as_with_cmark(tag: str) -> None:
    name = tag[1 : tag.index(">")].split()[0]
    for text in (f"Text {tag} more", f"{tag}\n"):
        html = render_site_markdown(text, python_markdown_settings())
        assert f"<{name}" not in html
        assert f"&lt;{name}" in html


def test_raw_html_is_kept_by_default() -> None:
    html = render_site_markdown('<div class="note">Hybrid</div>\n\nWe are hiring.', python_markdown_settings())
    assert '<div class="note">Hybrid</div>' in html


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ('<img src="team.png" onerror="alert(1)">', "onerror"),
        ("[apply](javascript:alert(1))", "javascript:"),
        ('<div onclick="steal()">hi</div>', "onclick"),
        ("<script>alert(1)</script>", "<script"),
        ("<p>Hi<script>alert(1)</script></p>", "<script"),
    ],
)
def test_sanitize_applies_to_both_renderers(text: str, forbidden: str) -> None:
    for settings in (BuildSettings(sanitize=True), python_markdown_settings("admonition", sanitize=True)):
        html = render_site_markdown(text, settings)
        assert forbidden not in html, settings.markdown


def test_sanitize_gives_links_the_same_rel_with_either_renderer() -> None:
    text = "[apply](https://acme.example/apply)\n"
    cmark = render_site_markdown(text, BuildSettings(sanitize=True))
    python = render_site_markdown(text, python_markdown_settings(sanitize=True))
    link = '<a href="https://acme.example/apply" rel="noopener noreferrer nofollow">apply</a>'
    assert cmark == python == f"<p>{link}</p>\n"


# ---------------------------------------------------------------- settings


def test_settings_are_read() -> None:
    config, diagnostics = parse_config(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["admonition", "toc"]\n'
        'markdown_extension_configs = {toc = {permalink = true, toc_depth = "2-3"}}\n'
    )
    assert diagnostics == []
    assert config is not None
    assert config.build.markdown == "python-markdown"
    assert config.build.markdown_extensions == ("admonition", "toc")
    assert config.build.markdown_extension_configs == (("toc", (("permalink", True), ("toc_depth", "2-3"))),)
    html = render_site_markdown("## Pay\n", config.build)
    assert '<a class="headerlink" href="#pay"' in html


def test_cmark_gfm_is_the_default() -> None:
    config, _ = parse_config(COMPANY)
    assert config is not None
    assert (config.build.markdown, config.build.markdown_extensions) == ("cmark-gfm", ())


def test_unknown_renderer() -> None:
    assert problems(COMPANY + '[build]\nmarkdown = "python_markdwn"\n') == [
        "sitegen.toml:4: build.markdown: unknown value 'python_markdwn' (did you mean 'python-markdown'?)"
    ]
    assert problems(COMPANY + '[build]\nmarkdown = "mistune"\n') == [
        "sitegen.toml:4: build.markdown: unknown value 'mistune' (expected one of: cmark-gfm, python-markdown)"
    ]


@pytest.mark.parametrize("renderer", ["", 'markdown = "cmark-gfm"\n'])
def test_extensions_need_python_markdown(renderer: str) -> None:
    found = problems(COMPANY + f'[build]\n{renderer}markdown_extensions = ["toc"]\n')
    line = 5 if renderer else 4
    assert found == [
        f"sitegen.toml:{line}: build.markdown_extensions: is only used by the python-markdown renderer, and "
        'build.markdown is "cmark-gfm" (add markdown = "python-markdown" to [build], or remove this setting)'
    ]


def test_empty_extension_settings_are_fine_with_cmark_gfm() -> None:
    config, diagnostics = parse_config(COMPANY + "[build]\nmarkdown_extensions = []\nmarkdown_extension_configs = {}\n")
    assert diagnostics == []
    assert config is not None and config.build.markdown == "cmark-gfm"


def test_extension_options_need_python_markdown() -> None:
    found = problems(COMPANY + "[build]\nmarkdown_extension_configs = {toc = {permalink = true}}\n")
    assert [line.split(" (")[0] for line in found] == [
        "sitegen.toml:4: build.markdown_extension_configs: is only used by the python-markdown renderer, and "
        'build.markdown is "cmark-gfm"'
    ]


def test_misspelt_extension() -> None:
    found = problems(COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["toc", "admonitoin"]\n')
    assert found == [
        "sitegen.toml:5: build.markdown_extensions: cannot load 'admonitoin': no extension or module of that "
        "name is installed (did you mean 'admonition'?)"
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nothing_like_it", "cannot load 'nothing_like_it': no extension or module of that name is installed"),
        ("json", "cannot load 'json': AttributeError: Failed to initiate extension 'json'"),
        ("markdown.extensions.toc:Nope", "cannot load 'markdown.extensions.toc:Nope': AttributeError"),
        ("not an extension", "'not an extension' is not an extension name"),
        ("", "'' is not an extension name"),
    ],
)
def test_extension_that_cannot_be_loaded(name: str, message: str) -> None:
    found = problems(COMPANY + f'[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["{name}"]\n')
    assert len(found) == 1
    assert found[0].startswith(f"sitegen.toml:5: build.markdown_extensions: {message}")
    assert "Traceback" not in found[0]
    assert "(" in found[0]  # says what is expected


def test_extension_option_that_does_not_exist() -> None:
    found = problems(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["toc"]\n'
        "markdown_extension_configs = {toc = {permalnk = true}}\n"
    )
    assert found == [
        "sitegen.toml:6: build.markdown_extension_configs.toc: extension 'toc' has no option 'permalnk' "
        "(see the extension's documentation for its options)"
    ]


def test_extension_option_of_the_wrong_type() -> None:
    found = problems(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["toc"]\n'
        "[build.markdown_extension_configs.toc]\ntoc_depth = [1]\n"
    )
    assert len(found) == 1
    assert found[0].startswith(
        "sitegen.toml:6: build.markdown_extension_configs.toc: 'toc' does not accept these options "
        "(cannot load 'toc': TypeError: int() argument must be"
    )


def test_options_for_an_extension_not_in_use() -> None:
    found = problems(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["toc"]\n'
        "markdown_extension_configs = {tco = {permalink = true}}\n"
    )
    assert found == [
        "sitegen.toml:6: build.markdown_extension_configs.tco: is not in build.markdown_extensions "
        "(did you mean 'toc'?)"
    ]


def test_sanitize_warns_about_what_it_removes() -> None:
    config, diagnostics = parse_config(
        COMPANY + '[build]\nsanitize = true\nmarkdown = "python-markdown"\nmarkdown_extensions = ["tables", "toc"]\n'
    )
    assert config is not None
    assert [d.severity for d in diagnostics] == ["warning"]
    assert [d.format() for d in diagnostics] == [
        "sitegen.toml:6: build.markdown_extensions: 'toc' makes heading anchors (ids), which sanitize = "
        "true removes (set sanitize = false for trusted content, or drop the extension)"
    ]


def test_all_problems_in_one_run() -> None:
    found = problems(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["tocc", "admonitionn"]\n'
        '[site]\ntimezone = "Mars/Olympus"\n'
    )
    assert len(found) == 3


def test_the_markdown_package_is_imported_only_when_chosen() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from sitegen.config import parse_config; from sitegen.render.markdown import render_site_markdown;"
        "c, _ = parse_config('[company]\\nname = \"A\"\\n'); render_site_markdown('# a', c.build);"
        "print('markdown' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_known_extensions_lists_the_built_in_ones() -> None:
    assert {"admonition", "toc", "tables", "attr_list"} <= set(python_markdown.known_extensions())


def test_the_readme_example_is_valid() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.DOTALL)
    (example,) = [block for block in blocks if '\nmarkdown = "python-markdown"' in block]
    config, diagnostics = parse_config(COMPANY + example)
    assert diagnostics == []
    assert config is not None
    assert config.build.markdown_extensions == ("admonition", "attr_list", "tables", "toc", "fenced_code")


def test_an_option_that_is_a_table() -> None:
    found = problems(
        COMPANY + '[build]\nmarkdown = "python-markdown"\nmarkdown_extensions = ["toc"]\n'
        "markdown_extension_configs = {toc = {permalink = {on = true}}}\n"
    )
    assert found == [
        "sitegen.toml:6: build.markdown_extension_configs.toc.permalink: expected text, a number, true/false "
        "or a list of them, got a mapping"
    ]


def test_without_the_markdown_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitegen.render

    monkeypatch.setitem(sys.modules, "sitegen.render.python_markdown", None)  # import fails, as if not installed
    monkeypatch.delattr(sitegen.render, "python_markdown", raising=False)
    found = problems(COMPANY + '[build]\nmarkdown = "python-markdown"\n')
    assert found == [
        "sitegen.toml:4: build.markdown: needs the 'markdown' package, which is not installed (pip install markdown)"
    ]
