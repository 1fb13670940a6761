"""The baseline for the write-path benchmark: the least a durable HTTP write can cost.

A bare FastAPI app with one endpoint, `POST /one-to-ones`, that accepts a JSON body and
does one durable SQLite insert per request: WAL journal mode, `synchronous=FULL`, the raw
body inserted into a table, committed before the 201 answer. One connection behind a lock,
so each commit waits for its own WAL fsync, as Groundwork's commits do.

Serve it with:

    BASELINE_DATABASE=/tmp/baseline.sqlite \\
        .venv/bin/uvicorn --factory --app-dir benchmarks baseline_app:create_app
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from pydantic import BaseModel

#: The environment variable that names the SQLite file.
DATABASE_ENV = "BASELINE_DATABASE"
#: The environment variable that sets how many worker threads run requests.
THREADS_ENV = "BASELINE_WORKER_THREADS"


class Created(BaseModel):
    id: int


class Health(BaseModel):
    status: str


class Store:
    """One SQLite connection, used by one thread at a time."""

    def __init__(self, path: str) -> None:
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=FULL")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS one_to_ones "
            "(id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL)"
        )

    def insert(self, body: bytes) -> int:
        with self._lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("INSERT INTO one_to_ones (body) VALUES (?)", (body,))
                row_id = cursor.lastrowid
                cursor.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    cursor.execute("ROLLBACK")
                raise
            finally:
                cursor.close()
        assert row_id is not None
        return row_id

    def ping(self) -> None:
        with self._lock:
            self._connection.execute("SELECT 1").fetchone()

    def close(self) -> None:
        with self._lock:
            self._connection.close()


async def raw_body(request: Request) -> bytes:
    """The request body as sent (Starlette caches it, so the JSON parse reads it too)."""
    return await request.body()


async def get_store(request: Request) -> Store:  # async: no thread hop, as in Groundwork
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def create_app() -> FastAPI:
    path = os.environ[DATABASE_ENV]

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        store = Store(path)
        api.state.store = store
        # The same number of worker threads as the Groundwork server it is compared with.
        threads = int(os.environ.get(THREADS_ENV, "40"))
        to_thread.current_default_thread_limiter().total_tokens = threads
        try:
            yield
        finally:
            store.close()

    api = FastAPI(title="Write-path baseline", lifespan=lifespan)

    @api.get("/health")
    def health(store: StoreDep) -> Health:
        store.ping()
        return Health(status="ok")

    @api.post("/one-to-ones", status_code=201)
    def record(
        payload: dict[str, Any],
        body: Annotated[bytes, Depends(raw_body)],
        store: StoreDep,
    ) -> Created:
        """Insert the body as sent; `payload` only makes FastAPI check that it is JSON."""
        return Created(id=store.insert(body))

    return api
