"""The ``{% cache %}`` tag and the fragment store the dev server uses between updates."""

from __future__ import annotations

import datetime as dt

import jinja2

from sitegen.model import Posting
from sitegen.render.fragments import FragmentCacheExtension, FragmentStore, cached


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
