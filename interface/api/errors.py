"""One error shape for every failure, and the mapping from domain errors to status codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from domain.errors import (
    ConflictingWrite,
    DomainError,
    IdempotencyKeyReused,
    NotFound,
    NotPermitted,
    RequestInProgress,
    RuleBroken,
)
from domain.store.keys import ShreddingIncomplete
from interface.api.access import AccessDenied
from interface.api.limits import TooManyAttempts
from interface.api.strict_json import DuplicateKey


class Problem(BaseModel):
    field: str | None = Field(description="Where the problem is, e.g. 'body.turnout'.")
    detail: str = Field(description="What is wrong.")


class ErrorBody(BaseModel):
    """What every error response carries."""

    error: str = Field(
        description="The kind of error; for a 409, the rule broken (`ActionAlreadyCancelled`, "
        "`DecisionAlreadyMade`, `NotYetHappened`...).",
        examples=["BelowZero"],
    )
    detail: str = Field(
        description="What is wrong, in plain words.",
        examples=["turnout cannot be below zero (got -3)."],
    )
    field: str | None = Field(
        default=None, description="The input the error is about.", examples=["body.turnout"]
    )
    problems: list[Problem] = Field(
        default_factory=list, description="Every problem found, for invalid input."
    )


STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    NotPermitted: 403,
    RuleBroken: 409,
    ConflictingWrite: 409,
    RequestInProgress: 409,
    IdempotencyKeyReused: 422,
}

#: OpenAPI declarations, so every status code an endpoint can return is documented.
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "An id in the path or body is not on record."},
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "The input is malformed; `field` says where."},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorBody,
        "description": "A rule of the organising cycle would be broken, a request with the same "
        "Idempotency-Key is still in progress, or concurrent writes could not be "
        "settled. Nothing was recorded.",
    },
}
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorBody,
        "description": "The event store stayed busy (locked by another writer) or unreachable; "
        "nothing was recorded. Retry after the seconds in Retry-After.",
    },
}
TOO_LARGE: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "The body is larger than 1 MiB."},
}
SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorBody,
        "description": "No bearer token, or not a valid one (unknown, replaced, or its account "
        "disabled). Nothing was read or recorded.",
    },
    403: {
        "model": ErrorBody,
        "description": "The account's roles may not call this endpoint, or not on this record.",
    },
    429: {
        "model": ErrorBody,
        "description": "Too many failed sign-ins from this address (or with this token from "
        "it); retry after the seconds in Retry-After.",
    },
}
READ = NOT_FOUND | INVALID | UNAVAILABLE
WRITE = NOT_FOUND | CONFLICT | INVALID | TOO_LARGE | UNAVAILABLE


def as_json(responses: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """The same error responses, declared as `application/json` in so many words: for the
    routes whose own answers are of another media type (HAL), under which FastAPI would
    otherwise list the error bodies too."""
    assert all(r["model"] is ErrorBody for r in responses.values())
    return {
        code: {
            "description": r["description"],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
        }
        for code, r in responses.items()
    }


def _body(
    error: str, detail: str, field: str | None = None, problems: list[Problem] | None = None
) -> dict[str, Any]:
    return ErrorBody(error=error, detail=detail, field=field, problems=problems or []).model_dump()


def field_path(loc: tuple[int | str, ...]) -> str:
    """Where a problem is, from pydantic's location: 'body.follow_ups[0].due'."""
    field = ""
    for part in loc:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return field


def _problem(error: Any) -> Problem:
    location = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":  # its location is a character offset, not a field
        at = f" at character {location[1]}" if len(location) > 1 else ""
        return Problem(field="body", detail=f"the body is not valid JSON{at}: {error.get('msg')}")
    return Problem(field=field_path(location), detail=str(error.get("msg", "")))


def _where(field: str | None) -> str | None:
    """Where a domain error's field is in the request: the path's id, a header or the body
    (or wherever the field says, for a read's query parameter: 'query.as_of')."""
    if field is None or field.startswith("query."):
        return field
    if field == "id":
        return "path.id"
    if field == "Idempotency-Key":
        return "header.Idempotency-Key"
    return f"body.{field}"


def _methods_on(request: Request) -> set[str]:
    """The methods the API document lists for the requested path."""
    paths: dict[str, dict[str, Any]] = request.app.openapi()["paths"]
    for template, operations in paths.items():
        if compile_path(template)[0].match(request.url.path):
            return {method.upper() for method in operations}
    return set()


def _refused(_: Request, error: AccessDenied | TooManyAttempts) -> JSONResponse:
    """A request refused before anything was read or recorded (401, 403, 429 or 503)."""
    return JSONResponse(
        _body(error.error, error.detail), status_code=error.status, headers=error.headers
    )


def _domain_error(_: Request, error: DomainError) -> JSONResponse:
    status = next(code for kind, code in STATUS.items() if isinstance(error, kind))
    return JSONResponse(
        _body(type(error).__name__, error.detail, _where(error.field)), status_code=status
    )


def _invalid_input(_: Request, error: RequestValidationError) -> JSONResponse:
    problems = [_problem(e) for e in error.errors()]
    first = problems[0] if problems else Problem(field=None, detail="Invalid input.")
    detail = f"{first.field}: {first.detail}" if first.field else first.detail
    return JSONResponse(_body("InvalidInput", detail, first.field, problems), status_code=422)


def _shredding_incomplete(_: Request, error: ShreddingIncomplete) -> JSONResponse:
    return JSONResponse(
        _body(
            "ShreddingIncomplete",
            "The person is forgotten and their key destroyed, but other processes kept the "
            "key store busy, so an old copy of the key may remain on disk: send the request "
            "again to finish.",
        ),
        status_code=503,
        headers={"Retry-After": "1"},
    )


def _store_unavailable(_: Request, error: OperationalError) -> JSONResponse:
    # The message of a database error names no person: only the store's state.
    return JSONResponse(
        _body(
            "StoreUnavailable",
            "The event store is busy or unreachable; nothing was recorded. Retry in a moment.",
        ),
        status_code=503,
        headers={"Retry-After": "1"},
    )


def _duplicate_key(_: Request, error: DuplicateKey) -> JSONResponse:
    detail = f"body: {error.detail}"
    problems = [Problem(field="body", detail=error.detail)]
    return JSONResponse(_body("InvalidInput", detail, "body", problems), status_code=422)


def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    if error.status_code == 400:  # a body that is not even JSON text (e.g. not UTF-8)
        detail = f"body: {error.detail}: send a JSON object encoded in UTF-8."
        return JSONResponse(_body("InvalidInput", detail, "body"), status_code=422)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        # Starlette names only the methods of the first route on the path; a path
        # served by several routes (GET and POST /networks) allows all of theirs.
        headers["Allow"] = ", ".join(sorted(_methods_on(request)))
    return JSONResponse(
        _body("HTTPError", str(error.detail)), status_code=error.status_code, headers=headers
    )


#: Each kind of error and the handler that answers it in the one shape (`ErrorBody`).
HANDLERS: tuple[tuple[type[Exception], Callable[..., JSONResponse]], ...] = (
    (AccessDenied, _refused),
    (TooManyAttempts, _refused),
    (DomainError, _domain_error),
    (RequestValidationError, _invalid_input),
    (ShreddingIncomplete, _shredding_incomplete),
    (OperationalError, _store_unavailable),
    (DuplicateKey, _duplicate_key),
    (HTTPException, _http_error),
)


def install_error_handlers(app: FastAPI) -> None:
    """Every error the API raises answers in one shape, whichever layer raised it."""
    for kind, handler in HANDLERS:
        app.exception_handler(kind)(handler)
