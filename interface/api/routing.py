"""How routes run: a plain `def` endpoint in a worker thread, its answer on the event loop."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool


class WorkerThreadRoute(APIRoute):
    """A route whose plain `def` endpoint runs in a worker thread, as FastAPI runs it, and
    whose answer is checked against its response model on the event loop.

    FastAPI also checks a `def` endpoint's answer in the thread pool: a second hop to a
    worker thread and back for every request, just to validate a small model (profiled on
    the one-to-one write path: a fifth of the event loop's share of a request was spent
    handing work to the pool). Here the endpoint is given to FastAPI as a coroutine that
    runs it in the pool, so FastAPI checks its answer where it already is. Endpoints keep
    being written as plain functions (the event store is not async)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_worker_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)


def _in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    # `wraps` keeps the endpoint's name, docstring and signature (FastAPI reads its
    # parameters and return type through `__wrapped__`, in the endpoint's own module).
    @functools.wraps(endpoint)
    async def run(**values: Any) -> Any:
        return await run_in_threadpool(endpoint, **values)

    return run
