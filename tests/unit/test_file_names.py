"""Names Windows refuses are found on every platform; paths become URLs and keys with ``/`` only."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

import pytest

from sitegen.file_names import check_file_names, name_problem
from sitegen.render.templates import template_names_of


@pytest.mark.parametrize(
    "name",
    [
        "con", "CON", "con.md", "Con.backup.md", "nul.txt", "aux.tar.gz", "prn ", "com1.png", "LPT9.svg",
        "com\u00b9.txt", "con .txt", "notes.", "notes ", "a:b.md", "a<b", "a>b", 'say"hi', "a|b", "why?",
        "star*.png", "back\\slash", "tab\there", "nul\x00", "bell\x07.md", "new\nline",
    ],
)  # fmt: skip
def test_names_windows_refuses(name: str) -> None:
    assert name_problem(name) is not None


@pytest.mark.parametrize(
    "name",
    ["console.md", "icon.svg", "com10.txt", "lpt.md", "auxiliary", "data-engineer.md", ".well-known", "a b.md",
     "数据工程师.md", "über.md", "con-job.md", "nul-pointer.png", ".hidden", "a.b.c"],
)  # fmt: skip
def test_names_windows_accepts(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="these names cannot be created here (or differ only by case)"
)
def test_every_site_folder_is_checked_and_postings_are_left_to_the_loader(tmp_path: Path) -> None:
    for relative in [
        "content/jobs/con.md",  # the loader reports postings (also when the dev server reads one)
        "content/jobs/.old/aux.md",  # ...but skips hidden files and folders
        "content/jobs/.a:b.md",
        "content/images/aux.png",
        "static/ok/nul.txt",
        "templates/card?.html",
        "themes/mine/static/style.css.",
        "static/Logo.svg",
        "static/logo.svg",
        "README.md",  # not a folder the build reads
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    (tmp_path / "static" / "pipe|folder").mkdir()
    found = [(d.path, d.line, d.field) for d in check_file_names(tmp_path)]
    assert sorted(found) == [
        ("content/images/aux.png", None, "file name"),
        ("content/jobs/.a:b.md", None, "file name"),
        ("content/jobs/.old/aux.md", None, "file name"),
        ("static/logo.svg", None, "file name"),  # differs from Logo.svg only by case
        ("static/ok/nul.txt", None, "file name"),
        ("static/pipe|folder", None, "file name"),
        ("templates/card?.html", None, "file name"),
        ("themes/mine/static/style.css.", None, "file name"),
    ]


@pytest.mark.parametrize("theme_file", [False, True])
def test_template_names_from_windows_paths_use_slashes(theme_file: bool) -> None:
    names = template_names_of(PureWindowsPath("partials\\card.html"), theme_file)  # type: ignore[arg-type]
    assert names == ({"partials/card.html", "theme/partials/card.html"} if theme_file else {"partials/card.html"})
