"""crm_opportunities.csv: the deals with referring providers, and the planted opportunity-value relation.

A provider's opportunity value per referred patient (the sum of ExpectedRevenue of the
opportunities with the provider's contacts / the distinct patients the provider referred in
patient flow) is planted as a linear function of the provider's figures (figures.py) plus
normal noise, sized so the figures explain TARGET_R2 of its variance across providers. It is
planted for every registry provider with a contact and with all figures defined ("in the
model"); the value is split over 1-5 opportunities with that provider's contacts, in stages of
Salesforce's default sales process. The other opportunities carry no provider's value: deals
with the CRM's non-registry contacts and account-level deals (ContactId empty).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators.clock import DAY
from generators.common import dates, draw
from generators.provider_growth import salesforce
from generators.provider_growth.figures import Figures, provider_ids

FEATURES = ("referral_volume", "avg_cost", "avg_satisfaction", "supplies_per_patient")
# the relation's weights on the standardised figures (z-scores over the providers in the model)
WEIGHTS = {"referral_volume": 0.45, "avg_cost": 0.35, "avg_satisfaction": 0.30, "supplies_per_patient": 0.25}
VALUE_PER_PATIENT_MEAN = 900.0  # dollars of expected revenue per referred patient
VALUE_PER_PATIENT_SD = 300.0
TARGET_R2 = 0.65  # share of the value's variance across providers the figures explain
VALUE_FLOOR = 50.0  # a provider's value per patient is at least this (recorded: how many were raised to it)
EXTRA_OPPORTUNITIES_MEAN = 1.0  # a provider in the model has 1 + Poisson(this) opportunities, at most MAX
MAX_OPPORTUNITIES = 5
STAGE_SHARES = {
    "Prospecting": 0.10, "Qualification": 0.10, "Needs Analysis": 0.10, "Value Proposition": 0.10,
    "Id. Decision Makers": 0.05, "Perception Analysis": 0.05, "Proposal/Price Quote": 0.10,
    "Negotiation/Review": 0.08, "Closed Won": 0.20, "Closed Lost": 0.12,
}
ACCOUNT_LEVEL_SHARE = 0.15  # of all opportunities: ContactId empty (a deal with the practice)
STRANGER_OPPORTUNITIES_MEAN = 0.8  # per non-registry contact, Poisson
OTHER_AMOUNT_MEDIAN = 40_000.0  # amounts of the deals without a provider's planted value (lognormal)
OTHER_AMOUNT_SIGMA = 0.8
OPEN_CLOSE_DAYS = (7, 180)  # an open deal's expected close date, after the as-of
CLOSED_AGE_DAYS = (20, 240)  # a closed deal was created this long before it closed
OPEN_AGE_DAYS = (1, 300)  # an open deal was created this long before the as-of
PRODUCTS = ("Oncology infusion referrals", "Cardiology referral agreement", "Imaging partnership",
            "Outpatient lab services", "Orthopedic surgery pathway", "Women's health referrals",
            "Pediatric specialty access", "Care coordination program", "Telehealth follow-up program")


@dataclass(frozen=True)
class Relation:
    """The planted value per referred patient of each provider in the model."""

    provider: np.ndarray  # provider number - 1
    value: np.ndarray  # dollars per referred patient
    coefficients: dict[str, float]  # per unit of each figure
    intercept: float
    noise_sd: float
    raised: int  # values raised to VALUE_FLOOR
    feature_means: dict[str, float]
    feature_sds: dict[str, float]

    def truth(self, figures: Figures) -> dict:
        return {
            "target": "value_per_patient = sum of ExpectedRevenue of the opportunities with the provider's contacts "
                      "(ContactId, any stage) / referred_patients",
            "model": "value_per_patient = intercept + sum(coefficient x figure) + normal noise (sd noise_sd), "
                     f"at least {VALUE_FLOOR}",
            "features": list(FEATURES),
            "intercept": round(self.intercept, 6),
            "coefficients": {name: round(value, 6) for name, value in self.coefficients.items()},
            "noise_sd": round(self.noise_sd, 6),
            "standardised_weights": WEIGHTS,
            "target_r2": TARGET_R2,
            "feature_means": self.feature_means,
            "feature_sds": self.feature_sds,
            "providers_in_model": len(self.provider),
            "in_model_means": "registry providers with a contact and every feature defined (a referred patient, a "
                              "discharged encounter, a survey answer); other providers have no opportunity with "
                              "their contacts",
            "raised_to_floor": self.raised,
            "by_provider": {provider: {**figures.of(p), "value_per_patient": round(float(v), 6)}
                            for provider, p, v in zip(provider_ids(self.provider), self.provider.tolist(),
                                                      self.value.tolist())},
        }


def relation(rng: np.random.Generator, figures: Figures, candidates: np.ndarray) -> Relation:
    """The value per patient of the candidates (providers with a contact) whose figures are all defined."""
    columns = np.column_stack([getattr(figures, name)[candidates].astype(float) for name in FEATURES])
    defined = np.isfinite(columns).all(axis=1) & (figures.referred_patients[candidates] > 0)
    provider, columns = candidates[defined], columns[defined]
    means, sds = columns.mean(axis=0), columns.std(axis=0)
    sds = np.where(sds > 0, sds, 1.0)
    weights = np.array([WEIGHTS[name] for name in FEATURES])
    signal = ((columns - means) / sds) @ weights
    signal_sd = signal.std() if len(signal) > 1 and signal.std() > 0 else 1.0
    scale = VALUE_PER_PATIENT_SD * np.sqrt(TARGET_R2) / signal_sd
    noise_sd = VALUE_PER_PATIENT_SD * np.sqrt(1 - TARGET_R2)
    value = VALUE_PER_PATIENT_MEAN + scale * signal + noise_sd * rng.standard_normal(len(provider))
    coefficients = scale * weights / sds
    return Relation(
        provider, np.maximum(value, VALUE_FLOOR),
        {name: float(c) for name, c in zip(FEATURES, coefficients)},
        float(VALUE_PER_PATIENT_MEAN - coefficients @ means), float(noise_sd), int((value < VALUE_FLOOR).sum()),
        {name: round(float(m), 6) for name, m in zip(FEATURES, means)},
        {name: round(float(s), 6) for name, s in zip(FEATURES, sds)},
    )


@dataclass(frozen=True)
class Deals:
    account: np.ndarray  # index into the accounts
    contact: np.ndarray  # index into the contacts, -1: account-level
    stage: np.ndarray  # index into salesforce.STAGES
    amount_cents: np.ndarray
    expected_cents: np.ndarray


def _stages(rng: np.random.Generator, count: int) -> np.ndarray:
    return draw(rng, STAGE_SHARES, count)


PROBABILITY = np.array([salesforce.STAGES[name] for name in STAGE_SHARES])
STAGE_NAMES = list(STAGE_SHARES)
LOST = STAGE_NAMES.index("Closed Lost")


def provider_deals(rng: np.random.Generator, planted: Relation, figures: Figures, contacts_of: dict[int, np.ndarray],
                   contact_account: np.ndarray) -> Deals:
    """Each provider's planted expected revenue (value x referred patients) split over its opportunities."""
    count = np.minimum(1 + rng.poisson(EXTRA_OPPORTUNITIES_MEAN, len(planted.provider)), MAX_OPPORTUNITIES)
    owner = np.repeat(np.arange(len(planted.provider)), count)
    stage = _stages(rng, len(owner))
    first = np.concatenate([[0], np.cumsum(count)[:-1]])
    # at least one deal of each provider carries value: a provider whose deals were all lost gets its first reopened
    carrying = np.bincount(owner, weights=PROBABILITY[stage] > 0, minlength=len(count))
    stage[first[carrying == 0]] = STAGE_NAMES.index("Prospecting")
    probability = PROBABILITY[stage]
    share = np.where(probability > 0, rng.gamma(2.0, 1.0, len(owner)), 0.0)
    share /= np.bincount(owner, weights=share)[owner]
    total = planted.value * figures.referred_patients[planted.provider]
    expected = total[owner] * share
    with np.errstate(divide="ignore", invalid="ignore"):
        amount = np.where(probability > 0, expected * 100 / probability, 0.0)
    lost_amount = total[owner] / count[owner] * np.exp(0.5 * rng.standard_normal(len(owner)))
    amount_cents = np.round(np.where(probability > 0, amount, lost_amount) * 100).astype(np.int64)
    # a provider with two contacts: each deal is with one of them
    choices = [contacts_of[p] for p in planted.provider[owner].tolist()]
    contact = np.array([options[int(rng.integers(len(options)))] for options in choices], dtype=np.int64)
    return Deals(contact_account[contact], contact, stage, amount_cents, _expected(amount_cents, stage))


