"""The published warehouse (the file the dashboard opens) holds no patient's name, street, phone or birth date: the
DuckDB build, and the reader of the Spark build of the same raw files (pipeline/spark_reader.py).

The warehouse is opened read-only, as the app opens it, and every table of every schema is scanned: no column
is named like a direct identifier, and the text of every varchar column (every value of small tables, a sample
of large ones) is compared with the identifiers of the raw patients.csv the warehouse was built from.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from fixture_builds import DIRTY_FIXTURE, publish, query

# A column with one of these names holds a direct identifier of a patient (README, "Identifiers"). A plain
# `name` is a provider's or an advocate's: professional and staff names are not patient data.
IDENTIFIER_COLUMN = re.compile(
    r"(^|_)(first_?name|last_?name|full_?name|patient_?name|given_?name|family_?name|surname|street|address"
    r"|phone|telephone|mobile|email|birth_?date|date_?of_?birth|dob|ssn)($|_)"
)
# Provider growth's CRM contacts and accounts are providers and their practices: a contact's name, phone and email
# and a practice's street are professional contact details, not a patient's (README, "Provider growth: the raw
# contract"), kept where matching and the quality checks read them. Their values are still scanned.
PROVIDER_CONTACT_TABLE = re.compile(r"crm_+(contacts|accounts)|provider_match_records")
# Tables up to this many rows are read whole (the quarantine among them); larger ones are sampled.
WHOLE_TABLE_ROWS = 50_000
SAMPLE_ROWS = 20_000
TOKEN_SEPARATOR = re.compile(r"[^0-9a-z]+")
# A date inside text that is not the date part of a timestamp.
DATE_IN_TEXT = re.compile(r"(?<![0-9])(\d{4}-\d{2}-\d{2})(?![T ]?\d)")


def tokens(text: str) -> tuple[str, ...]:
    return tuple(token for token in TOKEN_SEPARATOR.split(text.lower()) if token)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class PatientIdentifiers:
    """The raw patients' full names, streets and phones (as word sequences) and birth dates by patient id.

    A name that is also a provider's or an advocate's (generated names repeat) is theirs, not a patient's.
    A birth date counts when the row that holds it also names its patient: any date can be somebody's
    birthday, a date beside the patient it belongs to is that patient's birth date.
    """

    def __init__(self, raw_dir: Path):
        patients = read_csv(raw_dir / "patients.csv")
        staff = {tokens(row["name"].removeprefix("Dr. ")) for file in ("providers.csv", "advocates.csv")
                 if (raw_dir / file).exists() for row in read_csv(raw_dir / file)}
        self.phrases: dict[tuple[str, ...], str] = {}
        for row in patients:
            for kind, text in (("name", f"{row['first_name']} {row['last_name']}"),
                               ("name", f"{row['last_name']}, {row['first_name']}"),
                               ("street", row["street"]), ("phone", row["phone"])):
                if tokens(text) and tokens(text) not in staff:
                    self.phrases[tokens(text)] = kind
        self.longest = max(len(phrase) for phrase in self.phrases)
        self.birth_dates = {tokens(row["patient_id"]): row["birth_date"].strip() for row in patients}

    def found_in(self, values: tuple[str, ...]) -> str | None:
        """What kind of identifier one row's values hold, if any: a name, street or phone within one value (two
        neighbouring columns, a city and a first name, can spell a patient's name by chance), a birth date
        anywhere in the row beside its patient's id."""
        for value in values:
            words = tokens(value)
            for start in range(len(words)):
                for end in range(start + 1, min(start + self.longest, len(words)) + 1):
                    if words[start:end] in self.phrases:
                        return self.phrases[words[start:end]]
        row_text = " | ".join(values)
        dates = set(DATE_IN_TEXT.findall(row_text))
        if dates and any(self.birth_dates.get((word,)) in dates for word in tokens(row_text)):
            return "birth_date"
        return None


