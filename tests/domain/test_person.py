"""A person: registration, contact details, consent and the notes it allows, the leadership
ladder and skills."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.errors import AlreadyForgotten, PersonForgotten
from domain.errors.people import (
    AlreadyConsented,
    ConsentNotGiven,
    NoSkillNamed,
    NotesNotConsented,
    SkillsAlreadyOffered,
)
from domain.errors.shared import EmptyText, NotYetHappened
from domain.person import Person
from domain.personal import PersonalData, readable
from domain.values import ConsentScope, LadderStage
from tests.domain.conftest import (
    EARLIER,
    LATER,
    NOW,
    RECORDER,
    assert_same_state,
    saved_and_read_back,
    settled,
)

NETWORK = UUID("00000000-0000-4000-8000-0000000000e1")
ASSESSOR = UUID("00000000-0000-4000-8000-0000000000a1")


def register(*, name: str = "Bruno Member", contact: str | None = "+351 900 000 000") -> Person:
    return Person.register(
        happened_at=None,
        now=NOW,
        network_id=NETWORK,
        name=name,
        contact=contact,
        communities=["Porto", " porto "],
        languages=["pt"],
        recorded_by=RECORDER,
    )


def consenting(scope: ConsentScope) -> Person:
    person = register()
    person.give_consent(scope=scope, happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    return person


def having_withdrawn(scope: ConsentScope) -> Person:
    person = consenting(scope)
    person.withdraw_consent(scope=scope, happened_at=EARLIER, now=NOW, recorded_by=RECORDER)
    return person


# ---------------------------------------------------------------- registration


def test_a_person_is_registered_with_their_name_and_contact_as_their_own_personal_data() -> None:
    person = register()

    (registered,) = person.collect_events()
    assert isinstance(registered, Person.Registered)
    assert registered.network_id == NETWORK
    assert registered.name == PersonalData(person.id, "Bruno Member")
    assert registered.contact == PersonalData(person.id, "+351 900 000 000")
    assert registered.communities == ["Porto"]
    assert registered.languages == ["pt"]


def test_a_blank_contact_is_recorded_as_no_contact() -> None:
    person = register(contact="   ")

    (registered,) = person.collect_events()
    assert isinstance(registered, Person.Registered)
    assert registered.contact is None


def test_a_person_cannot_be_registered_without_a_name() -> None:
    with pytest.raises(EmptyText) as raised:
        register(name=" ")
    assert raised.value.field == "name"


def test_personal_data_never_shows_its_value_when_printed() -> None:
    data = PersonalData(NETWORK, "Bruno Member")

    assert "Bruno" not in repr(data)
    assert "Bruno" not in str(data)
    assert "12 chars" in repr(data)


# ---------------------------------------------------------------- contact details


def test_contact_details_provided_later_are_the_persons_own_personal_data() -> None:
    person = settled(register(contact=None))

    person.provide_contact_details(
        happened_at=None, now=NOW, contact=" bruno@example.org ", recorded_by=RECORDER
    )

    (provided,) = person.collect_events()
    assert isinstance(provided, Person.ContactDetailsProvided)
    assert provided.contact == PersonalData(person.id, "bruno@example.org")


def test_empty_contact_details_are_refused() -> None:
    person = settled(register())

    with pytest.raises(EmptyText) as raised:
        person.provide_contact_details(happened_at=None, now=NOW, contact="", recorded_by=RECORDER)

    assert raised.value.field == "contact"
    assert person.collect_events() == []


# ---------------------------------------------------------------- consent


def test_consent_to_keeping_notes_is_given() -> None:
    person = settled(register())

    person.give_consent(
        scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )

    (given,) = person.collect_events()
    assert isinstance(given, Person.ConsentGiven)
    assert (given.scope, given.happened_at) == ("keep_notes", EARLIER)
    assert person.has_consented(ConsentScope.KEEP_NOTES)


def test_consent_already_given_cannot_be_given_again() -> None:
    person = settled(consenting(ConsentScope.BE_CONTACTED))

    with pytest.raises(AlreadyConsented) as raised:
        person.give_consent(
            scope=ConsentScope.BE_CONTACTED, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )

    assert raised.value.field == "scope"
    assert person.collect_events() == []


def test_consent_cannot_be_given_in_the_future() -> None:
    person = settled(register())

    with pytest.raises(NotYetHappened):
        person.give_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert person.collect_events() == []


def test_consent_given_is_withdrawn() -> None:
    person = settled(consenting(ConsentScope.KEEP_NOTES))

    person.withdraw_consent(
        scope=ConsentScope.KEEP_NOTES, happened_at=NOW, now=NOW, recorded_by=RECORDER
    )

    (withdrawn,) = person.collect_events()
    assert isinstance(withdrawn, Person.ConsentWithdrawn)
    assert (withdrawn.scope, withdrawn.happened_at) == ("keep_notes", NOW)
    assert not person.has_consented(ConsentScope.KEEP_NOTES)


def test_consent_can_be_withdrawn_only_if_it_was_given() -> None:
    person = settled(consenting(ConsentScope.BE_CONTACTED))

    with pytest.raises(ConsentNotGiven) as raised:
        person.withdraw_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=NOW, now=NOW, recorded_by=RECORDER
        )
    assert raised.value.scope == "keep_notes"

    assert raised.value.field == "scope"
    assert person.collect_events() == []


def test_consent_cannot_be_withdrawn_in_the_future() -> None:
    person = settled(consenting(ConsentScope.KEEP_NOTES))

    with pytest.raises(NotYetHappened):
        person.withdraw_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=LATER, now=NOW, recorded_by=RECORDER
        )

    assert person.collect_events() == []


def test_consent_withdrawn_can_be_given_again() -> None:
    person = consenting(ConsentScope.KEEP_NOTES)
    person.withdraw_consent(
        scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    settled(person)

    person.give_consent(
        scope=ConsentScope.KEEP_NOTES, happened_at=NOW, now=NOW, recorded_by=RECORDER
    )

    (given,) = person.collect_events()
    assert isinstance(given, Person.ConsentGiven)
    assert person.has_consented(ConsentScope.KEEP_NOTES)


# ---------------------------------------------------------------- leadership ladder


def test_leadership_is_assessed_with_who_assessed_it_and_why() -> None:
    person = settled(register())

    person.assess_leadership(
        stage=LadderStage.VOLUNTEER,
        reason="Hosted two house meetings",
        assessed_by=ASSESSOR,
        happened_at=EARLIER,
        now=NOW,
        recorded_by=RECORDER,
    )

    (assessed,) = person.collect_events()
    assert isinstance(assessed, Person.LeadershipAssessed)
    assert assessed.stage == "volunteer"
    assert assessed.reason == "Hosted two house meetings"
    assert assessed.assessed_by == ASSESSOR
    assert person.stage is LadderStage.VOLUNTEER


def test_a_leadership_assessment_needs_a_reason() -> None:
    person = settled(register())

    with pytest.raises(EmptyText) as raised:
        person.assess_leadership(
            stage=LadderStage.LEADER,
            reason="  ",
            assessed_by=ASSESSOR,
            happened_at=EARLIER,
            now=NOW,
            recorded_by=RECORDER,
        )

    assert raised.value.field == "reason"
    assert person.collect_events() == []


def test_a_leadership_assessment_cannot_be_dated_in_the_future() -> None:
    person = settled(register())

    with pytest.raises(NotYetHappened):
        person.assess_leadership(
            stage=LadderStage.LEADER,
            reason="Led the delegation",
            assessed_by=ASSESSOR,
            happened_at=LATER,
            now=NOW,
            recorded_by=RECORDER,
        )

    assert person.collect_events() == []


# ---------------------------------------------------------------- skills


def test_skills_offered_are_recorded_without_those_already_offered() -> None:
    person = register()
    person.offer_skills(happened_at=None, now=NOW, skills=["facilitation"], recorded_by=RECORDER)
    settled(person)

    person.offer_skills(
        happened_at=None,
        now=NOW,
        skills=["Facilitation", "translation", "translation"],
        recorded_by=RECORDER,
    )

    (offered,) = person.collect_events()
    assert isinstance(offered, Person.SkillsOffered)
    assert offered.skills == ["translation"]
    assert person.skills == ["facilitation", "translation"]


def test_skills_already_offered_are_refused() -> None:
    person = register()
    person.offer_skills(
        happened_at=None, now=NOW, skills=["facilitation", "translation"], recorded_by=RECORDER
    )
    settled(person)

    with pytest.raises(SkillsAlreadyOffered) as raised:
        person.offer_skills(happened_at=None, now=NOW, skills=["TRANSLATION"], recorded_by=RECORDER)

    assert raised.value.field == "skills"
    assert person.collect_events() == []


def test_an_offer_of_no_skills_is_refused() -> None:
    person = settled(register())

    with pytest.raises(NoSkillNamed) as raised:
        person.offer_skills(happened_at=None, now=NOW, skills=[], recorded_by=RECORDER)

    assert raised.value.field == "skills"
    assert person.collect_events() == []


# ---------------------------------------------------------------- notes kept

ONE_TO_ONE = UUID("00000000-0000-4000-8000-0000000000c1")
OTHER_ONE_TO_ONE = UUID("00000000-0000-4000-8000-0000000000c2")


def test_notes_kept_with_consent_are_recorded_without_personal_data() -> None:
    person = settled(consenting(ConsentScope.KEEP_NOTES))

    person.keep_notes(happened_at=NOW, one_to_one_id=ONE_TO_ONE, recorded_by=RECORDER)

    (kept,) = person.collect_events()
    assert isinstance(kept, Person.NotesKept)
    assert (kept.one_to_one_id, kept.recorded_by) == (ONE_TO_ONE, RECORDER)
    assert not any(isinstance(v, PersonalData) for v in vars(kept).values())
    assert person.notes_kept_in == [ONE_TO_ONE]


def test_each_one_to_one_whose_notes_were_kept_is_listed_once_in_order() -> None:
    person = consenting(ConsentScope.KEEP_NOTES)

    for one_to_one in (ONE_TO_ONE, OTHER_ONE_TO_ONE, ONE_TO_ONE):  # corrected: kept again
        person.keep_notes(happened_at=NOW, one_to_one_id=one_to_one, recorded_by=RECORDER)

    assert person.notes_kept_in == [ONE_TO_ONE, OTHER_ONE_TO_ONE]
    assert len([e for e in person.collect_events() if isinstance(e, Person.NotesKept)]) == 3


@pytest.mark.parametrize(
    "person",
    [
        lambda: register(),
        lambda: consenting(ConsentScope.BE_CONTACTED),
        lambda: having_withdrawn(ConsentScope.KEEP_NOTES),
    ],
    ids=["never consented", "consented to something else", "withdrew consent"],
)
def test_notes_are_not_kept_without_consent_to_keeping_notes(person: Any) -> None:
    without = settled(person())

    with pytest.raises(NotesNotConsented) as raised:
        without.keep_notes(happened_at=NOW, one_to_one_id=ONE_TO_ONE, recorded_by=RECORDER)
    assert raised.value.person_id == without.id

    assert raised.value.field == "private_notes"
    assert without.collect_events() == []
    assert without.notes_kept_in == []


def test_notes_are_not_kept_about_a_forgotten_person_even_with_consent_on_record() -> None:
    person = consenting(ConsentScope.KEEP_NOTES)
    person.forget(now=NOW, recorded_by=RECORDER)
    settled(person)

    with pytest.raises(PersonForgotten, match=f"Person {person.id} has been forgotten") as raised:
        person.keep_notes(happened_at=NOW, one_to_one_id=ONE_TO_ONE, recorded_by=RECORDER)

    assert raised.value.field == "private_notes"
    assert person.collect_events() == []


def test_a_copy_of_a_person_shares_nothing_that_changes_with_them() -> None:
    person = consenting(ConsentScope.KEEP_NOTES)
    person.keep_notes(happened_at=NOW, one_to_one_id=ONE_TO_ONE, recorded_by=RECORDER)
    person.offer_skills(happened_at=None, now=NOW, skills=["facilitation"], recorded_by=RECORDER)
    settled(person)
    as_it_was = repr(vars(person))

    copied = copy.deepcopy(person)
    copied.keep_notes(happened_at=NOW, one_to_one_id=OTHER_ONE_TO_ONE, recorded_by=RECORDER)
    copied.withdraw_consent(
        scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
    )
    copied.offer_skills(happened_at=None, now=NOW, skills=["translation"], recorded_by=RECORDER)
    copied.assess_leadership(
        stage=LadderStage.LEADER,
        reason="Chaired",
        assessed_by=ASSESSOR,
        happened_at=EARLIER,
        now=NOW,
        recorded_by=RECORDER,
    )

    assert repr(vars(person)) == as_it_was
    assert person.collect_events() == []
    assert len(copied.collect_events()) == 4
    # The copy is quick because whatever a person's lists, sets and dicts hold never
    # changes; a state that kept something changeable in them would need a deeper copy.
    for value in vars(copied).values():
        if isinstance(value, list | set | dict):
            for item in value.values() if isinstance(value, dict) else value:
                hash(item)


# ---------------------------------------------------------------- forgetting


def test_a_person_is_forgotten_by_an_event_that_carries_no_personal_data() -> None:
    person = settled(register())

    person.forget(now=NOW, recorded_by=RECORDER)

    (forgotten,) = person.collect_events()
    assert isinstance(forgotten, Person.Forgotten)
    assert (forgotten.forgotten_at, forgotten.recorded_by) == (NOW, RECORDER)
    assert not any(isinstance(v, PersonalData) for v in vars(forgotten).values())
    assert (person.forgotten, person.forgotten_at) == (True, NOW)
    assert person.name == PersonalData.erased(person.id)
    assert person.name.value == "forgotten person"
    assert person.contact is None


def test_a_person_already_forgotten_cannot_be_forgotten_again() -> None:
    person = register()
    person.forget(now=NOW, recorded_by=RECORDER)
    settled(person)

    with pytest.raises(AlreadyForgotten, match=f"Person {person.id} is already forgotten"):
        person.forget(now=NOW, recorded_by=RECORDER)
    assert person.collect_events() == []


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.provide_contact_details(
            happened_at=None, now=NOW, contact="b@example.org", recorded_by=RECORDER
        ),
        lambda p: p.give_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
        ),
        lambda p: p.withdraw_consent(
            scope=ConsentScope.KEEP_NOTES, happened_at=EARLIER, now=NOW, recorded_by=RECORDER
        ),
        lambda p: p.assess_leadership(
            stage=LadderStage.LEADER,
            reason="Chaired",
            assessed_by=ASSESSOR,
            happened_at=EARLIER,
            now=NOW,
            recorded_by=RECORDER,
        ),
        lambda p: p.offer_skills(
            happened_at=None, now=NOW, skills=["design"], recorded_by=RECORDER
        ),
    ],
)
def test_nothing_more_is_recorded_about_a_forgotten_person(change: Any) -> None:
    person = consenting(ConsentScope.KEEP_NOTES)
    person.forget(now=NOW, recorded_by=RECORDER)
    settled(person)

    with pytest.raises(PersonForgotten, match=f"Person {person.id} has been forgotten") as raised:
        change(person)

    assert raised.value.field == "id"
    assert person.collect_events() == []


def test_forgotten_personal_data_never_shows_a_value_and_reads_as_nothing() -> None:
    erased = PersonalData.erased(NETWORK)

    assert (erased.value, erased.forgotten, readable(erased)) == ("forgotten person", True, None)
    assert "forgotten" in repr(erased)
    assert readable(PersonalData(NETWORK, "Bruno")) == "Bruno"
    assert readable(None) is None


# ---------------------------------------------------------------- replay


def test_a_person_reads_back_from_the_event_store_as_they_were(tmp_path: Path) -> None:
    person = consenting(ConsentScope.KEEP_NOTES)
    person.assess_leadership(
        stage=LadderStage.LEADER,
        reason="Chaired the assembly",
        assessed_by=ASSESSOR,
        happened_at=EARLIER,
        now=NOW,
        recorded_by=RECORDER,
    )
    person.offer_skills(happened_at=None, now=NOW, skills=["facilitation"], recorded_by=RECORDER)
    person.keep_notes(happened_at=NOW, one_to_one_id=ONE_TO_ONE, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", person)

    assert_same_state(person, read_back)
    assert isinstance(read_back.name, PersonalData)
    assert read_back.name.subject == person.id
    assert read_back.name.value == "Bruno Member"
    assert read_back.stage is LadderStage.LEADER
    assert read_back.consents == {ConsentScope.KEEP_NOTES}
    assert read_back.notes_kept_in == [ONE_TO_ONE]


def test_a_forgotten_person_reads_back_forgotten(tmp_path: Path) -> None:
    person = register()
    person.forget(now=NOW, recorded_by=RECORDER)

    read_back = saved_and_read_back(tmp_path / "events.sqlite", person)

    assert_same_state(person, read_back)
    assert read_back.name.value == "forgotten person"
