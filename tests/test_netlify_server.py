"""The test server that serves a build as Netlify would: ``_headers`` rules, 404 page, folder redirects."""

from __future__ import annotations

import http.client
import urllib.parse
from pathlib import Path

import pytest

from tests.netlify_server import headers_for, parse_headers_file, serve_build

HEADERS = """\
# a comment
/*
  X-Frame-Options: DENY
  Link: </a.css>; rel=preload
/assets/*
  Cache-Control: public, max-age=604800
/jobs/:slug/
  Link: </b.css>; rel=preload
/feed.xml
  Content-Type: application/atom+xml; charset=utf-8
"""


EVERY_PATH = {"X-Frame-Options": "DENY", "Link": "</a.css>; rel=preload"}


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/", {}),
        ("/assets/x/y.css", {"Cache-Control": "public, max-age=604800"}),
        ("/assets", {}),
        ("/jobs/a/", {"Link": "</a.css>; rel=preload, </b.css>; rel=preload"}),  # both rules: values joined
        ("/jobs/a/b/", {}),  # a placeholder is one segment
        ("/feed.xml", {"Content-Type": "application/atom+xml; charset=utf-8"}),
        ("/feed.xml.bak", {}),
    ],
)
def test_rules_match_like_netlify(path: str, extra: dict[str, str]) -> None:
    assert headers_for(parse_headers_file(HEADERS), path) == {**EVERY_PATH, **extra}


def _get(url: str, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_serves_files_folders_and_the_404_page_with_their_headers(tmp_path: Path) -> None:
    (tmp_path / "jobs" / "a").mkdir(parents=True)
    (tmp_path / "jobs" / "a" / "index.html").write_text("posting")
    (tmp_path / "404.html").write_text("not found page")
    (tmp_path / "feed.xml").write_text("<feed/>")
    (tmp_path / "_headers").write_text(HEADERS)
    with serve_build(tmp_path) as url:
        status, headers, body = _get(url, "/jobs/a/")
        assert (status, body, headers["x-frame-options"]) == (200, b"posting", "DENY")
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["link"] == "</a.css>; rel=preload, </b.css>; rel=preload"
        status, headers, _ = _get(url, "/jobs/a")
        assert (status, headers["location"]) == (301, "/jobs/a/")
        status, headers, body = _get(url, "/jobs/gone/")
        assert (status, body, headers["x-frame-options"]) == (404, b"not found page", "DENY")
        assert _get(url, "/..%2f..%2fetc/passwd")[0] == 404
        status, headers, body = _get(url, "/feed.xml", "HEAD")
        assert (status, body, headers["content-type"]) == (200, b"", "application/atom+xml; charset=utf-8")
