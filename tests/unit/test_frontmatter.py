"""``decode`` (bytes to text) and ``split`` (front matter from body) keep lines right."""

from __future__ import annotations

import pytest

from sitegen.content.frontmatter import FrontMatterError, Parts, decode, split


class TestDecode:
    def test_drops_utf8_bom(self) -> None:
        assert decode(b"\xef\xbb\xbf---\ntitle: x\n") == "---\ntitle: x\n"

    @pytest.mark.parametrize(
        ("data", "text"),
        [
            (b"---\r\ntitle: x\r\n---\r\n", "---\ntitle: x\n---\n"),
            (b"---\rtitle: x\r---\r", "---\ntitle: x\n---\n"),
            (b"a\r\nb\rc\n", "a\nb\nc\n"),
        ],
        ids=["crlf", "cr", "mixed"],
    )
    def test_line_endings_become_lf(self, data: bytes, text: str) -> None:
        assert decode(data) == text

    def test_keeps_non_ascii_utf8(self) -> None:
        text = "title: Ingeniera de datos (München) \u2013 €"
        assert decode(text.encode()) == text

    @pytest.mark.parametrize(
        "data",
        [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "---\ntitle: x\n---\n".encode("utf-16-le"), b"\xff\x00\x10" * 9],
    )
    def test_nul_bytes_in_data_that_is_not_utf8_text_mean_binary(self, data: bytes) -> None:
        with pytest.raises(FrontMatterError, match="binary file") as info:
            decode(data)
        assert info.value.hint == "postings are UTF-8 Markdown files"

    def test_a_stray_nul_in_text_is_a_control_character_on_its_line(self) -> None:
        with pytest.raises(FrontMatterError, match=r"control character \(U\+0000\)") as info:
            decode(b"---\ntitle: x\x00\n---\nBody text long enough to be text.\n")
        assert info.value.line == 2

    @pytest.mark.parametrize(
        ("data", "line", "byte"),
        [
            (b"\xff---\n", 1, "0xff"),
            (b"---\ntitle: x\ndepartment: Caf\xe9\n---\n", 3, "0xe9"),
            (b"---\r\ntitle: x\r\n\r\nteam: Caf\xe9\r\n", 4, "0xe9"),
        ],
        ids=["first-line", "third-line", "crlf-fourth-line"],
    )
    def test_invalid_utf8_names_the_line_and_byte(self, data: bytes, line: int, byte: str) -> None:
        with pytest.raises(FrontMatterError) as info:
            decode(data)
        assert str(info.value) == f"is not UTF-8 text (byte {byte})"
        assert info.value.line == line


class TestSplit:
    def test_splits_front_matter_and_body_with_line_numbers(self) -> None:
        parts = split("---\ntitle: x\ndepartment: y\n---\nBody line.\n")
        assert parts == Parts(
            front_matter="title: x\ndepartment: y",
            front_matter_line=2,
            body="Body line.\n",
            body_line=5,
        )

    def test_blank_lines_before_the_opening_delimiter_shift_line_numbers(self) -> None:
        parts = split("\n\n---\ntitle: x\n---\nBody\n")
        assert (parts.front_matter_line, parts.body_line) == (4, 6)
        assert parts.front_matter == "title: x"

    @pytest.mark.parametrize("closing", ["---", "...", "---  ", "---\t"])
    def test_accepted_closing_delimiters(self, closing: str) -> None:
        parts = split(f"---\ntitle: x\n{closing}\nBody")
        assert (parts.front_matter, parts.body, parts.body_line) == ("title: x", "Body", 4)

    def test_empty_front_matter(self) -> None:
        parts = split("---\n---\nBody")
        assert (parts.front_matter, parts.front_matter_line, parts.body_line) == ("", 2, 3)

    @pytest.mark.parametrize("text", ["", "   \n\n\t\n"], ids=["empty", "whitespace"])
    def test_empty_file(self, text: str) -> None:
        with pytest.raises(FrontMatterError, match=r"^is empty$") as info:
            split(text)
        assert info.value.line is None

    def test_opening_delimiter_may_have_trailing_spaces(self) -> None:
        assert split("---  \ntitle: x\n---\nBody").front_matter == "title: x"

    @pytest.mark.parametrize(
        ("text", "line"),
        [("title: x\n---\nBody\n", 1), ("\n\n# Data Engineer\n", 3)],
        ids=["fields-first", "heading-after-blank-lines"],
    )
    def test_missing_opening_delimiter(self, text: str, line: int) -> None:
        with pytest.raises(FrontMatterError, match=r"^has no front matter$") as info:
            split(text)
        assert info.value.line == line

    @pytest.mark.parametrize(("text", "line"), [("---\ntitle: x\nBody\n", 1), ("\n---\ntitle: x\n", 2)])
    def test_unclosed_front_matter_points_at_the_opening_delimiter(self, text: str, line: int) -> None:
        with pytest.raises(FrontMatterError, match=r"^front matter is not closed$") as info:
            split(text)
        assert info.value.line == line
        assert info.value.hint == "add a line '---' after the last field"

    def test_horizontal_rule_in_body_stays_in_body(self) -> None:
        parts = split("---\ntitle: x\n---\nIntro\n\n---\n\nMore\n")
        assert parts.front_matter == "title: x"
        assert parts.body == "Intro\n\n---\n\nMore\n"
        assert parts.body_line == 4
