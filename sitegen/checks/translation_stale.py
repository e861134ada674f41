"""``lang.translation-stale``: a translation older than the last change to its posting's words.

Judged by content, from git: the words of the posting (title, description, benefits, team,
department, workplace note) as they were when the translation was last committed, against the
words now. A posting whose facts changed (pay, dates) or whose file was only touched leaves its
translations current; a translation with uncommitted edits is being updated, so it is not
reported. Outside a git repository there is no history to compare with, and nothing is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitegen.content.frontmatter import FrontMatterError, decode, split
from sitegen.errors import Diagnostic
from sitegen.history import git_output
from sitegen.model import Posting
from sitegen.tree import Map, Scalar, Seq, parse_yaml

RULE = "lang.translation-stale"
WORDS = ("title", "department", "team", "benefits", "workplace_note")


def check_translation_staleness(site_dir: Path, postings: Iterable[Posting]) -> list[Diagnostic]:
    """A warning for each translation whose posting's words changed since the translation was last committed."""
    postings = list(postings)
    by_key: dict[str, Posting] = {}
    for posting in postings:
        if posting.translation_of is None:
            by_key.setdefault(posting.translation_key, posting)
    pairs = []
    for posting in postings:
        source = by_key.get(posting.translation_key)
        if source is not None and source is not posting and source.language != posting.language:
            pairs.append((posting, source))
    if not pairs or git_output(site_dir, "rev-parse", "--is-inside-work-tree") is None:
        return []
    found = []
    for translation, source in pairs:
        stale = _stale_since(site_dir, translation.source, source.source)
        if stale is not None:
            commit, date = stale
            message = f"{source.source} changed its words since this translation was last updated ({commit}, {date})"
            hint = f"bring the translation up to date with {source.source}, then commit it"
            line = translation.line("title") or 1
            found.append(Diagnostic(translation.source, line, RULE, message, hint, "warning", RULE))
    return found


def _stale_since(site_dir: Path, translation: str, source: str) -> tuple[str, str] | None:
    """``(short commit, date)`` of the translation's last commit when the source's words differ since."""
    if git_output(site_dir, "diff", "--quiet", "HEAD", "--", translation) is None:
        return None  # edited and not committed yet: being brought up to date now
    log = (git_output(site_dir, "log", "-1", "--format=%h %as", "--", translation) or "").split()
    if len(log) != 2:
        return None  # never committed
    commit, date = log
    then = git_output(site_dir, "show", f"{commit}:./{source}")
    if then is None:
        return None  # the source did not exist then
    try:
        now = (site_dir / source).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return (commit, date) if words_of(then) != words_of(now) else None


def words_of(text: str) -> tuple[str, ...]:
    """What a translation translates of a posting file: its text fields and its description."""
    try:
        parts = split(decode(text.encode("utf-8")))
    except FrontMatterError:
        return (text,)
    tree, _ = parse_yaml(parts.front_matter, "", parts.front_matter_line)
    words: list[str] = []
    for key in WORDS:
        node = tree.get(key) if isinstance(tree, Map) else None
        if isinstance(node, Seq):
            words.append("\n".join(str(item.value) for item in node.items if isinstance(item, Scalar)))
        else:
            words.append(str(node.value) if isinstance(node, Scalar) else "")
    return (*words, parts.body.strip())
