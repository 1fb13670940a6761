"""Forms: what a page posts, checked by the API's own request model and recorded by the
API's own route, so that a page and the API never disagree about what is valid.

A problem is reported against the form field it is about, with everything typed kept; a
hidden request key, made when the form was drawn, makes a form sent twice (a flaky
connection, a double tap) record once, as an Idempotency-Key does for the API.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Request
from pydantic import BaseModel, ValidationError

from domain.errors import DomainError
from domain.store.idempotency import RequestKey
from interface.api.common import CommandContext, RecordedOut
from interface.web.locale import Reader, reader_of
from interface.web.session import Visitor

M = TypeVar("M", bound=BaseModel)
#: An API route that records a command: its request body and the command's context.
Command = Callable[[M, CommandContext], RecordedOut]


async def form_values(request: Request) -> dict[str, str]:
    """The posted form's text fields (a field given twice: its last value)."""
    form = await request.form()
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """The posted form's fields that may be given many times (checkboxes)."""
    form = await request.form()
    lists: dict[str, list[str]] = {}
    for k, v in form.multi_items():
        if isinstance(v, str):
            lists.setdefault(k, []).append(v)
    return lists


@dataclass(frozen=True)
class Posted:
    """A form as posted: its fields, the reader who filled it in (their zone), and the
    problems found with it so far."""

    values: dict[str, str]
    lists: dict[str, list[str]]
    reader: Reader
    errors: dict[str, str]

    def text(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def choice(self, name: str) -> str | None:
        """A choice (a radio, a select): None when none was made."""
        return optional(self.values, name)

    def number(self, name: str) -> int | str | None:
        return whole(self.values.get(name, ""))

    def moment(self, name: str) -> str:
        return moment(self.values, name, self.reader.zone, self.errors)

    def ticked(self, name: str) -> list[str]:
        return self.lists.get(name, [])


async def posted(request: Request) -> Posted:
    """The form a request posted, read in the zone it was filled in."""
    values = await form_values(request)
    return Posted(values, await form_lists(request), reader_of(request, values.get("tz")), {})


def new_request_key() -> str:
    return uuid.uuid4().hex


def tags(text: str) -> list[str]:
    """Comma-separated words, as tags."""
    return [t.strip() for t in text.split(",") if t.strip()]


def lines(text: str) -> list[str]:
    """One item a line."""
    return [t.strip() for t in text.splitlines() if t.strip()]


def moment(values: dict[str, str], name: str, zone: ZoneInfo, errors: dict[str, str]) -> str:
    """A datetime-local field (no offset), read in the reader's zone, as ISO 8601."""
    try:
        return datetime.fromisoformat(values.get(name, "")).replace(tzinfo=zone).isoformat()
    except ValueError:
        errors[name] = "Give a date and a time."
        return ""


def optional(values: dict[str, str], name: str) -> str | None:
    value = values.get(name, "").strip()
    return value or None


def whole(text: str) -> int | str | None:
    """A number field: a whole number, or what was typed for the API's model to refuse
    (None if nothing was)."""
    text = text.strip()
    return int(text) if text.isdigit() else (text or None)


def now_local(zone: ZoneInfo) -> str:
    """Now, as a datetime-local field's value in the reader's zone: a form's default."""
    return datetime.now(zone).strftime("%Y-%m-%dT%H:%M")


def rows(values: dict[str, str], name: str, count: int, *fields: str) -> list[dict[str, str]]:
    """The numbered rows of a form (`themes_1_name`, `themes_1_mentions`, ...) that have
    anything in them, each as its fields' values."""
    found = []
    for n in range(1, count + 1):
        row = {f: values.get(f"{name}_{n}_{f}", "").strip() for f in fields}
        if any(row.values()):
            found.append(row)
    return found


def row_field(loc: tuple[int | str, ...]) -> str:
    """The form field of a problem, where lists are numbered rows: the second theme's
    mentions (`themes`, 1, `mentions`) are the field `themes_2_mentions`."""
    parts = [p for p in loc if p != "body"]
    if len(parts) > 2 and isinstance(parts[1], int):
        return f"{parts[0]}_{parts[1] + 1}_{parts[2]}"
    return field_of(loc)


def renamed(names: dict[str, str], field: Callable[..., str] | None = None) -> Callable[..., str]:
    """A field mapping for a form whose fields are named otherwise than the API's (a page
    with several forms gives each its own names: `held_at`, `evaluated_at`)."""
    inner = field or field_of

    def mapped(loc: tuple[int | str, ...]) -> str:
        found = inner(loc)
        return names.get(found, found)

    return mapped


def evaluation(form: Posted) -> dict[str, Any]:
    """The body of the API's `Evaluate` from the evaluation form (`macros.evaluation`)."""
    return {
        "what_worked": form.text("what_worked"),
        "what_did_not": form.text("what_did_not"),
        "learned": form.text("learned"),
        "how_people_felt": form.text("how_people_felt"),
        "happened_at": form.moment("evaluated_at"),
    }


def validated(
    model: type[M], body: dict[str, Any], errors: dict[str, str], field: Callable[..., str]
) -> M | None:
    """The API's request model for the form's body; its problems, by form field."""
    try:
        return model.model_validate(body)
    except ValidationError as invalid:
        for problem in invalid.errors():
            errors.setdefault(field(tuple(problem["loc"])), plain_message(problem))
        return None


def field_of(loc: tuple[int | str, ...]) -> str:
    """The form field a problem of the API's model is about (its first name)."""
    parts = [p for p in loc if p != "body"]
    return str(parts[0]) if parts else "form"


def plain_message(problem: Any) -> str:
    kind: str = problem.get("type", "")
    given = problem.get("input")
    empty = given is None or (isinstance(given, str) and not given.strip())
    message: str = problem.get("msg", "Check this field.")
    if kind == "too_short" and isinstance(given, list):
        return "Choose at least one."
    if kind == "missing" or (kind in CHOSEN and empty):
        return "Choose one."
    if kind in CHOSEN:
        return "Choose one of the options."
    if kind.startswith("string") and empty:  # a choice not made is sent as None
        return "Choose one." if given is None else "Fill this in."
    if kind.startswith("int") or "whole number" in message:
        return "Give a number." if empty else "Give a whole number, e.g. 12."
    return message[0].upper() + message[1:] + "."


#: The kinds of problem with a field chosen from options (a person, a kind, a campaign).
CHOSEN = ("uuid_parsing", "uuid_type", "enum", "literal_error")


def loc_of(field: str) -> tuple[int | str, ...]:
    """The domain's name of a field (`themes[0].mentions`) as a model's location."""
    parts: list[int | str] = []
    for part in field.replace("]", "").replace("[", ".").split("."):
        parts.append(int(part) if part.isdigit() else part)
    return tuple(parts)


def submitted(
    request: Request,
    visitor: Visitor,
    values: dict[str, str],
    errors: dict[str, str],
    model: type[M],
    body: dict[str, Any],
    command: Command[M],
    what: str,
    field: Callable[..., str] = field_of,
) -> RecordedOut | None:
    """The form's body checked by the API's model and, if nothing is wrong with it, recorded
    by the API's route; None, with `errors` filled in, otherwise."""
    checked = validated(model, body, errors, field)
    if checked is None or errors:
        return None
    return recorded(
        request, visitor, values, lambda ctx: command(checked, ctx), errors, what, field
    )


def recorded(
    request: Request,
    visitor: Visitor,
    values: dict[str, str],
    command: Callable[[CommandContext], RecordedOut],
    errors: dict[str, str],
    what: str,
    field: Callable[..., str] = field_of,
) -> RecordedOut | None:
    """Records the command with the form's request key, or puts its refusal (a rule of the
    organising cycle) against the form field it is about."""
    key = RequestKey(
        key=f"{visitor.caller.account_id.hex}:web:{what}:{values.get('request_key', '')}",
        fingerprint=hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest(),
    )
    ctx = CommandContext(
        app=request.app.state.groundwork,
        by=visitor.caller.account_id,
        key=key,
        caller=visitor.caller,
    )
    try:
        return command(ctx)
    except DomainError as error:
        errors[field(loc_of(error.field)) if error.field else "form"] = error.detail
        return None


#: The evaluation form's names for the API's fields.
EVALUATED = renamed({"happened_at": "evaluated_at"})
