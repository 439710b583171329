"""What became of each appointment: its status, technical issues, and the wait, length and connection of a visit.

The seed project's headline figures are hit as quotas on the generated rows rather than as
probabilities, so they hold at any scale: each quota is filled by ranking the rows on a latent
score (the planted drivers plus noise), which keeps the drivers visible in the rows chosen.
"""

from __future__ import annotations

import numpy as np

from generators.clock import DAY, hour_of_day

# seed 001's status mix, 74.9/10.2/10.1/4.9%, sums to 100.1% by rounding: the quotas sit inside each rounding
# interval so that all four round to the seed's figures (completed takes what the others leave)
STATUS_SHARES = {"completed": 0.7492, "cancelled": 0.1016, "rescheduled": 0.1006, "no_show": 0.0486}
STATUSES = (*STATUS_SHARES, "scheduled")  # scheduled: an upcoming appointment, after the as-of
COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW, SCHEDULED = range(len(STATUSES))

# no-show log-odds: the latent score is these plus a standard logistic draw, and the no-show quota takes
# the highest scores, so P(no-show) is a logistic function of them with an intercept the quota sets
NO_SHOW_PER_LEAD_DAY = 0.04
NO_SHOW_LEAD_DAYS_CAP = 60
NO_SHOW_PER_YEAR_OF_AGE = -0.02
NO_SHOW_AGE_CENTRE = 45
NO_SHOW_BY_HOUR = dict(zip(range(8, 20), [0.5, 0.2, 0.0, 0.0, 0.2, 0.1, 0.0, 0.0, 0.2, 0.4, 0.6, 0.7]))
NO_SHOW_REMINDER = -0.9
# a patient's own persistent propensity; it is what makes earlier no-shows predict the next one
NO_SHOW_PATIENT_SD = 1.0

TECHNICAL_ISSUE_RATE = 0.167
TABLET_TECHNICAL_ISSUE_RATE = 0.1704
MOBILE_OVER_DESKTOP = 1.037  # mobile's rate relative to desktop's (16.9% and 16.3% with the default device mix)
SPIKE_TECHNICAL_ISSUE_RATE = 0.40

MEAN_WAIT_MINUTES = {"mobile": 13.60, "desktop": 14.90, "tablet": 15.80}
WAIT_SHAPE = 2.5  # gamma: most waits 5-20 minutes, a tail past half an hour
DURATION_MEDIAN_MINUTES = 17.0
DURATION_SIGMA = 0.35
TECHNICAL_ISSUE_EXTRA_MINUTES = 5
CONNECTION_BASE = 3.9
CONNECTION_TECHNICAL_ISSUE = -1.7
CONNECTION_BY_DEVICE = {"mobile": -0.15, "desktop": 0.15, "tablet": -0.10}
CONNECTION_NOISE = 0.75


def rescheduled(rng: np.random.Generator, past_first: np.ndarray, rebooking_past: np.ndarray) -> np.ndarray:
    """Which past first bookings were rescheduled, sorted: the count that puts rescheduled at its share of past
    appointments, once the rebookings that are themselves past are counted in.

    Taking candidates in one random order makes the past-rebooking count of every candidate count
    a cumulative sum, so the best count is found in one pass over all of them.
    """
    order = rng.permutation(past_first)
    counts = np.arange(len(order) + 1)
    past_total = len(order) + np.concatenate([[0], np.cumsum(rebooking_past[order])])
    best = int(np.argmin(np.abs(counts - STATUS_SHARES["rescheduled"] * past_total)))
    return np.sort(order[:best])


def no_show_log_odds(lead_seconds: np.ndarray, age_years: np.ndarray, scheduled: np.ndarray, reminder: np.ndarray,
                     patient_propensity: np.ndarray) -> np.ndarray:
    hour_effect = np.zeros(24)
    hour_effect[list(NO_SHOW_BY_HOUR)] = list(NO_SHOW_BY_HOUR.values())
    return (
        NO_SHOW_PER_LEAD_DAY * np.minimum(lead_seconds / DAY, NO_SHOW_LEAD_DAYS_CAP)
        + NO_SHOW_PER_YEAR_OF_AGE * (age_years - NO_SHOW_AGE_CENTRE)
        + hour_effect[hour_of_day(scheduled)]
        + NO_SHOW_REMINDER * reminder
        + patient_propensity
    )


