"""The Telehealth page's open-alerts section: what the monitoring layer (marts.mart_alerts) flags now.

A section, not a page: app/views/telehealth.py calls render_open_alerts(filters). The alerts are about the data's
as-of, not the sidebar's dates, so the shared filters do not narrow them.
"""

from __future__ import annotations

import streamlit as st
import ui
from queries.filters import Filters
from queries.monitoring import open_alerts


def render_open_alerts(filters: Filters) -> None:
    del filters  # the same signature as the page's other sections; alerts are about the data's as-of
    st.subheader("Open alerts")
    st.caption(
        "Appointment volume, technical-issue and no-show rates against their recent baseline, and raw exports "
        "that stopped arriving; open while their period is recent (README, \"Monitoring\"; `make monitor`)."
    )
    alerts = open_alerts()
    if alerts.empty:
        st.success("No open alerts: the latest appointments and exports are within their expected ranges.")
        return
    ui.table(alerts)
