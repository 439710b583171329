"""`python -m pipeline.no_show_report` on a tiny hand-made warehouse: the balance per file, the quarantine by reason,
and every documented column of the model mart under its title and format; a warehouse without the mart says so."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from healthcare_ops import semantic
from pipeline.no_show_report import main


def tiny_warehouse(path: Path, with_model: bool) -> Path:
    with duckdb.connect(str(path)) as connection:
        for schema in ("quality", "marts", "meta"):
            connection.execute(f"create schema {schema}")
        connection.execute("""
            create table quality.reconciliation as select * from (values
                ('appointments.csv', cast(12 as hugeint), 9, 3), ('patients.csv', cast(4 as hugeint), 4, 0),
                ('cases.csv', cast(0 as hugeint), 0, 0)
            ) as t(source_file, raw_rows, clean_rows, quarantined_rows)""")
        connection.execute("""
            create table quality.quarantine as select * from (values
                ('appointments.csv', 'scheduled_before_booked'), ('appointments.csv', 'scheduled_before_booked'),
                ('appointments.csv', 'missing_required')
            ) as t(source_file, reason)""")
        connection.execute(f"create table {semantic.COLUMNS_TABLE} (schema_name varchar, model_name varchar, "
                           "column_name varchar, title varchar, display_format varchar)")
        connection.executemany(f"insert into {semantic.COLUMNS_TABLE} values ('marts', 'mart_no_show_model', ?, ?, ?)", [
            ("model_name", "Model", "text"), ("auc", "AUC", "decimal2"), ("baseline_auc", "Baseline AUC", "decimal2"),
            ("test_no_show_rate", "Test no-show rate", "percent"), ("training_cutoff", "Training cutoff", "date"),
            ("test_rows", "Test rows", "integer"), ("_run_id", "Run id", "text"),
        ])
        if with_model:
            connection.execute("create table marts.mart_no_show_model (model_name varchar, auc double, "
                               "baseline_auc double, test_no_show_rate double, training_cutoff date, test_rows integer, "
                               "undocumented double, _run_id varchar)")
            connection.execute("insert into marts.mart_no_show_model values "
                               "('lightgbm', 0.7035, 0.6849, 0.1838, ?, 30730, 1.0, 'run-1')", [dt.date(2016, 5, 31)])
    return path


def test_the_balance_and_the_model_under_their_titles(tmp_path, capsys):
    assert main(["--warehouse", str(tiny_warehouse(tmp_path / "w.duckdb", with_model=True))]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "  appointments.csv: 12 lines = 9 clean + 3 quarantined (scheduled_before_booked 2, missing_required 1)" \
        in printed
    assert "  patients.csv: 4 lines = 4 clean + 0 quarantined" in printed
    assert not any("cases.csv" in line for line in printed)  # a domain the report is not about
    heading = printed.index("The no-show model, judged out of time (marts.mart_no_show_model):")
    # each documented column on a line: its title, two spaces or more, its value as formatted
    assert [re.fullmatch(r"  (.+?) {2,}(\S.*)", line).groups() for line in printed[heading + 1:]] == [
        ("Model", "lightgbm"), ("AUC", "0.70"), ("Baseline AUC", "0.68"), ("Test no-show rate", "18.4%"),
        ("Training cutoff", "2016-05-31"), ("Test rows", "30,730"),
    ]


def test_a_warehouse_without_the_model_says_there_is_no_auc(tmp_path, capsys):
    assert main(["--warehouse", str(tiny_warehouse(tmp_path / "w.duckdb", with_model=False))]) == 1
    printed = capsys.readouterr()
    assert "appointments.csv: 12 lines" in printed.out
    assert "marts.mart_no_show_model is not in this warehouse" in printed.err


def test_no_warehouse(tmp_path, capsys):
    assert main(["--warehouse", str(tmp_path / "absent.duckdb")]) == 2
    assert "No warehouse at" in capsys.readouterr().err
