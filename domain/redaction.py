"""Finding a person in text someone typed, and taking them out of it.

Forgetting a person rewords every typed text that names them (`domain.store.text`,
docs/free-text-erasure.md). People type names as they say them: with or without accents,
in any case, a first name alone, a phone number as it is dialled locally or with the
country's code. So a text names a person when, compared without case or accents, it holds:

- their name, or any word of it of three letters or more, as a word of its own;
- an e-mail address or anything else they gave as contact details, as it was given;
- a phone number of theirs: a run of seven or more digits (whatever spaces, dots, dashes or
  brackets were typed between them) whose last nine digits, or all if fewer, are those of
  one of their numbers.

It errs towards privacy: a namesake mentioned in the same text is taken out too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: What stands in a text where a forgotten person was named.
REDACTED = "[forgotten person]"
_WORD = re.compile(r"\w+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s().\-/]{5,}\d")
_BETWEEN = re.compile(r"[\s\-]*")
#: A name's words shorter than this are not looked for on their own ("da", "de", "Li").
SHORTEST_WORD = 3
#: How many of a phone number's last digits must match.
PHONE_DIGITS = 9
SHORTEST_PHONE = 7


def _fold(text: str) -> tuple[str, list[int]]:
    """The text without case or accents, and for each of its characters the index of the
    character of `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.casefold()):
            if not unicodedata.combining(part):
                folded.append(part)
                origin.append(i)
    return "".join(folded), origin


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _phone_tail(digits: str) -> str:
    return digits[-PHONE_DIGITS:]


@dataclass(frozen=True)
class Identifiers:
    """What names a person: words and phrases (folded), and phone numbers' last digits."""

    phrases: tuple[str, ...]
    phones: tuple[str, ...]

    @classmethod
    def of(cls, names: Iterable[str], contacts: Iterable[str]) -> Identifiers:
        phrases: set[str] = set()
        phones: set[str] = set()
        for name in names:
            folded = _fold(name.strip())[0]
            if folded:
                phrases.add(folded)
            phrases.update(w for w in _WORD.findall(folded) if len(w) >= SHORTEST_WORD)
        for contact in contacts:
            folded = _fold(contact.strip())[0]
            for email in _EMAIL.findall(folded):
                phrases.add(email)
            for run in _PHONE.findall(folded):
                if len(_digits(run)) >= SHORTEST_PHONE:
                    phones.add(_phone_tail(_digits(run)))
            rest = _PHONE.sub(" ", _EMAIL.sub(" ", folded)).strip(" ,;")
            if len(rest) >= SHORTEST_WORD:
                phrases.add(rest)
        # Longest first, so that a full name is taken out whole, not word by word.
        return cls(tuple(sorted(phrases, key=len, reverse=True)), tuple(sorted(phones)))

    def __bool__(self) -> bool:
        return bool(self.phrases or self.phones)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where in `text` the person is named: (start, end) of each, in order, merged."""
        folded, origin = _fold(text)
        found: list[tuple[int, int]] = []
        for phrase in self.phrases:
            pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
            found += [(m.start(), m.end()) for m in re.finditer(pattern, folded)]
        for m in _PHONE.finditer(folded):
            digits = _digits(m.group())
            if len(digits) >= SHORTEST_PHONE and _phone_tail(digits) in self.phones:
                found.append((m.start(), m.end()))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            # One mention, though its words were found apart: "Zawadi Mwangi" is one person.
            if merged and _BETWEEN.fullmatch(folded, merged[-1][1], max(start, merged[-1][1])):
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return [(origin[s], origin[e - 1] + 1) for s, e in merged]

    def name(self, text: str) -> bool:
        return bool(self.spans(text))

    def redact(self, text: str) -> str:
        """The text with every mention of the person replaced by `REDACTED`."""
        out, last = [], 0
        for start, end in self.spans(text):
            out += [text[last:start], REDACTED]
            last = end
        return "".join(out) + text[last:]
