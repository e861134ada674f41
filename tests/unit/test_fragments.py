"""The ``{% cache %}`` tag, the fragment store the dev server uses between updates, and the table of
where a build put data-file entries."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
from functools import partial

import jinja2

from sitegen.model import Posting
from sitegen.render.fragments import FragmentCacheExtension, FragmentStore, Span, SpanTable, cached


def make_posting(title: str) -> Posting:
    slug = title.lower().replace(" ", "-")
    return Posting(f"content/jobs/{slug}.md", slug, title, "Engineering", ("full-time",), dt.date(2026, 11, 20), "")


TEMPLATE = """{% for p in postings %}{% cache p %}[{{ count(p.title) }}]{% endcache %}{% endfor %}
{% for p in postings %}{% cache p %}<{{ count(p.title) }}>{% endcache %}{% endfor %}"""


def environment(store: FragmentStore | None) -> tuple[jinja2.Environment, list[str]]:
    rendered: list[str] = []
    env = jinja2.Environment(autoescape=True, extensions=[FragmentCacheExtension])
    env.fragment_store = store  # type: ignore[attr-defined]
    env.globals["count"] = lambda title: rendered.append(title) or title
    return env, rendered


def test_without_a_store_every_fragment_is_rendered() -> None:
    env, rendered = environment(None)
    postings = [make_posting(title="A & B"), make_posting(title="C")]
    first = env.from_string(TEMPLATE).render(postings=postings)
    env.from_string(TEMPLATE).render(postings=postings)
    assert first == "[A &amp; B][C]\n<A &amp; B><C>"
    assert len(rendered) == 8


def test_a_fragment_is_rendered_once_per_key_and_place() -> None:
    env, rendered = environment(FragmentStore())
    postings = [make_posting(title="A & B"), make_posting(title="C")]
    template = env.from_string(TEMPLATE)
    first = template.render(postings=postings)
    assert template.render(postings=postings) == first == "[A &amp; B][C]\n<A &amp; B><C>"
    assert len(rendered) == 4  # two tags (never mixed up though their keys are equal) x two postings


def test_a_new_posting_object_is_rendered_again() -> None:
    env, rendered = environment(FragmentStore())
    template = env.from_string(TEMPLATE)
    template.render(postings=[make_posting(title="Old")])
    assert template.render(postings=[make_posting(title="New")]) == "[New]\n<New>"
    assert rendered == ["Old", "Old", "New", "New"]


def test_the_store_forgets_the_least_recently_used() -> None:
    store = FragmentStore(capacity=2)
    a, b, c = (make_posting(title=t) for t in "abc")
    calls: list[Posting] = []

    def render(p: Posting) -> str:
        calls.append(p)
        return p.title

    for p in (a, b, a, c, a, b):
        cached(store, ("card", p), lambda p=p: render(p))
    assert len(store) == 2
    assert [p.title for p in calls] == ["a", "b", "c", "b"]  # b was evicted by c; a stayed in use


class AskedKept:
    """Fragments of an earlier build: none, but each question is noted."""

    def __init__(self) -> None:
        self.asked: list[object] = []

    def get(self, identity: object) -> bytes | None:
        self.asked.append(identity)
        return None


def test_a_kept_fragment_is_made_and_sent_once_while_this_process_still_holds_it() -> None:
    """A build shows a card on the home list, its department's and its location's pages."""
    kept = AskedKept()
    store = FragmentStore(kept=kept)
    store.RECENT = 1
    first, second = (dataclasses.replace(make_posting(title), source_hash=title) for title in ("A", "B"))
    made: list[str] = []

    def card(p: Posting) -> str:
        made.append(p.title)
        return f"<li>{p.title}</li>"

    for p in (first, first, first, second, first):
        assert cached(store, ("card", p), partial(card, p)) == f"<li>{p.title}</li>"
    assert made == ["A", "B", "A"]  # A again only once B took the one place
    assert [identity[1] for identity, _ in store.take_new()] == [
        first.content_key,
        second.content_key,
        first.content_key,
    ]
    assert len(kept.asked) == 3 and len(store) == 0  # kept fragments never fill the dev server's store


def test_a_span_table_gives_back_each_span_as_added_also_after_pickling() -> None:
    spans = [
        Span(("feed.xml", ("posting", "content/jobs/a.md", "1")), "feed.xml", 7, 120),
        Span(("jobs.json", ("posting", "content/jobs/a.md", "1")), "jobs.json", 2**40, 3),  # past 4 GiB
        Span(("feed.xml", ("posting", "content/jobs/a.md", "1")), "departments/data/feed.xml", 0, 120),
        Span(("feed.xml", ("posting", "content/jobs/b.md", "2")), "feed.xml", 127, 90),
    ]
    table = SpanTable()
    for span in spans:
        table.add(span)
    again = pickle.loads(pickle.dumps(table))
    assert list(again) == spans and len(again) == 4 and again[1] == spans[1]
    by_identity = again.by_identity()
    assert by_identity[spans[0].identity] == spans[2]  # a key several files hold: its last place
    assert by_identity.get(("feed.xml", "unknown")) is None and len(by_identity) == 3
    assert by_identity.get(("feed.xml",)) is None and by_identity.get(("feed.xml", spans[0].identity[1], 1)) is None
    assert sorted(by_identity) == sorted({span.identity for span in spans})
    again.add(spans[3])  # a table read back takes more spans, its parts numbered as before
    assert again[4] == spans[3] and len(again) == 5


def test_a_span_table_holds_the_given_objects_for_equal_parts_of_keys() -> None:
    posting_key = ("posting", "content/jobs/a.md", "1")
    arrived = ("posting", "content/jobs/a.md", "1")  # an equal copy, as from a worker process
    table = SpanTable({posting_key: posting_key})
    table.add(Span(("feed.xml", arrived), "feed.xml", 0, 10))
    assert table[0].identity[1] is posting_key
    again = pickle.loads(pickle.dumps(table))
    same = ("posting", "content/jobs/a.md", "1")
    lookup = again.by_identity({same: same})
    assert next(iter(lookup))[1] is same  # the index holds the build's object, not the pickle's
