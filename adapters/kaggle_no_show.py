"""python -m adapters.kaggle_no_show [--csv FILE] [--out DIR]

Maps the Medical Appointment No Shows export (KaggleV2-May-2016.csv: Vitória, Brazil, 2016) onto the raw
contract: DIR/patients.csv and DIR/appointments.csv from its rows, DIR/providers.csv and
DIR/appointment_feedback.csv with their header only (the export names no provider and has no survey), and
DIR/source.json (which file, its checksum, what was read and written). README, "A real export", says what maps
to what and why.

Nothing is invented: a contract column the export lacks is left empty, and a value the mapping does not know
is passed on as it is, so the warehouse quarantines it with a reason rather than the adapter guessing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from generators.csv_writer import write_csv, write_json
from healthcare_ops import settings
from healthcare_ops.raw_files import counted_records

EXPORT_COLUMNS = ["PatientId", "AppointmentID", "Gender", "ScheduledDay", "AppointmentDay", "Age", "Neighbourhood",
                  "Scholarship", "Hipertension", "Diabetes", "Alcoholism", "Handcap", "SMS_received", "No-show"]
PATIENT_COLUMNS = ["patient_id", "first_name", "last_name", "birth_date", "sex", "street", "city", "state", "zip",
                   "phone", "insurance_type", "registered_at"]
PROVIDER_COLUMNS = ["provider_id", "name", "npi", "specialty", "practice_name", "city", "state", "active_since"]
APPOINTMENT_COLUMNS = ["appointment_id", "patient_id", "provider_id", "booked_at", "scheduled_at", "status", "device",
                       "wait_minutes", "duration_minutes", "technical_issue", "connection_quality", "reason",
                       "reminder_sent", "rescheduled_from"]
FEEDBACK_COLUMNS = ["feedback_id", "appointment_id", "submitted_at", "overall_rating", "provider_rating",
                    "connection_rating", "comment"]

# `No-show` answers "did the patient miss it?"; every row is an appointment whose day came (no cancellations).
STATUSES = {"No": "completed", "Yes": "no_show"}
REMINDERS = {"0": "false", "1": "true"}
# AppointmentDay is a day: its time is always midnight. The slot's time is unknown, but not later than the day's
# last second, and a same-day booking (ScheduledDay at 18:38 for AppointmentDay 00:00) is no slot before its
# booking: the day is mapped to its last second, so only a booking dated after the appointment's day is
# scheduled_before_booked.
DAY_ONLY = r"^(?P<day>\d{4}-\d{2}-\d{2})(?:T00:00:00Z)?$"
END_OF_DAY = "T23:59:59Z"
# An id a spreadsheet or pandas wrote as a float: 29872499824296.0, 2.98724998243e+13, 9377952927E-5.
FLOAT_TEXT = r"^(?P<sign>-?)(?P<whole>\d*)(?:\.(?P<fraction>\d*))?(?:[eE](?P<exponent>[+-]?\d+))?$"


class ExportError(Exception):
    """The file is not the export this adapter maps, or could not be read whole."""


@dataclass(frozen=True)
class Mapped:
    patients: pa.Table
    appointments: pa.Table
    records: int  # the export's records: every one is a row of appointments


def plain_ids(text: pd.Series) -> pd.Series:
    """Ids as the exact decimal they were written as, in plain notation: 9377952927E-5 is 93779.52927 and
    29872499824296.0 is 29872499824296 (no float is ever made, so no digit is rounded). Anything else, a plain
    whole number included, is kept as written."""
    parts = text.str.extract(FLOAT_TEXT)
    has_digits = (parts.whole.fillna("") + parts.fraction.fillna("")) != ""
    # an exponent beyond any id's length (1e999999) is kept as written rather than spelt out in zeros
    exponent_fits = parts.exponent.fillna("0").str.fullmatch(r"[+-]?\d{1,2}")
    floating = has_digits & exponent_fits & (parts.fraction.notna() | parts.exponent.notna())
    if not floating.any():
        return text
    parts = parts[floating].fillna({"whole": "", "fraction": "", "exponent": "0"})
    digits = parts.whole + parts.fraction
    # where the decimal point falls in `digits`, counted from the left
    point = parts.whole.str.len() + parts.exponent.astype(int)
    plain = text.copy()
    for at in point.unique():  # a handful of distinct positions, each done for all its ids at once
        group = point == at
        if at < 1:  # 0.000123: the zeros the point moved over go in front
            shifted, width = pd.Series("0" * (1 - at), index=digits[group].index) + digits[group], 1
        else:  # 2.98724998243e+13: the zeros it moved over go behind
            shifted, width = digits[group].str.ljust(at, "0"), at
        whole = shifted.str[:width].str.lstrip("0").replace("", "0")
        fraction = shifted.str[width:].str.rstrip("0")
        plain.loc[group[group].index] = parts.sign[group] + whole + ("." + fraction).where(fraction != "", "")
    return plain


def end_of_day(day: pd.Series) -> pd.Series:
    """A day (YYYY-MM-DD, or its midnight in UTC) as its last second; any other text as it is."""
    found = day.str.extract(DAY_ONLY).day
    return (found + END_OF_DAY).where(found.notna(), day)


def recoded(values: pd.Series, codes: dict[str, str]) -> pd.Series:
    """values in `codes` recoded; any other value passed on as it is, for the warehouse to quarantine."""
    return values.map(codes).fillna(values)


def nothing(rows: int) -> pa.Array:
    return pa.nulls(rows, pa.string())


def empty_or_text(values: pd.Series) -> pa.Array:
    """Text, an empty value as empty (null), never as a quoted empty string."""
    return pa.array(values.where(values != "", None), pa.string())


def read_export(path: Path) -> pd.DataFrame:
    """Every field as the text it was written as (ids stay text: read as numbers, long ones would be rounded)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ExportError(f"{path} could not be read as a CSV: {error}") from error
    if list(frame.columns) != EXPORT_COLUMNS:
        raise ExportError(f"{path} has the columns {list(frame.columns)}, not the export's {EXPORT_COLUMNS}")
    records = counted_records(str(path), has_header=True)
    if len(frame) != records:  # e.g. a quoted field running over lines: nothing may be dropped or joined unseen
        raise ExportError(f"{path} holds {records:,} records but {len(frame):,} rows were read from it")
    return frame.fillna("")


