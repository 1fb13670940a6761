"""Rules of webhooks: where they deliver to, what they are told of, and removing them."""

from __future__ import annotations

from uuid import UUID

from domain.errors import RuleBroken


class WebhookUrlNotHttp(RuleBroken):
    """A webhook's url was not an http:// or https:// address with a host."""

    def __init__(self) -> None:
        super().__init__("url must be an http:// or https:// address with a host.", "url")


class WebhookUrlWithCredentials(RuleBroken):
    """A webhook's url carried a user name or password, which would be kept in plain sight."""

    def __init__(self) -> None:
        super().__init__("url must not carry a user name or password.", "url")


class NoEventKindNamed(RuleBroken):
    """A webhook was registered to be told of no kind of event."""

    def __init__(self) -> None:
        super().__init__("kinds must name at least one kind of event.", "kinds")


class WebhookAlreadyRemoved(RuleBroken):
    """A webhook was removed again."""

    def __init__(self, webhook_id: UUID) -> None:
        super().__init__(f"Webhook {webhook_id} is already removed.", "id")
        self.webhook_id = webhook_id
