"""Charts rendered on the server as SVG (pygal), inlined in the page: no script, no request
to anyone else. Each chart stands beside a table of the same numbers, which is what a
screen reader reads; the chart itself is labelled as an image with its title."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

import pygal
from markupsafe import Markup
from pygal import Bar
from pygal.style import Style

from interface.api.collective import CollectiveOut
from interface.api.power_map import PowerMapOut
from interface.api.progress import ProgressOut
from interface.web.locale import Reader
from projections.view import monday
from projections.zones import zone_info

#: Colours with at least 4.5:1 contrast on white (WCAG AA), told apart by more than hue.
STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#57606a",
    colors=("#0b5394", "#b45309", "#15803d", "#7e22ce", "#b91c1c", "#374151"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
)


def _config(title: str, reader: Reader) -> dict[str, object]:
    return {
        "title": title,
        "style": STYLE,
        "js": [],  # pygal's default fetches a tooltip script from the web: never
        "disable_xml_declaration": True,
        "width": 640,
        "height": 320,
        "explicit_size": False,
        "legend_at_bottom": True,
        "value_formatter": reader.number,
        "print_values": False,
        "show_y_guides": True,
    }


def _svg(chart: pygal.graph.graph.Graph, title: str) -> Markup:
    svg: str = chart.render(is_unicode=True)
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    return Markup(labelled)  # noqa: S704 (pygal's own output, with our escaped label)


def _counts(chart: pygal.graph.graph.Graph, highest: int) -> None:
    """Whole numbers on the value axis: counts of people and meetings have no fractions."""
    step = max(1, -(-highest // 8))
    chart.y_labels = list(range(0, highest + step + 1, step))


def today_in(time_zone: str) -> date:
    """Today where a network counts its weeks."""
    return datetime.now(zone_info(time_zone)).date()


def weeks_back(weeks: int, time_zone: str) -> date:
    """The Monday that starts a period of so many weeks up to and including this one, in
    the network's zone."""
    return monday(today_in(time_zone)) - timedelta(weeks=weeks - 1)


