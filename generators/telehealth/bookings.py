"""Who books which telemedicine appointment and when, and the new booking that replaces a rescheduled one.

A booking is drawn for a slot (scheduled_at) first and its lead time second, so the volume per
day is shaped where the warehouse counts it, by appointment date; a booking whose booked_at
falls after the as-of has not been made yet and is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from generators.clock import DAY, HOUR, MINUTE, day_of_week, hour_of_day
from generators.common import draw, lognormal

BOOKINGS_PER_SCALE = 28_000  # first bookings; with rebookings and minus the not-yet-booked, ~30,000 rows at scale 1
HISTORY_DAYS = 365  # as long as the advocacy cases' year
UPCOMING_DAYS = 28  # how far ahead appointments are bookable (the upcoming ones a no-show model scores)

USER_SHARE = 0.4  # registered patients who use telemedicine at all
# gamma shape of how often a user books: most book once or twice, a few often, so a patient's
# earlier no-shows are there to be counted
USER_ACTIVITY_SHAPE = 0.6
DEVICES = {"mobile": 0.46, "desktop": 0.34, "tablet": 0.20}
USUAL_DEVICE_SHARE = 0.85  # bookings made on the patient's usual device
REASONS = {
    "follow_up": 0.30, "new_symptoms": 0.22, "medication_review": 0.16, "test_results": 0.14,
    "chronic_condition": 0.12, "mental_health": 0.06,
}
# how much of each registry specialty's work is done by video: relative weights for adult patients
SPECIALTY_WEIGHTS = {
    "family_medicine": 1.5, "internal_medicine": 1.3, "emergency_medicine": 0.3, "cardiology": 1.0, "oncology": 0.8,
    "pediatrics": 0.0, "obstetrics_gynecology": 0.8, "orthopedics": 0.6, "critical_care": 0.2,
}
ADULT_AGE = 18  # younger patients see pediatrics
SAME_DAY_SHARE = 0.12
SAME_DAY_HOURS = (0.5, 8.0)
LEAD_MEDIAN_DAYS = 6.0
LEAD_SIGMA = 0.8
MAX_LEAD_DAYS = 90
REMINDER_SHARE = 0.7
SLOT_MINUTES = 15
# bookable slots: clinic hours with a lunch dip on weekdays, a light weekend service
HOUR_WEIGHTS = np.zeros(24)
HOUR_WEIGHTS[8:20] = [0.7, 1.0, 1.1, 1.1, 0.7, 0.9, 1.1, 1.1, 1.0, 0.9, 0.7, 0.5]
WEEKEND_FACTOR = 0.15
REBOOKING_DELAY_DAYS = (1, 15)  # a rescheduled appointment's new slot: this many days later, same time


@dataclass
class Bookings:
    """One row per appointment; rescheduled_from is the row a rebooking replaces (-1: a first booking)."""

    patient: np.ndarray  # patient number - 1
    provider: np.ndarray  # provider number - 1
    booked: np.ndarray
    scheduled: np.ndarray
    device: np.ndarray  # index into DEVICES
    reason: np.ndarray  # index into REASONS
    reminder: np.ndarray
    rescheduled_from: np.ndarray

    def take(self, rows: np.ndarray) -> Bookings:
        return Bookings(*(getattr(self, field.name)[rows] for field in fields(self)))

    def then(self, other: Bookings) -> Bookings:
        return Bookings(*(np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)))


def slot_times(rng: np.random.Generator, size: int, start: int, end: int, drop: tuple[int, int, float]) -> np.ndarray:
    """`size` slot instants in [start, end), by the hour and weekday shape, thinned in the volume-drop week."""
    hours = np.arange(start // HOUR, -(-end // HOUR)) * HOUR
    weights = HOUR_WEIGHTS[hour_of_day(hours)] * np.where(day_of_week(hours) >= 5, WEEKEND_FACTOR, 1.0)
    drop_start, drop_end, factor = drop
    weights = weights * np.where((hours >= drop_start) & (hours < drop_end), factor, 1.0)
    picked = rng.choice(hours, size=size, p=weights / weights.sum())
    return picked + rng.integers(0, HOUR // (SLOT_MINUTES * MINUTE), size) * SLOT_MINUTES * MINUTE


def lead_times(rng: np.random.Generator, size: int) -> np.ndarray:
    """Seconds from booking to slot: some same-day bookings, the rest days to weeks ahead."""
    same_day = rng.random(size) < SAME_DAY_SHARE
    hours = rng.uniform(*SAME_DAY_HOURS, size)
    days = np.minimum(lognormal(rng, np.full(size, LEAD_MEDIAN_DAYS), LEAD_SIGMA), MAX_LEAD_DAYS)
    return np.where(same_day, hours * HOUR, np.maximum(days, 1.0) * DAY).astype(np.int64)


def _weighted(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def first_bookings(rng: np.random.Generator, count: int, start: int, as_of: int, drop: tuple[int, int, float],
                   registered_at: np.ndarray, birth_day: np.ndarray, provider_specialty: np.ndarray,
                   specialties: list[str]) -> Bookings:
    """The bookings made by the as-of for slots from `start` to UPCOMING_DAYS after it, in no particular order."""
    scheduled = slot_times(rng, count, start, as_of + UPCOMING_DAYS * DAY, drop)
    booked = scheduled - lead_times(rng, count)
    made = booked <= as_of
    scheduled, booked, count = scheduled[made], booked[made], int(made.sum())

    # a patient registered by the booking, picked by activity: cumulative weights in registration order
    patients = len(registered_at)
    activity = np.where(rng.random(patients) < USER_SHARE, rng.gamma(USER_ACTIVITY_SHAPE, 1.0, patients), 0.0)
    cumulative = np.cumsum(activity + 1e-9)  # the floor keeps an early prefix without users pickable
    registered = np.maximum(np.searchsorted(registered_at, booked, side="right"), 1)
    patient = np.minimum(np.searchsorted(cumulative, rng.random(count) * cumulative[registered - 1], side="right"),
                         registered - 1)

    # children see pediatrics, adults the other specialties by how much of their work is done by video
    adult = (scheduled // DAY - birth_day[patient]) >= ADULT_AGE * 365.25
    weights = np.array([SPECIALTY_WEIGHTS[name] for name in specialties])[provider_specialty]
    pediatric = (provider_specialty == specialties.index("pediatrics")).astype(float)
    if pediatric.sum() == 0:  # a tiny registry may have no pediatrician
        pediatric = np.ones(len(provider_specialty))
    provider = np.where(adult, _weighted(rng, weights, count), _weighted(rng, pediatric, count))

    usual_device = draw(rng, DEVICES, patients)
    device = np.where(rng.random(count) < USUAL_DEVICE_SHARE, usual_device[patient], draw(rng, DEVICES, count))
    return Bookings(
        patient=patient, provider=provider, booked=booked, scheduled=scheduled, device=device,
        reason=draw(rng, REASONS, count), reminder=rng.random(count) < REMINDER_SHARE,
        rescheduled_from=np.full(count, -1),
    )


def rebookings(rng: np.random.Generator, first: Bookings, drop: tuple[int, int, float]) -> Bookings:
    """The new booking each first booking would get if rescheduled: same patient, provider, device and reason,
    made between the booking and the slot, for the same time a few days later.

    A new slot falling in the volume-drop week moves a week on with the week's missing share, so
    rebookings thin that week like first bookings do.
    """
    count = len(first.booked)
    booked = first.booked + ((first.scheduled - first.booked) * rng.uniform(0.1, 0.95, count)).astype(np.int64)
    scheduled = first.scheduled + rng.integers(*REBOOKING_DELAY_DAYS, count) * DAY
    drop_start, drop_end, factor = drop
    moved = (scheduled >= drop_start) & (scheduled < drop_end) & (rng.random(count) >= factor)
    scheduled = np.where(moved, scheduled + 7 * DAY, scheduled)
    return Bookings(
        patient=first.patient, provider=first.provider, booked=booked, scheduled=scheduled, device=first.device,
        reason=first.reason, reminder=rng.random(count) < REMINDER_SHARE, rescheduled_from=np.arange(count),
    )
