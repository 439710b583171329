"""The Medical Appointment No Shows adapter on a hand-made export: what each column becomes, what stays empty, and
the quirks passed on untouched (the warehouse build of the real file is tests/warehouse/test_real_no_show.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from adapters.kaggle_no_show import ExportError, adapt, main, plain_ids

HEADER = ("PatientId,AppointmentID,Gender,ScheduledDay,AppointmentDay,Age,Neighbourhood,Scholarship,Hipertension,"
          "Diabetes,Alcoholism,Handcap,SMS_received,No-show")
ROWS = [
    # a same-day booking: the day's midnight is before the booking, the day's end is not
    "29872499824296,5642903,F,2016-04-29T18:38:08Z,2016-04-29T00:00:00Z,62,JARDIM DA PENHA,0,1,0,0,0,0,No",
    # the same patient again, booked days ahead, reminded, missed
    "29872499824296,5642904,F,2016-04-20T08:00:00Z,2016-05-02T00:00:00Z,62,JARDIM DA PENHA,0,1,0,0,0,1,Yes",
    # an id written as a float with a fraction; the file's Age -1
    "9377952927E-5,5712759,F,2016-05-18T09:12:29Z,2016-05-18T00:00:00Z,-1,RESISTÊNCIA,0,0,0,0,0,0,No",
    # booked the day after its appointment day: passed on, for the warehouse's scheduled_before_booked
    "7839272661752,5679978,M,2016-05-10T10:51:53Z,2016-05-09T00:00:00Z,38,MARIA ORTIZ,0,0,0,0,0,0,Yes",
    # the same id in float notation, and values the mapping does not know
    "7.839272661752e+12,5679979,M,2016-05-10T10:51:53Z,2016-05-12T00:00:00Z,38,MARIA ORTIZ,0,0,0,0,0,2,Maybe",
    # a patient exported with a second sex
    "4262962299951,5642549,F,2016-04-29T16:19:04Z,2016-04-29T00:00:00Z,62,MATA DA PRAIA,0,0,0,0,0,0,No",
    "4262962299951,5642550,M,2016-04-29T16:19:04Z,2016-05-03T00:00:00Z,62,MATA DA PRAIA,0,0,0,0,0,,No",
]


def write_export(folder: Path, rows: list[str] = ROWS, header: str = HEADER) -> Path:
    path = folder / "KaggleV2-May-2016.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def mapped(tmp_path: Path) -> Path:
    adapt(write_export(tmp_path), tmp_path / "raw")
    return tmp_path / "raw"


def test_each_row_is_one_appointment_mapped_column_by_column(mapped):
    appointments = read(mapped / "appointments.csv")
    assert [row["appointment_id"] for row in appointments] == [
        "5642903", "5642904", "5712759", "5679978", "5679979", "5642549", "5642550"]
    first, second = appointments[:2]
    assert first == {
        "appointment_id": "5642903", "patient_id": "29872499824296", "provider_id": "",
        "booked_at": "2016-04-29T18:38:08Z", "scheduled_at": "2016-04-29T23:59:59Z", "status": "completed",
        "device": "", "wait_minutes": "", "duration_minutes": "", "technical_issue": "", "connection_quality": "",
        "reason": "", "reminder_sent": "false", "rescheduled_from": "",
    }
    assert (second["status"], second["reminder_sent"], second["scheduled_at"]) == \
        ("no_show", "true", "2016-05-02T23:59:59Z")


def test_a_same_day_booking_is_not_before_its_slot_and_a_later_booking_is(mapped):
    appointments = {row["appointment_id"]: row for row in read(mapped / "appointments.csv")}
    same_day, booked_after = appointments["5642903"], appointments["5679978"]
    assert same_day["scheduled_at"] >= same_day["booked_at"]
    assert (booked_after["booked_at"], booked_after["scheduled_at"]) == ("2016-05-10T10:51:53Z", "2016-05-09T23:59:59Z")


def test_values_the_mapping_does_not_know_are_passed_on_as_they_are(mapped):
    appointments = {row["appointment_id"]: row for row in read(mapped / "appointments.csv")}
    assert (appointments["5679979"]["status"], appointments["5679979"]["reminder_sent"]) == ("Maybe", "2")
    assert appointments["5642550"]["reminder_sent"] == ""  # empty: missing_required in the warehouse


def test_ids_are_the_exact_decimals_written(mapped):
    appointments = {row["appointment_id"]: row for row in read(mapped / "appointments.csv")}
    assert appointments["5712759"]["patient_id"] == "93779.52927"
    assert appointments["5679979"]["patient_id"] == appointments["5679978"]["patient_id"] == "7839272661752"


def test_one_registry_row_per_patient_and_sex_and_nothing_else_known(mapped):
    patients = read(mapped / "patients.csv")
    assert [(row["patient_id"], row["sex"]) for row in patients] == [
        ("29872499824296", "F"), ("93779.52927", "F"), ("7839272661752", "M"), ("4262962299951", "F"),
        ("4262962299951", "M")]
    unknown = {column for row in patients for column, value in row.items() if column not in ("patient_id", "sex")}
    assert all(row[column] == "" for row in patients for column in unknown)
    assert "birth_date" in unknown and "registered_at" in unknown


def test_nothing_the_contract_has_no_column_for_is_written(mapped):
    written = "".join(path.read_text(encoding="utf-8") for path in mapped.glob("*.csv"))
    values = {value for path in mapped.glob("*.csv") for row in read(path) for value in row.values()}
    assert "-1" not in values and "62" not in values  # Age
    assert "RESISTÊNCIA" not in written and "JARDIM" not in written  # Neighbourhood
    # empty values are written empty, not as a quoted empty string
    assert '""' not in written


def test_the_files_without_rows_have_their_header_and_source_json_says_what_was_read(mapped, tmp_path):
    assert (mapped / "providers.csv").read_text() == \
        "provider_id,name,npi,specialty,practice_name,city,state,active_since\n"
    assert (mapped / "appointment_feedback.csv").read_text().startswith("feedback_id,appointment_id,")
    assert len((mapped / "appointment_feedback.csv").read_text().splitlines()) == 1
    source = json.loads((mapped / "source.json").read_text())
    assert source["records"] == len(ROWS)
    assert source["rows"] == {"patients.csv": 5, "providers.csv": 0, "appointments.csv": len(ROWS),
                              "appointment_feedback.csv": 0}
    assert len(source["sha256"]) == 64


def test_plain_ids():
    import pandas as pd

    written = pd.Series(["29872499824296", "2.98724998243e+13", "29872499824296.0", "9377952927E-5", "1e-3", "007",
                         "-1.50", "12E+2", "T-42", "", "1e999999"])
    assert plain_ids(written).tolist() == ["29872499824296", "29872499824300", "29872499824296", "93779.52927",
                                           "0.001", "007", "-1.5", "1200", "T-42", "", "1e999999"]


def test_an_export_that_is_not_this_one_is_refused(tmp_path):
    with pytest.raises(ExportError, match="columns"):
        adapt(write_export(tmp_path, header=HEADER.replace("Gender", "Sex")), tmp_path / "raw")
    assert not (tmp_path / "raw").exists()


def test_a_record_the_reader_would_join_to_another_is_refused(tmp_path):
    # a quote left open: a CSV reader runs the field on over the next line, so one record would vanish
    rows = [ROWS[0].replace("JARDIM DA PENHA", '"JARDIM DA PENHA'), ROWS[1]]
    with pytest.raises(ExportError):
        adapt(write_export(tmp_path, rows), tmp_path / "raw")


def test_the_command_names_a_missing_export(tmp_path, capsys):
    assert main(["--csv", str(tmp_path / "absent.csv"), "--out", str(tmp_path / "raw")]) == 2
    assert "NO_SHOW_CSV" in capsys.readouterr().err
    assert main(["--csv", str(write_export(tmp_path)), "--out", str(tmp_path / "raw")]) == 0
    assert "Mapped 7 appointments of 5 patients" in capsys.readouterr().out
