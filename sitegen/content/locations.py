"""Where a job is: ``locations`` (offices) and ``remote`` (the countries applicants may live in).

Remote work written as a place ("Remote", "US - remote") is an error whose hint is the
``remote:`` value that replaces it, since Google drops remote jobs that name no country.
"""

from __future__ import annotations

from sitegen.content.places import country_code, country_name, remote_countries
from sitegen.model import Place, Remote
from sitegen.schema import Reader
from sitegen.tree import Map, Node, Scalar, Seq

PLACE_KEYS = ("city", "region", "country", "postal_code", "street")
_REMOTE_ANYWHERE = {"true", "yes", "on", "anywhere", "worldwide", "global"}
_REMOTE_NONE = {"false", "no", "off", "none"}


def read_locations(root: Map, reader: Reader) -> list[Place]:
    """``locations`` (or ``location``): offices as "City, Region, CC" or mappings, each with its country."""
    key = "locations" if "locations" in root.entries else "location"
    node = root.get(key)
    if _split_at_commas(node):
        assert isinstance(node, Seq)
        parts = ", ".join(str(item.value) for item in node.items if isinstance(item, Scalar))
        reader.error(
            node.line,
            key,
            f"'{parts}' was read as {len(node.items)} places",
            f'in [...] commas separate places: quote each place, like ["{parts}"], or put one per line',
        )
        return []
    return reader.list_of(node, key, lambda n, f: _read_place(n, f, reader)) or []


def _split_at_commas(node: Node | None) -> bool:
    """``[Ann Arbor, MI, US]``: one place that YAML split into a list of its parts."""
    if not isinstance(node, Seq) or not 2 <= len(node.items) <= 3:
        return False
    items = [item for item in node.items if isinstance(item, Scalar) and isinstance(item.value, str)]
    if len(items) != len(node.items) or any("," in str(item.value) for item in items):
        return False
    return country_code(str(items[-1].value)) is not None and country_code(str(items[0].value)) is None


def _read_place(node: Node, field: str, reader: Reader) -> Place | None:
    if isinstance(node, Map):
        reader.check_keys(node, PLACE_KEYS, prefix=f"{field}.")
        country_node = node.get("country")
        if country_node is None:
            reader.error(node.line, f"{field}.country", "missing", "an ISO country code like US or DE")
            return None
        code = _read_country(country_node, f"{field}.country", reader)
        city_node = node.get("city")
        if isinstance(city_node, Scalar) and _is_remote(
            str(city_node.value), city_node, f"{field}.city", reader, [code] if code else []
        ):
            return None
        if code is None:
            return None
        return Place(
            country=code,
            city=reader.text(node.get("city"), f"{field}.city"),
            region=reader.text(node.get("region"), f"{field}.region"),
            postal_code=reader.text(node.get("postal_code"), f"{field}.postal_code"),
            street=reader.text(node.get("street"), f"{field}.street"),
            country_name=country_name(code),
        )
    text = reader.text(node, field)
    if text is None or _is_remote(text, node, field, reader):
        return None
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 3 or not all(parts):
        reader.expected(node, field, "'City, Region, CC' like 'Ann Arbor, MI, US'")
        return None
    code = country_code(parts[-1])
    if code is None:
        reader.error(
            node.line,
            field,
            f"unknown country {parts[-1]!r}",
            "end with an ISO country code, like 'Ann Arbor, MI, US' or 'Munich, DE'",
        )
        return None
    city = parts[0] if len(parts) >= 2 else None
    region = parts[1] if len(parts) == 3 else None
    return Place(country=code, city=city, region=region, country_name=country_name(code))


def _is_remote(text: str, node: Node, field: str, reader: Reader, countries: list[str] | None = None) -> bool:
    """Report "Remote", "Remote (DE)", "US - remote" given as a place, suggesting the ``remote:`` that
    replaces it: its countries, since Google drops remote jobs that do not name any."""
    named = remote_countries(text)
    if named is None:
        return False
    codes = named or countries or []
    value = (codes[0] if len(codes) == 1 else f"[{', '.join(codes)}]") if codes else ""
    key = field.split("[")[0]
    hint = (
        f"for a remote role, write 'remote: {value}' instead of listing it under {key}"
        if value
        else f"for a remote role, write the countries applicants may live in, like 'remote: US' or "
        f"'remote: [US, CA]', instead of listing it under {key}"
    )
    reader.error(node.line, field, f"{text!r} is not a place", hint)
    return True


def _read_country(node: Node, field: str, reader: Reader) -> str | None:
    text = reader.text(node, field)
    if text is None:
        return None
    code = country_code(text)
    if code is None:
        reader.error(node.line, field, f"unknown country {text!r}", "an ISO 3166 code like US, DE or NO")
    return code


def read_remote(node: Node | None, reader: Reader) -> Remote:
    """``remote``: false, or the countries applicants may live in (true means anywhere)."""
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return Remote()
    if isinstance(node, Scalar):
        text = str(node.value).strip()
        # "NO" written in capitals is Norway; "no" is the YAML word for false.
        if not (len(text) == 2 and text.isupper()) and isinstance(node.value, str):
            word = text.lower()
            if word in _REMOTE_ANYWHERE:
                return Remote(allowed=True)
            if word in _REMOTE_NONE:
                return Remote()
        if isinstance(node.value, bool):
            return Remote(allowed=node.value)
    codes: list[str] = []
    for item_node in node.items if isinstance(node, Seq) else [node]:
        code = country_code(str(item_node.value)) if isinstance(item_node, Scalar) else None
        if code is None:
            reader.expected(item_node, "remote", "the countries applicants may live in, like US or [US, CA], or false")
        else:
            codes.append(code)
    codes = list(dict.fromkeys(codes))
    return (
        Remote(allowed=True, countries=tuple(codes), country_names=tuple(country_name(c) for c in codes))
        if codes
        else Remote()
    )
