"""One computation per key at a time, however many threads ask for it at once.

A cache in front of a costly computation (a rendered page, a programme's cost chain) meets a
crowd when its entry is missing: after a start, or after an edit. Without this, each thread of
the crowd computes the same thing; with it, one does and the others wait for it and take what
it stored. The cache is the caller's: this only orders the computations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class ComputedOnce:
    """Per key, one computation at a time (thread-safe)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._running: dict[Hashable, threading.Lock] = {}

    def get_or_make(
        self, key: Hashable, cached: Callable[[], T | None], make: Callable[[], T]
    ) -> T:
        """``cached()`` when it finds the value, else ``make()``, which computes the value and
        stores it where ``cached`` finds it; threads asking for the same key meanwhile wait for
        that one computation and take its value from the cache."""
        found = cached()
        if found is not None:
            return found
        with self._guard:
            running = self._running.setdefault(key, threading.Lock())
        with running:
            found = cached()
            if found is not None:  # computed by another thread while this one waited
                return found
            try:
                return make()
            finally:
                with self._guard:
                    self._running.pop(key, None)

    def idle(self) -> bool:
        """Whether no computation is under way (nothing left behind by a finished one)."""
        with self._guard:
            return not self._running
