"""corpuskit: turn scraped news pages into a clean, versioned Hugging Face dataset."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings

try:
    __version__ = version("corpuskit")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "clean_document",
    "clean_html",
    "clean_html_document",
    "clean_text",
    "clean_text_document",
    "load_settings",
]


def __getattr__(name: str):
    # imported on first use: `import corpuskit` stays cheap for the one-document functions.
    # `corpuskit.build(project_dir, settings=None, version=None, strict=False, progress=True)` is the
    # CLI's build; the module is callable (corpuskit/build.py), so the name means the same either way.
    if name == "build":
        from importlib import import_module

        return import_module(".build", __name__)
    if name == "load_settings":
        from .config import load_settings

        return load_settings
    if name == "clean_document":
        from .single import clean_document

        return clean_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def clean_text(text: str, settings: Settings | None = None) -> str:
    """The cleaned article body of one document, by the same code path as the build.

    ``settings``: the build's settings (``corpuskit.config.Settings``); the defaults if omitted.

    >>> clean_text("Latest News\\nA headline about talks\\nThe talks ended on Monday without a deal, officials said.")
    'The talks ended on Monday without a deal, officials said.'
    """
    from .config import Settings
    from .decode import normalise_text
    from .document import Document
    from .stages import clean_stage

    doc = Document(id="", source_file="<text>", text=normalise_text(text))
    doc = clean_stage(doc, settings or Settings())
    return "" if doc.rejected else doc.text


def clean_html(html: str, url: str | None = None) -> str:
    """The cleaned article body of one HTML page, by the same code path as the build.

    The HTML scorer picks the page's main lines (trafilatura's choice among its evidence), then
    the text cleaners run on them; '' when nothing is left.
    """
    from .config import Settings
    from .document import Document
    from .extract import extract_stage
    from .stages import clean_stage

    settings = Settings()
    doc = Document(id="", source_file="<html>", text=html, url=url, media_type="html")
    for stage in (extract_stage, clean_stage):
        doc = stage(doc, settings)
        if doc.rejected:
            return ""
    return doc.text


def clean_text_document(text: str, settings=None):
    """One text document by the build's stages: a :class:`corpuskit.single.CleanedDocument` with the
    cleaned ``text``, its ``metadata`` (title, author, date, language...) and the ``removed`` lines, each
    with its line number in ``lines``, rule and category (``rejected`` says why, when nothing is left).

    >>> doc = clean_text_document("Latest News\\nThe talks ended on Monday without a deal, officials said.")
    >>> doc.text, [(r.line, r.category) for r in doc.removed]
    ('The talks ended on Monday without a deal, officials said.', [(1, 'navigation')])
    """
    from .single import clean_document, from_bytes

    return clean_document(from_bytes(text.encode("utf-8"), "<text>"), settings)


def clean_html_document(html: str, url: str | None = None, settings=None):
    """:func:`clean_text_document` for one HTML page: trafilatura extracts the main text first."""
    from .single import clean_document, from_bytes

    doc = from_bytes(html.encode("utf-8"), "<html>", media_type="html")
    doc.url, doc.charset = url, "utf-8"
    return clean_document(doc, settings)
