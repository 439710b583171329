"""Live Patient Flow view: the hospital at its newest event, read again every few seconds while `make stream` runs."""

from collections.abc import Sequence
from datetime import UTC, datetime

import duckdb
import pandas as pd
import streamlit as st
import ui
from queries import patient_flow

REFRESH_SECONDS = 5
RECENT_HOURS = 24

st.title("Live Patient Flow")
st.caption(
    f"Reads the published warehouse again every {REFRESH_SECONDS} seconds. The department filter applies; the date "
    "range does not: this view always shows the newest hours."
)


def show_status(status: pd.Series, census: pd.DataFrame, now: datetime) -> None:
    tiles = st.columns(4)
    tiles[0].metric(
        "Hospital clock",
        f"{status.newest_event_at:%H:%M}",
        delta=f"{status.newest_event_at:%a %d %b %Y}",
        delta_color="off",
        delta_arrow="off",
        help="The newest event's time: the simulated hospital's now.",
    )
    tiles[1].metric(
        "Behind the newest event",
        ui.duration(now - status.newest_landed_at),
        help="Now (UTC) minus the time the newest event's capture file landed.",
    )
    tiles[2].metric(
        "Warehouse refreshed",
        f"{ui.duration(now - status.refreshed_at)} ago",
        help=f"The last build that loaded these events started at {status.refreshed_at:%Y-%m-%d %H:%M:%S} UTC.",
    )
    tiles[3].metric("In house", ui.count(census.census.sum()), help="Census of the chosen departments.")


def show_census(census: pd.DataFrame) -> None:
    st.subheader("Census now")
    if not ui.has_rows(census, "departments"):
        return
    st.caption(
        f"Patients in each department at {census.hour_start.max():%H:%M} (hospital clock) against its beds (—): "
        "a bar past its dash is over capacity."
    )
    figure = ui.bar(census, x="department_label", y="census", hover_data=["beds", "occupancy"], text_auto=True)
    ui.chart(ui.with_limits(figure, census.department_label, census.beds, "Beds"))


def show_recent_arrivals(arrivals: pd.DataFrame) -> None:
    st.subheader(f"Arrivals in the last {RECENT_HOURS} hours")
    st.caption("Arrivals per hour by department; the rightmost bar is the hour under way, still filling.")
    ui.chart(ui.bar(arrivals, x="hour_start", y="arrivals", color="department_label"))


@st.fragment(run_every=REFRESH_SECONDS)
def live_view(departments: Sequence[str]) -> None:
    # Everything is read before anything is drawn, so a snapshot swap cannot leave half a view.
    try:
        status = patient_flow.live_status().iloc[0]
        census = patient_flow.census_now(departments)
        arrivals = patient_flow.recent_arrivals(departments, RECENT_HOURS)
    except (duckdb.Error, OSError):
        st.info(
            f"A new warehouse snapshot is being swapped in; this view reads it again in {REFRESH_SECONDS} seconds.",
            icon=":material/sync:",
        )
        return
    if pd.isna(status.newest_event_at):
        st.info("No patient-flow events have landed yet.")
        return
    # landed_at and _loaded_at are UTC wall-clock times without a zone.
    now = datetime.now(UTC).replace(tzinfo=None)
    show_status(status, census, now)
    census_column, arrivals_column = st.columns(2)
    with census_column:
        show_census(census)
    with arrivals_column:
        show_recent_arrivals(arrivals)
    st.caption(f"Read at {now:%H:%M:%S} UTC.")


live_view(ui.filters().departments)
