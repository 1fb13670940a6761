"""Page benchmark: the web app's campaign page and collective progress dashboard, as history
grows.

The requirement (issue "web app"): page render time of the campaign and dashboard pages at
1,000,000 events within 1.5 times that at 10,000.

For each size of history (default 10,000 and 1,000,000 events):

1. The synthetic network of `benchmarks/projections.py`, recorded through the real domain in a
   child process by that script's own code (its docstring says how: chapters, each with its
   campaign, starting ever more often over four years, so that history grows by more
   campaigns, people and records while each campaign's story stays about the same length).
   `--workdir DIR` keeps the recordings and reuses them (the same files as
   `projections.py --workdir DIR`).
2. The views rebuilt by `groundwork projections rebuild` itself (timed, not a target), unless
   a reused recording's views are already at the log's head (`--rebuild` rebuilds anyway).
3. An account with the roles the pages need (organiser, leader, auditor) and a password,
   recorded through the application service as `groundwork accounts add` and
   `groundwork accounts password` record them (a few events added to the recording's log,
   and signing in adds one each run); what each page should show is read from the
   views and the event store at the same time, to check the responses against.
4. A real `groundwork serve --no-sample-data --database FILE` (uvicorn) on a free loopback
   port, run from this repository's code (PYTHONPATH), signed in to through the sign-in form
   (its session cookie), and asked once its views are at the log's head (`GET /views`).
   The servers of every size run side by side, each with its own file.

Then, from this process, one request at a time over one kept-alive connection per server
(render time, not throughput): the campaign page (`/app/campaigns/{id}`: the timeline's
first 50 entries, the targets' progress, the burn-up chart) for campaigns drawn at random
(fixed seed), and the dashboard (`/app/networks/{id}/progress`: totals, six pygal
charts, tables, over the last two years: `?period=104`) for the whole network and
for one community (`?community=`, the one whose dashboard reads the most). A warm-up
first asks each server for each of its pages once (each campaign drawn, each dashboard):
its first touch, which at a large size may read the
file from disk as the OS page cache decides, timed and shown but not judged. Then the timed
requests: every kind mixed in a shuffled order, each asked of every size in turn, so that
the machine's load, which changes from second to second on a shared machine, falls on
every size alike and the ratios compare like with like. A `GET /health` (no page, no
view) is timed as well: the round trip that every request pays at every size.

Every response must be a 200 that shows what it should, or the run fails: the campaign's
name, as many timeline entries as the view holds for its first page (up to 50), a chart
when a target has progress; the dashboard's network, a chart for each series that has data;
and "0 events behind the log". `--others N` also times the network page and the one-to-one
form N times each (not a target): they list the network's campaigns and people.

The dashboard reads weekly sums: its cost grows with the weeks it shows and how many of
them have data, not with events as such. It shows a period, the last 52 weeks unless asked
for more, and sums the totals in the database. Here it is asked for the last two years:
the synthetic history is four years long at every size and ends about a year before the
recording (so the default period would show little of it), and the same period at every
size draws as many weeks. At 10,000 events many of them are empty; the report prints how
many weekly rows and weeks each dashboard read and drew, to read its ratio by.

Target: the p50 and the p95 of each page at the largest size at most 1.5 times those at the
smallest. The script exits 0 whatever the figures, and 1 if a request failed or a page did
not show what it should.

    .venv/bin/python benchmarks/pages.py [--sizes 10000,1000000] [--campaigns 200]
        [--dashboards 100] [--others 5] [--quick] [--seed 1] [--workdir DIR] [--rebuild]

At the default sizes a run takes 10 to 20 minutes on a 2-core machine, nearly all of it
recording and rebuilding the 1,000,000 events; with `--workdir`, later runs reuse both and
take a minute or two.

Nothing personal is printed: the people are fictional, and only counts and timings are shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
# Groundwork's packages and the other benchmarks are imported from the repository's root:
# `benchmarks.projections`, never `projections`, which is Groundwork's package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCHMARKS]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import html  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from urllib.parse import urlencode  # noqa: E402
from uuid import UUID  # noqa: E402

import httpx  # noqa: E402

from benchmarks import projections as history  # noqa: E402
from benchmarks.write_path import GROUNDWORK, Server, free_port, running  # noqa: E402
from domain.account import COMMAND_LINE, Role  # noqa: E402
from domain.campaign import Campaign  # noqa: E402
from domain.credentials import account_id  # noqa: E402
from domain.network import Network  # noqa: E402
from interface.web import charts  # noqa: E402
from interface.web.dashboard import PERIODS  # noqa: E402
from projections.collective import CollectiveProgress  # noqa: E402
from projections.follower import Follower, open_views  # noqa: E402
from projections.progress import CampaignProgress  # noqa: E402
from projections.timeline import CampaignTimeline  # noqa: E402

QUICK_SIZES = history.QUICK_SIZES
TARGET_RATIO = 1.5
#: How long the server may take to bring its views to the log's head after it starts.
CATCH_UP_TIMEOUT = 300.0
REQUEST_TIMEOUT = 600.0
#: The account the benchmark signs in with.
ACCOUNT = "page-bench"
ROLES = [Role.ORGANISER, Role.LEADER, Role.AUDITOR]

BEHIND = re.compile(r"The views are (\d+) events? behind the log")
TIMELINE = re.compile(r'<ol class="timeline"[^>]*>(.*?)</ol>', re.DOTALL)

#: The pages judged, in the order they are reported.
CAMPAIGN = "campaign page"
NETWORK_DASHBOARD = "dashboard, whole network"
COMMUNITY_DASHBOARD = "dashboard, one community"
JUDGED = (CAMPAIGN, NETWORK_DASHBOARD, COMMUNITY_DASHBOARD)
#: Timed, not judged.
HEALTH = "GET /health (round trip)"
NETWORK_PAGE = "network page (campaigns)"
ONE_TO_ONE_FORM = "one-to-one form (people)"


class PageWrong(Exception):
    """A response that is not the page it should be: the figures would mean nothing."""


# --- what each page should show, read beside the server ---------------------------------------


@dataclass
class Expected:
    """A page to ask for, and what it should show: read from the event store and the views
    in this process, not from the server."""

    url: str
    texts: list[str] = field(default_factory=list)
    #: Whether the page says how far behind the log its views are (and so must say 0).
    current: bool = True
    entries: int | None = None  # timeline entries on the first page
    charts: int | None = None
    #: What the page reads, to interpret its time by.
    rows: dict[str, int] = field(default_factory=dict)

    def check(self, response: httpx.Response) -> str:
        """The page, or `PageWrong` if it is not the page it should be."""
        if response.status_code != 200:
            raise PageWrong(f"{self.url} answered {response.status_code}, not 200")
        page = response.text
        for text in self.texts:
            if text not in page:
                raise PageWrong(f"{self.url} does not show {text!r}")
        behind = BEHIND.search(page)
        if self.current and (behind is None or behind.group(1) != "0"):
            raise PageWrong(f"{self.url} was not read from views at the log's head")
        if self.entries is not None:
            timeline = TIMELINE.search(page)
            shown = timeline.group(1).count("<li") if timeline else 0
            if shown != self.entries:
                raise PageWrong(f"{self.url} shows {shown} timeline entries, not {self.entries}")
        if self.charts is not None and page.count("<svg") != self.charts:
            raise PageWrong(f"{self.url} shows {page.count('<svg')} charts, not {self.charts}")
        return page


@dataclass
class Plan:
    """The pages asked for at one size."""

    campaigns: list[Expected]  # the sample, drawn with replacement
    network_dashboard: Expected
    community_dashboard: Expected
    community: str
    network_page: Expected
    one_to_one_form: Expected


#: The dashboard's period asked for: the last two years, which hold the synthetic history's
#: last year at every size (it ends about a year before it is recorded).
DASHBOARD_PERIOD = "104"
DASHBOARD_WEEKS = PERIODS[DASHBOARD_PERIOD][1] or 0


def plan(database: Path, campaigns_file: Path, seed: int, draws: int) -> Plan:
    """Campaigns drawn at random and a community (fixed seed), with what their pages should
    show, read from views at the log's head."""
    app = history.open_app(database)
    follower = Follower(app, open_views(app))
    try:
        (network_id,) = app.network_ids()
        network = app.read(Network, network_id)
        timeline = follower.view_of(CampaignTimeline)[0]
        progress = follower.view_of(CampaignProgress)[0]
        collective = follower.view_of(CollectiveProgress)[0]
        refs = [history.CampaignRef(**c) for c in json.loads(campaigns_file.read_text())]
        rng = random.Random(seed)
        drawn = [UUID(rng.choice(refs).id) for _ in range(draws)]
        today = datetime.now(UTC).date()
        pages: dict[UUID, Expected] = {}
        for campaign_id in dict.fromkeys(drawn):
            done = progress.progress(campaign_id, today=today)
            if done is None:
                raise PageWrong(f"campaign {campaign_id} is not in the progress view")
            entries = len(timeline.entries(campaign_id, limit=50))
            pages[campaign_id] = Expected(
                url=f"/app/campaigns/{campaign_id}",
                texts=[f"<h1>{html.escape(app.read(Campaign, campaign_id).name)}</h1>"],
                entries=entries,
                charts=int(any(t.done for t in done.targets)),  # the burn-up
                rows={"entries": entries, "weekly": len(done.weekly)},
            )

        def dashboard(community: str | None) -> Expected:
            # The same period at every size, so that the pages draw as many weeks.
            since = charts.weeks_back(DASHBOARD_WEEKS, network.time_zone)
            c = collective.collective(
                network_id, today=today, community=community, movements=False, since=since
            )
            asked = {"community": community, "period": DASHBOARD_PERIOD}
            query = f"?{urlencode({k: v for k, v in asked.items() if v})}"
            one_to_ones = [w.week for w in c.weekly if w.measure == "one_to_ones"]
            return Expected(
                url=f"/app/networks/{network_id}/progress{query}",
                texts=["<h1>Collective progress</h1>", html.escape(network.name)],
                # One-to-ones week by week, the pipeline (always drawn), listening reach,
                # the themes, turnout against pledges, commitments (each when it has data).
                charts=bool(one_to_ones)
                + 1
                + any(w.measure == "listening_participants" for w in c.weekly)
                + bool(c.themes)
                + any(w.measure in ("turnout", "turnout_pledged") for w in c.weekly)
                + bool(c.commitments_overdue or any(c.totals.get(k) for k in charts.COMMITMENTS)),
                rows={
                    "weekly": len(c.weekly),
                    "weeks": len({w.week for w in c.weekly}),
                    "charted": len(charts.weeks_of(one_to_ones, since, c.time_zone))
                    if one_to_ones
                    else 0,
                },
            )

        # The community whose dashboard reads the most: one with little recorded would draw
        # no chart of its one-to-ones.
        communities = {c: dashboard(c) for c in network.communities}
        community = max(communities, key=lambda c: communities[c].rows["weekly"])
        return Plan(
            campaigns=[pages[c] for c in drawn],
            network_dashboard=dashboard(None),
            community_dashboard=communities[community],
            community=community,
            network_page=Expected(
                url=f"/app/networks/{network_id}",
                texts=[f"<h1>{html.escape(network.name)}</h1>"],
                current=False,
            ),
            one_to_one_form=Expected(
                url=f"/app/networks/{network_id}/one-to-ones/new",
                texts=['<select id="person_id"', '<select id="campaign_id"'],
                current=False,
            ),
        )
    finally:
        follower.close()
        app.close()