# The schemas each file must show the scan: the reader of a Spark build has no staging (README, "Dashboard").
SCANNED_SCHEMAS = {"duckdb build": {"staging", "quality", "marts"}, "spark reader": {"quality", "marts", "reference"}}


@pytest.fixture(scope="module", params=list(SCANNED_SCHEMAS))
def published_file(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def warehouse(request: pytest.FixtureRequest, published_file: str, warehouse_path: Path):
    path = warehouse_path if published_file == "duckdb build" else request.getfixturevalue("spark_reader_path")
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def columns(warehouse) -> list[tuple[str, str, str, str]]:
    """(schema, table, column, type) of every column of every table and view of the published file."""
    return warehouse.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = current_database() order by all"
    ).fetchall()


def test_the_scan_sees_the_published_schemas(columns, published_file):
    schemas = {schema for schema, *_ in columns}
    assert SCANNED_SCHEMAS[published_file] <= schemas, schemas


def test_no_column_is_named_like_a_patient_identifier(columns):
    named = [
        f"{schema}.{table}.{column}"
        for schema, table, column, _ in columns
        if IDENTIFIER_COLUMN.search(column.lower()) and not PROVIDER_CONTACT_TABLE.search(table)
    ]
    assert not named, f"columns named like a patient identifier: {named}"


def test_no_text_value_holds_a_patient_identifier(warehouse, columns, raw_dir: Path):
    identifiers = PatientIdentifiers(raw_dir)
    scanned: dict[tuple[str, str], list[str]] = {}
    for schema, table, column, data_type in columns:
        if data_type.upper() in ("VARCHAR", "JSON", "DATE"):
            scanned.setdefault((schema, table), []).append(column)
    found: list[str] = []
    tables: dict[str, int] = {}
    for (schema, table), names in scanned.items():
        relation = f'"{schema}"."{table}"'
        rows = warehouse.execute(f"select count(*) from {relation}").fetchone()[0]
        sample = "" if rows <= WHOLE_TABLE_ROWS else f" using sample reservoir({SAMPLE_ROWS} rows) repeatable (42)"
        selected = ", ".join(f"""coalesce(cast("{name}" as varchar), '')""" for name in names)
        for values in warehouse.execute(f"select {selected} from {relation}{sample}").fetchall():
            kind = identifiers.found_in(values)
            if kind:
                found.append(f"{schema}.{table} holds a patient's {kind}: {' | '.join(values)[:160]!r}")
                tables[f"{schema}.{table}"] = tables.get(f"{schema}.{table}", 0) + 1
    assert not found, f"rows holding patient identifiers, by table: {tables}; e.g.:\n" + "\n".join(found[:10])


def test_a_patient_line_that_is_no_record_is_withheld_whole(tmp_path):
    # Such a line cannot be split into fields, so no field can be told apart as an identifier: none of it is kept.
    raw_dir = tmp_path / "raw"
    shutil.copytree(DIRTY_FIXTURE, raw_dir)
    with (raw_dir / "patients.csv").open("ab") as patients:
        patients.write(b'P96,"Zelda,Quixote,1970-01-01,F,9 Elm St,Springfield,IL,06001,555-0196,commercial,2024-01-01\n')
        patients.write(b"P97,Yara\xff,Voss,1971-01-01,F,8 Elm St,Springfield,IL,06001,555-0197,commercial,2024-01-01\n")
    warehouse = tmp_path / "warehouse.duckdb"
    result = publish(raw_dir, warehouse)
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(warehouse, """
        select line_number, reason, raw_values from quality.quarantine
        where source_file = 'patients.csv' and line_number >= 8 order by line_number
    """) == [(8, "malformed_line", "withheld: line 8 of patients.csv"),
             (9, "invalid_encoding", "withheld: line 9 of patients.csv")]
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        texts = connection.execute("""
            select string_agg(coalesce(reason_detail, '') || ' ' || coalesce(raw_values, ''), ' ')
            from quality.quarantine
        """).fetchone()[0]
    assert "Quixote" not in texts and "Voss" not in texts
