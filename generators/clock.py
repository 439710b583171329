"""Time as int64 seconds since 1970-01-01 (naive, like the exports): sampling with a weekly shape, business hours."""

from __future__ import annotations

import numpy as np

MINUTE = 60
HOUR = 3_600
DAY = 86_400
BUSINESS_START_HOUR = 8
BUSINESS_END_HOUR = 18
OUT_OF_HOURS_DEFINITION = (
    f"created on a Saturday or Sunday, or at an hour < {BUSINESS_START_HOUR} or >= {BUSINESS_END_HOUR} (Monday-Friday "
    f"{BUSINESS_START_HOUR:02d}:00-{BUSINESS_END_HOUR:02d}:00 is business hours)"
)

# Relative arrival rate per hour of a weekday: a business-hours hump with a lunch dip, quiet nights.
WEEKDAY_HOUR_WEIGHTS = np.array(
    [0.08] * 7 + [0.4]
    + [1.0, 1.3, 1.5, 1.5, 1.2, 1.3, 1.4, 1.3, 1.1, 0.9]
    + [0.6, 0.4, 0.3, 0.2, 0.15, 0.1]
)
# Weekends run at a quarter of the weekday rate; with the night hours this puts ~25% of arrivals out of hours.
WEEKEND_FACTOR = 0.25


def parse(text: str) -> int:
    return int(np.datetime64(text, "s").astype(np.int64))


def iso(seconds: int) -> str:
    return str(np.datetime64(int(seconds), "s"))


def day_of_week(seconds: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)."""
    return (seconds // DAY + 3) % 7


def hour_of_day(seconds: np.ndarray) -> np.ndarray:
    return seconds % DAY // HOUR


def is_out_of_hours(seconds: np.ndarray) -> np.ndarray:
    hour = hour_of_day(seconds)
    return (day_of_week(seconds) >= 5) | (hour < BUSINESS_START_HOUR) | (hour >= BUSINESS_END_HOUR)


def weekly_weight(seconds: np.ndarray) -> np.ndarray:
    weight = WEEKDAY_HOUR_WEIGHTS[hour_of_day(seconds)]
    return np.where(day_of_week(seconds) >= 5, weight * WEEKEND_FACTOR, weight)


def sample_times(rng: np.random.Generator, size: int, start: int, end: int) -> np.ndarray:
    """`size` sorted instants in [start, end): uniform over the days, shaped by hour of day and day of week."""
    hours = np.arange(start // HOUR, -(-end // HOUR)) * HOUR
    weights = weekly_weight(hours)
    picked = rng.choice(hours, size=size, p=weights / weights.sum())
    return np.sort(np.clip(picked + rng.integers(0, HOUR, size=size), start, end - 1))
