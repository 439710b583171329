"""Sections of the Telehealth page for the no-show model and the comments' sentiment (README, "No-show model"):
the upcoming appointments most at risk, the model's calibration and evaluation, sentiment by rating.
The page calls these; they read their figures through queries/no_show.py."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
import ui
from queries import no_show
from queries.filters import Filters

AT_RISK_ROWS = 20


def render_at_risk(filters: Filters) -> None:
    """The riskiest upcoming appointments in the filtered days, with the reasons the model gives."""
    st.subheader("Upcoming appointments most at risk of a no-show")
    st.caption("Risk from the no-show model, refitted on every due appointment; the reasons are the three "
               "features raising each appointment's risk the most.")
    frame = no_show.at_risk_appointments(filters, AT_RISK_ROWS)
    if ui.has_rows(frame, "upcoming appointments"):
        ui.table(frame)


def render_calibration(filters: Filters) -> None:
    """Predicted against observed no-show rate by decile of risk on the out-of-time test set, and the AUCs.
    The filters do not apply: the test set is fixed by the build."""
    del filters  # the same signature as the page's other sections; the test set is the build's
    st.subheader("Does the risk match what happened?")
    evaluation = no_show.model_evaluation()
    if not ui.has_rows(evaluation, "evaluated no-show models"):
        return
    model = evaluation.iloc[0]
    st.caption(
        f"Trained on due appointments before {model.training_cutoff:%Y-%m-%d}, tested on the "
        f"{ui.count(model.test_rows)} after. AUC {ui.number(model.auc, 2)} against "
        f"{ui.number(model.baseline_auc, 2)} for lead time alone; the riskiest tenth no-showed "
        f"{ui.number(model.top_decile_lift, 1)} times as often as average."
    )
    frame = no_show.calibration()
    figure = go.Figure()
    for column in ("mean_predicted_risk", "observed_no_show_rate"):
        figure.add_bar(x=frame["decile"], y=frame[column], name=ui.title(column))
    figure.update_layout(xaxis_title=ui.title("decile"), yaxis_tickformat=".0%", barmode="group")
    ui.chart(figure)
    ui.table(evaluation)


def render_sentiment(filters: Filters) -> None:
    """Mean comment sentiment per overall rating (all surveys: the filters do not apply)."""
    del filters
    st.subheader("Comment sentiment by rating")
    frame = no_show.sentiment_by_rating()
    if ui.has_rows(frame, "surveys"):
        ui.chart(ui.bar(frame, x="overall_rating", y="avg_sentiment", text_auto=True, hover_data=["commented_surveys"]))
