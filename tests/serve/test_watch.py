"""Classifying changed paths and coalescing bursts of events."""

from __future__ import annotations

import threading
from pathlib import Path

from sitegen.render.templates import ALL_TEMPLATES
from sitegen.serve.incremental import Changes
from sitegen.serve.watch import ChangeQueue, classify

SITE = Path("/site")
THEME = Path("/themes/default")


def test_classify() -> None:
    posting = SITE / "content/jobs/a.md"
    assert classify(posting, SITE, THEME, False) == Changes(postings={posting})
    assert classify(SITE / "sitegen.toml", SITE, THEME, False) == Changes(reload=True)
    assert classify(SITE / "content/index.md", SITE, THEME, False) == Changes(pages=True)
    assert classify(SITE / "content/life/team.md", SITE, THEME, False) == Changes(pages=True)
    assert classify(SITE / "content/jobs/team", SITE, THEME, True) == Changes(reload=True)
    assert classify(SITE / "templates/posting.html", SITE, THEME, False) == Changes(templates={"posting.html"})
    assert classify(THEME / "templates/base.html", SITE, THEME, False) == Changes(
        templates={"base.html", "theme/base.html"}
    )
    assert classify(SITE / "templates/partials", SITE, THEME, True) == Changes(templates={ALL_TEMPLATES})
    assert classify(SITE / "static/site.css", SITE, THEME, False) == Changes(static=True, css={"static/site.css"})
    assert classify(THEME / "static/style.css", SITE, THEME, False) == Changes(
        assets=True, static=True, css={"assets/style.css"}
    )
    assert classify(SITE / "locale/de/LC_MESSAGES/messages.po", SITE, THEME, False) == Changes(reload=True)
    assert classify(THEME / "locale/de/LC_MESSAGES/messages.po", SITE, THEME, False) == Changes(reload=True)
    for ignored in ("content/jobs/.a.md.swp", "content/jobs/4913", "content/jobs/a.md~", "build/index.html", ".git/x"):
        assert classify(SITE / ignored, SITE, THEME, False) is None


def test_queue_coalesces_a_burst_into_one_take() -> None:
    queue = ChangeQueue(settle=0.05, max_wait=5)
    paths = [SITE / f"content/jobs/{n}.md" for n in range(20)]
    for path in paths:
        queue.put(Changes(postings={path}))
    taken = queue.take()
    assert taken is not None and taken.postings == set(paths)


def test_queue_keeps_changes_arriving_during_a_build() -> None:
    queue = ChangeQueue(settle=0.01)
    queue.put(Changes(templates={"a.html"}))
    queue.put(Changes(templates={"b.html"}))
    assert queue.take() == Changes(templates={"a.html", "b.html"})
    queue.put(Changes(static=True))  # arrives while the first build runs
    assert queue.take() == Changes(static=True)


def test_stop_wakes_a_waiting_take() -> None:
    queue = ChangeQueue()
    result: list[Changes | None] = [Changes(reload=True)]
    thread = threading.Thread(target=lambda: result.__setitem__(0, queue.take()))
    thread.start()
    queue.stop()
    thread.join(timeout=5)
    assert not thread.is_alive() and result == [None]


def test_a_running_build_is_told_to_stop_early_when_the_server_stops() -> None:
    """Ctrl-C during a long rebuild: the rest of the pages are left, so the server exits at once."""
    queue = ChangeQueue()
    assert not queue.has_pending()
    queue.stop()
    assert queue.has_pending()
