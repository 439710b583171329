"""Provider growth: the identity mess, the opportunity-value relation and the leakage truth.json records are in the
files, recomputed from the files against the truth; the figures the relation rests on follow from patient flow."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime

import numpy as np
import pytest
from generator_data import SEEDS

from generators.provider_growth.names import NICKNAMES

NAME_KINDS = ("name_typo", "nickname", "salutation", "case_accent", "middle_initial")


@pytest.fixture(scope="module")
def growth(dataset) -> dict:
    return dataset.truth["provider_growth"]


@pytest.fixture(scope="module")
def registry(dataset) -> dict[str, dict]:
    return {row["provider_id"]: row for row in dataset.clean["providers.csv"]}


def plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def one_slip(written: str, true: str) -> bool:
    """One letter changed, dropped, doubled or two neighbours swapped."""
    if len(written) == len(true):
        differ = [i for i, (a, b) in enumerate(zip(written, true)) if a != b]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and written[differ[0]] == true[differ[1]] and written[differ[1]] == true[differ[0]])
    shorter, longer = sorted((written, true), key=len)
    return len(longer) - len(shorter) == 1 and any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def name_kind(contact: dict, provider: dict) -> str | None:
    """Which spelling of the registry's "Dr. <first> <last>" the contact has; None: none of the planted ones."""
    first, last = provider["name"].removeprefix("Dr. ").split(" ", 1)
    salutation, given, family = contact["Salutation"], contact["FirstName"], contact["LastName"]
    if salutation == "Dr." and (given, family) == (first, last):
        return "exact"
    if family == last and ((salutation == "" and given == first) or (salutation == "Dr." and given == f"Dr. {first}")):
        return "salutation"
    if salutation != "Dr.":
        return None
    if family == last and given == NICKNAMES.get(first):
        return "nickname"
    if family == last and re.fullmatch(re.escape(first) + r" [A-Z]\.", given):
        return "middle_initial"
    if (given, family) != (first, last) and plain(given).lower() == first.lower() \
            and plain(family).lower() == last.lower():
        return "case_accent"
    if (family == last and one_slip(given, first)) or (given == first and one_slip(family, last)):
        return "name_typo"
    return None


def npi_kind(written: str, true: str) -> str | None:
    if written == true:
        return None
    if written == "":
        return "npi_missing"
    assert len(written) == 10 and one_slip(written, true), (written, true)  # one digit changed, or two swapped
    return "npi_mistyped"


def test_the_identity_mess_in_the_file_is_what_truth_records(dataset, growth, registry):
    accounts = {row["Id"]: row for row in dataset.clean["crm_accounts.csv"]}
    contacts = dataset.clean["crm_contacts.csv"]
    truth_of = growth["contact_provider"]
    assert set(truth_of) == {row["Id"] for row in contacts}
    found: dict[str, list[str]] = {}
    per_provider = Counter(truth_of.values())
    seen: Counter = Counter()
    for contact in sorted(contacts, key=lambda row: row["CreatedDate"]):
        provider_id = truth_of[contact["Id"]]
        if provider_id is None:
            kinds = ["non_registry"]
            assert contact["NPI__c"] not in {row["npi"] for row in registry.values()}
            if contact["LastName"] in {row["name"].split(" ", 2)[2] for row in registry.values()}:
                kinds.append("non_registry_lookalike")
        else:
            provider = registry[provider_id]
            kind = name_kind(contact, provider)
            assert kind is not None, (contact, provider)
            kinds = [] if kind == "exact" else [kind]
            npi = npi_kind(contact["NPI__c"], provider["npi"])
            kinds += [npi] if npi else []
            if accounts[contact["AccountId"]]["Name"] != provider["practice_name"]:
                kinds.append("moved_practice")
            else:
                assert (contact["MailingCity"], contact["MailingState"]) == (provider["city"], provider["state"])
            seen[provider_id] += 1
            if seen[provider_id] == 2:  # the later of a provider's two contacts
                kinds.append("duplicate")
        found[contact["Id"]] = kinds
    recorded = growth["contact_mess"]
    for contact_id, kinds in found.items():
        expected = recorded.get(contact_id, [])
        if "non_registry" in kinds:  # a stranger may share a last name with a provider by chance, not by plan
            assert kinds[0] == expected[0] and set(expected) <= set(kinds), contact_id
        else:
            assert sorted(kinds) == sorted(expected), (contact_id, kinds, expected)
    counts = growth["identity_mess_counts"]
    total = len(contacts)
    assert counts["contacts"] == total
    for kind, share in growth["identity_mess"].items():
        assert counts[kind] == sum(kind in kinds for kinds in recorded.values()), kind
        assert share == pytest.approx(counts[kind] / total, abs=1e-4), kind
    assert counts["duplicate"] == sum(count == 2 for provider, count in per_provider.items() if provider)
    assert max(per_provider[provider] for provider in per_provider if provider) == 2


