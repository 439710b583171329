"""The provider-growth questions (seed 004): referred volume by service line from the semantic layer for the chosen
days, specialties and service lines, and the whole-history marts of the referring providers, the opportunity model,
the matching of CRM contacts to providers and the referral leakage."""

from __future__ import annotations

import pandas as pd

from healthcare_ops.semantic import MetricQuery
from queries.filters import GROWTH_WHERE, LEAKAGE_WHERE, Filters, service_lines_condition, specialties_condition
from queries.warehouse import metrics, run

# The headline tiles, the volume and the leakage charts (models/marts/provider_growth/_provider_growth__semantic.yml
# and patient flow's avg_satisfaction): the encounters' metrics, and the referral orders'.
KPIS = ("referral_volume", "referred_patients", "avg_cost_per_encounter", "supplies_per_patient", "avg_satisfaction")
SERVICE_LINE = "encounter__service_line"
SERVICE_LINE_KPIS = ("referral_volume", "referred_patients", "avg_cost_per_encounter", "supplies_per_patient")
ORDER_SERVICE_LINE = "referral_order__service_line"
LEAKAGE_KPIS = ("referral_orders", "observed_referral_orders", "leaked_referral_orders", "referral_leakage_rate")
# The provider table: marts.mart_provider_roi's columns, the provider's name from dim_provider.
PROVIDER_COLUMNS = (
    "specialty",
    "service_line",
    "practice_city",
    "practice_state",
    "referral_volume",
    "referred_patients",
    "avg_length_of_stay_hours",
    "avg_satisfaction",
    "avg_cost",
    "supplies_per_patient",
    "supply_cost_per_patient",
    "crm_contacts",
    "crm_activities",
    "pipeline_stage",
    "open_pipeline_amount",
    "expected_revenue",
    "opportunity_value_per_patient",
    "predicted_opportunity_value_per_patient",
    "residual",
    "is_held_out",
    "leakage_rate",
)


def kpis(filters: Filters) -> pd.DataFrame:
    """One row: the referred encounters in the filtered slice and their patients, cost, supplies and satisfaction."""
    return metrics(MetricQuery(KPIS, (), GROWTH_WHERE), filters.provider_growth_values())


def service_line_volume(filters: Filters) -> pd.DataFrame:
    """Per service line with referred encounters in the filtered slice: the volume, patients, cost and supplies,
    busiest first."""
    query = MetricQuery(SERVICE_LINE_KPIS, (SERVICE_LINE,), GROWTH_WHERE)
    frame = metrics(query, filters.provider_growth_values())
    frame = frame[frame.referral_volume > 0]
    return frame.sort_values(["referral_volume", "service_line"], ascending=[False, True]).reset_index(drop=True)


def providers(filters: Filters) -> pd.DataFrame:
    """The referring providers of the chosen specialties and service lines (whole history), highest opportunity
    value per patient first, with their names."""
    columns = ",\n            ".join(f"roi.{column}" for column in PROVIDER_COLUMNS)
    return run(
        f"""
        select
            roi.provider_sk,
            providers.provider_name,
            {columns}
        from marts.mart_provider_roi as roi
        left join marts.dim_provider as providers on roi.provider_sk = providers.provider_sk
        where {specialties_condition("roi.specialty")} and {service_lines_condition("roi.service_line")}
        order by roi.opportunity_value_per_patient desc nulls last, roi.provider_sk
        """,
        {"specialties": list(filters.specialties), "service_lines": list(filters.service_lines)},
    )


def model_evaluation() -> pd.DataFrame:
    """One row (none before the model is fitted): R² and MAE on the held-out providers beside the mean-only
    baseline's, and how many providers it was fitted on and evaluated on."""
    return run("""
        select model_name, target, r2, mae, baseline_r2, baseline_mae, train_rows, test_rows
        from marts.mart_opportunity_model
    """)


def model_coefficients() -> pd.DataFrame:
    """The opportunity model's coefficients, the largest standardised effect first."""
    return run("""
        select importance_rank, feature, coefficient, standardised_coefficient, feature_mean, feature_std
        from marts.mart_opportunity_model_coefficients
        order by importance_rank, feature
    """)


def match_quality() -> pd.DataFrame:
    """One row: CRM contacts matched to registry providers at the build's threshold, with precision and recall
    against the generator's truth (null without one)."""
    return run("""
        select match_threshold, crm_contacts, matched_contacts, unmatched_contacts, match_precision, match_recall, match_f1
        from marts.mart_provider_match_quality
    """)


def leakage_by_service_line(filters: Filters) -> pd.DataFrame:
    """Per service line with observed referral orders placed in the chosen days: the orders, the observed ones and
    the leaked ones, and the leakage rate, highest first."""
    query = MetricQuery(LEAKAGE_KPIS, (ORDER_SERVICE_LINE,), LEAKAGE_WHERE)
    frame = metrics(query, filters.provider_growth_values())
    frame = frame[frame.observed_referral_orders > 0]
    return frame.sort_values(["referral_leakage_rate", "service_line"], ascending=[False, True]).reset_index(drop=True)
