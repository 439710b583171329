"""The three-phase build (healthcare_ops/scoring/phase.py) with a stand-in dbt, and the scoring phase on a tiny
DuckDB warehouse holding only its two input tables."""

from __future__ import annotations

from contextlib import nullcontext

import duckdb
import pandas as pd
import pytest
from no_show_data import raw_frame

from healthcare_ops.scoring import phase, tables
from healthcare_ops.scoring.store import DuckDBStore

# The first stage alone: the opportunity stage reads marts this tiny warehouse has not (its own tests are in
# test_opportunity_model.py and tests/app/test_metric_definitions.py).
STAGE_1 = phase.STAGES[:1]


def test_stages_build_what_reads_their_tables_and_leave_what_reads_a_later_stage_to_after_it():
    first = phase.Stage((phase.Scorer("a", ("t1", "t2"), lambda run: ""),))
    second = phase.Stage((phase.Scorer("b", ("t3",), lambda run: ""), phase.Scorer("c", ("t4",), lambda run: "")))
    assert phase.dbt_stages(["--quiet"], (first, second)) == [
        ["--quiet", "--exclude", "source:scores+"],
        ["--quiet", "--select", "source:scores.t1+", "source:scores.t2+",
         "--exclude", "source:scores.t3+", "source:scores.t4+"],
        ["--quiet", "--select", "source:scores.t3+", "source:scores.t4+"],
    ]


def test_the_stages_run_in_order_between_the_dbt_builds(tiny_warehouse):
    events = []

    def scorer(name: str) -> phase.Scorer:
        return phase.Scorer(name, (name,), lambda run: events.append(f"score {name}") or name)

    stages = (phase.Stage((scorer("a"),)), phase.Stage((scorer("b"),)))
    assert phase.build_with_scores(lambda args: events.append(" ".join(args)) or True,
                                   lambda: nullcontext(DuckDBStore(tiny_warehouse)), [], stages=stages)
    assert events == ["--exclude source:scores+", "score a", "--select source:scores.a+ --exclude source:scores.b+",
                      "score b", "--select source:scores.b+"]


@pytest.fixture
def tiny_warehouse():
    connection = duckdb.connect()
    connection.execute("create schema intermediate")
    features = raw_frame(400)  # noqa: F841 - read by the statement below
    connection.execute("create table intermediate.int_no_show_features as select * from features")
    comments = pd.DataFrame({"feedback_id": ["R2", "R1", "R3"], "overall_rating": [1, 5, 3],  # noqa: F841
                             "comment": ["Awful, the call dropped.", "Wonderful doctor, thank you.", None]})
    connection.execute("create table intermediate.int_feedback_comments as select * from comments")
    records = pd.DataFrame({  # noqa: F841 - the provider matching's input: two registry providers, one contact
        "record_source": ["registry", "registry", "crm"], "record_id": ["D1", "D2", "C1"],
        "first_name": [None, None, "Ann"], "last_name": [None, None, "Lee"],
        "full_name": ["Dr. Ann Lee", "Dr. Bo Park", None], "npi": ["1234567890", "1987654321", "1234567890"],
        "practice_name": ["Lee Medical Group", "Park Medical Group", "Lee Medical Group"],
        "city": ["Dover", "Salem", "Dover"], "state": ["DE", "OR", "DE"]})
    connection.execute("create table intermediate.int_provider_match_records as select * from records")
    yield connection
    connection.close()


def test_the_scoring_phase_writes_every_score_table(tiny_warehouse, capsys):
    calls = []

    def dbt_build(args: list[str]) -> bool:
        calls.append(args)
        return True

    assert phase.build_with_scores(dbt_build, lambda: nullcontext(DuckDBStore(tiny_warehouse)), [], stages=STAGE_1)
    assert [args[0] for args in calls] == ["--exclude", "--select"]
    written = {name: tiny_warehouse.execute(f"select * from scores.{name}").df() for name in STAGE_1[0].tables}
    assert len(written[tables.NO_SHOW_RISK]) == 40
    assert written[tables.NO_SHOW_MODEL]["model_name"].tolist() == ["lightgbm", "lead_time_logistic"]
    assert len(written[tables.NO_SHOW_CALIBRATION]) == 20
    assert written[tables.PROVIDER_MATCHES]["contact_id"].tolist() == ["C1"]
    sentiments = written[tables.FEEDBACK_SENTIMENT].set_index("feedback_id")["sentiment_score"]
    assert sentiments["R1"] > 0 > sentiments["R2"] and pd.isna(sentiments["R3"])
    types = dict(tiny_warehouse.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'scores' and table_name = 'no_show_model'").fetchall())
    assert types["training_cutoff"] == "DATE" and types["auc"] == "DOUBLE" and types["train_rows"] == "INTEGER"
    printed = capsys.readouterr().out
    assert "lightgbm" in printed and "baseline" in printed and "calibration by decile" in printed


def test_a_failed_first_build_or_scoring_runs_nothing_after_it(tiny_warehouse):
    calls = []
    assert not phase.build_with_scores(lambda args: calls.append(args) or False,
                                       lambda: nullcontext(DuckDBStore(tiny_warehouse)), [])
    assert len(calls) == 1
    tiny_warehouse.execute("drop table intermediate.int_no_show_features")
    calls.clear()
    assert not phase.build_with_scores(lambda args: calls.append(args) or True,
                                       lambda: nullcontext(DuckDBStore(tiny_warehouse)), [])
    assert len(calls) == 1


def test_an_empty_warehouse_scores_to_empty_tables(tiny_warehouse):
    tiny_warehouse.execute("delete from intermediate.int_no_show_features")
    tiny_warehouse.execute("delete from intermediate.int_feedback_comments")
    tiny_warehouse.execute("delete from intermediate.int_provider_match_records")
    phase.score_warehouse(DuckDBStore(tiny_warehouse), stages=STAGE_1)
    for name in STAGE_1[0].tables:
        assert tiny_warehouse.execute(f"select count(*) from scores.{name}").fetchone() == (0,)
