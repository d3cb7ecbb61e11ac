"""The build's corpus passes, each written once against :class:`Placement`.

A pass is a few steps, each a function mapped over small items (a shard's path, a partition's
number): ``fn(item, mapper)`` reads and writes files of the build's folders and returns a few
numbers. Where the steps run is the placement's business: :class:`LocalPlacement` runs them in
the build's process (``mapper`` hands per-document work to the local engine's workers), the Ray
engine's placement as tasks on the cluster. What a step passes to the next goes through files in
the build's work folder, so the process that orchestrates (``corpuskit.build``) holds numbers and
paths, never a document.

- :mod:`.shards`: Parquet shards made from the engine's part files;
- :mod:`.recurring`: lines recurring across the documents of a source;
- :mod:`.near_dups`: exact and near-duplicate clusters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
# ``mapper(fn, items, size)``: ``fn`` of each item, in order (``size``: how many documents, a hint)
Mapper = Callable[[Callable[[Any], Any], Iterable[Any], int], Iterable[Any]]
Step = Callable[[Any, Mapper], Any]


class Placement(Protocol):
    """Where the steps of a pass run."""

    def map(self, fn: Step, items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item, mapper)`` of every item, results in item order."""
        ...


def inline(fn: Callable[[Any], Any], items: Iterable[Any], size: int) -> Iterator[Any]:
    """The mapper of a step that does its per-document work itself."""
    return map(fn, items)


class LocalPlacement:
    """Steps run one after another in this process; their per-document batches go to ``pool``
    (the local engine's workers) or, without one, to processes spawned when enough change."""

    def __init__(self, workers: int = 1, pool: Any = None):
        from ..crossdoc_pass import _Mapper

        self._mapper = _Mapper(workers, pool)

    def map(self, fn: Step, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item, self._mapper)

    def close(self) -> None:
        self._mapper.__exit__(None, None, None)

    def __enter__(self) -> LocalPlacement:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
