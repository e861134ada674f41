"""Web origins (``scheme://host[:port]``) as ``[embed] allowed_origins`` names them.

An origin goes into ``Access-Control-Allow-Origin`` and CSP ``frame-ancestors`` as it is
written, and browsers compare it with the host page's origin exactly, so anything more than
scheme, host and port (a path, even a lone ``/``) would match no page at all.
"""

from __future__ import annotations

import re

from sitegen.weburl import split_url, web_url_problem

_HOST_NAME = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")
_IPV6 = re.compile(r"^\[[0-9a-f:.]+\]$")


def parse_origin(text: str) -> tuple[str | None, str | None]:
    """``(origin, None)`` with scheme and host in lower case, or ``(None, what is wrong)``."""
    problem = web_url_problem(text)
    parts = split_url(text) if problem is None else None
    if parts is None:
        return None, problem or "is not an http:// or https:// address"
    if parts.username is not None or parts.password is not None:
        return None, "has a user name or password"
    if parts.path or parts.query or parts.fragment or text.endswith(("?", "#")):
        return None, "has a path, query or fragment"
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if "*" in name:
        return None, "has a wildcard (list each origin)"
    if not (_HOST_NAME.match(name) or _IPV6.match(name)):
        return None, f"has an invalid host name {name!r}"
    if parts.port == 0 or host.endswith(":"):
        return None, "has an invalid port"
    default = {"http": 80, "https": 443}[parts.scheme.lower()]
    port = "" if parts.port in (None, default) else f":{parts.port}"
    return f"{parts.scheme.lower()}://{name}{port}", None
