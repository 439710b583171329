"""What the pages share besides data: the current filters, labels, number formats, tables and charts."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from datetime import timedelta

import pandas as pd
import plotly.express as px
import streamlit as st
from plotly.graph_objects import Figure
from queries import reference
from queries.filters import Filters

FILTERS_KEY = "filters"  # session state: the queries.filters.Filters the sidebar built this run
ACRONYMS = {"sla": "SLA", "csat": "CSAT"}
# Titles of the columns views compute for display; every mart column and metric has its own in the YAML.
VIEW_TITLES = {
    "segment": "Segment",
    "weekday_hour": "Weekday and hour",
    "period_start": "Period starting",
    "split": "Providers",
}
# Columns holding codes of a seeded category, shown by the seed's label; other code columns are spelled out.
SEEDED_CATEGORIES = tuple(reference.CATEGORIES)
SPELLED_OUT_COLUMNS = (
    "driver",
    "metric",
    "comparison_group",
    "baseline_group",
    "missing_docs",
    "escalation",
    "service_line",
)
PRIORITY_COLORS = {"Low": "#9ecae1", "Medium": "#4292c6", "High": "#f28e2b", "Urgent": "#d62728"}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # ISO day of week 1-7


def filters() -> Filters:
    """The filters the sidebar in streamlit_app.py set for this run."""
    return st.session_state[FILTERS_KEY]


# Inline markdown, links, images, HTML, Streamlit's :colour[...] and :icon: directives, LaTeX. (List
# markers such as "1." and "-" only act at a line's start, which text from data never is here.)
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#!|:~$])")


def plain(text: str) -> str:
    """Text from the data, safe inside Streamlit markdown: every markdown, link, image, colour and LaTeX
    character escaped, so a name like '[x](http://...)' or '![x](http://...)' shows as typed."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def count(value: object) -> str:
    return "—" if _missing(value) else f"{int(value):,}"


def number(value: object, digits: int = 1) -> str:
    return "—" if _missing(value) else f"{float(value):,.{digits}f}"


def percent(value: object) -> str:
    return "—" if _missing(value) else f"{float(value):.1%}"


