"""The site's brand as CSS custom properties (``assets/brand.css``), and the contrast it keeps.

``[theme]`` colours and fonts become variables the default theme reads (``--accent``,
``--font-text`` ...). Each colour is checked against the theme's backgrounds with the WCAG 2
contrast ratio; the dark colour scheme gets a lighter shade of the brand colour that keeps
4.5:1 on the dark background, so a brand colour chosen for white pages stays readable there.
"""

from __future__ import annotations

from dataclasses import dataclass

LIGHT_BACKGROUND = "#ffffff"  # the default theme's --bg (light)
DARK_BACKGROUND = "#0e1218"  # --bg (dark)
LIGHT_SURFACE = "#f5f7fa"  # --surface: panels where links and buttons also sit
DARK_SURFACE = "#161c25"
TEXT_CONTRAST = 4.5  # WCAG 2 AA, normal text (SC 1.4.3)
GRAPHIC_CONTRAST = 3.0  # WCAG 2 AA, user-interface components and graphics (SC 1.4.11)
WHITE, NEAR_BLACK, BLACK = "#ffffff", "#0b1022", "#000000"


def parse_hex(color: str) -> tuple[int, int, int]:
    """``#1d4ed8`` or ``#14c`` to its red, green and blue (0-255)."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse_hex(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(color: str, other: str, amount: float) -> str:
    """``amount`` (0-1) of ``other`` mixed into ``color``."""
    a, b = parse_hex(color), parse_hex(other)
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


def readable_on(background: str, color: str, towards: str, needed: float = TEXT_CONTRAST) -> str:
    """``color``, or the first shade of it towards ``towards`` that keeps ``needed`` contrast on ``background``."""
    for step in range(21):
        shade = mix(color, towards, step / 20)
        if contrast(shade, background) >= needed:
            return shade
    return towards


def text_on(color: str) -> str:
    """White or near-black: whichever reads better on a button of ``color``."""
    return WHITE if contrast(WHITE, color) >= contrast(NEAR_BLACK, color) else NEAR_BLACK


@dataclass(frozen=True)
class ContrastProblem:
    setting: str  # "theme.primary_color"
    message: str
    hint: str


def contrast_problems(primary: str | None, accent: str | None) -> list[ContrastProblem]:
    """Where the brand colours fall short of WCAG AA in the light scheme (the dark one is adjusted)."""
    problems = []
    if primary is not None:
        ratio = min(contrast(primary, LIGHT_BACKGROUND), contrast(primary, LIGHT_SURFACE))
        if ratio < TEXT_CONTRAST:
            darker = readable_on(LIGHT_SURFACE, primary, "#000000")
            problems.append(
                ContrastProblem(
                    "theme.primary_color",
                    f"{primary} on the page background has a contrast of {ratio:.2f}:1, links and buttons "
                    f"need {TEXT_CONTRAST}:1 (WCAG AA)",
                    f"a darker shade such as {darker} passes",
                )
            )
        elif contrast(text_on(primary), primary) < TEXT_CONTRAST:
            ratio = contrast(text_on(primary), primary)
            problems.append(
                ContrastProblem(
                    "theme.primary_color",
                    f"button text on {primary} has a contrast of {ratio:.2f}:1, it needs {TEXT_CONTRAST}:1 (WCAG AA)",
                    "choose a darker or a lighter colour",
                )
            )
    if accent is not None:
        ratio = contrast(accent, LIGHT_BACKGROUND)
        if ratio < GRAPHIC_CONTRAST:
            problems.append(
                ContrastProblem(
                    "theme.accent_color",
                    f"{accent} on the page background has a contrast of {ratio:.2f}:1, highlights need "
                    f"{GRAPHIC_CONTRAST}:1 (WCAG AA for graphics)",
                    f"a darker shade such as {readable_on(LIGHT_BACKGROUND, accent, BLACK, GRAPHIC_CONTRAST)} passes",
                )
            )
    return problems


def brand_css(primary: str | None, accent: str | None, font: str | None, heading_font: str | None) -> str:
    """The custom properties that put the brand on every page; empty when nothing is set."""
    light: list[str] = []
    dark: list[str] = []
    if primary is not None:
        light += [f"--accent: {primary};", f"--accent-hover: {mix(primary, '#000000', 0.2)};"]
        light.append(f"--on-accent: {text_on(primary)};")
        on_dark = readable_on(DARK_SURFACE, primary, "#ffffff")
        dark += [f"--accent: {on_dark};", f"--accent-hover: {mix(on_dark, '#ffffff', 0.25)};"]
        dark.append(f"--on-accent: {text_on(on_dark)};")
    if accent is not None:
        light.append(f"--highlight: {accent};")
        dark.append(f"--highlight: {readable_on(DARK_BACKGROUND, accent, '#ffffff', GRAPHIC_CONTRAST)};")
    if font is not None:
        light.append(f"--font-text: {font};")
    if heading_font is not None:
        light.append(f"--font-heading: {heading_font};")
    if not light:
        return ""
    css = "/* Generated by sitegen from sitegen.toml [theme]. */\n:root {\n  " + "\n  ".join(light) + "\n}\n"
    if dark:
        css += "@media (prefers-color-scheme: dark) {\n  :root {\n    " + "\n    ".join(dark) + "\n  }\n}\n"
    return css
