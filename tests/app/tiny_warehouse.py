"""The tables and columns the dashboard reads, to build tiny hand-made warehouses for the query tests.

`CONTRACT` restates the dbt contracts the app relies on; test_queries.py checks it
against the warehouse `make test` built, so the two cannot drift apart.
"""

from __future__ import annotations

import duckdb
import pandas as pd

CONTRACT: dict[str, list[tuple[str, str]]] = {
    "marts.dim_patient": [
        ("patient_sk", "varchar"),
        ("patient_id", "varchar"),
        ("sex", "varchar"),
        ("birth_year", "integer"),
        ("age_band", "varchar"),
        ("zip3", "varchar"),
        ("insurance_type", "varchar"),
    ],
    "marts.dim_advocate": [
        ("advocate_sk", "varchar"),
        ("advocate_id", "varchar"),
        ("advocate_name", "varchar"),
        ("team", "varchar"),
        ("capacity", "integer"),
        ("hired_at", "date"),
    ],
    "marts.fct_case_lifecycle": [
        ("case_id", "varchar"),
        ("patient_sk", "varchar"),
        ("advocate_sk", "varchar"),
        ("case_type", "varchar"),
        ("priority", "varchar"),
        ("status", "varchar"),
        ("is_active", "boolean"),
        ("created_at", "timestamp"),
        ("created_date", "date"),
        ("first_response_at", "timestamp"),
        ("resolved_at", "timestamp"),
        ("last_touch_at", "timestamp"),
        ("hours_to_first_response", "double"),
        ("days_to_resolution", "double"),
        ("interaction_count", "integer"),
        ("reassignment_count", "integer"),
        ("handoff_count", "integer"),
        ("complexity", "varchar"),
        ("intake_source", "varchar"),
        ("has_missing_docs", "boolean"),
        ("was_escalated", "boolean"),
        ("was_reopened", "boolean"),
        ("was_ever_resolved", "boolean"),
        ("sla_hours", "integer"),
        ("sla_breached", "boolean"),
        ("is_stale", "boolean"),
        ("hours_since_last_touch", "double"),
        ("is_out_of_hours", "boolean"),
        ("csat", "integer"),
    ],
    "marts.mart_ops_kpis": [
        ("created_date", "date"),
        ("case_type", "varchar"),
        ("priority", "varchar"),
        ("total_cases", "integer"),
        ("active_cases", "integer"),
        ("responded_cases", "integer"),
        ("sum_hours_to_first_response", "double"),
        ("resolved_cases", "integer"),
        ("sum_days_to_resolution", "double"),
        ("ever_resolved_cases", "integer"),
        ("escalated_cases", "integer"),
        ("reopened_cases", "integer"),
        ("sla_breached_cases", "integer"),
        ("sum_interactions", "integer"),
        ("csat_responses", "integer"),
        ("sum_csat", "integer"),
        ("stale_cases", "integer"),
    ],
    "marts.mart_advocate_caseload": [
        ("advocate_sk", "varchar"),
        ("advocate_id", "varchar"),
        ("advocate_name", "varchar"),
        ("team", "varchar"),
        ("capacity", "integer"),
        ("active_cases", "integer"),
        ("active_low", "integer"),
        ("active_medium", "integer"),
        ("active_high", "integer"),
        ("active_urgent", "integer"),
        ("weighted_load", "double"),
        ("utilization_ratio", "double"),
        ("is_overloaded", "boolean"),
        ("stale_cases", "integer"),
        ("resolved_cases", "integer"),
        ("avg_days_to_resolution", "double"),
    ],
    "marts.mart_bottlenecks": [
        ("bottleneck_id", "varchar"),
        ("driver", "varchar"),
        ("metric", "varchar"),
        ("comparison_group", "varchar"),
        ("baseline_group", "varchar"),
        ("comparison_cases", "integer"),
        ("baseline_cases", "integer"),
        ("comparison_value", "double"),
        ("baseline_value", "double"),
        ("effect_size", "double"),
        ("relative_effect", "double"),
        ("effect_rank", "integer"),
    ],
    "quality.reconciliation": [
        ("source_file", "varchar"),
        ("raw_rows", "bigint"),
        ("clean_rows", "bigint"),
        ("quarantined_rows", "bigint"),
        ("is_balanced", "boolean"),
    ],
    "quality.quarantine": [
        ("source_file", "varchar"),
        ("line_number", "bigint"),
        ("record_id", "varchar"),
        ("reason", "varchar"),
        ("reason_detail", "varchar"),
        ("raw_values", "varchar"),
    ],
}

def create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    """Create every contracted table, empty."""
    for schema in sorted({table.split(".")[0] for table in CONTRACT}):
        connection.execute(f"create schema if not exists {schema}")
    for table, columns in CONTRACT.items():
        column_list = ", ".join(f"{name} {data_type}" for name, data_type in columns)
        connection.execute(f"create or replace table {table} ({column_list})")


def insert_frame(connection: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert a frame's columns into a contracted table, in contract order, cast to the contract's types."""
    connection.register("incoming_frame", frame)
    casts = ", ".join(f"cast({name} as {data_type})" for name, data_type in CONTRACT[table] if name in frame.columns)
    names = ", ".join(name for name, _ in CONTRACT[table] if name in frame.columns)
    connection.execute(f"insert into {table} ({names}) select {casts} from incoming_frame")
    connection.unregister("incoming_frame")
