"""The published warehouse, read-only and cached: SQL results, metric results, and the problems in the way.

Results are cached with the file's modification time in the key: a republished warehouse is
read afresh, an unchanged one is not read twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import duckdb
import pandas as pd
import streamlit as st

from healthcare_ops import semantic, settings
from healthcare_ops import warehouse as published

# The tables every view needs; a warehouse without them is not this project's (or is too old).
REQUIRED_TABLES = (
    "marts.fct_case_lifecycle",
    "marts.dim_department",
    "marts.mart_department_hourly",
    "marts.dim_threshold",
    "marts.mart_service_line_summary",  # the sidebar's service lines
    "quality.reconciliation",
    "quality.loaded_domains",
    semantic.MANIFEST_TABLE,
    semantic.COLUMNS_TABLE,
)


@st.cache_data(show_spinner=False, max_entries=1000)
def _cached(path: str, modified_ns: int, sql: str, positional: tuple, named: tuple) -> pd.DataFrame:
    # modified_ns is only part of the cache key: a republished file is a new key. Lists travel as tuples
    # (hashable for the key) and are bound as lists.
    listed = (lambda value: list(value) if isinstance(value, tuple) else value)
    parameters = {name: listed(value) for name, value in named} if named else [listed(v) for v in positional]
    return published.query(sql, parameters, path=settings.resolve(path))


def run(sql: str, parameters: Sequence[object] | Mapping[str, object] = ()) -> pd.DataFrame:
    """One query against the published warehouse; parameters positional (`?`) or named (`$name`)."""
    path = settings.warehouse_path()
    hashable = (lambda value: tuple(value) if isinstance(value, list | tuple) else value)
    if isinstance(parameters, Mapping):
        positional, named = (), tuple(sorted((name, hashable(value)) for name, value in parameters.items()))
    else:
        positional, named = tuple(hashable(value) for value in parameters), ()
    # published.query tries again through a swap itself; so does modified_ns
    return _cached(str(path), published.modified_ns(path), sql, positional, named)


@st.cache_resource(show_spinner=False, max_entries=4)
def _semantic_layer(manifest_json: str) -> semantic.SemanticLayer:
    return semantic.SemanticLayer(manifest_json)


def semantic_layer() -> semantic.SemanticLayer:
    """The metric definitions the published warehouse was built with."""
    return _semantic_layer(run(f"select manifest_json from {semantic.MANIFEST_TABLE}").iloc[0, 0])


def metrics(query: semantic.MetricQuery, values: Mapping[str, object]) -> pd.DataFrame:
    """A metric query's result, columns named plainly (`case_type`, not `case__case_type`)."""
    return semantic_layer().query(query, values, run)


def published_at() -> datetime:
    """When the warehouse file was last replaced (local time)."""
    return datetime.fromtimestamp(published.modified_ns() / 1e9)


def warehouse_problem() -> str | None:
    """Why the dashboard cannot run (no file, unreadable, tables missing), or None when it can."""
    path = settings.warehouse_path()
    if not path.is_file():
        return f"There is no warehouse at `{path}` yet."
    try:
        found = set(
            run(
                "select table_schema || '.' || table_name as name from information_schema.tables "
                "where table_schema in ('marts', 'quality', 'meta')"
            )["name"]
        )
    except duckdb.Error as error:
        return f"The warehouse at `{path}` could not be read ({error})."
    missing = [table for table in REQUIRED_TABLES if table not in found]
    if missing:
        return f"The warehouse at `{path}` lacks {', '.join(missing)}."
    return None


def date_bounds() -> tuple[date, date] | None:
    """First and last day of the data (case created dates, patient-flow hours, appointment slots and referral orders),
    or None when there are none: any one domain loaded alone gives the dashboard its dates."""
    bounds = run("""
        select min(first_date) as first_date, max(last_date) as last_date
        from (
            select min(created_date) as first_date, max(created_date) as last_date from marts.fct_case_lifecycle
            union all
            select min(date_key), max(date_key) from marts.mart_department_hourly
            union all
            select min(date_key), max(date_key) from marts.fct_appointment
            union all
            select min(referred_date_key), max(referred_date_key) from marts.fct_referral_order
        ) as domains
    """)
    first, last = bounds.iloc[0]
    if pd.isna(first) or pd.isna(last):
        return None
    return pd.Timestamp(first).date(), pd.Timestamp(last).date()


def loaded_domains() -> set[str]:
    """The source systems whose raw files this warehouse was built from."""
    return set(run("select domain from quality.loaded_domains where is_loaded")["domain"])


def data_quality() -> pd.DataFrame:
    """One row: raw files, files that do not reconcile, raw rows and quarantined rows."""
    return run("""
        select
            count(*) as files,
            count(*) filter (where not is_balanced) as unbalanced_files,
            cast(coalesce(sum(raw_rows), 0) as bigint) as raw_rows,
            cast(coalesce(sum(quarantined_rows), 0) as bigint) as quarantined_rows
        from quality.reconciliation
    """)
