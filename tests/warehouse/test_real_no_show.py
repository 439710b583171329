"""The real Medical Appointment No Shows export (110,527 appointments), mapped by adapters/kaggle_no_show.py and
built by the usual publish: every line balances, only the file's own quirks are quarantined and for the right
reason, its ids come through exactly, and nothing the file does not say appears in the marts.

What is expected is read from the export itself with pandas, apart from the adapter and the warehouse; the counts
SOURCES.md gives for this file (checked by its sha256) pin that reading. The export is not in the repository: without
it (NO_SHOW_CSV, see healthcare_ops/settings.py) these tests are skipped, saying so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from fixture_builds import publish, query

from adapters.kaggle_no_show import adapt
from healthcare_ops import settings
from pipeline import no_show_report

# The copy described in the team's external/SOURCES.md (origin rmartins/DataMining, KaggleV2-May-2016.csv.zip).
EXPORT_SHA256 = "9132d3e7d0246617df9041d3764f20ad6f08e7b0d9f0997fa254fc5e52eda27d"
RECORDS, PATIENTS, NO_SHOWS = 110_527, 62_299, 22_319
# dbt.hash("'-1'"), the dimensions' unknown member (macros/marts.sql)
MISSING_MEMBER = hashlib.md5(b"-1").hexdigest()
# The contract's columns this export has no value for: null in the fact, never a made-up value.
UNKNOWN_APPOINTMENT_COLUMNS = ["device", "wait_minutes", "duration_minutes", "technical_issue", "connection_quality",
                               "reason", "rescheduled_from"]


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    path = settings.no_show_csv()
    if not path.is_file():
        pytest.skip(f"no Medical Appointment No Shows export at {path} (set NO_SHOW_CSV)")
    if hashlib.sha256(path.read_bytes()).hexdigest() != EXPORT_SHA256:
        pytest.skip(f"{path} is not the copy these figures were taken from (sha256 {EXPORT_SHA256})")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert (len(frame), frame.PatientId.nunique(), (frame["No-show"] == "Yes").sum()) == (RECORDS, PATIENTS, NO_SHOWS)
    return frame


@pytest.fixture(scope="module")
def built(export, tmp_path_factory) -> Path:
    """The export mapped and published once (about half a minute)."""
    folder = tmp_path_factory.mktemp("kaggle-no-show")
    adapt(settings.no_show_csv(), folder / "raw")
    result = publish(folder / "raw", folder / "warehouse.duckdb")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / "warehouse.duckdb"


def frame(warehouse: Path, sql: str) -> pd.DataFrame:
    rows = query(warehouse, sql)
    return pd.DataFrame(rows)


def test_every_line_of_the_export_is_clean_or_quarantined(built):
    balances = {row[0]: row[1:] for row in query(built, """
        select source_file, cast(raw_rows as bigint), clean_rows, quarantined_rows, is_balanced
        from quality.reconciliation
        where source_file in ('patients.csv', 'providers.csv', 'appointments.csv', 'appointment_feedback.csv')""")}
    assert balances == {
        "appointments.csv": (RECORDS, RECORDS - 5, 5, True),
        "patients.csv": (PATIENTS, PATIENTS, 0, True),
        "providers.csv": (0, 0, 0, True),
        "appointment_feedback.csv": (0, 0, 0, True),
    }
    assert query(built, "select count(*) from marts.fct_appointment") == [(RECORDS - 5,)]


def test_only_the_bookings_dated_after_their_appointment_day_are_quarantined(built, export):
    # The export's quirk read from its text: ScheduledDay on a later date than AppointmentDay. A same-day booking
    # (ScheduledDay 18:38, AppointmentDay at midnight) is not one.
    booked_after = export[export.ScheduledDay.str[:10] > export.AppointmentDay.str[:10]]
    assert len(booked_after) == 5
    quarantined = query(built, "select source_file, reason, record_id, reason_detail from quality.quarantine")
    assert sorted((row[0], row[1], row[2]) for row in quarantined) == sorted(
        ("appointments.csv", "scheduled_before_booked", appointment) for appointment in booked_after.AppointmentID)
    assert all(" is before booked_at " in row[3] for row in quarantined)
    same_day = (export.ScheduledDay.str[:10] == export.AppointmentDay.str[:10]).sum()
    assert query(built, "select count(*) from marts.fct_appointment where lead_time_days < 1 "
                        "and cast(booked_at as date) = date_key") == [(same_day,)]


def test_ids_come_through_exactly(built, export):
    clean = export[export.ScheduledDay.str[:10] <= export.AppointmentDay.str[:10]]
    loaded = frame(built, """
        select appointment.appointment_id, patient.patient_id, patient.sex
        from marts.fct_appointment as appointment
        inner join marts.dim_patient as patient on appointment.patient_sk = patient.patient_sk""")
    loaded.columns = ["AppointmentID", "patient_id", "sex"]
    expected = clean[["AppointmentID", "PatientId", "Gender"]].sort_values("AppointmentID").reset_index(drop=True)
    loaded = loaded.sort_values("AppointmentID").reset_index(drop=True)
    assert loaded.AppointmentID.tolist() == expected.AppointmentID.tolist()
    assert (loaded.sex == expected.Gender).all()
    # every id is the text written, but for the five the export wrote as floats (9377952927E-5): their exact decimal
    floats = expected.PatientId.str.contains("E", regex=False)
    assert floats.sum() == 5
    assert (loaded.patient_id[~floats] == expected.PatientId[~floats]).all()
    assert "93779.52927" in set(loaded.patient_id[floats])
    assert not loaded.patient_id.str.contains(r"[eE]|\.0$").any()
    patients = query(built, "select count(*), count(distinct patient_id) from marts.dim_patient "
                            f"where patient_sk != '{MISSING_MEMBER}'")
    assert patients == [(PATIENTS, PATIENTS)]


def test_what_the_export_does_not_say_stays_unknown(built, export):
    filled = query(built, f"""
        select {', '.join(f'count({column})' for column in UNKNOWN_APPOINTMENT_COLUMNS)},
            count(*) filter (where provider_sk != '{MISSING_MEMBER}'),
            count(*) filter (where device_sk != '{MISSING_MEMBER}')
        from marts.fct_appointment""")
    assert filled == [(0,) * (len(UNKNOWN_APPOINTMENT_COLUMNS) + 2)]
    # the export gives an age at the appointment, not a birth date: no birth year, age band or region is made up
    assert query(built, f"""
        select count(birth_year), count(zip3), count(insurance_type), count(*) filter (where age_band != 'unknown')
        from marts.dim_patient where patient_sk != '{MISSING_MEMBER}'""") == [(0, 0, 0, 0)]


def test_outcomes_reminders_and_slots_are_the_exports(built, export):
    clean = export[export.ScheduledDay.str[:10] <= export.AppointmentDay.str[:10]]
    loaded = frame(built, """
        select appointment_id, status, is_due, is_no_show, reminder_sent,
            strftime(booked_at, '%Y-%m-%dT%H:%M:%SZ'), strftime(scheduled_at, '%Y-%m-%d %H:%M:%S'), hour_key
        from marts.fct_appointment order by appointment_id""")
    loaded.columns = ["AppointmentID", "status", "is_due", "is_no_show", "reminder_sent", "booked_at", "scheduled_at",
                      "hour_key"]
    expected = clean.sort_values("AppointmentID").reset_index(drop=True)
    assert (loaded.AppointmentID == expected.AppointmentID).all()
    assert (loaded.status == expected["No-show"].map({"Yes": "no_show", "No": "completed"})).all()
    assert loaded.is_due.all() and (loaded.is_no_show == (expected["No-show"] == "Yes")).all()
    assert (loaded.reminder_sent == (expected.SMS_received == "1")).all()
    assert (loaded.booked_at == expected.ScheduledDay).all()
    # the appointment day, at its last second (the slot's time is not in the export)
    assert (loaded.scheduled_at == expected.AppointmentDay.str[:10] + " 23:59:59").all()
    assert set(loaded.hour_key) == {23}


def test_the_report_shows_the_balance_of_the_export(built, capsys):
    code = no_show_report.main(["--warehouse", str(built)])
    printed = capsys.readouterr()
    assert f"appointments.csv: {RECORDS:,} lines = {RECORDS - 5:,} clean + 5 quarantined (scheduled_before_booked 5)" \
        in printed.out
    has_model = query(built, "select count(*) from information_schema.tables "
                             "where table_schema = 'marts' and table_name = 'mart_no_show_model'") == [(1,)]
    if has_model:  # a build with the scoring phase: the model's out-of-time AUC and its baseline
        assert code == 0 and "AUC" in printed.out and "Baseline AUC" in printed.out
    else:
        assert code == 1 and "no AUC to show" in printed.err
