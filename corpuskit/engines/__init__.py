"""Engines decide where the per-document stages run; the stages are the same everywhere.

An engine maps a function over batches of documents, ``fn(batch, settings)``, and yields its
results in input order: :func:`corpuskit.stages.process_batch` gives the processed documents,
the build's :func:`corpuskit.rows.process_and_encode` the rows it writes.

The build itself asks :func:`start` for an engine: it hashes the inputs (``describe``), runs the
segments (``run``, see :mod:`.segments`) and offers a placement for the corpus passes
(``placement``, see :mod:`corpuskit.passes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..config import Settings
from ..document import Document
from ..stages import process_batch

R = TypeVar("R")
BatchFn = Callable[[list[Document], Settings], R]


def run_batches(docs: Iterable[Document], settings: Settings, fn: BatchFn, pool: Any = None) -> Iterator[R]:
    """``fn`` of each batch of ``docs``, in input order, from the engine the settings name (``pool``:
    the local engine's :func:`corpuskit.engines.local.worker_pool`, if the caller started it)."""
    if settings.engine == "local":
        from .local import run_batches as run_local

        return run_local(docs, settings, fn, pool)
    if settings.engine == "ray":
        from .ray import run_batches as run_ray

        return run_ray(docs, settings, fn)
    raise ValueError(f"unknown engine {settings.engine!r}; known: local, ray")


def run(docs: Iterable[Document], settings: Settings, pool: Any = None) -> Iterator[Document]:
    """Processed documents in input order."""
    for batch in run_batches(docs, settings, process_batch, pool):
        yield from batch


@contextmanager
def start(settings: Settings) -> Iterator[Any]:
    """The engine the settings name, started for one build and stopped after."""
    if settings.engine == "local":
        from .local import LocalEngine, worker_pool

        # started while the build's process is still small: a fork later on would count its
        # grown memory again in every worker
        with worker_pool(settings) as pool:
            engine = LocalEngine(settings, pool)
            try:
                yield engine
            finally:
                engine.close()
        return
    if settings.engine == "ray":
        from .ray import RayEngine

        engine = RayEngine(settings)
        try:
            yield engine
        finally:
            engine.close()
        return
    raise ValueError(f"unknown engine {settings.engine!r}; known: local, ray")
