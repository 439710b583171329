"""app/queries/no_show.py on a tiny warehouse: three upcoming appointments, a calibration table and two models,
written by hand; what the queries return is worked out below."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from queries import no_show
from queries.filters import Filters
from streamlit.testing.v1 import AppTest
from tiny_warehouse import fresh_copy, insert_frame

# Upcoming appointments: U1 on 2026-12-03 at risk 0.30, U2 on 2026-12-10 at 0.10, U3 on 2026-12-03 at 0.30 (a tie
# with U1, which comes first by id). Patient P1 and provider D1 on all three.
RISK = pd.DataFrame({
    "appointment_id": ["U2", "U3", "U1"],
    "patient_sk": "p1", "provider_sk": "d1",
    "date_key": pd.to_datetime(["2026-12-10", "2026-12-03", "2026-12-03"]),
    "hour_key": [9, 18, 8],
    "scheduled_at": pd.to_datetime(["2026-12-10 09:00", "2026-12-03 18:00", "2026-12-03 08:00"]),
    "device": ["mobile", "tablet", "desktop"], "reason": "follow_up", "reminder_sent": [True, False, False],
    "lead_time_days": [3.0, 40.0, 20.0], "prior_no_shows": [0, 2, 1], "model_name": "lightgbm",
    "risk_score": [0.10, 0.30, 0.30], "risk_decile": [1, 10, 9], "risk_band": ["low", "high", "high"],
    "reason_1": ["slot at 09:00", "booked 40 days ahead", "1 earlier no-show"],
    "reason_2": [None, "2 earlier no-shows", None], "reason_3": [None, "no reminder sent", None],
})
MODELS = pd.DataFrame({
    "model_name": ["lead_time_logistic", "lightgbm"], "model_description": ["baseline", "model"],
    "training_cutoff": pd.to_datetime(["2026-10-01"] * 2), "train_rows": [80, 80], "test_rows": [20, 20],
    "test_no_show_rate": [0.1, 0.1], "auc": [0.6, 0.7], "baseline_auc": [0.6, 0.6], "auc_gain": [0.0, 0.1],
    "top_decile_no_show_rate": [0.2, 0.5], "top_decile_lift": [2.0, 5.0],
})
CALIBRATION = pd.DataFrame({
    "model_name": ["lightgbm"] * 2 + ["lead_time_logistic"],
    "decile": [2, 1, 1], "appointments": [10, 10, 20], "no_shows": [2, 0, 2],
    "mean_predicted_risk": [0.15, 0.05, 0.1], "observed_no_show_rate": [0.2, 0.0, 0.1],
})
SENTIMENT = pd.DataFrame({"overall_rating": [5, 1], "surveys": [3, 2], "commented_surveys": [2, 2],
                          "avg_sentiment": [0.7, -0.6], "positive_share": [1.0, 0.0], "negative_share": [0.0, 1.0]})
PEOPLE = {"marts.dim_patient": pd.DataFrame({"patient_sk": ["p1"], "patient_id": ["P1"]}),
          "marts.dim_provider": pd.DataFrame({"provider_sk": ["d1"], "provider_id": ["D1"], "provider_name": ["Dr One"],
                                              "specialty": ["cardiology"]})}


@pytest.fixture
def tiny(empty_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fresh_copy(empty_warehouse, tmp_path / "tiny.duckdb")
    with duckdb.connect(str(path)) as connection:
        for table, frame in {"marts.mart_no_show_risk": RISK, "marts.mart_no_show_model": MODELS,
                             "marts.mart_no_show_calibration": CALIBRATION,
                             "marts.mart_sentiment_by_rating": SENTIMENT, **PEOPLE}.items():
            insert_frame(connection, table, frame)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    return path


def test_the_riskiest_upcoming_appointments_first_with_their_reasons(tiny):
    frame = no_show.at_risk_appointments(Filters())
    assert frame["appointment_id"].tolist() == ["U1", "U3", "U2"]
    assert frame.loc[1, ["reason_1", "reason_2", "reason_3"]].tolist() == [
        "booked 40 days ahead", "2 earlier no-shows", "no reminder sent"]
    assert frame.loc[0, ["patient_id", "provider_name", "risk_band"]].tolist() == ["P1", "Dr One", "high"]
    assert no_show.at_risk_appointments(Filters(), limit=1)["appointment_id"].tolist() == ["U1"]


def test_the_at_risk_list_keeps_to_the_filtered_days(tiny):
    assert no_show.at_risk_appointments(Filters(start=date(2026, 12, 5)))["appointment_id"].tolist() == ["U2"]
    assert no_show.at_risk_appointments(Filters(end=date(2026, 12, 3)))["appointment_id"].tolist() == ["U1", "U3"]


def test_calibration_of_one_model_by_decile(tiny):
    frame = no_show.calibration()
    assert frame["decile"].tolist() == [1, 2]
    assert frame["observed_no_show_rate"].tolist() == [0.0, 0.2]
    assert no_show.calibration("lead_time_logistic")["appointments"].tolist() == [20]


def test_the_model_comes_before_its_baseline(tiny):
    frame = no_show.model_evaluation()
    assert frame["model_name"].tolist() == ["lightgbm", "lead_time_logistic"]
    assert frame.loc[0, "auc_gain"] == pytest.approx(0.1)


def test_sentiment_by_rating_in_rating_order(tiny):
    assert no_show.sentiment_by_rating()["overall_rating"].tolist() == [1, 5]


def test_the_page_sections_render_on_the_test_build(use_warehouse):
    def page():
        from queries.filters import Filters
        from views.telehealth_no_show import render_at_risk, render_calibration, render_sentiment

        for render in (render_at_risk, render_calibration, render_sentiment):
            render(Filters())

    app = AppTest.from_function(page).run(timeout=120)
    assert not app.exception, [exception.message for exception in app.exception]
    assert [header.value for header in app.subheader] == [
        "Upcoming appointments most at risk of a no-show", "Does the risk match what happened?",
        "Comment sentiment by rating"]
    assert len(app.dataframe) == 2
