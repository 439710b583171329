"""Entry point: page set-up, the shared sidebar filters, and the views.

    streamlit run app/streamlit_app.py      (or `make app`)

The filters are widgets with keys in this file, which runs before every page,
so a choice made on one view is kept when you switch to another. A filter the
open view does not read stays in the sidebar greyed out, keeping its choice for
the views that do.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

# `streamlit run` puts this folder on the path; the project's shared package sits one above it.
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import duckdb
import streamlit as st
import ui
from queries import filters, warehouse
from streamlit.navigation.page import StreamlitPage

st.set_page_config(page_title="Healthcare operations", page_icon=":material/health_and_safety:", layout="wide")


class View(NamedTuple):
    page: StreamlitPage
    domain: str  # the source system whose data it shows (quality.loaded_domains)
    dates: str | None  # what the shared date range selects on this view (its label); None: it ignores dates
    filters: frozenset[str]  # the other shared filters it reads


CASES_CREATED = "Cases created between"
ADVOCACY_FILTERS = frozenset({"case_types", "priorities"})
FLOW_FILTERS = frozenset({"departments"})
TELEHEALTH_FILTERS = frozenset({"devices", "specialties"})
GROWTH_FILTERS = frozenset({"specialties", "service_lines"})
# The views live in views/, not pages/: Streamlit would also route a pages/ folder by file name, running a
# view without this entry point and its filters.
SECTIONS = {
    "Advocacy": [
        View(
            st.Page("views/executive.py", title="Executive", icon=":material/insights:", default=True),
            "advocacy",
            CASES_CREATED,
            ADVOCACY_FILTERS,
        ),
        View(
            st.Page("views/operations_manager.py", title="Operations Manager", icon=":material/groups:"),
            "advocacy",
            CASES_CREATED,
            ADVOCACY_FILTERS,
        ),
        View(
            st.Page("views/root_cause.py", title="Root Cause", icon=":material/troubleshoot:"),
            "advocacy",
            CASES_CREATED,
            ADVOCACY_FILTERS,
        ),
    ],
    "Patient flow": [
        View(
            st.Page("views/patient_flow.py", title="Patient Flow", icon=":material/airline_seat_flat:"),
            "patient_flow",
            "Flow events between",
            FLOW_FILTERS,
        ),
        View(
            st.Page("views/live_patient_flow.py", title="Live Patient Flow", icon=":material/monitor_heart:"),
            "patient_flow",
            None,
            FLOW_FILTERS,
        ),
    ],
    "Telehealth": [
        View(
            st.Page("views/telehealth.py", title="Telehealth", icon=":material/video_call:"),
            "telehealth",
            "Appointment slots between",
            TELEHEALTH_FILTERS,
        ),
    ],
    "Provider growth": [
        View(
            st.Page("views/provider_growth.py", title="Provider Growth", icon=":material/trending_up:"),
            "provider_growth",
            "Referrals between",
            GROWTH_FILTERS,
        ),
    ],
}

page = st.navigation({section: [view.page for view in views] for section, views in SECTIONS.items()})
view = next(view for views in SECTIONS.values() for view in views if view.page.title == page.title)

problem = warehouse.warehouse_problem()
if problem:
    st.error(
        f"{problem}\n\nBuild it with `make build` (or `make warehouse` for CSVs already in `data/raw`), "
        "then reload this page. Set `WAREHOUSE_PATH` to read a warehouse elsewhere.",
        icon=":material/database:",
    )
    st.stop()

bounds = warehouse.date_bounds()
if bounds is None:
    st.info("The warehouse has no cases, patient-flow events, appointments or referral orders yet. "
            "Load exports and run `make warehouse`.")
    st.stop()
first_date, last_date = bounds
department_labels = filters.hospital_departments()
case_type_labels = ui.reference.categories("case_type")
priority_labels = ui.reference.categories("priority")
device_labels = ui.reference.categories("device")
specialty_labels = ui.reference.categories("specialty")
service_line_codes = filters.growth_service_lines()


def reset_filters() -> None:
    st.session_state["date_range"] = (first_date, last_date)
    st.session_state["case_types"] = []
    st.session_state["priorities"] = []
    st.session_state["departments"] = []
    st.session_state["devices"] = []
    st.session_state["specialties"] = []
    st.session_state["service_lines"] = []


def carry_date_range(first: date, last: date) -> None:
    """Fit the kept date range to this warehouse's days before the widget is drawn."""
    kept = st.session_state.get("date_range")
    # A range left at all the data grows with it (a stream adds days); one outside this warehouse starts again.
    if not kept or tuple(kept) == st.session_state.get("date_bounds") or not all(first <= d <= last for d in kept):
        st.session_state["date_range"] = (first, last)
    st.session_state["date_bounds"] = (first, last)


