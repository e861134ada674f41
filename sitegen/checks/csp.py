"""``headers.csp-blocked``: a third-party resource the site's Content-Security-Policy would block.

Looks where a site references scripts, stylesheets, frames, images, media and fonts by URL:
templates (the site's and the theme's), stylesheets under ``static/``, posting and page bodies
(as rendered, so code samples do not count), and ``[theme] extra_css`` / ``extra_head``. Each
absolute URL is matched against the policy ``sitegen.headers`` sends; one the browser would refuse
is reported at its line with the ``[headers]`` setting that allows it; so is inline code the policy
refuses (a ``<script>`` without ``src``, a ``<style>`` element, ``onclick=``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.checks.rules import RULES
from sitegen.config import CONFIG_FILE, Config
from sitegen.errors import Diagnostic
from sitegen.headers import SETTING_OF, content_security_policy
from sitegen.model import ContentPage, HomePage, Posting, Section

RULE = "headers.csp-blocked"
_TAG = re.compile(r"<(script|link|iframe|frame|img|source|video|audio|track|embed|object|form|button)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""", re.I)
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.I | re.S)
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_INLINE_STYLE = re.compile(r"<style\b[^>]*>", re.I)
_HANDLER = re.compile(r"<[a-z][\w-]*\b[^>]*?\s(on[a-z]+)\s*=", re.I)
# <script type> values browsers run; any other type is a data block (JSON-LD), which the policy allows.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "text/ecmascript", "module"})
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
_WHAT = {
    "script-src": "script",
    "style-src": "stylesheet",
    "font-src": "font",
    "img-src": "image",
    "frame-src": "frame",
    "media-src": "video or audio",
    "form-action": "form target",
    "object-src": "plugin content",
}


def check_csp(
    site_dir: Path,
    config: Config,
    templates: Iterable[Path],
    stylesheets: Iterable[Path],
    documents: Iterable[tuple[str, str, list[str]]],
    config_text: str,
) -> list[Diagnostic]:
    """Every blocked reference. ``documents``: ``(path, file text, rendered HTML fragments)`` of content."""
    policy = content_security_policy(config)
    own = _origin(config.site.base_url)
    found: list[Diagnostic] = []
    seen: set[tuple[str, int, str, str]] = set()

    def report(path: str, line: int | None, directive: str, url: str, field: str | None = None) -> None:
        key = (path, line or 0, directive, url)
        if key in seen or allows(policy, directive, url, own):
            return
        seen.add(key)
        found.append(_diagnostic(path, line, field, directive, url))

    def report_inline(path: str, line: int | None, kind: str, field: str | None = None) -> None:
        key = (path, line or 0, "inline", kind)
        if key in seen or "'unsafe-inline'" in policy.get(_INLINE[kind][0], ()):
            return
        seen.add(key)
        found.append(_inline_diagnostic(path, line, field, kind))

    for template in templates:
        text = _read(template)
        path = _relative(template, site_dir)
        for directive, url, offset in html_references(text):
            report(path, text.count("\n", 0, offset) + 1, directive, url)
        for kind, offset in inline_code(text):
            report_inline(path, text.count("\n", 0, offset) + 1, kind)
    for sheet in stylesheets:
        text = _read(sheet)
        for directive, url, offset in css_references(text):
            report(_relative(sheet, site_dir), text.count("\n", 0, offset) + 1, directive, url)
    for path, text, fragments in documents:
        lines = text.split("\n")
        for fragment in fragments:
            for directive, url, _ in html_references(fragment):
                report(path, _line_of(lines, url), directive, url)
            for kind, offset in inline_code(fragment):
                report_inline(path, _line_of(lines, _INLINE[kind][1](fragment, offset)), kind)
    for href in config.theme.extra_css:
        if not href.startswith("/"):
            report(CONFIG_FILE, _line_of(config_text.split("\n"), href), "style-src", href, "theme.extra_css")
    head = config.theme.extra_head
    for directive, url, _ in html_references(head):
        report(CONFIG_FILE, _line_of(config_text.split("\n"), url), directive, url, "theme.extra_head")
    for kind, _ in inline_code(head):
        report_inline(CONFIG_FILE, _line_of(config_text.split("\n"), "extra_head"), kind, "theme.extra_head")
    return found


