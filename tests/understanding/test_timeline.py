"""The coverage timeline: a day-by-day series, its sentence, and its SVG."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tribune.understanding.timeline import DayCount, daily_series, summary, svg

END = date(2026, 3, 30)


def test_the_series_has_every_day_of_the_window_with_zeros_where_nothing_was_written():
    series = daily_series({END: 4, END - timedelta(days=2): 1}, END, 5)
    assert [d.day for d in series] == [END - timedelta(days=i) for i in range(4, -1, -1)]
    assert [d.count for d in series] == [0, 0, 1, 0, 4]


def test_counts_outside_the_window_are_ignored_and_negative_ones_count_as_zero():
    series = daily_series(
        {END + timedelta(days=1): 9, END - timedelta(days=30): 9, END: -3}, END, 3
    )
    assert [d.count for d in series] == [0, 0, 0]


def test_a_window_of_no_days_is_empty():
    assert daily_series({END: 1}, END, 0) == []


def test_the_summary_gives_the_total_and_the_busiest_day():
    series = daily_series({END: 2, END - timedelta(days=1): 7}, END, 30)
    assert summary(series) == "9 articles in the last 30 days; the busiest day was 29 March (7)."


def test_the_summary_of_a_quiet_month_says_so():
    assert summary(daily_series({}, END, 30)) == "No articles in the last 30 days."
    assert summary([]) == "No coverage to show."
    assert summary([DayCount(END, 1)]) == (
        "1 article in the last day; the busiest day was 30 March (1)."
    )


def test_on_a_tie_the_latest_busiest_day_is_named():
    series = daily_series({END: 3, END - timedelta(days=3): 3}, END, 7)
    assert "30 March (3)" in summary(series)


def bars(markup: str) -> list[dict[str, float]]:
    found = re.findall(
        r'<rect class="timeline-bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
        markup,
    )
    return [dict(zip(("x", "y", "width", "height"), map(float, row), strict=True)) for row in found]


def test_the_chart_draws_one_bar_per_day_with_coverage_scaled_to_the_busiest():
    series = daily_series({END: 10, END - timedelta(days=29): 5}, END, 30)
    markup = svg(series, "Articles a day about Iran", width=300, height=60)
    drawn = bars(markup)
    assert len(drawn) == 2
    first, last = drawn
    assert first["x"] == 0 and last["x"] == 290
    assert last["height"] == 60 and last["y"] == 0
    assert first["height"] == 30 and first["y"] == 30
    assert "<title>30 March: 10 articles</title>" in markup


def test_a_small_day_beside_a_huge_one_still_shows():
    markup = svg(daily_series({END: 1000, END - timedelta(days=1): 1}, END, 2), "x")
    assert min(b["height"] for b in bars(markup)) >= 1.5


def test_a_chart_without_coverage_has_only_its_baseline():
    markup = svg(daily_series({}, END, 30), "Nothing")
    assert bars(markup) == []
    assert 'class="timeline-base"' in markup


def test_the_chart_is_an_accessible_image_named_by_its_label():
    markup = svg(daily_series({END: 1}, END, 30), "Articles a day about Iran")
    assert markup.startswith('<svg class="timeline-chart"')
    assert 'role="img"' in markup
    assert 'aria-label="Articles a day about Iran"' in markup
    assert "<title>Articles a day about Iran</title>" in markup


def test_the_label_is_escaped_and_the_chart_carries_no_style_attribute():
    hostile = '"><script>alert(1)</script><svg onload="x'
    markup = svg(daily_series({END: 2}, END, 3), hostile)
    assert "<script>" not in markup
    assert 'onload="' not in markup
    assert "&lt;script&gt;" in markup
    assert "style=" not in markup
    assert markup.count("<svg") == 1