def _expected(amount_cents: np.ndarray, stage: np.ndarray) -> np.ndarray:
    """ExpectedRevenue = Amount x Probability / 100, in cents, rounded half up as the CRM does."""
    return (amount_cents * PROBABILITY[stage] + 50) // 100


def other_deals(rng: np.random.Generator, strangers: np.ndarray, contact_account: np.ndarray, accounts: int,
                provider_deal_count: int) -> Deals:
    """Deals with non-registry contacts, then account-level deals (ContactId empty)."""
    count = rng.poisson(STRANGER_OPPORTUNITIES_MEAN, len(strangers))
    contact = np.repeat(strangers, count)
    with_contacts = provider_deal_count + len(contact)
    account_level = round(ACCOUNT_LEVEL_SHARE / (1 - ACCOUNT_LEVEL_SHARE) * with_contacts)
    account = np.concatenate([contact_account[contact], rng.integers(0, accounts, account_level)])
    contact = np.concatenate([contact, np.full(account_level, -1)])
    stage = _stages(rng, len(contact))
    amount_cents = np.round(OTHER_AMOUNT_MEDIAN * np.exp(OTHER_AMOUNT_SIGMA * rng.standard_normal(len(contact)))
                            * 100).astype(np.int64)
    return Deals(account, contact, stage, amount_cents, _expected(amount_cents, stage))


