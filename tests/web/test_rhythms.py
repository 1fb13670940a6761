"""The rhythms the gathering series form offers, turned into recurrence rules the domain
accepts and read back in the same words on the series' page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.gathering import check_rrule
from interface.web.forms import Posted
from interface.web.gatherings import RULES, WEEKDAYS, WEEKS, rhythm_of, rrule_of
from interface.web.locale import ENGLISH, UTC_ZONE, Reader


def chosen(**values: str) -> Posted:
    return Posted(values, {}, Reader(ENGLISH, UTC_ZONE), {})


@pytest.mark.parametrize(
    ("values", "rule", "words"),
    [
        ({"rhythm": "weekly", "weekday": "MO"}, "FREQ=WEEKLY;BYDAY=MO", "Every Monday"),
        (
            {"rhythm": "fortnightly", "weekday": "FR", "week": "+2"},  # the week is not asked
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            "Every other Friday",
        ),
        (
            {"rhythm": "monthly", "weekday": "WE", "week": "+4"},
            "FREQ=MONTHLY;BYDAY=+4WE",
            "On the fourth Wednesday of each month",
        ),
        (
            {"rhythm": "monthly", "weekday": "SU", "week": "-1"},
            "FREQ=MONTHLY;BYDAY=-1SU",
            "On the last Sunday of each month",
        ),
    ],
)
def test_a_rhythm_chosen_in_words_is_a_rule_the_domain_accepts_and_reads_back(
    values: dict[str, str], rule: str, words: str
) -> None:
    form = chosen(**values)
    assert rrule_of(form) == rule and form.errors == {}
    assert check_rrule(rule, datetime(2026, 1, 1, 18, tzinfo=UTC)) == rule
    assert rhythm_of(rule) == words


def test_every_rhythm_offered_reads_back_in_words() -> None:
    for rhythm in RULES:
        for day in WEEKDAYS:
            for week in WEEKS:
                rule = rrule_of(chosen(rhythm=rhythm, weekday=day, week=week))
                assert rhythm_of(rule) != rule, rule


def test_a_choice_not_made_is_said_against_its_field() -> None:
    form = chosen(rhythm="monthly", weekday="XX")
    assert rrule_of(form) == ""
    assert form.errors == {"weekday": "Choose one.", "week": "Choose which week of the month."}
    assert rrule_of(none := chosen()) == "" and set(none.errors) == {"rhythm", "weekday"}


def test_a_rule_the_form_does_not_make_is_shown_as_it_is() -> None:
    assert rhythm_of("FREQ=YEARLY;BYMONTH=3") == "FREQ=YEARLY;BYMONTH=3"
