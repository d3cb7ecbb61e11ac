"""The Ray engine: every step of the build that touches a document runs on the cluster.

The driver (the machine running ``corpuskit build``) lists the inputs and orchestrates; it holds
paths, counts and statistics, never a document's bytes or text:

- workers hash their own inputs (``(path, sha256, size)`` rows, in path order, for the manifest
  and the fingerprint);
- a task per segment (:mod:`.segments`) reads its inputs, runs the per-document stages and writes
  its part files;
- the shards are made from the parts, and the corpus passes run, as tasks of
  :class:`RayPlacement`.

So every node needs corpuskit (the same version) and the inputs and the output folder at the same
paths: a shared disk, or inputs any node can read by URL. Tasks are Ray core tasks of one CPU;
a bounded number is in flight (``IN_FLIGHT_PER_CPU`` per CPU of the cluster), so neither the
driver nor the object store holds more than a few results at a time.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..config import Settings
from ..document import Document
from .local import batched

BATCH_DOCS = 64
DESCRIBE_INPUTS = 256  # inputs hashed by one task
IN_FLIGHT_PER_CPU = 2
# runs of a hashing or segment task whose worker died; a pass's step rewrites shards in place and
# runs once (a failed pass fails the build, and --resume redoes the passes from the segments)
RETRIES = 3


class RayEngineError(RuntimeError):
    """Ray is missing, or the cluster cannot be reached."""


def _import_ray():
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RayEngineError(
            f"--engine ray needs Ray: pip install 'corpuskit[ray]' ({exc.__class__.__name__}: {exc})"
        ) from None
    return ray


def connect(settings: Settings) -> None:
    """Join the cluster at ``settings.ray_address``, or start a local Ray, unless already connected."""
    ray = _import_ray()
    if ray.is_initialized():
        return
    if settings.ray_address:
        ray.init(address=settings.ray_address, log_to_driver=False)
    else:
        ray.init(num_cpus=max(1, settings.workers), include_dashboard=False, log_to_driver=False)


def _window() -> int:
    ray = _import_ray()
    return max(1, int(ray.cluster_resources().get("CPU", 1))) * IN_FLIGHT_PER_CPU


def _remote(fn: Callable, retries: int) -> Any:
    return _import_ray().remote(num_cpus=1, max_retries=retries)(fn)


def ordered(fn: Callable, args: Iterable[tuple], retries: int = 0) -> Iterator[Any]:
    """``fn(*a)`` of each of ``args`` as a task, results in order, a bounded number in flight;
    ``retries``: how often a task whose worker died runs again (only a task that can run twice)."""
    ray = _import_ray()
    task, window = _remote(fn, retries), _window()
    pending: deque = deque()
    for a in args:
        pending.append(task.remote(*a))
        if len(pending) >= window:
            yield ray.get(pending.popleft())
    while pending:
        yield ray.get(pending.popleft())


def unordered(fn: Callable, args: Iterable[tuple], retries: int = 0) -> Iterator[Any]:
    """:func:`ordered`, results as they complete."""
    ray = _import_ray()
    task, window = _remote(fn, retries), _window()
    pending: list = []
    args = iter(args)
    while True:
        pending += [task.remote(*a) for a in itertools.islice(args, window - len(pending))]
        if not pending:
            return
        done, pending = ray.wait(pending, num_returns=1)
        yield ray.get(done[0])


def _step(fn: Callable, item: Any) -> Any:
    from ..passes import inline

    return fn(item, inline)


class RayPlacement:
    """The steps of a pass as Ray tasks; each does its per-document work itself."""

    def map(self, fn: Callable, items: Iterable[Any]) -> Iterator[Any]:
        return ordered(_step, ((fn, item) for item in items))


def _describe(names: list[str], root: Any, folders: list[Any]) -> list[dict[str, Any]]:
    from ..sources import describe_input, input_path

    return [describe_input(input_path(root, name), root, folders) for name in names]


def _segment(seg: Any, job: Any) -> Any:
    from .segments import run_here

    return run_here(seg, job, BATCH_DOCS)


class RayEngine:
    """The build's side of the Ray engine (see the module's docstring)."""

    def __init__(self, settings: Settings):
        connect(settings)
        self.settings = settings
        self.placement = RayPlacement()

    def describe(self, paths: Any, root: Any, folders: list[Any]) -> Iterator[dict[str, Any]]:
        chunks = iter(lambda: list(itertools.islice(names, DESCRIBE_INPUTS)), [])
        names = paths.names()
        for rows in ordered(_describe, ((chunk, root, folders) for chunk in chunks), RETRIES):
            yield from rows

    def run(self, segments: Iterable[Any], job: Any) -> Iterator[Any]:
        """Each segment's :class:`~.segments.Done`, as it completes."""
        # a segment's task writes its own folder from scratch: it may run again
        return unordered(_segment, ((seg, job) for seg in segments), RETRIES)

    def close(self) -> None:
        pass


def _batch(fn: Callable, batch: list[Document], settings: Settings) -> Any:
    return fn(batch, settings)


def run_batches(docs: Iterable[Document], settings: Settings, fn) -> Iterator[Any]:
    """``fn(batch, settings)`` of each batch of ``BATCH_DOCS`` documents the caller read, in input order."""
    connect(settings)
    return ordered(_batch, ((fn, batch, settings) for batch in batched(docs, BATCH_DOCS)))
