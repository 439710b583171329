"""Provider Growth view: seed 004's three plots and the referring providers, for the chosen specialties and service
lines (and, for the semantic-layer figures, days).

The page is a sequence of sections, each a function of the shared filters drawing its own subheader. The tiles, the
volume by service line and the referral leakage are semantic-layer metrics and follow the date range; the provider
mart, the opportunity model and the matching are built over the whole history, so the date range does not apply to
them.
"""

from collections.abc import Callable

import pandas as pd
import streamlit as st
import ui
from queries import provider_growth
from queries.filters import Filters

SPLIT_LABELS = {True: "Held out (evaluated)", False: "Fitted on"}
SPLIT_COLORS = {"Held out (evaluated)": "#d62728", "Fitted on": "#9ecae1"}


def headline(filters: Filters) -> None:
    totals = provider_growth.kpis(filters).iloc[0]
    tiles = st.columns(5)
    tiles[0].metric("Referred encounters", ui.count(totals.referral_volume),
                    help="Patient-flow encounters with a referring provider, arrived in the chosen days.")
    tiles[1].metric("Referred patients", ui.count(totals.referred_patients))
    tiles[2].metric("Avg cost per encounter", ui.number(totals.avg_cost_per_encounter, 0),
                    help="Mean total cost of the encounters discharged in the chosen days.")
    tiles[3].metric("Supplies per patient", ui.number(totals.supplies_per_patient, 1),
                    help="Inventory items used, per referred patient.")
    tiles[4].metric("Avg satisfaction", ui.number(totals.avg_satisfaction, 2), help="Of 5, surveyed encounters.")


def volume_by_service_line(filters: Filters) -> None:
    st.subheader("Patient volume by service line")
    st.caption("Referred encounters that arrived in the chosen days, by service line, busiest first.")
    volume = provider_growth.service_line_volume(filters)
    if ui.has_rows(volume, "referred encounters"):
        figure = ui.bar(
            volume,
            x="service_line",
            y="referral_volume",
            text_auto=True,
            hover_data=["referred_patients", "avg_cost_per_encounter", "supplies_per_patient"],
            category_orders={"service_line": list(ui.labelled(volume).service_line)},
        )
        ui.chart(figure)


def opportunity_vs_cost(providers: pd.DataFrame) -> None:
    st.subheader("Opportunity value vs average cost by provider")
    st.caption(
        "Each referring provider over the whole history: the average cost of the encounters they referred against "
        "their opportunity value per patient (README, Provider growth), coloured by service line."
    )
    shown = providers.dropna(subset=["avg_cost", "opportunity_value_per_patient"])
    if ui.has_rows(shown, "providers with referred encounters"):
        figure = ui.scatter(
            shown,
            x="avg_cost",
            y="opportunity_value_per_patient",
            color="service_line",
            hover_name="provider_name",
            hover_data=["referral_volume", "open_pipeline_amount", "expected_revenue"],
        )
        ui.chart(figure, height=420)


def predicted_vs_actual(providers: pd.DataFrame) -> None:
    st.subheader("Predicted vs actual opportunity value")
    st.caption(
        "The opportunity model's prediction for each provider against the value observed; on the dashed line they "
        "agree. The model was fitted on one set of providers and evaluated on the others (held out, in red)."
    )
    evaluation(provider_growth.model_evaluation())
    shown = providers.dropna(subset=["predicted_opportunity_value_per_patient", "opportunity_value_per_patient"])
    if ui.has_rows(shown, "providers the model scored"):
        shown = shown.assign(split=shown.is_held_out.map(SPLIT_LABELS))
        figure = ui.scatter(
            shown,
            x="predicted_opportunity_value_per_patient",
            y="opportunity_value_per_patient",
            color="split",
            color_discrete_map=SPLIT_COLORS,
            hover_name="provider_name",
            hover_data=["residual", "referral_volume"],
        )
        low = float(min(shown.predicted_opportunity_value_per_patient.min(), shown.opportunity_value_per_patient.min()))
        high = float(max(shown.predicted_opportunity_value_per_patient.max(), shown.opportunity_value_per_patient.max()))
        figure.add_scatter(x=[low, high], y=[low, high], mode="lines", name="Predicted = actual",
                           line={"dash": "dash", "color": "#555"})
        ui.chart(figure, height=420)
        coefficients = provider_growth.model_coefficients()
        if not coefficients.empty:
            with st.expander("The model's coefficients"):
                ui.table(coefficients)


