"""The dev server sends the cross-origin rules of the built ``_headers`` (``[embed]``) as production does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sitegen.outputs.netlify import SECURITY_HEADERS
from sitegen.serve.server import DevServer
from tests.serve.test_http import get

HOST = "http://127.0.0.1:9999"
SITE_POLICY = dict(header.split(": ", 1) for header in SECURITY_HEADERS)["Content-Security-Policy"]


def test_dev_server_lets_the_allowed_origin_frame_embed_and_read_jobs_json(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    with (serve_site / "sitegen.toml").open("a") as config:
        config.write(f'\n[embed]\nallowed_origins = ["{HOST}"]\n')
    server = start_server(serve_site)
    status, headers, body = get(server, "/embed/departments/engineering/")
    assert status == 200 and b"Data Engineer" in body
    assert headers["content-security-policy"].endswith(f"frame-ancestors {HOST}")
    status, headers, _ = get(server, "/jobs.json?x=1")
    assert (status, headers["access-control-allow-origin"], headers["vary"]) == (200, HOST, "Origin")
    for path in ("/", "/jobs/data-engineer/", "/embed.js"):  # everything else as before
        _, headers, _ = get(server, path)
        assert headers["content-security-policy"] == SITE_POLICY, path
        assert "access-control-allow-origin" not in headers, path


def test_dev_server_without_embed_settings_opens_only_the_public_data(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    server = start_server(serve_site)
    assert get(server, "/embed/")[0] == 404
    _, headers, _ = get(server, "/departments/engineering/feed.xml")
    assert headers["access-control-allow-origin"] == "*"
    assert headers["content-type"] == "application/atom+xml"


def test_dev_server_drops_the_feed_of_a_department_that_is_gone(
    serve_site: Path, start_server: Callable[..., DevServer]
) -> None:
    server = start_server(serve_site)
    status, _, body = get(server, "/departments/design/feed.xml")
    assert status == 200 and b"Product Designer" in body
    generation = server.generation
    (serve_site / "content/jobs/designer.md").unlink()
    assert server.wait_for_generation(generation + 1, timeout=10)
    assert get(server, "/departments/design/feed.xml")[0] == 404
    assert get(server, "/departments/engineering/feed.xml")[0] == 200
