"""Paging through an OSDI collection: where a page is, and its links to the next and the
previous page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from interface.osdi.hal import CURIES, Link


@dataclass(frozen=True)
class Paging:
    """Where a page is in a collection of `total` records: pages count from 1."""

    url: str  # the collection's URL, without its query
    page: int
    per_page: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def fields(self) -> dict[str, int]:
        return {
            "total_pages": math.ceil(self.total / self.per_page),
            "per_page": self.per_page,
            "page": self.page,
            "total_records": self.total,
        }

    def links(self) -> dict[str, Any]:
        def at(page: int) -> Link:
            return Link(href=f"{self.url}?page={page}&per_page={self.per_page}")

        last = max(1, math.ceil(self.total / self.per_page))
        return {
            "self_": at(self.page),
            "next": at(self.page + 1) if self.page < last else None,
            "prev": at(min(self.page - 1, last)) if self.page > 1 else None,
            "curies": CURIES,
        }
