"""Nothing is lost on Spark either: hostile lines in every kind of raw file, built on both engines.

tests/fixtures/raw_dirty with lines no reader should take whole (bytes that are not UTF-8, an open quote, a quote
inside a field, another delimiter, CRs before the line feed, JSON that is cut, trails text or is not JSON) is
built by both publish steps. Every line is clean or quarantined at its file and line with the same reason on both
engines, and reconciliation balances on both; the one difference is the JSON that DuckDB's reader tolerates (a
trailing comma, NaN), which Spark's rejects as invalid_json (README, "Spark").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from fixture_builds import DIRTY_FIXTURE, publish, spark_publish

from pipeline.spark_reader import reader_path

CAPTURE = "capture-20261003.ndjson"
# (file, line) of each appended hostile line, with the reason it must be quarantined for on both engines.
CSV_LINES = {
    "cases.csv": [
        (b'Z1,P1,A1,bill\xffing_dispute,high,resolved,2026-10-01 10:00:00,"{}"', "invalid_encoding"),
        (b'Z2,"unclosed,x', "malformed_line"),
        (b'Z3,D"i,x,y,z,w,2026-10-01 10:00:00,"{}"', "malformed_line"),
        (b"Z5;P1;A1;billing_dispute;high;resolved;2026-10-01 10:00:00;{}", "malformed_line"),
    ],
    "patients.csv": [(b"P9,Ann\xe9,Lee,1980-01-01,F,1 Main St,Town,ST,00000,555,medicare,2020-01-01\r\r", "invalid_encoding")],
    "appointments.csv": [
        (b"Z1,P1,D1,2026-09-20 10:00:00,2026-10-02 09:00:00,compl\xe9ted,mobile,8,20,false,4,follow_up,true,",
         "invalid_encoding"),
        (b'Z2,P1,D1,"2026-09-20 10:00:00,2026-10-02 09:00:00,completed,mobile,8,20,false,4,follow_up,true,',
         "malformed_line"),
        (b'Z3,P1,D"1,2026-09-20 10:00:00,2026-10-02 09:00:00,completed,mobile,8,20,false,4,follow_up,true,',
         "malformed_line"),
        (b"Z4;P1;D1;2026-09-20 10:00:00;2026-10-02 09:00:00;completed;mobile;8;20;false;4;follow_up;true;",
         "malformed_line"),
    ],
    "appointment_feedback.csv": [
        (b"Y1,T1,2026-10-02 10:00:00,5,5,4,Tr\xe8s bien\r\r", "invalid_encoding"),
        (b'Y2,T1,2026-10-02 10:00:00,5,5,4,"Great visit, clear', "malformed_line"),
        (b'Y3,T1,2026-10-02 10:00:00,5,5,4,"Great" visit', "malformed_line"),
    ],
    "crm_contacts.csv": [
        (b"003Z00000000000001,001000000000000001,Dr.,Jos\xe9,Moss,Physician,,,,Springfield,IL,2025-01-06T10:00:00.000Z",
         "invalid_encoding"),
        (b'003Z00000000000002,001000000000000001,Dr.,"Ann,Moss,Physician,,,,Springfield,IL,2025-01-06T10:00:00.000Z',
         "malformed_line"),
    ],
    "crm_opportunities.csv": [
        (b'006Z1,001000000000000001,,Moss "big" deal,Prospecting,10,10,1,2026-12-31,false,false,Web,2026-03-01',
         "malformed_line"),
        (b"006Z2;001000000000000001;;Deal;Prospecting;10;10;1;2026-12-31;false;false;Web;2026-03-01T14:05:00.000Z",
         "malformed_line"),
    ],
    "inventory_usage.csv": [(b"Z1,N1,SUP\xff01,2,2026-10-01 09:00:00\r\r", "invalid_encoding")],
    "referrals.csv": [(b'Z1,P1,D1,"oncology,2026-09-15 10:00:00', "malformed_line")],
}
CAPTURE_LINES = [
    (b'{"sequence_number": 900, "enqueued_at": "2026-10-03T11:00:05", "body": {"event_id": "V9', "invalid_json"),
    (b"\xff\xfe not json", "invalid_encoding"),
    (b'{"sequence_number": 901, "enqueued_at": "2026-10-03T11:00:05", "body": {}} trailing', "invalid_json"),
]
# Read as JSON by DuckDB (and then judged on its values), refused by Spark's parser.
LENIENT_ON_DUCKDB = [b'{"sequence_number": 902, "enqueued_at": "2026-10-03T11:00:05", "body": {"event_id": "W1"}, }']


def appended(path: Path, lines: list[bytes]) -> list[int]:
    """Append the lines to a raw file; returns their physical line numbers."""
    text = path.read_bytes()
    text = text if text.endswith(b"\n") else text + b"\n"
    first = text.count(b"\n") + 1
    path.write_bytes(text + b"\n".join(lines) + b"\n")
    return list(range(first, first + len(lines)))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[dict, duckdb.DuckDBPyConnection]:
    scratch = tmp_path_factory.mktemp("spark-hostile")
    raw = scratch / "raw"
    shutil.copytree(DIRTY_FIXTURE, raw)
    expected = {}
    for file_name, lines in CSV_LINES.items():
        numbers = appended(raw / file_name, [line for line, _ in lines])
        expected.update({(file_name, number): reason for number, (_, reason) in zip(numbers, lines, strict=True)})
    numbers = appended(raw / "patient_flow" / CAPTURE, [line for line, _ in CAPTURE_LINES] + LENIENT_ON_DUCKDB)
    expected.update({("patient_flow", number): reason for number, (_, reason) in zip(numbers, CAPTURE_LINES)})
    lenient_line = ("patient_flow", numbers[-1])

    duck, spark = publish(raw, scratch / "warehouse.duckdb"), spark_publish(raw, scratch / "spark-warehouse")
    assert duck.returncode == 0, duck.stdout[-3000:] + duck.stderr[-3000:]
    assert spark.returncode == 0, spark.stdout[-3000:] + spark.stderr[-3000:]
    connection = duckdb.connect()
    connection.execute("attach ? as duck (read_only)", [str(scratch / "warehouse.duckdb")])
    connection.execute("attach ? as spark (read_only)", [str(reader_path(scratch / "spark-warehouse"))])
    yield {"expected": expected, "lenient_line": lenient_line}, connection
    connection.close()


def quarantined(connection, engine: str) -> dict[tuple[str, int], str]:
    rows = connection.execute(
        f"select source_file, line_number, reason from {engine}.quality.quarantine where line_number is not null"
    ).fetchall()
    return {(source_file, line_number): reason for source_file, line_number, reason in rows}


@pytest.mark.parametrize("engine", ["duck", "spark"])
def test_every_hostile_line_is_quarantined_at_its_line_with_its_reason(builds, engine):
    lines, connection = builds
    found = quarantined(connection, engine)
    assert {key: found.get(key) for key in lines["expected"]} == lines["expected"]


@pytest.mark.parametrize("engine", ["duck", "spark"])
def test_reconciliation_balances_on_both_engines(builds, engine):
    _, connection = builds
    unbalanced = connection.execute(f"select * from {engine}.quality.reconciliation where not is_balanced").fetchall()
    # one row per CSV and one for the capture folder
    raw_sources = len(list(DIRTY_FIXTURE.glob("*.csv"))) + 1
    assert connection.execute(f"select count(*) from {engine}.quality.reconciliation").fetchone()[0] == raw_sources
    assert unbalanced == []


def test_the_engines_differ_only_on_json_duckdb_tolerates(builds):
    lines, connection = builds
    duck, spark = quarantined(connection, "duck"), quarantined(connection, "spark")
    differing = {key for key in duck.keys() | spark.keys() if duck.get(key) != spark.get(key)}
    assert differing == {lines["lenient_line"]}
    assert spark[lines["lenient_line"]] == "invalid_json"
    assert duck.get(lines["lenient_line"]) != "invalid_json"

