"""A small name -> item registry whose lookups forgive case and fail with the closest valid names."""

from __future__ import annotations

from typing import Generic, Iterator, TypeVar

from cardgen.errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, name: str, item: T) -> T:
        if name in self._items:
            raise ValueError(f"{self.kind} '{name}' is registered twice")
        self._items[name] = item
        return item

    def get(self, name: str) -> T:
        """The item called ``name``; case, accents, spaces and _ do not matter (``Wallet Card``)."""
        if name in self._items:
            return self._items[name]
        from cardgen.lookup import fold

        for known, item in self._items.items():
            if fold(known) == fold(name):
                return item
        raise UnknownNameError(self.kind, name, self._items)

    def names(self) -> tuple[str, ...]:
        return tuple(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def __contains__(self, name: object) -> bool:
        return name in self._items
