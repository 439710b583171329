"""The open alerts of marts.mart_alerts, as `make monitor` prints them and the dashboard shows them.

"Open" is decided by the mart (is_open: the alert's period ended at most the seed's open_days before the
as-of's day; README, "Monitoring"); readers only select and order, so the two never disagree.
"""

from __future__ import annotations

# The columns shown, in order: what fired, about when, how far off, and the message that says it in words.
OPEN_ALERT_COLUMNS = (
    "severity",
    "check_name",
    "subject",
    "period_start",
    "period_end",
    "observed_value",
    "expected_low",
    "expected_high",
    "value_unit",
    "message",
    "detected_at",
)

# Critical first, then the most recent period (the API lists alerts in the same order).
ALERT_ORDER = "case severity when 'critical' then 0 else 1 end, period_end desc, check_name, subject"
OPEN_ALERTS_SQL = f"""
    select {", ".join(OPEN_ALERT_COLUMNS)}
    from marts.mart_alerts
    where is_open
    order by {ALERT_ORDER}
"""
