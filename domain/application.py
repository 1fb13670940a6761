"""The application service: one method per command of the organising cycle.

Each command loads what it needs, lets the aggregates check their rules, and
saves every new event in one atomic write, together with the request's
idempotency key when one is given. Optimistic-concurrency conflicts are retried
a bounded number of times, then reported as `ConflictingWrite`.
"""

from __future__ import annotations

import random
import threading
import time as clock_time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from domain.action import Action
from domain.campaign import Campaign
from domain.decision import Decision
from domain.errors import (
    ConflictingWrite,
    DomainError,
    IdempotencyKeyReused,
    NotFound,
    RequestInProgress,
    RuleBroken,
)
from domain.gathering import Gathering, GatheringSeries
from domain.idempotency import IdempotencyKey, RequestKey
from domain.listening import ListeningCampaign
from domain.meeting import PowerHolderMeeting
from domain.network import Network
from domain.one_to_one import OneToOne
from domain.person import Person
from domain.personal import PersonalDataAsDict
from domain.power_holder import PowerHolder
from domain.values import (
    VALUE_OBJECTS,
    ActionKind,
    Answer,
    CampaignStatus,
    Channel,
    CommitmentStatus,
    ConsentScope,
    DataclassAsDict,
    DateAsISO,
    DecisionKind,
    DecisionRule,
    Evaluation,
    EvidenceKind,
    EvidenceRef,
    GatheringKind,
    LadderStage,
    MeetingPurpose,
    Stance,
    TargetMetric,
    Theme,
    TimeAsISO,
)

A = TypeVar("A", bound=Aggregate)

#: The readable name of each kind of record, for errors.
KINDS: dict[type[Aggregate], str] = {
    Network: "network",
    Person: "person",
    OneToOne: "one-to-one",
    ListeningCampaign: "listening campaign",
    Campaign: "campaign",
    Action: "action",
    PowerHolder: "power-holder",
    PowerHolderMeeting: "power-holder meeting",
    Decision: "decision",
    GatheringSeries: "gathering series",
    Gathering: "gathering",
}

_EVIDENCE: dict[EvidenceKind, type[Aggregate]] = {
    EvidenceKind.ONE_TO_ONE: OneToOne,
    EvidenceKind.LISTENING_SESSION: ListeningCampaign,
    EvidenceKind.POWER_HOLDER_ASSESSMENT: PowerHolder,
    EvidenceKind.POWER_HOLDER_MEETING: PowerHolderMeeting,
    EvidenceKind.ACTION: Action,
    EvidenceKind.GATHERING: Gathering,
}


@dataclass(frozen=True)
class Recorded:
    """What a command recorded: the aggregate's id, its version after the command,
    and for things recorded inside it (a session, an assessment) their number."""

    id: UUID
    version: int
    number: int | None = None

    def as_result(self) -> dict[str, str | int | None]:
        return {"id": self.id.hex, "version": self.version, "number": self.number}

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Recorded:
        number = result.get("number")
        return cls(
            UUID(str(result["id"])), int(result["version"]), None if number is None else int(number)
        )


Decide = Callable[[], tuple[list[Aggregate], Recorded]]


