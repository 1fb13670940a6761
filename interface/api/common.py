"""What every route shares: input types, the dependencies, and the command response."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from domain.application import Groundwork, Recorded
from domain.store.idempotency import RequestKey
from domain.values import Evaluation
from interface.api.access import Caller, CallerDep

#: Text never holds NUL characters (pydantic already refuses lone surrogates).
NO_NUL = r"^[^\x00]*$"
#: Text that must say something: at least one character that is not an ASCII space. (Not
#: `\s`, whose meaning differs between regex engines; other blanks, such as U+0085, are
#: refused by the domain's own check.)
SAYS_SOMETHING = r"^[^\x00]*[^\x00\t\n\x0b\x0c\r ][^\x00]*$"

#: A name, a title, a tag.
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=SAYS_SOMETHING)]
#: A sentence: a question, an ask, a reason.
Line = Annotated[str, StringConstraints(min_length=1, max_length=1_000, pattern=SAYS_SOMETHING)]
#: A longer text: notes, what someone shared, reflections.
Story = Annotated[str, StringConstraints(min_length=1, max_length=20_000, pattern=SAYS_SOMETHING)]
#: A sentence that may be left empty.
Remark = Annotated[str, StringConstraints(max_length=1_000, pattern=NO_NUL)]
#: A longer text that may be left empty.
Notes = Annotated[str, StringConstraints(max_length=20_000, pattern=NO_NUL)]

Tags = Annotated[list[Name], Field(max_length=100)]


def _utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+01:00 has no UTC equivalent
        return moment


def _text_only(value: object) -> object:
    """Dates and times come as ISO 8601 text, never as numbers to be guessed at (pydantic
    would read 1700000000 or "0.5" as seconds since 1970)."""
    if not isinstance(value, str | datetime | date | time) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    ):
        raise ValueError("expected an ISO 8601 date or time, e.g. 2026-11-20T18:30:00+01:00")
    return value


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


#: A point in time with its UTC offset, e.g. 2026-11-20T18:30:00+01:00.
Moment = Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(_utc)]
#: When something happened, as the person recording it states it; when not given, it
#: happened as it is recorded.
HappenedAt = Annotated[
    Moment | None,
    Field(
        description="When it happened, with its UTC offset; now when not given."
        " It cannot lie in the future.",
        examples=["2026-11-20T18:30:00+01:00"],
    ),
]
#: A calendar day, e.g. 2026-12-01.
Day = Annotated[date, BeforeValidator(_text_only)]


def _number_only(value: object) -> object:
    if isinstance(value, bool | str):
        raise ValueError("expected a whole number, not text or true/false")
    return value


#: A whole number, given as a JSON number (2 or 2.0; not "2", not 2.5).
NumberOnly = BeforeValidator(_number_only)
Count = Annotated[int, NumberOnly]


class Command(BaseModel):
    """Base of request bodies: unknown fields are refused, so a typo is not silently lost."""

    model_config = ConfigDict(extra="forbid")


class RecordedOut(BaseModel):
    """What a command recorded."""

    id: UUID = Field(description="The id of the record the command created or changed.")
    version: int = Field(description="The record's version after the command.")
    number: int | None = Field(
        default=None,
        description="For something recorded inside the record (a listening session, an "
        "assessment, a commitment): its number there.",
    )

    @classmethod
    def of(cls, recorded: Recorded) -> RecordedOut:
        return cls(id=recorded.id, version=recorded.version, number=recorded.number)


# The dependencies below are `async` although they await nothing heavy: FastAPI runs a sync
# dependency in the thread pool, and a thread hop per dependency per request is a measurable
# share of the write path (see benchmarks/write_path.py). For the same reason a command takes
# one dependency, `Ctx`, rather than one for each thing it needs.


async def get_app(request: Request) -> Groundwork:
    app: Groundwork = request.app.state.groundwork
    return app


AppDep = Annotated[Groundwork, Depends(get_app)]


@dataclass(frozen=True)
class CommandContext:
    """What every command needs besides its body: the application, the account recording
    (`by`, which every event carries), and the request's idempotency key if it sent one."""

    app: Groundwork
    by: UUID
    key: RequestKey | None
    caller: Caller


async def get_command_context(
    request: Request,
    caller: CallerDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            pattern=r'^"?[\x21\x23-\x7e]+"?$',
            description="Makes a retry safe: the same key with the same body returns the first "
            "response and records nothing new (IETF draft 'The Idempotency-Key HTTP "
            "Header Field'). The same key with a different body gets 422.",
        ),
    ] = None,
) -> CommandContext:
    app: Groundwork = request.app.state.groundwork
    key = None
    if idempotency_key is not None:
        key = RequestKey(
            # Keys are the client's own: scoped by the account that sends them.
            key=f"{caller.account_id.hex}:{idempotency_key.strip(chr(34))}",
            fingerprint=await _fingerprint(request),
        )
    return CommandContext(app=app, by=caller.account_id, key=key, caller=caller)


async def _fingerprint(request: Request) -> str:
    """What makes two requests the same request: method, path and the body's JSON content
    (so key order and spacing do not matter). The JSON is the one FastAPI parsed for the
    body's model (Starlette keeps it), not parsed a second time."""
    try:
        canonical = json.dumps(await request.json(), sort_keys=True, separators=(",", ":"))
    except ValueError:
        canonical = (await request.body()).decode("utf-8", "replace")
    line = f"{request.method} {request.url.path}\n{canonical}"
    return hashlib.sha256(line.encode("utf-8", "replace")).hexdigest()


Ctx = Annotated[CommandContext, Depends(get_command_context)]


class Evaluate(Command):
    """The reflection after an action, a meeting or a campaign."""

    what_worked: Story = Field(examples=["Members told their own stories to the board."])
    what_did_not: Story = Field(examples=["We ran out of time for the second ask."])
    learned: Story = Field(examples=["Rehearse the asks, in order, the day before."])
    how_people_felt: Notes = Field(default="", examples=["Proud, and tired."])
    happened_at: HappenedAt = None

    def evaluation(self) -> Evaluation:
        return Evaluation(
            what_worked=self.what_worked,
            what_did_not=self.what_did_not,
            learned=self.learned,
            how_people_felt=self.how_people_felt,
        )


class EvaluationOut(BaseModel):
    what_worked: str
    what_did_not: str
    learned: str
    how_people_felt: str

    @classmethod
    def of(cls, e: Evaluation) -> EvaluationOut:
        return cls(
            what_worked=e.what_worked,
            what_did_not=e.what_did_not,
            learned=e.learned,
            how_people_felt=e.how_people_felt,
        )
