"""The provider-growth questions (seed 004): referred volume by service line from the semantic layer for the chosen
days, specialties and service lines, and the whole-history marts of the referring providers, the opportunity model,
the matching of CRM contacts to providers and the referral leakage."""

from __future__ import annotations

import pandas as pd

from healthcare_ops.semantic import MetricQuery
from queries.filters import GROWTH_WHERE, Filters, service_lines_condition, specialties_condition
from queries.warehouse import metrics, run

# The headline tiles and the volume chart (models/marts/provider_growth/_provider_growth__semantic.yml).
KPIS = ("referral_volume", "referred_patients", "avg_cost", "supplies_per_patient", "avg_satisfaction")
SERVICE_LINE = "encounter__service_line"
SERVICE_LINE_KPIS = ("referral_volume", "referred_patients", "avg_cost", "supplies_per_patient")
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
    """The opportunity model's evaluation on the held-out providers beside the mean-only baseline's."""
    return run("select * from marts.mart_opportunity_model")


def model_coefficients() -> pd.DataFrame:
    """The opportunity model's coefficients, largest effect first."""
    return run("select * from marts.mart_opportunity_model_coefficients")


def match_quality() -> pd.DataFrame:
    """The matching of CRM contacts to registry providers: precision and recall against the truth, unmatched."""
    return run("select * from marts.mart_provider_match_quality")


def leakage(filters: Filters) -> pd.DataFrame:
    """Referral leakage per provider and service line, of the chosen specialties and service lines."""
    return run(
        f"""
        select *
        from marts.mart_referral_leakage
        where {service_lines_condition("service_line")}
        """,
        {"service_lines": list(filters.service_lines)},
    )
