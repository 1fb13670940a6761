"""Skill-shares through the API: recorded by an organiser, read as recorded, rolled up per
network into the skills its members taught each other, counted in each person's history as
a part they took; refused with the rule or field named, and never outside the caller's
networks."""

from __future__ import annotations

from typing import Any

import httpx

from tests.interface.conftest import Network, Server, ago, created

SKILL = "Running a one-to-one"


def _share(network: Network, **overrides: Any) -> dict[str, Any]:
    return {
        "network_id": network.id,
        "community": "Kenya",
        "skill": SKILL,
        "happened_at": ago(days=3),
        "duration_minutes": 90,
        "taught_by": network.organiser,
        "learner_ids": [network.member],
        "reflections": "Listening first was the hardest part.",
    } | overrides


def _person(api: httpx.Client, network: Network, name: str) -> str:
    body = {"network_id": network.id, "name": name, "communities": ["Portugal"]}
    return created(api.post("/people", json=body))


def test_a_skill_share_is_recorded_read_rolled_up_and_counted_as_a_part_taken(
    server: Server, api: httpx.Client, network: Network
) -> None:
    newcomer = _person(api, network, "Newcomer")
    first = created(api.post("/skill-shares", json=_share(network)))
    second = created(
        api.post(
            "/skill-shares",
            json=_share(
                network,
                happened_at=ago(days=1),
                taught_by=network.member,
                learner_ids=[newcomer, network.organiser],
                reflections="",
            ),
        )
    )
    created(api.post("/skill-shares", json=_share(network, skill="Telling one's story")))
    server.wait_for_views()

    shown = api.get(f"/skill-shares/{first}").json()
    listed = api.get(f"/networks/{network.id}/skill-shares").json()
    member = api.get(f"/people/{network.member}/history").json()

    assert shown["skill"] == SKILL and shown["community"] == "Kenya"
    assert shown["taught_by"] == network.organiser
    assert shown["learner_ids"] == [network.member]
    assert shown["reflections"] == "Listening first was the hardest part."
    assert [s["id"] for s in listed["skill_shares"]][:1] == [second]
    assert len(listed["skill_shares"]) == 3
    by_skill = {t["skill"]: (t["times"], t["learners"]) for t in listed["skills_taught"]}
    assert by_skill == {SKILL: (2, 3), "Telling one's story": (1, 1)}
    assert listed["skills_taught"][0]["skill"] == SKILL  # the most often taught first
    assert member["parts"]["taught"] == 1
    assert member["parts"]["learned"] == 2


def test_a_skill_share_that_breaks_a_rule_is_refused_by_name_and_records_nothing(
    server: Server, api: httpx.Client, network: Network
) -> None:
    before = server.event_count()
    cases = {
        "teacher among learners": _share(network, learner_ids=[network.member, network.organiser]),
        "no skill": _share(network, skill="   "),
        "no learner": _share(network, learner_ids=[]),
        "a community the network does not span": _share(network, community="Brazil"),
        "a network not on record": _share(
            network, network_id="00000000-0000-4000-8000-00000000ffff"
        ),
        "a learner not on record": _share(
            network, learner_ids=["00000000-0000-4000-8000-00000000fffe"]
        ),
        "a day yet to come": _share(network, happened_at=ago(days=-2)),
    }
    answers = {why: api.post("/skill-shares", json=body) for why, body in cases.items()}

    def said(why: str) -> tuple[int, str, str | None]:
        body = answers[why].json()
        return answers[why].status_code, body["error"], body["field"]

    assert said("teacher among learners") == (409, "TeacherAmongLearners", "body.learner_ids")
    assert said("no skill")[0] == 422 and said("no skill")[2] == "body.skill"
    assert said("no learner")[0] == 422 and said("no learner")[2] == "body.learner_ids"
    assert said("a community the network does not span")[0] == 409
    assert said("a community the network does not span")[2] == "body.community"
    assert said("a network not on record")[0] == 404
    assert said("a learner not on record")[0] == 404
    assert said("a learner not on record")[2] == "body.learner_ids[0]"
    assert said("a day yet to come")[0] in (409, 422)
    assert said("a day yet to come")[2] == "body.happened_at"
    assert server.event_count() == before


def test_a_skill_share_outside_the_callers_networks_is_not_found(
    server: Server, api: httpx.Client, network: Network
) -> None:
    share = created(api.post("/skill-shares", json=_share(network)))
    token = server.add_account(f"elsewhere-{network.id[:8]}", ["organiser", "leader"], networks=[])
    elsewhere = {"Authorization": f"Bearer {token}"}
    server.wait_for_views()

    record = api.get(f"/skill-shares/{share}", headers=elsewhere)
    listed = api.get(f"/networks/{network.id}/skill-shares", headers=elsewhere)
    recorded = api.post("/skill-shares", json=_share(network), headers=elsewhere)
    auditor = httpx.get(
        f"{server.url}/skill-shares/{share}",
        headers={"Authorization": f"Bearer {server.tokens['auditor']}"},
    )

    assert record.status_code == listed.status_code == recorded.status_code == 404
    assert auditor.status_code == 403  # auditors reconstruct decisions, not skill-shares