def contract_table(columns: list[str], rows: int, known: dict[str, pa.Array]) -> pa.Table:
    """A raw file's columns in the contract's order: those the export gives, the others empty."""
    return pa.table({column: known.get(column, nothing(rows)) for column in columns})


def map_export(frame: pd.DataFrame) -> Mapped:
    patient_ids = plain_ids(frame.PatientId.str.strip())
    # One registry row per patient and sex: a patient exported with two sexes gets two rows, which the warehouse
    # holds back as a duplicate_id (it cannot know which is right), with that patient's appointments.
    patients = pd.DataFrame({"patient_id": patient_ids, "sex": frame.Gender}).drop_duplicates()
    registry = contract_table(PATIENT_COLUMNS, len(patients), {
        "patient_id": empty_or_text(patients.patient_id),
        "sex": empty_or_text(patients.sex),
    })
    appointments = contract_table(APPOINTMENT_COLUMNS, len(frame), {
        "appointment_id": empty_or_text(plain_ids(frame.AppointmentID.str.strip())),
        "patient_id": empty_or_text(patient_ids),
        "booked_at": empty_or_text(frame.ScheduledDay),
        "scheduled_at": empty_or_text(end_of_day(frame.AppointmentDay.str.strip())),
        "status": empty_or_text(recoded(frame["No-show"].str.strip(), STATUSES)),
        "reminder_sent": empty_or_text(recoded(frame.SMS_received.str.strip(), REMINDERS)),
    })
    return Mapped(registry, appointments, len(frame))


def header_only(columns: list[str]) -> pa.Table:
    return contract_table(columns, 0, {})


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def adapt(export: Path, out: Path) -> Mapped:
    """Map `export` into the raw folder `out` (created if missing); returns what was written."""
    mapped = map_export(read_export(export))
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "patients.csv", mapped.patients)
    write_csv(out / "providers.csv", header_only(PROVIDER_COLUMNS))
    write_csv(out / "appointments.csv", mapped.appointments)
    write_csv(out / "appointment_feedback.csv", header_only(FEEDBACK_COLUMNS))
    write_json(out / "source.json", {
        "export": str(export),
        "sha256": sha256(export),
        "records": mapped.records,
        "rows": {"patients.csv": mapped.patients.num_rows, "providers.csv": 0,
                 "appointments.csv": mapped.appointments.num_rows, "appointment_feedback.csv": 0},
    })
    return mapped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m adapters.kaggle_no_show", description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=settings.no_show_csv(),
                        help="the export (default $NO_SHOW_CSV or ../shared/external/KaggleV2-May-2016.csv)")
    parser.add_argument("--out", type=Path, default=settings.no_show_dir() / "raw",
                        help="the raw folder to write (default $NO_SHOW_DIR/raw, NO_SHOW_DIR defaulting to "
                             "data/external/kaggle-no-show)")
    options = parser.parse_args(argv)
    if not options.csv.is_file():
        print(f"No export at {options.csv}: set NO_SHOW_CSV to the Medical Appointment No Shows CSV.",
              file=sys.stderr)
        return 2
    try:
        mapped = adapt(options.csv, options.out)
    except ExportError as error:
        print(f"Not mapped: {error}", file=sys.stderr)
        return 1
    print(f"Mapped {mapped.records:,} appointments of {mapped.patients.num_rows:,} patients into {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
