"""The app factory: wires settings, the application service and the routes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from types import ModuleType

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

import interface.api
import interface.web
from domain.application import Groundwork
from domain.kinds import every_aggregate, every_kind
from domain.store.sqlite import check_readable
from interface.api.access import authorise, check_every_route_has_roles
from interface.api.common import AppDep
from interface.api.discovery import check_web_routes_apart, routers_of
from interface.api.errors import SIGNED_IN, UNAVAILABLE, install_error_handlers
from interface.api.following import FollowingProcess
from interface.api.headers import AnswerHeaders
from interface.api.limits import SignInGuard
from interface.api.routing import WorkerThreadRoute, worker_threads
from interface.declarations import check_every_kind_declared
from interface.sample import record_sample_account, record_sample_network_if_empty
from interface.settings import Settings
from interface.web.pages import install_web_error_handlers
from interface.web.records import RECORD_PAGES
from interface.web.session import same_origin
from interface.webhooks import Deliveries
from projections.follower import Follower, open_views

DESCRIPTION = """
Groundwork records the work of the community-organising cycle as immutable events:
one-to-ones, listening campaigns, actions, power-holder meetings and the decisions a
group makes along the way.

Every endpoint but `/health` needs a bearer token (`Authorization: Bearer gw_...`), issued
by `groundwork accounts add NAME --role ROLE` or by an admin; each endpoint says which
roles may call it. **401**: no valid token; **403**: the account's roles may not;
**429**: too many failed sign-ins from one address. Every recorded event carries the
account that recorded it.

Every `POST` records one command and answers **201** with the id of the record it
created or changed. Send an `Idempotency-Key` header to make retries safe. Errors
share one shape: `{"error", "detail", "field", "problems"}`; **422** names the field of
malformed input, **404** an id that is not on record, **409** a rule of the organising
cycle that would be broken. Nothing is recorded when a command fails.

Times are ISO 8601 with a UTC offset (`2026-11-20T18:30:00+01:00`); `happened_at` is
when something happened, as the organiser states it (now when left out, never in the
future), taken by every command about the organising work; the recording time is set by
the system. Timelines, weeks and latest states follow `happened_at`.
"""


#: The web app's stylesheet and script.
STATIC = Path(__file__).parents[1] / "web" / "static"
#: The largest request body accepted: a one-to-one's longest texts fit many times over.
MAX_BODY = 1024 * 1024


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    events: int = Field(
        description="The position of the last event in the log: on SQLite, how many events it "
        "holds; PostgreSQL's positions skip those of writes that were not committed.",
        examples=[412],
    )


#: The server's follower applies at most this many events per transaction. Its process and
#: the views' file are its own, so nobody waits on its transactions (they were kept to 25
#: events while views shared the event store's write lock with the requests); larger
#: batches make fewer commits, and a view that is behind moves on in larger steps.
SERVER_BATCH = 500


def record_sample_if_empty(groundwork: Groundwork, settings: Settings) -> None:
    """The sample network and its account, when the store holds nothing yet."""
    sample = record_sample_network_if_empty(groundwork)
    if sample:
        token_file = settings.sample_token_file()
        record_sample_account(groundwork, sample, token_file)
        logging.getLogger("uvicorn.error").info(
            "Recorded the sample network: %s. The sample account 'demo' (every role): "
            "its API token is in %s, its password for the web app beside it.",
            sample,
            token_file,
        )


def following_process(settings: Settings) -> FollowingProcess:
    """The process that keeps the views up to date and delivers webhooks."""
    return FollowingProcess(
        settings.event_store_env(),
        batch_size=SERVER_BATCH,
        webhook_retry_seconds=settings.webhook_retry_seconds,
    )


def from_environment() -> FastAPI:
    """The app as the GROUNDWORK_* environment configures it: what each of several API
    workers runs (`groundwork serve --workers N`)."""
    return create_app(Settings())


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, wired: nothing is opened until it starts serving (see `lifespan_of`), so
    tests build it with their own settings."""
    settings = settings or Settings()
    api = FastAPI(
        title="Groundwork",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan_of(settings),
        max_body_size=MAX_BODY,
    )
    # The app's own routes run like every router's (see `WorkerThreadRoute`).
    api.router.route_class = WorkerThreadRoute
    install_error_handlers(api)
    # Routes are matched in the order they are added: the service's own, then the web
    # app's, then the API's.
    add_service_routes(api)
    web, routers = routers_of(interface.web), routers_of(interface.api)
    check_web_routes_apart([r for _, r in web], [r for _, r in routers])
    add_web_app(api, [router for _, router in web])
    add_api_routers(api, routers)
    # A kind of record declared in part (no page, no summary, no roles) is refused here.
    check_every_kind_declared(
        every_kind(),
        [r for _, r in routers],
        [r for _, r in web],
        every_aggregate(),
        RECORD_PAGES,
    )
    return api


