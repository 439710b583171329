"""The monitoring layer (marts.mart_alerts) finds the anomalies the generator planted (truth.json, telehealth), and
a quiet stretch of the history raises nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

WINDOW_CHECKS = ("appointment_volume", "technical_issue_rate", "no_show_rate")
QUIET_DAYS = 28


@pytest.fixture(scope="module")
def plants(truth) -> dict[str, tuple[date, date]]:
    """The planted anomalies' first and last days."""
    telehealth = truth["telehealth"]
    return {name: (date.fromisoformat(telehealth[name]["start"]), date.fromisoformat(telehealth[name]["end"]))
            for name in ("volume_drop", "technical_issue_spike")}


@pytest.fixture(scope="module")
def alerts(query) -> pd.DataFrame:
    frame = query("select * from marts.mart_alerts")
    for column in ("period_start", "period_end"):
        frame[column] = frame[column].dt.date
    return frame


def overlapping(alerts: pd.DataFrame, check: str, start: date, end: date) -> pd.DataFrame:
    return alerts[(alerts.check_name == check) & (alerts.period_start <= end) & (alerts.period_end >= start)]


def test_the_volume_drop_is_found(alerts, plants, truth):
    start, end = plants["volume_drop"]
    found = overlapping(alerts, "appointment_volume", start, end)
    assert len(found) == 1, found
    drop = found.iloc[0]
    assert drop.deviation == "below"
    # the worst window is the planted week itself, within a day
    assert abs((drop.period_start - start).days) <= 1
    assert drop.observed_value < drop.expected_low
    # the ratio is noisy at the test scale (a week of ~140 appointments): at least half the planted drop shows
    factor = truth["telehealth"]["volume_drop"]["factor"]
    assert factor / 2 < drop.observed_value / drop.expected_value < 1 - (1 - factor) / 2


def test_the_technical_issue_spike_is_found(alerts, plants, truth):
    start, end = plants["technical_issue_spike"]
    found = overlapping(alerts, "technical_issue_rate", start, end)
    assert len(found) == 1, found
    spike = found.iloc[0]
    assert spike.deviation == "above"
    assert abs((spike.period_start - start).days) <= 1 and abs((spike.period_end - end).days) <= 1
    assert spike.observed_value == pytest.approx(truth["telehealth"]["technical_issue_spike"]["rate"], abs=0.1)
    assert spike.observed_value > spike.expected_high


def quiet_period(query, plants: dict[str, tuple[date, date]]) -> tuple[date, date]:
    """The first QUIET_DAYS of the history whose windows and their whole baselines (the longest the seed sets) are
    clear of every plant by that much again, and scored (the baseline lies in the history, before the as-of)."""
    span = query("""
        select
            (select min(date_key) from marts.fct_appointment) as first_day,
            (select cast(max(detected_at) as date) from marts.mart_alerts) as as_of_day,
            (select max(period_days * (baseline_periods + 1)) from reference.monitoring__thresholds
             where measure in ('count', 'rate')) as reach_days
    """).iloc[0]
    first_day, as_of_day = pd.Timestamp(span.first_day).date(), pd.Timestamp(span.as_of_day).date()
    reach = timedelta(days=int(span.reach_days))
    start = first_day + reach
    while start + timedelta(days=QUIET_DAYS) < as_of_day:
        end = start + timedelta(days=QUIET_DAYS - 1)
        if all(end + reach < plant_start or start - reach > plant_end for plant_start, plant_end in plants.values()):
            return start, end
        start += timedelta(days=7)
    pytest.fail("the history has no stretch clear of the planted anomalies")


def test_a_quiet_period_raises_no_alert(query, alerts, plants):
    start, end = quiet_period(query, plants)
    appointments = query("select count(*) as n from marts.fct_appointment where date_key between ? and ?",
                         [start, end]).n[0]
    assert appointments > 0
    for check in WINDOW_CHECKS:
        assert overlapping(alerts, check, start, end).empty, (check, start, end)


def test_every_volume_or_rate_alert_is_a_planted_anomaly(alerts, plants):
    """False alarms are rare: on the test build every count or rate alert is one of the plants."""
    planted = {"appointment_volume": plants["volume_drop"], "technical_issue_rate": plants["technical_issue_spike"]}
    window_alerts = alerts[alerts.check_name.isin(WINDOW_CHECKS)]
    unexplained = [alert for alert in window_alerts.itertuples()
                   if alert.check_name not in planted
                   or not (alert.period_start <= planted[alert.check_name][1]
                           and alert.period_end >= planted[alert.check_name][0])]
    assert unexplained == []


def test_no_raw_source_is_late_in_a_whole_export(alerts):
    """Every generated export runs up to the as-of: none is late against the others."""
    assert alerts[alerts.check_name == "late_data"].message.tolist() == []


def test_the_detection_time_is_the_exports_as_of(alerts, truth):
    as_of = pd.Timestamp(truth["as_of"])
    # the newest record of any source, which the generator draws just before its as-of
    assert (alerts.detected_at <= as_of).all() and (alerts.detected_at > as_of - pd.Timedelta(hours=1)).all()
