"""OSDI's HAL documents: links, the curie its relations are documented under, and what
every collection has (paging, links, the page's resources)."""

from __future__ import annotations

from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

#: The name other tools know Groundwork's records by, before each id ("groundwork:<id>").
SYSTEM = "groundwork"
ORIGIN = "Groundwork"
#: Where the relations ("osdi:people") are documented.
CURIES_HREF = "https://opensupporter.github.io/osdi-docs/{rel}"


def absent(value: object) -> bool:
    """Whether a link is left out of a document: a link that is None is not sent as null."""
    return value is None


class Link(BaseModel):
    href: str = Field(examples=["https://groundwork.example.org/osdi/people/3f0c6a1e-…"])


class Curie(BaseModel):
    name: str = Field(examples=["osdi"])
    href: str = Field(examples=[CURIES_HREF])
    templated: bool


CURIES = [Curie(name="osdi", href=CURIES_HREF, templated=True)]


class SelfLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")


class PageLinks(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    self_: Link = Field(alias="self")
    next: Link | None = Field(default=None, exclude_if=absent)
    prev: Link | None = Field(default=None, exclude_if=absent)
    curies: list[Curie]


L = TypeVar("L", bound=PageLinks)
E = TypeVar("E", bound=BaseModel)


class Collection(BaseModel, Generic[L, E]):
    """What every OSDI collection has: its paging, its links, and the page's resources."""

    model_config = ConfigDict(populate_by_name=True)

    total_pages: int
    per_page: int
    page: int
    total_records: int
    links: L = Field(alias="_links")
    embedded: E = Field(alias="_embedded")


def identifier(*ids: UUID) -> str:
    return f"{SYSTEM}:{'/'.join(str(i) for i in ids)}"
