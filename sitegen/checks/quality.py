"""Content quality: garbled text, links, structure, length, naming and wording.

Everything here reads the postings and the pages rendered in memory; nothing touches the network,
so ``sitegen check`` stays fast and gives the same answer offline.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.checks.html import element_ids, read_html
from sitegen.checks.rules import RULES, PostingContext, Source, load_source
from sitegen.content.regions import city_key, region_code
from sitegen.errors import Diagnostic
from sitegen.model import Section
from sitegen.render.pages import Site
from sitegen.weburl import join_url, split_url, web_url_problem

MIN_WORDS = 50
MAX_WORDS = 1500

# ---------------------------------------------------------------- mojibake


def _mojibake_pattern() -> re.Pattern[str]:
    """UTF-8 bytes read as Windows-1252 or Latin-1: a lead byte's character, then continuation bytes'."""

    def char(byte: int) -> str:
        try:
            return bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(byte)  # Latin-1 reading of the bytes cp1252 leaves undefined

    continuation = "".join(re.escape(char(b)) for b in range(0x80, 0xC0))
    lead2 = "".join(re.escape(char(b)) for b in range(0xC2, 0xE0))
    lead3 = "".join(re.escape(char(b)) for b in range(0xE0, 0xF0))
    return re.compile(f"[{lead3}][{continuation}]{{2}}|[{lead2}][{continuation}]|\ufffd")


_MOJIBAKE = _mojibake_pattern()


def _repair(garbled: str) -> str | None:
    for encoding in ("cp1252", "latin-1"):
        try:
            return garbled.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def check_mojibake(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    fields: list[tuple[str, str]] = [("title", posting.title), ("department", posting.department)]
    fields += [("team", posting.team or "")] + [("benefits", b) for b in posting.benefits]
    fields += [("locations", place.label) for place in posting.locations]
    found = []
    for field, text in fields:
        match = _MOJIBAKE.search(text)
        if match:
            line = ctx.source.find(match.group(0)) or ctx.line(field, "location")
            found.append(_mojibake(ctx, line, field, match.group(0)))
    for seen, match in enumerate(_MOJIBAKE.finditer(posting.body_markdown), 1):
        if seen > 3:
            break  # one file saved in the wrong encoding: three examples say enough
        line = ctx.source.find(match.group(0), in_body=True) or ctx.source.body_line
        found.append(_mojibake(ctx, line, "description", match.group(0)))
    return found


def _mojibake(ctx: PostingContext, line: int | None, field: str, garbled: str) -> Diagnostic:
    repaired = _repair(garbled)
    if garbled == "\ufffd":
        message = "contains '\ufffd', a character lost when the text was converted between encodings"
        hint = "retype the character that was there (often an apostrophe, dash or accented letter)"
    else:
        message = f"contains '{garbled}', garbled text from a wrong character encoding"
        hint = f"replace it with '{repaired}'" if repaired else "retype the garbled characters"
        hint += "; text pasted from another system often brings more of these, so search the file for 'Ã' and 'â€'"
    return ctx.diagnostic("quality.mojibake", line, field, message, hint)


# ---------------------------------------------------------------- links


@dataclass(frozen=True)
class SiteIndex:
    """The pages and files the built site would contain, to resolve internal links."""

    base_url: str
    files: dict[str, bytes]
    static: frozenset[str]

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    def resolve(self, path: str) -> str | None:
        """The output file a site path is served from, or None."""
        relative = unquote(path).lstrip("/")
        candidates = [relative, relative + "index.html"] if relative.endswith("/") or not relative else [relative]
        candidates += [relative + "/index.html", relative + ".html"]
        for candidate in candidates:
            if candidate in self.files or candidate in self.static:
                return candidate
        return None

    def ids(self, output: str) -> set[str]:
        page = self.files.get(output)
        return element_ids(page) if page is not None else set()


def site_index(base_url: str, files: dict[str, bytes], site_dir: Path, theme_static: Path | None) -> SiteIndex:
    static: set[str] = set()
    for root, prefix in ((site_dir / "static", "static/"), (theme_static, "assets/")):
        if root is not None and root.is_dir():
            static.update(prefix + p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return SiteIndex(base_url.rstrip("/"), files, frozenset(static))


_WEB_SCHEMES = {"http", "https"}
_OTHER_SCHEMES = {"mailto", "tel"}
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$|^localhost$|^\d{1,3}(?:\.\d{1,3}){3}$")


def url_problem(href: str) -> str | None:
    """Why ``href`` is not a usable link, or None. Relative links are fine here (resolved later)."""
    if any(c.isspace() for c in href.strip()):
        return "contains a space"
    parts = split_url(href.strip())
    if parts is None:
        return f"is not a valid address ({web_url_problem(href.strip())})"
    scheme = parts.scheme.lower()
    if not scheme:
        if href.startswith("www.") or re.match(r"^[\w-]+\.(com|org|net|io|de|ca|co)\b", href):
            return "has no https:// in front, so it would point inside this site"
        if re.match(r"^(https?|http)//", href, re.IGNORECASE) or re.match(r"^https?:/[^/]", href, re.IGNORECASE):
            return "is missing the ':' or a '/' after http(s)"
        return None
    if scheme in _WEB_SCHEMES:
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return "has no host name"
        try:
            ascii_host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            return f"has an invalid host name '{host}'"
        if not _HOST.match(ascii_host):
            return f"has an invalid host name '{host}'"
        return None
    if scheme == "mailto":
        address = unquote(parts.path)
        return None if all(_EMAIL.match(a.strip()) for a in address.split(",")) else "is not a valid email address"
    if scheme in _OTHER_SCHEMES:
        return None
    if scheme in {"htp", "htps", "htttp", "htttps", "http:", "hhtp", "hhtps", "ttps"}:
        return f"starts with '{scheme}:', a misspelt https:"
    return f"uses '{scheme}:', which is not a web or email link"


def check_links(ctx: PostingContext, index: SiteIndex) -> list[Diagnostic]:
    posting = ctx.posting
    found = []
    if posting.apply_url:
        problem = url_problem(posting.apply_url)
        if problem:
            found.append(
                ctx.diagnostic(
                    "quality.malformed-url",
                    ctx.line("apply_url"),
                    "apply_url",
                    f"the apply link {problem}: {posting.apply_url}",
                    "copy the address of your application form from the browser's address bar",
                )
            )
    found += html_link_problems(posting.source, ctx.source, posting.body_html, "description", posting.url_path, index)
    return found


def check_page_links(site_dir: Path, site: Site, index: SiteIndex) -> list[Diagnostic]:
    """Links in every page's body and sections, and in ``content/index.md``, like a posting's."""
    found: list[Diagnostic] = []
    pieces: list[tuple[str, str, str, str]] = []  # source, html, field, url_path
    for page in site.pages:
        pieces.append((page.source, page.body_html, "body", page.url_path))
        pieces += [(page.source, html, "sections", page.url_path) for html in _section_html(page.sections)]
    if site.home.intro_html or site.home.sections:
        pieces.append((HOME_SOURCE, site.home.intro_html, "intro", ""))
        pieces += [(HOME_SOURCE, html, "sections", "") for html in _section_html(site.home.sections)]
    sources: dict[str, Source] = {}
    for source, html, field, url_path in pieces:
        if source not in sources:
            sources[source] = load_source(site_dir, source)
        found += html_link_problems(source, sources[source], html, field, url_path, index)
    return found


HOME_SOURCE = "content/index.md"


def _section_html(sections: Iterable[Section]) -> Iterator[str]:
    for section in sections:
        yield section.html
        yield from (item.html for item in section.items)


def html_link_problems(
    path: str, source: Source, html: str, field: str, url_path: str, index: SiteIndex
) -> list[Diagnostic]:
    """Malformed and broken links in ``html``, shown on the page at ``url_path``, at their file lines."""
    found = []
    reader = read_html(html)
    page_url = f"{index.base_url}/{url_path}"
    own_page = f"{url_path}index.html"
    for href in dict.fromkeys(reader.links):
        line = source.find(href, in_body=field in ("description", "body", "intro")) or source.body_line
        problem = url_problem(href)
        if problem:
            hint = "write full addresses like https://www.example.com/page, or email links like mailto:jobs@example.com"
            rule = "quality.malformed-url"
            found.append(
                Diagnostic(path, line, field, f"the link {href!r} {problem}", hint, RULES[rule].severity, rule)
            )
            continue
        broken = _broken(href, page_url, own_page, reader.ids, index)
        if broken:
            rule = "quality.broken-link"
            found.append(Diagnostic(path, line, field, broken[0], broken[1], RULES[rule].severity, rule))
    return found


def _broken(href: str, page_url: str, own_page: str, own_ids: set[str], index: SiteIndex) -> tuple[str, str] | None:
    target, base = join_url(page_url, href), split_url(index.base_url + "/")
    if target is None or base is None:
        return None  # reported by url_problem
    if target.scheme not in _WEB_SCHEMES or (target.netloc and target.netloc != base.netloc):
        return None  # another site: not checked, to stay fast and offline
    if not target.path.startswith(base.path):
        return (
            f"the link {href!r} points outside the site ({base.path} is its root)",
            f"site links start with {base.path}" if base.path != "/" else "check the address",
        )
    output = index.resolve(target.path[len(base.path) :])
    if output is None:
        return (
            f"the link {href!r} goes to a page that does not exist on this site",
            "check the address; links to a posting must use its slug, like /jobs/data-engineer/, and drafts "
            "have no page",
        )
    fragment = unquote(target.fragment)
    if fragment:
        ids = index.ids(output) | (own_ids if output == own_page or href.startswith("#") else set())
        if fragment not in ids:
            return (
                f"the link {href!r} goes to '#{fragment}', which is not on that page",
                'link to the page, or add <a id="..."></a> where it should land (Markdown headings get anchors '
                "only from python-markdown's toc extension)",
            )
    return None


# ---------------------------------------------------------------- structure and length

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def check_empty_sections(ctx: PostingContext) -> list[Diagnostic]:
    headings: list[tuple[int, int, str]] = []  # (index in body, level, text)
    lines = ctx.posting.body_markdown.split("\n")
    content_after: dict[int, bool] = {}
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            headings.append((index, len(match.group(1)), match.group(2)))
            content_after[index] = False
        elif line.strip() and headings:
            content_after[headings[-1][0]] = True
    found = []
    for position, (index, level, text) in enumerate(headings):
        if content_after[index]:
            continue
        following = headings[position + 1] if position + 1 < len(headings) else None
        if following is not None and following[1] > level:
            continue  # it has subsections
        line_number = ctx.source.find(lines[index].strip(), in_body=True) or ctx.source.body_line + index
        found.append(
            ctx.diagnostic(
                "quality.empty-section",
                line_number,
                "description",
                f"the section '{text}' is empty",
                "write its content, or delete the heading",
            )
        )
    return found


def check_description_length(ctx: PostingContext) -> list[Diagnostic]:
    words = len(ctx.body_text.split())
    if MIN_WORDS <= words <= MAX_WORDS:
        return []
    if words < MIN_WORDS:
        message = f"the description has only {words} words"
        hint = (
            "Google for Jobs wants the full job: responsibilities, qualifications, working hours and how to "
            f"apply. Aim for at least {MIN_WORDS} words"
        )
    else:
        message = f"the description has {words:,} words, more than most applicants will read"
        hint = f"keep it under about {MAX_WORDS:,} words: cut repetition and company history"
    return [ctx.diagnostic("quality.description-length", ctx.source.body_line, "description", message, hint)]


# ---------------------------------------------------------------- wording

# (pattern, what to write instead). Word boundaries on both sides; case-insensitive.
EXCLUSIONARY: tuple[tuple[str, str], ...] = (
    (r"rock ?stars?", "'skilled' or 'expert'"),
    (r"ninjas?", "'expert'"),
    (r"gurus?", "'expert' or 'specialist'"),
    (r"wizards?", "'specialist'"),
    (r"superstars?", "'high performer'"),
    (r"he (?:will|would|should|must|is|has|can)|he'll", "'you will' or 'they will'"),
    (r"his or her|his/her|he or she|he/she|s/he|him or her|him/her", "'their', 'they' or 'you'"),
    (r"manpower", "'staff' or 'workforce'"),
    (r"chairman", "'chair'"),
    (r"salesm[ae]n", "'salesperson' or 'sales representative'"),
    (r"foreman", "'supervisor' or 'lead'"),
    (r"man-?hours", "'person-hours' or 'work hours'"),
    (r"manned|unmanned", "'staffed' or 'uncrewed'"),
    (r"guys", "'everyone' or 'team'"),
    (r"digital natives?", "'comfortable with digital tools' (it implies an age)"),
    (r"young (?:and dynamic|team|people|professionals?)", "'energetic' or 'motivated' (age is not a requirement)"),
    (r"native (?:english )?speakers?", "'fluent in English' (nativeness excludes qualified people)"),
    (r"able-bodied", "the actual physical requirement, e.g. 'able to lift 25 kg'"),
)
_EXCLUSIONARY = [(re.compile(rf"(?<![\w-]){p}(?![\w-])", re.IGNORECASE), s) for p, s in EXCLUSIONARY]


def check_language(ctx: PostingContext) -> list[Diagnostic]:
    found = []
    texts = [("title", ctx.posting.title, False), ("description", ctx.posting.body_markdown, True)]
    for field, text, in_body in texts:
        for pattern, suggestion in _EXCLUSIONARY:
            match = pattern.search(text)
            if not match:
                continue
            line = ctx.source.find(match.group(0), in_body=in_body) or (
                ctx.source.body_line if in_body else ctx.line(field)
            )
            found.append(
                ctx.diagnostic(
                    "quality.exclusionary-language",
                    line,
                    field,
                    f"'{match.group(0)}' can put qualified people off applying",
                    f"write {suggestion} instead",
                )
            )
    return found


# ---------------------------------------------------------------- names across postings

SIMILAR = 0.88


def check_names(contexts: Sequence[PostingContext]) -> list[Diagnostic]:
    """A department, team or location spelt two ways splits its listing page in two."""
    found = []
    for field in ("department", "team"):
        values = [(ctx, getattr(ctx.posting, field)) for ctx in contexts if getattr(ctx.posting, field)]
        found += _inconsistent(values, field)
    places = [(ctx, place) for ctx in contexts for place in ctx.posting.locations]
    found += _inconsistent_places(places)
    return found


def _name_key(name: str) -> str:
    text = name.casefold().replace("&", " and ").replace("+", " and ")
    return " ".join(re.sub(r"[^\w ]", " ", text).split())


def _inconsistent(values: Iterable[tuple[PostingContext, str]], field: str) -> list[Diagnostic]:
    values = list(values)
    counts = Counter(value for _, value in values)
    keyed = {value: _name_key(value) for value in counts}
    canonical: dict[str, str] = {}
    # Most used spelling first: it is the one the others are compared with.
    for value in sorted(counts, key=lambda v: (-counts[v], v)):
        match = next(
            (c for c in canonical.values() if _similar(keyed[value], keyed[c])),
            None,
        )
        canonical[value] = match or value
    found = []
    for ctx, value in values:
        usual = canonical[value]
        if usual == value:
            continue
        found.append(
            ctx.diagnostic(
                "quality.inconsistent-name",
                ctx.line(field),
                field,
                f"{field} '{value}' looks like '{usual}' ({_used_by(counts[usual])}), "
                "so it gets a listing page of its own",
                f"write '{usual}' (or change the others to '{value}')",
            )
        )
    return found


def _similar(a: str, b: str) -> bool:
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR


def _used_by(count: int) -> str:
    return f"used by {count} posting{'s' * (count != 1)}"


def _inconsistent_places(places: Sequence[tuple[PostingContext, object]]) -> list[Diagnostic]:
    from sitegen.model import Place

    groups: dict[tuple[str, str], list[tuple[PostingContext, Place]]] = defaultdict(list)
    for ctx, place in places:
        assert isinstance(place, Place)
        if place.city:
            groups[(place.country, city_key(place.city))].append((ctx, place))
    # Near-identical city names in one country are one city typed two ways ("Pittsburg", "Pittsburgh").
    keys = sorted(groups, key=lambda k: -len(groups[k]))
    merged: dict[tuple[str, str], tuple[str, str]] = {}
    for key in keys:
        merged[key] = next(
            (m for m in dict.fromkeys(merged.values()) if m[0] == key[0] and _similar(m[1], key[1])), key
        )
    members: dict[tuple[str, str], list[tuple[PostingContext, Place]]] = defaultdict(list)
    for key, items in groups.items():
        members[merged[key]] += items
    found = []
    for items in members.values():
        counts = Counter(place.label for _, place in items)
        if len(counts) < 2:
            continue
        usual = max(sorted(counts), key=lambda label: counts[label])
        usual_place = next(p for _, p in items if p.label == usual)
        for ctx, place in items:
            if place.label == usual or _same_place(place, usual_place) is None:
                continue
            found.append(
                ctx.diagnostic(
                    "quality.inconsistent-name",
                    ctx.line("locations", "location"),
                    "locations",
                    f"location '{place.label}' looks like '{usual}' ({_used_by(counts[usual])}), "
                    "so it gets a listing page of its own",
                    f"write '{usual}' in every posting",
                )
            )
    return found


def _same_place(a: object, b: object) -> bool | None:
    """True when two places with different labels are the same city (None when the regions differ)."""
    from sitegen.model import Place

    assert isinstance(a, Place) and isinstance(b, Place)
    region_a = region_code(a.country, a.region) or _name_key(a.region or "")
    region_b = region_code(b.country, b.region) or _name_key(b.region or "")
    if region_a and region_b and region_a != region_b and not _similar(region_a, region_b):
        return None  # Portland, OR and Portland, ME are two cities
    return True
