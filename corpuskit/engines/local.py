"""The local engine: this process, or a pool of worker processes on this machine."""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterable, Iterator
from functools import partial

from ..config import Settings
from ..document import Document
from ..stages import process

# Documents handed to the pool at a time, per worker. Pool.imap would otherwise read the
# whole input ahead of the workers; a bounded window keeps memory flat.
WINDOW_PER_WORKER = 64
CHUNKSIZE = 8


def run(docs: Iterable[Document], settings: Settings) -> Iterator[Document]:
    if settings.workers <= 1:
        for doc in docs:
            yield process(doc, settings)
        return
    work = partial(process, settings=settings)
    ctx = multiprocessing.get_context("spawn" if multiprocessing.get_start_method() == "spawn" else "fork")
    with ctx.Pool(settings.workers) as pool:
        it = iter(docs)
        while batch := list(itertools.islice(it, settings.workers * WINDOW_PER_WORKER)):
            yield from pool.imap(work, batch, chunksize=CHUNKSIZE)
