"""Parse an XML answer without trusting it: no DTD, no entities, so no bombs and no file reads.

The standard library's parsers expand internal entities (the "billion laughs") and let a DTD in;
``defusedxml`` would be one more dependency for a single feed. A document type declaration has no
business in a job feed, so the whole document is refused as soon as expat meets one, before any
entity is declared or expanded, whatever encoding hides it from a byte search.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from xml.parsers import expat


class UnsafeXML(ValueError):
    """The document declares a DTD or entities, or is not well-formed XML."""


def _refuse(*_args: object) -> None:
    raise UnsafeXML("it declares a DTD or entities, which a job feed never needs")


def parse_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; raises ``UnsafeXML`` for a DTD, entities or broken XML."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        _refuse()
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise UnsafeXML(f"it is not well-formed XML ({error})") from None
    except RecursionError:
        raise UnsafeXML("it nests too deeply") from None
    return builder.close()
