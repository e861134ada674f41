"""Updating an output in place: only changed files are written, gone ones deleted, mtimes kept."""

from __future__ import annotations

from pathlib import Path

from sitegen.render.fragments import KeptText, Span, SpliceStore
from sitegen.writer import OutputWriter, stage_chunks


def listing(output: Path) -> dict[str, tuple[int, int]]:
    files = (p for p in output.rglob("*") if p.is_file())
    return {p.relative_to(output).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in files}


def first_build(output: Path) -> None:
    with OutputWriter(output) as writer:
        for name in ("index.html", "jobs/a/index.html", "jobs/b/index.html", "feed.xml"):
            writer.write(name, f"old {name}".encode())
        writer.commit()


def test_an_update_writes_what_changed_and_deletes_what_is_gone(tmp_path: Path) -> None:
    output = tmp_path / "build"
    first_build(output)
    before = listing(output)
    kept_inode = (output / "jobs/a/index.html").stat().st_ino
    with OutputWriter(output, before) as writer:
        assert writer.update
        writer.write("index.html", b"new index")
        writer.keep("jobs/a/index.html")
        writer.write("feed.xml", b"old feed.xml")  # the same bytes: not rewritten
        writer.write("jobs/c/index.html", b"new c")
        writer.commit()
        after = writer.listing()
    assert after == listing(output)
    assert sorted(after) == ["feed.xml", "index.html", "jobs/a/index.html", "jobs/c/index.html"]
    assert not (output / "jobs/b").exists()
    assert (output / "jobs/a/index.html").stat().st_ino == kept_inode
    assert after["feed.xml"] == before["feed.xml"]  # mtime kept
    assert writer.changed == {"index.html", "jobs/c/index.html"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_a_failed_update_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    output = tmp_path / "build"
    first_build(output)
    before = listing(output)
    try:
        with OutputWriter(output, before) as writer:
            writer.write("index.html", b"new index")
            raise RuntimeError("a template failed")
    except RuntimeError:
        pass
    assert listing(output) == before
    assert (output / "index.html").read_bytes() == b"old index.html"


def test_data_file_entries_are_copied_from_where_the_previous_build_put_them(tmp_path: Path) -> None:
    staging, output = tmp_path / "staging", tmp_path / "build"
    output.mkdir()
    entries = {"a": "<entry>ä</entry>", "b": "<entry>b</entry>"}

    def chunks(store: SpliceStore) -> list[str]:
        pieces = ["<feed>\n"]
        for name, text in entries.items():
            pieces += [store.get(("feed", name), lambda text=text: text), "\n"]
        return [*pieces, "</feed>\n"]

    spans: list[Span] = []
    first = chunks(SpliceStore({}))
    assert all(isinstance(piece, KeptText) for piece in first[1:5:2])
    stage_chunks(staging, output, "feed.xml", first, spans)
    (output / "feed.xml").write_bytes((staging / "feed.xml").read_bytes())  # as if committed
    entries["b"] = "<entry>changed</entry>"
    store = SpliceStore({span.identity: span for span in spans if span.identity != ("feed", "b")})
    second = chunks(store)
    assert isinstance(second[1], Span) and not isinstance(second[3], Span)
    again: list[Span] = []
    staging2 = tmp_path / "staging2"
    stage_chunks(staging2, output, "feed.xml", second, again)
    assert (staging2 / "feed.xml").read_text(
        encoding="utf-8"
    ) == "<feed>\n<entry>ä</entry>\n<entry>changed</entry>\n</feed>\n"
    data = (staging2 / "feed.xml").read_bytes()
    assert [data[s.offset : s.offset + s.length].decode() for s in again] == list(entries.values())


def test_a_swapped_output_is_listed_from_what_was_written_as_a_walk_would_list_it(tmp_path: Path) -> None:
    """The build cache signs the output by this listing; the next build walks the folder to compare."""
    output = tmp_path / "build"
    (output / "stale").mkdir(parents=True)
    with OutputWriter(output) as writer:
        for name in ("index.html", "jobs/a/index.html", "jobs/a/share.png", "assets/site.css"):
            writer.write(name, name.encode())
        writer.commit()
        after = writer.listing()
    assert after == listing(output)
    assert sorted(after) == ["assets/site.css", "index.html", "jobs/a/index.html", "jobs/a/share.png"]


def test_an_update_where_a_file_becomes_a_folder_replaces_the_output_whole(tmp_path: Path) -> None:
    """``static/doc`` -> ``static/doc/readme.txt``: planned before anything moves, never half applied."""
    output = tmp_path / "build"
    with OutputWriter(output) as writer:
        for name in ("a.html", "static/doc", "z.html"):
            writer.write(name, f"old {name}".encode())
        writer.commit()
    with OutputWriter(output, listing(output)) as writer:
        writer.write("a.html", b"new a")
        writer.write("static/doc/readme.txt", b"readme")
        writer.write("z.html", b"new z")
        writer.commit()
        after = writer.listing()
    assert (output / "static/doc/readme.txt").read_bytes() == b"readme"
    assert (output / "a.html").read_bytes() == b"new a" and (output / "z.html").read_bytes() == b"new z"
    assert sorted(listing(output)) == ["a.html", "static/doc/readme.txt", "z.html"]
    assert after == listing(output)  # swapped in whole: the files written, as the folder has them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_update_where_a_folder_becomes_a_file_replaces_the_output_whole(tmp_path: Path) -> None:
    output = tmp_path / "build"
    with OutputWriter(output) as writer:
        for name in ("a.html", "static/doc/readme.txt", "static/doc/more.txt"):
            writer.write(name, f"old {name}".encode())
        writer.commit()
    with OutputWriter(output, listing(output)) as writer:
        writer.write("a.html", b"new a")
        writer.write("static/doc", b"now a file")
        writer.commit()
    assert (output / "static/doc").read_bytes() == b"now a file"
    assert (output / "a.html").read_bytes() == b"new a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_update_that_fails_part_way_puts_back_what_it_had_moved(tmp_path: Path, monkeypatch) -> None:
    """A disk error on the third file (ENOSPC, EIO): the first two are put back, nothing is mixed."""
    import errno
    import os

    output = tmp_path / "build"
    first_build(output)
    before = {name: (output / name).read_bytes() for name in listing(output)}
    real_replace = os.replace
    calls = []

    def replace(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_replace(source, target)  # type: ignore[arg-type]

    try:
        with OutputWriter(output, listing(output)) as writer:
            for name in ("index.html", "jobs/a/index.html", "jobs/b/index.html", "jobs/new/index.html"):
                writer.write(name, b"new")
            monkeypatch.setattr(os, "replace", replace)
            writer.commit()
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    monkeypatch.undo()
    assert len(calls) >= 3
    assert {name: (output / name).read_bytes() for name in listing(output)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_an_output_file_linked_to_a_cache_file_is_copied_anew(tmp_path: Path) -> None:
    """An output an older version hard-linked to the cache: editing it must never reach the cache."""
    import os

    cached = tmp_path / "cache.png"
    cached.write_bytes(b"png")
    output = tmp_path / "build"
    with OutputWriter(output) as writer:
        writer.write("index.html", b"index")
        writer.commit()
    os.link(cached, output / "share.png")  # as sitegen 1.0 left it
    with OutputWriter(output) as writer:
        writer.keep("index.html")
        writer.copy("share.png", cached)
        writer.commit()
    assert (output / "share.png").read_bytes() == b"png"
    assert not (output / "share.png").samefile(cached)
    (output / "share.png").write_bytes(b"edited")
    assert cached.read_bytes() == b"png"


_NAMES = ["a", "a/b", "a/b/c", "a/c", "b", "b/a", "c/a/b"]


def _consistent(paths: set[str]) -> bool:
    """No path is a folder of another (a real tree)."""
    return not any(other.startswith(path + "/") for path in paths for other in paths)


def test_any_update_leaves_exactly_the_new_files(tmp_path_factory) -> None:
    """Files become folders and back at any depth: the output is the new build, whole."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    trees = st.sets(st.sampled_from(_NAMES), min_size=1).filter(_consistent)

    @settings(max_examples=60, deadline=None)
    @given(before=trees, after=trees, same=st.booleans())
    def check(before: set[str], after: set[str], same: bool) -> None:
        output = tmp_path_factory.mktemp("update") / "build"
        with OutputWriter(output) as writer:
            for name in sorted(before):
                writer.write(name, f"old {name}".encode())
            writer.commit()
        with OutputWriter(output, listing(output)) as writer:
            for name in sorted(after):
                writer.write(name, f"{'old' if same else 'new'} {name}".encode())
            writer.commit()
        files = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        files = {name: data for name, data in files.items() if not name.startswith(".sitegen")}
        assert files == {name: f"{'old' if same else 'new'} {name}".encode() for name in after}
        assert [p.name for p in output.parent.iterdir()] == ["build"]

    check()
