"""The monitoring layer's open alerts (marts.mart_alerts), for the Telehealth page.

"Open" is the mart's is_open (README, "Monitoring"): the query selects and orders, it decides nothing.
"""

from __future__ import annotations

import pandas as pd

from healthcare_ops.monitoring import OPEN_ALERTS_SQL
from queries.warehouse import run


def open_alerts() -> pd.DataFrame:
    """The open alerts, critical first, then the latest period: severity, check_name, subject, period_start,
    period_end, observed_value, expected_low, expected_high, value_unit, message, detected_at (one row per alert;
    none when the data is quiet)."""
    return run(OPEN_ALERTS_SQL)
