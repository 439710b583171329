"""Provider identity resolution: which registry provider each CRM contact is (README, "Provider growth: matching").

The CRM knows providers under other spellings, with a missing or mistyped NPI, at a practice they have left, or
twice. Splink (probabilistic record linkage, Fellegi-Sunter) links the clean contacts to the registry's providers:
the names, the NPI, the practice and the city each give a level of agreement, whose weight is log2(m/u). u (how
often two different providers agree that far) is estimated by sampling random pairs with a fixed seed; m (how often
the same provider does) by expectation maximisation over blocked pairs. Both are deterministic for the same input.

Each contact keeps its best candidate (highest probability; ties to the lower provider_id). dbt decides which count
as matches (var provider_match_threshold, int_crm_contact_provider_matched), so the threshold can change without
re-scoring. Splink runs on DuckDB in memory on both engines (README says why).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from healthcare_ops import settings
from healthcare_ops.scoring import tables
from healthcare_ops.scoring.store import ScoreStore

# the record side of int_provider_match_records
CRM = "crm"
REGISTRY = "registry"
# the dbt var and its default, for the printed report (the mart reads the var itself)
THRESHOLD_VAR = "provider_match_threshold"
# u from random pairs: every pair when the product is smaller; fixed seed so a rebuild gives the same model
U_MAX_PAIRS = 2e6
U_SEED = 42
# m by expectation maximisation needs matches in every level of every comparison among its blocked pairs; a CRM
# of fewer contacts keeps the prior m values below (Splink stops on a level whose m comes out 0).
EM_MIN_CONTACTS = 200
# Prior m per comparison, levels from most to least agreement (null is no level): what share of true pairs agree
# that far. A CRM types names right most of the time, keeps the NPI mostly, and sees a provider move now and then.
NAME_M = [0.85, 0.07, 0.05, 0.03]
NPI_M = [0.88, 0.1, 0.02]
PLACE_M = [0.85, 0.15]
EM_RULES = (("npi",), ("substr(last_name, 1, 3)",), ("first_name", "city"))

# Titles and degrees that are no part of a name: "Dr. Virginia Wright", "Wright MD", "Virginia Wright, M.D."
_HONORIFICS = r"\b(?:dr|doctor|md|do|phd|np|pa|rn|mr|mrs|ms|jr|sr|ii|iii|facp|facs)\b"
# Words every practice name shares: without them "Riley Medical Group" and "Riley Clinic" are one practice.
_PRACTICE_WORDS = r"\b(?:medical|group|clinic|associates|practice|health|center|centre|llc|pllc|pc|inc|of|the|and)\b"


@dataclass(frozen=True)
class Matching:
    matches: pd.DataFrame  # provider_matches: one row per contact
    truth: pd.DataFrame  # provider_match_truth: one row per contact the truth knows
    seconds: float  # Splink's run time (training and prediction)


def _words(values: pd.Series, drop: str | None = None) -> pd.Series:
    """Lowercase ASCII words, single-spaced, the `drop` pattern removed: "O'Brien, M.D." is "obrien md"."""
    text = values.astype("string").str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    # a period or apostrophe joins (M.D., O'Brien); other punctuation separates words
    text = text.str.lower().str.replace(r"[.']", "", regex=True).str.replace(r"[^a-z0-9 ]+", " ", regex=True)
    if drop:
        text = text.str.replace(drop, " ", regex=True)
    text = text.str.replace(r"\s+", " ", regex=True).str.strip()
    return text.where(text.str.len() > 0)


def normalise(records: pd.DataFrame) -> pd.DataFrame:
    """Splink's input: one row per record, the names split and cleaned, the NPI as its 10 digits.

    A contact has first and last names; a registry provider one name ("Dr. Virginia Wright"): its first word is the
    first name and its last the last name. Middle names and initials are dropped on both sides.
    """
    full = _words(records["full_name"], _HONORIFICS)
    # "John Q." and "John": the first word is the first name
    first = _words(records["first_name"], _HONORIFICS).fillna(full).str.extract(r"^(\S+)", expand=False)
    # "Garcia Lopez" on one side, "Lopez" on the other: the last word is the one both keep
    last = _words(records["last_name"], _HONORIFICS).fillna(full).str.extract(r"(\S+)$", expand=False)
    npi = records["npi"].astype("string").str.replace(r"\D", "", regex=True)
    return pd.DataFrame({
        "unique_id": records["record_id"].astype("string"),
        "first_name": first.where(first != last),
        "last_name": last,
        "npi": npi.where(npi.str.len() == 10),
        "practice": _words(records["practice_name"], _PRACTICE_WORDS),
        "city": _words(records["city"]),
        "state": _words(records["state"]),
    }).astype("string").astype(object).where(lambda frame: frame.notna(), None)


def settings_for(providers: int) -> dict:
    """The Splink model: link CRM to registry; comparisons from most to least agreement, null a level of its own."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        comparisons=[
            # a rare name agreeing says more than a common one: term-frequency adjusted exact levels
            cl.NameComparison("first_name", jaro_winkler_thresholds=[0.92, 0.8]).configure(
                term_frequency_adjustments=True, m_probabilities=NAME_M),
            cl.NameComparison("last_name", jaro_winkler_thresholds=[0.92, 0.8]).configure(
                term_frequency_adjustments=True, m_probabilities=NAME_M),
            # a mistyped NPI is one digit changed or two swapped: Damerau-Levenshtein 1
            cl.DamerauLevenshteinAtThresholds("npi", [1]).configure(m_probabilities=NPI_M),
            cl.ExactMatch("practice").configure(m_probabilities=PLACE_M),
            cl.ExactMatch("city").configure(m_probabilities=PLACE_M),
        ],
        # Pairs to score: each rule reaches the true pair through a field the mess leaves alone: the NPI when the
        # names are misspelt, the last name's start when the NPI is missing or wrong, the first name and city or
        # practice when the last name's start is misspelt; a moved practice still shares the names.
        blocking_rules_to_generate_predictions=[
            block_on("npi"),
            block_on("substr(last_name, 1, 3)"),
            block_on("first_name", "city"),
            block_on("first_name", "practice"),
            block_on("substr(first_name, 1, 1)", "substr(last_name, -3, 3)"),
        ],
        # Prior: each contact is one of the providers, so one random pair in `providers` is a match.
        probability_two_random_records_match=1 / max(providers, 2),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link(records: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """Every contact's best registry candidate (provider_id null when no pair was scored) and Splink's seconds."""
    from splink import DuckDBAPI, Linker, block_on

    normalised = normalise(records)
    is_crm = (records["record_source"] == CRM).to_numpy()
    # in id order: u's random sample depends on the rows' order, which a table scan (or Spark's toPandas) does not fix
    contacts, providers = (normalised[rows].sort_values("unique_id", kind="stable").reset_index(drop=True)
                           for rows in (is_crm, ~is_crm))
    best = pd.DataFrame({"contact_id": contacts["unique_id"].astype(object)})
    if contacts.empty or providers.empty:
        return best.assign(provider_id=None, match_probability=np.nan, match_weight=np.nan), 0.0

    started = time.perf_counter()
    logging.getLogger("splink").setLevel(logging.ERROR)
    with duckdb.connect() as connection:
        # one thread: DuckDB's sample and aggregation order then cannot vary between runs
        connection.execute("set threads = 1")
        api = DuckDBAPI(connection)
        linker = Linker([api.register(contacts, table_name="crm_contacts"),
                         api.register(providers, table_name="registry_providers")],
                        settings_for(len(providers)), log_level=None)
        linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=U_SEED)
        # m of each comparison from the pairs of a rule that does not use it
        for rule in EM_RULES if len(contacts) >= EM_MIN_CONTACTS else ():
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), fix_probability_two_random_records_match=True)
        pairs = linker.inference.predict().as_pandas_dataframe()
    seconds = time.perf_counter() - started

    # link_only: the left record is the CRM side, whatever the order Splink names the datasets in
    left_is_crm = pairs["source_dataset_l"].to_numpy() == "crm_contacts"
    pairs = pd.DataFrame({
        "contact_id": np.where(left_is_crm, pairs["unique_id_l"], pairs["unique_id_r"]),
        "provider_id": np.where(left_is_crm, pairs["unique_id_r"], pairs["unique_id_l"]),
        "match_probability": pairs["match_probability"].astype("float64"),
        "match_weight": pairs["match_weight"].astype("float64"),
    })
    top = pairs.sort_values(["contact_id", "match_weight", "provider_id"], ascending=[True, False, True],
                            kind="stable").drop_duplicates("contact_id")
    return best.merge(top, on="contact_id", how="left"), seconds


