"""Rows that would be clean, made from what the baseline build holds, and the text of CSV and capture lines.

A corruption starts from a clean row with a new id and real parents, so that the one thing it breaks is
the only reason the row can be held back: were the warehouse to let it through, the marts would change.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from edits import CAPTURE, CSV_FILES, Edit, HostileLine, Insert, quarantined

# Parent ids no raw file holds (generated ids are P0000001, C00000001, ...).
MISSING_PATIENT = "FZP-NOBODY"
MISSING_CASE = "FZC-NOCASE"
MISSING_ADVOCATE = "FZA-NOBODY"
MISSING_PROVIDER = "FZD-NOBODY"
MISSING_APPOINTMENT = "FZT-NOVISIT"
MISSING_ACCOUNT = "001FZ-NOACCOUNT"
MISSING_CONTACT = "003FZ-NOCONTACT"
MISSING_ENCOUNTER = "FZN-NOSTAY"
# For each file: the one change that certainly holds a row back, and the reason it is held back with; rows
# carrying hostile text are spoiled this way, so the text is tested where it lands (raw_values) and nowhere else.
SPOILERS: dict[str, tuple[str, str, str]] = {
    "patients.csv": ("sex", "Q", "unknown_category"),
    "providers.csv": ("specialty", "wizardry", "unknown_category"),
    "advocates.csv": ("team", "pirates", "unknown_category"),
    "cases.csv": ("patient_id", MISSING_PATIENT, "unknown_reference"),
    "case_events.csv": ("case_id", MISSING_CASE, "unknown_reference"),
    "interactions.csv": ("case_id", MISSING_CASE, "unknown_reference"),
    "patient_feedback.csv": ("case_id", MISSING_CASE, "unknown_reference"),
    "appointments.csv": ("patient_id", MISSING_PATIENT, "unknown_reference"),
    "appointment_feedback.csv": ("appointment_id", MISSING_APPOINTMENT, "unknown_reference"),
    "crm_accounts.csv": ("Name", "", "missing_required"),
    "crm_contacts.csv": ("AccountId", MISSING_ACCOUNT, "unknown_reference"),
    "crm_activities.csv": ("WhoId", MISSING_CONTACT, "unknown_reference"),
    "crm_opportunities.csv": ("AccountId", MISSING_ACCOUNT, "unknown_reference"),
    # (a category is checked before any reference: the text column below may hold anything)
    "inventory_usage.csv": ("item_id", "FZ-NOITEM", "unknown_category"),
    "referrals.csv": ("service_line", "wizardry", "unknown_category"),
}
# Where a file keeps free text (for cases, inside metadata_json, which must stay valid JSON; appointments have
# none, so an optional id column takes it).
TEXT_COLUMNS = {
    "patients.csv": "city", "providers.csv": "practice_name", "advocates.csv": "name", "cases.csv": "metadata_json",
    "case_events.csv": "advocate_id", "interactions.csv": "advocate_id", "patient_feedback.csv": "comment",
    "appointments.csv": "rescheduled_from", "appointment_feedback.csv": "comment",
    "crm_accounts.csv": "BillingStreet", "crm_contacts.csv": "Title", "crm_activities.csv": "Subject",
    "crm_opportunities.csv": "Name", "inventory_usage.csv": "encounter_id", "referrals.csv": "referring_provider_id",
}
# dbt_project.yml's clock_skew_tolerance_minutes: an event stamped later than the hub received it beyond this
# takes the receipt time (the stays' times below are the warehouse's, so a supply use dated within is clean).
CLOCK_SKEW_TOLERANCE_MINUTES = 5
# The registry's direct identifiers of a patient (macros/raw_files.sql, identifier_columns): never published.
PATIENT_IDENTIFIERS = ("first_name", "last_name", "street", "phone")
CASE_CHILDREN = ("case_events.csv", "interactions.csv", "patient_feedback.csv")


@dataclass(frozen=True)
class CaseFact:
    case_id: str
    created_at: datetime


@dataclass(frozen=True)
class AppointmentFact:
    appointment_id: str
    scheduled_at: datetime
    status: str


@dataclass(frozen=True)
class StayFact:
    """A clean encounter from its arrival to its discharge, in the times the warehouse corrects them to."""

    encounter_id: str
    arrived_at: datetime
    discharged_at: datetime


@dataclass(frozen=True)
class ArrivalFact:
    encounter_id: str
    patient_id: str
    arrived_at: datetime


@dataclass(frozen=True)
class Facts:
    """What the baseline build says of the generated files: their headers, clean ids and clean lines."""

    raw_dir: Path
    headers: dict[str, tuple[str, ...]]
    patients: tuple[str, ...]
    providers: tuple[str, ...]
    advocates: tuple[str, ...]
    cases: tuple[CaseFact, ...]
    appointments: tuple[AppointmentFact, ...]
    arrivals: tuple[ArrivalFact, ...]
    accounts: tuple[str, ...]
    contacts: tuple[str, ...]
    stays: tuple[StayFact, ...]
    items: tuple[str, ...]
    clean_lines: dict[str, tuple[int, ...]]  # source_path (as in quality.quarantine) -> clean physical lines

    def visits(self, completed: bool = True) -> tuple[AppointmentFact, ...]:
        """The clean appointments that took place (a survey may follow them), or those that did not."""
        return tuple(visit for visit in self.appointments if (visit.status == "completed") == completed)

    def line(self, source_path: str, number: int) -> bytes:
        return (self.raw_dir / source_path).read_bytes().split(b"\n")[number - 1]

    @classmethod
    def load(cls, raw_dir: Path, warehouse: Path) -> Facts:
        headers = {name: tuple((raw_dir / name).read_text().split("\n", 1)[0].split(",")) for name in CSV_FILES}
        identifiers = warehouse.with_name(warehouse.name + ".identifiers")
        with duckdb.connect(str(identifiers), read_only=True) as connection:
            patients = clean_ids(connection, "quality.chk_registry__patients", "patient_id")
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            cases = tuple(CaseFact(*row) for row in connection.execute(
                "select case_id, created_at from quality.chk_advocacy__cases where rejection_reason is null "
                "order by case_id").fetchall())
            appointments = tuple(AppointmentFact(*row) for row in connection.execute(
                "select appointment_id, scheduled_at, status from quality.chk_telehealth__appointments "
                "where rejection_reason is null order by appointment_id").fetchall())
            arrivals = tuple(ArrivalFact(*row) for row in connection.execute(
                "select encounter_id, patient_id, reported_event_time from quality.chk_patient_flow__events "
                "where rejection_reason is null and event_type = 'arrival' order by encounter_id").fetchall())
            stays = tuple(StayFact(*row) for row in connection.execute(f"""
                with corrected as (
                    select encounter_id, event_type,
                        case when reported_event_time > enqueued_at + interval {CLOCK_SKEW_TOLERANCE_MINUTES} minute
                            then enqueued_at else reported_event_time end as event_time
                    from quality.chk_patient_flow__events where rejection_reason is null
                )
                select encounter_id, min(case when event_type = 'arrival' then event_time end) as arrived_at,
                    max(case when event_type = 'discharged' then event_time end) as discharged_at
                from corrected group by encounter_id
                having arrived_at is not null and discharged_at > arrived_at order by encounter_id
            """).fetchall())
            quarantined = set(connection.execute("select source_path, line_number from quality.quarantine").fetchall())
            return cls(
                raw_dir=raw_dir, headers=headers, patients=patients,
                providers=clean_ids(connection, "quality.chk_registry__providers", "provider_id"),
                advocates=clean_ids(connection, "quality.chk_advocacy__advocates", "advocate_id"),
                cases=cases, appointments=appointments, arrivals=arrivals,
                accounts=clean_ids(connection, "quality.chk_crm__accounts", "account_id"),
                contacts=clean_ids(connection, "quality.chk_crm__contacts", "contact_id"),
                stays=stays,
                items=tuple(row[0] for row in connection.execute(
                    "select item_id from reference.inventory__supply_items order by 1").fetchall()),
                clean_lines=clean_lines(raw_dir, quarantined),
            )


def clean_ids(connection: duckdb.DuckDBPyConnection, model: str, column: str) -> tuple[str, ...]:
    return tuple(row[0] for row in connection.execute(
        f"select distinct {column} from {model} where rejection_reason is null order by 1").fetchall())


def clean_lines(raw_dir: Path, quarantined: set[tuple[str, int]]) -> dict[str, tuple[int, ...]]:
    paths = [*CSV_FILES, *(f"{CAPTURE}/{path.name}" for path in sorted((raw_dir / CAPTURE).glob("*.ndjson")))]
    lines = {}
    for source_path in paths:
        first = 2 if source_path in CSV_FILES else 1
        texts = (raw_dir / source_path).read_bytes().split(b"\n")
        lines[source_path] = tuple(number for number, text in enumerate(texts, start=1)
                                   if number >= first and text.strip() and (source_path, number) not in quarantined)
    return lines


class FreshIds:
    """Ids no generated file uses: FZ, a letter for the table, a running number."""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self, prefix: str) -> str:
        self.issued += 1
        return f"FZ{prefix}{self.issued:06d}"


@dataclass
class Draw:
    """What a corruption makes its lines from: a seeded random source, the baseline's facts, fresh ids and a
    piece of text drawn by hypothesis."""

    rng: random.Random
    facts: Facts
    fresh: FreshIds = field(default_factory=FreshIds)
    text: str = "hostile text"


def timestamp(moment: datetime, rng: random.Random) -> str:
    return moment.strftime("%Y-%m-%d" + rng.choice([" ", "T"]) + "%H:%M:%S")


def salesforce_time(moment_utc: datetime) -> str:
    """A Salesforce export's CreatedDate: 2026-03-01T14:05:00.000Z."""
    return f"{moment_utc:%Y-%m-%dT%H:%M:%S}.000Z"


