"""queries.py against a four-case, four-encounter warehouse whose figures are worked out by hand below."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import queries
import ui
from queries import Filters
from tiny_warehouse import CONTRACT, DEMAND_VS_STAFFING, create_schema, insert_frame, insert_patient_flow

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
# The same cases as mart_ops_kpis rows (one per created_date x case_type x priority), also by hand.
KPI_ROWS = pd.DataFrame(
    [
        # date, type, priority, total, active, responded, sum_h, resolved, sum_d, ever_res, esc, reop, sla, touches,
        # csat_n, sum_csat, stale
        ("2026-10-01", "billing_dispute", "high", 1, 0, 1, 2.0, 1, 4.0, 1, 0, 0, 0, 3, 1, 5, 0),
        ("2026-10-01", "billing_dispute", "urgent", 1, 1, 1, 4.0, 0, 0.0, 0, 1, 0, 1, 2, 0, 0, 1),
        ("2026-10-02", "claim_denial", "urgent", 1, 0, 1, 6.0, 1, 10.0, 1, 1, 1, 1, 5, 1, 2, 0),
        ("2026-10-03", "claim_denial", "low", 1, 1, 0, 0.0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0),
    ],
    columns=[name for name, _ in CONTRACT["marts.mart_ops_kpis"]],
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


def write_tiny_warehouse(path: Path, cases: pd.DataFrame = CASES, kpi_rows: pd.DataFrame = KPI_ROWS) -> Path:
    with duckdb.connect(str(path)) as connection:
        create_schema(connection)
        insert_frame(connection, "marts.dim_advocate", ADVOCATES)
        insert_frame(connection, "marts.fct_case_lifecycle", cases)
        insert_frame(connection, "marts.mart_ops_kpis", kpi_rows)
        insert_patient_flow(connection)
    return path


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_tiny_warehouse(tmp_path / "tiny.duckdb")
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


ALL = Filters()
URGENT = Filters(priorities=("urgent",))


def test_kpis_of_all_cases(tiny):
    row = queries.kpis(ALL).iloc[0]
    assert (row.total_cases, row.active_cases, row.stale_cases) == (4, 2, 1)
    assert row.sla_breach_rate == pytest.approx(2 / 4)  # C2, C3 breached
    assert row.avg_csat == pytest.approx((5 + 2) / 2)  # C1, C3 answered
    assert row.avg_days_to_resolution == pytest.approx((4 + 10) / 2)  # C1, C3 resolved
    assert row.avg_hours_to_first_response == pytest.approx((2 + 4 + 6) / 3)  # C4 not responded yet
    assert row.escalation_rate == pytest.approx(2 / 4)
    assert row.reopen_rate == pytest.approx(1 / 2)  # C3 of the ever-resolved C1, C3
    assert row.interactions_per_case == pytest.approx((3 + 2 + 5 + 0) / 4)


def test_kpis_of_a_filtered_slice(tiny):
    urgent = queries.kpis(URGENT).iloc[0]  # C2, C3
    assert (urgent.total_cases, urgent.active_cases) == (2, 1)
    assert urgent.sla_breach_rate == pytest.approx(1.0)
    assert urgent.avg_csat == pytest.approx(2.0)
    assert urgent.avg_days_to_resolution == pytest.approx(10.0)

    first_day_billing = Filters(start=date(2026, 10, 1), end=date(2026, 10, 1), case_types=("billing_dispute",))
    row = queries.kpis(first_day_billing).iloc[0]  # C1, C2
    assert row.total_cases == 2
    assert row.avg_hours_to_first_response == pytest.approx(3.0)
    assert row.avg_csat == pytest.approx(5.0)


def test_ratios_with_a_zero_denominator_are_empty_not_errors(tiny):
    low = queries.kpis(Filters(priorities=("low",))).iloc[0]  # C4 only: no response, resolution or survey yet
    assert low.total_cases == 1
    assert low.sla_breach_rate == 0
    assert pd.isna(low.avg_hours_to_first_response) and pd.isna(low.avg_csat) and pd.isna(low.reopen_rate)

    nothing = queries.kpis(Filters(start=date(2027, 1, 1))).iloc[0]
    assert nothing.total_cases == 0 and nothing.active_cases == 0
    assert all(pd.isna(nothing[kpi]) for kpi in queries.KPI_RATIOS)


def test_kpis_split_by_case_type_and_priority_in_business_order(tiny):
    by_type = queries.kpis(ALL, by=["case_type"]).set_index("case_type")
    assert list(by_type.index) == ["billing_dispute", "claim_denial"]
    assert by_type.loc["billing_dispute", "sla_breach_rate"] == pytest.approx(1 / 2)
    assert by_type.loc["claim_denial", "avg_days_to_resolution"] == pytest.approx(10.0)
    assert list(queries.kpis(ALL, by=["priority"]).priority) == ["low", "high", "urgent"]
    with pytest.raises(ValueError):
        queries.kpis(ALL, by=["advocate_name"])


def test_case_level_breakdowns_use_the_same_definitions(tiny):
    overall = queries.case_metrics(ALL, "case_type")
    mart = queries.kpis(ALL, by=["case_type"])
    for kpi in ("sla_breach_rate", "avg_csat", "avg_days_to_resolution", "avg_hours_to_first_response"):
        assert list(overall[kpi]) == pytest.approx(list(mart[kpi]), nan_ok=True)

    docs = queries.case_metrics(ALL, "missing_docs").set_index("missing_docs")
    assert docs.loc["missing documents", "avg_days_to_resolution"] == pytest.approx(10.0)  # C3 (C2 unresolved)
    assert docs.loc["documents complete", "avg_days_to_resolution"] == pytest.approx(4.0)  # C1

    handoffs = queries.case_metrics(ALL, "handoffs").set_index("handoffs")
    assert handoffs.loc["0", "avg_csat"] == pytest.approx(5.0)
    assert pd.isna(handoffs.loc["1", "avg_csat"])
    assert handoffs.loc["2", "avg_csat"] == pytest.approx(2.0)

    escalation = queries.case_metrics(URGENT, "escalation").set_index("escalation")
    assert list(escalation.index) == ["escalated"]
    assert escalation.loc["escalated", "sla_breach_rate"] == pytest.approx(1.0)

    advocates = queries.case_metrics(ALL, "advocate").set_index("advocate_id")
    assert advocates.loc["A1", "advocate_name"] == "Ada Lovelace"
    assert advocates.loc["A2", "total_cases"] == 2


def test_case_lists(tiny):
    stale = queries.stale_cases(ALL)
    assert list(stale.case_id) == ["C2"]
    assert stale.advocate_name[0] == "Ada Lovelace" and stale.hours_since_last_touch[0] == pytest.approx(86.0)

    assert list(queries.case_detail(ALL, limit=2).case_id) == ["C4", "C3"]  # newest first
    assert list(queries.case_detail(URGENT).case_id) == ["C3", "C2"]

    backlog = queries.open_backlog_by_advocate(ALL)
    assert list(zip(backlog.advocate_name, backlog.priority, backlog.active_cases)) == [
        ("Bo Diddley", "low", 1),
        ("Ada Lovelace", "urgent", 1),
    ]


def test_filter_values_are_parameters_not_sql(tiny):
    hostile = Filters(
        case_types=("billing_dispute') or true or ('",), priorities=("x'; drop table marts.dim_advocate; --",)
    )
    assert queries.kpis(hostile).iloc[0].total_cases == 0
    assert queries.case_metrics(hostile, "team").empty
    assert queries.kpis(ALL).iloc[0].total_cases == 4


def test_each_query_closes_the_warehouse(tiny):
    queries.kpis(Filters(end=date(2026, 10, 2)))
    queries.stale_cases(Filters(end=date(2026, 10, 2)))
    # A read-write connection in this process fails while any read-only one is still open.
    with duckdb.connect(str(tiny)) as connection:
        connection.execute("insert into marts.dim_advocate (advocate_sk, advocate_id) values ('sk-A3', 'A3')")


def test_a_republished_warehouse_is_read_again(tiny):
    assert queries.kpis(ALL).iloc[0].total_cases == 4
    write_tiny_warehouse(tiny, CASES.head(3), KPI_ROWS.head(3))
    modified = tiny.stat().st_mtime + 5
    os.utime(tiny, (modified, modified))
    assert queries.kpis(ALL).iloc[0].total_cases == 3


def test_warehouse_problems_are_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "missing.duckdb"))
    assert "no warehouse" in queries.warehouse_problem()

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(empty))
    assert "lacks marts.dim_advocate" in queries.warehouse_problem()

    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_text("not a database")
    monkeypatch.setenv("WAREHOUSE_PATH", str(not_a_database))
    assert "could not be read" in queries.warehouse_problem()


def test_relative_warehouse_path_is_taken_from_the_repository_root(monkeypatch):
    monkeypatch.delenv("WAREHOUSE_PATH", raising=False)
    assert queries.warehouse_path() == queries.REPO_ROOT / "data" / "warehouse.duckdb"
    monkeypatch.setenv("WAREHOUSE_PATH", "elsewhere/w.duckdb")
    assert queries.warehouse_path() == queries.REPO_ROOT / "elsewhere" / "w.duckdb"


def test_date_bounds_and_data_quality(tiny):
    assert queries.date_bounds() == (date(2026, 10, 1), date(2026, 10, 6))  # cases from 10-01, flow to 10-06
    quality = queries.data_quality().iloc[0]
    assert (quality.files, quality.unbalanced_files, quality.quarantined_rows) == (0, 0, 0)


# --- patient flow: the night of tiny_warehouse.py, Mon 2026-10-05 22:00 to Tue 02:59 --------------------------
MONDAY, TUESDAY = date(2026, 10, 5), date(2026, 10, 6)


def by_department(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("department")


def test_department_performance_over_the_whole_night(tiny):
    rows = by_department(queries.department_performance(ALL))
    assert list(rows.department_label) == ["Emergency", "Intensive care"]  # not the unknown member
    emergency, intensive = rows.loc["emergency"], rows.loc["intensive_care"]
    # Emergency: N1, N2, N3 arrived there, waiting 20, 60, 10 min: mean 30; p90 of 10, 20, 60 sits 0.9 of the way
    # from the 2nd to the 3rd (rank 0.9 x 2 = 1.8): 20 + 0.8 x 40 = 52.
    assert (emergency.arrivals, emergency.admissions, emergency.discharges) == (3, 1, 1)
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

    # Intensive care: N4 arrived (30 min wait); stays N4 3.5 h and N1 2 h: mean 2.75, p90 = 2 + 0.9 x 1.5 = 3.35.
    assert (intensive.arrivals, intensive.admissions, intensive.discharges) == (1, 1, 2)
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
    total = queries.flow_totals(ALL).iloc[0]
    assert (total.arrivals, total.admissions, total.beds) == (4, 2, 6)
    # Waits 10, 20, 30, 60: p90 at rank 2.7 = 30 + 0.7 x 30 = 51 (the departments' p90s were 52 and 30).
    assert total.avg_wait_minutes == pytest.approx(30.0)
    assert total.p90_wait_minutes == pytest.approx(51.0)
    # Stays 4/3, 2, 2, 3.5 h: mean 8.8333 / 4; p90 at rank 2.7 = 2 + 0.7 x 1.5 = 3.05.
    assert total.avg_length_of_stay_hours == pytest.approx((4 / 3 + 2 + 2 + 3.5) / 4)
    assert total.p90_length_of_stay_hours == pytest.approx(3.05)
    # Surveys 5, 2, 1: two of three scored 2 or lower.
    assert total.experience_risk == pytest.approx(2 / 3)


def test_flow_figures_count_on_the_day_each_event_happened(tiny):
    monday = by_department(queries.department_performance(Filters(MONDAY, MONDAY)))
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

    tuesday_emergency = queries.department_performance(Filters(TUESDAY, TUESDAY, departments=("emergency",)))
    row = tuesday_emergency.iloc[0]
    assert list(tuesday_emergency.department) == ["emergency"]
    # N3 arrived (10 min); N2's stay (2 h) ended and N2 was surveyed (5); 1 discharge in Tuesday's 3 hours.
    assert (row.arrivals, row.completed_stays, row.surveyed_encounters) == (1, 1, 1)
    assert (row.avg_wait_minutes, row.avg_length_of_stay_hours, row.experience_risk) == (10.0, 2.0, 0.0)
    assert row.discharges_per_day == pytest.approx(1 / (3 / 24))


def test_the_department_filter_narrows_the_totals(tiny):
    intensive = queries.flow_totals(Filters(departments=("intensive_care",))).iloc[0]
    assert (intensive.arrivals, intensive.completed_stays, intensive.beds) == (1, 2, 2)
    assert intensive.experience_risk == pytest.approx(1.0)
    assert list(queries.department_performance(Filters(departments=("intensive_care",))).department) == [
        "intensive_care"
    ]
    nothing = queries.flow_totals(Filters(start=date(2027, 1, 1))).iloc[0]
    assert nothing.arrivals == 0 and pd.isna(nothing.avg_wait_minutes) and pd.isna(nothing.experience_risk)


def test_arrivals_by_weekday_hour_and_day(tiny):
    grid = queries.arrivals_by_weekday_hour(ALL).set_index(["iso_day_of_week", "hour_key"])
    # Mon 22: N1, N2; Mon 23: N4; Tue 00: N3; each cell observed once.
    assert grid.avg_arrivals.to_dict() == {(1, 22): 2.0, (1, 23): 1.0, (2, 0): 1.0, (2, 1): 0.0, (2, 2): 0.0}
    assert set(grid.hours_observed) == {1}
    intensive = queries.arrivals_by_weekday_hour(Filters(departments=("intensive_care",)))
    assert intensive.arrivals.sum() == 1 and intensive.set_index("hour_key").loc[23, "arrivals"] == 1

    daily = queries.daily_arrivals(ALL).set_index(["date_key", "department_label"]).arrivals
    assert daily.to_dict() == {
        (pd.Timestamp(MONDAY), "Emergency"): 2,
        (pd.Timestamp(MONDAY), "Intensive care"): 1,
        (pd.Timestamp(TUESDAY), "Emergency"): 1,
        (pd.Timestamp(TUESDAY), "Intensive care"): 0,
    }


def test_demand_vs_staffing(tiny):
    # With no filter the shares are the mart's (worked out in tiny_warehouse.py).
    cells = queries.demand_vs_staffing(ALL)
    mart = DEMAND_VS_STAFFING.sort_values(["department", "iso_day_of_week", "hour_key"])
    for column in ("demand_share", "staffing_share", "demand_to_staffing_ratio", "is_understaffed_peak"):
        assert list(cells[column]) == pytest.approx(list(mart[column])), column
    # Tuesday only: emergency's arrival at 00 is all its demand over a third of its nurses (ratio 3, a peak);
    # intensive care had no arrivals, so no share and no peak.
    tuesday = queries.demand_vs_staffing(Filters(TUESDAY, TUESDAY)).set_index(["department", "hour_key"])
    assert tuesday.loc[("emergency", 0), "demand_to_staffing_ratio"] == pytest.approx(3.0)
    assert list(tuesday.is_understaffed_peak) == [True, False, False, False, False, False]
    assert tuesday.loc["intensive_care"].demand_share.isna().all()


def test_the_live_view_reads_the_newest_hour(tiny):
    status = queries.live_status().iloc[0]
    assert status.newest_event_at == pd.Timestamp("2026-10-06 02:30")  # N4's discharge
    assert status.newest_landed_at == pd.Timestamp("2026-11-23 12:00:05")  # Tuesday's capture file
    assert status.refreshed_at == pd.Timestamp("2026-11-23 12:00:09")

    census = queries.census_now()
    assert set(census.hour_start) == {pd.Timestamp("2026-10-06 02:00")}
    assert list(zip(census.department, census.census, census.beds)) == [("emergency", 1, 4), ("intensive_care", 1, 2)]
    assert list(queries.census_now(["intensive_care"]).department) == ["intensive_care"]

    # The newest 3 hours are Tue 00-02: N3 arrived at 00:20; the last 24 hours hold the whole night.
    recent = queries.recent_arrivals(["emergency"], hours=3)
    assert list(recent.hour_start.dt.hour) == [0, 1, 2] and list(recent.arrivals) == [1, 0, 0]
    assert queries.recent_arrivals().arrivals.sum() == 4


def test_how_far_behind_reads(tiny):
    landed = queries.live_status().iloc[0].newest_landed_at
    assert ui.duration(datetime(2026, 11, 23, 12, 0, 17) - landed) == "12 s"
    assert ui.duration(datetime(2026, 11, 23, 12, 4, 9) - landed) == "4 min 04 s"
    assert ui.duration(datetime(2026, 11, 23, 15, 7, 0) - landed) == "3 h 06 min"
    assert ui.duration(timedelta(days=2, hours=4, minutes=30)) == "2 d 4 h"
    assert ui.duration(timedelta(seconds=-3)) == "0 s"  # clocks a moment apart
    assert ui.duration(pd.NaT) == "—"


def test_a_warehouse_missing_mid_swap_is_tried_again(tiny, tmp_path, monkeypatch):
    moved = tmp_path / "moved-away.duckdb"
    tiny.rename(moved)
    swap = threading.Timer(queries.SWAP_PAUSE_SECONDS / 2, moved.rename, args=[tiny])  # lands in the first pause
    swap.start()
    assert queries.live_status().iloc[0].newest_event_at == pd.Timestamp("2026-10-06 02:30")
    swap.join()

    tiny.unlink()
    monkeypatch.setattr(queries, "SWAP_PAUSE_SECONDS", 0.01)
    with pytest.raises(FileNotFoundError):  # gone for good: the caller says so
        queries.live_status()


def test_flow_filter_values_are_parameters_not_sql(tiny):
    hostile = Filters(departments=("emergency') or true or ('",))
    assert queries.flow_totals(hostile).iloc[0].arrivals == 0
    assert queries.census_now(["x'; drop table marts.dim_department; --"]).empty
    assert len(queries.departments()) == 2


def test_with_no_filter_the_flow_figures_are_the_marts(use_warehouse, query):
    """On the real build: the app's recomputed figures equal mart_department_performance and
    mart_demand_vs_staffing row for row, so they share the marts' definitions."""
    performance = by_department(queries.department_performance(ALL)).sort_index()
    mart = by_department(query("select * from marts.mart_department_performance")).sort_index()
    assert list(performance.index) == list(mart.index)
    for column in mart.columns.drop(["department_sk", "_run_id", "_loaded_at"]):
        assert list(performance[column]) == pytest.approx(list(mart[column]), nan_ok=True), column

    keys = ["department", "iso_day_of_week", "hour_key"]
    cells = queries.demand_vs_staffing(ALL).sort_values(keys).reset_index(drop=True)
    mart = query("select * from marts.mart_demand_vs_staffing").sort_values(keys).reset_index(drop=True)
    assert len(cells) == len(mart) > 0
    for column in cells.columns.drop("department_label"):
        assert list(cells[column]) == pytest.approx(list(mart[column]), nan_ok=True), column


def test_the_tiny_warehouse_schema_is_the_real_contract(query):
    for table, columns in CONTRACT.items():
        schema, name = table.split(".")
        real = query(
            "select column_name, lower(data_type) as data_type from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        )
        real_types = dict(zip(real.column_name, real.data_type))
        for column, data_type in columns:
            assert real_types.get(column) == data_type.lower(), f"{table}.{column}"