def _money(cents: np.ndarray) -> pa.Array:
    """Dollars with two decimals (12500.00): a decimal column whose unscaled 128-bit values are the cents."""
    cents = np.asarray(cents, dtype=np.int64)
    words = np.column_stack([cents, np.where(cents < 0, -1, 0)]).astype("<i8")
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents), [None, pa.py_buffer(words.tobytes())])


def table(rng: np.random.Generator, deals: Deals, account_ids: pa.Array, account_names: list[str],
          contact_ids: pa.Array, as_of: int) -> tuple[pa.Table, np.ndarray]:
    """The opportunities in Id order (by CreatedDate), and the order taken from `deals`."""
    count = len(deals.stage)
    closed = np.isin(deals.stage, [STAGE_NAMES.index(name) for name in salesforce.CLOSED_STAGES])
    won = deals.stage == STAGE_NAMES.index("Closed Won")
    close_day = np.where(
        closed, as_of // DAY - rng.integers(1, 365, count),
        as_of // DAY + rng.integers(OPEN_CLOSE_DAYS[0], OPEN_CLOSE_DAYS[1] + 1, count))
    created = np.where(
        closed, (close_day - rng.integers(*CLOSED_AGE_DAYS, count)) * DAY,
        as_of - rng.integers(OPEN_AGE_DAYS[0] * DAY, OPEN_AGE_DAYS[1] * DAY, count)) \
        + rng.integers(8 * 3600, 18 * 3600, count)
    created = np.minimum(created, as_of)
    order = np.argsort(created, kind="stable")
    product = rng.integers(0, len(PRODUCTS), count)
    names = [f"{account_names[a]} - {PRODUCTS[p]}" for a, p in zip(deals.account[order].tolist(),
                                                                     product[order].tolist())]
    contact = deals.contact[order]
    return pa.table({
        "Id": salesforce.OPPORTUNITY.render(np.arange(1, count + 1)),
        "AccountId": account_ids.take(pa.array(deals.account[order])),
        "ContactId": contact_ids.take(pa.array(contact, mask=contact < 0)),
        "Name": pa.array(names, pa.string()),
        "StageName": pa.array([STAGE_NAMES[s] for s in deals.stage[order].tolist()], pa.string()),
        "Amount": _money(deals.amount_cents[order]),
        "Probability": pa.array(PROBABILITY[deals.stage[order]], pa.int64()),
        "ExpectedRevenue": _money(deals.expected_cents[order]),
        "CloseDate": dates(close_day[order]),
        "IsClosed": pa.array(closed[order]),
        "IsWon": pa.array(won[order]),
        "LeadSource": pa.array(list(np.array(list(salesforce.LEAD_SOURCES))[
            draw(rng, salesforce.LEAD_SOURCES, count)]), pa.string()),
        "CreatedDate": salesforce.created_dates(created[order]),
    }), order
