"""The scoring phase on the TEST build: the no-show model recovers the drivers the generator planted
(truth.json telehealth.no_show), beats lead time alone out of time, its marts agree with each other and with
fct_appointment, no feature looks past the booking, and the comments' sentiment follows the ratings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

# Planted: lead time, age, hour of day, reminder and the patient's propensity (seen through earlier no-shows).
PLANTED = ("lead_time_days", "age_years", "hour_of_day", "reminder_sent", "prior_no_shows")
# Not planted: the generator draws them without regard to the no-show.
UNPLANTED = ("device", "reason", "day_of_week")


@pytest.fixture(scope="module")
def models(query) -> pd.DataFrame:
    return query("select * from marts.mart_no_show_model").set_index("model_name")


def test_every_planted_driver_outranks_every_unplanted_feature(query, truth):
    assert {"log_odds_per_lead_day", "log_odds_per_year_of_age", "log_odds_by_hour_of_day",
            "log_odds_reminder_sent", "patient_propensity_sd"} <= set(truth["telehealth"]["no_show"])
    ranks = query("select feature, importance_rank from marts.mart_no_show_drivers").set_index("feature")[
        "importance_rank"]
    assert max(ranks[list(PLANTED)]) < min(ranks[list(UNPLANTED)]), ranks.sort_values().to_dict()
    assert ranks["lead_time_days"] <= 4 and ranks["prior_no_shows"] <= 5


def test_the_model_beats_lead_time_alone_out_of_time(models):
    model, baseline = models.loc["lightgbm"], models.loc["lead_time_logistic"]
    assert model.auc > 0.6
    assert model.auc - model.baseline_auc > 0.05
    assert model.auc_gain == pytest.approx(model.auc - model.baseline_auc)
    assert baseline.auc == pytest.approx(model.baseline_auc)
    assert model.top_decile_lift > 1.5
    assert model.top_decile_no_show_rate == pytest.approx(model.top_decile_lift * model.test_no_show_rate)


def test_the_split_and_the_counts_agree_with_fct_appointment(query, models):
    due = query("select scheduled_at, is_no_show from marts.fct_appointment where is_due")
    model = models.loc["lightgbm"]
    cutoff = pd.Timestamp(model.training_cutoff)
    first, last = due.scheduled_at.min(), due.scheduled_at.max()
    assert cutoff == (first + (last - first) * 0.8).normalize()
    before = due.scheduled_at < cutoff
    assert (model.train_rows, model.train_no_shows) == (before.sum(), due.is_no_show[before].sum())
    assert (model.test_rows, model.test_no_shows) == ((~before).sum(), due.is_no_show[~before].sum())
    assert model.refit_rows == len(due)


def test_calibration_covers_the_test_set_in_ten_deciles_rising_with_risk(query, models):
    calibration = query("select * from marts.mart_no_show_calibration order by model_name, decile")
    for name, deciles in calibration.groupby("model_name"):
        assert deciles.decile.tolist() == list(range(1, 11))
        assert deciles.appointments.sum() == models.loc[name, "test_rows"]
        assert deciles.no_shows.sum() == models.loc[name, "test_no_shows"]
        assert deciles.mean_predicted_risk.is_monotonic_increasing
    model = calibration[calibration.model_name == "lightgbm"].set_index("decile")
    assert model.observed_no_show_rate.loc[8:10].mean() > 2 * model.observed_no_show_rate.loc[1:3].mean()


def test_every_upcoming_appointment_is_scored_once_with_reasons(query, models):
    risk = query("select * from marts.mart_no_show_risk")
    upcoming = query("select appointment_id from marts.fct_appointment where status = 'scheduled'")
    assert len(upcoming) > 0
    assert sorted(risk.appointment_id) == sorted(upcoming.appointment_id)
    assert models.loc["lightgbm", "scored_rows"] == len(risk)
    assert risk.risk_score.between(0, 1).all()
    assert risk.reason_1.notna().mean() > 0.9
    # a reason is a phrase of its feature, never a raw value
    assert risk.reason_1.str.contains(r"^(?:booked|no earlier|\d+ earlier|aged|slot at|on a|no reminder|reminder|"
                                      r"joining on|visit for|age unknown|device unknown)").all()
    bands = risk.groupby("risk_band").risk_score.agg(["min", "max"])
    assert bands.loc["high", "min"] >= bands.loc["medium", "max"] >= bands.loc["low", "max"]


def test_earlier_no_shows_count_only_slots_passed_before_the_booking(query):
    appointments = query("select appointment_id, patient_sk, booked_at, scheduled_at, is_due, is_no_show "
                         "from marts.fct_appointment")
    pairs = appointments.merge(appointments, on="patient_sk", suffixes=("", "_earlier"))
    pairs = pairs[pairs.scheduled_at_earlier < pairs.booked_at]
    expected = pairs.groupby("appointment_id").agg(prior_no_shows=("is_no_show_earlier", "sum"),
                                                   prior_due_appointments=("is_due_earlier", "sum"))
    features = query("select appointment_id, prior_no_shows, prior_due_appointments "
                     "from intermediate.int_no_show_features").set_index("appointment_id")
    expected = expected.reindex(features.index, fill_value=0)
    assert (features.prior_no_shows.to_numpy() == expected.prior_no_shows.to_numpy()).all()
    assert (features.prior_due_appointments.to_numpy() == expected.prior_due_appointments.to_numpy()).all()
    assert features.prior_no_shows.sum() > 0


def test_comment_sentiment_rises_with_the_overall_rating(query):
    by_rating = query("select overall_rating, avg_sentiment from marts.mart_sentiment_by_rating order by 1")
    assert by_rating.overall_rating.tolist() == [1, 2, 3, 4, 5]
    assert by_rating.avg_sentiment.is_monotonic_increasing
    assert by_rating.avg_sentiment.iloc[0] < -0.3 and by_rating.avg_sentiment.iloc[-1] > 0.3
    feedback = query("select overall_rating, comment, sentiment_score from marts.fct_appointment_feedback")
    assert (feedback.sentiment_score.isna() == feedback.comment.isna()).all()
    scored = feedback.dropna(subset=["sentiment_score"])
    assert np.corrcoef(scored.overall_rating, scored.sentiment_score)[0, 1] > 0.6
