"""Handing freed memory back to the operating system between the build's passes.

A pass frees its arrays when it ends, but the allocators keep the pages: glibc's heap (below
its mmap threshold, which grows as large blocks are freed) and Arrow's memory pool both hold
freed memory for reuse. The next pass then starts from the last one's peak, and with a
million documents the passes' peaks add up. Releasing between passes costs a few
milliseconds.
"""

from __future__ import annotations

import ctypes
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only; musl and other platforms lack it
    except (OSError, AttributeError):
        return None
    return libc


def release() -> None:
    """Collect garbage and return the freed heap and Arrow pool pages to the system."""
    import pyarrow as pa

    gc.collect()
    pa.default_memory_pool().release_unused()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
