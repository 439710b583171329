"""A domain builds alone: the registry plus only advocacy, patient flow, telehealth or provider growth publishes.

Each build publishes the hand-made files of tests/fixtures/raw_dirty without one
optional domain's files. The missing domain is skipped with a notice and its
models are built empty, with the columns and types they have when it is loaded;
a domain with only some of its files stops the build before any model runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixture_builds import DIRTY_FIXTURE, PROJECT_DIR, digest, publish, query
from streamlit.testing.v1 import AppTest
from test_bad_input import EXPECTED_QUARANTINE

from healthcare_ops import settings

APP_DIR = PROJECT_DIR / "app"
# The dashboard's pages and the domain each shows (app/streamlit_app.py's SECTIONS).
PAGES = {
    "views/executive.py": "advocacy",
    "views/operations_manager.py": "advocacy",
    "views/root_cause.py": "advocacy",
    "views/patient_flow.py": "patient_flow",
    "views/live_patient_flow.py": "patient_flow",
    "views/telehealth.py": "telehealth",
    "views/provider_growth.py": "provider_growth",
}

# The raw files of each domain of macros/raw_files.sql (a landing folder counts as one).
DOMAIN_FILES = {
    "registry": ["patients.csv", "providers.csv"],
    "advocacy": ["advocates.csv", "cases.csv", "case_events.csv", "interactions.csv", "patient_feedback.csv"],
    "patient_flow": ["patient_flow"],
    "telehealth": ["appointments.csv", "appointment_feedback.csv"],
    "provider_growth": ["crm_accounts.csv", "crm_contacts.csv", "crm_activities.csv", "crm_opportunities.csv",
                        "inventory_usage.csv", "referrals.csv"],
}
# The domains built alone below, each beside the registry.
OPTIONAL_DOMAINS = ["advocacy", "patient_flow", "telehealth", "provider_growth"]
# The marts that hold a domain's data (the dimensions built from seeds keep their reference rows).
DOMAIN_MARTS = {
    "advocacy": ["fct_case_lifecycle", "mart_advocate_caseload", "mart_bottlenecks"],
    "patient_flow": ["fct_patient_event", "fct_patient_encounter", "fct_department_stay",
                     "mart_department_hourly", "mart_demand_vs_staffing"],
    "telehealth": ["fct_appointment", "fct_appointment_feedback", "mart_connection_satisfaction",
                   "mart_connection_satisfaction_correlation", "mart_provider_performance", "mart_no_show_risk",
                   "mart_no_show_model", "mart_no_show_calibration", "mart_no_show_drivers",
                   "mart_sentiment_by_rating"],
    # its marts are the growth helper's (issue 12): listed here as they land
    "provider_growth": [],
}
# dim_date spans the days of the patient flow's events and of the appointments' slots: empty without both domains.
DATED_DOMAINS = ("patient_flow", "telehealth")
# The staging and quality tables of a domain's own raw files.
DOMAIN_TABLES = {
    "advocacy": ["staging.stg_advocacy__advocates", "staging.stg_advocacy__cases", "staging.stg_advocacy__case_events",
                 "staging.stg_advocacy__interactions", "staging.stg_advocacy__patient_feedback",
                 "quality.chk_advocacy__advocates", "quality.chk_advocacy__cases", "quality.chk_advocacy__case_events",
                 "quality.chk_advocacy__interactions", "quality.chk_advocacy__patient_feedback"],
    "patient_flow": ["staging.base_patient_flow__capture_lines", "staging.stg_patient_flow__events",
                     "quality.chk_patient_flow__events"],
    "telehealth": ["staging.base_telehealth__appointments", "staging.stg_telehealth__appointments",
                   "staging.base_telehealth__appointment_feedback", "staging.stg_telehealth__appointment_feedback",
                   "quality.chk_telehealth__appointments", "quality.chk_telehealth__appointment_feedback"],
    "provider_growth": [f"{layer}.{model}" for layer, models in {
        "staging": ["base_crm__accounts", "stg_crm__accounts", "base_crm__contacts", "stg_crm__contacts",
                    "base_crm__activities", "stg_crm__activities", "base_crm__opportunities", "stg_crm__opportunities",
                    "base_inventory__usage", "stg_inventory__usage", "base_referrals__referrals",
                    "stg_referrals__referrals"],
        "quality": ["chk_crm__accounts", "chk_crm__contacts", "chk_crm__activities", "chk_crm__opportunities",
                    "chk_inventory__usage", "chk_referrals__referrals"],
    }.items() for model in models],
}


def raw_copy(target: Path, domains: list[str], leave_out: tuple[str, ...] = ()) -> Path:
    """The fixture's files of these domains (the registry always), without the files named in leave_out."""
    target.mkdir(parents=True)
    for domain in ["registry", *domains]:
        for name in DOMAIN_FILES[domain]:
            if name in leave_out:
                continue
            source = DIRTY_FIXTURE / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / name)
    return target