def lifespan_of(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """What the app opens as it starts serving, and closes as it stops: the application
    service, the views and the process that follows the log for them."""

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        groundwork = Groundwork(env=settings.event_store_env())
        check_readable(groundwork)  # a store encrypted with another key fails here, clearly
        # Endpoints run in worker threads (the event store is not async: see
        # `worker_threads` below; anything else FastAPI runs in threads goes to anyio's
        # pool, limited alike). Python runs one thread at a time, so threads beyond the
        # cores only fight over the interpreter: measured with benchmarks/write_path.py,
        # 2 threads on 2 cores record ~25% more one-to-ones a second than the default 40.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads()
        if settings.sample_data:
            record_sample_if_empty(groundwork, settings)
        # Accounts from before roles were per network act within every network on record
        # (granted once, by events); nothing is recorded for accounts already moved on.
        groundwork.scope_accounts_to_networks()
        api.state.groundwork = groundwork
        api.state.sign_in_guard = SignInGuard(
            settings.sign_in_attempts,
            settings.sign_in_address_attempts,
            settings.password_checks(),
        )
        # The views are read here, and followed in a process of their own (see
        # `interface.api.following`); they are opened (created) before it starts.
        api.state.follower = Follower(groundwork, open_views(groundwork))
        following = following_process(settings) if settings.follow else None
        if following is not None:
            following.start()
        # Delivered by the follower's process; read here, for where deliveries stand.
        deliveries = Deliveries(groundwork, retry_seconds=settings.webhook_retry_seconds)
        api.state.deliveries = deliveries
        try:
            with worker_threads(settings.threads()):
                yield
        finally:
            deliveries.close()
            if following is not None:
                following.stop()
            api.state.follower.close()
            groundwork.close()

    return lifespan


def add_service_routes(api: FastAPI) -> None:
    """The service's own routes: its health, and its home, which is the web app's."""

    @api.get("/health", tags=["service"], responses=UNAVAILABLE)
    async def health(app: AppDep) -> Health:
        """The service is up and its event store answers (on the event loop, not a worker
        thread, so it answers even while every worker waits on a lock)."""
        return Health(status="ok", events=app.recorder.max_notification_id() or 0)

    @api.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/app/")


def add_web_app(api: FastAPI, routers: list[APIRouter]) -> None:
    """The web app: its own sign-in (a session cookie), its pages, its files, its error
    pages, and the headers its pages are sent with."""
    for router in routers:
        # Every form post, signing in included, must come from a page of this site.
        api.include_router(router, dependencies=[Depends(same_origin)])
    api.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_web_error_handlers(api)
    api.add_middleware(AnswerHeaders)


def add_api_routers(api: FastAPI, found: list[tuple[ModuleType, APIRouter]]) -> None:
    """The API's routers, found in `interface.api`'s modules; every endpoint but /health
    signs the caller in and checks their roles."""
    check_every_route_has_roles([router for _, router in found] + [api.router])
    for module, router in found:
        # A module answering in another shape says how its refusals are documented (OSDI:
        # HAL answers, refusals in JSON).
        refusals = getattr(module, "REFUSALS", SIGNED_IN)
        api.include_router(router, dependencies=[Depends(authorise)], responses=refusals)
