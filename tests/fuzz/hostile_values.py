"""Which columns of the raw contract hold what, and the hostile values the corruptions put in them."""

from __future__ import annotations

from edits import CSV_FILES, RAW_SOURCES
from hostile_rows import (
    MISSING_ACCOUNT,
    MISSING_ADVOCATE,
    MISSING_APPOINTMENT,
    MISSING_CASE,
    MISSING_CONTACT,
    MISSING_ENCOUNTER,
    MISSING_PATIENT,
    MISSING_PROVIDER,
)

CSV_AND_CAPTURE = RAW_SOURCES  # every kind of raw file
ID_COLUMNS = {
    "patients.csv": "patient_id", "providers.csv": "provider_id", "advocates.csv": "advocate_id",
    "cases.csv": "case_id", "case_events.csv": "event_id", "interactions.csv": "interaction_id",
    "patient_feedback.csv": "feedback_id", "appointments.csv": "appointment_id",
    "appointment_feedback.csv": "feedback_id", "crm_accounts.csv": "Id", "crm_contacts.csv": "Id",
    "crm_activities.csv": "Id", "crm_opportunities.csv": "Id", "inventory_usage.csv": "usage_id",
    "referrals.csv": "referral_id",
}
CATEGORY_COLUMNS = {
    "patients.csv": ("sex", "insurance_type"), "providers.csv": ("specialty",), "advocates.csv": ("team",),
    "cases.csv": ("case_type", "priority", "status"), "case_events.csv": ("event_type",),
    "interactions.csv": ("channel", "direction"), "appointments.csv": ("status", "device", "reason"),
    "crm_activities.csv": ("Type",), "crm_opportunities.csv": ("StageName", "LeadSource"),
    "inventory_usage.csv": ("item_id",), "referrals.csv": ("service_line",),
}
PARENT_COLUMNS = {
    "cases.csv": {"patient_id": MISSING_PATIENT, "advocate_id": MISSING_ADVOCATE},
    "case_events.csv": {"case_id": MISSING_CASE, "advocate_id": MISSING_ADVOCATE},
    "interactions.csv": {"case_id": MISSING_CASE, "advocate_id": MISSING_ADVOCATE},
    "patient_feedback.csv": {"case_id": MISSING_CASE},
    "appointments.csv": {"patient_id": MISSING_PATIENT, "provider_id": MISSING_PROVIDER,
                         "rescheduled_from": MISSING_APPOINTMENT},
    "appointment_feedback.csv": {"appointment_id": MISSING_APPOINTMENT},
    "crm_contacts.csv": {"AccountId": MISSING_ACCOUNT},
    "crm_activities.csv": {"WhoId": MISSING_CONTACT, "WhatId": MISSING_ACCOUNT},
    "crm_opportunities.csv": {"AccountId": MISSING_ACCOUNT, "ContactId": MISSING_CONTACT},
    "inventory_usage.csv": {"encounter_id": MISSING_ENCOUNTER},
    "referrals.csv": {"patient_id": MISSING_PATIENT, "referring_provider_id": MISSING_PROVIDER},
}
# A supply use names an encounter of the event stream: no CSV row can be its held-back parent.
QUARANTINABLE_PARENTS = tuple(name for name in PARENT_COLUMNS if name != "inventory_usage.csv")
# The column each file carries its own timestamp (or date) in.
TIME_COLUMNS = {
    "patients.csv": ("birth_date", "registered_at"), "providers.csv": ("active_since",),
    "advocates.csv": ("hired_at",), "cases.csv": ("created_at",), "case_events.csv": ("event_at",),
    "interactions.csv": ("occurred_at",), "patient_feedback.csv": ("submitted_at",),
    "appointments.csv": ("booked_at", "scheduled_at"), "appointment_feedback.csv": ("submitted_at",),
    "crm_accounts.csv": ("CreatedDate",), "crm_contacts.csv": ("CreatedDate",),
    "crm_activities.csv": ("ActivityDate", "CreatedDate"), "crm_opportunities.csv": ("CloseDate", "CreatedDate"),
    "inventory_usage.csv": ("used_at",), "referrals.csv": ("referred_at",),
}
DATE_COLUMNS = ("birth_date", "active_since", "hired_at", "ActivityDate", "CloseDate")
CHILD_TIME_COLUMNS = {"case_events.csv": "event_at", "interactions.csv": "occurred_at",
                      "patient_feedback.csv": "submitted_at"}
