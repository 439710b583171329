"""The tables the scoring phase writes into the warehouse's `scores` schema, declared to dbt as the source `scores`
(models/staging/scores/_scores__sources.yml). Each is written whole by every build, with these column types on both
engines, so an empty table (no telehealth data, nothing upcoming) still has its columns."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

SCHEMA = "scores"
# What the phase reads: tables of the first dbt build.
FEATURES_RELATION = "intermediate.int_no_show_features"
COMMENTS_RELATION = "intermediate.int_feedback_comments"
PROVIDER_MATCH_RECORDS_RELATION = "intermediate.int_provider_match_records"

NO_SHOW_RISK = "no_show_risk"
NO_SHOW_MODEL = "no_show_model"
NO_SHOW_CALIBRATION = "no_show_calibration"
NO_SHOW_DRIVERS = "no_show_drivers"
FEEDBACK_SENTIMENT = "feedback_sentiment"
PROVIDER_MATCHES = "provider_matches"
PROVIDER_MATCH_TRUTH = "provider_match_truth"
# Provider growth: semantic-layer metrics materialised by a grain (healthcare_ops/scoring/snapshots.py), so the marts
# hold the metrics' values without a second copy of their formulas, and the opportunity model's outputs.
OPPORTUNITY_PROVIDERS = "opportunity_providers"
OPPORTUNITY_MODEL = "opportunity_model"
OPPORTUNITY_COEFFICIENTS = "opportunity_coefficients"
SERVICE_LINE_METRICS = "service_line_metrics"
REFERRAL_LEAKAGE_METRICS = "referral_leakage_metrics"

# The metrics of each materialised grain; every one is a metric of models/marts/*/_*__semantic.yml.
PROVIDER_METRICS = ("referral_volume", "referred_patients", "avg_encounter_length_of_stay_hours", "avg_satisfaction",
                    "avg_cost_per_encounter", "supplies_per_patient", "supply_cost_per_patient", "crm_contacts",
                    "crm_activities", "open_pipeline_amount", "expected_revenue", "opportunity_value_per_patient",
                    "referral_leakage_rate")
SERVICE_LINE_METRICS_NAMES = ("encounter_count", "referral_volume", "encounter_patients", "avg_cost_per_encounter",
                              "supplies_per_patient", "supply_cost_per_patient", "avg_satisfaction",
                              "avg_encounter_length_of_stay_hours")
LEAKAGE_METRICS = ("referral_orders", "observed_referral_orders", "leaked_referral_orders",
                   "referral_leakage_rate")


def _metric_fields(metrics: tuple[str, ...]) -> list[tuple[str, pa.DataType]]:
    return [(metric, pa.float64()) for metric in metrics]


SCHEMAS: dict[str, pa.Schema] = {
    NO_SHOW_RISK: pa.schema([
        ("appointment_id", pa.string()),
        ("model_name", pa.string()),
        ("risk_score", pa.float64()),
        ("risk_decile", pa.int32()),
        ("reason_1", pa.string()),
        ("reason_2", pa.string()),
        ("reason_3", pa.string()),
    ]),
    NO_SHOW_MODEL: pa.schema([
        ("model_name", pa.string()),
        ("model_description", pa.string()),
        ("features", pa.string()),
        ("training_cutoff", pa.date32()),
        ("train_rows", pa.int32()),
        ("train_no_shows", pa.int32()),
        ("test_rows", pa.int32()),
        ("test_no_shows", pa.int32()),
        ("test_no_show_rate", pa.float64()),
        ("auc", pa.float64()),
        ("baseline_auc", pa.float64()),
        ("auc_gain", pa.float64()),
        ("top_decile_no_show_rate", pa.float64()),
        ("top_decile_lift", pa.float64()),
        ("refit_rows", pa.int32()),
        ("scored_rows", pa.int32()),
    ]),
    NO_SHOW_CALIBRATION: pa.schema([
        ("model_name", pa.string()),
        ("decile", pa.int32()),
        ("appointments", pa.int32()),
        ("no_shows", pa.int32()),
        ("mean_predicted_risk", pa.float64()),
        ("observed_no_show_rate", pa.float64()),
    ]),
    NO_SHOW_DRIVERS: pa.schema([
        ("model_name", pa.string()),
        ("feature", pa.string()),
        ("mean_abs_contribution", pa.float64()),
        ("importance_rank", pa.int32()),
    ]),
    FEEDBACK_SENTIMENT: pa.schema([
        ("feedback_id", pa.string()),
        ("sentiment_score", pa.float64()),
    ]),
    OPPORTUNITY_PROVIDERS: pa.schema([
        ("provider_sk", pa.string()),
        *_metric_fields(PROVIDER_METRICS),
        ("is_modelled", pa.bool_()),
        ("is_held_out", pa.bool_()),
        ("predicted_opportunity_value_per_patient", pa.float64()),
        ("residual", pa.float64()),
    ]),
    OPPORTUNITY_MODEL: pa.schema([
        ("model_name", pa.string()),
        ("target", pa.string()),
        ("features", pa.string()),
        ("ridge_alpha", pa.float64()),
        ("intercept", pa.float64()),
        ("held_out_share", pa.float64()),
        ("train_rows", pa.int32()),
        ("test_rows", pa.int32()),
        ("r2", pa.float64()),
        ("mae", pa.float64()),
        ("baseline_r2", pa.float64()),
        ("baseline_mae", pa.float64()),
        ("refit_rows", pa.int32()),
        ("predicted_rows", pa.int32()),
    ]),
    OPPORTUNITY_COEFFICIENTS: pa.schema([
        ("feature", pa.string()),
        ("coefficient", pa.float64()),
        ("standardised_coefficient", pa.float64()),
        ("feature_mean", pa.float64()),
        ("feature_std", pa.float64()),
        ("importance_rank", pa.int32()),
    ]),
    SERVICE_LINE_METRICS: pa.schema([("service_line", pa.string()), *_metric_fields(SERVICE_LINE_METRICS_NAMES)]),
    REFERRAL_LEAKAGE_METRICS: pa.schema([
        ("provider_sk", pa.string()),
        ("service_line", pa.string()),
        *_metric_fields(LEAKAGE_METRICS),
    ]),
    PROVIDER_MATCHES: pa.schema([
        ("contact_id", pa.string()),
        ("provider_id", pa.string()),
        ("match_probability", pa.float64()),
        ("match_weight", pa.float64()),
    ]),
    PROVIDER_MATCH_TRUTH: pa.schema([
        ("contact_id", pa.string()),
        ("true_provider_id", pa.string()),
    ]),
}


def to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """The frame as score table `name`, its columns in the declared order and types; NaN and None become null."""
    schema = SCHEMAS[name]
    columns = {}
    for field in schema:
        values = frame[field.name] if field.name in frame.columns else pd.Series([None] * len(frame), dtype=object)
        values = values.astype(object).where(values.notna(), None)
        columns[field.name] = pa.array(values.tolist(), type=field.type, from_pandas=True)
    return pa.table(columns, schema=schema)
