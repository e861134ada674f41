"""In Chromium: the Content-Security-Policy of ``[headers]`` and ``[analytics]`` acts the same under
``sitegen serve`` and under a build's ``_headers``; source parameters reach the apply links.

Only 127.0.0.1 is reachable, so "another origin" is a second local server on another port.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sitegen.build import BuildOptions, build
from sitegen.checks import run_check
from sitegen.serve.server import DevServer
from tests.chromium import needs_chromium
from tests.conftest import CONFIG, NOW, SiteFactory, posting
from tests.netlify_server import serve_build as serve_built

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = needs_chromium

THIRD_PARTY_FILES = {
    "/script.js": b"window.thirdPartyLoaded = true;\n",
    # like an analytics tracker: loaded from its origin, sends an event back there
    "/js/script.js": b"window.trackerLoaded = true;\n"
    b"fetch(new URL('/api/event', document.currentScript.src), {method: 'POST', mode: 'no-cors', body: '{}'})"
    b".then(() => { window.trackerSent = true; }, () => { window.trackerSent = false; });\n",
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log in the test output."""


class _ThirdParty(_Quiet):
    def do_GET(self) -> None:
        body = THIRD_PARTY_FILES.get(self.path.split("?")[0])
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _start(server: ThreadingHTTPServer) -> tuple[ThreadingHTTPServer, threading.Thread]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    return server, thread


@pytest.fixture
def third_party() -> Iterator[str]:
    """The origin of a server standing for a third party (a CDN, an analytics provider)."""
    server, thread = _start(ThreadingHTTPServer(("127.0.0.1", 0), _ThirdParty))
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def serve_build() -> Iterator[Callable[[Path], str]]:
    """Build a site and serve the build with its ``_headers`` applied (``tests/netlify_server.py``)."""
    with ExitStack() as stack:

        def start(site: Path) -> str:
            result = build(site, BuildOptions(now=NOW, base_url="http://127.0.0.1"))
            assert result.output is not None, [d.format() for d in result.diagnostics]
            return stack.enter_context(serve_built(result.output))

        yield start


