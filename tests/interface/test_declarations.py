"""A kind of record is declared once, and the rest of it is found where it is written; the
app refuses to start with a kind declared in part, naming the kind and the part it lacks.
Every kind on record is whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate
from fastapi import APIRouter

import interface.api
import interface.web
from domain.account import Role
from domain.kinds import Involvement, Kind, every_aggregate, every_kind
from interface.api.access import may
from interface.api.app import create_app
from interface.api.discovery import check_web_routes_apart, defines, routers_of
from interface.declarations import check_every_kind_declared, missing_parts
from interface.settings import Settings
from interface.web.records import RECORD_PAGES
from projections.summaries import tells_no_story
from tests.interface.roles import api_roles


class Lesson(Aggregate):
    """A kind of record written in a hurry: declared, but nothing else of it yet."""

    class Given(Aggregate.Created):
        network_id: UUID
        teacher: UUID

        def involved(self) -> Iterator[Involvement]:
            yield self.teacher, "taught"


class Rota(Aggregate):
    """A record of a network that forgot to declare its kind at all."""

    class Drawn(Aggregate.Created):
        network_id: UUID


def _routers(package: object) -> list[APIRouter]:
    return [router for _, router in routers_of(package)]  # type: ignore[arg-type]


def _lesson_read(with_roles: bool) -> APIRouter:
    router = APIRouter()

    def get_lesson(id: UUID) -> None: ...

    router.get("/lessons/{id}")(may(Role.ORGANISER)(get_lesson) if with_roles else get_lesson)
    return router


def test_a_kind_declared_in_part_is_refused_naming_each_part_it_lacks() -> None:
    api, web = _routers(interface.api), _routers(interface.web)
    declared = Kind("lesson", "/lessons")

    bare = missing_parts({Lesson: declared}, api, web, [Lesson, Rota])
    roles_forgotten = missing_parts({Lesson: declared}, [*api, _lesson_read(False)], web)
    page = APIRouter()

    def lesson_page(id: UUID) -> None: ...

    page.get("/app/lessons/{id}")(lesson_page)
    tells_no_story(Lesson.Given)
    whole = missing_parts(
        {Lesson: Kind("lesson", "/lessons", parts={"taught": "Taught a lesson"})},
        [*api, _lesson_read(True)],
        [*web, page],
    )

    assert bare == [
        "Rota: belongs to a network but declares no kind (KIND = Kind(...))",
        "Lesson (lesson): Lesson.Given has no summary (@summarises, or tells_no_story)",
        "Lesson (lesson): no read endpoint GET /lessons/{id}",
        "Lesson (lesson): no page GET /app/lessons/{id}",
        "Lesson (lesson): its events say who takes part, but it declares no parts",
    ]
    assert "Lesson (lesson): GET /lessons/{id} says no roles (@may)" in roles_forgotten
    assert whole == []
    with pytest.raises(RuntimeError, match="no page GET /app/lessons"):
        check_every_kind_declared({Lesson: declared}, api, web)


def test_every_kind_on_record_is_declared_whole_and_the_app_starts(tmp_path: Path) -> None:
    api, web = _routers(interface.api), _routers(interface.web)

    assert missing_parts(every_kind(), api, web, every_aggregate(), RECORD_PAGES) == []
    unread = missing_parts({Lesson: Kind("lesson", "/lessons")}, api, web, (), RECORD_PAGES)
    assert "Lesson (lesson): no page GET /app/lessons/{id}" in unread
    assert len([k for k in every_kind().values() if k.of_network]) >= 11
    assert create_app(Settings(database=tmp_path / "events.sqlite")).routes


def test_every_endpoint_admits_the_roles_on_file() -> None:
    """Roles are said beside each endpoint (`@may`) and enforced from there, so the access
    tests, which read them from the same place, would not see a role widened by mistake or
    an endpoint no longer found: this file, changed only in review, would."""
    on_file = (Path(__file__).parent / "endpoint_roles.txt").read_text().splitlines()
    served = sorted(
        f"{method} {path} {' '.join(sorted(role.value for role in roles))}"
        for (method, path), roles in api_roles().items()
    )

    assert served == on_file


def test_a_router_a_module_imports_is_not_taken_for_its_own() -> None:
    """An API router imported into a web module would otherwise be served as a page, with
    the session's checks and not the token's and the roles'."""
    import interface.api.skill_shares as api_module
    import interface.web.skill_shares as web_module

    assert defines(web_module, web_module.router)
    assert not defines(web_module, api_module.networks)
    with pytest.raises(RuntimeError, match="outside /app or with an API endpoint's roles"):
        check_web_routes_apart([api_module.networks], [])
    with pytest.raises(RuntimeError, match="is served by"):
        check_web_routes_apart([web_module.router], [web_module.router])
