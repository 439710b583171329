"""Provider identity resolution with Splink (healthcare_ops/scoring/provider_matching.py) on a hand-made registry
and CRM: which kinds of identity mess still match, and what does not."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from healthcare_ops.scoring import provider_matching

# (provider_id, name, npi, practice, city, state): a registry with a shared last name, a homonym of first name,
# and two practices per city, so no single field tells the providers apart
REGISTRY = [
    ("D01", "Dr. Virginia Wright", "1677233646", "Oconnell Medical Group", "Lake Sharon", "DC"),
    ("D02", "Dr. Nicole Terry", "1776410686", "Riley Medical Group", "South Martinhaven", "AL"),
    ("D03", "Dr. Sheryl Johnston", "1021730456", "Castaneda Medical Group", "Port Tonyamouth", "UT"),
    ("D04", "Dr. Jennifer Rodriguez", "1684192343", "Riley Medical Group", "South Martinhaven", "AL"),
    ("D05", "Dr. Marcus Wright", "1304958112", "Oconnell Medical Group", "Lake Sharon", "DC"),
    ("D06", "Dr. Alan Okafor", "1938475610", "Hale Medical Group", "Eastport", "ME"),
    ("D07", "Dr. Priya Raman", "1556677889", "Hale Medical Group", "Eastport", "ME"),
    ("D08", "Dr. Thomas Becker", "1122334455", "Young Medical Group", "Fort Amy", "TX"),
    ("D09", "Dr. Laura Chen", "1998877665", "Young Medical Group", "Fort Amy", "TX"),
    ("D10", "Dr. Samuel Ortiz", "1443322110", "Castaneda Medical Group", "Port Tonyamouth", "UT"),
    ("D11", "Dr. Nicole Grant", "1212343456", "Kim Medical Group", "Lake Sharon", "DC"),
    ("D12", "Dr. Omar Haddad", "1767654321", "Kim Medical Group", "Lake Sharon", "DC"),
]

# (contact_id, first, last, npi, account name, city, state, true provider): the mess of a real CRM
CONTACTS = [
    ("C_EXACT", "Virginia", "Wright", "1677233646", "Oconnell Medical Group", "Lake Sharon", "DC", "D01"),
    ("C_TYPO", "Nicol", "Terrry", "1776410686", "Riley Medical Group", "South Martinhaven", "AL", "D02"),
    ("C_TITLES", "Dr. Sheryl", "Johnston, MD", "1021730456", "Castaneda Medical Group", "Port Tonyamouth", "UT",
     "D03"),
    ("C_BAD_NPI", "Jennifer", "Rodriguez", "1684192334", "Riley Medical Group", "South Martinhaven", "AL", "D04"),
    ("C_NO_NPI", "Marcus", "Wright", None, "Oconnell Medical Group", "Lake Sharon", "DC", "D05"),
    ("C_MOVED", "Alan", "Okafor", "1938475610", "Young Medical Group", "Fort Amy", "TX", "D06"),
    ("C_DUP_1", "Priya", "Raman", "1556677889", "Hale Medical Group", "Eastport", "ME", "D07"),
    ("C_DUP_2", "Priya", "Raman", "1556677889", "Hale Clinic", "Eastport", "ME", "D07"),
    ("C_PLAIN_1", "Thomas", "Becker", "1122334455", "Young Medical Group", "Fort Amy", "TX", "D08"),
    ("C_PLAIN_2", "Laura", "Chen", "1998877665", "Young Medical Group", "Fort Amy", "TX", "D09"),
    ("C_PLAIN_3", "Samuel", "Ortiz", "1443322110", "Castaneda Medical Group", "Port Tonyamouth", "UT", "D10"),
    ("C_PLAIN_4", "Omar", "Haddad", "1767654321", "Kim Medical Group", "Lake Sharon", "DC", "D12"),
    # no registry provider: a nurse at a registry practice (D11's and D12's), in its city
    ("C_OUTSIDER", "Hannah", "Fitzgerald", None, "Kim Medical Group", "Lake Sharon", "DC", None),
    ("C_STRANGER", "Quentin", "Blackwood", "1000000001", "Elsewhere Clinic", "Nowhere", "ZZ", None),
]


def background(count: int = 240) -> pd.DataFrame:
    """Registry providers no contact is: u (how often two different providers agree) is measured on random pairs,
    so the registry must be large enough for a random pair to be a non-match."""
    rng = np.random.default_rng(7)
    first = np.array(["Ada", "Bert", "Cora", "Dev", "Elif", "Finn", "Gia", "Hugo", "Ines", "Jude", "Kai", "Lena"])
    last = np.array(["Abbott", "Barros", "Cole", "Duarte", "Engel", "Fischer", "Gomes", "Holm", "Iqbal", "Jansen",
                     "Kovac", "Lund", "Moreau", "Novak", "Pardo", "Quist", "Rossi", "Sato", "Tran", "Varga"])
    places = np.array([("Abbey", "Northfield", "MN"), ("Birch", "Southgate", "CA"), ("Cedar", "Westwood", "NJ"),
                       ("Dale", "Eastport", "ME"), ("Elm", "Fort Amy", "TX"), ("Fern", "Lake Sharon", "DC")])
    place = places[rng.integers(0, len(places), count)]
    return pd.DataFrame({
        "record_id": [f"B{number:03d}" for number in range(count)],
        "full_name": "Dr. " + pd.Series(rng.choice(first, count)) + " " + pd.Series(rng.choice(last, count)),
        "npi": (1_500_000_000 + rng.choice(99_999_999, count, replace=False)).astype(str),
        "practice_name": pd.Series(place[:, 0]) + " Medical Group", "city": place[:, 1], "state": place[:, 2],
    })


def match_records(contacts: list[tuple] = CONTACTS, registry: list[tuple] = REGISTRY) -> pd.DataFrame:
    """int_provider_match_records' rows for these contacts and providers (and the background's)."""
    crm = pd.DataFrame([row[:7] for row in contacts],
                       columns=["record_id", "first_name", "last_name", "npi", "practice_name", "city", "state"])
    providers = pd.concat([
        pd.DataFrame(registry, columns=["record_id", "full_name", "npi", "practice_name", "city", "state"]),
        background(),
    ], ignore_index=True)
    return pd.concat([crm.assign(record_source=provider_matching.CRM, full_name=None),
                      providers.assign(record_source=provider_matching.REGISTRY, first_name=None, last_name=None)],
                     ignore_index=True)


@pytest.fixture(scope="module")
def best() -> pd.DataFrame:
    matches, seconds = provider_matching.link(match_records())
    assert seconds > 0
    return matches.set_index("contact_id")


def test_names_are_split_and_cleaned_of_titles_punctuation_and_case():
    normalised = provider_matching.normalise(pd.DataFrame({
        "record_source": ["registry", "crm", "crm"], "record_id": ["D1", "C1", "C2"],
        "full_name": ["Dr. Virginia  Mae Wright", None, None], "first_name": [None, "DR. José", None],
        "last_name": [None, "O'Brien, M.D.", "Smith"], "npi": ["1677233646", "167-723-3646", "12345"],
        "practice_name": ["Oconnell Medical Group", "O'Connell Medical Group, LLC", None],
        "city": ["Lake Sharon", "lake  sharon ", None], "state": ["DC", "dc", None],
    }))
    assert normalised["unique_id"].tolist() == ["D1", "C1", "C2"]
    assert normalised["first_name"].tolist() == ["virginia", "jose", None]
    assert normalised["last_name"].tolist() == ["wright", "obrien", "smith"]
    assert normalised["npi"].tolist() == ["1677233646", "1677233646", None]
    assert normalised["practice"].tolist() == ["oconnell", "oconnell", None]
    assert normalised["city"].tolist() == ["lake sharon", "lake sharon", None]
    assert normalised["state"].tolist() == ["dc", "dc", None]


@pytest.mark.parametrize("contact", ["C_EXACT", "C_TYPO", "C_TITLES", "C_BAD_NPI", "C_NO_NPI", "C_MOVED",
                                     "C_DUP_1", "C_DUP_2", "C_PLAIN_1", "C_PLAIN_2", "C_PLAIN_3", "C_PLAIN_4"])
def test_a_registry_provider_matches_through_the_mess(best, contact):
    truth = {row[0]: row[7] for row in CONTACTS}
    assert best.loc[contact, "provider_id"] == truth[contact]
    assert best.loc[contact, "match_probability"] >= 0.99


def test_both_copies_of_a_duplicated_contact_match_the_one_provider(best):
    assert best.loc["C_DUP_1", "provider_id"] == best.loc["C_DUP_2", "provider_id"] == "D07"


def test_the_namesake_with_the_same_practice_and_last_name_is_not_the_match(best):
    # Marcus and Virginia Wright share practice, city and last name; the NPI-less Marcus still goes to D05
    assert best.loc["C_NO_NPI", "provider_id"] == "D05"
    assert best.loc["C_EXACT", "provider_id"] == "D01"


def test_a_contact_who_is_no_registry_provider_stays_below_any_sensible_threshold(best):
    # sharing the practice and city only: scored, far below (or not paired at all)
    assert np.nan_to_num(best.loc["C_OUTSIDER", "match_probability"]) < 0.5
    # nothing shared with any provider: no blocking rule pairs it, so it has no candidate at all
    assert pd.isna(best.loc["C_STRANGER", "provider_id"]) and pd.isna(best.loc["C_STRANGER", "match_probability"])


def test_every_contact_has_one_row_and_a_rerun_in_another_row_order_gives_the_same_result(best):
    assert sorted(best.index) == sorted(row[0] for row in CONTACTS)
    # the rows as another engine may hand them over: shuffled
    shuffled = match_records().sample(frac=1, random_state=3)
    again, _ = provider_matching.link(shuffled)
    pd.testing.assert_frame_equal(again.set_index("contact_id").loc[best.index], best)


def test_no_contact_or_no_provider_gives_an_empty_or_unmatched_table():
    records = match_records()
    matches, seconds = provider_matching.link(records[records["record_source"] == provider_matching.REGISTRY])
    assert matches.empty and seconds == 0
    alone, _ = provider_matching.link(records[records["record_source"] == provider_matching.CRM])
    assert len(alone) == len(CONTACTS) and alone["provider_id"].isna().all()


def test_the_truth_is_read_for_the_scored_contacts_only(tmp_path):
    contacts = pd.Series(["C1", "C2", "C3"])
    assert provider_matching.true_providers(contacts, tmp_path / "truth.json").empty
    (tmp_path / "truth.json").write_text(json.dumps({"seed": 1}))
    assert provider_matching.true_providers(contacts, tmp_path / "truth.json").empty
    (tmp_path / "truth.json").write_text(json.dumps(
        {"provider_growth": {"contact_provider": {"C1": "D1", "C2": None, "C9": "D9"}}}))
    truth = provider_matching.true_providers(contacts, tmp_path / "truth.json")
    assert truth["contact_id"].tolist() == ["C1", "C2"]
    assert truth["true_provider_id"].iloc[0] == "D1" and pd.isna(truth["true_provider_id"].iloc[1])


def test_precision_and_recall_worked_by_hand():
    # judged matches: C1 right, C2 wrong, C4 no provider at all -> precision 1/3; true pairs C1, C2, C3 -> recall 1/3;
    # C5 is matched but unknown to the truth: counted, not judged
    matches = pd.DataFrame({"contact_id": ["C1", "C2", "C3", "C4", "C5"],
                            "provider_id": ["D1", "D9", "D3", "D4", "D5"],
                            "match_probability": [0.99, 0.95, 0.5, 0.97, 0.99]})
    truth = pd.DataFrame({"contact_id": ["C1", "C2", "C3", "C4"], "true_provider_id": ["D1", "D2", "D3", None]})
    figures = provider_matching.quality(provider_matching.Matching(matches, truth, 1.0), 0.9)
    assert figures == {"contacts": 5, "matched": 4, "precision": 1 / 3, "recall": 1 / 3}
    lowered = provider_matching.quality(provider_matching.Matching(matches, truth, 1.0), 0.5)
    assert lowered["recall"] == 2 / 3 and lowered["precision"] == 2 / 4
    unjudged = provider_matching.quality(provider_matching.Matching(matches, truth.iloc[:0], 1.0), 0.9)
    assert unjudged["precision"] is None and unjudged["recall"] is None
    line = provider_matching.report(provider_matching.Matching(matches, truth, 2.5), 0.9)
    assert "4 of 5 CRM contacts matched" in line and "precision 0.333 recall 0.333" in line


def test_the_threshold_is_the_dbt_var():
    assert 0 < provider_matching.threshold() < 1