class Visit:
    """A page opened in a fresh context, with its console messages."""

    def __init__(self, browser: Any, url: str, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.goto(url)

    def csp_errors(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def open_page(url: str, **options: bool) -> Visit:
        opened.append(Visit(browser, url, **options))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()


def _script_site(make_site: SiteFactory, origin: str, headers: str) -> Path:
    template = (
        '{% extends "theme/base.html" %}\n{% block head_extra %}\n'
        f'<script src="{origin}/script.js"></script>\n{{% endblock %}}\n'
    )
    return make_site(
        {"content/jobs/data-engineer.md": posting(), "templates/base.html": template}, config=CONFIG + headers
    )


def _wait_for_csp_error(visit: Visit) -> None:
    """The console message of a blocked load arrives with the page; wait (bounded) for it."""
    if not visit.csp_errors():
        with visit.page.expect_console_message(lambda m: "Content Security Policy" in m.text, timeout=5000):
            pass


@pytest.mark.parametrize("where", ["serve", "build"])
def test_an_allowed_origin_loads_and_a_missing_one_is_blocked_with_the_console_error(
    where: str,
    make_site: SiteFactory,
    start_server: Callable[..., DevServer],
    serve_build: Callable[[Path], str],
    third_party: str,
    visit: Callable[..., Visit],
) -> None:
    def open_site(site: Path) -> Visit:
        base = start_server(site).url if where == "serve" else serve_build(site)
        return visit(base + "jobs/data-engineer/")

    allowed = _script_site(make_site, third_party, f'\n[headers]\nscript_src = ["{third_party}"]\n')
    page = open_site(allowed)
    assert page.page.evaluate("window.thirdPartyLoaded") is True
    assert page.csp_errors() == []
    assert [d for d in run_check(allowed, NOW) if d.rule == "headers.csp-blocked"] == []

    (allowed / "sitegen.toml").write_text(CONFIG, encoding="utf-8")  # the setting removed
    blocked = allowed
    page = open_site(blocked)
    _wait_for_csp_error(page)
    assert page.page.evaluate("window.thirdPartyLoaded") is None
    assert any(f"{third_party}/script.js" in m and "script-src" in m for m in page.csp_errors()), page.console
    warnings = [d for d in run_check(blocked, NOW) if d.rule == "headers.csp-blocked"]
    assert [(d.path, d.line, d.severity, d.hint) for d in warnings] == [
        ("templates/base.html", 3, "warning", f'add "{third_party}" to [headers] script_src in sitegen.toml')
    ]


@pytest.mark.parametrize("where", ["serve", "build"])
def test_analytics_script_loads_and_sends_under_its_automatic_csp_entries(
    where: str,
    make_site: SiteFactory,
    start_server: Callable[..., DevServer],
    serve_build: Callable[[Path], str],
    third_party: str,
    visit: Callable[..., Visit],
) -> None:
    analytics = (
        f'\n[analytics]\nprovider = "plausible"\nscript_url = "{third_party}/js/script.js"\non_previews = true\n'
    )
    site = make_site(config=CONFIG + analytics)
    base = start_server(site).url if where == "serve" else serve_build(site)
    page = visit(base + "jobs/data-engineer/")
    deadline = time.monotonic() + 5  # polled from outside the page: the site's CSP forbids eval'd page script
    while page.page.evaluate("window.trackerSent") is None and time.monotonic() < deadline:
        page.page.wait_for_timeout(20)
    assert page.page.evaluate("[window.trackerLoaded, window.trackerSent]") == [True, True]
    assert page.csp_errors() == []
    assert [d for d in run_check(site, NOW) if d.rule == "headers.csp-blocked"] == []


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans is not installed")
@pytest.mark.parametrize("font_src", ["", '\n[headers]\nfont_src = ["https://fonts.gstatic.com"]\n'])
def test_a_self_hosted_font_loads_under_the_policy(
    font_src: str, make_site: SiteFactory, serve_build: Callable[[Path], str], visit: Callable[..., Visit]
) -> None:
    css = '@font-face { font-family: "Brand Sans"; src: url("/static/fonts/brand.ttf"); }\n'
    css += 'body { font-family: "Brand Sans"; }\n'
    site = make_site(
        {"content/jobs/data-engineer.md": posting(), "static/brand.css": css},
        config=CONFIG + '\n[theme]\nextra_css = ["/static/brand.css"]\n' + font_src,
    )
    (site / "static/fonts").mkdir()
    shutil.copyfile(FONT, site / "static/fonts/brand.ttf")
    page = visit(serve_build(site) + "jobs/data-engineer/")
    loaded = page.page.evaluate(
        "document.fonts.load('16px \"Brand Sans\"').then((faces) => faces.map((f) => f.status))"
    )
    assert loaded == ["loaded"]
    assert page.csp_errors() == []


# -- source tracking ---------------------------------------------------------------------------------


@pytest.fixture
def tracking_server(make_site: SiteFactory, start_server: Callable[..., DevServer]) -> DevServer:
    site = make_site({
        "content/jobs/data-engineer.md": posting(apply_url="https://boards.example.net/acme/jobs/1?gh_jid=1&x=a%20b#apply"),
        "content/jobs/by-email.md": posting(title="Office", apply_url="<drop>", apply_email="jobs@acme.example"),
        "content/jobs/sales.md": posting(title="Sales Lead", apply_url="https://boards.example.net/acme/jobs/2?gh_src=careers"),
    })  # fmt: skip
    return start_server(site)


def _apply_links(visit: Visit) -> list[str]:
    return visit.page.eval_on_selector_all("a[data-apply]", "links => links.map((a) => a.getAttribute('href'))")


def test_source_parameters_reach_the_apply_links(tracking_server: DevServer, visit: Callable[..., Visit]) -> None:
    page = visit(tracking_server.url + "jobs/data-engineer/?utm_source=linkedin&gh_src=abc&utm_medium=social&other=1")
    links = _apply_links(page)
    assert len(links) == 2
    for href in links:
        assert href == (
            "https://boards.example.net/acme/jobs/1?gh_jid=1&x=a%20b&utm_source=linkedin&gh_src=abc&utm_medium=social#apply"
        )
    assert page.csp_errors() == []
    # a link that names its own source keeps it; the others are added
    page.page.goto(tracking_server.url + "jobs/sales/?utm_source=linkedin&gh_src=abc")
    assert _apply_links(page) == ["https://boards.example.net/acme/jobs/2?gh_src=careers&utm_source=linkedin"] * 2


def test_source_parameters_are_kept_for_the_visit_and_not_added_twice(
    tracking_server: DevServer, visit: Callable[..., Visit]
) -> None:
    page = visit(tracking_server.url + "?utm_source=linkedin&lever-source=LinkedIn")
    page.page.goto(tracking_server.url + "jobs/data-engineer/")
    page.page.reload()
    expected = "https://boards.example.net/acme/jobs/1?gh_jid=1&x=a%20b&utm_source=linkedin&lever-source=LinkedIn#apply"
    assert _apply_links(page) == [expected, expected]
    # a later page's parameters that are not sources change nothing
    page.page.goto(tracking_server.url + "jobs/data-engineer/?gh_jid=7")
    assert _apply_links(page) == [expected, expected]


def test_email_apply_links_and_visits_without_javascript_stay_as_written(
    tracking_server: DevServer, visit: Callable[..., Visit]
) -> None:
    page = visit(tracking_server.url + "jobs/by-email/?utm_source=linkedin&gh_src=abc")
    links = _apply_links(page)
    assert len(links) == 2 and all(href.startswith("mailto:jobs@acme.example") and "utm" not in href for href in links)
    plain = visit(tracking_server.url + "jobs/data-engineer/?utm_source=linkedin&gh_src=abc", javascript=False)
    assert _apply_links(plain) == ["https://boards.example.net/acme/jobs/1?gh_jid=1&x=a%20b#apply"] * 2


def test_copy_link_button_shows_only_with_javascript(tracking_server: DevServer, visit: Callable[..., Visit]) -> None:
    url = tracking_server.url + "jobs/data-engineer/"
    page = visit(url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.page.get_by_role("button", name="Copy link")
    sync_api.expect(button).to_be_visible()
    button.click()
    sync_api.expect(page.page.locator(".share-status")).to_have_text("Link copied")
    assert page.page.evaluate("navigator.clipboard.readText()") == page.page.eval_on_selector(
        "[data-copy-link]", "b => b.dataset.copyLink"
    )
    plain = visit(url, javascript=False)
    assert plain.page.get_by_role("button", name="Copy link").count() == 0  # hidden: not in the accessibility tree
