"""Every endpoint through FastAPI's test client: answers checked against the marts read directly (or against
hand-made rows), and every refusal — 401, 404, 409, 422, 503 — with its message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from api_support import GROWTH_ROWS, LEAKAGE_ROWS, TOKEN, client_on
from fastapi.testclient import TestClient

from api.app import create_app


def read(path: Path, sql: str, parameters: list | None = None):
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).df()


def ok(response) -> dict | list:
    assert response.status_code == 200, response.text
    return response.json()


def refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


# --- health, domains, catalogue ----------------------------------------------------------------------------------


def test_health_says_when_the_warehouse_was_published(client, warehouse_path):
    body = ok(client.get("/health"))
    assert body["status"] == "ok"
    assert date.fromisoformat(body["published_at"][:10]) >= date(2026, 1, 1)


def test_domains_are_the_loaded_domains_with_their_metrics(client, warehouse_path):
    body = ok(client.get("/v1/domains"))
    expected = read(warehouse_path, "select domain, is_loaded from quality.loaded_domains")
    assert {row["domain"]: row["is_loaded"] for row in body} == dict(zip(expected.domain, expected.is_loaded))
    metrics = {row["domain"]: row["metrics"] for row in body}
    assert metrics["registry"] == 0
    assert metrics["advocacy"] > 0 and metrics["patient_flow"] > 0 and metrics["telehealth"] > 0


def test_the_catalogue_lists_every_metric_of_the_semantic_layer_with_its_domain(client, warehouse_path):
    body = ok(client.get("/v1/metrics"))
    by_name = {metric["name"]: metric for metric in body}
    assert by_name["avg_csat"]["domain"] == "advocacy"
    assert by_name["arrivals"]["domain"] == "patient_flow"
    assert by_name["no_show_rate"]["domain"] == "telehealth"
    assert by_name["avg_csat"]["format"] == "decimal2" and by_name["avg_csat"]["label"] == "Avg CSAT"
    assert all(metric["available"] for metric in body)
    dimensions = {dimension["name"] for dimension in by_name["total_cases"]["dimensions"]}
    assert {"case__priority", "case__case_type", "advocate__team"} <= dimensions
    # names and ids of people are never offered as dimensions
    every = {dimension["name"] for metric in body for dimension in metric["dimensions"]}
    assert not [name for name in every if name.endswith(("provider_name", "advocate_name", "_id", "npi"))]
    assert {metric["domain"] for metric in ok(client.get("/v1/metrics?domain=telehealth"))} == {"telehealth"}


# --- metrics ------------------------------------------------------------------------------------------------------


def test_a_count_by_dimension_and_month_matches_the_mart(client, warehouse_path):
    body = ok(client.get(
        "/v1/metrics/total_cases",
        params={"group_by": "case__priority", "grain": "month", "start": "2026-02-01", "end": "2026-03-31"},
    ))  # fmt: skip
    expected = read(warehouse_path, """
        select date_trunc('month', created_date) as period, priority, count(*) as cases
        from marts.fct_case_lifecycle
        where created_date between date '2026-02-01' and date '2026-03-31'
        group by all
    """)
    answered = {(row["period"], row["dimensions"]["case__priority"]): row["value"] for row in body["rows"]}
    assert answered == {
        (period.date().isoformat(), priority): cases
        for period, priority, cases in expected.itertuples(index=False)
    }
    assert body["total_rows"] == len(expected) and body["grain"] == "month" and body["domain"] == "advocacy"
    assert all(isinstance(row["value"], int) for row in body["rows"])  # an integer metric comes as integers


def test_a_rate_overall_and_limited_rows(client, warehouse_path):
    body = ok(client.get("/v1/metrics/escalation_rate"))
    expected = read(warehouse_path, "select avg(case when was_escalated then 1.0 else 0.0 end) from marts.fct_case_lifecycle")
    assert len(body["rows"]) == 1 and body["rows"][0]["period"] is None
    assert body["rows"][0]["value"] == pytest.approx(expected.iloc[0, 0])
    limited = ok(client.get("/v1/metrics/arrivals", params={"grain": "day", "limit": 3}))
    assert len(limited["rows"]) == 3 and limited["total_rows"] > 3
    days = [row["period"] for row in limited["rows"]]
    assert days == sorted(days)


@pytest.mark.parametrize(
    "url, words",
    [
        ("/v1/metrics/avg_csat?group_by=advocate__advocate_name", "cannot be grouped by advocate__advocate_name"),
        ("/v1/metrics/avg_csat?group_by=provider__specialty", "cannot be grouped by provider__specialty"),
        ("/v1/metrics/avg_csat?group_by=case__priority&group_by=case__priority", "different dimensions"),
        ("/v1/metrics/avg_csat?start=2026-03-01&end=2026-02-01", "ends (2026-02-01) before it starts (2026-03-01)"),
    ],
)
def test_a_metric_question_that_is_not_allowed_is_a_422_with_a_message(client, url, words):
    refused(client.get(url), 422, words)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/metrics/avg_csat?grain=hour",
        "/v1/metrics/avg_csat?start=yesterday",
        "/v1/metrics/avg_csat?limit=0",
        "/v1/metrics/avg_csat?limit=100000",
        "/v1/providers?sort=provider_name",
        "/v1/providers?order=sideways",
        "/v1/providers?limit=501",
        "/v1/providers?offset=-1",
        "/v1/providers?specialty=x%27%20or%201=1",
        "/v1/providers/not-a-key",
        "/v1/alerts?severity=info",
        "/v1/quality/quarantine?reason=%27;drop",
    ],
)
def test_a_malformed_parameter_is_a_422_naming_it(client, url):
    response = client.get(url)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] in ("query", "path")


def test_an_unknown_metric_is_a_404(client):
    refused(client.get("/v1/metrics/no_such_metric"), 404, "There is no metric 'no_such_metric'")


# --- providers ----------------------------------------------------------------------------------------------------


def test_providers_are_filtered_sorted_and_paged(client, warehouse_path):
    cardiology = read(warehouse_path, """
        select providers.provider_sk, performance.performance_score
        from marts.dim_provider as providers
        left join marts.mart_provider_performance as performance using (provider_sk)
        where providers.specialty = 'cardiology'
        order by performance.performance_score desc nulls last, providers.provider_sk
    """)
    pages = [
        ok(client.get("/v1/providers", params={
            "specialty": "cardiology", "sort": "performance_score", "order": "desc", "limit": 4, "offset": offset,
        }))
        for offset in range(0, len(cardiology) + 4, 4)
    ]  # fmt: skip
    assert {page["total"] for page in pages} == {len(cardiology)}
    listed = [item for page in pages for item in page["items"]]
    assert [item["provider_sk"] for item in listed] == cardiology.provider_sk.to_list()
    assert pages[-1]["items"] == [] and pages[-1]["total"] == len(cardiology)  # past the end: no rows, the total
    first = listed[0]
    assert first["specialty"] == "cardiology" and first["service_line"]
    assert first["telehealth"]["performance_score"] == pytest.approx(cardiology.performance_score.iloc[0])


def test_provider_filters_combine_and_the_unknown_member_is_never_listed(client, providers):
    everyone = ok(client.get("/v1/providers", params={"limit": 500}))
    assert everyone["total"] == len(providers)
    state, line = providers.state.iloc[0], providers.service_line.iloc[0]
    chosen = ok(client.get("/v1/providers", params={"state": state, "service_line": line, "limit": 500}))
    expected = providers[(providers.state == state) & (providers.service_line == line)]
    assert sorted(item["provider_sk"] for item in chosen["items"]) == sorted(expected.provider_sk)


def test_one_provider_has_every_section_and_an_unknown_one_is_a_404(client, providers, warehouse_path):
    key = providers.provider_sk.iloc[0]
    body = ok(client.get(f"/v1/providers/{key}"))
    row = read(warehouse_path, "select * from marts.mart_provider_performance where provider_sk = ?", [key])
    assert body["provider_sk"] == key
    assert body["telehealth"]["completed_visits"] == row.completed_visits.iloc[0]
    assert body["telehealth"]["no_show_rate"] == pytest.approx(row.no_show_rate.iloc[0], nan_ok=True)
    refused(client.get("/v1/providers/" + "0" * 32), 404, "There is no provider")


def test_provider_growth_is_a_section_of_its_own_and_sortable(growth_client, providers):
    body = ok(growth_client.get("/v1/providers", params={"sort": "referral_volume", "order": "desc", "limit": 3}))
    first, second, third = body["items"]
    assert [first["provider_sk"], second["provider_sk"]] == providers.provider_sk[[1, 0]].to_list()
    assert second["growth"] == GROWTH_ROWS[0] and first["growth"] == GROWTH_ROWS[1]
    assert third["growth"] is None  # refers no one
    staged = ok(growth_client.get("/v1/providers", params={"pipeline_stage": "Prospecting"}))
    assert [item["provider_sk"] for item in staged["items"]] == [providers.provider_sk.iloc[1]]
    detail = ok(growth_client.get(f"/v1/providers/{providers.provider_sk.iloc[0]}"))
    assert detail["growth"] == GROWTH_ROWS[0]
    assert detail["referral_leakage"] == [pytest.approx(row) for row in LEAKAGE_ROWS]
    assert ok(growth_client.get(f"/v1/providers/{providers.provider_sk.iloc[2]}"))["referral_leakage"] == []


def test_a_question_about_a_domain_the_warehouse_lacks_is_a_409(no_growth_client, no_telehealth_client, providers):
    refused(no_growth_client.get("/v1/providers?sort=referral_volume"), 409, "no provider_growth domain")
    refused(no_growth_client.get("/v1/providers?pipeline_stage=Prospecting"), 409, "no provider_growth domain")
    without_growth = ok(no_growth_client.get(f"/v1/providers/{providers.provider_sk.iloc[0]}"))
    assert without_growth["growth"] is None and without_growth["referral_leakage"] is None
    refused(no_telehealth_client.get("/v1/metrics/no_show_rate"), 409, "telehealth domain, which this warehouse")
    refused(no_telehealth_client.get("/v1/providers?sort=performance_score"), 409, "no telehealth domain")
    assert ok(no_telehealth_client.get(f"/v1/providers/{providers.provider_sk.iloc[0]}"))["telehealth"] is None
    catalogue = {metric["name"]: metric for metric in ok(no_telehealth_client.get("/v1/metrics"))}
    assert not catalogue["no_show_rate"]["available"] and catalogue["avg_csat"]["available"]


# --- alerts and data quality --------------------------------------------------------------------------------------


def test_alerts_critical_first_open_ones_by_default(client, warehouse_path):
    every = ok(client.get("/v1/alerts", params={"open_only": False}))
    expected = read(warehouse_path, "select alert_id, severity, is_open from marts.mart_alerts")
    assert every["total"] == len(expected)
    assert sorted(item["alert_id"] for item in every["items"]) == sorted(expected.alert_id)
    severities = [item["severity"] for item in every["items"]]
    assert severities == sorted(severities, key=lambda severity: severity != "critical")
    opened = ok(client.get("/v1/alerts"))
    assert opened["total"] == int(expected.is_open.sum())
    critical = ok(client.get("/v1/alerts", params={"open_only": False, "severity": "critical"}))
    assert critical["total"] == int((expected.severity == "critical").sum())


def test_reconciliation_and_quarantine_counts_match_the_quality_schema(client, warehouse_path):
    body = ok(client.get("/v1/quality/reconciliation"))
    expected = read(warehouse_path, "select * from quality.reconciliation")
    assert body["files"] == len(expected) and body["unbalanced_files"] == 0
    assert body["raw_rows"] == expected.raw_rows.sum() and body["quarantined_rows"] == expected.quarantined_rows.sum()
    counts = ok(client.get("/v1/quality/quarantine"))
    assert counts["total_rows"] == expected.quarantined_rows.sum()
    one = ok(client.get("/v1/quality/quarantine", params={"source_file": "providers.csv"}))
    quarantined = read(warehouse_path, "select reason, count(*) as n from quality.quarantine "
                                       "where source_file = 'providers.csv' group by reason")
    assert {item["reason"]: item["rows"] for item in one["items"]} == dict(zip(quarantined.reason, quarantined.n))


# --- 401 and 503 --------------------------------------------------------------------------------------------------


def test_with_a_token_every_data_endpoint_wants_it(warehouse_path):
    guarded = client_on(warehouse_path, token=TOKEN)
    for url in ("/v1/metrics", "/v1/metrics/avg_csat", "/v1/providers", "/v1/alerts", "/v1/quality/reconciliation"):
        missing = guarded.get(url)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer" in missing.json()["detail"]
        assert guarded.get(url, headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
        assert guarded.get(url, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        assert guarded.get(url, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # no data there: the health check, the schema and the docs stay open
    for url in ("/health", "/openapi.json", "/docs"):
        assert guarded.get(url).status_code == 200


def test_the_token_comes_from_api_token(warehouse_path, monkeypatch):
    monkeypatch.setenv("API_TOKEN", TOKEN)
    assert TestClient(create_app(warehouse_path)).get("/v1/metrics").status_code == 401


@pytest.mark.parametrize(
    "url", ["/health", "/v1/domains", "/v1/metrics", "/v1/metrics/avg_csat", "/v1/providers",
            "/v1/providers/" + "0" * 32, "/v1/alerts", "/v1/quality/reconciliation", "/v1/quality/quarantine"],
)  # fmt: skip
def test_no_warehouse_is_a_503(url, tmp_path):
    refused(client_on(tmp_path / "none.duckdb").get(url), 503, "There is no warehouse at")


def test_a_file_that_is_not_this_projects_warehouse_is_a_503(tmp_path):
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    refused(client_on(other).get("/v1/metrics"), 503, "lacks marts.dim_provider")


def test_the_warehouse_path_comes_from_warehouse_path_at_each_request(warehouse_path, monkeypatch, tmp_path):
    client = TestClient(create_app(from_settings=False))
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "none.duckdb"))
    assert client.get("/v1/metrics").status_code == 503
    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse_path))
    assert client.get("/v1/metrics").status_code == 200
