"""The dev server shows drafts and may listen on the network: no response of it is for search engines."""

from __future__ import annotations

import pytest

from sitegen.serve.server import DevServer
from tests.serve.test_http import get


@pytest.mark.parametrize("path", ["/", "/jobs/data-engineer/", "/feed.xml", "/assets/style.css", "/missing/"])
def test_every_dev_server_response_says_noindex(server: DevServer, path: str) -> None:
    _, headers, _ = get(server, path)
    assert headers.get("x-robots-tag") == "noindex"