def duration(elapsed: timedelta) -> str:
    """A wall-clock gap as people say it: '8 s', '4 min 05 s', '3 h 12 min', '2 d 4 h' ('—' when unknown)."""
    if pd.isna(elapsed):
        return "—"
    # The clocks that stamp files and builds can differ by a moment: a gap below zero is no gap.
    seconds = max(0, int(elapsed.total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{minutes} min {seconds % 60:02d} s"
    if seconds < 86400:
        return f"{hours} h {minutes % 60:02d} min"
    return f"{days} d {hours % 24} h"


def spelled_out(value: object) -> str:
    """A code no seed labels, as people read it: 'sla_breach_rate' -> 'SLA breach rate'."""
    words = [ACRONYMS.get(word, word) for word in str(value).split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def labeller(column: str) -> Callable[[object], str]:
    """A category's values by its seed's labels, or spelled out when its seed does not list them."""
    labels = reference.categories(column) if column in SEEDED_CATEGORIES else {}
    return lambda value: labels.get(value) or spelled_out(value)


def category_orders() -> dict[str, list[str]]:
    """The seeded categories' labels in their business order, for plotly's category_orders."""
    return {column: list(reference.categories(column).values()) for column in SEEDED_CATEGORIES}


def title(column: str) -> str:
    known = reference.column_formats().get(column)
    return VIEW_TITLES.get(column) or (known.title if known else spelled_out(column))


def display_format(column: str) -> str | None:
    known = reference.column_formats().get(column)
    return known.format if known else None


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """Category columns in readable form (category_orders() uses the same labels)."""
    frame = frame.copy()
    for column in (*SEEDED_CATEGORIES, *SPELLED_OUT_COLUMNS):
        if column in frame.columns:
            # The labels are read once per column: a cached read still costs a hash and an unpickle, per row.
            frame[column] = frame[column].map(labeller(column), na_action="ignore")
    return frame


def titles(frame: pd.DataFrame) -> dict[str, str]:
    return {column: title(column) for column in frame.columns}


def table(frame: pd.DataFrame, **options: object) -> None:
    """A read-only table with readable titles and formats for every known column."""
    frame = labelled(frame)
    config: dict[str, object] = {}
    for column in frame.columns:
        shown, kind = title(column), display_format(column)
        if kind == "percent":
            frame[column] = frame[column] * 100
            config[column] = st.column_config.NumberColumn(shown, format="%.1f%%")
        elif kind and kind.startswith("decimal"):
            config[column] = st.column_config.NumberColumn(shown, format=f"%.{kind.removeprefix('decimal')}f")
        else:
            config[column] = shown
    st.dataframe(frame, column_config=config, hide_index=True, **options)


def has_rows(frame: pd.DataFrame, what: str = "cases") -> bool:
    """False, with a note on the page, when the slice is empty."""
    if frame.empty:
        st.info(f"No {what} match the filters.")
        return False
    return True


def escaped(values: pd.Series) -> pd.Series:
    """Text from the data escaped for plotly, which renders tags such as <a href> in labels."""
    return values.map(lambda value: html.escape(value, quote=False) if isinstance(value, str) else value)


def charted(frame: pd.DataFrame) -> pd.DataFrame:
    """labelled(), with every text column escaped for plotly."""
    frame = labelled(frame)
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column].dtype):
            frame[column] = escaped(frame[column])
    return frame


def bar(frame: pd.DataFrame, x: str, y: str, **options: object) -> Figure:
    """A plotly bar chart on readable labels, in business order, with the columns' titles.

    text_auto=True prints each bar's value in its column's format; hover_data columns are formatted likewise.
    """
    colour = options.get("color")
    if colour == "priority":
        options.setdefault("color_discrete_map", PRIORITY_COLORS)
    options["hover_data"] = {column: f":{d3_format(column)}" for column in options.get("hover_data", [])}
    if options.get("text_auto") is True:
        options["text_auto"] = d3_format(x if options.get("orientation") == "h" else y)
    figure = px.bar(
        charted(frame),
        x=x,
        y=y,
        labels={**titles(frame), **options.pop("labels", {})},
        category_orders={**category_orders(), **options.pop("category_orders", {})},
        **options,
    )
    if colour == x:
        figure.update_layout(showlegend=False)  # the axis already names the colours
    return _formatted_axes(figure, frame, x, y)


def with_limits(figure: Figure, x: pd.Series, limits: pd.Series, name: str) -> Figure:
    """A dash per bar at its limit (beds, capacity), so a bar past its dash is over it."""
    figure.add_scatter(
        x=escaped(x), y=limits, mode="markers", name=name, marker={"symbol": "line-ew-open", "size": 18, "color": "#333"}
    )
    return figure


def scatter(frame: pd.DataFrame, x: str, y: str, **options: object) -> Figure:
    """A plotly scatter with each point named by `text`, the columns' titles and hover_data in their formats."""
    options["hover_data"] = {column: f":{d3_format(column)}" for column in options.get("hover_data", [])}
    figure = px.scatter(charted(frame), x=x, y=y, labels={**titles(frame), **options.pop("labels", {})}, **options)
    figure.update_traces(textposition="top center")
    return _formatted_axes(figure, frame, x, y)


def _formatted_axes(figure: Figure, frame: pd.DataFrame, x: str, y: str) -> Figure:
    for axis, column in (("x", x), ("y", y)):
        update_axis = getattr(figure, f"update_{axis}axes")
        if display_format(column) == "percent":
            update_axis(tickformat=".0%")
        column_type = frame[column].dtype
        if not (pd.api.types.is_numeric_dtype(column_type) or pd.api.types.is_datetime64_any_dtype(column_type)):
            update_axis(type="category")  # keep labels such as "0", "1", "3+" as categories
    return figure


def d3_format(column: str) -> str:
    """How plotly should print a column's values (the same precision as the tables)."""
    kind = display_format(column) or ""
    if kind == "percent":
        return ".1%"
    return f",.{kind.removeprefix('decimal') if kind.startswith('decimal') else 0}f"


def with_segment(bottlenecks: pd.DataFrame) -> pd.DataFrame:
    """Bottleneck rows with one readable `segment` column: 'Escalated vs not escalated · SLA breach rate'."""
    segment = bottlenecks.comparison_group.map(spelled_out) + " vs " + bottlenecks.baseline_group
    return bottlenecks.assign(segment=segment + " · " + bottlenecks.metric.map(spelled_out))


def chart(figure: Figure, height: int = 340) -> None:
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="")
    st.plotly_chart(figure)
