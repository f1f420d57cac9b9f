"""Small value classes without @dataclass, for the classes a one-file check imports.

Creating a dataclass costs ~0.5 ms at import on Python 3.11 (it writes and compiles its
`__init__`, `__repr__`, `__eq__`... as source), and a check defines a dozen. A Record subclass
names its fields in `__slots__` (in order) and writes its own `__init__`; Record gives it what
@dataclass would: equality, hashing and a repr by those fields, and pickling (through `__init__`,
so a frozen record pickles too). `Frozen` records refuse assignment after `__init__`, as
`@dataclass(frozen=True)` does (an AttributeError). Classes that `dataclasses.replace`,
`fields` or `asdict` are used on stay dataclasses.
"""
from __future__ import annotations


class Record:
    """Equality, repr and pickling by the fields named in `__slots__`; unhashable, as a dataclass
    that is not frozen."""

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # as a dataclass that is not frozen: unhashable

    #: Fields the repr leaves out (a dataclass field's repr=False).
    _hidden: tuple[str, ...] = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name not in self._hidden)
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self):
        return type(self), self._values()


class Frozen(Record):
    """A Record whose fields cannot be assigned once `__init__` has set them (with `_set`),
    hashed by them."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values())

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")
