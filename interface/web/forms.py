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
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Request
from pydantic import BaseModel, ValidationError

from domain.errors import DomainError
from domain.idempotency import RequestKey
from interface.api.common import CommandContext, RecordedOut
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
    kind = problem.get("type", "")
    if kind == "missing" or (kind in ("uuid_parsing", "uuid_type") and not problem.get("input")):
        return "Choose one."
    if kind in ("uuid_parsing", "uuid_type", "enum", "literal_error"):
        return "Choose one of the options."
    message: str = problem.get("msg", "Check this field.")
    return message[0].upper() + message[1:] + "."


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
    return recorded(request, visitor, values, lambda ctx: command(checked, ctx), errors, what)


def recorded(
    request: Request,
    visitor: Visitor,
    values: dict[str, str],
    command: Callable[[CommandContext], RecordedOut],
    errors: dict[str, str],
    what: str,
) -> RecordedOut | None:
    """Records the command with the form's request key, or puts its refusal (a rule of the
    organising cycle) against the field it is about."""
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
        errors[error.field or "form"] = error.detail
        return None
