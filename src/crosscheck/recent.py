"""A bounded map of recent results, shared by the caches that let a story be analysed again cheaply."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class Recent(Generic[Key, Value]):
    """Values by key, least recently used out first, safe to share between threads."""

    def __init__(self) -> None:
        self._values: OrderedDict[Key, Value] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def found(self, keys: Iterable[Key]) -> dict[Key, Value]:
        """The values held for these keys, each now the most recently used."""
        with self._lock:
            hits = {key: self._values[key] for key in keys if key in self._values}
            for key in hits:
                self._values.move_to_end(key)
        return hits

    def keep(self, items: Iterable[tuple[Key, Value]], capacity: int) -> None:
        """Hold these values, then forget the least recently used beyond ``capacity`` (0: hold nothing)."""
        if capacity <= 0:
            return
        with self._lock:
            for key, value in items:
                self._values[key] = value
                self._values.move_to_end(key)
            while len(self._values) > capacity:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
