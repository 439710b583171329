"""Hand-made appointments for the scoring tests, in the form the warehouse hands them over."""

from __future__ import annotations

import numpy as np
import pandas as pd


def raw_frame(rows: int, seed: int = 1) -> pd.DataFrame:
    """Appointments as the warehouse hands them over: a no-show is likelier the longer the lead time, without a
    reminder and for a patient with earlier no-shows; the last 40 are still to come."""
    rng = np.random.default_rng(seed)
    lead = rng.uniform(0, 60, rows)
    prior = rng.poisson(0.3, rows)
    reminder = rng.random(rows) < 0.7
    log_odds = -3.5 + 0.05 * lead + 0.8 * prior - 0.9 * reminder
    no_show = rng.random(rows) < 1 / (1 + np.exp(-log_odds))
    upcoming = np.arange(rows) >= rows - 40
    return pd.DataFrame({
        "appointment_id": [f"T{index:08d}" for index in range(rows)],
        "scheduled_at": pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(rows) * 6, unit="h"),
        "status": np.where(upcoming, "scheduled", np.where(no_show, "no_show", "completed")),
        "is_due": ~upcoming,
        "is_no_show": no_show & ~upcoming,
        "lead_time_days": lead,
        "prior_no_shows": prior,
        "prior_due_appointments": prior + rng.poisson(2, rows),
        "age_years": pd.array(rng.integers(1, 90, rows), dtype="Int64"),
        "hour_of_day": rng.integers(8, 20, rows),
        "day_of_week": rng.integers(1, 8, rows),
        "reminder_sent": reminder,
        "device": rng.choice(["mobile", "desktop", "tablet"], rows),
        "reason": rng.choice(["follow_up", "mental_health", "unknown"], rows),
    })