def statuses(rng: np.random.Generator, past: np.ndarray, is_rescheduled: np.ndarray,
             log_odds: np.ndarray) -> np.ndarray:
    """Index into STATUSES per row: the other shares' quotas of past rows filled among those not rescheduled."""
    status = np.where(is_rescheduled, RESCHEDULED, np.where(past, COMPLETED, SCHEDULED))
    open_rows = np.flatnonzero(past & ~is_rescheduled)
    total = int(past.sum())
    score = log_odds[open_rows] + rng.logistic(size=len(open_rows))
    by_risk = open_rows[np.argsort(-score, kind="stable")]
    no_shows = round(STATUS_SHARES["no_show"] * total)
    status[by_risk[:no_shows]] = NO_SHOW
    rest = by_risk[no_shows:]
    status[rng.choice(rest, size=min(len(rest), round(STATUS_SHARES["cancelled"] * total)), replace=False)] = CANCELLED
    return status


def technical_issues(rng: np.random.Generator, past: np.ndarray, device: np.ndarray, in_spike: np.ndarray,
                     devices: list[str]) -> np.ndarray:
    """An issue flag per past row: the spike's rate of its rows, the rest filling each device's quota.

    The quotas (tablet's rate, mobile a little above desktop, all at the overall rate) include the
    spike's issues, so the figures hold over the whole history with the spike in it.
    """
    issue = np.zeros(len(past), dtype=bool)
    spiked = np.flatnonzero(past & in_spike)
    issue[rng.choice(spiked, size=round(SPIKE_TECHNICAL_ISSUE_RATE * len(spiked)), replace=False)] = True
    rows = [np.flatnonzero(past & (device == d)) for d in range(len(devices))]
    tablet, mobile = devices.index("tablet"), devices.index("mobile")
    quota = np.zeros(len(devices), dtype=np.int64)
    quota[tablet] = round(TABLET_TECHNICAL_ISSUE_RATE * len(rows[tablet]))
    rest = round(TECHNICAL_ISSUE_RATE * int(past.sum())) - quota[tablet]
    others = [d for d in range(len(devices)) if d != tablet]
    weights = np.array([len(rows[d]) * (MOBILE_OVER_DESKTOP if d == mobile else 1.0) for d in others])
    quota[others] = np.round(rest * weights / max(weights.sum(), 1)).astype(np.int64)
    for d in range(len(devices)):  # three devices: a loop over groups, not rows
        candidates = rows[d][~in_spike[rows[d]]]
        needed = int(np.clip(quota[d] - issue[rows[d]].sum(), 0, len(candidates)))
        issue[rng.choice(candidates, size=needed, replace=False)] = True
    return issue


def waits(rng: np.random.Generator, device: np.ndarray, devices: list[str]) -> np.ndarray:
    """Whole minutes in the virtual waiting room, scaled per device so each device's mean is its target."""
    raw = rng.gamma(WAIT_SHAPE, 1.0, len(device))
    minutes = np.zeros(len(device), dtype=np.int64)
    for d, name in enumerate(devices):
        mine = device == d
        if mine.any():
            minutes[mine] = np.round(raw[mine] * MEAN_WAIT_MINUTES[name] / raw[mine].mean())
    return minutes


def durations(rng: np.random.Generator, issue: np.ndarray) -> np.ndarray:
    minutes = DURATION_MEDIAN_MINUTES * np.exp(DURATION_SIGMA * rng.standard_normal(len(issue)))
    return np.maximum(np.round(minutes + TECHNICAL_ISSUE_EXTRA_MINUTES * issue), 3).astype(np.int64)


def connection_quality(rng: np.random.Generator, issue: np.ndarray, device: np.ndarray,
                       devices: list[str]) -> np.ndarray:
    """1-5: lower with a technical issue and on mobile devices."""
    by_device = np.array([CONNECTION_BY_DEVICE[name] for name in devices])[device]
    latent = CONNECTION_BASE + CONNECTION_TECHNICAL_ISSUE * issue + by_device + CONNECTION_NOISE * rng.standard_normal(
        len(issue))
    return np.clip(np.round(latent), 1, 5).astype(np.int64)