def absent(present: str) -> list[str]:
    return [domain for domain in OPTIONAL_DOMAINS if domain != present]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, tuple[Path, Path, str]]:
    """Per optional domain: (raw folder, warehouse, build output) of the registry plus that domain alone."""
    built = {}
    for domain in OPTIONAL_DOMAINS:
        scratch = tmp_path_factory.mktemp(f"{domain}_alone")
        raw_dir = raw_copy(scratch / "raw", [domain])
        warehouse = scratch / "warehouse.duckdb"
        result = publish(raw_dir, warehouse)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output
        built[domain] = (raw_dir, warehouse, output)
    return built


def row_count(warehouse: Path, table: str) -> int:
    return query(warehouse, f"select count(*) from {table}")[0][0]


def columns(warehouse: Path, tables: list[str]) -> list[tuple]:
    schemas_and_names = ", ".join(f"'{table}'" for table in tables)
    return query(warehouse, f"""
        select table_schema || '.' || table_name, column_name, data_type from information_schema.columns
        where table_schema || '.' || table_name in ({schemas_and_names}) order by 1, ordinal_position
    """)


@pytest.mark.parametrize("present", OPTIONAL_DOMAINS)
def test_a_domain_alone_publishes_and_says_the_other_was_skipped(builds, present):
    raw_dir, warehouse, output = builds[present]
    for skipped in absent(present):
        assert f"Domain {skipped}: no raw files in {raw_dir}, skipped — its models are empty" in output
    assert f"Domain {present}:" not in output
    assert f"Published warehouse: {warehouse}" in output
    assert warehouse.exists()


@pytest.mark.parametrize("present", OPTIONAL_DOMAINS)
def test_the_present_domain_fills_its_marts_and_the_absent_ones_are_empty(builds, present):
    _, warehouse, _ = builds[present]
    for mart in DOMAIN_MARTS[present]:
        assert row_count(warehouse, f"marts.{mart}") > 0, mart
    for skipped in absent(present):
        for table in [f"marts.{mart}" for mart in DOMAIN_MARTS[skipped]] + DOMAIN_TABLES[skipped]:
            assert row_count(warehouse, table) == 0, table
    assert (row_count(warehouse, "marts.dim_date") > 0) == (present in DATED_DOMAINS)
    # the conformed dimensions come from the registry, whichever domain is loaded
    assert row_count(warehouse, "marts.dim_patient") > 1
    if present != "advocacy":
        # only the missing member, so that facts never drop on a failed join
        assert query(warehouse, "select advocate_id from marts.dim_advocate") == [("unknown",)]


def test_an_absent_domain_has_the_columns_and_types_it_has_when_loaded(builds):
    for domain in OPTIONAL_DOMAINS:
        tables = DOMAIN_TABLES[domain] + [f"marts.{mart}" for mart in DOMAIN_MARTS[domain]]
        loaded = columns(builds[domain][1], tables)
        assert loaded, domain
        for other in absent(domain):
            assert columns(builds[other][1], tables) == loaded, (domain, other)


