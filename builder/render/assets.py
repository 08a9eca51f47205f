"""Theme files copied into the site: CSS and JS names carry a content hash, so a browser
never keeps a stale copy; the favicon is drawn in the site's accent colour.

Output: ``static/<name>.<hash>.css`` (and ``.js``), other files under ``static/`` as they are,
``favicon.svg`` and ``favicon.ico`` at the site root (so no browser asks for a missing one).
The pages' accent is the site's, darkened when needed to keep text readable.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from builder.core.i18n import THEME_DIR
from builder.core.settings import SiteConfig

STATIC_DIR = "static"
HASHED_SUFFIXES = (".css", ".js")
_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
FALLBACK_ACCENT = "#0b5d3b"
# The darkest background text sits on in light mode (--surface in style.css; --bg is
# white) and the contrast WCAG 2.2 AA asks of normal text.
LIGHT_SURFACE = "#f4f5f6"
AA_TEXT = 4.5


@dataclass(frozen=True)
class Assets:
    """Asset files to write, and the output path of each theme file by its own name."""

    files: dict[str, bytes]
    paths: dict[str, str]
    base_path: str = "/"

    def url(self, name: str) -> str:
        """Site-relative URL of a theme asset (``asset("style.css")`` in templates)."""
        try:
            return self.base_path + self.paths[name]
        except KeyError:
            raise KeyError(f"no asset {name!r} in theme/static/") from None


def hashed_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:10]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def build_assets(config: SiteConfig, theme_dir: Path = THEME_DIR) -> Assets:
    files: dict[str, bytes] = {}
    paths: dict[str, str] = {}
    static = theme_dir / "static"
    for source in sorted(p for p in static.rglob("*") if p.is_file()):
        name = source.relative_to(static).as_posix()
        content = source.read_bytes()
        out_name = hashed_name(name, content) if name.endswith(HASHED_SUFFIXES) else name
        paths[name] = f"{STATIC_DIR}/{out_name}"
        files[paths[name]] = content
    accent = accent_colour(config.accent_color)
    files["favicon.svg"] = favicon_svg(accent).encode("utf-8")
    files["favicon.ico"] = favicon_ico(accent)
    paths["favicon.svg"] = "favicon.svg"
    paths["favicon.ico"] = "favicon.ico"
    return Assets(files, paths, config.base_path)


def accent_colour(value: str) -> str:
    """``#rrggbb``; anything that is not a hex colour falls back to the theme's green."""
    match = _HEX_COLOUR.fullmatch(value.strip())
    if not match:
        return FALLBACK_ACCENT
    digits = match[1]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_accent(accent: str) -> str:
    """``accent``, darkened just enough to be read as text (links) on the theme's light
    backgrounds and to carry white text (buttons), at WCAG AA 4.5:1.

    site.yaml may name a light brand colour (a yellow, a sky blue); used as is, its links
    and buttons would be unreadable. Dark mode derives its own light tint from this colour
    in style.css. The favicon keeps the colour as given.
    """
    colour = accent
    scale = 1.0
    while contrast(colour, LIGHT_SURFACE) < AA_TEXT:
        scale -= 0.02  # ~50 steps at most: darkening keeps the hue
        r, g, b = (round(int(accent[i : i + 2], 16) * scale) for i in (1, 3, 5))
        colour = f"#{r:02x}{g:02x}{b:02x}"
    return colour


def favicon_svg(accent: str) -> str:
    """A page with three lines of text, white on the accent colour."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{accent}"/>'
        '<path d="M8 10h16M8 16h16M8 22h10" stroke="#fff" stroke-width="3" '
        'stroke-linecap="round"/></svg>\n'
    )


def favicon_ico(accent: str, size: int = 16) -> bytes:
    """The same picture as a 16x16 32-bit ICO, for browsers that ask for /favicon.ico."""
    r, g, b = (int(accent[i : i + 2], 16) for i in (1, 3, 5))
    lines = {5: (4, 12), 6: (4, 12), 9: (4, 12), 10: (4, 12), 13: (4, 9), 14: (4, 9)}
    pixels = bytearray()
    for row in range(size - 1, -1, -1):  # BMP rows go bottom-up
        for col in range(size):
            start, end = lines.get(row, (0, -1))
            white = start <= col < end
            pixels += bytes((255, 255, 255, 255) if white else (b, g, r, 255))
    mask = bytes(4 * size)  # 1 bit per pixel, rows padded to 4 bytes; alpha does the work
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    image = header + bytes(pixels) + mask
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 6 + 16)
    return struct.pack("<HHH", 0, 1, 1) + entry + image
