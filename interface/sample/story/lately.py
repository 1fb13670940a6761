"""The last few days: a one-to-one about the public meeting to come, and the campaign paused
for the elections and resumed after them."""

from __future__ import annotations

from domain.values import CampaignStatus, Channel
from interface.sample.kinds.campaigns import CampaignMoved
from interface.sample.kinds.one_to_ones import OneToOne
from interface.sample.recording import Ago, Chapter
from interface.sample.story.campaign import CAMPAIGN

CHAPTER = Chapter(
    order=70,
    title="The last few days",
    records=(
        OneToOne(
            name="baraka and zawadi",
            organiser="baraka",
            person="zawadi",
            held=Ago(3),
            channel=Channel.IN_PERSON,
            duration_minutes=35,
            interests=("fair pay",),
            concerns=("losing the voucher income",),
            follow_ups=("Bring Zawadi to the public meeting",),
            person_shared="Worried the change takes too long.",
            campaign=CAMPAIGN,
        ),
        CampaignMoved(CAMPAIGN, CampaignStatus.PAUSED, "Elections period", at=Ago(2)),
        CampaignMoved(CAMPAIGN, CampaignStatus.ACTIVE, "Elections over", at=Ago(1)),
    ),
)
