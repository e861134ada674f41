"""Front matter ``sections:``: the blocks of a page or of the home page, validated like postings.

Each section is a mapping with a ``kind`` (text, grid, steps, quote, media), an optional
``title`` and ``text`` (Markdown), and what its kind needs: ``items`` (grid, steps), ``cite``
(quote), ``image`` and ``alt`` (media).
"""

from __future__ import annotations

from pathlib import Path

from sitegen.config import Config
from sitegen.content.source_file import markdown_html
from sitegen.model import Section, SectionItem
from sitegen.render.images import image_size
from sitegen.schema import Reader
from sitegen.slugs import name_slug
from sitegen.tree import Map, Node, Seq

KINDS = {"text": "text", "grid": "grid", "cards": "grid", "steps": "steps", "quote": "quote", "media": "media"}
SECTION_KEYS = ("kind", "title", "text", "items", "cite", "image", "alt", "id")
ITEM_KEYS = ("title", "text")
NEEDS = {"grid": "items", "steps": "items", "quote": "text", "media": "image"}


def read_sections(node: Node | None, reader: Reader, site_dir: Path, config: Config) -> tuple[Section, ...]:
    """Every valid section of ``sections:``; each problem is reported at its line."""
    if node is None:
        return ()
    if not isinstance(node, Seq):
        reader.expected(node, "sections", "a list of sections, each starting with '- kind: ...'")
        return ()
    sections: list[Section] = []
    anchors: dict[str, int] = {}
    for index, item in enumerate(node.items, start=1):
        section = _read_section(item, f"sections[{index}]", reader, site_dir, config)
        if section is None:
            continue
        if section.anchor in anchors:
            hint = f"section {anchors[section.anchor]} has the same id; give one an 'id:'"
            reader.error(item.line if isinstance(item, Map) else None, f"sections[{index}].id", "duplicate id", hint)
            continue
        anchors[section.anchor] = index
        sections.append(section)
    return tuple(sections)


def _read_section(node: Node, field: str, reader: Reader, site_dir: Path, config: Config) -> Section | None:
    mapping = reader.mapping(node, field, "a section: 'kind: grid', 'title: ...', 'items: ...'")
    if mapping is None:
        return None
    errors_before = len([d for d in reader.diagnostics if d.is_error])
    reader.check_keys(mapping, SECTION_KEYS, prefix=f"{field}.")
    kind_node = mapping.get("kind")
    kind = reader.choice(kind_node, f"{field}.kind", KINDS)
    if kind_node is None:
        reader.error(mapping.line, f"{field}.kind", "missing", "one of: " + ", ".join(sorted(set(KINDS.values()))))
    title = reader.text(mapping.get("title"), f"{field}.title") or ""
    text = reader.text(mapping.get("text"), f"{field}.text") or ""
    items = _read_items(mapping.get("items"), f"{field}.items", reader, config)
    cite = reader.text(mapping.get("cite"), f"{field}.cite") or ""
    image = reader.text(mapping.get("image"), f"{field}.image")
    alt = reader.text(mapping.get("alt"), f"{field}.alt")
    anchor_text = reader.text(mapping.get("id"), f"{field}.id")
    if kind is not None:
        needed = NEEDS.get(kind)
        if needed and mapping.get(needed) is None:
            reader.error(mapping.line, f"{field}.{needed}", "missing", f"a '{kind}' section needs '{needed}:'")
        if kind == "text" and not text and not title:
            reader.error(mapping.line, f"{field}.text", "missing", "a 'text' section needs 'text:' (Markdown)")
        for key in ("items", "cite", "image", "alt"):
            entry = mapping.entries.get(key)
            if entry is not None and key not in _KEYS_OF[kind]:
                reader.error(entry.key_line, f"{field}.{key}", f"not used by a '{kind}' section", _used_by(key))
    if image is not None and alt is None:
        hint = "describe the picture for people who cannot see it, or 'alt: \"\"' if it is decoration"
        reader.error(mapping.line, f"{field}.alt", "missing", hint)
    size = None
    if image is not None:
        image, size = _check_image(image, mapping, f"{field}.image", reader, site_dir)
    text_node = mapping.get("text")
    html = markdown_html(text, config, reader, text_node.line if text_node else mapping.line) if text else ""
    if kind is None or html is None or len([d for d in reader.diagnostics if d.is_error]) > errors_before:
        return None
    return Section(
        kind=kind,
        anchor=name_slug(anchor_text or title) if anchor_text or title else _index_anchor(field),
        title=title,
        html=html,
        items=tuple(items),
        cite=cite,
        image=image,
        image_url=config.site.base_path + image if image and image.startswith("/") else image or "",
        image_alt=alt or "",
        image_width=round(size[0]) if size else None,
        image_height=round(size[1]) if size else None,
    )


_KEYS_OF: dict[str, set[str]] = {
    "text": set(),
    "grid": {"items"},
    "steps": {"items"},
    "quote": {"cite"},
    "media": {"image", "alt"},
}


def _used_by(key: str) -> str:
    kinds = sorted(kind for kind, keys in _KEYS_OF.items() if key in keys)
    return f"'{key}' belongs to " + " and ".join(f"'{k}'" for k in kinds) + " sections"


def _index_anchor(field: str) -> str:
    return "section-" + field.removeprefix("sections[").rstrip("]")


def _read_items(node: Node | None, field: str, reader: Reader, config: Config) -> list[SectionItem]:
    if node is None:
        return []
    if not isinstance(node, Seq):
        reader.expected(node, field, "a list of items, each with 'title:' and 'text:'")
        return []
    items = []
    for index, item in enumerate(node.items, start=1):
        where = f"{field}[{index}]"
        mapping = reader.mapping(item, where, "an item with 'title:' and 'text:'")
        if mapping is None:
            continue
        reader.check_keys(mapping, ITEM_KEYS, prefix=f"{where}.")
        title = reader.text(mapping.get("title"), f"{where}.title") or ""
        text = reader.text(mapping.get("text"), f"{where}.text") or ""
        if not title and not text:
            reader.error(mapping.line, where, "is empty", "give it a 'title:', a 'text:' or both")
            continue
        text_node = mapping.get("text")
        html = markdown_html(text, config, reader, text_node.line if text_node else mapping.line) if text else ""
        if html is not None:
            items.append(SectionItem(title, html))
    return items


def _check_image(
    image: str, mapping: Map, field: str, reader: Reader, site_dir: Path
) -> tuple[str | None, tuple[float, float] | None]:
    """A file of the site's ``static/`` (``/static/x.jpg``, which must exist; it is copied to the output)
    or an https address; with its size when known."""
    line = mapping.entries["image"].node.line
    if image.startswith("https://"):
        return image, None
    if not image.startswith("/static/"):
        hint = "put the picture in static/ and write its path, e.g. /static/team.jpg, or an https:// address"
        reader.error(line, field, f"{image!r} is not a file of static/ or an https address", hint)
        return None, None
    path = site_dir / image.lstrip("/")
    if not path.is_file() or not path.resolve().is_relative_to(site_dir.resolve()):
        reader.error(line, field, f"{image} not found", f"put the file at {image.lstrip('/')} in the site folder")
        return None, None
    return image, image_size(path)