def views_at_head(database: Path) -> bool:
    app = history.open_app(database)
    follower = Follower(app, open_views(app))
    try:
        return all(s.lag == 0 and s.failure is None for s in follower.status())
    finally:
        follower.close()
        app.close()


def sign_up(database: Path) -> tuple[str, str]:
    """The benchmark's account, created if it is not on record, with a new password: a bearer
    token (for `GET /views`) and the password (to sign in to the web app with)."""
    password = secrets.token_urlsafe(24)
    app = history.open_app(database)
    try:
        wanted = account_id(ACCOUNT)
        if wanted in app.account_ids():
            token = app.issue_token(wanted, recorded_by=COMMAND_LINE).token
        else:
            token = app.create_account(name=ACCOUNT, roles=ROLES, recorded_by=COMMAND_LINE).token
        app.set_password(wanted, password=password, recorded_by=COMMAND_LINE)
    finally:
        app.close()
    assert token is not None
    return token, password


# --- the server, and the requests ----------------------------------------------------------


def server_env() -> dict[str, str]:
    """The environment of `groundwork`: no GROUNDWORK_ settings from the caller's, and this
    repository's packages first on the path (the virtualenv's `groundwork` may be installed
    in editable mode from another checkout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROUNDWORK_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def rebuild(database: Path) -> float:
    """Seconds `groundwork projections rebuild` took on the file."""
    began = time.perf_counter()
    done = subprocess.run(
        [str(GROUNDWORK), "projections", "rebuild", "--database", str(database)],
        env=server_env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise RuntimeError(f"groundwork projections rebuild failed:\n{done.stderr[-2000:]}")
    return seconds


def groundwork_server(database: Path, log: Path) -> Server:
    port = free_port()
    return Server(
        name="groundwork",
        args=[
            *(str(GROUNDWORK), "serve", "--host", "127.0.0.1", "--port", str(port)),
            *("--database", str(database), "--no-sample-data"),
        ],
        env=server_env(),
        port=port,
        log=log,
    )


def peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def sign_in(client: httpx.Client, password: str) -> None:
    # From a page of the site, as a browser's form post is (the sign-in form refuses any
    # other: `interface.web.session.same_origin`).
    response = client.post(
        "/app/sign-in",
        data={"name": ACCOUNT, "password": password, "next": "/app/"},
        headers={"Origin": str(client.base_url).rstrip("/")},
    )
    if response.status_code != 303 or "groundwork_session" not in client.cookies:
        raise PageWrong(f"signing in answered {response.status_code}, with no session cookie")


def wait_for_views(client: httpx.Client, token: str) -> None:
    """Until every view of the server is at the log's head (it applies what was recorded
    since the views were rebuilt: the benchmark's account)."""
    deadline = time.monotonic() + CATCH_UP_TIMEOUT
    while True:
        response = client.get("/views", headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            raise PageWrong(f"GET /views answered {response.status_code}")
        views = response.json()
        failed = [v["name"] for v in views if v["failure"]]
        if failed:
            raise PageWrong(f"views stopped: {', '.join(failed)}")
        if all(v["lag"] == 0 for v in views):
            return
        if time.monotonic() > deadline:
            raise PageWrong(f"the views were not at the log's head after {CATCH_UP_TIMEOUT}s")
        time.sleep(0.5)


def timed(client: httpx.Client, page: Expected) -> tuple[float, str]:
    """Seconds to GET the page, the whole response read; then the page, checked."""
    began = time.perf_counter()
    response = client.get(page.url)
    seconds = time.perf_counter() - began
    return seconds, page.check(response)


HEALTH_PAGE = Expected(url="/health", current=False)


@dataclass(frozen=True)
class Asked:
    """What the command line asked for."""

    seed: int
    campaigns: int
    dashboards: int
    others: int
    workdir: Path | None
    rebuild: bool


@dataclass
class Site:
    """One size of history: its recording and views, its server, and what was measured."""

    size: int
    recording: dict[str, object]
    rebuild_seconds: float | None
    pages: Plan
    server: Server
    token: str
    password: str
    client: httpx.Client | None = None
    first_touch: dict[str, list[float]] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    #: What the other pages listed: campaigns on the network page, people and campaigns in
    #: the one-to-one form.
    listed: dict[str, int] = field(default_factory=dict)
    server_peak_kb: int = 0

    @property
    def events(self) -> int:
        return int(str(self.recording["events"]))

    def ms(self, name: str, p: int, first: bool = False) -> float:
        values = (self.first_touch if first else self.latencies)[name]
        return float(history.percentile(values, p)) * 1000

    def get(self, name: str, page: Expected, first: bool = False) -> str:
        assert self.client is not None
        seconds, shown = timed(self.client, page)
        (self.first_touch if first else self.latencies).setdefault(name, []).append(seconds)
        return shown


def prepare(size: int, workdir: Path, asked: Asked) -> Site:
    """The recording, its views, the pages to ask for, the account and the server (not
    started yet)."""
    reuse = asked.workdir is not None
    recorded = history.recording(size, workdir, asked.seed, reuse)
    database = recorded.database
    rebuild_seconds = None
    if reuse and not asked.rebuild and views_at_head(database):
        print(f"  {size:,} events: the views are at the log's head: not rebuilt", flush=True)
    else:
        print(f"  {size:,} events: groundwork projections rebuild...", flush=True)
        rebuild_seconds = rebuild(database)
    pages = plan(database, recorded.campaigns, asked.seed, asked.campaigns)
    token, password = sign_up(database)
    return Site(
        size=size,
        recording=json.loads(recorded.result.read_text()),
        rebuild_seconds=rebuild_seconds,
        pages=pages,
        server=groundwork_server(database, workdir / f"{recorded.stem}.serve.log"),
        token=token,
        password=password,
    )


def serve(site: Site, stack: ExitStack) -> None:
    """Starts the site's server (stopped when the stack closes), signs in to it, and waits
    for its views to be at the log's head."""
    stack.enter_context(running(site.server))
    site.client = stack.enter_context(
        httpx.Client(base_url=site.server.url, timeout=REQUEST_TIMEOUT)
    )
    sign_in(site.client, site.password)
    wait_for_views(site.client, site.token)


def measure(sites: list[Site], asked: Asked) -> None:
    """The warm-up at each size; then the timed requests, every kind mixed in a shuffled
    order and each asked of every size in turn (first the smaller, then the larger, then
    the other way round), so that the load of the machine, which changes from second to
    second, falls on every size alike; then the other pages."""
    for site in sites:
        for page in {p.url: p for p in site.pages.campaigns}.values():
            site.get(CAMPAIGN, page, first=True)
        site.get(NETWORK_DASHBOARD, site.pages.network_dashboard, first=True)
        site.get(COMMUNITY_DASHBOARD, site.pages.community_dashboard, first=True)
        site.get(HEALTH, HEALTH_PAGE, first=True)
    kinds = [CAMPAIGN] * asked.campaigns + [HEALTH] * asked.dashboards
    kinds += [NETWORK_DASHBOARD, COMMUNITY_DASHBOARD] * asked.dashboards
    random.Random(asked.seed).shuffle(kinds)
    queues = {
        site.size: {
            CAMPAIGN: iter(site.pages.campaigns),
            NETWORK_DASHBOARD: itertools.repeat(site.pages.network_dashboard),
            COMMUNITY_DASHBOARD: itertools.repeat(site.pages.community_dashboard),
            HEALTH: itertools.repeat(HEALTH_PAGE),
        }
        for site in sites
    }
    for n, kind in enumerate(kinds):
        for site in sites if n % 2 == 0 else sites[::-1]:
            site.get(kind, next(queues[site.size][kind]))
    for site in sites if asked.others else ():
        for name, page in (
            (NETWORK_PAGE, site.pages.network_page),
            (ONE_TO_ONE_FORM, site.pages.one_to_one_form),
        ):
            shown = site.get(name, page, first=True)
            for _ in range(asked.others):
                site.get(name, page)
            if name == NETWORK_PAGE:
                site.listed["campaigns on the network page"] = shown.count('href="/app/campaigns/')
                continue
            for select in ("person_id", "campaign_id"):
                options = re.search(rf'<select id="{select}".*?</select>', shown, re.DOTALL)
                found = options.group(0).count('<option value="') - 1 if options else 0
                site.listed[f"options in the form's {select}"] = found


def run(sizes: list[int], workdir: Path, asked: Asked) -> list[Site]:
    sites = [prepare(size, workdir, asked) for size in sizes]
    with ExitStack() as stack:
        for site in sites:
            print(f"  {site.size:,} events: groundwork serve...", flush=True)
            serve(site, stack)
        print("  requests...", flush=True)
        measure(sites, asked)
        for site in sites:
            assert site.server.process is not None
            site.server_peak_kb = peak_memory_kb(site.server.process.pid)
    return sites


def median_of(pages: list[Expected], key: str) -> float:
    return statistics.median(p.rows[key] for p in pages)


def report(results: list[Site]) -> None:
    small, large = results[0], results[-1]
    print()
    print("the synthetic network, its views and the server (not targets)")
    print(
        f"  {'events':>10}{'campaigns':>11}{'people':>9}{'recording s':>13}{'rebuild s':>11}"
        f"{'server peak MB':>16}"
    )
    for r in results:
        rebuilt = f"{r.rebuild_seconds:.1f}" if r.rebuild_seconds is not None else "as left"
        print(
            f"  {r.events:>10,}{r.recording['campaigns']:>11,}{r.recording['people']:>9,}"
            f"{float(str(r.recording['seconds'])):>13.1f}{rebuilt:>11}"
            f"{r.server_peak_kb / 1024:>16.0f}"
        )

    print()
    print(
        "page latency (ms): one GET at a time over one connection, the whole response read; "
        "after a warm-up that asked for each page once (its first touch)"
    )
    print(
        f"  {'page':<28}{'events':>10}{'n':>6}{'p50':>9}{'p95':>9}{'first touch p50':>17}{'p95':>9}"
    )
    for name in (*JUDGED, HEALTH, NETWORK_PAGE, ONE_TO_ONE_FORM):
        label = name
        for r in results:
            if name not in r.latencies:
                continue
            n = len(r.latencies[name])
            print(
                f"  {label:<28}{r.events:>10,}{n:>6}{r.ms(name, 50):>9.2f}{r.ms(name, 95):>9.2f}"
                f"{r.ms(name, 50, True):>17.2f}{r.ms(name, 95, True):>9.2f}"
            )
            label = ""
        if name == COMMUNITY_DASHBOARD:
            communities = ", ".join(f"{r.events:,}: {r.pages.community}" for r in results)
            print(f"  (the community whose dashboard read the most weekly rows: {communities})")
        if name == HEALTH:
            print("  not judged:")

    print()
    print("what the pages read and drew, to interpret their times by")
    for r in results:
        p = r.pages
        charts = sum(bool(e.charts) for e in p.campaigns)
        entries, weekly = median_of(p.campaigns, "entries"), median_of(p.campaigns, "weekly")
        print(
            f"  {r.events:>10,} events: campaign pages: median {entries:.0f} timeline entries,"
            f" {weekly:.0f} weekly rows; a burn-up on {charts} of {len(p.campaigns)}"
        )
        for name, d in (
            (NETWORK_DASHBOARD, p.network_dashboard),
            (COMMUNITY_DASHBOARD, p.community_dashboard),
        ):
            rows = d.rows
            print(
                f"  {'':>10}         {name}: {rows['weekly']:,} weekly rows over"
                f" {rows['weeks']} weeks with data, {rows['charted']} weeks charted;"
                f" {d.charts} charts"
            )
        if r.listed:
            listed = ", ".join(f"{n:,} {what}" for what, n in r.listed.items())
            print(
                f"  {'':>10}         other pages: {listed} (on record: "
                f"{r.recording['campaigns']:,} campaigns, {r.recording['people']:,} people)"
            )

    print()
    print("TARGETS")
    if len(results) < 2:
        print("  the ratios need two sizes")
        return
    scale = f"{large.events:,}/{small.events:,}"
    for name in JUDGED:
        p50 = large.ms(name, 50) / small.ms(name, 50)
        p95 = large.ms(name, 95) / small.ms(name, 95)
        first50 = large.ms(name, 50, True) / small.ms(name, 50, True)
        first95 = large.ms(name, 95, True) / small.ms(name, 95, True)
        ok = p50 <= TARGET_RATIO and p95 <= TARGET_RATIO
        print(
            f"  {name} {scale} <= {TARGET_RATIO}: {history.met(ok)} (p50 {p50:.2f}, "
            f"p95 {p95:.2f}; first touch, not judged: p50 {first50:.2f}, p95 {first95:.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    history.history_arguments(parser)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 2000 and 50000 events, 50 campaign pages, 20 dashboards",
    )
    parser.add_argument(
        "--campaigns", type=int, default=200, help="timed campaign pages per size (200)"
    )
    parser.add_argument(
        "--dashboards", type=int, default=100, help="timed dashboards of each kind per size (100)"
    )
    parser.add_argument(
        "--others",
        type=int,
        default=5,
        help="timed network pages and one-to-one forms per size, not judged (5; 0: none)",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild the views of a reused recording even when they are at the log's head",
    )
    args = parser.parse_args(argv)
    sizes = history.sizes_asked(parser, args.sizes)
    campaigns: int = args.campaigns
    dashboards: int = args.dashboards
    others: int = args.others
    if args.quick:
        sizes = list(QUICK_SIZES)
        campaigns, dashboards, others = min(campaigns, 50), min(dashboards, 20), min(others, 2)
    if not sizes or min(sizes) < 1_000 or campaigns < 1 or dashboards < 1 or others < 0:
        parser.error("sizes start at 1000 events, --campaigns and --dashboards at 1")

    print(history.machine())
    print(
        f"sizes: {', '.join(f'{s:,}' for s in sizes)} events; seed {args.seed}; "
        f"{campaigns} campaign pages, {dashboards} dashboards of each kind per size"
    )
    asked = Asked(args.seed, campaigns, dashboards, others, args.workdir, args.rebuild)
    with history.working_folder(args.workdir) as workdir:
        try:
            results = run(sizes, workdir, asked)
        except (PageWrong, RuntimeError, httpx.HTTPError, subprocess.CalledProcessError) as error:
            print(f"failed: {error}", file=sys.stderr)
            return 1
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
