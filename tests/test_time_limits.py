"""The time limits hold when the alarm lands where Python ignores exceptions.

An exception raised in a ``__del__``, a weakref or a gc callback is printed and dropped by
Python, so an alarm that fires there cannot stop the work; the limit must still reject it.
"""

from __future__ import annotations

import time

import pytest

from corpuskit.extract.stage import ExtractTimeout, call_with_timeout
from corpuskit.limits import TimeLimitExceeded, time_limit


class _SlowToDelete:
    def __del__(self) -> None:
        started = time.monotonic()
        while time.monotonic() - started < 0.3:  # the alarm fires in here, and Python drops it
            pass


def _work_whose_alarm_is_swallowed() -> str:
    _SlowToDelete()
    return "finished late"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_extraction_over_its_limit_is_a_timeout_even_when_the_alarm_was_swallowed():
    with pytest.raises(ExtractTimeout):
        call_with_timeout(_work_whose_alarm_is_swallowed, 0.02)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_document_over_its_limit_is_stopped_even_when_the_alarm_was_swallowed():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.02):
            _work_whose_alarm_is_swallowed()


def test_work_within_the_limit_returns_its_value():
    assert call_with_timeout(lambda: "quick", 5.0) == "quick"
    with time_limit(5.0):
        pass


def _busy(seconds: float) -> str:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pass
    return "done"


def test_the_per_document_limit_due_first_fires_through_a_page_limit():
    with pytest.raises(TimeLimitExceeded):
        with time_limit(0.05):
            call_with_timeout(lambda: _busy(0.5), 5.0)


def test_a_page_limit_inside_the_per_document_limit_fires_and_leaves_the_outer_one_armed():
    import signal

    with time_limit(5.0):
        with pytest.raises(ExtractTimeout):
            call_with_timeout(lambda: _busy(0.5), 0.02)
        assert 4.0 < signal.getitimer(signal.ITIMER_REAL)[0] < 5.0
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
