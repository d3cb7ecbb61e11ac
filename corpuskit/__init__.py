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

__all__ = ["__version__", "clean_html", "clean_text"]


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

    trafilatura extracts the main text, then the text cleaners run on it.
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
