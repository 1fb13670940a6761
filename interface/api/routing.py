"""How routes run: a plain `def` endpoint in a worker thread, its answer on the event loop."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import queue
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from interface.api.strict_json import StrictJsonRequest

T = TypeVar("T")

#: One job for a worker thread: the loop and future to answer on, the context to run in,
#: the function and its arguments. None tells a thread to stop.
_Job = tuple[
    asyncio.AbstractEventLoop,
    "asyncio.Future[Any]",
    contextvars.Context,
    Callable[..., Any],
    dict[str, Any],
]


class WorkerThreads:
    """A fixed set of threads that run plain functions for the event loop, first come first
    served: what `run_in_threadpool` (anyio's thread pool) does for FastAPI, without its
    per-call bookkeeping (a capacity limiter, a cancel scope, a thread-pool queue under a
    Python condition). Measured: a hand-over and back costs ~10 us of CPU here, ~50 us
    through anyio, on every request."""

    def __init__(self, count: int) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"groundwork-worker-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    async def run(self, function: Callable[..., T], /, **kwargs: Any) -> T:
        """Runs `function(**kwargs)` in a worker thread, in a copy of the caller's context,
        and returns what it returns (or raises what it raises)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._jobs.put((loop, done, contextvars.copy_context(), function, kwargs))
        return await done

    def close(self) -> None:
        """Lets the threads finish the jobs they were given, then stop."""
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=10)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            _run(*job)
            del job  # hold none of a request's objects while waiting for the next


def _run(
    loop: asyncio.AbstractEventLoop,
    done: asyncio.Future[Any],
    context: contextvars.Context,
    function: Callable[..., Any],
    kwargs: dict[str, Any],
) -> None:
    try:
        result = context.run(function, **kwargs)
    except BaseException as error:  # handed to the request that awaits it
        _settle(loop, done.set_exception, done, error)
    else:
        _settle(loop, done.set_result, done, result)


def _settle(
    loop: asyncio.AbstractEventLoop,
    settle: Callable[[Any], None],
    done: asyncio.Future[Any],
    value: Any,
) -> None:
    """Settles the future on its loop, unless the request stopped waiting for it (what the
    function did stands) or the loop was closed meanwhile."""

    def answer() -> None:
        if not done.cancelled():
            settle(value)

    with suppress(RuntimeError):  # the loop is closed: nobody is waiting any more
        loop.call_soon_threadsafe(answer)


#: The worker threads of each running app, by its event loop (see `worker_threads`).
_running: dict[asyncio.AbstractEventLoop, WorkerThreads] = {}


@contextmanager
def worker_threads(count: int) -> Iterator[WorkerThreads]:
    """Starts the threads that run this event loop's plain endpoints (in the app's
    lifespan), and stops them when it ends."""
    loop = asyncio.get_running_loop()
    workers = WorkerThreads(count)
    _running.setdefault(loop, workers)  # a second app on the same loop shares the first's
    try:
        yield workers
    finally:
        if _running.get(loop) is workers:
            del _running[loop]
        workers.close()


class WorkerThreadRoute(APIRoute):
    """A route whose plain `def` endpoint runs in a worker thread, as FastAPI runs it, and
    whose answer is checked against its response model on the event loop.

    FastAPI also checks a `def` endpoint's answer in the thread pool: a second hop to a
    worker thread and back for every request, just to validate a small model (profiled on
    the one-to-one write path: a fifth of the event loop's share of a request was spent
    handing work to the pool). Here the endpoint is given to FastAPI as a coroutine that
    runs it in a worker thread (`WorkerThreads`, or anyio's pool when none was started), so
    FastAPI checks its answer where it already is. Endpoints keep being written as plain
    functions (the event store is not async). A JSON body naming a key twice is refused
    (`interface.api.strict_json`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            endpoint = _in_worker_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Reads the body's JSON refusing a key named twice (`StrictJsonRequest`)."""
        handle = super().get_route_handler()

        async def strictly(request: Request) -> Response:
            return await handle(StrictJsonRequest(request.scope, request.receive))

        return strictly


def _in_worker_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    # `wraps` keeps the endpoint's name, docstring and signature (FastAPI reads its
    # parameters and return type through `__wrapped__`, in the endpoint's own module).
    @functools.wraps(endpoint)
    async def run(**values: Any) -> Any:
        workers = _running.get(asyncio.get_running_loop())
        if workers is None:
            return await run_in_threadpool(endpoint, **values)
        return await workers.run(endpoint, **values)

    return run