def weeks_of(weeks_with_data: list[date], since: date | None, time_zone: str) -> list[date]:
    """Every week of a period, quiet ones too: from `since` (or the first week with data)
    to this week in the network's zone (or the last with data, if later). Empty without
    data and without `since`."""
    if since is None and not weeks_with_data:
        return []
    first = since if since is not None else min(weeks_with_data)
    last = max([*weeks_with_data, monday(today_in(time_zone))])
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def _weekly_chart(title: str, reader: Reader, weeks: list[date], **options: object) -> Bar:
    chart = pygal.Bar(**_config(title, reader), x_label_rotation=30, **options)
    chart.x_labels = [reader.day(w) for w in weeks]
    chart.x_labels_major_every = max(1, len(weeks) // 8)
    chart.show_minor_x_labels = False
    return chart


def weekly(
    c: CollectiveOut, measure: str, title: str, reader: Reader, since: date | None = None
) -> Markup | None:
    """A measure week by week, every week of the period (quiet weeks as 0); None when the
    period has no data for it."""
    amounts = {w.week: w.amount for w in c.weekly if w.measure == measure}
    if not amounts:
        return None
    weeks = weeks_of(list(amounts), since, c.time_zone)
    chart = _weekly_chart(title, reader, weeks, show_legend=False)
    chart.add(title, [amounts.get(w, 0) for w in weeks])
    _counts(chart, max(amounts.values()))
    return _svg(chart, title)


def turnout(c: CollectiveOut, reader: Reader, since: date | None = None) -> Markup | None:
    """Turnout that came against turnout pledged, by the week of the action, every week of
    the period."""
    came = {w.week: w.amount for w in c.weekly if w.measure == "turnout"}
    pledged = {w.week: w.amount for w in c.weekly if w.measure == "turnout_pledged"}
    if not came and not pledged:
        return None
    weeks = weeks_of(sorted(set(came) | set(pledged)), since, c.time_zone)
    title = "Turnout against pledges, by the week of the action"
    chart = _weekly_chart(title, reader, weeks)
    chart.add("pledged", [pledged.get(w, 0) for w in weeks])
    chart.add("came", [came.get(w, 0) for w in weeks])
    _counts(chart, max([*came.values(), *pledged.values()]))
    return _svg(chart, title)


#: The commitments power-holders made, by what became of them, as the totals name them.
COMMITMENTS = {
    "commitments_kept": "kept",
    "commitments_partly_kept": "partly kept",
    "commitments_broken": "broken",
}


def commitments(c: CollectiveOut, reader: Reader) -> Markup | None:
    counts = {label: c.totals.get(key, 0) for key, label in COMMITMENTS.items()}
    counts["overdue"] = c.commitments_overdue or 0
    if not any(counts.values()):
        return None
    title = "Commitments kept, broken and overdue"
    chart = pygal.HorizontalBar(**_config(title, reader), show_legend=False)
    chart.x_labels = list(counts)
    chart.add("commitments", list(counts.values()))
    _counts(chart, max(counts.values()))
    return _svg(chart, title)


def pipeline(c: CollectiveOut, reader: Reader) -> Markup | None:
    if not c.pipeline:
        return None
    title = "People at each rung of the leadership ladder"
    chart = pygal.HorizontalBar(**_config(title, reader), show_legend=False)
    chart.x_labels = list(c.pipeline)
    chart.add("people", list(c.pipeline.values()))
    _counts(chart, max(c.pipeline.values()))
    return _svg(chart, title)


def themes(c: CollectiveOut, reader: Reader) -> Markup | None:
    if not c.themes:
        return None
    title = "Themes heard most in listening"
    chart = pygal.HorizontalBar(**_config(title, reader), show_legend=False)
    chart.x_labels = [t.theme for t in c.themes]
    chart.add("mentions", [t.mentions for t in c.themes])
    _counts(chart, max(t.mentions for t in c.themes))
    return _svg(chart, title)


def burn_up(p: ProgressOut, reader: Reader) -> Markup | None:
    """Each target's measure, cumulative week by week, against its goal."""
    measures = {t.metric: t.goal for t in p.targets}
    weeks = sorted({w.week for w in p.weekly if w.measure in measures})
    if not weeks:
        return None
    title = "Progress against each target, week by week"
    chart = pygal.Line(**_config(title, reader), x_label_rotation=30, dots_size=3)
    chart.x_labels = [reader.day(w) for w in weeks]
    for metric, goal in measures.items():
        by_week = {w.week: w.cumulative for w in p.weekly if w.measure == metric}
        running, series = 0, []
        for week in weeks:
            running = by_week.get(week, running)
            series.append(running)
        chart.add(metric.replace("_", " "), series)
        chart.add(
            f"{metric.replace('_', ' ')}: goal",
            [goal] * len(weeks),
            stroke_style={"dasharray": "6,4"},
            show_dots=False,
        )
    return _svg(chart, title)


#: Stances from opponent to ally, placed left to right.
STANCES = ("opponent", "leaning_opponent", "neutral", "leaning_ally", "ally")


def power(mapped: PowerMapOut, reader: Reader) -> Markup | None:
    """Power-holders placed by stance (left: opponents, right: allies) and influence (up)."""
    placed = [h for h in mapped.power_holders if h.stance.value in STANCES and h.influence]
    if not placed:
        return None
    title = "Power-holders by stance and influence"
    chart = pygal.XY(
        **_config(title, reader),
        stroke=False,
        dots_size=6,
        xrange=(-0.5, len(STANCES) - 0.5),
        range=(0, 5.5),
        show_legend=True,
        truncate_legend=40,
    )
    chart.x_labels = list(range(len(STANCES)))
    chart.x_value_formatter = lambda x: STANCES[int(x)].replace("_", " ") if 0 <= x < 5 else ""
    for h in placed:
        chart.add(h.name, [(STANCES.index(h.stance.value), h.influence)])
    return _svg(chart, title)
