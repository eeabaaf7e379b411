"""User-written Markdown to safe HTML: the one place user text becomes markup."""

from __future__ import annotations

import html as html_module
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the source is escaped by the parser and anything left is cleaned by nh3,
# so a posting can never carry script, style, event handlers or javascript: links.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


def render_markdown(source: str | None) -> Markup:
    """Render Markdown and sanitize the result; headings are shifted below the page's h1."""
    if not source:
        return Markup("")
    return _render_markdown(source)


@lru_cache(maxsize=2048)
def _render_markdown(source: str) -> Markup:
    # Rendering and cleaning a posting takes about a millisecond and job pages are read far
    # more often than written, so the result is kept per source text.
    html = _parser.render(source)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(cleaned)  # noqa: S704 - cleaned by nh3 above


def plain_text(source: str | None, limit: int | None = None) -> str:
    """The words of a Markdown text without markup, for summaries and meta descriptions."""
    if not source:
        return ""
    text = nh3.clean(_parser.render(source), tags=set())
    text = " ".join(text.split())
    text = html_module.unescape(text)
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


_MARKDOWN_NOISE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"<[^>]{0,200}>"), " "),  # raw tags (shown escaped on the page)
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", re.MULTILINE), ""),  # block markers
    (re.compile(r"(\*\*|__|\*|_|~~|`+)(?=\S)|(?<=\S)(\*\*|__|\*|_|~~|`+)"), ""),  # emphasis
]


def index_text(source: str | None, limit: int | None = None) -> str:
    """Markdown reduced to its words, quickly, for search documents and snippets.

    Rendering and sanitizing (plain_text) costs about a millisecond per posting, which is
    most of a full reindex; for indexing a few substitutions give the same words.
    """
    text = source or ""
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    text = " ".join(html_module.unescape(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
