"""Entry point: page set-up, the shared sidebar filters, and the three views.

    streamlit run app/streamlit_app.py      (or `make app`)

The filters are widgets with keys in this file, which runs before every page,
so a choice made on one view is kept when you switch to another.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import queries
import streamlit as st
import ui

st.set_page_config(page_title="Advocacy operations", page_icon=":material/health_and_safety:", layout="wide")

# The views live in views/, not pages/: Streamlit would also route a pages/ folder by file name, running a
# view without this entry point and its filters.
page = st.navigation(
    [
        st.Page("views/executive.py", title="Executive", icon=":material/insights:", default=True),
        st.Page("views/operations_manager.py", title="Operations Manager", icon=":material/groups:"),
        st.Page("views/root_cause.py", title="Root Cause", icon=":material/troubleshoot:"),
    ]
)

problem = queries.warehouse_problem()
if problem:
    st.error(
        f"{problem}\n\nBuild it with `make build` (or `make warehouse` for CSVs already in `data/raw`), "
        "then reload this page. Set `WAREHOUSE_PATH` to read a warehouse elsewhere.",
        icon=":material/database:",
    )
    st.stop()

bounds = queries.date_bounds()
if bounds is None:
    st.info("The warehouse has no cases yet. Load case exports and run `make warehouse`.")
    st.stop()
first_date, last_date = bounds


def reset_filters() -> None:
    st.session_state["created_range"] = (first_date, last_date)
    st.session_state["case_types"] = []
    st.session_state["priorities"] = []


# A range kept from an earlier warehouse may fall outside this one: start again from the full range.
kept_range = st.session_state.get("created_range")
if not kept_range or not all(first_date <= day <= last_date for day in kept_range):
    st.session_state["created_range"] = (first_date, last_date)

with st.sidebar:
    st.header("Filters")
    chosen_range = st.date_input(
        "Created between", min_value=first_date, max_value=last_date, key="created_range", format="YYYY-MM-DD"
    )
    case_types = st.multiselect(
        "Case type", queries.CASE_TYPES, key="case_types", format_func=ui.label, placeholder="All case types"
    )
    priorities = st.multiselect(
        "Priority", queries.PRIORITIES, key="priorities", format_func=ui.label, placeholder="All priorities"
    )
    st.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:")

# While a range is being picked the widget holds only its first day.
start = chosen_range[0] if chosen_range else first_date
end = chosen_range[1] if len(chosen_range) > 1 else last_date
st.session_state[ui.FILTERS_KEY] = queries.Filters(start, end, tuple(case_types), tuple(priorities))

with st.sidebar:
    st.divider()
    quality = queries.data_quality()
    if quality is not None:
        row = quality.iloc[0]
        balance = (
            "every raw file reconciles"
            if row.unbalanced_files == 0
            else f"**{int(row.unbalanced_files)} raw file(s) do not reconcile**"
        )
        st.caption(
            f"Data quality: {ui.count(row.quarantined_rows)} of {ui.count(row.raw_rows)} raw rows quarantined; "
            f"{balance}."
        )
    published = datetime.fromtimestamp(queries.warehouse_path().stat().st_mtime)
    st.caption(f"Warehouse published {published:%Y-%m-%d %H:%M}.")

try:
    page.run()
except (duckdb.Error, OSError) as error:
    st.error(f"The warehouse could not be read ({error}). If it is being rebuilt, reload in a moment.")
