"""Telemedicine: the clean rows reproduce seed 001's figures, and the planted effects show where truth.json says."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from generator_data import generate, load

from generators.telehealth import bookings

SEED_STATUS_SHARES = {"completed": 0.749, "cancelled": 0.102, "rescheduled": 0.101, "no_show": 0.049}
SPECIALTIES = ["family_medicine", "internal_medicine", "emergency_medicine", "cardiology", "oncology", "pediatrics",
               "obstetrics_gynecology", "orthopedics", "critical_care"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def appointments(dataset) -> list[dict]:
    return dataset.clean["appointments.csv"]


@pytest.fixture(scope="module")
def past(appointments) -> list[dict]:
    return [row for row in appointments if row["status"] != "scheduled"]


@pytest.fixture(scope="module")
def rated(dataset, appointments) -> list[dict]:
    """Each clean feedback row with its appointment's columns and its provider's specialty."""
    by_id = {row["appointment_id"]: row for row in appointments}
    specialty = {row["provider_id"]: row["specialty"] for row in dataset.clean["providers.csv"]}
    return [{**by_id[row["appointment_id"]], **row, "specialty": specialty[by_id[row["appointment_id"]]["provider_id"]]}
            for row in dataset.clean["appointment_feedback.csv"]]


def share(rows: list[dict], test) -> float:
    return sum(map(test, rows)) / len(rows)


def test_status_mix_is_the_seeds(past):
    counts = Counter(row["status"] for row in past)
    for status, expected in SEED_STATUS_SHARES.items():
        assert counts[status] / len(past) == pytest.approx(expected, abs=0.01), status


def test_technical_issues_overall_and_tablets_highest(past):
    def issue(row: dict) -> bool:
        return row["technical_issue"] == "true"

    by_device = {device: share([row for row in past if row["device"] == device], issue)
                 for device in ("mobile", "tablet", "desktop")}
    assert by_device["tablet"] == pytest.approx(0.1704, abs=0.01)
    assert max(by_device, key=by_device.get) == "tablet"
    assert share(past, issue) == pytest.approx(0.167, abs=0.01)


def test_mobile_has_the_shortest_mean_wait(appointments):
    waits = defaultdict(list)
    for row in appointments:
        if row["status"] == "completed":
            waits[row["device"]].append(int(row["wait_minutes"]))
    means = {device: np.mean(values) for device, values in waits.items()}
    assert means["mobile"] == pytest.approx(13.60, abs=0.5)
    assert min(means, key=means.get) == "mobile"


def test_cardiology_is_rated_highest_with_a_spread(rated):
    ratings = defaultdict(list)
    for row in rated:
        ratings[row["specialty"]].append(int(row["overall_rating"]))
    means = {specialty: np.mean(values) for specialty, values in ratings.items() if len(values) >= 30}
    assert means["cardiology"] == pytest.approx(3.51, abs=0.05)
    assert max(means, key=means.get) == "cardiology"
    assert max(means.values()) - min(means.values()) > 0.4


def test_connection_quality_tracks_satisfaction(rated):
    quality = [int(row["connection_quality"]) for row in rated]
    overall = [int(row["overall_rating"]) for row in rated]
    assert np.corrcoef(quality, overall)[0, 1] > 0.7


def no_show_rate(rows: list[dict]) -> float:
    return share(rows, lambda row: row["status"] == "no_show")


def test_no_show_rises_with_lead_time_prior_no_shows_youth_late_hours_and_without_reminders(dataset, past):
    lead = {id(row): (at(row["scheduled_at"]) - at(row["booked_at"])).total_seconds() / 86_400 for row in past}
    buckets = [no_show_rate([row for row in past if low <= lead[id(row)] < high])
               for low, high in [(0, 3), (3, 14), (14, 999)]]
    assert buckets == sorted(buckets) and buckets[-1] > 1.5 * buckets[0]

    prior, seen = {}, Counter()
    for row in sorted(past, key=lambda row: (row["patient_id"], row["scheduled_at"])):
        prior[id(row)] = seen[row["patient_id"]]
        seen[row["patient_id"]] += row["status"] == "no_show"
    assert no_show_rate([row for row in past if prior[id(row)] >= 1]) > \
        1.5 * no_show_rate([row for row in past if prior[id(row)] == 0])

    born = {row["patient_id"]: date.fromisoformat(row["birth_date"]) for row in dataset.clean["patients.csv"]}
    age = {id(row): (at(row["scheduled_at"]).date() - born[row["patient_id"]]).days / 365.25 for row in past}
    assert no_show_rate([row for row in past if age[id(row)] < 30]) > \
        1.5 * no_show_rate([row for row in past if age[id(row)] >= 65])

    hour = {id(row): at(row["scheduled_at"]).hour for row in past}
    assert no_show_rate([row for row in past if hour[id(row)] >= 18]) > \
        1.3 * no_show_rate([row for row in past if 10 <= hour[id(row)] < 12])

    assert no_show_rate([row for row in past if row["reminder_sent"] == "false"]) > \
        1.5 * no_show_rate([row for row in past if row["reminder_sent"] == "true"])


def test_feedback_only_for_completed_visits_at_most_once_and_after_them(dataset, appointments):
    by_id = {row["appointment_id"]: row for row in appointments}
    feedback = dataset.clean["appointment_feedback.csv"]
    assert all(by_id[row["appointment_id"]]["status"] == "completed" for row in feedback)
    assert len({row["appointment_id"] for row in feedback}) == len(feedback)
    visit_end = {key: at(row["scheduled_at"]) + timedelta(minutes=int(row["wait_minutes"]) + int(row["duration_minutes"]))
                 for key, row in by_id.items() if row["status"] == "completed"}
    assert all(at(row["submitted_at"]) >= visit_end[row["appointment_id"]] for row in feedback)


def test_a_rescheduled_appointment_is_followed_by_its_new_booking(appointments):
    by_id = {row["appointment_id"]: row for row in appointments}
    rebookings = [row for row in appointments if row["rescheduled_from"]]
    rescheduled = {key for key, row in by_id.items() if row["status"] == "rescheduled"}
    assert sorted(row["rescheduled_from"] for row in rebookings) == sorted(rescheduled)  # exactly one each
    for new in rebookings:
        old = by_id[new["rescheduled_from"]]
        assert old["appointment_id"] < new["appointment_id"]  # ids in booking order
        assert all(new[column] == old[column] for column in ("patient_id", "provider_id", "device", "reason"))
        assert old["booked_at"] <= new["booked_at"] < old["scheduled_at"] < new["scheduled_at"]
        assert new["status"] != "rescheduled"


def test_upcoming_appointments_and_visit_columns(dataset, appointments):
    as_of = dataset.truth["as_of"].replace("T", " ")
    assert all(row["booked_at"] <= as_of for row in appointments)
    assert all((row["status"] == "scheduled") == (row["scheduled_at"] > as_of) for row in appointments)
    assert any(row["status"] == "scheduled" for row in appointments)
    assert all((row["technical_issue"] == "") == (row["status"] == "scheduled") for row in appointments)
    for column in ("wait_minutes", "duration_minutes", "connection_quality"):
        assert all((row[column] != "") == (row["status"] == "completed") for row in appointments), column


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_comment_wording_follows_the_rating(dataset, rated):
    comments = dataset.truth["telehealth"]["comments"]
    negative, positive = set(comments["negative_words"]), set(comments["positive_words"])
    written = [row for row in rated if row["comment"]]
    low = [words(row["comment"]) for row in written if int(row["overall_rating"]) <= 2]
    high = [words(row["comment"]) for row in written if int(row["overall_rating"]) >= 4]
    assert all(found & negative and not found & positive for found in low)
    assert all(found & positive and not found & negative for found in high)
    assert len({row["comment"] for row in written}) > 40  # varied, not one sentence per rating
    assert any("," in row["comment"] for row in written) and any(not row["comment"] for row in rated)
    # a low rating after a technical issue complains about the connection more often than one without
    connection = {"freezing", "connection", "dropped", "audio"}
    issue = [bool(words(row["comment"]) & connection) for row in written
             if int(row["overall_rating"]) <= 2 and row["technical_issue"] == "true"]
    assert np.mean(issue) > 0.5


def test_ids_join_to_the_registry_and_children_see_pediatrics(dataset, appointments):
    patients = {row["patient_id"]: row for row in dataset.clean["patients.csv"]}
    specialty = {row["provider_id"]: row["specialty"] for row in dataset.clean["providers.csv"]}
    assert all(row["patient_id"] in patients and row["provider_id"] in specialty for row in appointments)
    assert all(patients[row["patient_id"]]["registered_at"] <= row["booked_at"] for row in appointments)
    children = [row for row in appointments
                if (at(row["scheduled_at"]).date() - date.fromisoformat(patients[row["patient_id"]]["birth_date"])).days
                < 18 * 365]
    assert children and all(specialty[row["provider_id"]] == "pediatrics" for row in children)
    assert {specialty[row["provider_id"]] for row in appointments} == set(SPECIALTIES)


@pytest.fixture(scope="module")
def scale_one(tmp_path_factory):
    """Scale 1, for the anomalies: a few days' technical-issue rate needs ~100 appointments a day to stand out."""
    return load(generate(tmp_path_factory.mktemp("telehealth"), scale=1, seed=11))


