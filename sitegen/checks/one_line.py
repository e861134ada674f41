"""``quality.line-break``: a line break inside a value that is shown on one line.

YAML's double-quoted strings (``"Data\\u2029Engineer"``) and text pasted from word processors
can carry line and paragraph separators that no editor shows. In a title they end up in the
page heading, the job markup Google reads and the share image, where they are drawn as a
space at best.
"""

from __future__ import annotations

from sitegen.checks.rules import PostingContext
from sitegen.errors import Diagnostic

RULE = "quality.line-break"
# Everything str.splitlines() breaks at.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def check_one_line(ctx: PostingContext) -> list[Diagnostic]:
    posting = ctx.posting
    values = [
        ("title", posting.title),
        ("department", posting.department),
        ("team", posting.team or ""),
        ("identifier", posting.identifier or ""),
        *(("benefits", benefit) for benefit in posting.benefits),
        *(("locations", place.label) for place in posting.locations),
    ]
    found = []
    for field, value in values:
        breaks = sorted({c for c in value if c in LINE_BREAKS})
        if not breaks:
            continue
        names = ", ".join(f"U+{ord(c):04X}" for c in breaks)
        found.append(
            ctx.diagnostic(
                RULE,
                ctx.line(field, "location") if field == "locations" else ctx.line(field),
                field,
                f"{value!r} has a line break ({names}) in a value shown on one line",
                "write it on one line; an invisible break often comes with text pasted from a word processor",
            )
        )
    return found