def filter_choice(
    title: str, options: list[str], key: str, format_func: Callable[[str], str | None], placeholder: str
) -> list[str]:
    """A shared multiselect, kept in session state under `key`; greyed out on views that do not use it."""
    return st.multiselect(
        title, options, key=key, format_func=format_func, placeholder=placeholder, disabled=key not in view.filters
    )


carry_date_range(first_date, last_date)
# Departments and service lines come from the data: drop any that this warehouse no longer has.
st.session_state["departments"] = [
    code for code in st.session_state.get("departments", []) if code in department_labels
]
st.session_state["service_lines"] = [
    code for code in st.session_state.get("service_lines", []) if code in service_line_codes
]

with st.sidebar:
    st.header("Filters")
    chosen_range = st.date_input(
        view.dates or "Dates (not used on this view)",
        min_value=first_date,
        max_value=last_date,
        key="date_range",
        format="YYYY-MM-DD",
        disabled=view.dates is None,
        help="Advocacy views: the day a case was created. Patient Flow: the day each event happened. "
        "Telehealth: the day of the appointment's slot. Provider Growth: the day a referred encounter arrived (its "
        "cost and survey: the day it was discharged) or a referral order was placed; the provider figures, the "
        "model and the matching are over all time.",
    )
    case_types = filter_choice("Case type", list(case_type_labels), "case_types", case_type_labels.get, "All case types")
    priorities = filter_choice("Priority", list(priority_labels), "priorities", priority_labels.get, "All priorities")
    departments = filter_choice(
        "Department", list(department_labels), "departments", department_labels.get, "All departments"
    )
    devices = filter_choice("Device", list(device_labels), "devices", device_labels.get, "All devices")
    specialties = filter_choice(
        "Specialty", list(specialty_labels), "specialties", specialty_labels.get, "All specialties"
    )
    service_lines = filter_choice(
        "Service line", service_line_codes, "service_lines", ui.spelled_out, "All service lines"
    )
    st.caption(
        "Case type and priority filter the advocacy views, department the patient-flow views, device and "
        "specialty the telehealth view, specialty and service line the provider-growth view; a greyed-out filter "
        "keeps its choice for the views that use it."
    )
    st.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:")

# While a range is being picked the widget holds only its first day.
start = chosen_range[0] if chosen_range else first_date
end = chosen_range[1] if len(chosen_range) > 1 else last_date
st.session_state[ui.FILTERS_KEY] = filters.checked(
    filters.Filters(
        start,
        end,
        tuple(case_types),
        tuple(priorities),
        tuple(departments),
        tuple(devices),
        tuple(specialties),
        tuple(service_lines),
    )
)

with st.sidebar:
    st.divider()
    row = warehouse.data_quality().iloc[0]
    balance = (
        "every raw file reconciles"
        if row.unbalanced_files == 0
        else f"**{int(row.unbalanced_files)} raw file(s) do not reconcile**"
    )
    st.caption(
        f"Data quality: {ui.count(row.quarantined_rows)} of {ui.count(row.raw_rows)} raw rows quarantined; {balance}."
    )
    st.caption(f"Warehouse published {warehouse.published_at():%Y-%m-%d %H:%M}.")

if view.domain not in warehouse.loaded_domains():
    st.title(view.page.title)
    st.info(
        f"No {view.domain.replace('_', ' ')} data was loaded into this warehouse: its raw files were not in the "
        "raw folder when it was built. Add them (see the README's raw contract) and run `make warehouse`.",
        icon=":material/folder_off:",
    )
    st.stop()

try:
    page.run()
except (duckdb.Error, OSError) as error:
    st.error(f"The warehouse could not be read ({error}). If it is being rebuilt, reload in a moment.")
