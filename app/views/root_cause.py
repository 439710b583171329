"""Root Cause view: which case traits go with slower, less satisfying or late cases."""

import streamlit as st
import ui
from queries import advocacy

st.title("Root Cause")
st.caption(
    "Each chart splits the cases created in the selected range, case types and priorities by one trait. "
    "The bottleneck summary at the bottom covers all cases."
)

filters = ui.filters()
COMPARISONS = [  # (title, segment, KPI, count shown on hover)
    ("Missing documents vs resolution time", "missing_docs", "avg_days_to_resolution", "resolved_cases"),
    ("Handoffs vs CSAT", "handoffs", "avg_csat", "csat_responses"),
    ("Escalation vs SLA breach", "escalation", "sla_breach_rate", "total_cases"),
    ("Case type vs delay", "case_type", "avg_days_to_resolution", "resolved_cases"),
]
for row in range(0, len(COMPARISONS), 2):
    for column, (title, segment, kpi, cases) in zip(st.columns(2), COMPARISONS[row : row + 2]):
        with column:
            st.subheader(title)
            frame = advocacy.kpis(filters, by=[segment])
            if ui.has_rows(frame):
                ui.chart(ui.bar(frame, x=segment, y=kpi, hover_data=[cases, "sla_breach_rate"], text_auto=True))

st.subheader("Advocate and team comparison")
teams, advocates = st.columns([2, 3])
with teams:
    frame = advocacy.kpis(filters, by=["team"])
    if ui.has_rows(frame):
        figure = ui.bar(
            frame, x="team", y="avg_days_to_resolution", text_auto=True, hover_data=["total_cases", "sla_breach_rate"]
        )
        ui.chart(figure)
with advocates:
    frame = advocacy.kpis(filters, by=["advocate_id", "advocate_name", "team"])
    if ui.has_rows(frame):
        ui.table(
            frame[
                [
                    "advocate_name",
                    "team",
                    "total_cases",
                    "active_cases",
                    "avg_hours_to_first_response",
                    "avg_days_to_resolution",
                    "escalation_rate",
                    "sla_breach_rate",
                    "avg_csat",
                ]
            ],
            height=340,
        )

st.subheader("Bottleneck summary")
st.caption(
    "Each driver's group against the rest on one metric, over all cases in the warehouse (the filters do not "
    "apply). Relative difference = (group − baseline) / baseline."
)
summary = ui.with_segment(advocacy.bottlenecks())
if ui.has_rows(summary, "bottlenecks"):
    figure = ui.bar(
        summary,
        x="relative_effect",
        y="segment",
        orientation="h",
        color="driver",
        labels={"segment": ""},
        category_orders={"segment": list(summary.segment)},  # rank 1 on top
    )
    ui.chart(figure, height=max(300, 28 * len(summary)))
    ui.table(summary.drop(columns="segment"))
