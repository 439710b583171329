"""queries.py against a four-case warehouse whose KPIs are worked out by hand below."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import queries
from queries import Filters
from tiny_warehouse import CONTRACT, create_schema, insert_frame

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
    assert queries.date_bounds() == (date(2026, 10, 1), date(2026, 10, 3))
    quality = queries.data_quality().iloc[0]
    assert (quality.files, quality.unbalanced_files, quality.quarantined_rows) == (0, 0, 0)


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
