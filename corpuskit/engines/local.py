"""The local engine: this process, or a pool of worker processes on this machine.

Workers get documents in batches (one pickled message per batch, not per document) and a
bounded number of batches is in flight, so the parent never reads ahead of the workers by
more than ``workers * IN_FLIGHT_PER_WORKER * BATCH_DOCS`` documents: memory stays flat
however large the corpus. Results come back in submission order, so the output order is
the input order (``Document.order``) without sorting.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from time import perf_counter
from typing import Any

from ..config import Settings
from ..document import Document
from ..stages import STAGE_SECONDS, take_stage_seconds

BATCH_DOCS = 32
IN_FLIGHT_PER_WORKER = 4

# Where the parent spends its time, for scripts/bench.py: ``wait`` is time blocked on
# workers (the parent is idle), ``submit`` time handing batches to the pool.
PARENT_SECONDS: Counter = Counter()

_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings


def _work(fn, batch: list[Document]) -> tuple[Any, dict[str, float]]:
    assert _settings is not None, "worker not initialised"
    return fn(batch, _settings), take_stage_seconds()


def batched(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(docs)
    while batch := list(itertools.islice(it, size)):
        yield batch


@contextmanager
def worker_pool(settings: Settings) -> Iterator[Pool | None]:
    """The build's worker processes (None for one worker), started once and
    used by every pass with per-document work: the engine's stages, then the recurring-line
    pass. Started at the beginning of the build, while the parent is still small: a fork
    later on would count the parent's grown memory again in every worker."""
    if settings.workers <= 1:
        yield None
        return
    method = "spawn" if multiprocessing.get_start_method() == "spawn" else "fork"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(settings.workers, initializer=_init_worker, initargs=(settings,)) as pool:
        yield pool


def run_batches(docs: Iterable[Document], settings: Settings, fn, pool: Pool | None = None) -> Iterator[Any]:
    """``fn(batch, settings)`` of each batch of ``BATCH_DOCS`` documents, in input order;
    ``pool`` is :func:`worker_pool`'s (else one is started). ``fn`` runs where the documents are
    processed, so what it makes of them (the build's Arrow rows) is made in parallel too."""
    return map_batches(batched(docs, BATCH_DOCS), settings, fn, pool)


def map_batches(batches: Iterable[list[Document]], settings: Settings, fn, pool: Pool | None = None) -> Iterator[Any]:
    """:func:`run_batches` of batches the caller made."""
    if settings.workers <= 1:
        for batch in batches:
            yield fn(batch, settings)
        return
    if pool is None:
        with worker_pool(settings) as own:
            yield from map_batches(batches, settings, fn, own)
        return
    pending: deque = deque()

    def collect() -> Any:
        start = perf_counter()
        done, seconds = pending.popleft().get()
        PARENT_SECONDS["wait"] += perf_counter() - start
        STAGE_SECONDS.update(seconds)
        return done

    for batch in batches:
        start = perf_counter()
        pending.append(pool.apply_async(_work, (fn, batch)))
        PARENT_SECONDS["submit"] += perf_counter() - start
        if len(pending) >= settings.workers * IN_FLIGHT_PER_WORKER:
            yield collect()
    while pending:
        yield collect()


class LocalEngine:
    """The build's side of the local engine: this process reads and hashes the inputs, the pool
    (``workers``) runs the stages, this process writes each segment's parts, and the passes run
    here (:class:`~corpuskit.passes.LocalPlacement`)."""

    def __init__(self, settings: Settings, pool: Pool | None):
        from ..passes import LocalPlacement

        self.settings, self.pool = settings, pool
        self.placement = LocalPlacement(settings.workers, pool)

    def describe(self, paths: Iterable[Any], root: Any, folders: list[Any]) -> Iterator[dict[str, Any]]:
        from ..sources import describe_input

        return (describe_input(p, root, folders) for p in paths)

    def run(self, segments: Iterable[Any], job: Any) -> Iterator[Any]:
        """Each segment's :class:`~.segments.Done`, in order, as it is written. Batches flow through
        the pool without a pause between segments: a batch never holds two segments' documents."""
        from .. import rows
        from .segments import SegmentWriter, read_segment

        events: deque = deque()  # ("batch" | "end", segment), in the order the batches were made

        def batches() -> Iterator[list[Document]]:
            for seg in segments:
                for batch in batched(read_segment(seg, job), BATCH_DOCS):
                    events.append(("batch", seg))
                    yield batch
                events.append(("end", seg))

        writer = None

        def ends() -> Iterator[Any]:
            nonlocal writer
            while events and events[0][0] == "end":
                _, seg = events.popleft()
                yield (writer or SegmentWriter(seg, job)).close()
                writer = None

        for result in map_batches(batches(), self.settings, rows.process_and_encode, self.pool):
            yield from ends()
            _, seg = events.popleft()
            writer = writer or SegmentWriter(seg, job)
            writer.add(result)
        yield from ends()

    def close(self) -> None:
        self.placement.close()
