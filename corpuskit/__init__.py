"""corpuskit: turn scraped news pages into a clean, versioned Hugging Face dataset."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("corpuskit")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0"

__all__ = ["__version__", "clean_text"]


def clean_text(text: str) -> str:
    """The cleaned article body of one document, by the same code path as the build.

    >>> clean_text("Latest News\\nA headline about talks\\nThe talks ended on Monday without a deal, officials said.")
    'The talks ended on Monday without a deal, officials said.'
    """
    from .config import Settings
    from .decode import normalise_text
    from .document import Document
    from .stages import clean_stage

    doc = Document(id="", source_file="<text>", text=normalise_text(text))
    doc = clean_stage(doc, Settings())
    return "" if doc.rejected else doc.text
