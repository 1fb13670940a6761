"""The list views as CSV, for spreadsheets: the people directory, a campaign's timeline and
its weekly progress series, and the power map with its commitments.

Each export has a stable column order with headers in plain words, and is produced a page
of the view at a time, so a long list is streamed, never held whole. The API serves them
(`GET ….csv`) and so does the command line (`groundwork views export NAME --csv`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from domain.application import Groundwork
from domain.campaign import Campaign
from domain.network import Network
from interface.api.reading import in_chapters, name_of
from projections.people import People
from projections.power import PowerMap
from projections.progress import CampaignProgress
from projections.timeline import CampaignTimeline
from projections.view import NOW, Cut, View

V = TypeVar("V", bound=View)
#: How a caller finds an up-to-date view (the server's follower, or the command line's).
ViewOf = Callable[[type[V]], V]
PAGE_SIZE = 500


@dataclass(frozen=True)
class Export:
    """One list as CSV: what it is of (a network or a campaign), its columns, its rows."""

    of: str  # "network" or "campaign"
    columns: tuple[str, ...]
    #: Its rows, as they stood at a cut (`projections.view.Cut`; a list of people: now).
    rows: Callable[[Groundwork, ViewOf[Any], UUID, Cut], Iterator[tuple[Any, ...]]]
    about: str
    #: For a list of people: its rows for a reader acting for some chapters only (their
    #: people's); None for a list that names no one.
    rows_within: (
        Callable[[Groundwork, ViewOf[Any], UUID, frozenset[str]], Iterator[tuple[Any, ...]]] | None
    ) = None


def _paged(fetch: Callable[[int, int], list[Any]]) -> Iterator[Any]:
    offset = 0
    while page := fetch(PAGE_SIZE, offset):
        yield from page
        if len(page) < PAGE_SIZE:
            return
        offset += len(page)


def _today() -> date:
    return datetime.now(UTC).date()


def _people(
    app: Groundwork, view_of: ViewOf[Any], network_id: UUID, _: Cut = NOW
) -> Iterator[tuple[Any, ...]]:
    return _people_within(app, view_of, network_id, None)


def _people_within(
    app: Groundwork, view_of: ViewOf[Any], network_id: UUID, chapters: frozenset[str] | None
) -> Iterator[tuple[Any, ...]]:
    """The directory's rows, of everyone or (`chapters`) of those in one of these chapters,
    as the view has them and as their record has them now (they may have just left)."""
    app.read(Network, network_id)
    view: People = view_of(People)
    for p in _paged(
        lambda limit, offset: view.directory(
            network_id, chapters=chapters, limit=limit, offset=offset
        )
    ):
        if chapters is not None and not in_chapters(app, p.person_id, chapters):
            continue
        yield (
            p.person_id,
            name_of(app, p.person_id),
            "; ".join(p.communities),
            "; ".join(p.languages),
            p.stage or "",
            "; ".join(p.consents),
            p.registered_at.isoformat(),
            p.one_to_ones,
            p.gatherings,
            p.last_met_at.isoformat() if p.last_met_at else "",
        )


def _timeline(
    app: Groundwork, view_of: ViewOf[Any], campaign_id: UUID, cut: Cut = NOW
) -> Iterator[tuple[Any, ...]]:
    app.read(Campaign, campaign_id)
    view: CampaignTimeline = view_of(CampaignTimeline)
    for e in _paged(
        lambda limit, offset: view.entries(campaign_id, cut=cut, limit=limit, offset=offset)
    ):
        yield (
            e.position,
            e.happened_at.isoformat(),
            e.recorded_at.isoformat(),
            e.recorded_by,
            e.kind,
            e.summary,
            e.source,
            "yes" if e.correction else "no",
        )


def _progress(
    app: Groundwork, view_of: ViewOf[Any], campaign_id: UUID, cut: Cut = NOW
) -> Iterator[tuple[Any, ...]]:
    app.read(Campaign, campaign_id)
    view: CampaignProgress = view_of(CampaignProgress)
    progress = view.progress(campaign_id, today=_today(), cut=cut)
    for w in progress.weekly if progress else []:
        yield (w.measure.replace("_", " "), w.week.isoformat(), w.amount, w.cumulative)


def _holders(app: Groundwork, view_of: ViewOf[Any], network_id: UUID, cut: Cut) -> Iterator[Any]:
    app.read(Network, network_id)
    view: PowerMap = view_of(PowerMap)
    today = _today()
    return _paged(
        lambda limit, offset: view.holders(
            network_id, today=today, cut=cut, limit=limit, offset=offset
        )
    )


def _power_map(
    app: Groundwork, view_of: ViewOf[Any], network_id: UUID, cut: Cut = NOW
) -> Iterator[tuple[Any, ...]]:
    for h in _holders(app, view_of, network_id, cut):
        s = h.scorecard
        yield (
            h.power_holder_id,
            h.name,
            h.role,
            h.institution,
            h.stance.replace("_", " "),
            h.influence or "",
            h.asks,
            h.asks_answered_yes,
            s.kept,
            s.partly_kept,
            s.broken,
            s.open,
            s.overdue,
        )


def _commitments(
    app: Groundwork, view_of: ViewOf[Any], network_id: UUID, cut: Cut = NOW
) -> Iterator[tuple[Any, ...]]:
    for h in _holders(app, view_of, network_id, cut):
        for c in h.commitments:
            yield (
                h.power_holder_id,
                h.name,
                c.meeting_id,
                c.number,
                c.text,
                c.due.isoformat() if c.due else "",
                c.status.replace("_", " "),
                "yes" if c.overdue else "no",
                c.secured_at.isoformat(),
            )


EXPORTS: dict[str, Export] = {
    "people": Export(
        "network",
        (
            "person id",
            "name",
            "communities",
            "languages",
            "ladder stage",
            "consents",
            "registered at",
            "one-to-ones",
            "gatherings",
            "last met at",
        ),
        _people,
        "the network's people directory (names are personal data)",
        _people_within,
    ),
    "timeline": Export(
        "campaign",
        (
            "position",
            "happened at",
            "recorded at",
            "recorded by",
            "kind",
            "summary",
            "source",
            "correction",
        ),
        _timeline,
        "a campaign's story, in order of when things happened",
    ),
    "progress": Export(
        "campaign",
        ("measure", "week starting", "amount", "running total"),
        _progress,
        "a campaign's progress, each measure week by week",
    ),
    "power-map": Export(
        "network",
        (
            "power-holder id",
            "name",
            "role",
            "institution",
            "stance",
            "influence",
            "asks",
            "asks answered yes",
            "commitments kept",
            "commitments partly kept",
            "commitments broken",
            "commitments open",
            "commitments overdue",
        ),
        _power_map,
        "the network's power-holders with their stance, influence and scorecard",
    ),
    "commitments": Export(
        "network",
        (
            "power-holder id",
            "power-holder",
            "meeting id",
            "number",
            "commitment",
            "due",
            "status",
            "overdue",
            "secured at",
        ),
        _commitments,
        "every commitment power-holders made, with what became of it",
    ),
}


def check_subject(app: Groundwork, export: Export, id: UUID) -> None:
    """`NotFound` unless the network (or campaign) the export is of is on record: checked
    before the first line is sent, as a streamed file cannot change its status after."""
    app.read(Network if export.of == "network" else Campaign, id)


def csv_lines(export: Export, rows: Iterator[tuple[Any, ...]]) -> Iterator[str]:
    """The header, then each row, as CSV text, a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(export.columns)
    yield _taken(buffer)
    for row in rows:
        writer.writerow(row)
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
