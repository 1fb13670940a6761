"""The network's own record and the rhythm of its gatherings tell no story: what a network
adopted, who joined its committee or the zone it counts its weeks in is read on its page,
and a gathering series only says when gatherings will be; the gatherings held are each
told (`people.py`)."""

from __future__ import annotations

from domain.gathering import GatheringSeries
from domain.network import Network
from projections.summaries.base import tells_no_story

tells_no_story(
    Network.Founded,
    Network.GuidelinesAdopted,
    Network.CommitteeMemberJoined,
    Network.CommitteeMemberSteppedDown,
    Network.CommunityAdded,
    Network.TimeZoneSet,
    GatheringSeries.Established,
)