def with_offset(moment_utc: datetime, hours: int) -> str:
    """The same instant written in local time with its offset (+05:00 is five hours ahead of UTC)."""
    local = moment_utc + timedelta(hours=hours)
    sign = "+" if hours >= 0 else "-"
    return f"{local:%Y-%m-%dT%H:%M:%S}{sign}{abs(hours):02d}:00"


def metadata(handoff_count: float = 1, barriers: list[str] | None = None) -> str:
    return json.dumps({
        "intake_source": "web", "barriers": barriers or [], "handoff_count": handoff_count, "complexity": "medium",
        "submitted_documents": ["insurance_card"],
        "support_flags": {"interpreter_needed": False, "caregiver_involved": False, "vulnerable_population": False},
        "missing_docs": False,
    })


def clean_row(raw_source: str, draw: Draw) -> dict[str, str]:
    """A row of `raw_source` that would be clean: a new id, real parents, values of every type in range."""
    rng, facts, fresh = draw.rng, draw.facts, draw.fresh
    case = rng.choice(facts.cases)
    after_case = case.created_at + timedelta(hours=rng.randint(1, 48), seconds=rng.randint(0, 3599))
    visit = rng.choice(facts.visits())
    stay = rng.choice(facts.stays)
    created = salesforce_time(datetime(2025, 1, 1) + timedelta(days=rng.randint(0, 400), seconds=rng.randint(0, 86399)))
    rows = {
        "patients.csv": {
            "patient_id": (patient_id := fresh("P")), "first_name": "Ada", "last_name": "Fuzzwell",
            "birth_date": "1980-04-02", "sex": rng.choice("FMU"), "street": "1 Fuzz Way", "city": "Fuzzton",
            "state": "VA", "zip": "22001", "phone": f"555-{patient_id}",  # unique: the secret to look for
            "insurance_type": "medicare", "registered_at": "2024-01-01 10:00:00"},
        "providers.csv": {
            "provider_id": fresh("D"), "name": "Dr. Fuzz Tester", "npi": "1999999999", "specialty": "cardiology",
            "practice_name": "Fuzz Clinic", "city": "Fuzzton", "state": "VA", "active_since": "2010-01-01"},
        "advocates.csv": {
            "advocate_id": fresh("A"), "name": "Fuzz Advocate", "team": "billing", "capacity": "3",
            "hired_at": "2020-01-01"},
        "cases.csv": {
            "case_id": fresh("C"), "patient_id": rng.choice(facts.patients), "advocate_id": rng.choice(facts.advocates),
            "case_type": "billing_dispute", "priority": "low", "status": "open",
            "created_at": timestamp(case.created_at + timedelta(hours=1), rng), "metadata_json": metadata()},
        "case_events.csv": {
            "event_id": fresh("E"), "case_id": case.case_id, "event_type": "first_response",
            "event_at": timestamp(after_case, rng), "advocate_id": rng.choice(facts.advocates)},
        "interactions.csv": {
            "interaction_id": fresh("I"), "case_id": case.case_id, "advocate_id": rng.choice(facts.advocates),
            "channel": "phone", "direction": "inbound", "occurred_at": timestamp(after_case, rng),
            "duration_minutes": "12"},
        "patient_feedback.csv": {
            "feedback_id": fresh("F"), "case_id": case.case_id, "csat": "4",
            "submitted_at": timestamp(after_case, rng), "comment": "Fuzz comment"},
        "appointments.csv": {
            "appointment_id": fresh("T"), "patient_id": rng.choice(facts.patients),
            "provider_id": rng.choice(facts.providers),
            "booked_at": timestamp(
                visit.scheduled_at - timedelta(days=rng.randint(1, 30), seconds=rng.randint(0, 3599)), rng),
            "scheduled_at": timestamp(visit.scheduled_at, rng), "status": "completed", "device": "mobile",
            "wait_minutes": "6", "duration_minutes": "18", "technical_issue": "false", "connection_quality": "4",
            "reason": "follow_up", "reminder_sent": "true", "rescheduled_from": ""},
        "appointment_feedback.csv": {
            "feedback_id": fresh("R"), "appointment_id": visit.appointment_id,
            "submitted_at": timestamp(visit.scheduled_at + timedelta(hours=rng.randint(1, 48)), rng),
            "overall_rating": "4", "provider_rating": "4", "connection_rating": "4", "comment": "Fuzz comment"},
        "crm_accounts.csv": {
            "Id": fresh("001"), "Name": "Fuzz Practice", "Type": "Prospect", "BillingStreet": "1 Fuzz Way",
            "BillingCity": "Fuzzton", "BillingState": "VA", "BillingPostalCode": "22001", "Phone": "555-0100",
            "CreatedDate": created},
        "crm_contacts.csv": {
            "Id": fresh("003"), "AccountId": rng.choice(facts.accounts), "Salutation": "Dr.", "FirstName": "Ada",
            "LastName": "Fuzzwell", "Title": "Physician", "NPI__c": "1999999999", "Email": "ada@fuzz.example",
            "Phone": "555-0101", "MailingCity": "Fuzzton", "MailingState": "VA", "CreatedDate": created},
        "crm_activities.csv": {
            "Id": fresh("00T"), "WhoId": rng.choice(facts.contacts), "WhatId": rng.choice(facts.accounts),
            "Type": rng.choice(["Call", "Visit", "Email"]), "Subject": "Fuzz call", "ActivityDate": "2026-03-01",
            "Status": "Completed", "CreatedDate": created},
        "crm_opportunities.csv": {
            "Id": fresh("006"), "AccountId": rng.choice(facts.accounts), "ContactId": rng.choice(facts.contacts),
            "Name": "Fuzz deal", "StageName": "Value Proposition", "Amount": "1234.50", "Probability": "50",
            "ExpectedRevenue": "617.25", "CloseDate": "2026-12-31", "IsClosed": "false", "IsWon": "false",
            "LeadSource": "Web", "CreatedDate": created},
        "inventory_usage.csv": {
            "usage_id": fresh("U"), "encounter_id": stay.encounter_id, "item_id": rng.choice(facts.items),
            "quantity": "2",
            "used_at": timestamp(stay.arrived_at + (stay.discharged_at - stay.arrived_at) / 2, rng)},
        "referrals.csv": {
            "referral_id": fresh("RF"), "patient_id": rng.choice(facts.patients),
            "referring_provider_id": rng.choice(facts.providers), "service_line": "oncology",
            "referred_at": timestamp(case.created_at, rng)},
    }
    row = rows[raw_source]
    assert tuple(row) == facts.headers[raw_source], f"{raw_source}: the contract's header changed: {facts.headers}"
    return row