def test_every_kind_of_mess_is_present_and_not_every_provider_has_a_contact(growth, registry):
    counts = growth["identity_mess_counts"]
    for kind in (*NAME_KINDS, "npi_missing", "npi_mistyped", "moved_practice", "duplicate", "non_registry",
                 "non_registry_lookalike"):
        assert counts[kind] >= 1, kind
    assert counts["clean"] > counts["contacts"] / 4
    contacted = {provider for provider in growth["contact_provider"].values() if provider}
    assert 0.7 * len(registry) < len(contacted) < len(registry)


def test_two_contacts_of_one_provider_are_spelled_differently(dataset, growth):
    spellings = defaultdict(list)
    for contact in dataset.clean["crm_contacts.csv"]:
        provider = growth["contact_provider"][contact["Id"]]
        if provider:
            spellings[provider].append((contact["Salutation"], contact["FirstName"], contact["LastName"]))
    twice = [names for names in spellings.values() if len(names) == 2]
    assert twice and all(first != second for first, second in twice)


@pytest.fixture(scope="module")
def relation(growth) -> dict:
    return growth["opportunity_value"]


def test_the_planted_value_per_patient_is_in_the_opportunities(dataset, growth, relation):
    expected: dict[str, float] = defaultdict(float)
    account_level = 0
    for row in dataset.clean["crm_opportunities.csv"]:
        if not row["ContactId"]:
            account_level += 1
        elif provider := growth["contact_provider"][row["ContactId"]]:
            expected[provider] += float(row["ExpectedRevenue"])
    by_provider = relation["by_provider"]
    assert set(expected) == set(by_provider)
    for provider, planted in by_provider.items():
        assert expected[provider] / planted["referred_patients"] == pytest.approx(planted["value_per_patient"],
                                                                                   abs=0.01), provider
    assert account_level == growth["account_level_opportunities"] > 0
    assert account_level / len(dataset.clean["crm_opportunities.csv"]) == pytest.approx(
        growth["account_level_share"], abs=1e-4)


def test_the_figures_follow_from_patient_flow_and_supplies(dataset, flow, relation):
    referred = defaultdict(list)
    for encounter in flow.encounters.values():
        if encounter.arrival["referring_provider_id"]:
            referred[encounter.arrival["referring_provider_id"]].append(encounter)
    with open(SEEDS / "provider_growth" / "inventory__supply_items.csv", newline="", encoding="utf-8") as handle:
        unit_cost = {row["item_id"]: float(row["unit_cost"]) for row in csv.DictReader(handle)}
    quantity, spent = Counter(), Counter()
    for row in dataset.clean["inventory_usage.csv"]:
        quantity[row["encounter_id"]] += int(row["quantity"])
        spent[row["encounter_id"]] += int(row["quantity"]) * unit_cost[row["item_id"]]
    for provider, planted in relation["by_provider"].items():
        encounters = referred[provider]
        discharged = [encounter.discharge for encounter in encounters if encounter.discharge]
        surveyed = [event["satisfaction"] for event in discharged if event["satisfaction"] is not None]
        patients = {encounter.arrival["patient_id"] for encounter in encounters}
        assert planted["referral_volume"] == len(encounters)
        assert planted["referred_patients"] == len(patients)
        assert planted["avg_cost"] == pytest.approx(np.mean([event["total_cost"] for event in discharged]))
        assert planted["avg_satisfaction"] == pytest.approx(np.mean(surveyed))
        assert planted["supplies_per_patient"] == pytest.approx(
            sum(quantity[encounter.encounter_id] for encounter in encounters) / len(patients))
        assert planted["supply_cost_per_patient"] == pytest.approx(
            sum(spent[encounter.encounter_id] for encounter in encounters) / len(patients))
        stays = [(encounter.at("discharged") - encounter.at("arrival")).total_seconds() / 3600
                 for encounter in encounters if encounter.discharge]
        assert planted["avg_length_of_stay_hours"] == pytest.approx(np.mean(stays))


