"""Reading collective progress: what a reader is given (totals, the leadership pipeline, moves
along it, the themes heard most and the weekly series) and the queries that fill it from the
tables `projections.collective` keeps.

Reading is two steps: one read transaction fetches the sums and rows (`fetch`), then the
running totals are added up in Python, outside it (`progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.values import LadderStage
from projections.dialect import Cursor
from projections.view import monday

NETWORK = ""  # the community under which the whole network is counted
#: Kept with the totals (not a measure shown): the commitments still open that have a due
#: day, so that what is overdue is that less those due today or later.
OPEN_WITH_DUE_DAY = "open_with_due_day"

#: Every weekly measure, in the order they are shown.
MEASURES = (
    "people_registered",
    "people_reached",
    "one_to_ones",
    "listening_sessions",
    "listening_participants",
    "actions_held",
    "actions_cancelled",
    "turnout",
    "turnout_pledged",
    "commitments_won",
    "commitments_kept",
    "commitments_partly_kept",
    "commitments_broken",
)
UNASSESSED = "unassessed"
#: The ladder, from its first rung, after those not yet assessed.
STAGES = (UNASSESSED, *(s.value for s in LadderStage))


@dataclass
class WeekCount:
    """A measure's amount in a week, and its running total. Not frozen: a frozen dataclass
    takes three times as long to make, and a year of weeks is up to 13 x 52 of them."""

    measure: str
    week: date
    amount: int
    cumulative: int


@dataclass(frozen=True)
class Movement:
    week: date
    from_stage: str
    to_stage: str
    people: int


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    mentions: int
    sessions: int


@dataclass(frozen=True)
class Collective:
    network_id: UUID
    community: str | None
    totals: dict[str, int]
    turnout_ratio: float | None  # turnout over pledges, for actions held
    commitments_overdue: int | None  # network-wide only
    pipeline: dict[str, int]  # people at each ladder stage now
    movements: list[Movement]
    themes: list[ThemeCount]
    weekly: list[WeekCount]
    #: The zone the weeks were counted in: each starts on Monday at midnight there.
    time_zone: str


@dataclass(frozen=True)
class Fetched:
    """What one read transaction fetched, before the running totals are added up."""

    #: Each measure's total.
    totals: dict[str, int]
    #: (measure, week, amount) from the first week read, in order of week.
    weekly_rows: list[tuple[str, str, int]]
    stages: dict[str, int]
    moves: list[Movement]
    themes: list[ThemeCount]
    overdue: int | None


def fetch(
    c: Cursor,
    network: str,
    community: str | None,
    *,
    since: date | None,
    today: date,
    themes: int,
    movements: bool,
) -> Fetched:
    """The sums and rows of a network's (or one community's) progress, the weekly rows and
    moves from the week of `since` (or the whole history); see
    `CollectiveProgress.collective`."""
    k, first = community or NETWORK, monday(since).isoformat() if since else ""
    return Fetched(
        totals=_totals(c, network, k),
        weekly_rows=_weekly_rows(c, network, k, first),
        stages=_stages(c, network, k),
        moves=_moves(c, network, k, first) if movements else [],
        themes=_top_themes(c, network, k, themes),
        overdue=_overdue(c, network, today) if community is None else None,
    )


def _totals(c: Cursor, network: str, k: str) -> dict[str, int]:
    # Kept as they happen: a row a measure, however long the history.
    c.execute(
        "SELECT measure, amount FROM collective_totals WHERE network_id = ? AND community = ?"
        " AND measure != ?",
        (network, k, OPEN_WITH_DUE_DAY),
    )
    return {measure: int(amount) for measure, amount in c.fetchall()}


def _weekly_rows(c: Cursor, network: str, k: str, first: str) -> list[tuple[str, str, int]]:
    c.execute(
        "SELECT measure, week, amount FROM collective_weekly WHERE network_id = ?"
        " AND community = ? AND week >= ? AND amount != 0 ORDER BY week, measure",
        (network, k, first),
    )
    rows: list[tuple[str, str, int]] = c.fetchall()
    return rows


def _stages(c: Cursor, network: str, k: str) -> dict[str, int]:
    c.execute(
        "SELECT stage, people FROM collective_stages WHERE network_id = ? AND community = ?",
        (network, k),
    )
    return dict(c.fetchall())


def _moves(c: Cursor, network: str, k: str, first: str) -> list[Movement]:
    c.execute(
        "SELECT week, from_stage, to_stage, people FROM collective_moves"
        " WHERE network_id = ? AND community = ? AND week >= ?"
        " ORDER BY week, from_stage, to_stage",
        (network, k, first),
    )
    return [Movement(date.fromisoformat(r[0]), *r[1:]) for r in c.fetchall()]


def _top_themes(c: Cursor, network: str, k: str, limit: int) -> list[ThemeCount]:
    c.execute(
        "SELECT theme, mentions, sessions FROM collective_themes WHERE network_id = ?"
        " AND community = ? ORDER BY mentions DESC, sessions DESC, key LIMIT ?",
        (network, k, limit),
    )
    return [ThemeCount(*r) for r in c.fetchall()]


def _overdue(c: Cursor, network: str, today: date) -> int:
    """The commitments still open past their due day (network-wide only: commitments
    belong to campaigns, not communities): those open with a due day, less those due today
    or later, so that the rows read are the days to come, not every day of the history."""
    c.execute(
        "SELECT COALESCE((SELECT amount FROM collective_totals WHERE network_id = ?"
        " AND community = ? AND measure = ?), 0) - COALESCE((SELECT SUM(open)"
        " FROM collective_open_due WHERE network_id = ? AND due >= ?), 0)",
        (network, NETWORK, OPEN_WITH_DUE_DAY, network, today.isoformat()),
    )
    return int(c.fetchone()[0])


def progress(
    network_id: UUID, community: str | None, fetched: Fetched, time_zone: str
) -> Collective:
    """The progress read, with each week's running total added up from the total before
    the first week read (the total, less the weeks read)."""
    totals = dict.fromkeys(MEASURES, 0)
    totals.update(fetched.totals)
    running = dict(totals)
    for measure, _, amount in fetched.weekly_rows:
        running[measure] -= amount
    weekly, days = [], {week: date.fromisoformat(week) for _, week, _ in fetched.weekly_rows}
    for measure, week, amount in fetched.weekly_rows:
        running[measure] += amount
        weekly.append(WeekCount(measure, days[week], amount, running[measure]))
    return Collective(
        network_id=network_id,
        community=community,
        totals=totals,
        turnout_ratio=(
            round(totals["turnout"] / totals["turnout_pledged"], 3)
            if totals["turnout_pledged"]
            else None
        ),
        commitments_overdue=fetched.overdue,
        pipeline={s: int(fetched.stages.get(s, 0)) for s in STAGES},
        movements=fetched.moves,
        themes=fetched.themes,
        weekly=weekly,
        time_zone=time_zone,
    )
