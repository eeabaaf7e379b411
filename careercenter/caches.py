"""Process state that is not configuration: caches of what is read from the database and is
the same for every visitor (code pages, code meanings, rendered code-page fragments, the
code-word index). It lives on the app (``app.extensions``), never in module globals, so two
apps in one process (the suite, a command run beside a web app) never share any, and
forgetting it after code data changed reaches everything that was kept."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")
PREFIX = "careercenter.state."


def on_app(name: str, make: Callable[[], T]) -> T:
    """The current app's own instance of some process state, made on first use."""
    extensions = current_app.extensions
    key = PREFIX + name
    found = extensions.get(key)
    if found is None:
        found = extensions.setdefault(key, make())
    return found  # type: ignore[no-any-return]


class BoundedCache:
    """At most ``entries`` values, the oldest dropped first; each kept ``seconds`` at most
    (forever when None). Safe to share between a request and a background thread."""

    def __init__(self, entries: int, seconds: float | None = None) -> None:
        self.entries = entries
        self.seconds = seconds
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            hit = self._values.get(key)
        if hit is None:
            return None
        stored, value = hit
        if self.seconds is not None and time.monotonic() - stored >= self.seconds:
            return None
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._values[key] = (time.monotonic(), value)
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


def cache(name: str, entries: int, seconds: float | None = None) -> BoundedCache:
    """The current app's cache of this name."""
    return on_app(name, lambda: BoundedCache(entries, seconds))