def spoiled_row(raw_source: str, draw: Draw) -> tuple[dict[str, str], str]:
    """A row certainly held back, and the reason: see SPOILERS."""
    row = clean_row(raw_source, draw)
    column, value, reason = SPOILERS[raw_source]
    row[column] = value
    return row, reason


def with_text(raw_source: str, row: dict[str, str], text: str) -> dict[str, str]:
    """The row with `text` in the file's free-text column (never blank: a blank advocate_id is another reason)."""
    text = text if text.strip() else f"x{text}"
    column = TEXT_COLUMNS[raw_source]
    row[column] = metadata(barriers=[text]) if column == "metadata_json" else text
    return row


def csv_field(value: str, always_quote: bool = False) -> str:
    if always_quote or any(character in value for character in ',"\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(values: dict[str, str] | list[str], always_quote: bool = False) -> str:
    fields = values.values() if isinstance(values, dict) else values
    return ",".join(csv_field(value, always_quote) for value in fields)


def clean_envelope(draw: Draw) -> dict:
    """A capture line that would be clean: the arrival of a new encounter of a registry patient."""
    rng, fresh = draw.rng, draw.fresh
    moment = rng.choice(draw.facts.arrivals).arrived_at + timedelta(minutes=rng.randint(1, 600))
    return {
        "sequence_number": 900_000_000 + draw.fresh.issued,
        "enqueued_at": f"{moment + timedelta(seconds=20):%Y-%m-%dT%H:%M:%S}",
        "body": {
            "event_id": fresh("V"), "encounter_id": fresh("N"), "event_type": "arrival",
            "event_time": f"{moment:%Y-%m-%dT%H:%M:%S}", "patient_id": rng.choice(draw.facts.patients),
            "department": "emergency", "service_line": "emergency", "referring_provider_id": None,
            "age": rng.randint(1, 90), "acuity": rng.randint(1, 5), "disposition": None, "total_cost": None,
            "satisfaction": None,
        },
    }


def spoiled_envelope(draw: Draw) -> tuple[dict, str]:
    envelope = clean_envelope(draw)
    envelope["body"]["patient_id"] = MISSING_PATIENT
    return envelope, "unknown_reference"


def json_line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---- the pieces of a hostile line -------------------------------------------------------------------------


def row_line(raw_source: str, text: str | bytes, row: dict[str, str] | None, *reasons: str) -> HostileLine:
    """A CSV line; a patients' row carries its phone as a secret, which the quarantine must withhold."""
    secret = row.get("phone") if row and raw_source == "patients.csv" else None
    return quarantined(text, *reasons, secret=secret)


def one_line(raw_source: str, line: HostileLine, **placement: object) -> list[Edit]:
    return [Insert(raw_source, (line,), **placement)]


def fields_of(row: dict[str, str]) -> list[str]:
    return [csv_field(value) for value in row.values()]


def quote_free_column(row: dict[str, str], rng: random.Random) -> int:
    """A column whose value is a plain non-empty word (no quote or comma), so it can be broken on its own."""
    plain = [index for index, value in enumerate(row.values()) if value and not set(value) & set('",\r')]
    return rng.choice(plain)


def capture_text(draw: Draw, change: Callable[[dict], None] | None = None) -> tuple[str, dict]:
    envelope = clean_envelope(draw)
    if change:
        change(envelope)
    return json_line(envelope), envelope


def set_field(envelope: dict, column: str, value: object) -> None:
    (envelope if column in ("enqueued_at", "sequence_number") else envelope["body"])[column] = value