def evaluation(model: pd.DataFrame) -> None:
    """R² and MAE on the held-out providers, beside the mean-only baseline's."""
    if model.empty:
        st.info("The opportunity model has not been fitted in this warehouse.")
        return
    row = model.iloc[0]
    held_out = f"On the {ui.count(row.test_rows)} held-out providers (fitted on {ui.count(row.train_rows)})."
    baseline = "The mean-only baseline: every held-out provider predicted by the fitted providers' mean."
    tiles = st.columns(4)
    tiles[0].metric("R² (held out)", ui.number(row.r2, 2), help=f"{held_out} 1 is perfect, 0 no better than the mean.")
    tiles[1].metric("Baseline R²", ui.number(row.baseline_r2, 2), help=baseline)
    tiles[2].metric("MAE (held out)", ui.number(row.mae, 2), help=f"{held_out} Mean absolute error, per patient.")
    tiles[3].metric("Baseline MAE", ui.number(row.baseline_mae, 2), help=baseline)


def provider_table(providers: pd.DataFrame) -> None:
    st.subheader("Referring providers")
    st.caption(
        "Every referring provider of the chosen specialties and service lines (a provider's service line is their "
        "specialty's) over the whole history, highest opportunity value per patient first; click a column's title "
        "to sort by it."
    )
    if ui.has_rows(providers, "providers"):
        ui.table(providers.drop(columns="provider_sk"))


def match_quality(filters: Filters) -> None:
    st.subheader("Matching CRM contacts to providers")
    st.caption(
        "How well the CRM's contacts were linked to registry providers (Splink), against the generator's truth. "
        "Unmatched contacts are kept in quarantine as unmatched_provider."
    )
    quality = provider_growth.match_quality()
    if ui.has_rows(quality, "CRM contacts"):
        row = quality.iloc[0]
        tiles = st.columns(4)
        tiles[0].metric("Match precision", ui.percent(row.match_precision),
                        help="Of the contacts matched, the share matched to their true provider.")
        tiles[1].metric("Match recall", ui.percent(row.match_recall),
                        help="Of the contacts that are a registry provider, the share matched to it.")
        tiles[2].metric("CRM contacts", ui.count(row.crm_contacts))
        tiles[3].metric("Unmatched contacts", ui.count(row.unmatched_contacts),
                        help=f"Below the match probability threshold, {ui.number(row.match_threshold, 2)}.")


def referral_leakage(filters: Filters) -> None:
    st.subheader("Referral leakage")
    st.caption(
        "Referral orders placed in the chosen days whose patient never arrived in patient flow, by the order's "
        "service line, highest rate first; only orders whose whole arrival window the data covers are counted "
        "(README, Provider growth)."
    )
    leakage = provider_growth.leakage_by_service_line(filters)
    if ui.has_rows(leakage, "referral orders"):
        figure = ui.bar(
            leakage,
            x="service_line",
            y="referral_leakage_rate",
            text_auto=True,
            hover_data=["observed_referral_orders", "leaked_referral_orders"],
            category_orders={"service_line": list(ui.labelled(leakage).service_line)},
        )
        ui.chart(figure, height=300)


def providers_and_model(filters: Filters) -> None:
    """The sections that read the provider mart, read once."""
    providers = provider_growth.providers(filters)
    opportunity_vs_cost(providers)
    predicted_vs_actual(providers)
    provider_table(providers)


# The page, top to bottom. A section is drawn by a function of the filters.
SECTIONS: tuple[Callable[[Filters], None], ...] = (
    headline,
    volume_by_service_line,
    providers_and_model,
    match_quality,
    referral_leakage,
)

st.title("Provider Growth")
st.caption(
    "Referring providers joined with the CRM and inventory. The tiles, the volume by service line and the referral "
    "leakage follow the chosen days; the providers, the opportunity model and the matching are over the whole "
    "history. The specialty (of the referring provider) and service line filters apply to all but the model's "
    "evaluation and the matching."
)
chosen = ui.filters()
for section in SECTIONS:
    section(chosen)
