"""The state of the read models: how far along the log each is, and whether one stopped."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from interface.api.access import EVERYONE, may
from interface.api.errors import UNAVAILABLE
from interface.api.routing import WorkerThreadRoute
from projections.follower import Follower

router = APIRouter(tags=["service"], route_class=WorkerThreadRoute)


class ViewStatusOut(BaseModel):
    name: str = Field(examples=["campaign_timeline"])
    position: int = Field(description="The position in the log of the last event applied.")
    lag: int = Field(description="How many recorded events it has not applied yet.")
    failure: str | None = Field(
        description="Why the view stopped, if it met an event it could not apply: it stays "
        "at that position until it is rebuilt ('groundwork projections rebuild NAME').",
        examples=[None],
    )


@router.get("/views", responses=UNAVAILABLE)
@may(*EVERYONE)
def views(request: Request) -> list[ViewStatusOut]:
    """Each read model's position in the log and its lag behind it."""
    follower: Follower = request.app.state.follower
    return [ViewStatusOut(**vars(status)) for status in follower.status()]
