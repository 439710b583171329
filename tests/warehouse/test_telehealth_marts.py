"""The telehealth metrics and marts recover seed 001's figures (truth.json) on the test build.

The generator fills seed 001's headline figures as quotas on the rows it writes (status mix, technical
issues per device, mean waits per device; the mean rating per specialty is calibrated on the surveys it
writes), so they hold at any scale: at the
test scale (0.25, about 7,200 past appointments and 3,000 surveys) the clean rows depart from them only by
the few dirty rows the warehouse quarantines. The tolerances below are the issue's (1 percentage point,
waits 0.5 minutes), not widened for the small scale; the one figure that is not a quota, the survey
response share (each completed visit answered with probability 0.55), gets a tolerance of two binomial
standard errors from its own sample size, which at this scale is about 1.3 points.
"""

from __future__ import annotations

import math

import pytest

from healthcare_ops.semantic import MetricQuery

POINT = 0.01  # one percentage point
WAIT_MINUTES = 0.5


@pytest.fixture(scope="module")
def seed(truth):
    return truth["telehealth"]


@pytest.fixture(scope="module")
def overall(metrics):
    names = (
        "past_appointments",
        "completed_share",
        "cancelled_share",
        "rescheduled_share",
        "no_show_share",
        "no_show_rate",
        "technical_issue_rate",
        "completed_appointments",
        "feedback_responses",
        "feedback_response_rate",
    )
    return metrics(MetricQuery(names)).iloc[0]


@pytest.fixture(scope="module")
def by_device(metrics):
    query = MetricQuery(
        ("past_appointments", "technical_issue_rate", "waited_appointments", "avg_appointment_wait_minutes"),
        ("device__device_code",),
    )
    return metrics(query).set_index("device_code")


def test_the_status_mix_of_past_appointments_is_the_seeds(overall, seed):
    shares = seed["status_shares"]
    for status, metric in (
        ("completed", "completed_share"),
        ("cancelled", "cancelled_share"),
        ("rescheduled", "rescheduled_share"),
        ("no_show", "no_show_share"),
    ):
        assert overall[metric] == pytest.approx(shares[status], abs=POINT), status
    # seed 001's rounded figures, 74.9 / 10.2 / 10.1 / 4.9 %
    assert [round(100 * overall[m], 1) for m in ("completed_share", "cancelled_share", "rescheduled_share",
                                                 "no_show_share")] == pytest.approx([74.9, 10.2, 10.1, 4.9], abs=1)


def test_the_no_show_rate_counts_only_due_appointments(overall, seed):
    shares = seed["status_shares"]
    # due = completed or no-show: the rate divides by those two shares, not by every past appointment
    expected = shares["no_show"] / (shares["no_show"] + shares["completed"])
    assert overall.no_show_rate == pytest.approx(expected, abs=POINT)
    assert overall.no_show_rate > overall.no_show_share


def test_technical_issues_overall_and_tablets_highest(overall, by_device, seed):
    assert overall.technical_issue_rate == pytest.approx(seed["technical_issue_rate"], abs=POINT)
    assert by_device.technical_issue_rate.idxmax() == seed["highest_technical_issue_device"] == "tablet"
    for device, rate in seed["technical_issue_rate_by_device"].items():
        assert by_device.technical_issue_rate[device] == pytest.approx(rate, abs=POINT), device


def test_mobile_waits_shortest(by_device, seed):
    assert by_device.avg_appointment_wait_minutes.idxmin() == seed["shortest_wait_device"] == "mobile"
    for device, minutes in seed["mean_wait_minutes_by_device"].items():
        assert by_device.avg_appointment_wait_minutes[device] == pytest.approx(minutes, abs=WAIT_MINUTES), device


def test_cardiology_is_rated_highest_with_real_spread_across_specialties(metrics, seed):
    planted = seed["mean_overall_rating_by_specialty"]
    ratings = metrics(MetricQuery(("feedback_responses", "avg_overall_rating"), ("provider__specialty",)))
    ratings = ratings[ratings.specialty.isin(planted)].set_index("specialty")
    assert set(ratings.index) == set(planted)
    ranked = ratings.avg_overall_rating.sort_values(ascending=False)
    assert ranked.index[0] == seed["highest_rated_specialty"] == "cardiology"
    # the planted means are 0.06 or more apart: the whole order is recovered, not just the top
    assert list(ranked.index) == sorted(planted, key=planted.get, reverse=True)
    # each specialty's mean within 0.05 of its planted value (calibrated, so no sampling noise beyond the
    # quarantined rows); the smallest groups are a few dozen surveys
    for specialty, mean in planted.items():
        assert ratings.avg_overall_rating[specialty] == pytest.approx(mean, abs=0.05), specialty
    assert ranked.iloc[0] - ranked.iloc[-1] > 0.5


def test_the_survey_response_rate_within_its_sampling_error(overall, seed):
    share = seed["feedback_response_share"]
    standard_error = math.sqrt(share * (1 - share) / overall.completed_appointments)
    assert overall.feedback_response_rate == pytest.approx(share, abs=max(POINT, 2 * standard_error))


def test_connection_quality_tracks_satisfaction(query, seed):
    correlation = query("select * from marts.mart_connection_satisfaction_correlation")
    assert len(correlation) == 1
    row = correlation.iloc[0]
    assert row.pearson_correlation > 0.7  # strongly positive
    # the planted 0.8 rating points per connection point, flattened a little by the ratings' 1-5 bounds
    assert row.rating_per_connection_point == pytest.approx(seed["overall_rating_per_connection_quality_point"],
                                                            abs=0.1)
    means = query("select * from marts.mart_connection_satisfaction order by connection_quality")
    assert list(means.connection_quality) == [1, 2, 3, 4, 5]
    assert means.mean_overall_rating.is_monotonic_increasing
    assert means.rated_visits.sum() == row.rated_visits


def test_the_provider_score_standardises_over_the_scored_providers(query):
    providers = query("select * from marts.mart_provider_performance")
    minimum = query(
        "select threshold_value from marts.dim_threshold where threshold = 'provider_score_min_rated_visits'"
    ).threshold_value[0]
    assert (providers.is_scored == (providers.rated_visits >= minimum)).all()
    scored = providers[providers.is_scored]
    assert len(scored) >= 20
    # z-scores over the scored providers: mean 0, population sd 1 (to the 4 decimals they are rounded to)
    for z in ("rating_z", "no_show_z", "technical_issue_z", "volume_z"):
        assert scored[z].mean() == pytest.approx(0, abs=1e-3), z
        assert scored[z].std(ddof=0) == pytest.approx(1, abs=1e-3), z
    assert providers[~providers.is_scored][["performance_score", "score_rank"]].isna().all().all()
    assert scored.sort_values("score_rank").performance_score.is_monotonic_decreasing
    assert scored.score_rank.min() == 1
