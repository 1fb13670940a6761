"""Taking people in from another tool (`groundwork import osdi-people`): an OSDI people
collection read from a file, every entry checked before any is recorded, then each person
registered with a command of their own.

All or nothing, as far as the checks go: an entry that is malformed, nameless, or names a
community the network does not span is refused with its place in the file and why, and
then nothing is recorded. Each person is then one short write (a large file never holds
the store's write lock for long, so a running server keeps answering), keyed by the
person's first identifier in the source tool: a person whose identifier was imported into
the network before is skipped, so importing a file again, after an interruption or a newer
export, adds only those not yet taken in. (People without identifiers cannot be told apart,
and would be registered again.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from domain.application import Groundwork, Recorded
from domain.errors import RuleBroken
from domain.network import Network
from domain.store.idempotency import RequestKey
from interface.api.errors import field_path
from interface.osdi import (
    OSDI_FIELDS,
    InvalidEntry,
    OsdiPersonIn,
    Registration,
    registration_of,
)

#: Where the people are in an OSDI people collection.
EMBEDDED = "_embedded.osdi:people"


class ImportRefused(Exception):
    """The file is not an OSDI people collection at all."""


def read_people(file: Path) -> tuple[str, list[Any]]:
    """The entries of a file and where they are in it: an OSDI people collection (HAL), or a
    JSON list of OSDI people."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportRefused("no such file") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ImportRefused(f"not JSON text in UTF-8 ({error})") from None
    if isinstance(data, list):
        return "", data
    embedded = data.get("_embedded") if isinstance(data, dict) else None
    people = embedded.get("osdi:people") if isinstance(embedded, dict) else None
    if isinstance(people, list):
        return EMBEDDED, people
    raise ImportRefused(
        'neither an OSDI people collection ({"_embedded": {"osdi:people": [...]}}) '
        "nor a list of OSDI people"
    )


@dataclass(frozen=True)
class Checked:
    """An entry that passed every check, ready to be registered."""

    registration: Registration
    key: RequestKey | None  # from its first identifier in the source tool, if it has one
    known: bool  # imported into the network before (by that identifier): skipped

    def record(self, app: Groundwork, network_id: UUID, by: UUID) -> Recorded:
        return app.register_person(
            network_id=network_id, **asdict(self.registration), recorded_by=by, key=self.key
        )


def check_entries(
    app: Groundwork, network_id: UUID, entries: list[Any], where: str
) -> tuple[list[Checked], list[str]]:
    """Each entry checked as registering it would be (recording nothing), and a line for
    each problem found, naming its place in the file. `NotFound` if the network is not."""
    app.read(Network, network_id, "network")
    checked: list[Checked] = []
    problems: list[str] = []
    first_of: dict[str, int] = {}  # identifier: the index of the entry that had it first
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        try:
            registration = registration_of(OsdiPersonIn.model_validate(entry))
            app.check_registration(network_id=network_id, **asdict(registration))
        except ValidationError as error:
            problems += [f"{at}.{field_path(e['loc'])}: {e['msg']}" for e in error.errors()]
            continue
        except InvalidEntry as error:
            problems.append(f"{at}.{error.field}: {error.detail}")
            continue
        except RuleBroken as error:
            field = OSDI_FIELDS.get(error.field or "", error.field)
            problems.append(f"{at}.{field}: {error.detail}" if field else f"{at}: {error.detail}")
            continue
        source_id = _first_identifier(entry)
        if source_id is not None and source_id in first_of:
            problems.append(
                f"{at}.identifiers: {source_id} is also the identifier of "
                f"{where}[{first_of[source_id]}]: the same person twice."
            )
            continue
        key = None
        if source_id is not None:
            first_of[source_id] = index
            key = RequestKey(
                key=f"osdi-import:{network_id.hex}:{source_id}", fingerprint=_of(entry)
            )
        checked.append(Checked(registration, key, key is not None and key.id in app.repository))
    return checked, problems


def _first_identifier(entry: dict[str, Any]) -> str | None:
    identifiers = entry.get("identifiers")
    if isinstance(identifiers, list) and identifiers and isinstance(identifiers[0], str):
        return identifiers[0]
    return None


def _of(entry: Any) -> str:
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
