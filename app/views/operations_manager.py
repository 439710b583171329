"""Operations Manager view: today's backlog, who needs follow-up, who is overloaded, and responsiveness."""

import plotly.express as px
import streamlit as st
import ui
from queries import advocacy, reference

CASE_DETAIL_ROWS = 1000
# A bar per advocate stays readable (and quick to draw) up to about this many; a larger team shows its busiest.
ADVOCATES_CHARTED = 40

st.title("Operations Manager")
st.caption("Cases created in the selected date range, case types and priorities, unless a chart says otherwise.")

filters = ui.filters()
by_priority = advocacy.kpis(filters, by=["priority"])
by_type_and_priority = advocacy.kpis(filters, by=["case_type", "priority"])

urgency, escalations = st.columns(2)
with urgency:
    st.subheader("Open cases by urgency")
    if ui.has_rows(by_priority):
        ui.chart(ui.bar(by_priority, x="priority", y="active_cases", color="priority", text_auto=True))
with escalations:
    st.subheader("Escalation distribution")
    if ui.has_rows(by_type_and_priority):
        ui.chart(ui.bar(by_type_and_priority, x="case_type", y="escalated_cases", color="priority"))
        slice_rate = advocacy.kpis(filters, names=["escalation_rate"]).iloc[0].escalation_rate
        st.caption(f"Escalation rate in the slice: {ui.percent(slice_rate)}.")

st.subheader("Stale cases to follow up")
stale = advocacy.stale_cases(filters)
stale_hours = reference.thresholds()["stale_after_hours"]
st.caption(f"{len(stale):,} active cases with no event or interaction for {stale_hours:g} hours; most urgent first.")
if ui.has_rows(stale, "stale cases"):
    ui.table(stale, height=min(400, 38 + 35 * len(stale)))

st.subheader("Advocate caseload vs capacity")
st.caption("Every active case each advocate owns now; the filters do not apply to capacity.")
caseload = advocacy.advocate_caseload()
overloaded = caseload[caseload.is_overloaded]
if not overloaded.empty:
    names = ", ".join(f"{row.advocate_name} ({row.active_cases}/{row.capacity})" for row in overloaded.itertuples())
    st.warning(f"{len(overloaded)} advocate(s) above capacity: {ui.plain(names)}.", icon=":material/warning:")
if ui.has_rows(caseload, "advocates"):
    if len(caseload) > ADVOCATES_CHARTED:
        st.caption(f"The {ADVOCATES_CHARTED} with the highest utilization of {len(caseload):,} advocates.")
    caseload = caseload.head(ADVOCATES_CHARTED).assign(
        load=lambda rows: rows.is_overloaded.map({True: "Over capacity", False: "Within capacity"})
    )
    figure = ui.bar(
        caseload,
        x="advocate_name",
        y="active_cases",
        color="load",
        hover_data=["team", "utilization_ratio"],
        color_discrete_map={"Over capacity": "#d62728", "Within capacity": "#4292c6"},
    )
    ui.chart(ui.with_limits(figure, caseload.advocate_name, caseload.capacity, "Capacity"))

interactions, response = st.columns(2)
with interactions:
    st.subheader("Interaction load by case type")
    by_type = advocacy.kpis(filters, by=["case_type"])
    if ui.has_rows(by_type):
        ui.chart(
            ui.bar(by_type, x="case_type", y="sum_interactions", hover_data=["interactions_per_case"], text_auto=True)
        )
with response:
    st.subheader("Avg hours to first response")
    if ui.has_rows(by_type_and_priority):
        grid = ui.labelled(by_type_and_priority).pivot(
            index="case_type", columns="priority", values="avg_hours_to_first_response"
        )
        orders = ui.category_orders()
        grid = grid.reindex(index=orders["case_type"], columns=orders["priority"])
        grid = grid.dropna(how="all").dropna(axis="columns", how="all")
        figure = px.imshow(
            grid,
            text_auto=".1f",
            color_continuous_scale="Blues",
            aspect="auto",
            labels={"x": "Priority", "y": "Case type", "color": "Hours"},
        )
        ui.chart(figure)

st.subheader("Open backlog by advocate")
st.caption("Active cases in the filtered slice, by priority.")
backlog = advocacy.open_backlog_by_advocate(filters)
if ui.has_rows(backlog, "active cases"):
    busiest_first = backlog.groupby("advocate_name").active_cases.sum().sort_values(ascending=False).index
    if len(busiest_first) > ADVOCATES_CHARTED:
        st.caption(f"The {ADVOCATES_CHARTED} with the most active cases of {len(busiest_first):,} advocates.")
        busiest_first = busiest_first[:ADVOCATES_CHARTED]
        backlog = backlog[backlog.advocate_name.isin(busiest_first)]
    figure = ui.bar(
        backlog,
        x="advocate_name",
        y="active_cases",
        color="priority",
        hover_data=["team"],
        category_orders={"advocate_name": list(busiest_first)},
    )
    ui.chart(figure)

st.subheader("Case detail")
detail = advocacy.case_detail(filters, limit=CASE_DETAIL_ROWS)
shown = f"The {CASE_DETAIL_ROWS:,} most recently created" if len(detail) == CASE_DETAIL_ROWS else f"All {len(detail):,}"
st.caption(f"{shown} cases in the slice; click a column title to sort.")
if ui.has_rows(detail):
    ui.table(detail, height=400)
