"""Rules of a campaign (its targets, the power-holders it targets, how its status moves)
and of the actions planned in it."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class CampaignClosed(RuleBroken):
    """A closed campaign was given a target or a power-holder to target."""

    def __init__(self, campaign_id: UUID) -> None:
        super().__init__(f"Campaign {campaign_id} is closed.", "campaign_id")
        self.campaign_id = campaign_id


class CampaignNotActive(RuleBroken):
    """An action was planned in a campaign that is not active."""

    def __init__(self, campaign_id: UUID, status: str) -> None:
        super().__init__(
            f"Campaign {campaign_id} is {status}; actions are planned in active campaigns.",
            "campaign_id",
        )
        self.campaign_id = campaign_id
        self.status = status


class GoalBelowOne(RuleBroken):
    """A campaign's target was set with a goal below 1."""

    def __init__(self, goal: int) -> None:
        super().__init__(f"A target's goal is at least 1 (got {goal}).", "goal")
        self.goal = goal


class TargetAlreadySet(RuleBroken):
    """A campaign's target was set again exactly as it stands."""

    def __init__(self, campaign_id: UUID, metric: str) -> None:
        super().__init__(f"Campaign {campaign_id} already has that target for {metric}.", "goal")
        self.campaign_id = campaign_id
        self.metric = metric


class PowerHolderAlreadyTargeted(RuleBroken):
    """A campaign was said to target a power-holder it already targets."""

    def __init__(self, campaign_id: UUID, power_holder_id: UUID) -> None:
        super().__init__(
            f"Campaign {campaign_id} already targets power-holder {power_holder_id}.",
            "power_holder_id",
        )
        self.campaign_id = campaign_id
        self.power_holder_id = power_holder_id


class CampaignCannotBecome(RuleBroken):
    """A campaign was moved to a status its own status does not lead to."""

    def __init__(self, campaign_id: UUID, status: str, wanted: str) -> None:
        super().__init__(
            f"Campaign {campaign_id} is {status} and cannot become {wanted}.", "status"
        )
        self.campaign_id = campaign_id
        self.status = status
        self.wanted = wanted


class ActionWasCancelled(RuleBroken):
    """A cancelled action was recorded as held."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} was cancelled; it cannot be held.")
        self.action_id = action_id


class ActionAlreadyHeld(RuleBroken):
    """An action was recorded as held again."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} was already recorded as held.")
        self.action_id = action_id


class ActionNotHeldYet(RuleBroken):
    """An action was evaluated before it was held."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} has not been held yet; evaluate it after.")
        self.action_id = action_id


class ActionAlreadyCancelled(RuleBroken):
    """An action was cancelled again."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} is already cancelled.")
        self.action_id = action_id


class ActionWasHeld(RuleBroken):
    """An action already held was cancelled."""

    def __init__(self, action_id: UUID) -> None:
        super().__init__(f"Action {action_id} was held; it cannot be cancelled.")
        self.action_id = action_id
