"""Provider growth (seed 004): the CRM (Salesforce), inventory and referral-management exports around the referring
providers, over the same registry and patient-flow encounters as the other domains.

A module per job:

    salesforce     18-character ids, CreatedDate, the standard picklists
    accounts       crm_accounts.csv: the referring practices
    names          how a CRM misspells a provider
    contacts       crm_contacts.csv: providers as the CRM knows them, with the identity mess
    activities     crm_activities.csv: calls, visits and emails to contacts
    supplies       inventory_usage.csv: supplies used per encounter, by service-line profile
    referrals      referrals.csv: the orders, and the planted per-provider leakage
    figures        each provider's figures from the encounters they referred
    opportunities  crm_opportunities.csv: deals, and the planted opportunity-value relation

Each part draws from a stream of its own (provider_growth/<part>), so changing one leaves the
others' bytes alone. What was planted goes to truth.json under "provider_growth".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from generators import clock
from generators.common import stream
from generators.patient_flow import Simulated
from generators.patient_flow.plan import history_days
from generators.provider_growth import accounts, activities, contacts, figures, opportunities, referrals, supplies

DOMAIN = "provider_growth"  # its random streams' prefix and its key in truth.json
FILES = ("crm_accounts.csv", "crm_contacts.csv", "crm_activities.csv", "crm_opportunities.csv",
         "inventory_usage.csv", "referrals.csv")


def simulate(seed: int, scale: float, as_of: int, registered_at: np.ndarray, providers: pa.Table, flow: Simulated,
             emit: Callable[[str, pa.Table], object]) -> dict:
    """Hand the six files to `emit`; return the provider-growth truth."""
    def rng(part: str) -> np.random.Generator:
        return stream(seed, f"{DOMAIN}/{part}")

    ref, plan = flow.hospital.ref, flow.encounters
    start = as_of - history_days(scale) * clock.DAY
    encounter_numbers = np.arange(1, len(plan.arrival) + 1)  # the batch numbers its encounters from 1, in plan order
    service_lines = list(dict.fromkeys(ref.service_lines))
    line_of_department = np.array([service_lines.index(line) for line in ref.service_lines])
    service_line = line_of_department[plan.department]  # the arrival department's
    discharged = plan.discharge <= as_of
    end = np.minimum(plan.discharge, as_of)
    provider_count = providers.num_rows

    used = supplies.usage(rng("supplies"), service_line, service_lines, plan.arrival, end)
    catalogue = supplies.items()
    unit_cost = np.zeros(len(catalogue) + 1)
    unit_cost[[int(item.item_id[len(supplies.ITEM.prefix):]) for item in catalogue]] = \
        [item.unit_cost for item in catalogue]
    emit("inventory_usage.csv", supplies.table(used, encounter_numbers))

    orders, leakage_rate = referrals.orders(
        rng("referrals"), plan.referrer, plan.patient, service_line, plan.arrival, plan.department == ref.emergency,
        provider_count, registered_at, start, as_of)
    emit("referrals.csv", referrals.table(orders, service_lines))

    figures_ = figures.figures(provider_count, plan.referrer, plan.patient, plan.arrival, plan.discharge, discharged,
                               plan.cost_cents, plan.satisfaction, used.encounter, used.quantity,
                               used.quantity * unit_cost[used.item])

    practices = accounts.practices(rng("accounts"), providers, as_of)
    emit("crm_accounts.csv", practices.table)
    known = contacts.contacts(rng("contacts"), providers, practices, as_of)
    emit("crm_contacts.csv", known.table)
    account_ids = practices.table["Id"]
    contact_ids = known.table["Id"]
    emit("crm_activities.csv", activities.table(rng("activities"), contact_ids.combine_chunks(),
                                                account_ids.combine_chunks().take(pa.array(known.account)),
                                                start, as_of))

    contacts_of: dict[int, list[int]] = {}
    for row, provider in enumerate(known.provider.tolist()):
        if provider >= 0:
            contacts_of.setdefault(provider, []).append(row)
    deal_rng = rng("opportunities")
    planted = opportunities.relation(deal_rng, figures_, np.array(sorted(contacts_of), dtype=np.int64))
    with_providers = opportunities.provider_deals(
        deal_rng, planted, figures_, {p: np.array(rows) for p, rows in contacts_of.items()}, known.account)
    others = opportunities.other_deals(deal_rng, np.flatnonzero(known.provider < 0), known.account,
                                       len(practices.name), len(with_providers.stage))
    deals = opportunities.Deals(*(np.concatenate([getattr(with_providers, name), getattr(others, name)])
                                  for name in opportunities.Deals.__dataclass_fields__))
    deal_table, _ = opportunities.table(deal_rng, deals, account_ids.combine_chunks(), practices.name,
                                        contact_ids.combine_chunks(), as_of)
    emit("crm_opportunities.csv", deal_table)

    leaked = orders.encounter < 0
    by_provider = np.bincount(orders.provider, minlength=provider_count)
    leaked_by_provider = np.bincount(orders.provider[leaked], minlength=provider_count)
    ordering = np.flatnonzero(by_provider)  # providers with orders
    return {
        "files": list(FILES),
        "period": {"start": clock.iso(start), "end": clock.iso(as_of)},
        **known.truth(),
        "opportunity_value": planted.truth(figures_),
        "account_level_opportunities": int((deals.contact < 0).sum()),
        "account_level_share": round(float((deals.contact < 0).mean()), 4),
        "non_registry_contact_opportunities": len(others.stage) - int((deals.contact < 0).sum()),
        "figures": figures.DEFINITIONS,
        "supplies": supplies.profile_summary(),
        "leakage": {
            "means": "referral orders with no patient-flow encounter of the same patient, referring provider and "
                     "service line: they never arrive",
            "rate_distribution": f"per provider ~ Beta{referrals.LEAKAGE_BETA}; leaked orders ~ Poisson(arrived "
                                 "orders x rate / (1 - rate))",
            "orders": len(orders.encounter),
            "leaked_orders": int(leaked.sum()),
            "leakage_share": round(float(leaked.mean()), 6),
            "quiet_days": referrals.LEAKAGE_QUIET_DAYS,
            "planted_rate_by_provider": dict(zip(figures.provider_ids(ordering), np.round(
                leakage_rate[ordering], 6).tolist())),
            "leaked_by_provider": dict(zip(figures.provider_ids(ordering), leaked_by_provider[ordering].tolist())),
            "orders_by_provider": dict(zip(figures.provider_ids(ordering), by_provider[ordering].tolist())),
        },
        "referral_lead": {
            "median_days": referrals.LEAD_MEDIAN_DAYS, "sigma": referrals.LEAD_SIGMA,
            "max_days": referrals.LEAD_MAX_DAYS, "emergency_median_hours": referrals.EMERGENCY_LEAD_MEDIAN_HOURS,
            "emergency_max_hours": referrals.EMERGENCY_LEAD_MAX_HOURS,
            "means": "an arrived order is placed this long before its encounter's arrival (lognormal, capped), "
                     "so some orders precede the patient-flow period",
        },
    }