@pytest.mark.parametrize("present", OPTIONAL_DOMAINS)
def test_loaded_domains_says_which_domains_have_data(builds, present):
    _, warehouse, _ = builds[present]
    rows = query(warehouse, """
        select domain, is_required, is_loaded, raw_files_expected, raw_files_found
        from quality.loaded_domains order by domain
    """)
    expected = [
        (domain, domain == "registry", domain in ("registry", present), len(files),
         len(files) if domain in ("registry", present) else 0)
        for domain, files in DOMAIN_FILES.items()
    ]
    assert rows == sorted(expected)


@pytest.mark.parametrize("present", OPTIONAL_DOMAINS)
def test_every_file_reconciles_and_an_absent_one_has_no_rows(builds, present):
    _, warehouse, _ = builds[present]
    rows = dict(query(warehouse, "select source_file, raw_rows from quality.reconciliation"))
    assert query(warehouse, "select source_file from quality.reconciliation where not is_balanced") == []
    # reconciliation names a CSV by its file, a stream by its folder
    absent_sources = [name for skipped in absent(present) for name in DOMAIN_FILES[skipped]]
    assert all(rows[name] == 0 for name in absent_sources), rows
    assert all(rows[name] > 0 for name in DOMAIN_FILES[present] + DOMAIN_FILES["registry"]), rows
    quarantined_sources = {source for (source,) in query(warehouse, "select distinct source_file from quality.quarantine")}
    assert quarantined_sources.isdisjoint(absent_sources)


def test_supply_use_waits_for_patient_flow(builds):
    """Without patient flow no encounter can be verified: every use otherwise sound is held back as no_patient_flow.

    A use's own faults still come first (the checks' order, macros/checked_rows.sql), and the other provider-growth
    files, whose parents are the registry's and their own, quarantine exactly as in the full fixture.
    """
    _, alone, _ = builds["provider_growth"]
    usage = query(alone, """
        select record_id, line_number, reason from quality.quarantine
        where source_file = 'inventory_usage.csv' order by line_number
    """)
    assert usage == [
        ("U1", 2, "no_patient_flow"), ("U2", 3, "no_patient_flow"), ("U3", 4, "no_patient_flow"),
        ("U4", 5, "unknown_category"), ("U5", 6, "no_patient_flow"), ("U6", 7, "no_patient_flow"),
        ("U7", 8, "out_of_range"), ("U8", 9, "unparseable_value"), ("U9", 10, "no_patient_flow"),
        ("U10", 11, "no_patient_flow"), ("U11", 12, "missing_required"), ("U1", 13, "duplicate_id"),
        ("U12", 14, "no_patient_flow"),
    ]
    others = sorted(query(alone, """
        select source_file, reason, coalesce(record_id, 'line ' || line_number) from quality.quarantine
        where source_file like 'crm_%' or source_file = 'referrals.csv'
    """))
    assert others == [row for row in EXPECTED_QUARANTINE
                      if row[0].startswith("crm_") or row[0] == "referrals.csv"]


def sorted_rows(warehouse: Path, table: str) -> list[tuple]:
    """A table's rows without the audit columns, doubles rounded (their sums depend on the order of rows)."""
    selected = [f"round({name}, 6)" if data_type == "DOUBLE" else name
                for _, name, data_type in columns(warehouse, [table]) if name not in ("_run_id", "_loaded_at")]
    return sorted(query(warehouse, f"select {', '.join(selected)} from {table}"), key=repr)


