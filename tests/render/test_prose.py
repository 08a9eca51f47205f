"""The prose fast path writes exactly what Python-Markdown writes, or stands aside.

``prose_html`` skips Python-Markdown for bodies of plain paragraphs. For any text it
either returns ``None`` or the very string Python-Markdown (with the project's extensions)
returns, so the sanitised page cannot differ. The strategies mix ordinary prose with the
characters and line starts Markdown gives a meaning to, so that both the accepted and the
refused side are exercised; ``make fuzz`` runs them with the long profile.
"""

from __future__ import annotations

import markdown
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from builder.render.markdown import EXTENSIONS, MarkdownRenderer, sanitize
from builder.render.prose import prose_html

pytestmark = pytest.mark.fuzz

_MD = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def python_markdown(text: str) -> str:
    _MD.reset()
    return _MD.convert(text)


# Words of bulletins; pieces that mean something to Markdown at the start of a line, around
# bold text or as white space (the fast path must judge these right); and characters that
# always send a body to Python-Markdown.
ORDINARY = st.sampled_from(
    [
        "Ciudad", "de", "México,", "IMSS", "“cuidados”", "(SOSEP)", "2025", "591/2025",
        "derechohabientes.", "niñas", "—dijo—", "a.m.", "¿Qué?", "¡Sí!", "50%", "e-mail",
        "'", '"', "1.5", "x:", "3.-", "a.", "!",
    ]
)  # fmt: skip
TRICKY = st.sampled_from(
    [
        "1.", "2)", "10.", "١.", "#", "##", "#hashtag", "-", "+", "=", "==", "---", "===",
        ":", "~", "\xa0", "\u2028", "\x85", "\u3000", "\u200b",
    ]
)  # fmt: skip
STARS = st.sampled_from(["*", "**", "***", "****", "*a*", "**a", "a**", "***a***"])
SPECIAL = st.sampled_from(
    [
        "_", "__", "a_b", ">", "<", "&", "&amp;", "&#39;", "|", "`", "\\", "[", "]", "<b>",
        "http://x.example", "\t", "\r", "\x02", "\x03", "\x1f", "\x7f",
    ]
)  # fmt: skip
PLAIN_SPACES = st.sampled_from([" "] * 8 + [""])
ODD_SPACES = st.sampled_from([" ", "  ", "\xa0", " \n", "\n", "\n ", "\u2028", "\x85"])
GAPS = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n\n\n\n"])
ODD_GAPS = st.sampled_from(["\n\n", "\n \n", "\n\xa0\n", "\n\n\n"])


@st.composite
def line(draw: st.DrawFn, words: st.SearchStrategy[str], spaces: st.SearchStrategy[str]) -> str:
    def bold(inner: list[str]) -> str:
        return "**" + draw(spaces).join(inner) + "**"

    pieces = st.one_of(words, words, words, st.lists(words, min_size=1, max_size=4).map(bold))
    parts = draw(st.lists(pieces, min_size=1, max_size=8))
    text = parts[0]
    for part in parts[1:]:
        text += draw(spaces) + part
    return text


@st.composite
def prose(draw: st.DrawFn) -> str:
    """Paragraphs of lines with bold text; each kind of trouble (line starts that mean
    something to Markdown, stray asterisks, characters that always need Python-Markdown,
    odd white space) in a third of the bodies, so that a fifth are plain prose."""

    def sometimes() -> bool:
        return draw(st.integers(0, 2)) == 0

    words = ORDINARY
    if sometimes():
        words = st.one_of(words, words, words, TRICKY)
    if sometimes():
        words = st.one_of(words, words, words, STARS)
    if sometimes():
        words = st.one_of(words, words, words, words, SPECIAL)
    odd = sometimes()
    spaces, gaps = (ODD_SPACES, ODD_GAPS) if odd else (PLAIN_SPACES, GAPS)
    paragraphs = draw(st.lists(st.lists(line(words, spaces), min_size=1, max_size=3), max_size=5))
    text = draw(st.sampled_from(["", "\n", "\n\n", " "] if odd else ["", "\n"]))
    for lines in paragraphs:
        text += "\n".join(lines) + draw(gaps)
    return text + draw(st.sampled_from(["", "\n", " ", "\n\n"] if odd else ["", "\n"]))


# Plain words only: what bulletins are made of, so the fast path does take these.
PLAIN = st.lists(
    st.lists(
        st.lists(
            st.text(alphabet="AEILMPRZaeilnorstuáéíóúñÑ“”(),.;/—07", min_size=1, max_size=12),
            min_size=1,
            max_size=8,
        ).map(" ".join),
        min_size=1,
        max_size=3,
    ).map("\n".join),
    min_size=1,
    max_size=6,
).map("\n\n".join)

FREE = st.text(
    alphabet=st.sampled_from(list("ab 1.\n\n*#->=_[]<&|\\`\t\r\xa0\u2028\x85!“é)")),
    max_size=60,
)


def assert_same_as_python_markdown(text: str) -> None:
    fast = prose_html(text)
    event("fast path" if fast is not None else "Python-Markdown")
    if fast is not None:
        assert fast == python_markdown(text), text


@given(prose())
@example("Texto **nuevo**.\n")
@example("**Negritas** al empezar.\n\nY al **final**")
@example("a**b**c **d** e")
@example("**a****b**")
@example("")
@example("\n\n")
def test_prose_with_markdown_pieces_renders_as_python_markdown(text: str) -> None:
    assert_same_as_python_markdown(text)


@given(FREE)
def test_free_text_renders_as_python_markdown(text: str) -> None:
    assert_same_as_python_markdown(text)


@given(PLAIN)
def test_plain_paragraphs_take_the_fast_path(text: str) -> None:
    fast = prose_html(text)
    if all(not line[:1].isdigit() for line in text.split("\n")):
        assert fast is not None, text  # else the fast path saves nothing on real bulletins
    if fast is not None:
        assert fast == python_markdown(text), text


@given(st.one_of(prose(), FREE))
def test_renderer_equals_python_markdown_and_sanitiser(text: str) -> None:
    """The page body, fast path or not, is what the full pipeline gives, at any base path."""
    for base in ("/", "/archivo/"):
        expected = sanitize(python_markdown(text), base)
        assert MarkdownRenderer(base).render(text) == expected, text
