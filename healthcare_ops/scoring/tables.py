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