def test_volume_drop_and_technical_issue_spike_are_where_truth_says(scale_one):
    truth = scale_one.truth["telehealth"]
    as_of = at(scale_one.truth["as_of"])
    start = as_of - timedelta(days=truth["history_days"])
    past = [row for row in scale_one.clean["appointments.csv"] if row["status"] != "scheduled"]

    per_day, issues = Counter(), Counter()
    for row in past:
        day = at(row["scheduled_at"]).date()
        per_day[day] += 1
        issues[day] += row["technical_issue"] == "true"
    # whole Monday-to-Sunday weeks inside the history
    first_monday = start.date() + timedelta(days=(7 - start.weekday()) % 7)
    weeks = {first_monday + timedelta(weeks=k): sum(per_day[first_monday + timedelta(weeks=k, days=d)] for d in range(7))
             for k in range(50)}
    drop = date.fromisoformat(truth["volume_drop"]["start"])
    assert min(weeks, key=weeks.get) == drop
    assert date.fromisoformat(truth["volume_drop"]["end"]) == drop + timedelta(days=6)
    assert weeks[drop] / np.median(list(weeks.values())) == pytest.approx(truth["volume_drop"]["factor"], abs=0.1)

    spike = date.fromisoformat(truth["technical_issue_spike"]["start"])
    days = (date.fromisoformat(truth["technical_issue_spike"]["end"]) - spike).days + 1
    window_rates = {}
    for day in sorted(per_day):
        window = [day + timedelta(days=d) for d in range(days)]
        if sum(per_day[d] for d in window) >= 100:
            window_rates[day] = sum(issues[d] for d in window) / sum(per_day[d] for d in window)
    assert max(window_rates, key=window_rates.get) == spike
    assert window_rates[spike] == pytest.approx(truth["technical_issue_spike"]["rate"], abs=0.06)
    assert len(scale_one.clean["appointments.csv"]) == pytest.approx(30_000, rel=0.05)


def test_a_change_in_telehealth_leaves_the_other_domains_files_alone(tmp_path, monkeypatch):
    before = generate(tmp_path / "before", scale=0.05)
    monkeypatch.setattr(bookings, "BOOKINGS_PER_SCALE", 20_000)
    after = generate(tmp_path / "after", scale=0.05)
    for file_name in ("patients.csv", "providers.csv", "cases.csv", "patient_feedback.csv"):
        assert (before / file_name).read_bytes() == (after / file_name).read_bytes(), file_name
    assert (before / "appointments.csv").read_bytes() != (after / "appointments.csv").read_bytes()
