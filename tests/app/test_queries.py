"""app/queries against a four-case, four-encounter warehouse whose figures are worked out by hand below.

The warehouse has the real build's schema (tiny_warehouse.copy_schema) and only the rows written here.
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import ui
from queries import advocacy, patient_flow, warehouse
from queries.filters import Filters, checked
from tiny_warehouse import DEMAND_VS_STAFFING, fresh_copy, insert_frame, insert_patient_flow

from healthcare_ops import settings
from healthcare_ops import warehouse as published

# Four cases (C3 was resolved, reopened and resolved again):
#   case  type / priority         created  status       reply h  resolved d  touches  escal.  SLA  CSAT  stale  docs
#   C1    billing_dispute high    10-01    resolved     2.0      4.0         3        no      no   5     no     ok
#   C2    billing_dispute urgent  10-01    open         4.0      -           2        yes     yes  -     yes    missing
#   C3    claim_denial urgent     10-02    resolved     6.0      10.0        5        yes     yes  2     no     missing
#   C4    claim_denial low        10-03    in_progress  -        -           0        no      no   -     no     ok
# Handoffs 0, 1, 2, 0; C1 and C2 belong to advocate A1, C3 and C4 to A2.
CASES = pd.DataFrame(
    {
        "case_id": ["C1", "C2", "C3", "C4"],
        "patient_sk": ["P1", "P2", "P3", "P4"],
        "advocate_sk": ["sk-A1", "sk-A1", "sk-A2", "sk-A2"],
        "case_type": ["billing_dispute", "billing_dispute", "claim_denial", "claim_denial"],
        "priority": ["high", "urgent", "urgent", "low"],
        "status": ["resolved", "open", "resolved", "in_progress"],
        "is_active": [False, True, False, True],
        "created_at": pd.to_datetime(["2026-10-01 09:00", "2026-10-01 10:00", "2026-10-02 09:00", "2026-10-03 09:00"]),
        "created_date": pd.to_datetime(["2026-10-01", "2026-10-01", "2026-10-02", "2026-10-03"]),
        "last_touch_at": pd.to_datetime(
            ["2026-10-05 09:00", "2026-10-03 10:00", "2026-10-12 09:00", "2026-10-06 08:00"]
        ),
        "hours_to_first_response": [2.0, 4.0, 6.0, None],
        "days_to_resolution": [4.0, None, 10.0, None],
        "interaction_count": [3, 2, 5, 0],
        "reassignment_count": [0, 1, 0, 0],
        "handoff_count": [0, 1, 2, 0],
        "complexity": ["low", "medium", "high", "low"],
        "has_missing_docs": [False, True, True, False],
        "was_escalated": [False, True, True, False],
        "was_reopened": [False, False, True, False],
        "was_ever_resolved": [True, False, True, False],
        "sla_hours": [168, 168, 240, 240],
        "sla_breached": [False, True, True, False],
        "is_stale": [False, True, False, False],
        "hours_since_last_touch": [None, 86.0, None, 24.0],
        "csat": pd.array([5, None, 2, None], dtype="Int64"),
    }
)
ADVOCATES = pd.DataFrame(
    {
        "advocate_sk": ["sk-A1", "sk-A2"],
        "advocate_id": ["A1", "A2"],
        "advocate_name": ["Ada Lovelace", "Bo Diddley"],
        "team": ["billing", "authorizations"],
        "capacity": [1, 3],
        "hired_at": pd.to_datetime(["2024-01-01", "2024-06-01"]),
    }
)


def write_tiny_warehouse(template: Path, path: Path, cases: pd.DataFrame = CASES) -> Path:
    with duckdb.connect(str(fresh_copy(template, path))) as connection:
        insert_frame(connection, "marts.dim_advocate", ADVOCATES)
        insert_frame(connection, "marts.fct_case_lifecycle", cases)
        insert_patient_flow(connection)
    return path


@pytest.fixture
def tiny(empty_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_tiny_warehouse(empty_warehouse, tmp_path / "tiny.duckdb")
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


ALL = Filters()
URGENT = Filters(priorities=("urgent",))


def test_kpis_of_all_cases(tiny):
    row = advocacy.kpis(ALL).iloc[0]
    assert (row.total_cases, row.active_cases, row.stale_cases) == (4, 2, 1)
    assert row.sla_breach_rate == pytest.approx(2 / 4)  # C2, C3 breached
    assert row.avg_csat == pytest.approx((5 + 2) / 2)  # C1, C3 answered
    assert row.avg_days_to_resolution == pytest.approx((4 + 10) / 2)  # C1, C3 resolved
    assert row.avg_hours_to_first_response == pytest.approx((2 + 4 + 6) / 3)  # C4 not responded yet
    assert row.escalation_rate == pytest.approx(2 / 4)
    assert row.reopen_rate == pytest.approx(1 / 2)  # C3 of the ever-resolved C1, C3
    assert row.interactions_per_case == pytest.approx((3 + 2 + 5 + 0) / 4)


def test_kpis_of_a_filtered_slice(tiny):
    urgent = advocacy.kpis(URGENT).iloc[0]  # C2, C3
    assert (urgent.total_cases, urgent.active_cases) == (2, 1)
    assert urgent.sla_breach_rate == pytest.approx(1.0)
    assert urgent.avg_csat == pytest.approx(2.0)
    assert urgent.avg_days_to_resolution == pytest.approx(10.0)

    first_day_billing = Filters(start=date(2026, 10, 1), end=date(2026, 10, 1), case_types=("billing_dispute",))
    row = advocacy.kpis(first_day_billing).iloc[0]  # C1, C2
    assert row.total_cases == 2
    assert row.avg_hours_to_first_response == pytest.approx(3.0)
    assert row.avg_csat == pytest.approx(5.0)


def test_ratios_with_a_zero_denominator_are_empty_not_errors(tiny):
    low = advocacy.kpis(Filters(priorities=("low",))).iloc[0]  # C4 only: no response, resolution or survey yet
    assert low.total_cases == 1
    assert low.sla_breach_rate == 0
    assert pd.isna(low.avg_hours_to_first_response) and pd.isna(low.avg_csat) and pd.isna(low.reopen_rate)

    nothing = advocacy.kpis(Filters(start=date(2027, 1, 1))).iloc[0]
    assert nothing.total_cases == 0 and nothing.active_cases == 0
    assert all(pd.isna(nothing[kpi]) for kpi in advocacy.RATES)


def test_kpis_split_by_case_type_and_priority_in_business_order(tiny):
    by_type = advocacy.kpis(ALL, by=["case_type"]).set_index("case_type")
    assert list(by_type.index) == ["billing_dispute", "claim_denial"]
    assert by_type.loc["billing_dispute", "sla_breach_rate"] == pytest.approx(1 / 2)
    assert by_type.loc["claim_denial", "avg_days_to_resolution"] == pytest.approx(10.0)
    assert list(advocacy.kpis(ALL, by=["priority"]).priority) == ["low", "high", "urgent"]
    both = advocacy.kpis(ALL, by=["case_type", "priority"])
    assert list(zip(both.case_type, both.priority)) == [
        ("billing_dispute", "high"),
        ("billing_dispute", "urgent"),
        ("claim_denial", "low"),
        ("claim_denial", "urgent"),
    ]
    with pytest.raises(ValueError):
        advocacy.kpis(ALL, by=["department"])


def test_case_level_breakdowns(tiny):
    docs = advocacy.kpis(ALL, by=["missing_docs"]).set_index("missing_docs")
    assert docs.loc["missing documents", "avg_days_to_resolution"] == pytest.approx(10.0)  # C3 (C2 unresolved)
    assert docs.loc["documents complete", "avg_days_to_resolution"] == pytest.approx(4.0)  # C1

    handoffs = advocacy.kpis(ALL, by=["handoffs"]).set_index("handoffs")
    assert handoffs.loc["0", "avg_csat"] == pytest.approx(5.0)
    assert pd.isna(handoffs.loc["1", "avg_csat"])
    assert handoffs.loc["2", "avg_csat"] == pytest.approx(2.0)

    escalation = advocacy.kpis(URGENT, by=["escalation"]).set_index("escalation")
    assert list(escalation.index) == ["escalated"]
    assert escalation.loc["escalated", "sla_breach_rate"] == pytest.approx(1.0)

    advocates = advocacy.kpis(ALL, by=["advocate_id", "advocate_name", "team"]).set_index("advocate_id")
    assert advocates.loc["A1", "advocate_name"] == "Ada Lovelace"
    assert advocates.loc["A2", "total_cases"] == 2
    assert advocates.loc["A2", "team"] == "authorizations"


def test_case_lists(tiny):
    stale = advocacy.stale_cases(ALL)
    assert list(stale.case_id) == ["C2"]
    assert stale.advocate_name[0] == "Ada Lovelace" and stale.hours_since_last_touch[0] == pytest.approx(86.0)

    assert list(advocacy.case_detail(ALL, limit=2).case_id) == ["C4", "C3"]  # newest first
    assert list(advocacy.case_detail(URGENT).case_id) == ["C3", "C2"]

    backlog = advocacy.open_backlog_by_advocate(ALL)
    assert list(zip(backlog.advocate_name, backlog.priority, backlog.active_cases)) == [
        ("Bo Diddley", "low", 1),
        ("Ada Lovelace", "urgent", 1),
    ]


def test_filter_values_are_parameters_not_sql(tiny):
    hostile = Filters(
        case_types=("billing_dispute') or true or ('",), priorities=("x'; drop table marts.dim_advocate; --",)
    )
    assert advocacy.kpis(hostile).iloc[0].total_cases == 0
    assert advocacy.kpis(hostile, by=["team"]).empty
    assert advocacy.stale_cases(hostile).empty
    assert advocacy.kpis(ALL).iloc[0].total_cases == 4


def test_filters_with_values_the_reference_tables_do_not_define_are_refused(tiny):
    known = Filters(date(2026, 10, 1), date(2026, 10, 6), ("claim_denial",), ("urgent", "low"), ("intensive_care",))
    assert checked(known) == known
    assert checked(ALL) == ALL
    for unknown, message in (
        (Filters(case_types=("billing_dispute", "parking_fine")), "unknown case type: parking_fine"),
        (Filters(priorities=("x'; drop table marts.dim_advocate; --",)), "unknown priority"),
        (Filters(departments=("unknown",)), "unknown department: unknown"),  # the missing member is no department
        (Filters(departments=("cardiology",)), "unknown department: cardiology"),  # not in this warehouse's data
        (Filters(start=date(2026, 10, 6), end=date(2026, 10, 5)), "ends (2026-10-05) before it starts"),
    ):
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            checked(unknown)


def test_each_query_closes_the_warehouse(tiny):
    advocacy.kpis(Filters(end=date(2026, 10, 2)))
    advocacy.stale_cases(Filters(end=date(2026, 10, 2)))
    patient_flow.demand_vs_staffing(Filters(end=date(2026, 10, 5)))
    # A read-write connection in this process fails while any read-only one is still open.
    with duckdb.connect(str(tiny)) as connection:
        connection.execute("insert into marts.dim_advocate (advocate_sk, advocate_id) values ('sk-A3', 'A3')")


def test_a_republished_warehouse_is_read_again(tiny, empty_warehouse):
    assert advocacy.kpis(ALL).iloc[0].total_cases == 4
    write_tiny_warehouse(empty_warehouse, tiny, CASES.head(3))
    modified = tiny.stat().st_mtime + 5
    os.utime(tiny, (modified, modified))
    assert advocacy.kpis(ALL).iloc[0].total_cases == 3


def test_warehouse_problems_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    assert "no warehouse" in warehouse.warehouse_problem()

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(empty))
    assert "lacks marts.fct_case_lifecycle" in warehouse.warehouse_problem()

    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_text("not a database")
    monkeypatch.setenv("WAREHOUSE_PATH", str(not_a_database))
    assert "could not be read" in warehouse.warehouse_problem()


def test_a_warehouse_built_before_the_semantic_layer_is_explained(tiny):
    assert warehouse.warehouse_problem() is None
    with duckdb.connect(str(tiny)) as connection:
        connection.execute("drop table meta.semantic_manifest")
    modified = tiny.stat().st_mtime + 5
    os.utime(tiny, (modified, modified))
    assert "lacks meta.semantic_manifest" in warehouse.warehouse_problem()


def test_relative_warehouse_path_is_taken_from_the_repository_root(monkeypatch):
    monkeypatch.delenv("WAREHOUSE_PATH", raising=False)
    assert settings.warehouse_path() == settings.REPO_ROOT / "data" / "warehouse.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", "elsewhere/w.duckdb")
    assert settings.warehouse_path() == settings.REPO_ROOT / "elsewhere" / "w.duckdb"


def test_date_bounds_and_data_quality(tiny):
    assert warehouse.date_bounds() == (date(2026, 10, 1), date(2026, 10, 6))  # cases from 10-01, flow to 10-06
    quality = warehouse.data_quality().iloc[0]
    assert (quality.files, quality.unbalanced_files, quality.quarantined_rows) == (0, 0, 0)


# --- patient flow: the night of tiny_warehouse.py, Mon 2026-10-05 22:00 to Tue 02:59 --------------------------
MONDAY, TUESDAY = date(2026, 10, 5), date(2026, 10, 6)


def by_department(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("department")


def test_department_performance_over_the_whole_night(tiny):
    rows = by_department(patient_flow.department_performance(ALL))
    assert list(rows.department_label) == ["Emergency", "Intensive care"]  # not the unknown member
    assert list(rows.beds) == [4, 2]
    emergency, intensive = rows.loc["emergency"], rows.loc["intensive_care"]
    # Emergency: N1, N2, N3 arrived there, waiting 20, 60, 10 min: mean 30; p90 of 10, 20, 60 sits 0.9 of the way
    # from the 2nd to the 3rd (rank 0.9 x 2 = 1.8): 20 + 0.8 x 40 = 52. N1's admission there counts for intensive
    # care, where N1 moved.
    assert (emergency.arrivals, emergency.admissions, emergency.discharges) == (3, 0, 1)
    assert emergency.avg_wait_minutes == pytest.approx(30.0)
    assert emergency.p90_wait_minutes == pytest.approx(52.0)
    # Completed stays N1 4/3 h and N2 2 h (N3's is open): mean 5/3; p90 = 4/3 + 0.9 x 2/3 = 1.9333.
    assert emergency.completed_stays == 2
    assert emergency.avg_length_of_stay_hours == pytest.approx(5 / 3)
    assert emergency.p90_length_of_stay_hours == pytest.approx(4 / 3 + 0.6)
    # Occupancy 0, .5, .25, .25, .25 over 5 hours; 1 discharge in 5/24 of a day = 4.8 a day.
    assert emergency.avg_occupancy == pytest.approx(0.25)
    assert emergency.peak_occupancy == pytest.approx(0.5)
    assert emergency.share_of_hours_above_85 == 0
    assert emergency.discharges_per_day == pytest.approx(4.8)
    # Discharged from emergency and surveyed: N2 (5). N3 is still there and unsurveyed.
    assert (emergency.surveyed_encounters, emergency.avg_satisfaction, emergency.experience_risk) == (1, 5.0, 0.0)

    # Intensive care: N4 arrived (30 min wait), N4 and N1 admitted; stays N4 3.5 h and N1 2 h: mean 2.75,
    # p90 = 2 + 0.9 x 1.5 = 3.35.
    assert (intensive.arrivals, intensive.admissions, intensive.discharges) == (1, 2, 2)
    assert intensive.p90_wait_minutes == pytest.approx(30.0)
    assert intensive.avg_length_of_stay_hours == pytest.approx(2.75)
    assert intensive.p90_length_of_stay_hours == pytest.approx(3.35)
    # Occupancy 0, .5, 1, 1, .5: mean .6, 2 hours of 5 at 85% or more; 2 discharges in 5/24 of a day.
    assert intensive.avg_occupancy == pytest.approx(0.6)
    assert intensive.share_of_hours_above_85 == pytest.approx(0.4)
    assert intensive.discharges_per_day == pytest.approx(9.6)
    # N1 (2) and N4 (1) were discharged from here: both 2 or lower.
    assert intensive.surveyed_encounters == 2
    assert intensive.avg_satisfaction == pytest.approx(1.5)
    assert intensive.experience_risk == pytest.approx(1.0)


def test_flow_totals_recompute_rather_than_average(tiny):
    total = patient_flow.flow_totals(ALL).iloc[0]
    assert (total.arrivals, total.admissions, total.beds) == (4, 2, 6)
    # Waits 10, 20, 30, 60: p90 at rank 2.7 = 30 + 0.7 x 30 = 51 (the departments' p90s were 52 and 30).
    assert total.avg_wait_minutes == pytest.approx(30.0)
    assert total.p90_wait_minutes == pytest.approx(51.0)
    # Stays 4/3, 2, 2, 3.5 h: mean 8.8333 / 4; p90 at rank 2.7 = 2 + 0.7 x 1.5 = 3.05.
    assert total.avg_length_of_stay_hours == pytest.approx((4 / 3 + 2 + 2 + 3.5) / 4)
    assert total.p90_length_of_stay_hours == pytest.approx(3.05)
    # Occupancy over the 10 department-hours: (1.25 + 3) / 10; 3 discharges in 10 department-hours.
    assert total.avg_occupancy == pytest.approx(0.425)
    assert total.discharges_per_day == pytest.approx(3 * 24 / 10)
    # Surveys 5, 2, 1: two of three scored 2 or lower.
    assert total.experience_risk == pytest.approx(2 / 3)


def test_flow_figures_count_on_the_day_each_event_happened(tiny):
    monday = by_department(patient_flow.department_performance(Filters(MONDAY, MONDAY)))
    # Arrived Monday: N1, N2 (20, 60 min) in emergency, N4 in intensive care. N3 arrived Tuesday.
    assert monday.loc["emergency", "arrivals"] == 2
    assert monday.loc["emergency", "p90_wait_minutes"] == pytest.approx(20 + 0.9 * 40)
    # Only N1's emergency stay ended on Monday (23:30); every discharge, and so every survey, was on Tuesday.
    assert monday.loc["emergency", "completed_stays"] == 1
    assert monday.loc["intensive_care", "completed_stays"] == 0
    assert pd.isna(monday.loc["intensive_care", "avg_length_of_stay_hours"])
    assert (monday.surveyed_encounters == 0).all() and monday.experience_risk.isna().all()
    # Monday's hours, 22:00 and 23:00: occupancy 0 and .5 in both departments, no discharges.
    assert list(monday.avg_occupancy) == pytest.approx([0.25, 0.25])
    assert list(monday.discharges_per_day) == [0, 0]

    tuesday_emergency = patient_flow.department_performance(Filters(TUESDAY, TUESDAY, departments=("emergency",)))
    row = tuesday_emergency.iloc[0]
    assert list(tuesday_emergency.department) == ["emergency"]
    # N3 arrived (10 min); N2's stay (2 h) ended and N2 was surveyed (5); 1 discharge in Tuesday's 3 hours.
    assert (row.arrivals, row.completed_stays, row.surveyed_encounters) == (1, 1, 1)
    assert (row.avg_wait_minutes, row.avg_length_of_stay_hours, row.experience_risk) == (10.0, 2.0, 0.0)
    assert row.discharges_per_day == pytest.approx(1 / (3 / 24))


def test_the_department_filter_narrows_the_totals(tiny):
    intensive = patient_flow.flow_totals(Filters(departments=("intensive_care",))).iloc[0]
    assert (intensive.arrivals, intensive.completed_stays, intensive.beds) == (1, 2, 2)
    assert intensive.experience_risk == pytest.approx(1.0)
    assert list(patient_flow.department_performance(Filters(departments=("intensive_care",))).department) == [
        "intensive_care"
    ]
    nothing = patient_flow.flow_totals(Filters(start=date(2027, 1, 1))).iloc[0]
    assert nothing.arrivals == 0 and pd.isna(nothing.avg_wait_minutes) and pd.isna(nothing.experience_risk)


def test_arrivals_by_weekday_hour_and_day(tiny):
    grid = patient_flow.arrivals_by_weekday_hour(ALL).set_index(["iso_day_of_week", "hour_key"])
    # Mon 22: N1, N2; Mon 23: N4; Tue 00: N3; each cell observed once.
    assert grid.avg_arrivals.to_dict() == {(1, 22): 2.0, (1, 23): 1.0, (2, 0): 1.0, (2, 1): 0.0, (2, 2): 0.0}
    assert set(grid.hours_observed) == {1}
    intensive = patient_flow.arrivals_by_weekday_hour(Filters(departments=("intensive_care",)))
    assert intensive.arrivals.sum() == 1 and intensive.set_index("hour_key").loc[23, "arrivals"] == 1

    daily = patient_flow.period_arrivals(ALL, "day").set_index(["period_start", "department_label"]).arrivals
    assert daily.to_dict() == {
        (MONDAY, "Emergency"): 2,
        (MONDAY, "Intensive care"): 1,
        (TUESDAY, "Emergency"): 1,
        (TUESDAY, "Intensive care"): 0,
    }
    # the same night by week: both days in the week that starts on that Monday
    weekly = patient_flow.period_arrivals(ALL, "week").set_index(["period_start", "department_label"]).arrivals
    assert weekly.to_dict() == {(MONDAY, "Emergency"): 3, (MONDAY, "Intensive care"): 1}


@pytest.mark.parametrize("days, grain", [(1, "day"), (92, "day"), (93, "week"), (730, "week"), (731, "month")])
def test_the_arrivals_chart_counts_by_a_period_that_fits_the_days_with_flow(tiny, days, grain):
    # the tiny night's hours span two days; give the hospital `days` days of hours, then ask over more
    with duckdb.connect(str(tiny)) as connection:
        connection.execute(
            "insert into marts.mart_department_hourly (department, hour_start, date_key) values ('emergency', ?, ?)",
            [datetime.combine(MONDAY + timedelta(days=days - 1), datetime.min.time()), MONDAY + timedelta(days=days - 1)],
        )
    expected = grain if days > 1 else "day"
    assert patient_flow.arrivals_grain(Filters()) == expected
    assert patient_flow.arrivals_grain(Filters(MONDAY - timedelta(days=400), MONDAY + timedelta(days=4000))) == expected
    assert patient_flow.arrivals_grain(Filters(MONDAY, MONDAY)) == "day"


def test_demand_vs_staffing(tiny):
    # With no filter the cells are the ones worked out in tiny_warehouse.py.
    cells = patient_flow.demand_vs_staffing(ALL)
    expected = DEMAND_VS_STAFFING.sort_values(["department", "iso_day_of_week", "hour_key"])
    assert list(cells.department) == list(expected.department)
    for column in cells.columns.drop(["department", "department_label"]):
        assert list(cells[column]) == pytest.approx(list(expected[column])), column
    # Tuesday only: emergency's arrival at 00 is all its demand over a third of its nurses (ratio 3, a peak);
    # intensive care had no arrivals, so no share and no peak.
    tuesday = patient_flow.demand_vs_staffing(Filters(TUESDAY, TUESDAY)).set_index(["department", "hour_key"])
    assert tuesday.loc[("emergency", 0), "demand_to_staffing_ratio"] == pytest.approx(3.0)
    assert list(tuesday.is_understaffed_peak) == [True, False, False, False, False, False]
    assert tuesday.loc["intensive_care"].demand_share.isna().all()
    # Intensive care alone: the same cells as in the whole hospital, as each department is its own week.
    alone = patient_flow.demand_vs_staffing(Filters(departments=("intensive_care",)))
    assert list(alone.demand_to_staffing_ratio) == pytest.approx([0.0, 5.0, 0.0, 0.0, 0.0])


def test_the_live_view_reads_the_newest_hour(tiny):
    status = patient_flow.live_status().iloc[0]
    assert status.newest_event_at == pd.Timestamp("2026-10-06 02:30")  # N4's discharge
    assert status.newest_landed_at == pd.Timestamp("2026-11-23 12:00:05")  # Tuesday's capture file
    assert status.refreshed_at == pd.Timestamp("2026-11-23 12:00:09")

    census = patient_flow.census_now()
    assert set(census.hour_start) == {pd.Timestamp("2026-10-06 02:00")}
    assert list(zip(census.department, census.census, census.beds)) == [("emergency", 1, 4), ("intensive_care", 1, 2)]
    assert list(patient_flow.census_now(["intensive_care"]).department) == ["intensive_care"]

    # The newest 3 hours are Tue 00-02: N3 arrived at 00:20; the last 24 hours hold the whole night.
    recent = patient_flow.recent_arrivals(["emergency"], hours=3)
    assert list(recent.hour_start.dt.hour) == [0, 1, 2] and list(recent.arrivals) == [1, 0, 0]
    assert patient_flow.recent_arrivals().arrivals.sum() == 4


def test_how_far_behind_reads(tiny):
    landed = patient_flow.live_status().iloc[0].newest_landed_at
    assert ui.duration(datetime(2026, 11, 23, 12, 0, 17) - landed) == "12 s"
    assert ui.duration(datetime(2026, 11, 23, 12, 4, 9) - landed) == "4 min 04 s"
    assert ui.duration(datetime(2026, 11, 23, 15, 7, 0) - landed) == "3 h 06 min"
    assert ui.duration(timedelta(days=2, hours=4, minutes=30)) == "2 d 4 h"
    assert ui.duration(timedelta(seconds=-3)) == "0 s"  # clocks a moment apart
    assert ui.duration(pd.NaT) == "—"


def test_a_warehouse_missing_mid_swap_is_tried_again(tiny, tmp_path, monkeypatch):
    moved = tmp_path / "moved-away.duckdb"
    tiny.rename(moved)
    swap = threading.Timer(published.SWAP_PAUSE_SECONDS / 2, moved.rename, args=[tiny])  # lands in the first pause
    swap.start()
    assert patient_flow.live_status().iloc[0].newest_event_at == pd.Timestamp("2026-10-06 02:30")
    swap.join()

    tiny.unlink()
    monkeypatch.setattr(published, "SWAP_PAUSE_SECONDS", 0.01)
    with pytest.raises(FileNotFoundError):  # gone for good: the caller says so
        patient_flow.live_status()


def test_flow_filter_values_are_parameters_not_sql(tiny):
    hostile = Filters(departments=("emergency') or true or ('",))
    assert patient_flow.flow_totals(hostile).iloc[0].arrivals == 0
    assert patient_flow.demand_vs_staffing(hostile).empty
    assert patient_flow.census_now(["x'; drop table marts.dim_department; --"]).empty
    assert len(patient_flow.departments()) == 2


def test_with_no_filter_demand_vs_staffing_is_the_mart(use_warehouse, query):
    """On the real build: the dashboard's table function, unfiltered, equals mart_demand_vs_staffing row for
    row, so the two share one definition."""
    keys = ["department", "iso_day_of_week", "hour_key"]
    cells = patient_flow.demand_vs_staffing(ALL).sort_values(keys).reset_index(drop=True)
    mart = query("select * from marts.mart_demand_vs_staffing").sort_values(keys).reset_index(drop=True)
    assert len(cells) == len(mart) > 0
    for column in cells.columns.drop("department_label"):
        assert list(cells[column]) == pytest.approx(list(mart[column]), nan_ok=True), column


def test_the_tiny_warehouse_has_the_real_schema(empty_warehouse, query):
    """tiny_warehouse.copy_schema: the real build's tables, columns and table function; rows only where they
    are definitions (reference seeds, meta)."""
    columns = """
        select table_schema, table_name, column_name, data_type
        from information_schema.columns
        where table_schema in ('marts', 'quality', 'reference', 'meta')
        order by all
    """
    copied = published.query(columns, path=empty_warehouse)
    assert len(copied) > 0 and copied.equals(query(columns))
    counts = "select schema_name, table_name, estimated_size from duckdb_tables() order by all"
    rows = published.query(counts, path=empty_warehouse).set_index(["schema_name", "table_name"]).estimated_size
    assert (rows.loc[["marts", "quality"]] == 0).all()
    assert (rows.loc[["reference", "meta"]] > 0).all()
    macros = published.query(
        "select schema_name, function_name from duckdb_functions() "
        "where database_name = current_database() and function_type = 'table_macro'",
        path=empty_warehouse,
    )
    assert list(zip(macros.schema_name, macros.function_name)) == [("marts", "demand_vs_staffing_between")]
