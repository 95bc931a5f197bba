"""The running text of a document, from the bytes of a PDF, a web page, Markdown or plain text.

Each format goes through the tool made for it: poppler's pdftotext for PDFs (its default
reading order follows columns, which -layout would interleave), selectolax's HTML parser
for pages, with navigation, headers, footers and scripts dropped so that a redesigned menu
is not mistaken for a changed document, and markdown-it for Markdown (model cards on GitHub),
whose HTML then goes the way of any page.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from scripts.errors import ProjectError

PDF, HTML, MARKDOWN, TEXT = "pdf", "html", "markdown", "text"
KIND_OF_SUFFIX = {".pdf": PDF, ".html": HTML, ".htm": HTML, ".md": MARKDOWN, ".txt": TEXT}
KIND_OF_TYPE = {
    "application/pdf": PDF,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
    "text/plain": TEXT,
}
# Page furniture around the text a document is: dropped before the text is taken.
CHROME = (
    "script, style, noscript, template, svg, iframe, form, button, nav, header, footer, aside,"
    " [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]"
)
# Elements that end a line of text; their text must not run into the next element's.
BLOCKS = (
    "p, div, li, dt, dd, br, hr, tr, h1, h2, h3, h4, h5, h6, blockquote, pre, section, article,"
    " main, figcaption, caption, table, ul, ol, dl"
)
CELLS = "td, th"
PDFTOTEXT_SECONDS = 120
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


class ExtractionError(ProjectError):
    """The document's bytes could not be turned into text; the message says why."""


def kind_of(content_type: str, url_path: str, body: bytes) -> str | None:
    """The format of a fetched document, from its bytes, its content type and its URL; None if unsupported."""
    if body.startswith(b"%PDF-"):
        return PDF
    kind = KIND_OF_TYPE.get(content_type.split(";")[0].strip().lower())
    if kind == TEXT and url_path.lower().endswith(".md"):
        return MARKDOWN
    return kind


def charset_of(content_type: str, body: bytes) -> str:
    """The character set a page declares in its HTTP header or its <meta>, UTF-8 when it declares none."""
    declared = re.search(r"charset=([\w-]+)", content_type, re.I)
    if declared:
        return declared.group(1)
    meta = _META_CHARSET.search(body[:4096])
    return meta.group(1).decode("ascii") if meta else "utf-8"


def decoded(body: bytes, charset: str = "utf-8") -> str:
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def pdf_text(body: bytes) -> str:
    with tempfile.TemporaryDirectory(prefix="verify-") as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(body)
        try:
            done = subprocess.run(
                ["pdftotext", "-q", "-enc", "UTF-8", str(pdf), "-"],
                capture_output=True,
                timeout=PDFTOTEXT_SECONDS,
                check=False,
            )
        except FileNotFoundError:
            raise ExtractionError("pdftotext is not installed (Debian package poppler-utils; see setup.sh)") from None
        except subprocess.TimeoutExpired:
            raise ExtractionError(f"pdftotext took more than {PDFTOTEXT_SECONDS} s") from None
    if done.returncode != 0:
        raise ExtractionError(f"pdftotext could not read the PDF (exit status {done.returncode})")
    return done.stdout.decode("utf-8", errors="replace")


def html_text(page: str) -> str:
    """The text of a page's main content (its <main> when it has exactly one), without its chrome."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    mains = tree.css("main")
    root = mains[0] if len(mains) == 1 else tree.body
    if root is None:
        return ""
    for node in root.css(CHROME):
        node.decompose()
    for node in root.css(BLOCKS):
        node.insert_after("\n")
    for node in root.css(CELLS):
        node.insert_after("\t")
    return root.text(separator="", deep=True)


def markdown_text(source: str) -> str:
    from markdown_it import MarkdownIt

    return html_text(MarkdownIt("commonmark").enable("table").render(source))


def text_of(kind: str, body: bytes, charset: str = "utf-8") -> str:
    """The running text of a document of this kind."""
    if kind == PDF:
        return pdf_text(body)
    if kind == HTML:
        return html_text(decoded(body, charset))
    if kind == MARKDOWN:
        return markdown_text(decoded(body, charset))
    if kind == TEXT:
        return decoded(body, charset)
    raise ExtractionError(f"cannot read documents of kind {kind!r}")