def true_providers(contact_ids: pd.Series, truth_path: Path) -> pd.DataFrame:
    """provider_match_truth from truth.json's provider_growth.contact_provider; empty when the truth does not
    exist or does not know these contacts (a user's own export)."""
    empty = pd.DataFrame({"contact_id": pd.Series(dtype=object), "true_provider_id": pd.Series(dtype=object)})
    if not truth_path.is_file():
        return empty
    mapping = json.loads(truth_path.read_text()).get("provider_growth", {}).get("contact_provider")
    if not mapping:
        return empty
    truth = pd.Series(mapping, dtype=object)
    known = contact_ids[contact_ids.isin(truth.index)].to_numpy(dtype=object)
    return pd.DataFrame({"contact_id": known, "true_provider_id": truth.reindex(known).to_numpy()})


def match_providers(store: ScoreStore) -> dict[str, pd.DataFrame]:
    """The phase's step: read the contacts and providers, link them, return the score tables to write."""
    records = store.read(tables.PROVIDER_MATCH_RECORDS_RELATION)
    matches, seconds = link(records)
    truth = true_providers(matches["contact_id"], settings.raw_dir() / "truth.json")
    print(report(Matching(matches, truth, seconds), threshold()), flush=True)
    return {tables.PROVIDER_MATCHES: matches, tables.PROVIDER_MATCH_TRUTH: truth}


