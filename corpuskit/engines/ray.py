"""The Ray engine: the same per-document stages, mapped over documents with Ray Data.

The driver (the machine running ``corpuskit build``) reads the inputs and ships their bytes
to the cluster in chunks of ``CHUNK_DOCS`` documents, so workers need corpuskit installed
but no access to the input files, and the driver holds one chunk at a time. Each chunk is a
Ray dataset of pickled documents whose batches are mapped by the engine's function (the
build's :func:`corpuskit.rows.process_and_encode`); Ray Data is told to preserve order, and
the driver checks ``Document.order`` on the way back, so the shards are written in the same
order, with the same bytes, as the local engine's.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import Any

from ..config import Settings
from ..document import Document
from ..stages import STAGE_SECONDS, take_stage_seconds
from .local import batched

CHUNK_DOCS = 4096
BATCH_DOCS = 64


class RayEngineError(RuntimeError):
    """Ray is missing, or the cluster returned documents out of order."""


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RayEngineError(
            f"--engine ray needs Ray Data: pip install 'corpuskit[ray]' ({exc.__class__.__name__}: {exc})"
        ) from None
    return ray


def _process_batch(batch: dict[str, Any], settings: Settings, fn) -> dict[str, Any]:
    docs = [pickle.loads(raw) for raw in batch["doc"]]
    orders = pickle.dumps((docs[0].order, docs[-1].order))
    result = pickle.dumps(fn(docs, settings), protocol=pickle.HIGHEST_PROTOCOL)
    # one row a batch: what ``fn`` made of it, the input order it covers and the stage seconds
    return {"result": [result], "orders": [orders], "seconds": [pickle.dumps(take_stage_seconds())]}


def connect(settings: Settings) -> None:
    """Join the cluster at ``settings.ray_address``, or start a local Ray, unless already connected."""
    ray = _import_ray()
    if ray.is_initialized():
        return
    if settings.ray_address:
        ray.init(address=settings.ray_address, log_to_driver=False)
    else:
        ray.init(num_cpus=max(1, settings.workers), include_dashboard=False, log_to_driver=False)


def run_batches(docs: Iterable[Document], settings: Settings, fn) -> Iterator[Any]:
    """``fn(batch, settings)`` of each batch of ``BATCH_DOCS`` documents, in input order."""
    ray = _import_ray()
    connect(settings)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    last: tuple[str, int] | None = None
    for chunk in batched(docs, CHUNK_DOCS):
        rows = [{"doc": pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)} for doc in chunk]
        del chunk
        ds = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows) // BATCH_DOCS, 64)))
        ds = ds.map_batches(
            _process_batch, fn_kwargs={"settings": settings, "fn": fn}, batch_size=BATCH_DOCS, batch_format="numpy"
        )
        for out in ds.iter_batches(batch_size=None, batch_format="numpy"):
            for result, orders, seconds in zip(out["result"], out["orders"], out["seconds"], strict=True):
                STAGE_SECONDS.update(pickle.loads(seconds))
                first, end = pickle.loads(orders)
                if last is not None and first < last:
                    raise RayEngineError(f"Ray returned {first} after {last}: document order was not preserved")
                last = end
                yield pickle.loads(result)
