"""HTML pages to main text: trafilatura's choice, the sections and link blocks it misses,
and the guard against pathologically deep trees.

``stage`` is the extraction stage the build runs; ``sections`` and ``linkblocks`` are the
evidence it uses beside trafilatura; ``deephtml`` flattens trees lxml would refuse.
"""

from .stage import extract_html, extract_stage, load_models

__all__ = ["extract_html", "extract_stage", "load_models"]