def threshold(project: Path = settings.REPO_ROOT / "dbt_project.yml") -> float:
    """The var provider_match_threshold of dbt_project.yml (a --vars override reaches the mart, not this report)."""
    return float(yaml.safe_load(project.read_text())["vars"][THRESHOLD_VAR])


def quality(matching: Matching, at: float) -> dict[str, float | int | None]:
    """Precision and recall at threshold `at` against the truth (None without one); as the mart computes them:
    a contact counts as a true pair when the truth names a provider, a match is correct when it names that one."""
    matches = matching.matches
    matched = matches["match_probability"].fillna(0).to_numpy() >= at
    figures: dict[str, float | int | None] = {"contacts": len(matches), "matched": int(matched.sum()),
                                              "precision": None, "recall": None}
    if matching.truth.empty:
        return figures
    judged = matches.assign(is_matched=matched).merge(matching.truth, on="contact_id", how="inner")
    correct = int((judged["is_matched"] & (judged["provider_id"] == judged["true_provider_id"])).sum())
    true_pairs = int(judged["true_provider_id"].notna().sum())
    judged_matches = int(judged["is_matched"].sum())
    figures["precision"] = correct / judged_matches if judged_matches else None
    figures["recall"] = correct / true_pairs if true_pairs else None
    return figures


def report(matching: Matching, at: float) -> str:
    figures = quality(matching, at)
    line = (f"Provider matching (Splink, {matching.seconds:.1f} s): {figures['matched']} of {figures['contacts']} "
            f"CRM contacts matched at probability >= {at}")
    if figures["precision"] is not None or figures["recall"] is not None:
        line += "; against the truth: precision " + " recall ".join(
            "n/a" if figures[key] is None else f"{figures[key]:.3f}" for key in ("precision", "recall"))
    return line
