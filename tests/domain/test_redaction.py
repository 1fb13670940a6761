"""Finding a person in typed text as people type them, and taking them out of it."""

from __future__ import annotations

import pytest

from domain.redaction import REDACTED, Identifiers

ZAWADI = Identifiers.of(["Zawadi Mwangi-Otieno"], ["zawadi.m@example.org, +254 722 123 456"])


@pytest.mark.parametrize(
    ("typed", "left"),
    [
        ("Call ZAWADI on 0722-123-456", f"Call {REDACTED} on {REDACTED}"),
        ("Zawadí Mwangi-Otieno spoke first", f"{REDACTED} spoke first"),
        ("As Zawadi Mwangi argued", f"As {REDACTED} argued"),
        ("write to zawadi.m@example.org today", f"write to {REDACTED} today"),
        ("254 722.123.456 after six", f"{REDACTED} after six"),
        ("otieno, mwangi", f"{REDACTED}, {REDACTED}"),
    ],
)
def test_a_person_is_found_however_they_were_typed(typed: str, left: str) -> None:
    assert ZAWADI.name(typed)
    assert ZAWADI.redact(typed) == left


@pytest.mark.parametrize(
    "typed",
    [
        "Zawadis and Mwangis",  # other words that begin the same
        "Met on 2026-11-30 with 12 people",  # a date is not a phone number
        "Call 0733 999 888",  # another number
        "Peer support in Mombasa",
    ],
)
def test_text_that_does_not_name_them_is_left_as_it_was(typed: str) -> None:
    assert not ZAWADI.name(typed)
    assert ZAWADI.redact(typed) == typed


def test_short_words_of_a_name_are_not_looked_for_alone() -> None:
    li = Identifiers.of(["Li Na da Silva"], [])

    assert li.redact("Li said da capo; Silva came") == f"Li said da capo; {REDACTED} came"
    assert li.redact("Li Na da Silva came") == f"{REDACTED} came"


def test_a_person_with_nothing_to_find_names_no_text() -> None:
    nobody = Identifiers.of([""], [])

    assert not nobody
    assert nobody.redact("anything at all") == "anything at all"