def inline_code(text: str) -> Iterator[tuple[str, int]]:
    """``(kind, offset)`` of inline code the policy refuses: ``script``, ``style``, ``handler`` (``onclick=``)."""
    for match in _INLINE_SCRIPT.finditer(text):
        attributes, body = _attributes(match.group(1)), match.group(2)
        if "src" not in attributes and body.strip() and attributes.get("type", "").strip().lower() in _SCRIPT_TYPES:
            yield "script", match.start()
    for match in _INLINE_STYLE.finditer(text):
        yield "style", match.start()
    for match in _HANDLER.finditer(text):
        yield "handler", match.start(1)


def _tag_text(text: str, offset: int) -> str:
    """The first line of the tag at ``offset``, to find it in the source file."""
    return text[offset:].split("\n", 1)[0][:60]


# kind -> (directive, how to find its line, message, hint)
_INLINE: dict[str, tuple[str, Callable[[str, int], str], str, str]] = {
    "script": (
        "script-src",
        _tag_text,
        "the Content-Security-Policy blocks this inline <script> (script-src has no 'unsafe-inline')",
        "move the code into a file under static/ and load it with <script src>; for Google Analytics set "
        '[analytics] provider = "ga4"',
    ),
    "style": (
        "style-src",
        _tag_text,
        "the Content-Security-Policy blocks this inline <style> (style-src has no 'unsafe-inline')",
        "move the rules into a stylesheet under static/ and add it with [theme] extra_css",
    ),
    "handler": (
        "script-src",
        _tag_text,
        "the Content-Security-Policy blocks inline event handlers such as onclick= (script-src has no 'unsafe-inline')",
        "attach the handler from a script file under static/ with addEventListener",
    ),
}


def _inline_diagnostic(path: str, line: int | None, field: str | None, kind: str) -> Diagnostic:
    _, _, message, hint = _INLINE[kind]
    return Diagnostic(path, line, field, message, hint, RULES[RULE].severity, RULE)


def content_documents(
    site_dir: Path, postings: Iterable[Posting], pages: Iterable[ContentPage], home: HomePage, home_path: str
) -> Iterator[tuple[str, str, list[str]]]:
    """``(path, text, HTML fragments)`` of each posting, page and the home page's intro."""
    for posting in postings:
        yield posting.source, _read(site_dir / posting.source), [posting.body_html]
    for page in pages:
        yield page.source, _read(site_dir / page.source), [page.body_html, *_section_html(page.sections)]
    if home.intro_html or home.sections:
        yield home_path, _read(site_dir / home_path), [home.intro_html, *_section_html(home.sections)]


def _section_html(sections: Iterable[Section]) -> Iterator[str]:
    for section in sections:
        yield section.html
        yield from (item.html for item in section.items)
        if section.image and "://" in section.image:
            yield f'<img src="{section.image}">'


def html_references(text: str) -> Iterator[tuple[str, str, int]]:
    """``(directive, absolute URL, offset)`` of each resource an HTML (or template) text loads."""
    for tag in _TAG.finditer(text):
        for directive, value in _loads(tag.group(1).lower(), _attributes(tag.group(2))):
            for url in _urls(value):
                yield directive, url, tag.start()


def _attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTRIBUTE.finditer(text)}


def css_references(text: str) -> Iterator[tuple[str, str, int]]:
    """``(directive, absolute URL, offset)`` of each ``@import`` and ``url()`` of a stylesheet."""
    fonts = [(m.start(), m.end()) for m in _FONT_FACE.finditer(text)]
    for match in _CSS_URL.finditer(text):
        url = _absolute(match.group(1) or match.group(2) or "")
        if url is None:
            continue
        if match.group(1):
            directive = "style-src"
        elif any(start <= match.start() < end for start, end in fonts):
            directive = "font-src"
        else:
            directive = "img-src"
        yield directive, url, match.start()


