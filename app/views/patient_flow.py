"""Patient Flow view: how demand moves, who absorbs it, where stays press on beds and staff, who risks experience."""

import pandas as pd
import plotly.express as px
import streamlit as st
import ui
from queries import patient_flow, reference

PEAKS_LISTED = 10
THROUGHPUT_MEASURES = ("p90_wait_minutes", "avg_wait_minutes", "avg_length_of_stay_hours", "p90_length_of_stay_hours")


def weekday_hour(frame: pd.DataFrame) -> pd.Series:
    """'Mon 09:00' for each row's ISO weekday and hour of day."""
    weekdays = frame.iso_day_of_week.map(lambda day: ui.WEEKDAYS[day - 1])
    return weekdays + " " + frame.hour_key.map("{:02d}:00".format)


st.title("Patient Flow")
st.caption(
    "Hospital flow in the selected dates and departments. Each figure counts on its own day: arrivals and waits "
    "on the arrival day, completed stays and surveys on the day they ended, admissions, discharges and census in "
    "their hour."
)

filters = ui.filters()
thresholds = reference.thresholds()
performance = patient_flow.department_performance(filters)
totals = patient_flow.flow_totals(filters).iloc[0]

tiles = st.columns(6)
tiles[0].metric("Arrivals", ui.count(totals.arrivals))
tiles[1].metric("Admissions", ui.count(totals.admissions), help="Admitted events recorded in the departments.")
tiles[2].metric("Avg wait (min)", ui.number(totals.avg_wait_minutes, 0), help="Arrival to seen by a provider.")
tiles[3].metric("P90 wait (min)", ui.number(totals.p90_wait_minutes, 0), help="9 in 10 patients waited less.")
tiles[4].metric(
    "Avg length of stay (h)",
    ui.number(totals.avg_length_of_stay_hours),
    help="Completed department stays, from entering the department to leaving it.",
)
tiles[5].metric(
    "Experience risk",
    ui.percent(totals.experience_risk),
    help=f"Share of surveyed patients who scored satisfaction {thresholds['low_satisfaction_score']:g} or lower (of 5).",
)

by_hour, by_day = st.columns([3, 2])
with by_hour:
    st.subheader("Arrivals by weekday and hour")
    st.caption(
        "Darker cells bring more arrivals per hour: read along a row for the day's peak, down for the busiest day."
    )
    grid = patient_flow.arrivals_by_weekday_hour(filters)
    if ui.has_rows(grid, "hours"):
        matrix = grid.pivot(index="iso_day_of_week", columns="hour_key", values="avg_arrivals")
        matrix = matrix.reindex(index=range(1, 8), columns=range(24))
        matrix.index = list(ui.WEEKDAYS)
        figure = px.imshow(
            matrix,
            color_continuous_scale="Blues",
            aspect="auto",
            labels={"x": "Hour of day", "y": "", "color": "Arrivals per hour"},
        )
        figure.update_xaxes(dtick=2)
        ui.chart(figure)
with by_day:
    grain = patient_flow.arrivals_grain(filters)
    st.subheader(f"Arrivals per {grain}")
    st.caption(
        "Stacked by department: look for the trend and the weekly rhythm, not single days."
        if grain == "day"
        else f"Stacked by department, a bar a {grain}: a long range counts by week, one over two years by month."
    )
    periods = patient_flow.period_arrivals(filters, grain)
    if ui.has_rows(periods, f"{grain}s"):
        figure = ui.bar(periods, x="period_start", y="arrivals", color="department_label")
        ui.chart(figure.update_xaxes(title_text=grain.capitalize()))

throughput, capacity = st.columns(2)
with throughput:
    st.subheader("Admissions vs throughput")
    st.caption("Further right takes more admissions, lower moves faster: right and low absorbs demand without slowing.")
    measure = st.radio("Throughput measure", THROUGHPUT_MEASURES, format_func=ui.title, horizontal=True)
    figure = ui.scatter(
        performance,
        x="admissions",
        y=measure,
        text="department_label",
        size="beds",
        hover_data=["arrivals", "completed_stays", "discharges_per_day"],
    )
    ui.chart(figure, height=380)
