"""Views after a forgetting: derived again from the log, they hold none of the forgotten
person's words, and every entry is still there."""

from __future__ import annotations

from domain.application import Groundwork
from domain.redaction import REDACTED
from projections.follower import Follower, open_views
from projections.timeline import CampaignTimeline
from tests.domain.conftest import RECORDER, register_small_network
from tests.domain.test_application import launch_campaign, plan_action
from tests.domain.test_typed_text import NAME, register


def test_views_are_derived_again_after_a_forgetting_without_the_persons_words(
    app: Groundwork,
) -> None:
    small_network = register_small_network(app)
    zawadi = register(app, small_network, NAME, None)
    campaign = launch_campaign(app, small_network)
    plan_action(app, campaign, title="Delegation with Zawadi to the board")
    follower = Follower(app, open_views(app))
    timeline = follower.view(CampaignTimeline.name)
    assert isinstance(timeline, CampaignTimeline)
    follower.catch_up_all()
    before = [e.summary for e in timeline.entries(campaign, limit=100)]

    app.forget_person(zawadi, recorded_by=RECORDER)
    follower.catch_up_all()
    after = [e.summary for e in timeline.entries(campaign, limit=100)]

    assert any("Zawadi" in s for s in before)
    assert len(after) == len(before)
    assert not any("Zawadi" in s for s in after)
    assert any(REDACTED in s for s in after)