def _loads(tag: str, attributes: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    src = attributes.get("src")
    if tag == "script" and src:
        yield "script-src", src
    elif tag == "link" and attributes.get("href"):
        rel = set(attributes.get("rel", "").lower().split())
        kind = attributes.get("as", "").lower()
        if "stylesheet" in rel or kind == "style":
            yield "style-src", attributes["href"]
        elif kind == "font":
            yield "font-src", attributes["href"]
        elif kind == "script" or "modulepreload" in rel:
            yield "script-src", attributes["href"]
        elif rel & {"icon", "apple-touch-icon"} or kind == "image":
            yield "img-src", attributes["href"]
    elif tag in ("iframe", "frame") and src:
        yield "frame-src", src
    elif tag == "img":
        yield from (("img-src", v) for v in (src, *_srcset(attributes.get("srcset"))) if v)
    elif tag == "source":
        yield from (("img-src", v) for v in _srcset(attributes.get("srcset")))
        if src:
            yield "media-src", src
    elif tag in ("video", "audio", "track"):
        if src:
            yield "media-src", src
        if attributes.get("poster"):
            yield "img-src", attributes["poster"]
    elif tag in ("embed", "object"):
        value = src or attributes.get("data")
        if value:
            yield "object-src", value
    elif tag == "form" and attributes.get("action"):
        yield "form-action", attributes["action"]
    elif tag == "button" and attributes.get("formaction"):
        yield "form-action", attributes["formaction"]


def _srcset(value: str | None) -> list[str]:
    return [part.strip().split()[0] for part in (value or "").split(",") if part.strip()]


def _urls(value: str) -> list[str]:
    url = _absolute(value)
    return [url] if url else []


def _absolute(value: str) -> str | None:
    """An absolute http(s) URL (``//host`` taken as https), or None for site paths and template code."""
    value = value.strip()
    if "{{" in value or "{%" in value:
        return None
    if value.startswith("//"):
        value = "https:" + value
    if not re.match(r"^https?://[^/\s]", value, re.I):
        return None
    return value


def allows(policy: Mapping[str, tuple[str, ...]], directive: str, url: str, own_origin: str) -> bool:
    """Whether ``policy`` lets the page load ``url`` for ``directive`` (CSP Level 3 source matching)."""
    sources = policy.get(directive, policy.get("default-src", ()))
    return any(_matches(source, url, own_origin) for source in sources)


def _matches(source: str, url: str, own_origin: str) -> bool:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if source == "'self'":
        return _origin(url) in (own_origin, own_origin.replace("http://", "https://", 1))
    if source.startswith("'"):
        return False  # 'none', hashes
    if source == "*":
        return scheme in ("http", "https")
    if source.endswith(":") and "/" not in source:
        wanted = source[:-1].lower()
        return scheme == wanted or (wanted == "http" and scheme == "https")
    allowed = urlsplit(source)
    if not (allowed.scheme == scheme or (allowed.scheme, scheme) in (("http", "https"), ("ws", "wss"))):
        return False
    host, pattern = (parts.hostname or "").lower(), (allowed.hostname or "").lower()
    if not (host.endswith(pattern[1:]) if pattern.startswith("*.") else host == pattern):
        return False
    port = parts.port or _DEFAULT_PORTS.get(scheme)
    wanted_port = allowed.port
    if wanted_port is None:
        return port in (_DEFAULT_PORTS.get(allowed.scheme), _DEFAULT_PORTS.get(scheme))
    return port == wanted_port


def _origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port
    netloc = (parts.hostname or "").lower() + (f":{port}" if port and port != _DEFAULT_PORTS.get(scheme) else "")
    return f"{scheme}://{netloc}"


def _diagnostic(path: str, line: int | None, field: str | None, directive: str, url: str) -> Diagnostic:
    origin = _origin(url)
    what = _WHAT.get(directive, "resource")
    message = f"the Content-Security-Policy blocks the {what} {url} ({directive} does not allow {origin})"
    setting = SETTING_OF.get(directive)
    if setting is None:
        hint = "the policy allows no plugins (object-src 'none'): embed a video with an iframe instead"
    else:
        hint = f'add "{origin}" to [headers] {setting} in sitegen.toml'
    return Diagnostic(path, line, field, message, hint, RULES[RULE].severity, RULE)


def _line_of(lines: list[str], needle: str) -> int | None:
    for number, line in enumerate(lines, start=1):
        if needle in line:
            return number
    origin = _origin(needle)
    host = origin.split("://", 1)[1]
    return next((n for n, line in enumerate(lines, start=1) if host and host in line), None)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _relative(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()  # a built-in theme's file
