"""The no-show model on small hand-made frames: the out-of-time split, the reasons' wording, the choice of the top
reasons, determinism, and data the model cannot use (healthcare_ops/scoring)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from no_show_data import raw_frame

from healthcare_ops.scoring import features, no_show, tables


def scored(raw: pd.DataFrame, seed: int = no_show.SEED) -> no_show.Scoring:
    frame = features.prepare(raw)
    return no_show.score(frame, features.due(frame), features.upcoming(frame), seed)


def test_the_split_puts_the_last_fifth_of_the_span_after_a_midnight_cutoff():
    # Slots 2026-01-01 00:00 to 2026-01-11 00:00: 80% of the span is 2026-01-09 00:00, the cutoff.
    due = pd.DataFrame({"scheduled_at": pd.date_range("2026-01-01", "2026-01-11", freq="12h"), "is_no_show": False})
    split = no_show.split_out_of_time(due)
    assert str(split.cutoff) == "2026-01-09"
    assert split.train["scheduled_at"].max() == pd.Timestamp("2026-01-08 12:00")
    assert split.test["scheduled_at"].min() == pd.Timestamp("2026-01-09")
    assert len(split.train) + len(split.test) == len(due)


def test_reasons_are_worded_from_the_values():
    rows = features.prepare(pd.DataFrame({
        "appointment_id": ["A", "B", "C"],
        "scheduled_at": pd.to_datetime(["2026-01-05 08:00"] * 3),
        "status": "scheduled", "is_due": False, "is_no_show": False,
        "lead_time_days": [45.2, 0.3, 1.0],
        "prior_no_shows": [2, 0, 1],
        "prior_due_appointments": [5, 0, 1],
        "age_years": [23, None, 70],
        "hour_of_day": [8, 18, None],
        "day_of_week": [1, 7, None],
        "reminder_sent": [False, True, None],
        "device": ["mobile", None, "unknown"],
        "reason": ["mental_health", "follow_up", None],
    }))
    texts = no_show.reason_texts(rows)
    assert texts.loc[0].tolist() == ["booked 45 days ahead", "2 earlier no-shows", "5 earlier visits", "aged 23",
                                     "slot at 08:00", "on a Monday", "no reminder sent", "joining on mobile",
                                     "visit for mental health"]
    assert texts.loc[1].tolist() == ["booked the same day", "no earlier no-shows", "no earlier visits", "age unknown",
                                     "slot at 18:00", "on a Sunday", "reminder sent", "device unknown",
                                     "visit for follow up"]
    assert texts.loc[2, ["lead_time_days", "prior_no_shows", "prior_due_appointments", "hour_of_day", "day_of_week",
                         "reminder_sent", "device", "reason"]].tolist() == [
        "booked 1 day ahead", "1 earlier no-show", "1 earlier visit", "slot time unknown", "day unknown",
        "reminder unknown", "device unknown", "visit reason unknown"]


def test_top_reasons_are_the_largest_positive_contributions_in_order():
    texts = np.array([["lead", "prior", "age", "hour"], ["lead", "prior", "age", "hour"]], dtype=object)
    contribution = np.array([[0.2, 0.5, -0.1, 0.3], [-0.4, 0.1, -0.2, 0.0]])
    reasons = no_show.top_reasons(texts, contribution)
    assert reasons.columns.tolist() == ["reason_1", "reason_2", "reason_3"]
    assert reasons.loc[0].tolist() == ["prior", "hour", "lead"]
    # one feature raises the second row's risk; a zero contribution is no reason
    assert reasons.loc[1].tolist() == ["prior", None, None]


def test_the_same_seed_gives_identical_scores_whatever_the_row_order():
    raw = raw_frame(800)
    first = scored(raw)
    again = scored(raw.sample(frac=1, random_state=3))
    assert not first.risk.empty
    pd.testing.assert_frame_equal(first.risk, again.risk)
    pd.testing.assert_frame_equal(first.models, again.models)
    pd.testing.assert_frame_equal(first.calibration, again.calibration)


def test_the_model_finds_the_drivers_of_the_hand_made_data_and_beats_lead_time_alone():
    result = scored(raw_frame(3000))
    models = result.models.set_index("model_name")
    assert models.loc["lightgbm", "auc"] > models.loc["lightgbm", "baseline_auc"]
    assert models.loc["lead_time_logistic", "auc"] == models.loc["lightgbm", "baseline_auc"]
    top = result.drivers["feature"].head(3).tolist()
    assert set(top) == {"lead_time_days", "prior_no_shows", "reminder_sent"}
    assert len(result.risk) == 40
    assert result.risk["risk_score"].between(0, 1).all()
    assert sorted(result.risk["risk_decile"].unique()) == list(range(1, 11))


def test_wholly_unknown_features_are_left_out_and_nothing_upcoming_is_no_error():
    raw = raw_frame(600).assign(device=None, reason=None, hour_of_day=None, status="completed", is_due=True)
    raw["is_no_show"] = raw["is_no_show"] | (np.arange(len(raw)) % 9 == 0)
    result = scored(raw)
    assert "device" not in result.models["features"].iloc[0]
    assert "hour_of_day" not in result.models["features"].iloc[0]
    assert result.risk.empty
    assert tables.to_arrow(tables.NO_SHOW_RISK, result.risk).num_rows == 0


def test_no_due_appointment_or_no_no_show_gives_empty_tables():
    for raw in (raw_frame(100).assign(status="scheduled", is_due=False, is_no_show=False),
                raw_frame(100).assign(is_no_show=False)):
        result = scored(raw)
        assert result.models.empty and result.calibration.empty and result.drivers.empty
        for name, frame in ((tables.NO_SHOW_MODEL, result.models), (tables.NO_SHOW_CALIBRATION, result.calibration),
                            (tables.NO_SHOW_DRIVERS, result.drivers)):
            assert tables.to_arrow(name, frame).schema == tables.SCHEMAS[name]


def test_score_tables_take_their_declared_types_with_nulls():
    result = scored(raw_frame(800))
    written = tables.to_arrow(tables.NO_SHOW_MODEL, result.models)
    assert written.schema == tables.SCHEMAS[tables.NO_SHOW_MODEL]
    assert written.column("training_cutoff").type.equals(tables.SCHEMAS[tables.NO_SHOW_MODEL].field(
        "training_cutoff").type)
    risk = tables.to_arrow(tables.NO_SHOW_RISK, result.risk)
    assert risk.num_rows == 40
    assert risk.column("reason_1").null_count < 40


@pytest.mark.parametrize("engine_dtypes", ["duckdb", "spark"])
def test_prepare_gives_one_form_whatever_the_engine_handed_over(engine_dtypes):
    raw = raw_frame(50)
    if engine_dtypes == "spark":
        # toPandas: integers with nulls as floats, booleans and strings as objects, timestamps in nanoseconds
        raw = raw.astype({"age_years": "float64", "reminder_sent": object, "is_due": object})
        raw["scheduled_at"] = raw["scheduled_at"].astype("datetime64[ns]")
    reference = features.prepare(raw_frame(50))
    pd.testing.assert_frame_equal(features.prepare(raw), reference)
