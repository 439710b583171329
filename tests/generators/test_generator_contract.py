"""The raw contract: headers, parsing, ids, values, references, and the bad rows truth.json promises."""

from __future__ import annotations

import re
from datetime import date

from generator_data import CONTRACT, reason_counts

ID_PATTERNS = {
    "patients.csv": r"P\d{7}", "providers.csv": r"D\d{6}", "advocates.csv": r"A\d{4}", "cases.csv": r"C\d{8}", "case_events.csv": r"E\d{9}",
    "interactions.csv": r"I\d{9}", "patient_feedback.csv": r"F\d{8}", "appointments.csv": r"T\d{8}",
    "appointment_feedback.csv": r"R\d{8}",
}


def test_headers_are_the_contract(dataset):
    for file_name, columns in CONTRACT.items():
        assert dataset.bytes_of(file_name).split(b"\n", 1)[0].decode() == ",".join(columns)


def test_every_line_parses_and_the_counts_match_truth(dataset):
    csv_rows = {name: rows for name, rows in dataset.truth["rows"].items() if name in CONTRACT}
    assert csv_rows == {name: len(rows) for name, rows in dataset.rows.items()}
    for file_name, rows in dataset.rows.items():
        wrong_width = sum(len(row) != len(CONTRACT[file_name]) for row in rows)
        assert wrong_width == dataset.truth["quarantine_expected"][file_name].get("malformed_line", 0), file_name
        assert dataset.bytes_of(file_name).count(b"\n") == len(rows) + 1  # no value holds a line break


def test_the_bad_rows_are_exactly_those_truth_lists(dataset):
    expected = {name: reasons for name, reasons in dataset.truth["quarantine_expected"].items() if name in CONTRACT}
    assert reason_counts(dataset) == expected


def test_each_bad_row_has_exactly_one_problem_and_every_kind_is_planted(dataset):
    for file_name, problems in dataset.problems.items():
        assert all(len(found) <= 1 for found in problems), file_name
    rows = {name: len(rows) for name, rows in dataset.rows.items()}
    for file_name, reasons in dataset.truth["quarantine_expected"].items():
        if file_name not in CONTRACT:
            continue
        for reason, count in reasons.items():
            assert count == max(1, round(0.001 * (rows[file_name] - sum(reasons.values())))), (file_name, reason)


def test_bad_rows_sit_among_the_good_ones_and_malformed_lines_at_the_end(dataset):
    for file_name, problems in dataset.problems.items():
        positions = [i for i, found in enumerate(problems) if found and found != ["malformed_line"]]
        if len(positions) >= 5:  # (advocates.csv has one)
            assert positions[0] < len(problems) / 2 < positions[-1], file_name
        malformed = [i for i, found in enumerate(problems) if found == ["malformed_line"]]
        assert malformed == list(range(len(problems) - len(malformed), len(problems))), file_name


def test_ids_are_well_formed_and_unique_among_clean_rows(dataset):
    for file_name, pattern in ID_PATTERNS.items():
        ids = [record[CONTRACT[file_name][0]] for record in dataset.clean[file_name]]
        assert all(re.fullmatch(pattern, value) for value in ids), file_name
        assert len(set(ids)) == len(ids), file_name


def test_clean_rows_point_at_clean_parents(dataset):
    clean_ids = {name: {record[CONTRACT[name][0]] for record in records} for name, records in dataset.clean.items()}
    children = [("cases.csv", "patient_id", "patients.csv"), ("cases.csv", "advocate_id", "advocates.csv"),
                ("case_events.csv", "case_id", "cases.csv"), ("interactions.csv", "case_id", "cases.csv"),
                ("interactions.csv", "advocate_id", "advocates.csv"), ("patient_feedback.csv", "case_id", "cases.csv"),
                ("appointments.csv", "patient_id", "patients.csv"), ("appointments.csv", "provider_id", "providers.csv"),
                ("appointment_feedback.csv", "appointment_id", "appointments.csv")]
    for file_name, column, parent in children:
        assert {record[column] for record in dataset.clean[file_name]} <= clean_ids[parent], (file_name, column)
    event_advocates = {record["advocate_id"] for record in dataset.clean["case_events.csv"]}
    assert event_advocates - {""} <= clean_ids["advocates.csv"]


def test_patient_values(dataset):
    patients = dataset.clean["patients.csv"]
    as_of = date.fromisoformat(dataset.truth["as_of"][:10])
    ages = [(as_of - date.fromisoformat(record["birth_date"])).days / 365.25 for record in patients]
    assert 0 <= min(ages) < 1 and 94 < max(ages) < 96
    assert all(re.fullmatch(r"\d{5}", record["zip"]) for record in patients)
    assert any(record["zip"].startswith("0") for record in patients)  # kept as text, leading zeros intact
    assert all(re.fullmatch(r"[A-Z]{2}", record["state"]) for record in patients)
    assert any("," in record["street"] for record in patients)  # quoted where needed


def test_feedback_comments_include_commas_and_empty_ones(dataset):
    comments = [record["comment"] for record in dataset.clean["patient_feedback.csv"]]
    assert any("," in comment for comment in comments) and "" in comments
    assert all(1 <= int(record["csat"]) <= 5 for record in dataset.clean["patient_feedback.csv"])