with capacity:
    st.subheader("Length of stay vs capacity pressure")
    st.caption(
        f"Top right: long stays and beds {thresholds['high_occupancy']:.0%} full or more for many hours — "
        "where stays press on capacity."
    )
    figure = ui.scatter(
        performance,
        x="avg_length_of_stay_hours",
        y="share_of_hours_above_85",
        text="department_label",
        size="beds",
        hover_data=["avg_occupancy", "peak_occupancy", "p90_length_of_stay_hours", "completed_stays"],
    )
    ui.chart(figure, height=380)

st.subheader("Demand vs staffing over the week")
st.caption(
    "Each cell: a department's share of its week's arrivals over its share of the week's nurses. Red cells get more "
    f"patients than staff; ✕ marks understaffed peaks ({thresholds['understaffed_ratio']:g} times or more, in hours "
    f"averaging at least {thresholds['min_peak_arrivals_per_hour']:g} arrival)."
)
staffing = patient_flow.demand_vs_staffing(filters)
if ui.has_rows(staffing, "hours"):
    staffing["weekday_hour"] = weekday_hour(staffing)
    week = [f"{day} {hour:02d}:00" for day in ui.WEEKDAYS for hour in range(24)]
    matrix = staffing.pivot(index="department_label", columns="weekday_hour", values="demand_to_staffing_ratio")
    figure = px.imshow(
        matrix.reindex(columns=week),
        color_continuous_scale="RdBu_r",
        range_color=(0, 2),  # 1 (white) is staffing in step with demand; 2 and above share the deepest red
        aspect="auto",
        labels={"x": "", "y": "", "color": "Demand / staffing"},
    )
    peaks = staffing[staffing.is_understaffed_peak]
    figure.add_scatter(
        x=peaks.weekday_hour,
        y=peaks.department_label,
        mode="markers",
        marker={"symbol": "x-thin", "size": 6, "line": {"width": 1.5, "color": "#222"}},
        name="Understaffed peak",
        hoverinfo="skip",
    )
    figure.update_xaxes(tickvals=[f"{day} 00:00" for day in ui.WEEKDAYS], ticktext=list(ui.WEEKDAYS))
    figure.update_layout(legend={"orientation": "h", "y": -0.15})
    ui.chart(figure, height=120 + 32 * matrix.shape[0])
    st.caption(
        f"{len(peaks):,} of {len(staffing):,} department-hours are understaffed peaks; "
        f"the {min(PEAKS_LISTED, len(peaks))} with the largest gap:"
    )
    listed = peaks.nlargest(PEAKS_LISTED, "demand_to_staffing_ratio")
    ui.table(
        listed[
            [
                "department_label",
                "weekday_hour",
                "hours_observed",
                "avg_arrivals",
                "staffed_nurses",
                "demand_share",
                "staffing_share",
                "demand_to_staffing_ratio",
            ]
        ]
    )

st.subheader("Experience risk by department")
st.caption(
    "Longest bar first: the share of surveyed patients each department discharged who scored "
    f"{thresholds['low_satisfaction_score']:g} or lower."
)
riskiest_first = performance.sort_values("experience_risk", ascending=False, na_position="last")
figure = ui.bar(
    riskiest_first,
    x="experience_risk",
    y="department_label",
    orientation="h",
    text_auto=True,
    hover_data=["surveyed_encounters", "avg_satisfaction", "avg_length_of_stay_hours"],
    category_orders={"department_label": list(riskiest_first.department_label)},
    labels={"department_label": ""},
)
ui.chart(figure, height=max(260, 40 * len(riskiest_first)))

st.subheader("Department detail")
st.caption("Every figure above per department, for the selected dates; click a column title to sort.")
ui.table(performance.drop(columns="department"))
