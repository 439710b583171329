"""Provider growth's raw files: Salesforce ids and formats, references between the CRM files, supplies within their
encounter's stay, an order before every referred encounter. (Headers, types, categories and the planted bad rows of
these files are checked with every other file's in test_generator_contract.py.)"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from generator_data import SEEDS

from generators.provider_growth.salesforce import STAGES, suffix_is_valid

PREFIXES = {"crm_accounts.csv": "001", "crm_contacts.csv": "003", "crm_activities.csv": "00T",
            "crm_opportunities.csv": "006"}
CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture(scope="module")
def by_id(dataset) -> dict[str, dict[str, dict]]:
    return {name: {row[next(iter(row))]: row for row in dataset.clean[name]} for name in PREFIXES}


def test_ids_are_salesforce_ids_with_their_objects_prefix(dataset):
    for file_name, prefix in PREFIXES.items():
        ids = [row["Id"] for row in dataset.clean[file_name]]
        assert ids and len(set(ids)) == len(ids), file_name
        assert all(re.fullmatch(prefix + r"[0-9A-Za-z]{15}", value) and suffix_is_valid(value) for value in ids), \
            file_name
    assert not suffix_is_valid("001" + "0" * 15)  # the check can fail: fifteen zeros have suffix AAA, not 000


def test_the_suffix_is_salesforces():
    """Widely published examples of 15- to 18-character Salesforce id conversions pass the same check."""
    assert suffix_is_valid("a0D30000001n7PiEAI") and suffix_is_valid("001A0000006Vm9rIAC")
    assert not suffix_is_valid("a0D30000001n7PiEAA")


def test_other_ids_are_well_formed_and_unique(dataset):
    for file_name, pattern in [("inventory_usage.csv", r"U\d{9}"), ("referrals.csv", r"RF\d{8}")]:
        ids = [next(iter(row.values())) for row in dataset.clean[file_name]]
        assert all(re.fullmatch(pattern, value) for value in ids) and len(set(ids)) == len(ids), file_name


def test_salesforce_formats(dataset):
    as_of = at(dataset.truth["as_of"])
    for file_name in PREFIXES:
        raw = dataset.bytes_of(file_name).decode()
        assert "\r" not in raw
        created = [row["CreatedDate"] for row in dataset.clean[file_name]]
        assert all(CREATED.fullmatch(value) for value in created), file_name
        assert max(at(value[:19]) for value in created) <= as_of, file_name
    for row in dataset.clean["crm_opportunities.csv"]:
        assert row["IsClosed"] in ("true", "false") and row["IsWon"] in ("true", "false")
        assert re.fullmatch(r"\d+\.\d{2}", row["Amount"]) and re.fullmatch(r"\d+\.\d{2}", row["ExpectedRevenue"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["CloseDate"])


def test_opportunity_stages_probabilities_and_expected_revenue_agree(dataset):
    opportunities = dataset.clean["crm_opportunities.csv"]
    assert set(Counter(row["StageName"] for row in opportunities)) == set(STAGES)
    for row in opportunities:
        stage = row["StageName"]
        assert int(row["Probability"]) == STAGES[stage]
        assert (row["IsClosed"] == "true") == stage.startswith("Closed")
        assert (row["IsWon"] == "true") == (stage == "Closed Won")
        cents = round(float(row["Amount"]) * 100) * int(row["Probability"])
        assert round(float(row["ExpectedRevenue"]) * 100) == (cents + 50) // 100
        assert at(row["CreatedDate"][:19]).date() <= date.fromisoformat(row["CloseDate"])
    assert {row["LeadSource"] for row in opportunities} == {"Web", "Phone Inquiry", "Partner Referral",
                                                             "Purchased List", "Other"}


def test_activities_and_opportunities_point_at_the_contacts_account(dataset, by_id):
    contacts = by_id["crm_contacts.csv"]
    for row in dataset.clean["crm_activities.csv"]:
        assert row["WhatId"] == contacts[row["WhoId"]]["AccountId"]
    for row in dataset.clean["crm_opportunities.csv"]:
        if row["ContactId"]:
            assert row["AccountId"] == contacts[row["ContactId"]]["AccountId"]
    assert {row["AccountId"] for row in dataset.clean["crm_contacts.csv"]} <= set(by_id["crm_accounts.csv"])


def test_activities_fall_in_the_patient_flow_period(dataset):
    period = dataset.truth["provider_growth"]["period"]
    start, end = at(period["start"]).date(), at(period["end"]).date()
    days = [date.fromisoformat(row["ActivityDate"]) for row in dataset.clean["crm_activities.csv"]]
    assert start <= min(days) and max(days) < end
    assert {row["Type"] for row in dataset.clean["crm_activities.csv"]} == {"Call", "Visit", "Email"}
    recent = [row["Status"] for row in dataset.clean["crm_activities.csv"]
              if date.fromisoformat(row["ActivityDate"]) < end - timedelta(days=14)]
    assert set(recent) <= {"Completed", "Deferred"}


def test_supplies_are_used_within_their_encounters_stay(dataset, flow):
    with open(SEEDS / "provider_growth" / "inventory__supply_items.csv", newline="", encoding="utf-8") as handle:
        items = {row["item_id"] for row in csv.DictReader(handle)}
    as_of = at(dataset.truth["as_of"])
    usage = dataset.clean["inventory_usage.csv"]
    assert usage and {row["item_id"] for row in usage} <= items
    for row in usage:
        encounter = flow.encounters[row["encounter_id"]]
        used = at(row["used_at"])
        assert encounter.at("arrival") <= used < (encounter.at("discharged") or as_of), row
        assert int(row["quantity"]) >= 1
    used_by = {row["encounter_id"] for row in usage}
    assert len(used_by) >= 0.99 * len(flow.encounters)  # nearly every encounter uses gloves at least


def test_every_referred_encounter_has_an_order_shortly_before_it(dataset, flow):
    referred = [encounter for encounter in flow.encounters.values() if encounter.arrival["referring_provider_id"]]
    assert referred
    by_key: dict[tuple, list[datetime]] = {}
    for row in dataset.clean["referrals.csv"]:
        by_key.setdefault((row["patient_id"], row["referring_provider_id"], row["service_line"]), []).append(
            at(row["referred_at"]))
    for encounter in referred:
        arrival = encounter.arrival
        key = (arrival["patient_id"], arrival["referring_provider_id"], arrival["service_line"])
        arrived = encounter.at("arrival")
        assert any(timedelta(hours=1) <= arrived - placed <= timedelta(days=60) for placed in by_key[key]), key
