"""Which templates a page can read, so a template edit re-renders only the pages that use it."""

from __future__ import annotations

import jinja2

from sitegen.render.templates import ALL_TEMPLATES, template_closure, uses_templates

TEMPLATES = {
    "base.html": '{% import "_macros.html" as m %}{% block content %}{% endblock %}',
    "_macros.html": "{% macro card(x) %}{{ x }}{% endmacro %}",
    "posting.html": '{% extends "base.html" %}{% block content %}{% include "apply.html" %}{% endblock %}',
    "apply.html": "apply",
    "listing.html": '{% extends "base.html" %}',
    "dynamic.html": "{% include widget %}",
    "broken.html": '{% include "missing.html" %}',
    "standalone.html": "plain",
}


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))


def test_closure_follows_extends_imports_and_includes() -> None:
    env = environment()
    assert template_closure(env, "posting.html") == {"posting.html", "base.html", "_macros.html", "apply.html"}
    assert template_closure(env, "listing.html") == {"listing.html", "base.html", "_macros.html"}
    assert template_closure(env, "standalone.html") == {"standalone.html"}


def test_a_template_chosen_at_render_time_or_unreadable_means_any_template() -> None:
    env = environment()
    assert template_closure(env, "dynamic.html") is None
    assert template_closure(env, "broken.html") is None
    assert uses_templates(env, "dynamic.html", {"apply.html"})


def test_uses_templates() -> None:
    env = environment()
    assert uses_templates(env, "posting.html", {"apply.html"})
    assert not uses_templates(env, "listing.html", {"apply.html"})
    assert uses_templates(env, "listing.html", {"base.html"})
    assert uses_templates(env, "standalone.html", {ALL_TEMPLATES})
    assert not uses_templates(env, "standalone.html", set())
