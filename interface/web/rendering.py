"""Rendering pages: the templates, the reader's locale and zone in every page, and a 404
page for what is not on record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from domain.errors import NotFound
from interface.web.locale import reader_of
from interface.web.records import RECORD_PAGES
from interface.web.session import Visitor
from projections.summaries import ENTRY_KINDS

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
T = TypeVar("T")

#: The heading of each kind of line in a story, as its summaries declare it.
KIND_NAMES = {key: kind.heading for key, kind in ENTRY_KINDS.items()}


def page_for(source: str, visitor: Visitor | None = None) -> str | None:
    """The web page showing the record an entry's `source` names (an API path), if there
    is one the visitor may read."""
    for prefix, roles in RECORD_PAGES.items():
        if source.startswith(prefix) and (visitor is None or visitor.may(*roles)):
            return f"/app{source}"
    return None


class PageNotFound(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def found(read: Callable[[], T]) -> T:
    """What a page reads, or a 404 page when it is not on record."""
    try:
        return read()
    except NotFound as error:
        raise PageNotFound(error.detail) from None


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        template,
        {
            "reader": reader_of(request),
            "kind_names": KIND_NAMES,
            "page_for": page_for,
            **context,
        },
        status_code=status,
    )
