"""Shards: one run spread over several machines (`--shard i/n` on each job of a CI matrix, as Playwright does).

Every item (a page's URL, a scenario's id) lands in exactly one shard, by a hash of its key: the same on every
machine and in every run, whatever order or other items the list has, so shard outputs merge back into what one
unsharded run gives (`uiagent report merge`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from uiagent.errors import ConfigError

T = TypeVar("T")
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as people count shards
    total: int

    @classmethod
    def parse(cls, spec: str) -> Shard:
        """`i/n` with 1 <= i <= n; anything else is a ConfigError naming the problem."""
        match = _SPEC.match(spec)
        if not match:
            raise ConfigError(f"--shard {spec!r}: expected i/n with whole numbers, such as 1/4")
        index, total = int(match.group(1)), int(match.group(2))
        if total < 1:
            raise ConfigError(f"--shard {spec!r}: there must be at least one shard")
        if not 1 <= index <= total:
            raise ConfigError(f"--shard {spec!r}: the shard number must be from 1 to {total}")
        return cls(index, total)

    def owns(self, key: str) -> bool:
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.total == self.index - 1

    def select(self, items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
        """The items of this shard, in their order."""
        return [item for item in items if self.owns(key(item))]

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"
