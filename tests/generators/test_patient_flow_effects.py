"""The planted patient-flow behaviour shows in plain comparisons over the capture files, as truth.json states it."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import numpy as np
import pytest
from flow_data import DEPARTMENTS, seed

ELECTIVE = ["cardiology", "oncology", "orthopedics"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.fixture(scope="module")
def effects(flow) -> dict:
    return flow.truth["patient_flow"]["effects"]


@pytest.fixture(scope="module")
def closed(flow) -> list:
    """Encounters discharged by the as-of."""
    return [encounter for encounter in flow.encounters.values() if encounter.discharge]


def hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600


def days_of_each_weekday(flow) -> Counter:
    start = datetime.fromisoformat(flow.truth["patient_flow"]["start"])
    return Counter((start + timedelta(days=day)).weekday() for day in range(flow.truth["patient_flow"]["history_days"]))


def test_the_emergency_department_takes_most_arrivals_and_admits_a_quarter_onward(flow):
    arrivals = Counter(encounter.arrival["department"] for encounter in flow.encounters.values())
    assert arrivals.most_common(1)[0][0] == "emergency"
    emergency = [encounter for encounter in flow.encounters.values() if encounter.arrival["department"] == "emergency"]
    admitted = sum(encounter.first("admitted") is not None for encounter in emergency)
    assert admitted / len(emergency) == pytest.approx(0.25, abs=0.03)


def test_emergency_arrivals_peak_in_the_evening_and_on_mondays(flow, effects):
    arrived = [datetime.fromisoformat(encounter.arrival["event_time"]) for encounter in flow.encounters.values()
               if encounter.arrival["department"] == "emergency"]
    by_hour = Counter(at.hour for at in arrived)
    peak = effects["emergency_peak_hours"]
    assert 17 <= min(peak) and max(peak) <= 22
    assert max(by_hour, key=by_hour.get) in peak
    assert np.mean([by_hour[hour] for hour in peak]) > 1.3 * np.mean([by_hour[hour] for hour in range(7, 13)])
    weekdays = days_of_each_weekday(flow)
    per_day = {day: count / weekdays[day] for day, count in Counter(at.weekday() for at in arrived).items()}
    assert WEEKDAYS[max(per_day, key=per_day.get)] == effects["emergency_peak_weekday"] == "Monday"


def test_elective_admissions_arrive_on_weekdays_in_business_hours_and_maternity_around_the_clock(flow, effects):
    assert sorted(effects["elective_departments"]) == sorted(ELECTIVE)
    elective = [datetime.fromisoformat(encounter.arrival["event_time"]) for encounter in flow.encounters.values()
                if encounter.arrival["department"] in ELECTIVE]
    assert len(elective) > 20
    assert all(at.weekday() < 5 and 8 <= at.hour < 16 for at in elective)
    maternity = [datetime.fromisoformat(encounter.arrival["event_time"]) for encounter in flow.encounters.values()
                 if encounter.arrival["department"] == "maternity"]
    night = sum(at.hour < 8 or at.hour >= 16 for at in maternity) / len(maternity)
    assert night == pytest.approx(16 / 24, abs=0.1)
    assert effects["hour_weights_by_department"]["maternity"] == [1.0] * 24


def test_the_evening_emergency_peak_outruns_the_staffing(flow, effects):
    nurses = {(row["day_type"], int(row["hour_of_day"])): int(row["staffed_nurses"])
              for row in seed("patient_flow__staffing") if row["department"] == "emergency"}
    weekdays = days_of_each_weekday(flow)
    cells = Counter()
    for encounter in flow.encounters.values():
        if encounter.arrival["department"] == "emergency":
            at = datetime.fromisoformat(encounter.arrival["event_time"])
            cells[at.weekday(), at.hour] += 1
    per_nurse = {(day, hour): count / weekdays[day] / nurses["weekend" if day >= 5 else "weekday", hour]
                 for (day, hour), count in cells.items()}
    planted = [(WEEKDAYS.index(cell["weekday"]), cell["hour"]) for cell in effects["emergency_arrivals_per_nurse_top_cells"]]
    assert all(17 <= hour <= 22 for _, hour in planted)
    busiest = sorted(per_nurse, key=per_nurse.get, reverse=True)
    assert busiest[0] in planted
    # the day shift ends at 19:00 while the evening peak is still on
    assert nurses["weekday", 19] < nurses["weekday", 18]
    assert all(19 <= hour <= 22 for _, hour in busiest[:5])


def test_length_of_stay_follows_the_department_medians_and_the_acuity_multiplier(closed, effects):
    multiplier = {int(level): value for level, value in effects["los_acuity_multiplier"].items()}
    by_department = defaultdict(list)
    for encounter in closed:
        stays = encounter.stays()
        wards = [stay for stay in stays if stay[0] != "emergency"]
        if len(wards) > 1 or encounter.discharge["disposition"] == "left_without_being_seen":
            continue  # an inpatient transfer splits the stay; leaving unseen cuts it short
        department, start, end = stays[-1]  # the emergency visit, a direct admission, or the ward after the emergency
        by_department[department].append(hours(end - start) / multiplier[encounter.arrival["acuity"]])
    # loose: ward medians rest on a few hundred stays, and a crowded emergency department runs stays on to the wait
    for department, median in effects["los_median_hours_by_department"].items():
        assert np.median(by_department[department]) == pytest.approx(median, rel=0.25), department
    emergency = defaultdict(list)
    for encounter in closed:
        if len(encounter.stays()) == 1 and encounter.arrival["department"] == "emergency" \
                and encounter.first("seen_by_provider"):
            emergency[encounter.arrival["acuity"]].append(hours(encounter.at("discharged") - encounter.at("arrival")))
    medians = [np.median(emergency[level]) for level in (2, 3, 4, 5)]
    assert medians == sorted(medians, reverse=True)  # sicker patients stay longer


def occupancy_at_arrival(flow) -> dict[str, float]:
    """Each encounter's arrival-department occupancy at the top of its arrival hour, counted from the files' stays."""
    start = datetime.fromisoformat(flow.truth["patient_flow"]["start"])  # midnight: hour indexes are clock hours
    span = math.ceil(hours(flow.as_of - start))

    def top(at: datetime | None) -> int:  # the first top of an hour at or after `at`
        return span if at is None else min(span, math.ceil(hours(at - start)))

    change = {department: np.zeros(span + 1) for department in DEPARTMENTS}
    for encounter in flow.encounters.values():
        for department, begin, end in encounter.stays():
            change[department][top(begin)] += 1
            change[department][top(end)] -= 1
    census = {department: np.cumsum(delta) for department, delta in change.items()}
    return {encounter.encounter_id: census[encounter.arrival["department"]][int(hours(encounter.at("arrival") - start))]
            / int(DEPARTMENTS[encounter.arrival["department"]]["beds"]) for encounter in flow.encounters.values()}


def test_waits_grow_once_the_department_is_over_the_threshold(flow, effects):
    base = {int(level): minutes for level, minutes in effects["wait_base_minutes_by_acuity"].items()}
    threshold = effects["wait_occupancy_threshold"]
    occupancy = occupancy_at_arrival(flow)
    relative = defaultdict(list)  # wait / base wait, by occupancy band
    for encounter in flow.encounters.values():
        if encounter.arrival["department"] == "emergency" and encounter.first("seen_by_provider"):
            wait = (encounter.at("seen_by_provider") - encounter.at("arrival")).total_seconds() / 60
            band = np.digitize(occupancy[encounter.encounter_id], [0.6, threshold, 1.0])
            relative[int(band)].append(wait / base[encounter.arrival["acuity"]])
    means = [np.mean(relative[band]) for band in range(4)]
    assert means[1] == pytest.approx(means[0], rel=0.3)  # flat below the threshold
    assert means[2] > 1.3 * means[1] and means[3] > 1.5 * means[2]
    assert means[3] > 2.5 * means[1]


def test_satisfaction_falls_with_length_of_stay_which_drives_experience_risk(closed, effects):
    planted = effects["satisfaction"]
    rows = [(hours(encounter.at("discharged") - encounter.at("arrival")) / 24,
             ((encounter.at("seen_by_provider") or encounter.at("discharged")) - encounter.at("arrival"))
             .total_seconds() / 60, encounter.discharge["satisfaction"], encounter.discharge["department"])
            for encounter in closed if encounter.discharge["satisfaction"] is not None]
    los, wait, score = (np.array([row[i] for row in rows], dtype=float) for i in range(3))
    slope = np.linalg.lstsq(np.column_stack([np.ones(len(rows)), los, wait]), score, rcond=None)[0]
    assert slope[1] == pytest.approx(planted["per_los_day"], rel=0.35)  # whole stars and clipping flatten it
    assert slope[2] < 0
    risk = score <= 2
    assert risk[los > 5].mean() > 3 * risk[los < 1].mean()
    # by department: experience risk ranks with the length of stay, not with the volume
    departments = sorted({row[3] for row in rows})
    in_department = [np.array([row[3] == department for row in rows]) for department in departments]
    stay = np.array([los[rows_of].mean() for rows_of in in_department])
    share = np.array([risk[rows_of].mean() for rows_of in in_department])
    volume = np.array([rows_of.sum() for rows_of in in_department])
    by_stay = np.corrcoef(ranks(share), ranks(stay))[0, 1]  # Spearman's rank correlation
    assert by_stay > 0.7 and by_stay > np.corrcoef(ranks(share), ranks(volume))[0, 1]


def ranks(values: np.ndarray) -> np.ndarray:
    return np.argsort(np.argsort(values))


def test_cost_is_days_at_each_department_rate_plus_the_acuity_fixed_cost(closed, effects):
    rate, fixed = effects["daily_rate_by_department"], effects["fixed_cost_by_acuity"]
    for encounter in closed:
        days_cost = sum(hours(end - start) / 24 * rate[department] for department, start, end in encounter.stays())
        expected = days_cost + fixed[str(encounter.arrival["acuity"])]
        assert encounter.discharge["total_cost"] == pytest.approx(expected, abs=0.011), encounter.encounter_id


def test_dispositions_follow_the_department_and_acuity(closed, effects):
    dispositions = Counter(encounter.discharge["disposition"] for encounter in closed)
    assert dispositions.most_common(1)[0][0] == "home"
    left = [encounter for encounter in closed if encounter.discharge["disposition"] == "left_without_being_seen"]
    emergency = sum(encounter.arrival["department"] == "emergency" for encounter in closed)
    assert 0.005 < len(left) / emergency < 0.06
    for encounter in left:  # from the emergency department, before anyone saw them, after a short stay
        assert [event["event_type"] for event in encounter.events] == ["arrival", "triage", "discharged"]
        assert encounter.discharge["department"] == "emergency"
        assert hours(encounter.at("discharged") - encounter.at("arrival")) < 12
    deceased = [encounter for encounter in closed if encounter.discharge["disposition"] == "deceased"]
    assert 0 < len(deceased) < 0.02 * len(closed)
    assert sum(encounter.arrival["acuity"] == 1 for encounter in deceased) > len(deceased) / 2
    assert all(encounter.discharge["satisfaction"] is None for encounter in deceased)
    skilled = Counter((encounter.arrival["age"] >= 65, encounter.discharge["disposition"] == "skilled_nursing")
                      for encounter in closed if len(encounter.stays()) > 1 or encounter.arrival["department"]
                      != "emergency")
    older, younger = (skilled[old, True] / (skilled[old, True] + skilled[old, False]) for old in (True, False))
    assert older > younger + effects["skilled_nursing_extra_65_plus"] / 2


def test_about_seven_in_ten_discharges_are_surveyed(closed, effects):
    living = [encounter for encounter in closed if encounter.discharge["disposition"] != "deceased"]
    surveyed = sum(encounter.discharge["satisfaction"] is not None for encounter in living) / len(living)
    assert surveyed == pytest.approx(effects["satisfaction"]["survey_share"], abs=0.03)


def test_inpatient_transfers_go_to_and_from_intensive_care(flow, effects):
    moves = Counter()
    inpatient = 0
    for encounter in flow.encounters.values():
        stays = [department for department, _, _ in encounter.stays() if department != "emergency"]
        inpatient += bool(stays)
        for source, target in itertools.pairwise(stays):
            moves[source == "intensive_care", target] += 1
    assert sum(moves.values()) / inpatient == pytest.approx(effects["inpatient_transfer_probability"], abs=0.015)
    for from_intensive_care, target in moves:
        assert target in (["medical_surgical", "pediatrics"] if from_intensive_care else ["intensive_care"])
