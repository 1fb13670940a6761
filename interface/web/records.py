"""A record's page (a decision, an action, a meeting...), and the forms that record to it:
the form that creates the record, and the steps recorded on it later (a position taken, the
turnout that came). Whichever it is, a form that is recorded goes to the record's page,
which says what was recorded; one with problems is drawn again with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from domain.account import Role
from interface.api.common import CommandContext, Evaluate, RecordedOut
from interface.web import forms
from interface.web.forms import M, Posted
from interface.web.session import Visitor

#: The roles that may read each kind of record's page, by the API path its records are kept
#: under ("/actions/"), for the links to them from stories: filled in as each page's module
#: is imported (`readers`).
RECORD_PAGES: dict[str, tuple[Role, ...]] = {}


def readers(path: str, *roles: Role) -> tuple[Role, ...]:
    """Says who may read the record pages at `path` ("/app/campaigns/{id}"), so that a story
    links to them only for those; the roles, for the page to require."""
    RECORD_PAGES[path.removeprefix("/app").removesuffix("{id}")] = roles
    return roles


#: Which form of the page was just recorded, if one was.
JustRecorded = Annotated[str | None, Query(max_length=20)]


@dataclass(frozen=True)
class Shown:
    """How a page is shown: a record's page as it stands, saying what was just recorded
    (which of its forms); or a page with a form sent with mistakes (their values, the boxes
    ticked, and the problems)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200
    recorded: str | None = None
    lists: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def new(cls, values: dict[str, str]) -> Shown:
        """A form as first drawn: its defaults, and the request key that makes it record
        once."""
        return cls({"request_key": forms.new_request_key()} | values)

    @classmethod
    def mistaken(cls, form: Posted) -> Shown:
        """A form sent with mistakes, drawn again with everything in it and its problems."""
        form.values["tz"] = form.reader.zone.key
        return cls(form.values, form.errors, 422, lists=form.lists)

    def ticked(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def over(self, defaults: dict[str, str]) -> dict[str, str]:
        """The values of the page's forms: what was sent, over the defaults of them all
        (a new request key among them)."""
        return {"request_key": forms.new_request_key()} | defaults | self.values

    def note(self, notes: dict[str, str]) -> str | None:
        """The page's note for what was just recorded, if anything was."""
        return notes.get(self.recorded or "")


@dataclass(frozen=True)
class RecordPage:
    """A record's page: its path (with `{id}`), how it is drawn, `draw(request, visitor, id,
    shown)`, and the roles that may read it."""

    path: str
    draw: Callable[..., HTMLResponse]
    readers: tuple[Role, ...]

    def __post_init__(self) -> None:
        readers(self.path, *self.readers)

    def page(
        self, request: Request, visitor: Visitor, id: UUID, recorded: str | None
    ) -> HTMLResponse:
        """The page, to its readers; saying what was just recorded, if anything was."""
        visitor.require(*self.readers)
        return self.draw(request, visitor, id, Shown(recorded=recorded))

    async def evaluation(
        self,
        request: Request,
        visitor: Visitor,
        id: UUID,
        command: Callable[[UUID, Evaluate, CommandContext], RecordedOut],
        *roles: Role,
    ) -> Response:
        """Records the page's evaluation form (`macros.evaluation`) by the `command`."""
        visitor.require(*roles)
        form = await forms.posted(request)
        body = forms.evaluation(form)
        return self.step(
            request, visitor, id, form, Evaluate, body, command, "evaluation", forms.EVALUATED
        )

    def create(
        self,
        request: Request,
        visitor: Visitor,
        form: Posted,
        model: type[M],
        body: dict[str, Any],
        command: Callable[[M, CommandContext], RecordedOut],
        what: str,
        again: Callable[[Shown], HTMLResponse],
        field: Callable[..., str] = forms.field_of,
    ) -> Response:
        """Records a new record by the `command` the API records it with too, then shows its
        page; or draws its form `again` with the problems."""
        done = forms.submitted(
            request, visitor, form.values, form.errors, model, body, command, what, field
        )
        if done is not None:
            return RedirectResponse(f"{self.path.format(id=done.id)}?recorded=1", status_code=303)
        return again(Shown.mistaken(form))

    def step(
        self,
        request: Request,
        visitor: Visitor,
        id: UUID,
        form: Posted,
        model: type[M],
        body: dict[str, Any],
        command: Callable[[UUID, M, CommandContext], RecordedOut],
        what: str,
        field: Callable[..., str] = forms.field_of,
        again: Callable[[Shown], HTMLResponse] | None = None,
    ) -> Response:
        """Records a step of the record by the `command` the API records it with too, then
        shows the page saying so; or draws the page (or the step's own form, `again`) with
        the problems."""
        done = forms.submitted(
            request,
            visitor,
            form.values,
            form.errors,
            model,
            body,
            lambda checked, ctx: command(id, checked, ctx),
            what,
            field,
        )
        if done is not None:
            return RedirectResponse(f"{self.path.format(id=id)}?recorded={what}", status_code=303)
        return (again or partial(self.draw, request, visitor, id))(Shown.mistaken(form))
