"""``sitegen serve`` sends the security headers a build's ``_headers`` sends, for the same config."""

from __future__ import annotations

import http.client
from pathlib import Path

from sitegen.serve.server import DevServer
from tests.conftest import CONFIG
from tests.test_headers import SETTINGS, site_headers


def _response_headers(server: DevServer, path: str) -> dict[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return dict(response.getheaders())
    finally:
        connection.close()


def test_serve_sends_the_headers_of_the_build_and_follows_config_edits(make_site, build_site, start_server) -> None:
    site = make_site(config=CONFIG + SETTINGS)
    build_site(site)
    production = site_headers((site / "build" / "_headers").read_text())
    server = start_server(site)
    for path in ("/", "/jobs/data-engineer/", "/assets/style.css", "/no-such-page/"):
        sent = _response_headers(server, path)
        assert [(name, sent.get(name)) for name, _ in production] == production, path
        assert "X-Frame-Options" not in sent
    served = Path(server.output / "_headers").read_text()
    assert site_headers(served) == production  # the preview's own _headers: the same lines
    # an edit of [headers] changes what the preview sends at once
    generation = server.generation
    (site / "sitegen.toml").write_text(CONFIG + SETTINGS.replace("no-referrer", "same-origin"), encoding="utf-8")
    assert server.wait_for_generation(generation + 1, timeout=20)
    assert _response_headers(server, "/")["Referrer-Policy"] == "same-origin"


def test_serve_adds_the_livereload_socket_to_the_configured_connect_src(make_site, start_server) -> None:
    site = make_site(config=CONFIG + '\n[headers]\nconnect_src = ["https://api.acme.example"]\n')
    server = start_server(site, livereload_port=0)
    csp = _response_headers(server, "/")["Content-Security-Policy"]
    assert csp.count("connect-src") == 1  # a second connect-src directive would be ignored by browsers
    assert f"connect-src 'self' https://api.acme.example ws://*:{server.livereload_port}" in csp