def test_the_planted_relation_is_recoverable_by_a_linear_model(relation):
    features = relation["features"]
    rows = list(relation["by_provider"].values())
    x = np.array([[row[name] for name in features] for row in rows])
    y = np.array([row["value_per_patient"] for row in rows])
    # the recorded formula leaves residuals of the recorded noise
    formula = relation["intercept"] + x @ np.array([relation["coefficients"][name] for name in features])
    assert np.mean(y - formula) == pytest.approx(0, abs=relation["noise_sd"] / 2)
    assert np.std(y - formula) == pytest.approx(relation["noise_sd"], rel=0.3)
    # five-fold cross-validated least squares beats the mean of the training folds by far
    fold = np.arange(len(y)) % 5
    predicted, baseline = np.empty(len(y)), np.empty(len(y))
    for k in range(5):
        train = fold != k
        design = np.column_stack([np.ones(train.sum()), x[train]])
        coefficients, *_ = np.linalg.lstsq(design, y[train], rcond=None)
        predicted[~train] = np.column_stack([np.ones((~train).sum()), x[~train]]) @ coefficients
        baseline[~train] = y[train].mean()
    total = ((y - y.mean()) ** 2).sum()
    r2, baseline_r2 = 1 - ((y - predicted) ** 2).sum() / total, 1 - ((y - baseline) ** 2).sum() / total
    assert r2 > 0.35 and baseline_r2 < 0.05, (r2, baseline_r2)
    assert relation["providers_in_model"] == len(rows)


def test_leaked_orders_never_arrive_and_providers_leak_at_different_rates(dataset, flow, growth):
    arrived = {(encounter.arrival["patient_id"], encounter.arrival["referring_provider_id"],
                encounter.arrival["service_line"]) for encounter in flow.encounters.values()
               if encounter.arrival["referring_provider_id"]}
    orders = dataset.clean["referrals.csv"]
    leaked = [row for row in orders
              if (row["patient_id"], row["referring_provider_id"], row["service_line"]) not in arrived]
    leakage = growth["leakage"]
    assert len(orders) == leakage["orders"] and len(leaked) == leakage["leaked_orders"] > 0
    by_provider = Counter(row["referring_provider_id"] for row in leaked)
    assert dict(by_provider) == {provider: count for provider, count in leakage["leaked_by_provider"].items() if count}
    as_of = datetime.fromisoformat(dataset.truth["as_of"])
    assert all((as_of - datetime.fromisoformat(row["referred_at"])).days >= leakage["quiet_days"] for row in leaked)
    orders_of = Counter(row["referring_provider_id"] for row in orders)
    busy = [provider for provider, count in orders_of.items() if count >= 20]
    realised = np.array([by_provider[provider] / orders_of[provider] for provider in busy])
    planted = np.array([leakage["planted_rate_by_provider"][provider] for provider in busy])
    assert realised.std() > 0.05  # providers differ
    assert np.corrcoef(realised, planted)[0, 1] > 0.6  # as planted


def test_supply_use_differs_by_service_line_as_profiled(dataset, flow):
    line_of = {encounter.encounter_id: encounter.arrival["service_line"] for encounter in flow.encounters.values()}
    items = defaultdict(Counter)
    for row in dataset.clean["inventory_usage.csv"]:
        items[line_of[row["encounter_id"]]][row["item_id"]] += int(row["quantity"])
    assert items["oncology"]["SUP0019"] > 0 and items["pediatrics"]["SUP0019"] == 0  # chemotherapy sets
    assert items["womens_health"]["SUP0046"] > 0 and items["emergency"]["SUP0046"] == 0  # delivery kits