def test_a_domain_whose_files_land_later_is_loaded_by_the_incremental_refresh(builds, tmp_path):
    raw_dir = shutil.copytree(builds["advocacy"][0], tmp_path / "raw")
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(builds["advocacy"][1], warehouse)
    # and the identifiers file beside it, which the refresh reads (README, "Identifiers")
    shutil.copy(settings.identifiers_path(builds["advocacy"][1]), settings.identifiers_path(warehouse))
    shutil.copytree(DIRTY_FIXTURE / "patient_flow", raw_dir / "patient_flow")  # modification times kept

    environment = {**os.environ, "RAW_DIR": str(raw_dir), "WAREHOUSE_PATH": str(warehouse)}
    result = subprocess.run([sys.executable, "-m", "pipeline.stream", "--once"], cwd=PROJECT_DIR, env=environment,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr

    # the incremental models hold what a build with the files there from the start holds
    flow_alone = builds["patient_flow"][1]
    for table in DOMAIN_TABLES["patient_flow"] + [f"marts.{mart}" for mart in DOMAIN_MARTS["patient_flow"]]:
        assert sorted_rows(warehouse, table) == sorted_rows(flow_alone, table), table
    not_loaded = query(warehouse, "select domain from quality.loaded_domains where not is_loaded order by domain")
    assert not_loaded == sorted((domain,) for domain in OPTIONAL_DOMAINS if domain not in ("advocacy", "patient_flow"))
    assert query(warehouse, "select source_file from quality.reconciliation where not is_balanced") == []


# (domain, the file left out, a file of the domain that is there)
PARTIAL_DOMAINS = [("advocacy", "case_events.csv", "interactions.csv"),
                   ("telehealth", "appointment_feedback.csv", "appointments.csv"),
                   ("provider_growth", "referrals.csv", "crm_accounts.csv")]


@pytest.mark.parametrize(("domain", "left_out", "present_file"), PARTIAL_DOMAINS)
def test_a_domain_with_a_missing_file_stops_the_build_naming_it(builds, tmp_path, domain, left_out, present_file):
    raw_dir = raw_copy(tmp_path / "raw", [domain], leave_out=(left_out,))
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(builds[domain][1], warehouse)
    # and the identifiers file beside it, which the refresh reads (README, "Identifiers")
    shutil.copy(settings.identifiers_path(builds[domain][1]), settings.identifiers_path(warehouse))
    before = digest(warehouse)

    result = publish(raw_dir, warehouse)

    output = result.stdout + result.stderr
    expected = len(DOMAIN_FILES[domain])
    assert result.returncode != 0
    assert f"Domain {domain} has {expected - 1} of its {expected} raw files in {raw_dir}" in output
    assert f"{raw_dir}/{left_out}: file not found" in output
    assert f"{present_file}: file not found" not in output
    assert "Traceback" not in output
    assert "Warehouse NOT published" in output
    assert digest(warehouse) == before


def test_the_registry_is_always_required(tmp_path):
    raw_dir = raw_copy(tmp_path / "raw", ["advocacy"], leave_out=("providers.csv",))
    result = publish(raw_dir, tmp_path / "warehouse.duckdb")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{raw_dir}/providers.csv: file not found" in output
    assert "Domain registry" not in output
    assert not (tmp_path / "warehouse.duckdb").exists()


@pytest.mark.parametrize("present", OPTIONAL_DOMAINS)
def test_the_dashboard_says_which_domain_has_no_data(builds, present, monkeypatch):
    _, warehouse, _ = builds[present]
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    # `streamlit run` puts the app's folder on the path for its modules; so does this test
    monkeypatch.syspath_prepend(str(APP_DIR))
    app = AppTest.from_file(APP_DIR / "streamlit_app.py", default_timeout=60).run()
    for page, domain in PAGES.items():
        app.switch_page(page).run()
        assert not app.exception, [exception.value for exception in app.exception]
        said = " ".join(info.value for info in app.info)
        no_data = f"No {domain.replace('_', ' ')} data was loaded into this warehouse"
        assert (no_data in said) == (domain != present), (page, said)
