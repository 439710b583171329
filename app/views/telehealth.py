"""Telehealth view: seed 001's questions for the chosen days, devices and specialties.

The page is a sequence of sections, each a function of the shared filters drawing its own subheader; the
monitoring's open alerts and the no-show model's sections live in modules of their own beside this one.
"""

from collections.abc import Callable

import plotly.express as px
import streamlit as st
import ui
from queries import reference, telehealth
from queries.filters import Filters
from views.telehealth_alerts import render_open_alerts
from views.telehealth_no_show import render_at_risk, render_calibration, render_sentiment

STATUS_COLORS = {
    "Completed share": "#4c9f70",
    "Cancelled share": "#f28e2b",
    "Rescheduled share": "#9ecae1",
    "No-show share": "#d62728",
}


def headline(filters: Filters) -> None:
    totals = telehealth.kpis(filters).iloc[0]
    tiles = st.columns(6)
    tiles[0].metric("Past appointments", ui.count(totals.past_appointments),
                    help=f"Slots that have passed, whatever became of them; {ui.count(totals.appointments)} in all "
                    "with the upcoming ones.")
    tiles[1].metric("Completed share", ui.percent(totals.completed_share), help="Of the past appointments.")
    tiles[2].metric(
        "No-show rate",
        ui.percent(totals.no_show_rate),
        help=f"{ui.count(totals.no_shows)} no-shows of {ui.count(totals.due_appointments)} due appointments "
        "(completed or no-show); cancellations and reschedules never come due.",
    )
    tiles[3].metric("Technical-issue rate", ui.percent(totals.technical_issue_rate), help="Of the past appointments.")
    tiles[4].metric(
        "Avg virtual wait (min)", ui.number(totals.avg_appointment_wait_minutes), help="Completed visits."
    )
    tiles[5].metric(
        "Avg overall rating",
        ui.number(totals.avg_overall_rating, 2),
        help=f"Of 5, over {ui.count(totals.feedback_responses)} surveys "
        f"({ui.percent(totals.feedback_response_rate)} of completed visits answered).",
    )


def status_mix_over_time(filters: Filters) -> None:
    grain = telehealth.status_mix_grain(filters)
    st.subheader("Status mix over time")
    st.caption(
        f"What became of the appointments whose slot fell in each {grain}, as shares of them; a {grain} whose "
        "slots are all still ahead has no bar."
    )
    mix = telehealth.status_mix(filters, grain)
    if ui.has_rows(mix, "past appointments"):
        shares = mix.melt(
            id_vars=["period_start", "past_appointments"],
            value_vars=list(telehealth.STATUS_MIX),
            var_name="status",
            value_name="share",
        )
        shares["status"] = shares.status.map(ui.title)
        figure = px.bar(
            shares,
            x="period_start",
            y="share",
            color="status",
            color_discrete_map=STATUS_COLORS,
            hover_data={"past_appointments": ":,"},
            labels={"period_start": grain.capitalize(), "share": "Share of past appointments",
                    "past_appointments": ui.title("past_appointments")},
        )
        figure.update_yaxes(tickformat=".0%")
        ui.chart(figure)


def device_performance(filters: Filters) -> None:
    st.subheader("Device performance")
    st.caption("Technical issues among past appointments and the wait of completed visits, per device joined on.")
    devices = telehealth.device_performance(filters)
    if ui.has_rows(devices, "appointments"):
        issues, waits = st.columns(2)
        with issues:
            figure = ui.bar(devices, x="device", y="technical_issue_rate", text_auto=True,
                            hover_data=["past_appointments", "technical_issues"])
            ui.chart(figure, height=300)
        with waits:
            figure = ui.bar(devices, x="device", y="avg_appointment_wait_minutes", text_auto=True,
                            hover_data=["waited_appointments"])
            ui.chart(figure, height=300)
        ui.table(devices.drop(columns="device_label"))


def specialty_satisfaction(filters: Filters) -> None:
    st.subheader("Satisfaction by specialty")
    st.caption(
        "Mean overall rating of the surveyed visits, by the provider's specialty, best rated first; the number on "
        "each bar is its group size (surveys): small groups move more by chance."
    )
    specialties = telehealth.specialty_satisfaction(filters)
    if ui.has_rows(specialties, "surveys"):
        figure = ui.bar(
            specialties,
            x="avg_overall_rating",
            y="specialty",
            orientation="h",
            text="feedback_responses",
            hover_data=["avg_provider_rating", "avg_connection_rating"],
            category_orders={"specialty": list(ui.labelled(specialties).specialty)},
            labels={"specialty": ""},
        )
        figure.update_xaxes(range=[1, 5])
        ui.chart(figure, height=max(260, 34 * len(specialties)))
        ui.table(specialties)


def connection_vs_satisfaction(filters: Filters) -> None:
    st.subheader("Connection quality vs satisfaction")
    st.caption(
        "Every completed visit with a survey, over the whole history (the filters do not apply): the mean rating "
        "at each connection quality the platform recorded, and how closely the two move together."
    )
    means = telehealth.connection_satisfaction()
    correlation = telehealth.connection_correlation()
    if ui.has_rows(means, "rated visits"):
        row = correlation.iloc[0]
        tiles = st.columns(3)
        tiles[0].metric("Correlation (Pearson r)", ui.number(row.pearson_correlation, 2),
                        help="Of connection quality (1-5) with the overall rating (1-5); 1 is lockstep, 0 none.")
        tiles[1].metric("Rating points per connection point", ui.number(row.rating_per_connection_point, 2),
                        help="The least-squares slope of the overall rating on connection quality.")
        tiles[2].metric("Rated visits", ui.count(row.rated_visits))
        chart, table = st.columns([2, 3])
        with chart:
            figure = ui.bar(means, x="connection_quality", y="mean_overall_rating", text_auto=True,
                            hover_data=["rated_visits", "mean_connection_rating"])
            ui.chart(figure.update_yaxes(range=[0, 5]).update_xaxes(dtick=1), height=300)
        with table:
            ui.table(means)


def provider_performance(filters: Filters) -> None:
    thresholds = reference.thresholds()
    st.subheader("Provider performance")
    st.caption(
        f"Providers with at least {thresholds['provider_score_min_rated_visits']:g} surveyed visits are scored over "
        "the whole history: z-scores among the scored providers, weighted "
        f"{thresholds['provider_score_weight_rating']:g} × mean overall rating "
        f"− {thresholds['provider_score_weight_no_show']:g} × no-show rate "
        f"− {thresholds['provider_score_weight_technical_issue']:g} × technical-issue rate "
        f"+ {thresholds['provider_score_weight_volume']:g} × completed visits. 0 is the typical provider, higher is "
        "better. The specialty filter picks the providers listed; the date and device filters do not apply."
    )
    providers = telehealth.provider_performance(filters)
    if ui.has_rows(providers, "providers"):
        ui.table(providers)


# The page, top to bottom. A section is drawn by a function of the filters.
SECTIONS: tuple[Callable[[Filters], None], ...] = (
    headline,
    status_mix_over_time,
    device_performance,
    specialty_satisfaction,
    connection_vs_satisfaction,
    provider_performance,
    render_sentiment,
    render_open_alerts,
    render_at_risk,
    render_calibration,
)

st.title("Telehealth")
st.caption(
    "Video visits in the selected dates, devices and specialties, each counted on the day of its slot (a survey on "
    "the day of the visit it rates)."
)
chosen = ui.filters()
for section in SECTIONS:
    section(chosen)
