"""The no-show model's frame: one row per appointment of intermediate.int_no_show_features, the same whichever engine
read it.

Spark's toPandas and DuckDB's df() hand over different dtypes (nullable integers, objects, timestamp units); prepare()
gives every column one dtype and sorts the rows by appointment id, so both engines train on identical input and
LightGBM, being deterministic, gives identical scores. Unknown stays unknown: a null (or 'unknown') category and a
null number are missing values, which LightGBM routes on its own rather than reading them as a value.
"""

from __future__ import annotations

import pandas as pd

KEY = "appointment_id"
TIME = "scheduled_at"
LABEL = "is_no_show"
NUMERIC_FEATURES = ("lead_time_days", "prior_no_shows", "prior_due_appointments", "age_years", "hour_of_day",
                    "day_of_week")
BOOLEAN_FEATURES = ("reminder_sent",)
CATEGORICAL_FEATURES = ("device", "reason")
FEATURES = (*NUMERIC_FEATURES, *BOOLEAN_FEATURES, *CATEGORICAL_FEATURES)
COLUMNS = (KEY, TIME, "status", "is_due", LABEL, *FEATURES)
# The status of an appointment still ahead: the ones the refitted model scores.
UPCOMING_STATUS = "scheduled"
UNKNOWN = "unknown"


def as_flag(values: pd.Series) -> pd.Series:
    """Booleans as 1.0 / 0.0, null as NaN, whether they arrive as bool, nullable boolean or objects."""
    return values.map({True: 1.0, False: 0.0}).astype("float64")


def as_category(values: pd.Series) -> pd.Series:
    """Codes as a categorical with sorted categories (the same on every engine); null and 'unknown' are missing."""
    text = values.astype(object).where(values.notna(), None)
    text = text.where(text != UNKNOWN, None)
    return pd.Series(pd.Categorical(text, categories=sorted(text.dropna().unique())), index=values.index)


def prepare(raw: pd.DataFrame) -> pd.DataFrame:
    """The features frame in one canonical form, sorted by appointment id."""
    frame = raw.loc[:, list(COLUMNS)].sort_values(KEY, kind="stable").reset_index(drop=True)
    prepared = pd.DataFrame({
        KEY: frame[KEY].astype(object),
        TIME: pd.to_datetime(frame[TIME], utc=True).dt.tz_localize(None).astype("datetime64[us]"),
        "status": frame["status"].astype(object),
        "is_due": as_flag(frame["is_due"]).fillna(0.0).astype(bool),
        LABEL: as_flag(frame[LABEL]).fillna(0.0).astype(bool),
    })
    for name in NUMERIC_FEATURES:
        prepared[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    for name in BOOLEAN_FEATURES:
        prepared[name] = as_flag(frame[name])
    for name in CATEGORICAL_FEATURES:
        prepared[name] = as_category(frame[name])
    return prepared


def known_features(frame: pd.DataFrame) -> list[str]:
    """The features with at least one known value in `frame`: a wholly unknown one (e.g. the device of an export
    that has none) is left out of the model rather than handed to it as a column of nothing."""
    return [name for name in FEATURES if frame[name].notna().any()]


def due(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["is_due"]].reset_index(drop=True)


def upcoming(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.loc[frame["status"] == UPCOMING_STATUS].reset_index(drop=True)
