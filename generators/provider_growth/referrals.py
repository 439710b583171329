"""referrals.csv: the referral-management system's orders, and the planted leakage.

Every patient-flow encounter with a referring provider has an order from that provider for
that patient and service line (the arrival department's), placed a few days before the
arrival (hours, for the emergency department). On top, each provider's orders include some
that never arrive: the leakage, at a rate planted per provider (a Beta draw, so providers
differ), for patients and service lines like the provider's arrived ones, and for no
(patient, provider, service line) that ever arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators import ids
from generators.clock import DAY, HOUR
from generators.common import labels, timestamps

REFERRAL = ids.IdFormat("RF", 8)

LEAD_MEDIAN_DAYS = 6.0  # order to arrival, lognormal
LEAD_SIGMA = 0.7
LEAD_MAX_DAYS = 60
EMERGENCY_LEAD_MEDIAN_HOURS = 10.0  # an emergency referral is sent ahead the same day or the day before
EMERGENCY_LEAD_MAX_HOURS = 48
MIN_LEAD_SECONDS = HOUR
LEAKAGE_BETA = (2.0, 9.0)  # per-provider leakage rate ~ Beta(a, b): mean 0.18
LEAKAGE_QUIET_DAYS = 30  # leaked orders are dated at least this long before the as-of: their absence is final


@dataclass(frozen=True)
class Orders:
    patient: np.ndarray  # patient number - 1
    provider: np.ndarray  # provider number - 1
    service_line: np.ndarray
    referred_at: np.ndarray
    encounter: np.ndarray  # plan row it arrived as; -1: leaked


def orders(rng: np.random.Generator, referrer: np.ndarray, patient: np.ndarray, service_line: np.ndarray,
           arrival: np.ndarray, emergency: np.ndarray, providers: int, patients_registered: np.ndarray,
           start: int, as_of: int) -> tuple[Orders, np.ndarray]:
    """The orders of arrived encounters and the leaked ones, in referred_at order; and each provider's planted rate.

    `referrer` is -1 for encounters nobody referred; `emergency` marks arrivals in the emergency department.
    """
    referred = np.flatnonzero(referrer >= 0)
    lead_days = np.minimum(LEAD_MEDIAN_DAYS * np.exp(LEAD_SIGMA * rng.standard_normal(len(referred))), LEAD_MAX_DAYS)
    lead_hours = np.minimum(EMERGENCY_LEAD_MEDIAN_HOURS * np.exp(LEAD_SIGMA * rng.standard_normal(len(referred))),
                            EMERGENCY_LEAD_MAX_HOURS)
    lead = np.maximum(np.where(emergency[referred], lead_hours * HOUR, lead_days * DAY), MIN_LEAD_SECONDS)
    arrived = Orders(patient[referred], referrer[referred], service_line[referred],
                     arrival[referred] - lead.astype(np.int64), referred)

    rate = rng.beta(*LEAKAGE_BETA, providers)
    volume = np.bincount(arrived.provider, minlength=providers)
    leaked_count = rng.poisson(volume * rate / (1 - rate))
    # like the provider's arrived orders: a random one's service line; any registered patient
    provider = np.repeat(np.arange(providers), leaked_count)
    first = np.concatenate([[0], np.cumsum(volume)[:-1]])
    by_provider = np.argsort(arrived.provider, kind="stable")
    like = by_provider[first[provider] + (rng.random(len(provider)) * volume[provider]).astype(np.int64)]
    # between the provider's first arrived order and LEAKAGE_QUIET_DAYS before the as-of
    earliest = np.full(providers, as_of, dtype=np.int64)
    np.minimum.at(earliest, arrived.provider, arrived.referred_at)
    low = np.maximum(earliest[provider], start)
    high = np.maximum(as_of - LEAKAGE_QUIET_DAYS * DAY, low + HOUR)
    at = low + (rng.random(len(provider)) * (high - low)).astype(np.int64)
    registered = np.maximum(np.searchsorted(patients_registered, at, side="right"), 1)
    leaked = Orders((rng.random(len(provider)) * registered).astype(np.int64), provider,
                    arrived.service_line[like], at, np.full(len(provider), -1))

    # a leaked order must not look like one that arrived: no encounter of its patient, provider and service line
    def key(o: Orders) -> np.ndarray:
        return (o.patient * providers + o.provider) * 64 + o.service_line

    keep = ~np.isin(key(leaked), key(arrived))
    every = Orders(*(np.concatenate([getattr(arrived, name), getattr(leaked, name)[keep]])
                     for name in Orders.__dataclass_fields__))
    order = np.argsort(every.referred_at, kind="stable")
    return Orders(*(getattr(every, name)[order] for name in Orders.__dataclass_fields__)), rate


def table(every: Orders, service_lines: list[str]) -> pa.Table:
    return pa.table({
        "referral_id": REFERRAL.render(np.arange(1, len(every.patient) + 1)),
        "patient_id": ids.PATIENT.render(every.patient + 1),
        "referring_provider_id": ids.PROVIDER.render(every.provider + 1),
        "service_line": labels(service_lines, every.service_line),
        "referred_at": timestamps(every.referred_at),
    })