def _replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Applies stored events in turn: the library's projector without its per-event runtime
    Protocol check, which on Python 3.11 costs about 0.1 ms an event (profiled on the
    one-to-one write path, where it was a quarter of the server's time per request)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class _Collected(ProcessingEvent[UUID]):
    """Collects aggregates' pending events, skipping the library's runtime Protocol checks
    for our own aggregates (see `_replay`); anything else goes the library's way."""

    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:
            if isinstance(obj, Aggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            else:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


def _recorded(aggregate: Aggregate, number: int | None = None) -> Recorded:
    return Recorded(id=aggregate.id, version=aggregate.version, number=number)


class Groundwork(Application[UUID]):
    """Records the organising cycle as immutable events."""

    name = "Groundwork"
    #: How many times a command is tried when others changed the same records.
    max_attempts = 5

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(env)
        self.clock = clock or (lambda: datetime.now(UTC))
        self._in_flight: set[UUID] = set()
        self._in_flight_lock = threading.Lock()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(PersonalDataAsDict())
        transcoder.register(DateAsISO())
        transcoder.register(TimeAsISO())
        for value_object in VALUE_OBJECTS:
            transcoder.register(DataclassAsDict(value_object))

    # ------------------------------------------------------------------ plumbing

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's `Application.save`, collecting events with `_Collected`."""
        processing_event = _Collected()
        processing_event.collect_events(*objs, **kwargs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings

    def get(self, cls: type[A], id: UUID, field: str = "id") -> A:
        """The current state of a record of the given kind, or `NotFound`."""
        try:
            aggregate: Aggregate = self.repository.get(id, projector_func=_replay)
        except AggregateNotFoundError:
            raise NotFound(KINDS[cls], id, field) from None
        if not isinstance(aggregate, cls):
            raise NotFound(KINDS[cls], id, field)
        return aggregate

    def _member(self, network_id: UUID, cls: type[A], id: UUID, field: str) -> A:
        """A record that must exist and belong to the given network."""
        aggregate = self.get(cls, id, field)
        if getattr(aggregate, "network_id", None) != network_id:
            self.get(Network, network_id, "network_id")  # an unknown network is a 404
            raise RuleBroken(
                f"The {KINDS[cls]} {id} belongs to another network than {network_id}.", field
            )
        return aggregate

    def _members(self, network_id: UUID, cls: type[A], ids: list[UUID], field: str) -> list[A]:
        return [self._member(network_id, cls, i, f"{field}[{n}]") for n, i in enumerate(ids)]

    def _execute(self, decide: Decide, key: RequestKey | None) -> Recorded:
        """Runs a command's decision and saves what it produced, atomically with the key.

        A new key is the common case, so the key is not read first: saving it with the
        command's events fails on the store's unique (id, version) if it was consumed
        before, and only then is the earlier result looked up. A retry whose command would
        now break a rule (a follow-up already done, say) also looks the key up before the
        rule's error is reported, so it gets the first response.
        """
        with self._claimed(key):
            for attempt in range(self.max_attempts):
                try:
                    aggregates, recorded = decide()
                except DomainError:
                    if key is not None and (earlier := self._earlier_result(key)):
                        return earlier
                    raise
                if key is not None:
                    aggregates.append(
                        IdempotencyKey._create(
                            IdempotencyKey.Consumed,
                            id=key.id,
                            fingerprint=key.fingerprint,
                            result=recorded.as_result(),
                        )
                    )
                try:
                    self.save(*aggregates)
                except IntegrityError:
                    if key is not None and (earlier := self._earlier_result(key)):
                        return earlier
                    clock_time.sleep(random.uniform(0.005, 0.02) * (attempt + 1))  # noqa: S311 (jitter)
                    continue
                return recorded
        raise ConflictingWrite(
            f"Other writes kept changing the same records; gave up after {self.max_attempts} "
            "attempts. Nothing was recorded: try again."
        )

    def _earlier_result(self, key: RequestKey) -> Recorded | None:
        try:
            consumed: Aggregate = self.repository.get(key.id, projector_func=_replay)
        except AggregateNotFoundError:
            return None
        assert isinstance(consumed, IdempotencyKey)
        if consumed.fingerprint != key.fingerprint:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used with a different request; "
                "use a new key for a new request.",
                "Idempotency-Key",
            )
        return Recorded.from_result(consumed.result)

    @contextmanager
    def _claimed(self, key: RequestKey | None) -> Iterator[None]:
        if key is None:
            yield
            return
        with self._in_flight_lock:
            if key.id in self._in_flight:
                raise RequestInProgress(
                    "A request with this Idempotency-Key is still being processed; "
                    "retry after it has finished.",
                    "Idempotency-Key",
                )
            self._in_flight.add(key.id)
        try:
            yield
        finally:
            with self._in_flight_lock:
                self._in_flight.discard(key.id)

    def _update(
        self,
        cls: type[A],
        id: UUID,
        change: Callable[[A], int | None],
        key: RequestKey | None,
    ) -> Recorded:
        """Loads one record, applies a change to it, and saves it."""

        def decide() -> tuple[list[Aggregate], Recorded]:
            aggregate = self.get(cls, id)
            number = change(aggregate)
            return [aggregate], _recorded(aggregate, number)

        return self._execute(decide, key)

    def _create(self, make: Callable[[], Aggregate], key: RequestKey | None) -> Recorded:
        def decide() -> tuple[list[Aggregate], Recorded]:
            aggregate = make()
            return [aggregate], _recorded(aggregate)

        return self._execute(decide, key)

    # ------------------------------------------------------------------ network

    def found_network(
        self,
        *,
        name: str,
        focus: str,
        goals: list[str],
        communities: list[str],
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._create(
            lambda: Network.found(
                name=name,
                focus=focus,
                goals=goals,
                communities=communities,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def adopt_guidelines(
        self,
        network_id: UUID,
        *,
        text: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.adopt_guidelines(
                text=text, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def welcome_to_committee(
        self,
        network_id: UUID,
        *,
        person_id: UUID,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(network: Network) -> None:
            self._member(network_id, Person, person_id, "person_id")
            network.welcome_to_committee(
                person_id=person_id,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Network, network_id, change, key)

    def step_down_from_committee(
        self,
        network_id: UUID,
        *,
        person_id: UUID,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.step_down_from_committee(
                person_id=person_id,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def add_community(
        self, network_id: UUID, *, community: str, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(
            Network,
            network_id,
            lambda n: n.add_community(community=community, recorded_by=recorded_by),
            key,
        )

    # ------------------------------------------------------------------ people

    def register_person(
        self,
        *,
        network_id: UUID,
        name: str,
        contact: str | None,
        communities: list[str],
        languages: list[str],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Person:
            network = self.get(Network, network_id, "network_id")
            return Person.register(
                network_id=network_id,
                name=name,
                contact=contact,
                communities=network.canonical_communities(communities),
                languages=languages,
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def provide_contact_details(
        self, person_id: UUID, *, contact: str, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.provide_contact_details(contact=contact, recorded_by=recorded_by),
            key,
        )

    def give_consent(
        self,
        person_id: UUID,
        *,
        scope: ConsentScope,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.give_consent(
                scope=scope, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def withdraw_consent(
        self,
        person_id: UUID,
        *,
        scope: ConsentScope,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person,
            person_id,
            lambda p: p.withdraw_consent(
                scope=scope, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def assess_leadership(
        self,
        person_id: UUID,
        *,
        stage: LadderStage,
        reason: str,
        assessed_by: UUID,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(person: Person) -> None:
            self._member(person.network_id, Person, assessed_by, "assessed_by")
            person.assess_leadership(
                stage=stage,
                reason=reason,
                assessed_by=assessed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Person, person_id, change, key)

    def offer_skills(
        self,
        person_id: UUID,
        *,
        skills: list[str],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Person, person_id, lambda p: p.offer_skills(skills=skills, recorded_by=recorded_by), key
        )

    # ------------------------------------------------------------------ one-to-ones

    def hold_one_to_one(
        self,
        *,
        network_id: UUID,
        organiser_id: UUID,
        person_id: UUID,
        happened_at: datetime,
        channel: Channel,
        duration_minutes: int | None = None,
        interests: Sequence[str] = (),
        concerns: Sequence[str] = (),
        organiser_shared: str | None = None,
        person_shared: str | None = None,
        leadership_signals: Sequence[str] = (),
        follow_ups: Sequence[tuple[str, date | None]] = (),
        private_notes: str | None = None,
        campaign_id: UUID | None = None,
        listening_campaign_id: UUID | None = None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> OneToOne:
            # The network is checked through its members: both must belong to it.
            self._member(network_id, Person, organiser_id, "organiser_id")
            person = self._member(network_id, Person, person_id, "person_id")
            if campaign_id is not None:
                self._member(network_id, Campaign, campaign_id, "campaign_id")
            if listening_campaign_id is not None:
                self._member(
                    network_id, ListeningCampaign, listening_campaign_id, "listening_campaign_id"
                )
            return OneToOne.hold(
                network_id=network_id,
                organiser_id=organiser_id,
                person_id=person_id,
                campaign_id=campaign_id,
                listening_campaign_id=listening_campaign_id,
                happened_at=happened_at,
                channel=channel,
                duration_minutes=duration_minutes,
                interests=list(interests),
                concerns=list(concerns),
                organiser_shared=organiser_shared,
                person_shared=person_shared,
                leadership_signals=list(leadership_signals),
                follow_ups=list(follow_ups),
                private_notes=private_notes,
                notes_consented=person.has_consented(ConsentScope.KEEP_NOTES),
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def mark_follow_up_done(
        self,
        one_to_one_id: UUID,
        *,
        number: int,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(one_to_one: OneToOne) -> int:
            one_to_one.mark_follow_up_done(
                number=number, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            )
            return number

        return self._update(OneToOne, one_to_one_id, change, key)

    def correct_notes(
        self,
        one_to_one_id: UUID,
        *,
        private_notes: str,
        reason: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(one_to_one: OneToOne) -> None:
            person = self.get(Person, one_to_one.person_id, "person_id")
            one_to_one.correct_notes(
                private_notes=private_notes,
                reason=reason,
                recorded_by=recorded_by,
                notes_consented=person.has_consented(ConsentScope.KEEP_NOTES),
            )

        return self._update(OneToOne, one_to_one_id, change, key)

    # ------------------------------------------------------------------ listening

    def launch_listening_campaign(
        self,
        *,
        network_id: UUID,
        question: str,
        communities: list[str],
        target_conversations: int,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> ListeningCampaign:
            network = self.get(Network, network_id, "network_id")
            return ListeningCampaign.launch(
                network_id=network_id,
                question=question,
                communities=network.canonical_communities(communities),
                target_conversations=target_conversations,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def hold_listening_session(
        self,
        listening_campaign_id: UUID,
        *,
        host_id: UUID,
        community: str,
        happened_at: datetime,
        participants: int,
        themes: list[Theme],
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(listening: ListeningCampaign) -> int:
            self._member(listening.network_id, Person, host_id, "host_id")
            return listening.hold_session(
                host_id=host_id,
                community=community,
                happened_at=happened_at,
                participants=participants,
                themes=themes,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(ListeningCampaign, listening_campaign_id, change, key)

    def close_listening_campaign(
        self,
        listening_campaign_id: UUID,
        *,
        summary: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            ListeningCampaign,
            listening_campaign_id,
            lambda lc: lc.close(
                summary=summary, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    # ------------------------------------------------------------------ campaigns

    def launch_campaign(
        self,
        *,
        network_id: UUID,
        name: str,
        goal: str,
        issue: str,
        listening_campaign_id: UUID | None,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Campaign:
            self.get(Network, network_id, "network_id")
            if listening_campaign_id is not None:
                self._member(
                    network_id, ListeningCampaign, listening_campaign_id, "listening_campaign_id"
                )
            return Campaign.launch(
                network_id=network_id,
                name=name,
                goal=goal,
                issue=issue,
                listening_campaign_id=listening_campaign_id,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def set_target(
        self,
        campaign_id: UUID,
        *,
        metric: TargetMetric,
        goal: int,
        due: date | None,
        reason: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.set_target(
                metric=metric, goal=goal, due=due, reason=reason, recorded_by=recorded_by
            ),
            key,
        )

    def target_power_holder(
        self,
        campaign_id: UUID,
        *,
        power_holder_id: UUID,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(campaign: Campaign) -> None:
            self._member(campaign.network_id, PowerHolder, power_holder_id, "power_holder_id")
            campaign.target_power_holder(power_holder_id=power_holder_id, recorded_by=recorded_by)

        return self._update(Campaign, campaign_id, change, key)

    def move_campaign(
        self,
        campaign_id: UUID,
        *,
        status: CampaignStatus,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.move_to(
                status=status,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def evaluate_campaign(
        self,
        campaign_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Campaign,
            campaign_id,
            lambda c: c.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    # ------------------------------------------------------------------ actions

    def plan_action(
        self,
        *,
        campaign_id: UUID,
        kind: ActionKind,
        title: str,
        scheduled_for: datetime,
        power_holder_id: UUID | None,
        ask: str,
        turnout_pledged: int,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Action:
            campaign = self.get(Campaign, campaign_id, "campaign_id")
            if campaign.status != CampaignStatus.ACTIVE:
                raise RuleBroken(
                    f"Campaign {campaign_id} is {campaign.status}; actions are "
                    "planned in active campaigns.",
                    "campaign_id",
                )
            if power_holder_id is not None:
                self._member(campaign.network_id, PowerHolder, power_holder_id, "power_holder_id")
            return Action.plan(
                network_id=campaign.network_id,
                campaign_id=campaign_id,
                kind=kind,
                title=title,
                scheduled_for=scheduled_for,
                power_holder_id=power_holder_id,
                ask=ask,
                turnout_pledged=turnout_pledged,
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def record_action_held(
        self,
        action_id: UUID,
        *,
        happened_at: datetime,
        turnout: int,
        outcome: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.record_held(
                happened_at=happened_at,
                turnout=turnout,
                outcome=outcome,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def evaluate_action(
        self,
        action_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Action,
            action_id,
            lambda a: a.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def cancel_action(
        self, action_id: UUID, *, reason: str, recorded_by: UUID, key: RequestKey | None = None
    ) -> Recorded:
        return self._update(
            Action, action_id, lambda a: a.cancel(reason=reason, recorded_by=recorded_by), key
        )

    # ------------------------------------------------------------------ power

    def identify_power_holder(
        self,
        *,
        network_id: UUID,
        name: str,
        role: str,
        institution: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> PowerHolder:
            self.get(Network, network_id, "network_id")
            return PowerHolder.identify(
                network_id=network_id,
                name=name,
                role=role,
                institution=institution,
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def assess_power_holder(
        self,
        power_holder_id: UUID,
        *,
        stance: Stance,
        influence: int,
        interests: list[str],
        notes: str,
        assessed_by: UUID,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(holder: PowerHolder) -> int:
            self._member(holder.network_id, Person, assessed_by, "assessed_by")
            return holder.assess(
                stance=stance,
                influence=influence,
                interests=interests,
                notes=notes,
                assessed_by=assessed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(PowerHolder, power_holder_id, change, key)

    def hold_power_holder_meeting(
        self,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        power_holder_ids: list[UUID],
        attendee_ids: list[UUID],
        purpose: MeetingPurpose,
        happened_at: datetime,
        asks: list[tuple[str, Answer]],
        summary: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> PowerHolderMeeting:
            self.get(Network, network_id, "network_id")
            if campaign_id is not None:
                self._member(network_id, Campaign, campaign_id, "campaign_id")
            self._members(network_id, PowerHolder, power_holder_ids, "power_holder_ids")
            self._members(network_id, Person, attendee_ids, "attendee_ids")
            return PowerHolderMeeting.hold(
                network_id=network_id,
                campaign_id=campaign_id,
                power_holder_ids=power_holder_ids,
                attendee_ids=attendee_ids,
                purpose=purpose,
                happened_at=happened_at,
                asks=asks,
                summary=summary,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def answer_ask(
        self,
        meeting_id: UUID,
        *,
        number: int,
        answer: Answer,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(meeting: PowerHolderMeeting) -> int:
            meeting.answer_ask(
                number=number,
                answer=answer,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )
            return number

        return self._update(PowerHolderMeeting, meeting_id, change, key)

    def secure_commitment(
        self,
        meeting_id: UUID,
        *,
        power_holder_id: UUID,
        text: str,
        due: date | None,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolderMeeting,
            meeting_id,
            lambda m: m.secure_commitment(
                power_holder_id=power_holder_id, text=text, due=due, recorded_by=recorded_by
            ),
            key,
        )

    def record_commitment_outcome(
        self,
        meeting_id: UUID,
        *,
        number: int,
        status: CommitmentStatus,
        note: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(meeting: PowerHolderMeeting) -> int:
            meeting.record_commitment_outcome(
                number=number,
                status=status,
                note=note,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )
            return number

        return self._update(PowerHolderMeeting, meeting_id, change, key)

    def evaluate_meeting(
        self,
        meeting_id: UUID,
        *,
        evaluation: Evaluation,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            PowerHolderMeeting,
            meeting_id,
            lambda m: m.evaluate(
                evaluation=evaluation,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    # ------------------------------------------------------------------ decisions

    def check_evidence(self, network_id: UUID, evidence: list[EvidenceRef]) -> None:
        """Every reference must name something on record in the same network."""
        for n, ref in enumerate(evidence):
            field = f"evidence[{n}]"
            record = self._member(network_id, _EVIDENCE[ref.kind], ref.id, f"{field}.id")
            if isinstance(record, ListeningCampaign):
                numbers = [s.number for s in record.sessions]
            elif isinstance(record, PowerHolder):
                numbers = [a.number for a in record.assessments]
            else:
                if ref.item is not None:
                    raise RuleBroken(f"A {ref.kind} reference has no item number.", f"{field}.item")
                continue
            if ref.item not in numbers:
                raise RuleBroken(
                    f"The {KINDS[type(record)]} {ref.id} has no {ref.kind} number {ref.item}.",
                    f"{field}.item",
                )

    def propose_decision(
        self,
        *,
        network_id: UUID,
        campaign_id: UUID | None,
        kind: DecisionKind,
        question: str,
        options: list[str],
        rule: DecisionRule,
        evidence: list[EvidenceRef],
        proposed_by: UUID,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Decision:
            self.get(Network, network_id, "network_id")
            if campaign_id is not None:
                self._member(network_id, Campaign, campaign_id, "campaign_id")
            self._member(network_id, Person, proposed_by, "proposed_by")
            self.check_evidence(network_id, evidence)
            return Decision.propose(
                network_id=network_id,
                campaign_id=campaign_id,
                kind=kind,
                question=question,
                options=options,
                rule=rule,
                evidence=evidence,
                proposed_by=proposed_by,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def take_position(
        self,
        decision_id: UUID,
        *,
        participant_id: UUID,
        option: str,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(decision: Decision) -> None:
            self._member(decision.network_id, Person, participant_id, "participant_id")
            decision.take_position(
                participant_id=participant_id,
                option=option,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Decision, decision_id, change, key)

    def reach_decision(
        self,
        decision_id: UUID,
        *,
        outcome: str,
        rationale: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Decision,
            decision_id,
            lambda d: d.reach(
                outcome=outcome,
                rationale=rationale,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            ),
            key,
        )

    def revisit_decision(
        self,
        decision_id: UUID,
        *,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        return self._update(
            Decision,
            decision_id,
            lambda d: d.revisit(
                reason=reason, happened_at=happened_at, now=self.clock(), recorded_by=recorded_by
            ),
            key,
        )

    def supersede_decision(
        self,
        decision_id: UUID,
        *,
        by_decision_id: UUID,
        reason: str,
        happened_at: datetime,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def change(decision: Decision) -> None:
            self._member(decision.network_id, Decision, by_decision_id, "by_decision_id")
            decision.supersede(
                by_decision_id=by_decision_id,
                reason=reason,
                happened_at=happened_at,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._update(Decision, decision_id, change, key)

    # ------------------------------------------------------------------ gatherings

    def establish_gathering_series(
        self,
        *,
        network_id: UUID,
        name: str,
        kind: GatheringKind,
        rrule: str,
        starts_on: date,
        local_time: time,
        duration_minutes: int,
        time_zone: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> GatheringSeries:
            self.get(Network, network_id, "network_id")
            return GatheringSeries.establish(
                network_id=network_id,
                name=name,
                kind=kind,
                rrule=rrule,
                starts_on=starts_on,
                local_time=local_time,
                duration_minutes=duration_minutes,
                time_zone=time_zone,
                recorded_by=recorded_by,
            )

        return self._create(make, key)

    def hold_gathering(
        self,
        *,
        network_id: UUID,
        series_id: UUID | None,
        kind: GatheringKind,
        topic: str,
        happened_at: datetime,
        facilitator_id: UUID | None,
        attendee_ids: list[UUID],
        reflections: str,
        recorded_by: UUID,
        key: RequestKey | None = None,
    ) -> Recorded:
        def make() -> Gathering:
            self.get(Network, network_id, "network_id")
            if series_id is not None:
                self._member(network_id, GatheringSeries, series_id, "series_id")
            if facilitator_id is not None:
                self._member(network_id, Person, facilitator_id, "facilitator_id")
            self._members(network_id, Person, attendee_ids, "attendee_ids")
            return Gathering.hold(
                network_id=network_id,
                series_id=series_id,
                kind=kind,
                topic=topic,
                happened_at=happened_at,
                facilitator_id=facilitator_id,
                attendee_ids=attendee_ids,
                reflections=reflections,
                now=self.clock(),
                recorded_by=recorded_by,
            )

        return self._create(make, key)