# The one timestamp of a row that a later or unreadable value spoils on its own (an appointment's slot: moving
# booked_at later would put the slot before the booking, another reason).
OWN_TIME_COLUMN = {"patients.csv": "registered_at", "cases.csv": "created_at", **CHILD_TIME_COLUMNS,
                   "appointments.csv": "scheduled_at", "appointment_feedback.csv": "submitted_at",
                   "crm_accounts.csv": "CreatedDate", "crm_contacts.csv": "CreatedDate",
                   "crm_activities.csv": "CreatedDate", "crm_opportunities.csv": "CreatedDate",
                   "inventory_usage.csv": "used_at", "referrals.csv": "referred_at"}
# The whole-number columns of the CSVs.
INTEGER_COLUMNS = {"advocates.csv": "capacity", "interactions.csv": "duration_minutes", "patient_feedback.csv": "csat",
                   "appointments.csv": "connection_quality", "appointment_feedback.csv": "overall_rating",
                   "inventory_usage.csv": "quantity"}
# Two rows sharing an id differ here.
DIFFERING = {
    "patients.csv": ("city", "Otherton"), "providers.csv": ("practice_name", "Other Clinic"),
    "advocates.csv": ("name", "Other Advocate"), "cases.csv": ("priority", "urgent"),
    "case_events.csv": ("event_type", "assigned"), "interactions.csv": ("channel", "email"),
    "patient_feedback.csv": ("csat", "2"), "appointments.csv": ("device", "tablet"),
    "appointment_feedback.csv": ("overall_rating", "2"), "crm_accounts.csv": ("Phone", "555-0199"),
    "crm_contacts.csv": ("Title", "Surgeon"), "crm_activities.csv": ("Subject", "Other subject"),
    "crm_opportunities.csv": ("Name", "Other deal"), "inventory_usage.csv": ("quantity", "3"),
    "referrals.csv": ("service_line", "cardiovascular"),
}
# Byte sequences no UTF-8 decoder accepts: a lone continuation byte, a truncated sequence, an overlong '/',
# an encoded surrogate, a code point above U+10FFFF, bytes never used, Latin-1's e-acute.
INVALID_UTF8 = (b"\x80", b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff\xfe", b"\xe9",
                b"\xe2\x82")
SQL_LOOKING = (
    "'); drop table marts.dim_patient; --",
    "Robert'); DROP TABLE quality.quarantine;--",
    "x' || getvariable('raw_files')::varchar || '",
    "read_text('/etc/passwd')",
    "' union all select * from read_text('/etc/passwd') --",
    '"; attach \'/tmp/fuzz.duckdb\' as pwned; --',
    "1; copy (select 1) to '/tmp/fuzz-pwned.csv'",
    "{{ exceptions.raise_compiler_error('jinja ran') }}",
    "{% do run_query('drop schema marts cascade') %}",
    "$1 ? :name %s {0}",
    "\\x0A\\x22\\' \\n",
    "=cmd|' /C calc'!A0",
)
CONTROL_TEXT = (
    "nul\x00byte", "bell\x07", "\x1b[31mred\x1b[0m", "vertical\x0btab", "form\x0cfeed", "line\u2028separator",
    "paragraph\u2029separator", "next\u0085line", "\ufeffbyte order mark", "carriage\rreturn", "\ufffd",
    "zero\u200bwidth", "right\u202eto left", "\x1c\x1d\x1e",
)
HUGE_TEXT = "Ж€\"', " * 25_000 + "end"

# The CSVs with a timestamp of their own (providers and advocates have dates only).
WITH_TIMES = tuple(name for name in CSV_FILES if name not in ("providers.csv", "advocates.csv"))
# A later used_at is first outside its encounter's stay (outside_stay, checked before future_timestamp).
FUTURE_CHECKED = tuple(name for name in WITH_TIMES if name != "inventory_usage.csv")
