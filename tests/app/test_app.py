"""The dashboard run headless with Streamlit's AppTest: every view renders, filters work and persist."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import ui
from queries import advocacy, patient_flow, provider_growth, warehouse
from queries.filters import Filters
from record_dashboard_figures import decoded
from streamlit.testing.v1 import AppTest

APP_DIR = Path(__file__).resolve().parents[2] / "app"
TIMEOUT = 60
VIEWS = {  # page file -> (title, subheaders it must show)
    "views/executive.py": ("Executive", ["Backlog by case type", "Top bottlenecks", "KPIs by case type"]),
    "views/operations_manager.py": (
        "Operations Manager",
        [
            "Open cases by urgency",
            "Escalation distribution",
            "Stale cases to follow up",
            "Advocate caseload vs capacity",
            "Interaction load by case type",
            "Avg hours to first response",
            "Open backlog by advocate",
            "Case detail",
        ],
    ),
    "views/root_cause.py": (
        "Root Cause",
        [
            "Missing documents vs resolution time",
            "Handoffs vs CSAT",
            "Escalation vs SLA breach",
            "Case type vs delay",
            "Advocate and team comparison",
            "Bottleneck summary",
        ],
    ),
    "views/patient_flow.py": (
        "Patient Flow",
        [
            "Arrivals by weekday and hour",
            "Arrivals per day",
            "Admissions vs throughput",
            "Length of stay vs capacity pressure",
            "Demand vs staffing over the week",
            "Experience risk by department",
            "Department detail",
        ],
    ),
    "views/live_patient_flow.py": ("Live Patient Flow", ["Census now", "Arrivals in the last 24 hours"]),
    "views/telehealth.py": (
        "Telehealth",
        [
            "Status mix over time",
            "Device performance",
            "Satisfaction by specialty",
            "Connection quality vs satisfaction",
            "Provider performance",
            "Comment sentiment by rating",
            "Open alerts",
            "Upcoming appointments most at risk of a no-show",
            "Does the risk match what happened?",
        ],
    ),
    "views/provider_growth.py": (
        "Provider Growth",
        [
            "Patient volume by service line",
            "Opportunity value vs average cost by provider",
            "Predicted vs actual opportunity value",
            "Referring providers",
            "Matching CRM contacts to providers",
            "Referral leakage",
        ],
    ),
}
FLOW_TILES = [
    "Arrivals",
    "Admissions",
    "Avg wait (min)",
    "P90 wait (min)",
    "Avg length of stay (h)",
    "Experience risk",
]
EXECUTIVE_TILES = [
    "Cases created",
    "Active cases",
    "Avg resolution days",
    "SLA breach rate",
    "Avg CSAT",
    "Stale cases",
]


def start_app() -> AppTest:
    app = AppTest.from_file(APP_DIR / "streamlit_app.py", default_timeout=TIMEOUT)
    return app.run()


def open_view(app: AppTest, page: str) -> AppTest:
    return app.switch_page(page).run()


def assert_healthy(app: AppTest) -> None:
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]


def metric(app: AppTest, label: str) -> str:
    return next(tile.value for tile in app.metric if tile.label == label)


@pytest.mark.parametrize("page", VIEWS)
def test_every_view_renders(use_warehouse, page):
    app = open_view(start_app(), page)
    assert_healthy(app)
    title, subheaders = VIEWS[page]
    assert [heading.value for heading in app.title] == [title]
    assert [heading.value for heading in app.subheader] == subheaders
    # the shared filters and the data-quality note are in the sidebar of every view
    assert [widget.label for widget in app.sidebar.multiselect] == [
        "Case type",
        "Priority",
        "Department",
        "Device",
        "Specialty",
        "Service line",
    ]
    assert len(app.sidebar.date_input) == 1
    assert any("Data quality" in caption.value for caption in app.sidebar.caption)


def test_executive_tiles(use_warehouse):
    app = start_app()
    assert_healthy(app)
    assert [tile.label for tile in app.metric] == EXECUTIVE_TILES
    expected = advocacy.kpis(Filters()).iloc[0]
    assert metric(app, "Cases created") == f"{int(expected.total_cases):,}"
    assert metric(app, "SLA breach rate") == f"{expected.sla_breach_rate:.1%}"


def test_a_filter_changes_the_numbers(use_warehouse):
    app = start_app()
    everything = int(metric(app, "Cases created").replace(",", ""))
    app.multiselect(key="priorities").set_value(["urgent"]).run()
    assert_healthy(app)
    urgent = int(metric(app, "Cases created").replace(",", ""))
    assert 0 < urgent < everything
    assert urgent == advocacy.kpis(Filters(priorities=("urgent",))).iloc[0].total_cases


def test_filters_are_kept_across_views(use_warehouse):
    app = start_app()
    first, last = warehouse.date_bounds()
    app.multiselect(key="case_types").set_value(["claim_denial"]).run()
    app.date_input(key="date_range").set_value((first + timedelta(days=1), last)).run()
    for page in ["views/root_cause.py", "views/patient_flow.py", "views/operations_manager.py", "views/executive.py"]:
        open_view(app, page)
        assert_healthy(app)
        assert app.multiselect(key="case_types").value == ["claim_denial"]
        assert app.date_input(key="date_range").value == (first + timedelta(days=1), last)
    expected = advocacy.kpis(Filters(first + timedelta(days=1), last, ("claim_denial",))).iloc[0]
    assert metric(app, "Cases created") == f"{int(expected.total_cases):,}"


def add_a_day(warehouse: Path, day: date) -> None:
    """What a stream snapshot does to the date bounds: an hour of patient flow on a new day."""
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "insert into marts.mart_department_hourly (department, hour_start, date_key) values ('emergency', ?, ?)",
            [day, day],
        )
    modified = warehouse.stat().st_mtime + 5
    os.utime(warehouse, (modified, modified))


def test_a_date_range_left_whole_grows_with_the_data(dashboard_warehouse, tmp_path, monkeypatch):
    growing = tmp_path / "growing.duckdb"
    shutil.copy(dashboard_warehouse, growing)
    monkeypatch.setenv("WAREHOUSE_PATH", str(growing))
    app = start_app()
    first, last = warehouse.date_bounds()
    assert app.date_input(key="date_range").value == (first, last)

    add_a_day(growing, last + timedelta(days=1))
    app.run()
    assert app.date_input(key="date_range").value == (first, last + timedelta(days=1))

    narrowed = (first + timedelta(days=1), last)
    app.date_input(key="date_range").set_value(narrowed).run()
    add_a_day(growing, last + timedelta(days=2))
    app.run()
    assert app.date_input(key="date_range").value == narrowed  # a range someone chose stays


def test_overloaded_advocates_are_named(use_warehouse):
    caseload = advocacy.advocate_caseload()
    app = open_view(start_app(), "views/operations_manager.py")
    warnings = [warning.value for warning in app.warning]
    overloaded = caseload[caseload.is_overloaded]
    if overloaded.empty:
        assert not warnings
    else:
        assert len(warnings) == 1
        assert all(ui.plain(name) in warnings[0] for name in overloaded.advocate_name)


def test_text_from_the_data_is_shown_as_typed(dashboard_warehouse, tmp_path, monkeypatch):
    """An advocate named with markdown (a link, an image fetched from elsewhere, a colour directive) is
    named in plain text: every markdown character arrives escaped."""
    hostile = "![pixel](http://127.0.0.1:9/p.png) [click](http://127.0.0.1:9) :red[**loud**] $x$ <a href='/'>a</a>"
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(dashboard_warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(
            "update marts.mart_advocate_caseload set advocate_name = ? "
            "where advocate_id = (select advocate_id from marts.mart_advocate_caseload where is_overloaded limit 1)",
            [hostile],
        )
        overloaded = connection.execute("select count(*) from marts.mart_advocate_caseload where is_overloaded")
        assert overloaded.fetchall()[0][0] > 0, "the test build has no overloaded advocate to rename"
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    app = open_view(start_app(), "views/operations_manager.py")
    warning = app.warning[0].value
    assert ui.plain(hostile) in warning
    unescaped = re.findall(r"(?<!\\)[\[\]()!*:$]", warning.split("capacity: ", 1)[1].split(" (", 1)[0])
    assert not unescaped, unescaped
    # plotly renders tags such as <a href> in labels: the caseload chart gets the name with its tags escaped
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    labels = {str(label) for chart in charts for trace in chart["data"] for label in trace.get("x") or []}
    assert html.escape(hostile, quote=False) in labels
    assert hostile not in labels


def test_flow_tiles(use_warehouse):
    app = open_view(start_app(), "views/patient_flow.py")
    assert_healthy(app)
    assert [tile.label for tile in app.metric] == FLOW_TILES
    expected = patient_flow.flow_totals(Filters(*warehouse.date_bounds())).iloc[0]
    assert metric(app, "Arrivals") == f"{int(expected.arrivals):,}"
    assert metric(app, "Experience risk") == f"{expected.experience_risk:.1%}"


def test_the_department_filter_changes_the_flow_figures_and_is_kept(use_warehouse):
    app = open_view(start_app(), "views/patient_flow.py")
    everything = int(metric(app, "Arrivals").replace(",", ""))
    app.multiselect(key="departments").set_value(["maternity", "oncology"]).run()
    assert_healthy(app)
    chosen = int(metric(app, "Arrivals").replace(",", ""))
    first, last = warehouse.date_bounds()
    expected = patient_flow.flow_totals(Filters(first, last, departments=("maternity", "oncology"))).iloc[0]
    assert 0 < chosen < everything and chosen == expected.arrivals
    assert metric(app, "P90 wait (min)") == f"{expected.p90_wait_minutes:,.0f}"
    for page in ["views/executive.py", "views/live_patient_flow.py", "views/patient_flow.py"]:
        open_view(app, page)
        assert_healthy(app)
        assert app.multiselect(key="departments").value == ["maternity", "oncology"]
    assert metric(app, "Arrivals") == f"{chosen:,}"


def test_the_sidebar_shows_which_filters_apply(use_warehouse):
    app = start_app()
    # page -> date range label, and whether it is used; whether case type, priority, department, device, specialty
    # and service line are
    expected = {
        "views/executive.py": ("Cases created between", True, [True, True, False, False, False, False]),
        "views/patient_flow.py": ("Flow events between", True, [False, False, True, False, False, False]),
        "views/live_patient_flow.py": (
            "Dates (not used on this view)",
            False,
            [False, False, True, False, False, False],
        ),
        "views/telehealth.py": ("Appointment slots between", True, [False, False, False, True, True, False]),
        "views/provider_growth.py": ("Referrals between", True, [False, False, False, False, True, True]),
    }
    for page, (date_label, dates_used, filters_used) in expected.items():
        open_view(app, page)
        (dates,) = app.sidebar.date_input
        assert (dates.label, not dates.disabled) == (date_label, dates_used)
        assert [not widget.disabled for widget in app.sidebar.multiselect] == filters_used


GROWTH_TILES = [
    "Referred encounters",
    "Referred patients",
    "Avg cost per encounter",
    "Supplies per patient",
    "Avg satisfaction",
    "R² (held out)",
    "Baseline R²",
    "MAE (held out)",
    "Baseline MAE",
    "Match precision",
    "Match recall",
    "CRM contacts",
    "Unmatched contacts",
]


def test_the_provider_growth_tiles_and_the_service_line_filter(use_warehouse):
    app = open_view(start_app(), "views/provider_growth.py")
    assert_healthy(app)
    assert [tile.label for tile in app.metric] == GROWTH_TILES
    first, last = warehouse.date_bounds()
    expected = provider_growth.kpis(Filters(first, last)).iloc[0]
    assert metric(app, "Referred encounters") == f"{int(expected.referral_volume):,}"
    assert metric(app, "Avg cost per encounter") == f"{expected.avg_cost_per_encounter:,.0f}"
    model = provider_growth.model_evaluation().iloc[0]
    assert metric(app, "R² (held out)") == f"{model.r2:,.2f}"
    assert metric(app, "Match recall") == f"{provider_growth.match_quality().iloc[0].match_recall:.1%}"

    everything = int(metric(app, "Referred encounters").replace(",", ""))
    app.multiselect(key="service_lines").set_value(["emergency"]).run()
    assert_healthy(app)
    chosen = int(metric(app, "Referred encounters").replace(",", ""))
    emergency = provider_growth.kpis(Filters(first, last, service_lines=("emergency",))).iloc[0]
    assert 0 < chosen < everything and chosen == emergency.referral_volume


def test_predicted_vs_actual_marks_the_held_out_providers_and_the_diagonal(use_warehouse):
    app = open_view(start_app(), "views/provider_growth.py")
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    (predicted,) = [chart for chart in charts if "Predicted" in str(chart["layout"]["xaxis"]["title"])]
    traces = {trace["name"]: trace for trace in predicted["data"]}
    assert set(traces) == {"Held out (evaluated)", "Fitted on", "Predicted = actual"}
    providers = provider_growth.providers(Filters()).dropna(subset=["predicted_opportunity_value_per_patient"])
    assert len(decoded(traces["Held out (evaluated)"]["x"])) == providers.is_held_out.sum() > 0
    assert len(decoded(traces["Fitted on"]["x"])) == (~providers.is_held_out).sum() > 0
    diagonal = traces["Predicted = actual"]
    assert decoded(diagonal["x"]) == decoded(diagonal["y"]) and len(decoded(diagonal["x"])) == 2


def test_the_live_view_shows_the_hospital_clock(use_warehouse):
    app = open_view(start_app(), "views/live_patient_flow.py")
    assert_healthy(app)
    status = patient_flow.live_status().iloc[0]
    clock = next(tile for tile in app.metric if tile.label == "Hospital clock")
    assert (clock.value, clock.delta) == (f"{status.newest_event_at:%H:%M}", f"{status.newest_event_at:%a %d %b %Y}")
    assert [tile.label for tile in app.metric] == [
        "Hospital clock",
        "Behind the newest event",
        "Warehouse refreshed",
        "In house",
    ]
    assert metric(app, "In house") == f"{patient_flow.census_now().census.sum():,}"


def test_a_flow_slice_with_no_events_renders_without_errors(use_warehouse):
    first, _ = warehouse.date_bounds()
    # At the test scale the flow history (91 days) starts long after the year of cases, so the first day is quiet.
    assert patient_flow.flow_totals(Filters(first, first)).iloc[0].arrivals == 0
    app = open_view(start_app(), "views/patient_flow.py")
    app.date_input(key="date_range").set_value((first, first)).run()
    assert_healthy(app)
    assert metric(app, "Arrivals") == "0" and metric(app, "Experience risk") == "—"


@pytest.mark.parametrize("page", VIEWS)
def test_an_empty_slice_renders_without_errors(use_warehouse, page):
    app = start_app()
    _, last = warehouse.date_bounds()
    app.date_input(key="date_range").set_value((last, last)).run()
    app.multiselect(key="case_types").set_value(["provider_search"]).run()
    app.multiselect(key="priorities").set_value(["urgent"]).run()
    open_view(app, page)
    assert_healthy(app)


@pytest.mark.parametrize("page", VIEWS)
def test_a_missing_warehouse_says_how_to_build_it(tmp_path, monkeypatch, page):
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "not-built-yet.duckdb"))
    app = open_view(start_app(), page)
    assert not app.exception
    assert len(app.error) == 1 and "make build" in app.error[0].value
    assert not app.metric and not app.title
