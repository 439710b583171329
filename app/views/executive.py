"""Executive view: the headline KPIs, backlog and KPIs by case type, and the largest bottlenecks."""

import streamlit as st
import ui
from queries import advocacy, reference

st.title("Executive")
st.caption("Cases created in the selected date range, case types and priorities.")

filters = ui.filters()
stale_hours = reference.thresholds()["stale_after_hours"]
summary = advocacy.kpis(filters).iloc[0]
tiles = st.columns(6)
tiles[0].metric("Cases created", ui.count(summary.total_cases))
tiles[1].metric(
    "Active cases", ui.count(summary.active_cases), help="Open, in progress, pending docs, escalated or reopened."
)
tiles[2].metric("Avg resolution days", ui.number(summary.avg_days_to_resolution), help="Cases resolved now.")
tiles[3].metric("SLA breach rate", ui.percent(summary.sla_breach_rate), help="Share of cases open past their SLA.")
tiles[4].metric("Avg CSAT", ui.number(summary.avg_csat, 2), help="Latest survey answer, 1–5.")
tiles[5].metric("Stale cases", ui.count(summary.stale_cases), help=f"Active, no touch for {stale_hours:g} hours.")

backlog, bottlenecks = st.columns([2, 3])
with backlog:
    st.subheader("Backlog by case type")
    by_type = advocacy.kpis(filters, by=["case_type"])
    if ui.has_rows(by_type):
        ui.chart(ui.bar(by_type, x="case_type", y="active_cases", text_auto=True))
with bottlenecks:
    st.subheader("Top bottlenecks")
    st.caption("Over all cases in the warehouse; the filters do not apply. Ranked by relative difference.")
    top = ui.with_segment(advocacy.bottlenecks(limit=5))
    ui.table(top[["effect_rank", "segment", "relative_effect", "comparison_cases"]])

st.subheader("KPIs by case type")
if ui.has_rows(by_type):
    ui.table(by_type[["case_type", "total_cases", "active_cases", *advocacy.RATES]])
