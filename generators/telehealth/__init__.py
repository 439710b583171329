"""Telemedicine: video appointments of the registry's patients with its providers, and their post-visit feedback.

The figures of the seed project (status mix, technical issues by device, waits by device,
ratings by specialty) are filled as quotas on the good rows, so the warehouse's clean rows
reproduce them at any scale; the planted effects (no-show drivers, a volume drop, a
technical-issue spike, comment wording) go to truth.json under "telehealth".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators import clock, ids
from generators.common import labels, timestamps
from generators.registry import SPECIALTIES
from generators.telehealth import bookings, feedback, outcomes
from generators.telehealth.bookings import DEVICES, REASONS, Bookings
from generators.telehealth.outcomes import COMPLETED, STATUSES

DOMAIN = "telehealth"  # its random stream and its key in truth.json
DROP_FACTOR = 0.6  # appointments in the drop week, relative to a normal week
SPIKE_DAYS = 3
ANOMALY_WEEKS = (4, 48)  # the drop and the spike fall in these weeks of the history, apart from each other
ANOMALY_MIN_WEEKS_APART = 4


def anomaly_windows(rng: np.random.Generator, start: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """[start, end) of the volume-drop week (Monday to Sunday) and of the spike's days (from a Tuesday)."""
    first_day = start // clock.DAY
    first_monday = first_day + (-(first_day + 3)) % 7  # 1970-01-01 was a Thursday
    weeks = np.arange(*ANOMALY_WEEKS)
    drop_week = int(rng.choice(weeks))
    spike_week = int(rng.choice(weeks[np.abs(weeks - drop_week) >= ANOMALY_MIN_WEEKS_APART]))
    drop = (first_monday + 7 * drop_week) * clock.DAY
    spike = (first_monday + 7 * spike_week + 1) * clock.DAY
    return (drop, drop + 7 * clock.DAY), (spike, spike + SPIKE_DAYS * clock.DAY)


def _nullable(values: np.ndarray, present: np.ndarray) -> pa.Array:
    return pa.array(values, mask=~present)


def _in(window: tuple[int, int], at: np.ndarray) -> np.ndarray:
    return (at >= window[0]) & (at < window[1])


