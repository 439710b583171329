"""app/queries/monitoring.open_alerts on a tiny warehouse holding three hand-written alerts, two of them open."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from queries import monitoring
from streamlit.testing.v1 import AppTest
from tiny_warehouse import fresh_copy, insert_frame

from healthcare_ops.monitoring import OPEN_ALERT_COLUMNS

APP_DIR = Path(__file__).resolve().parents[2] / "app"

AS_OF = datetime(2026, 11, 1)
ALERTS = pd.DataFrame(
    [
        ("appointment_volume|all|2026-08-24", "appointment_volume", "all", "critical", "below", date(2026, 8, 24),
         date(2026, 8, 30), False, 64.0, "appointments", "volume drop, long past"),
        ("technical_issue_rate|all|2026-10-29", "technical_issue_rate", "all", "warning", "above",
         date(2026, 10, 29), date(2026, 10, 31), True, 0.3, "share of appointments", "recent spike"),
        ("late_data|cases.csv|2026-10-28", "late_data", "cases.csv", "critical", "above", date(2026, 10, 28),
         date(2026, 11, 1), True, 96.0, "hours", "<b>cases.csv</b>: late"),
    ],
    columns=["alert_id", "check_name", "subject", "severity", "deviation", "period_start", "period_end", "is_open",
             "observed_value", "value_unit", "message"],
).assign(detected_at=AS_OF)


@pytest.fixture
def tiny(empty_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fresh_copy(empty_warehouse, tmp_path / "tiny.duckdb")
    with duckdb.connect(str(path)) as connection:
        insert_frame(connection, "marts.mart_alerts", ALERTS)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


def test_open_alerts_are_the_open_ones_critical_first(tiny):
    alerts = monitoring.open_alerts()
    assert tuple(alerts.columns) == OPEN_ALERT_COLUMNS
    assert alerts.check_name.tolist() == ["late_data", "technical_issue_rate"]
    assert alerts.severity.tolist() == ["critical", "warning"]
    # text from the data comes back as it was written, for the page to show as plain text
    assert alerts.message.tolist() == ["<b>cases.csv</b>: late", "recent spike"]


def test_no_open_alert_is_an_empty_table(empty_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(fresh_copy(empty_warehouse, tmp_path / "empty.duckdb")))
    alerts = monitoring.open_alerts()
    assert alerts.empty and tuple(alerts.columns) == OPEN_ALERT_COLUMNS



def render_section(app_dir: str) -> None:
    import sys

    sys.path.insert(0, app_dir)
    from queries.filters import Filters
    from views.telehealth_alerts import render_open_alerts

    render_open_alerts(Filters())


def test_the_section_shows_the_open_alerts_as_plain_text(tiny):
    app = AppTest.from_function(render_section, args=(str(APP_DIR),), default_timeout=60).run()
    assert not app.exception
    assert [subheader.value for subheader in app.subheader] == ["Open alerts"]
    shown = app.dataframe[0].value
    assert shown.message.tolist() == ["<b>cases.csv</b>: late", "recent spike"]
    assert shown.severity.tolist() == ["critical", "warning"]


def test_the_section_says_when_all_is_quiet(empty_warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(fresh_copy(empty_warehouse, tmp_path / "empty.duckdb")))
    app = AppTest.from_function(render_section, args=(str(APP_DIR),), default_timeout=60).run()
    assert not app.exception
    assert not app.dataframe
    assert app.success[0].value.startswith("No open alerts")
