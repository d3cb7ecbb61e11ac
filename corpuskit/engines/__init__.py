"""Engines decide where the per-document stages run; the stages are the same everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Settings
from ..document import Document


def run(docs: Iterable[Document], settings: Settings, pool: Any = None) -> Iterator[Document]:
    """Processed documents in input order, from the engine the settings name (``pool``: the
    local engine's :func:`corpuskit.engines.local.worker_pool`, if the caller started it)."""
    if settings.engine == "local":
        from .local import run as run_local

        return run_local(docs, settings, pool)
    if settings.engine == "ray":
        from .ray import run as run_ray

        return run_ray(docs, settings)
    raise ValueError(f"unknown engine {settings.engine!r}; known: local, ray")
