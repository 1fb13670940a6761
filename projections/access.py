"""The access record as a list auditors can read: who read which person's personal data,
what they read and when, newest first, by account or by person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.access import AccessRecord
from projections.dialect import Cursor
from projections.view import View, handles, moment


@dataclass(frozen=True)
class Read:
    position: int
    account_id: UUID
    what: str
    record_id: UUID
    person_id: UUID
    read_at: datetime


class AccessLog(View):
    name = "access"
    tables = ("access_reads",)
    schema = (
        "CREATE TABLE IF NOT EXISTS access_reads ("
        " position INTEGER PRIMARY KEY, account_id TEXT NOT NULL, what TEXT NOT NULL,"
        " record_id TEXT NOT NULL, person_id TEXT NOT NULL, read_at TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS access_reads_by_account ON access_reads (account_id, position)",
        "CREATE INDEX IF NOT EXISTS access_reads_by_person ON access_reads (person_id, position)",
    )

    @handles(AccessRecord.Read)
    def _read(self, c: Cursor, position: int, e: AccessRecord.Read) -> None:
        c.execute(
            "INSERT INTO access_reads VALUES (?, ?, ?, ?, ?, ?)",
            (
                position,
                e.account_id.hex,
                e.what,
                e.record_id.hex,
                e.person_id.hex,
                moment(e.timestamp),
            ),
        )

    def reads(
        self,
        *,
        account_id: UUID | None = None,
        person_id: UUID | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Read]:
        """Reads of personal data, newest first, optionally of one account or one person and
        within a time range (`since` included, `until` excluded)."""
        sql = "SELECT * FROM access_reads WHERE 1 = 1"
        params: list[Any] = []
        if account_id is not None:
            sql += " AND account_id = ?"
            params.append(account_id.hex)
        if person_id is not None:
            sql += " AND person_id = ?"
            params.append(person_id.hex)
        if since is not None:
            sql += " AND read_at >= ?"
            params.append(moment(since))
        if until is not None:
            sql += " AND read_at < ?"
            params.append(moment(until))
        sql += " ORDER BY position DESC LIMIT ? OFFSET ?"
        params += [limit, offset]
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [
                Read(
                    position=r[0],
                    account_id=UUID(r[1]),
                    what=r[2],
                    record_id=UUID(r[3]),
                    person_id=UUID(r[4]),
                    read_at=datetime.fromisoformat(r[5]),
                )
                for r in c.fetchall()
            ]
