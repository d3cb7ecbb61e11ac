"""Per-document time limit: one pathological input must not stall a whole build.

The limit is a POSIX interval timer, so it applies where the stages run in a process's
main thread (the local engine, with or without workers). Elsewhere (a worker thread,
Windows) it is not enforced; the size limit (``max_doc_bytes``) still is.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """Raised inside a stage when its document ran out of time.

    A BaseException, like KeyboardInterrupt, so that a library's ``except Exception``
    cannot swallow it and carry on past the limit.
    """


def _enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm(seconds: float, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``error()`` in the body if it runs longer than ``seconds``, by a SIGALRM timer
    (the caller runs in a process's main thread: :func:`_enforceable`).

    Alarms nest: an outer one (the per-document limit around a page's extraction) due first is
    left to fire, and one due later is re-armed for what is left of it afterwards.
    """
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:
        yield
        return
    started = time.monotonic()
    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise error()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-6))
    # Python ignores an exception raised in a gc callback, a __del__ or a weakref callback: an
    # alarm that lands there is lost, and the body runs on to the end. It is still over time.
    if fired:
        raise error()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the body if it runs longer than ``seconds`` (0: no limit)."""
    if seconds <= 0 or not _enforceable():
        yield
        return
    with alarm(seconds, lambda: TimeLimitExceeded(seconds)):
        yield
