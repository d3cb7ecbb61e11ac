"""Per-document time limit: one pathological input must not stall a whole build.

The limit is a POSIX interval timer, so it applies where the stages run in a process's
main thread (the local engine, with or without workers). Elsewhere (a worker thread,
Windows) it is not enforced; the size limit (``max_doc_bytes``) still is.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimitExceeded(BaseException):
    """Raised inside a stage when its document ran out of time.

    A BaseException, like KeyboardInterrupt, so that a library's ``except Exception``
    cannot swallow it and carry on past the limit.
    """


def _enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeLimitExceeded` in the body if it runs longer than ``seconds`` (0: no limit)."""
    if seconds <= 0 or not _enforceable():
        yield
        return

    fired = []

    def on_alarm(signum, frame):
        fired.append(True)
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    # Python ignores an exception raised in a gc callback, a __del__ or a weakref callback: an
    # alarm that lands there is lost, and the body runs on to the end. It is still over time.
    if fired:
        raise TimeLimitExceeded(seconds)
