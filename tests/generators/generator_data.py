"""Generated datasets, read back with the stdlib csv module and checked row by row.

`find_problems` is an independent, plain-Python reading of the raw contract: it lists every
problem of every row, so tests can compare the bad rows found with those truth.json claims
and use the rows without problems as the clean data.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generators.__main__ import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CONTRACT = {
    "patients.csv": ["patient_id", "first_name", "last_name", "birth_date", "sex", "street", "city", "state", "zip",
                     "phone", "insurance_type", "registered_at"],
    "providers.csv": ["provider_id", "name", "npi", "specialty", "practice_name", "city", "state", "active_since"],
    "appointments.csv": ["appointment_id", "patient_id", "provider_id", "booked_at", "scheduled_at", "status", "device",
                         "wait_minutes", "duration_minutes", "technical_issue", "connection_quality", "reason",
                         "reminder_sent", "rescheduled_from"],
    "appointment_feedback.csv": ["feedback_id", "appointment_id", "submitted_at", "overall_rating", "provider_rating",
                                 "connection_rating", "comment"],
    "advocates.csv": ["advocate_id", "name", "team", "capacity", "hired_at"],
    "cases.csv": ["case_id", "patient_id", "advocate_id", "case_type", "priority", "status", "created_at",
                  "metadata_json"],
    "case_events.csv": ["event_id", "case_id", "event_type", "event_at", "advocate_id"],
    "interactions.csv": ["interaction_id", "case_id", "advocate_id", "channel", "direction", "occurred_at",
                         "duration_minutes"],
    "patient_feedback.csv": ["feedback_id", "case_id", "csat", "submitted_at", "comment"],
    "crm_accounts.csv": ["Id", "Name", "Type", "BillingStreet", "BillingCity", "BillingState", "BillingPostalCode",
                         "Phone", "CreatedDate"],
    "crm_contacts.csv": ["Id", "AccountId", "Salutation", "FirstName", "LastName", "Title", "NPI__c", "Email", "Phone",
                         "MailingCity", "MailingState", "CreatedDate"],
    "crm_activities.csv": ["Id", "WhoId", "WhatId", "Type", "Subject", "ActivityDate", "Status", "CreatedDate"],
    "crm_opportunities.csv": ["Id", "AccountId", "ContactId", "Name", "StageName", "Amount", "Probability",
                              "ExpectedRevenue", "CloseDate", "IsClosed", "IsWon", "LeadSource", "CreatedDate"],
    "inventory_usage.csv": ["usage_id", "encounter_id", "item_id", "quantity", "used_at"],
    "referrals.csv": ["referral_id", "patient_id", "referring_provider_id", "service_line", "referred_at"],
}
CATEGORIES = {
    "sex": {"F", "M", "U"},
    "insurance_type": {"commercial", "medicare", "medicaid", "self_pay", "tricare"},
    "specialty": {"family_medicine", "internal_medicine", "emergency_medicine", "cardiology", "oncology", "pediatrics",
                  "obstetrics_gynecology", "orthopedics", "critical_care"},
    "team": {"billing", "authorizations", "navigation", "care_coordination"},
    "case_type": {"billing_dispute", "prior_authorization", "provider_search", "care_coordination", "claim_denial"},
    "priority": {"low", "medium", "high", "urgent"},
    "status": {"open", "in_progress", "pending_docs", "escalated", "reopened", "resolved"},
    "event_type": {"created", "assigned", "first_response", "docs_requested", "docs_received", "provider_contacted",
                   "insurer_contacted", "escalated", "reassigned", "resolved", "reopened"},
    "channel": {"phone", "email", "sms", "portal", "video"},
    "direction": {"inbound", "outbound"},
    "intake_source": {"phone", "web", "email", "referral", "chat"},
    "complexity": {"low", "medium", "high"},
    "StageName": {"Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers",
                  "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"},
    "LeadSource": {"Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"},
    "Status": {"Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"},
    "service_line": {"emergency", "critical_care", "general_medicine", "cardiovascular", "oncology", "pediatrics",
                     "womens_health", "musculoskeletal", "primary_care"},
}
CATEGORIES_OF_FILE = {  # where a file's column shares a name with another file's but not its categories
    "appointments.csv": {
        "status": {"completed", "cancelled", "rescheduled", "no_show", "scheduled"},
        "device": {"mobile", "tablet", "desktop"},
        "reason": {"follow_up", "new_symptoms", "medication_review", "test_results", "chronic_condition",
                   "mental_health"},
    },
    "crm_accounts.csv": {"Type": {"Customer - Direct", "Prospect", "Other"}},
    "crm_activities.csv": {"Type": {"Call", "Visit", "Email"}},
}


def boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


TYPES = {  # columns that must parse, by parser
    "birth_date": date.fromisoformat, "hired_at": date.fromisoformat, "active_since": date.fromisoformat,
    "registered_at": datetime.fromisoformat, "created_at": datetime.fromisoformat,
    "event_at": datetime.fromisoformat, "occurred_at": datetime.fromisoformat,
    "submitted_at": datetime.fromisoformat,
    "capacity": int, "duration_minutes": int, "csat": int,
    "booked_at": datetime.fromisoformat, "scheduled_at": datetime.fromisoformat, "wait_minutes": int,
    "connection_quality": int, "technical_issue": boolean, "reminder_sent": boolean, "overall_rating": int,
    "provider_rating": int, "connection_rating": int,
    "CreatedDate": datetime.fromisoformat, "ActivityDate": date.fromisoformat, "CloseDate": date.fromisoformat,
    "Amount": float, "ExpectedRevenue": float, "Probability": int, "IsClosed": boolean, "IsWon": boolean,
    "quantity": int, "used_at": datetime.fromisoformat, "referred_at": datetime.fromisoformat,
}
NULLABLE = {  # columns that may be empty, by file
    "case_events.csv": {"advocate_id"},
    "appointments.csv": {"provider_id", "device", "reason", "wait_minutes", "duration_minutes", "technical_issue",
                         "connection_quality", "rescheduled_from"},
    "crm_contacts.csv": {"Salutation", "Title", "NPI__c", "Email"},
    "crm_opportunities.csv": {"ContactId"},
}
REQUIRED = {  # columns that must not be empty, by file, where the generator plants an empty one
    "appointments.csv": {"patient_id"},
    "crm_accounts.csv": {"Name"},
    "referrals.csv": {"patient_id"},
}
RANGES = {  # inclusive bounds of numeric columns
    "capacity": (1, 10**9), "csat": (1, 5), "duration_minutes": (0, 1440), "wait_minutes": (0, 1440),
    "connection_quality": (1, 5), "overall_rating": (1, 5), "provider_rating": (1, 5), "connection_rating": (1, 5),
    "Probability": (0, 100), "quantity": (1, 10**6),
}
ENCOUNTERS = "patient_flow"  # the capture folder's encounter ids (read from its lines)
SUPPLY_ITEMS = "inventory__supply_items"  # the seed's item ids
PARENTS = {  # column -> file whose first column it references
    "patients.csv": {},
    "providers.csv": {},
    "advocates.csv": {},
    "cases.csv": {"patient_id": "patients.csv", "advocate_id": "advocates.csv"},
    "case_events.csv": {"case_id": "cases.csv", "advocate_id": "advocates.csv"},
    "interactions.csv": {"case_id": "cases.csv", "advocate_id": "advocates.csv"},
    "patient_feedback.csv": {"case_id": "cases.csv"},
    "appointments.csv": {"patient_id": "patients.csv", "provider_id": "providers.csv",
                         "rescheduled_from": "appointments.csv"},
    "appointment_feedback.csv": {"appointment_id": "appointments.csv"},
    "crm_accounts.csv": {},
    "crm_contacts.csv": {"AccountId": "crm_accounts.csv"},
    "crm_activities.csv": {"WhoId": "crm_contacts.csv", "WhatId": "crm_accounts.csv"},
    "crm_opportunities.csv": {"AccountId": "crm_accounts.csv", "ContactId": "crm_contacts.csv"},
    "inventory_usage.csv": {"encounter_id": ENCOUNTERS, "item_id": SUPPLY_ITEMS},
    "referrals.csv": {"patient_id": "patients.csv", "referring_provider_id": "providers.csv"},
}
METADATA_KEYS = {"intake_source", "barriers", "handoff_count", "complexity", "submitted_documents", "support_flags",
                 "missing_docs"}


@dataclass
class Dataset:
    out: Path
    truth: dict
    rows: dict[str, list[list[str]]]  # data rows in file order, as the csv module splits them
    problems: dict[str, list[list[str]]]  # every problem of every row, aligned with `rows`
    clean: dict[str, list[dict]]  # rows without problems (the first of exact copies), as dicts

    def bytes_of(self, file_name: str) -> bytes:
        return (self.out / file_name).read_bytes()


def _parse_problems(file_name: str, record: dict) -> list[str]:
    problems = []
    empty = {column for column in NULLABLE.get(file_name, ()) if record[column] == ""}
    for column, parse in TYPES.items():
        if column in record and column not in empty:
            try:
                parse(record[column])
            except ValueError:
                problems.append("unparseable_value")
    return problems


def _row_problems(file_name: str, record: dict, readable: dict[str, set], clean: dict[str, dict]) -> list[str]:
    empty = {column for column in NULLABLE.get(file_name, ()) if record[column] == ""}
    problems = _parse_problems(file_name, record)
    if problems:  # like a CSV reader: a line with a value it cannot cast goes no further
        return problems
    if any(record[column] == "" for column in REQUIRED.get(file_name, ())):
        return ["missing_required"]
    for column, known in {**CATEGORIES, **CATEGORIES_OF_FILE.get(file_name, {})}.items():
        if column in record and column not in empty and record[column] not in known:
            problems.append("unknown_category")
    if "metadata_json" in record:
        try:
            metadata = json.loads(record["metadata_json"])
        except json.JSONDecodeError:
            problems.append("invalid_json")
        else:
            if set(metadata) != METADATA_KEYS or metadata["intake_source"] not in CATEGORIES["intake_source"] \
                    or metadata["complexity"] not in CATEGORIES["complexity"]:
                problems.append("invalid_json")
    for column, parent in PARENTS[file_name].items():
        if column in empty:
            continue
        if record[column] not in readable[parent]:
            problems.append("unknown_reference")
        elif parent != file_name and parent in clean and record[column] not in clean[parent]:  # as the warehouse
            problems.append("parent_quarantined")
    if any(not low <= int(record[column]) <= high
           for column, (low, high) in RANGES.items() if column in record and column not in empty):
        problems.append("out_of_range")
    if "booked_at" in record and record["scheduled_at"] < record["booked_at"]:
        problems.append("scheduled_before_booked")
    appointment = clean.get("appointments.csv", {}).get(record["appointment_id"]) \
        if file_name == "appointment_feedback.csv" else None
    if appointment and record["submitted_at"] < appointment["scheduled_at"]:
        problems.append("before_appointment")
    at = record.get("event_at") or record.get("occurred_at") or record.get("submitted_at")
    case = clean.get("cases.csv", {}).get(record.get("case_id"))
    if at and case and at < case["created_at"]:
        problems.append("before_case_created")
    return problems


def _external_ids(out: Path) -> dict[str, set[str]]:
    """Ids of parents that are no CSV of the contract: patient-flow encounters (any line that names one; the tests of
    inventory_usage.csv only plant ids no line has) and the supply items seed."""
    encounters = set()
    for path in (out / ENCOUNTERS).glob("*.ndjson"):
        encounters.update(re.findall(r'"encounter_id": "(N\d{8})"', path.read_text(encoding="utf-8")))
    with open(SEEDS / "provider_growth" / f"{SUPPLY_ITEMS}.csv", newline="", encoding="utf-8") as handle:
        items = {row["item_id"] for row in csv.DictReader(handle)}
    return {ENCOUNTERS: encounters, SUPPLY_ITEMS: items}


def find_problems(out: Path) -> tuple[dict, dict, dict]:
    rows, problems, clean = {}, {}, {}
    readable: dict[str, set] = _external_ids(out)
    for file_name, columns in CONTRACT.items():  # parents before children
        with open(out / file_name, newline="", encoding="utf-8") as handle:
            header, *rows[file_name] = csv.reader(handle)
        assert header == columns, file_name
        problems[file_name], clean[file_name], readable[file_name] = [], {}, set()
        if file_name in PARENTS[file_name].values():  # a row may name one further down (a planted copy of a rebooking)
            readable[file_name] = {row[0] for row in rows[file_name] if len(row) == len(columns)
                                   and not _parse_problems(file_name, dict(zip(columns, row)))}
        first_of_id: dict[str, list[str]] = {}
        for row in rows[file_name]:
            if len(row) != len(columns):
                problems[file_name].append(["malformed_line"])
                continue
            record = dict(zip(columns, row))
            found = _row_problems(file_name, record, readable, clean)
            if "unparseable_value" not in found:
                readable[file_name].add(row[0])
            if row[0] in first_of_id:  # exact copies are planted; copies that differ never should be
                found.append("duplicate_id" if first_of_id[row[0]] == row else "conflicting_duplicate")
            first_of_id.setdefault(row[0], row)
            if not found:
                clean[file_name][row[0]] = record
            problems[file_name].append(found)
    return rows, problems, {name: list(records.values()) for name, records in clean.items()}


def generate(out: Path, scale: float, seed: int = 42, as_of: str | None = None) -> Path:
    argv = ["--scale", str(scale), "--seed", str(seed), "--out", str(out)]
    main(argv + (["--as-of", as_of] if as_of else []))
    return out


def load(out: Path) -> Dataset:
    rows, problems, clean = find_problems(out)
    return Dataset(out, json.loads((out / "truth.json").read_text()), rows, problems, clean)


def reason_counts(data: Dataset) -> dict[str, dict[str, int]]:
    return {name: dict(Counter(reason for found in rows for reason in found)) for name, rows in data.problems.items()}
