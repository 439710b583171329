"""The patient-flow marts and metrics recover the behaviour the generator planted, and the silver rules its dirt."""

from __future__ import annotations

import pytest

from healthcare_ops.semantic import MetricQuery


@pytest.fixture(scope="module")
def flow(truth):
    return truth["patient_flow"]


def test_emergency_demand_peaks_in_the_evening(query):
    by_hour = query(
        """
        select hour_key, avg(arrivals) as arrivals
        from marts.mart_department_hourly where department = 'emergency'
        group by hour_key order by arrivals desc
        """
    )
    assert 17 <= by_hour.hour_key[0] <= 22
    evening = by_hour[by_hour.hour_key.between(17, 22)].arrivals.mean()
    morning = by_hour[by_hour.hour_key.between(7, 12)].arrivals.mean()
    assert evening > 1.3 * morning


def test_staffing_does_not_follow_the_evening_peak(query):
    peaks = query(
        """
        select hour_key, demand_to_staffing_ratio
        from marts.mart_demand_vs_staffing
        where department = 'emergency' and is_understaffed_peak
        """
    )
    assert not peaks.empty
    # day shifts end at 19:00: the cells where demand outruns staffing are the evening ones
    assert peaks.hour_key.between(17, 23).mean() > 0.8


def test_length_of_stay_follows_the_planted_department_medians(query, flow):
    planted = flow["effects"]["los_median_hours_by_department"]
    # every stay that ended in a discharge from its department (a stay cut short by a transfer out is not the
    # department's length of stay; encounters arriving directly in a ward are too few at test scale)
    measured = query(
        """
        select department, median(date_diff('second', started_at, ended_at)) / 3600 as median_hours
        from intermediate.int_department_stays_derived
        where ended_in_discharge
        group by department
        """
    ).set_index("department").median_hours
    ranked_planted = sorted(planted, key=planted.get)
    ranked_measured = sorted(measured.index, key=measured.get)
    assert ranked_measured[0] == ranked_planted[0] == "emergency"
    assert ranked_measured[-1] == ranked_planted[-1]


def test_waits_grow_when_the_department_nears_its_beds(query):
    waits = query(
        """
        select hourly.occupancy >= 0.85 as near_full, avg(encounters.wait_minutes) as wait
        from marts.fct_patient_encounter as encounters
        inner join marts.mart_department_hourly as hourly
            on encounters.department = hourly.department
            and date_trunc('hour', encounters.arrival_at) = hourly.hour_start
        where encounters.wait_minutes is not null
        group by all
        """
    ).set_index("near_full").wait
    assert waits[True] > 1.3 * waits[False]


def test_length_of_stay_not_admissions_drives_experience_risk(metrics):
    # experience risk by the department that discharged the patient, as the dashboard shows it
    stays = metrics(MetricQuery(("avg_length_of_stay_hours", "admissions"), ("department",)))
    experience = metrics(MetricQuery(("surveyed_encounters", "experience_risk"), ("encounter__last_department",)))
    departments = stays.merge(experience.rename(columns={"last_department": "department"}), on="department")
    departments = departments[departments.surveyed_encounters > 0][
        ["experience_risk", "avg_length_of_stay_hours", "admissions"]
    ]
    ranks = departments.rank()  # rank correlation (Spearman) without scipy
    by_stay = ranks.experience_risk.corr(ranks.avg_length_of_stay_hours)
    by_admissions = ranks.experience_risk.corr(ranks.admissions)
    assert by_stay > 0.7
    assert by_stay > by_admissions


def test_silver_corrects_exactly_the_planted_ages_and_clocks(query, flow):
    corrected = query(
        """
        select
            (select count(*) from marts.fct_patient_encounter where is_age_corrected) as ages,
            (select count(*) from marts.fct_patient_event where is_event_time_corrected) as clocks
        """
    ).iloc[0]
    assert corrected.ages == flow["dirt"]["impossible_age_encounters"]
    assert corrected.clocks == flow["dirt"]["future_timestamp_events"]


def test_open_encounters_stay_in_house(query, flow):
    in_house = query("select count(*) as n from marts.fct_patient_encounter where is_in_house").n[0]
    assert in_house == flow["open_encounters"]
