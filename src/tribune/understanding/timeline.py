"""The coverage timeline: articles a day drawn as a small bar chart in SVG, with a sentence
that says the same for readers who cannot see it. Pure functions over plain data; the page
styles the chart through its classes (no style attributes: the CSP forbids them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

WIDTH = 300
HEIGHT = 60
GAP = 1.0  # between bars, in viewBox units


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


def daily_series(counts: Mapping[date, int], end: date, days: int) -> list[DayCount]:
    """`days` consecutive days ending with `end`, each with its count (0 when absent).
    Counts outside the range are ignored; negative ones count as 0."""
    start = end - timedelta(days=days - 1)
    return [
        DayCount(day, max(0, int(counts.get(day, 0))))
        for day in (start + timedelta(days=i) for i in range(max(0, days)))
    ]


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _articles(n: int) -> str:
    return f"{n:,} article{'' if n == 1 else 's'}"


def summary(series: Sequence[DayCount]) -> str:
    """What the chart shows, in a sentence."""
    if not series:
        return "No coverage to show."
    total = sum(d.count for d in series)
    span = f"the last {len(series)} days" if len(series) > 1 else "the last day"
    if total == 0:
        return f"No articles in {span}."
    busiest = max(series, key=lambda d: (d.count, d.day))
    peak = f"{_day(busiest.day)} ({busiest.count:,})"
    return f"{_articles(total)} in {span}; the busiest day was {peak}."


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def svg(series: Sequence[DayCount], label: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    """The chart as inline SVG markup: one bar a day scaled to the busiest day, a baseline,
    and a tooltip per bar. `label` names the chart for assistive technology (the page puts
    `summary` beside it as text); every piece of text is escaped."""
    title = escape(label)
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" role="img" aria-label="{title}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{title}</title>",
    ]
    peak = max((d.count for d in series), default=0)
    slot = width / len(series) if series else width
    bar = max(slot - GAP, 0.5)
    for i, d in enumerate(series):
        if d.count <= 0 or peak <= 0:
            continue
        # Every day with coverage shows, however small beside the peak.
        h = max(height * d.count / peak, 1.5)
        parts.append(
            f'<rect class="timeline-bar" x="{_num(i * slot)}" y="{_num(height - h)}" '
            f'width="{_num(bar)}" height="{_num(h)}">'
            f"<title>{escape(_day(d.day))}: {escape(_articles(d.count))}</title></rect>"
        )
    parts.append(
        f'<line class="timeline-base" x1="0" y1="{height}" x2="{width}" y2="{height}" '
        f'vector-effect="non-scaling-stroke"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
