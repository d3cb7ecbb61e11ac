"""The seed tools: the checks a seed file must pass (:mod:`.checks`) and ``seeds/INDEX.md``
(:mod:`.index`). The CLI imports them; they import nothing of the CLI."""

from __future__ import annotations

from .checks import CODES, ERROR, INDEX_NAME, NOTE, WARNING, Problem, check_paths, report

__all__ = ["CODES", "ERROR", "INDEX_NAME", "NOTE", "WARNING", "Problem", "check_paths", "report"]
