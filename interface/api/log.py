"""The log itself, for auditors: is it intact?"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from domain.store.chain import verify_recorded
from interface.api.access import ADM, AUD, may
from interface.api.common import AppDep
from interface.api.errors import UNAVAILABLE
from interface.api.routing import WorkerThreadRoute

router = APIRouter(prefix="/log", tags=["audit"], route_class=WorkerThreadRoute)


class VerificationOut(BaseModel):
    intact: bool = Field(description="Whether every event is as it was recorded, in order.")
    events: int = Field(description="How many events were checked before the first problem.")
    head: str | None = Field(
        description="The hash of the last event checked (hex). Note it: a later check whose "
        "chain passes through it shows that nothing before it was rewritten.",
        examples=["9f2c7d0a4be1f3c85d7e6a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"],
    )
    head_position: int | None = Field(description="The position of the event `head` chains.")
    position: int | None = Field(description="Where the first problem is, if any.")
    problem: str | None = Field(
        description="What is wrong there: changed or reordered, removed, or not in the chain."
    )


@router.get("/verification", responses=UNAVAILABLE)
@may(AUD, ADM)
def verify_log(app: AppDep) -> VerificationOut:
    """Walk the whole log, recomputing the hash that chains each event to the one before,
    and report the first event that was changed, removed or put out of order, or that the
    chain is intact and how many events it covers. The hashes cover the events as stored,
    so erasing a person's data does not break them."""
    result = verify_recorded(app.recorder)
    return VerificationOut(**vars(result))