def simulate(rng: np.random.Generator, scale: float, as_of: int, registered_at: np.ndarray, patients: pa.Table,
             providers: pa.Table, emit: Callable[[str, pa.Table], object]) -> dict:
    """Hand appointments.csv and appointment_feedback.csv to `emit`; return the telehealth truth."""
    specialties, devices = list(SPECIALTIES), list(DEVICES)
    start = as_of - bookings.HISTORY_DAYS * clock.DAY
    drop, spike = anomaly_windows(rng, start)
    birth_day = patients["birth_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    provider_specialty = pc.index_in(providers["specialty"], value_set=pa.array(specialties)).to_numpy()

    first = bookings.first_bookings(rng, round(bookings.BOOKINGS_PER_SCALE * scale), start, as_of,
                                    (*drop, DROP_FACTOR), registered_at, birth_day, provider_specialty, specialties)
    rebooked = bookings.rebookings(rng, first, (*drop, DROP_FACTOR))
    chosen = outcomes.rescheduled(rng, np.flatnonzero(first.scheduled <= as_of), rebooked.scheduled <= as_of)
    every = first.then(rebooked.take(chosen))
    is_rescheduled = np.zeros(len(every.booked), dtype=bool)
    is_rescheduled[chosen] = True

    # ids in booking order, so a rebooking always follows the appointment it replaces
    order = np.argsort(every.booked, kind="stable")
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    parent = every.rescheduled_from[order]
    every = every.take(order)
    every.rescheduled_from = np.where(parent >= 0, position[np.maximum(parent, 0)], -1)
    is_rescheduled = is_rescheduled[order]

    past = every.scheduled <= as_of
    age = (every.scheduled // clock.DAY - birth_day[every.patient]) / 365.25
    propensity = outcomes.NO_SHOW_PATIENT_SD * rng.standard_normal(len(registered_at))
    log_odds = outcomes.no_show_log_odds(every.scheduled - every.booked, age, every.scheduled, every.reminder,
                                         propensity[every.patient])
    status = outcomes.statuses(rng, past, is_rescheduled, log_odds)
    issue = outcomes.technical_issues(rng, past, every.device, _in(spike, every.scheduled), devices)

    visit = np.flatnonzero(status == COMPLETED)
    wait = outcomes.waits(rng, every.device[visit], devices)
    duration = outcomes.durations(rng, issue[visit])
    connection = outcomes.connection_quality(rng, issue[visit], every.device[visit], devices)
    full = np.zeros(len(past), dtype=np.int64)
    completed = status == COMPLETED

    def per_visit(values: np.ndarray) -> pa.Array:
        spread = full.copy()
        spread[visit] = values
        return _nullable(spread, completed)

    appointment_ids = ids.APPOINTMENT.render(np.arange(1, len(order) + 1))
    emit("appointments.csv", pa.table({
        "appointment_id": appointment_ids,
        "patient_id": ids.PATIENT.render(every.patient + 1),
        "provider_id": ids.PROVIDER.render(every.provider + 1),
        "booked_at": timestamps(every.booked),
        "scheduled_at": timestamps(every.scheduled),
        "status": labels(STATUSES, status),
        "device": labels(devices, every.device),
        "wait_minutes": per_visit(wait),
        "duration_minutes": per_visit(duration),
        "technical_issue": _nullable(issue, past),
        "connection_quality": per_visit(connection),
        "reason": labels(list(REASONS), every.reason),
        "reminder_sent": pa.array(every.reminder),
        "rescheduled_from": pc.take(appointment_ids, _nullable(every.rescheduled_from, every.rescheduled_from >= 0)),
    }))
    emit("appointment_feedback.csv", _feedback(rng, every, visit, issue, wait, duration, connection,
                                               provider_specialty, specialties, appointment_ids, as_of))
    return truth(drop, spike)


def _feedback(rng: np.random.Generator, every: Bookings, visit: np.ndarray, issue: np.ndarray, wait: np.ndarray,
              duration: np.ndarray, connection: np.ndarray, provider_specialty: np.ndarray, specialties: list[str],
              appointment_ids: pa.Array, as_of: int) -> pa.Table:
    """At most one survey per completed visit, a few hours to days after it ends; ids in submission order."""
    lag = np.minimum(
        feedback.RESPONSE_LAG_MEDIAN_HOURS * clock.HOUR * np.exp(rng.standard_normal(len(visit))),
        feedback.RESPONSE_LAG_MAX_DAYS * clock.DAY,
    ).astype(np.int64)
    submitted = every.scheduled[visit] + (wait + duration) * clock.MINUTE + lag
    answered = np.flatnonzero((rng.random(len(visit)) < feedback.RESPONSE_SHARE) & (submitted <= as_of))
    answered = answered[np.argsort(submitted[answered], kind="stable")]
    row = visit[answered]
    overall = feedback.overall_ratings(rng, provider_specialty[every.provider[row]], connection[answered],
                                       wait[answered], specialties)
    return pa.table({
        "feedback_id": ids.APPOINTMENT_FEEDBACK.render(np.arange(1, len(row) + 1)),
        "appointment_id": pc.take(appointment_ids, row),
        "submitted_at": timestamps(submitted[answered]),
        "overall_rating": pa.array(overall),
        "provider_rating": pa.array(feedback.near(rng, overall, feedback.PROVIDER_RATING_NOISE)),
        "connection_rating": pa.array(feedback.near(rng, connection[answered], feedback.CONNECTION_RATING_NOISE)),
        "comment": feedback.comments(rng, overall, issue[row]),
    })


def truth(drop: tuple[int, int], spike: tuple[int, int]) -> dict:
    """The planted figures and effects, as truth.json states them."""
    def day(at: int) -> str:
        return clock.iso(at)[:10]

    return {
        "history_days": bookings.HISTORY_DAYS,
        "upcoming_days": bookings.UPCOMING_DAYS,
        "upcoming_status": "scheduled",
        "status_shares": outcomes.STATUS_SHARES,
        "status_shares_over": "appointments scheduled by the as-of (status other than scheduled)",
        "rescheduled_means": "the booking was cancelled and a new one made: the new appointment's rescheduled_from "
                             "is its id, with the same patient, provider, device and reason, booked between the old "
                             "booking and its slot, for a later slot",
        "device_shares": bookings.DEVICES,
        "technical_issue_rate": outcomes.TECHNICAL_ISSUE_RATE,
        "technical_issue_rate_by_device": {"tablet": outcomes.TABLET_TECHNICAL_ISSUE_RATE},
        "technical_issue_mobile_over_desktop": outcomes.MOBILE_OVER_DESKTOP,
        "highest_technical_issue_device": "tablet",
        "technical_issue_over": "appointments scheduled by the as-of, every status (blank on upcoming ones)",
        "mean_wait_minutes_by_device": outcomes.MEAN_WAIT_MINUTES,
        "shortest_wait_device": "mobile",
        "visit_columns": "wait_minutes, duration_minutes and connection_quality are set on completed appointments only",
        "mean_overall_rating_by_specialty": feedback.MEAN_OVERALL_BY_SPECIALTY,
        "highest_rated_specialty": "cardiology",
        "overall_rating_per_connection_quality_point": feedback.OVERALL_PER_CONNECTION_POINT,
        "overall_rating_per_wait_minute": feedback.OVERALL_PER_WAIT_MINUTE,
        "connection_quality_technical_issue_effect": outcomes.CONNECTION_TECHNICAL_ISSUE,
        "feedback_response_share": feedback.RESPONSE_SHARE,
        "no_show": {
            "model": "the no-show quota takes the past, not rescheduled appointments with the highest log-odds "
                     "(below) plus a standard logistic draw: a logistic model whose intercept the quota sets",
            "log_odds_per_lead_day": outcomes.NO_SHOW_PER_LEAD_DAY,
            "lead_days": "(scheduled_at - booked_at) in days, capped",
            "lead_days_cap": outcomes.NO_SHOW_LEAD_DAYS_CAP,
            "log_odds_per_year_of_age": outcomes.NO_SHOW_PER_YEAR_OF_AGE,
            "age_centre": outcomes.NO_SHOW_AGE_CENTRE,
            "log_odds_by_hour_of_day": {str(hour): effect for hour, effect in outcomes.NO_SHOW_BY_HOUR.items()},
            "log_odds_reminder_sent": outcomes.NO_SHOW_REMINDER,
            "patient_propensity_sd": outcomes.NO_SHOW_PATIENT_SD,
            "prior_no_shows": "each patient has a persistent propensity (normal, sd above, in log-odds), so the count "
                              "of the patient's earlier no-shows predicts the next one",
        },
        "volume_drop": {
            "start": day(drop[0]), "end": day(drop[1] - clock.DAY), "factor": DROP_FACTOR,
            "measured_by": "appointments per week by scheduled_at date, every status",
        },
        "technical_issue_spike": {
            "start": day(spike[0]), "end": day(spike[1] - clock.DAY),
            "rate": outcomes.SPIKE_TECHNICAL_ISSUE_RATE,
            "measured_by": "share of appointments with technical_issue by scheduled_at date",
        },
        "comments": {
            "rule": "ratings 1-2 negative wording (a low rating after a technical issue names the connection), 3 "
                    "mixed, 4-5 positive; some comments empty",
            "negative_words": feedback.NEGATIVE_WORDS,
            "positive_words": feedback.POSITIVE_WORDS,
        },
    }
