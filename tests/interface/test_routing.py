"""Plain endpoints run in the app's worker threads; their answers are checked on the loop."""

from __future__ import annotations

import threading
import warnings
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.routing import BaseRoute

from interface.api.app import create_app
from interface.api.routing import WorkerThreadRoute, worker_threads
from interface.settings import Settings

if TYPE_CHECKING:
    from fastapi.testclient import TestClient


class Where(BaseModel):
    thread: str


def app_with(router: APIRouter, *, workers: bool = True) -> FastAPI:
    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        if not workers:
            yield
            return
        with worker_threads(2):
            yield

    api = FastAPI(lifespan=lifespan)
    api.include_router(router)
    return api


def client_of(api: FastAPI, **options: Any) -> TestClient:
    """An in-process client (Starlette's, which warns on import that it will want httpx2)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    return TestClient(api, **options)


def router_of_plain_endpoints() -> APIRouter:
    router = APIRouter(route_class=WorkerThreadRoute)

    @router.get("/where")
    def where(name: str = "") -> Where:
        """Says which thread answered."""
        return Where(thread=f"{name}{threading.current_thread().name}")

    @router.get("/refused")
    def refused() -> Where:
        raise HTTPException(status_code=409, detail="no")

    @router.get("/malformed", response_model=Where)
    def malformed() -> object:
        return {"place": "nowhere"}

    return router


def test_a_plain_endpoint_runs_in_one_of_the_apps_worker_threads() -> None:
    with client_of(app_with(router_of_plain_endpoints())) as client:
        answers = {client.get("/where", params={"name": "at "}).json()["thread"] for _ in range(20)}
    assert answers <= {"at groundwork-worker-0", "at groundwork-worker-1"}


def test_without_worker_threads_a_plain_endpoint_runs_in_the_thread_pool() -> None:
    with client_of(app_with(router_of_plain_endpoints(), workers=False)) as client:
        thread = client.get("/where").json()["thread"]
    assert thread != threading.current_thread().name
    assert not thread.startswith("groundwork-worker")


def test_what_an_endpoint_raises_and_an_answer_its_model_refuses_reach_the_client() -> None:
    with client_of(app_with(router_of_plain_endpoints()), raise_server_exceptions=False) as client:
        assert client.get("/refused").status_code == 409
        assert client.get("/malformed").status_code == 500


def test_the_endpoint_keeps_its_name_parameters_and_documentation() -> None:
    api = app_with(router_of_plain_endpoints())
    operation = api.openapi()["paths"]["/where"]["get"]
    assert operation["operationId"] == "where_where_get"
    assert operation["description"] == "Says which thread answered."
    assert [p["name"] for p in operation["parameters"]] == ["name"]


def test_the_worker_threads_stop_with_the_app() -> None:
    def workers() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("groundwork-worker")}

    # Those of other apps this process serves (the API tests' server) are not this app's.
    others = workers()
    with client_of(app_with(router_of_plain_endpoints())) as client:
        client.get("/where")
        its_own = workers() - others
    assert len(its_own) == 2
    assert not [t for t in its_own if t.is_alive()]
    assert workers() <= others


def routes_of(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, those of included routers too (FastAPI 0.16x keeps an included router
    whole, as one route that refers to it, and resolves its routes lazily)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from routes_of(included.routes)
        else:
            yield route


def test_every_endpoint_of_the_app_and_the_web_app_is_a_worker_thread_route(
    tmp_path: Path,
) -> None:
    api = create_app(Settings(database=tmp_path / "events.sqlite"))
    endpoints = [r for r in routes_of(api.routes) if isinstance(r, APIRoute)]
    left_to_fastapi = [
        f"{sorted(r.methods)} {r.path}" for r in endpoints if not isinstance(r, WorkerThreadRoute)
    ]

    assert {"/health", "/one-to-ones", "/webhooks", "/app/sign-in"} <= {r.path for r in endpoints}
    assert any(r.path.startswith("/osdi/") for r in endpoints)
    assert left_to_fastapi == []
