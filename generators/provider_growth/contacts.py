"""crm_contacts.csv: providers as the CRM knows them, with the identity mess a real CRM has.

Most registry providers have a contact; some have two (entered twice, under two spellings);
and the CRM also holds doctors who are no registry provider (out of network), some named like
one. A registry provider's contact may be spelled differently (one name variant, names.py),
lack its NPI or carry a mistyped one, or sit at another practice than the registry's (the
provider moved). The shares are planted as exact quotas; truth.json records, per contact, the
true provider and the kinds of mess it got, and the counts and shares of each kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generators.clock import DAY
from generators.common import faker_pools
from generators.provider_growth import names, salesforce
from generators.provider_growth.accounts import Practices
from generators.provider_growth.figures import provider_ids

CONTACT_SHARE = 0.85  # registry providers the CRM has a contact for
DUPLICATE_SHARE = 0.08  # of those, entered a second time under another spelling
NON_REGISTRY_SHARE = 0.15  # contacts who are no registry provider, per registry provider with a contact
LOOKALIKE_SHARE = 0.4  # of those, named like a registry provider (same last name; same or similar first name)
# name variants, as shares of the registry providers' first contacts (the rest are spelled as the registry has it);
# a second contact always gets a variant other than its first's
NAME_MESS = {"name_typo": 0.08, "nickname": 0.06, "salutation": 0.08, "case_accent": 0.07, "middle_initial": 0.06}
NPI_MESS = {"npi_missing": 0.12, "npi_mistyped": 0.06}  # of every registry provider's contact
MOVED_PRACTICE_SHARE = 0.08  # of every registry provider's contact: at another practice than the registry's
NON_REGISTRY_NPI_MISSING = 0.3
TITLE_MISSING = 0.1
EMAIL_MISSING = 0.15
TITLES = {
    "family_medicine": "Family Physician", "internal_medicine": "Internist", "emergency_medicine": "Emergency Physician",
    "cardiology": "Cardiologist", "oncology": "Oncologist", "pediatrics": "Pediatrician",
    "obstetrics_gynecology": "OB/GYN", "orthopedics": "Orthopedic Surgeon", "critical_care": "Intensivist",
}
CONTACT_AGE_DAYS = (60, 6 * 365)
DUPLICATE_AFTER_DAYS = (14, 700)

MESS_KINDS = (*NAME_MESS, *NPI_MESS, "moved_practice", "duplicate", "non_registry", "non_registry_lookalike")


@dataclass(frozen=True)
class Contacts:
    """The contacts in Id order (by CreatedDate)."""

    provider: np.ndarray  # registry provider number - 1, or -1: no registry provider
    account: np.ndarray  # index into the practices
    mess: list[list[str]]  # kinds of mess per contact ([] : spelled, numbered and placed as the registry has it)
    table: pa.Table

    def truth(self) -> dict:
        ids = self.table["Id"].to_pylist()
        counts = {kind: sum(kind in kinds for kinds in self.mess) for kind in MESS_KINDS}
        total = len(ids)
        return {
            "contact_provider": {contact: (provider if p >= 0 else None) for contact, provider, p in
                                 zip(ids, provider_ids(np.maximum(self.provider, 0)), self.provider.tolist())},
            "identity_mess": {kind: round(count / total, 4) for kind, count in counts.items()},
            "identity_mess_counts": {"contacts": total, **counts,
                                     "clean": sum(not kinds for kinds in self.mess)},
            "identity_mess_planned": {
                "contact_share": CONTACT_SHARE, "duplicate_share": DUPLICATE_SHARE,
                "non_registry_share": NON_REGISTRY_SHARE, "lookalike_share": LOOKALIKE_SHARE,
                "name_variants": NAME_MESS, "npi": NPI_MESS, "moved_practice": MOVED_PRACTICE_SHARE,
            },
            "identity_mess_means": {
                "shares": "identity_mess is each kind's count / every contact (good rows); a contact may have "
                          "several kinds (one name variant at most)",
                "name_typo": "one slipped key, dropped, swapped or doubled letter in the first or last name",
                "nickname": "the first name's nickname (William -> Bill)",
                "salutation": "Salutation empty, or 'Dr. ' typed into FirstName as well",
                "case_accent": "last name in capitals, the whole name in lower case, or an accent on one letter",
                "middle_initial": "FirstName carries a middle initial ('John Q.'); a provider's two contacts may "
                                  "carry two different initials",
                "npi_missing": "NPI__c empty",
                "npi_mistyped": "NPI__c with one digit changed or two adjacent digits transposed",
                "moved_practice": "AccountId (and MailingCity/State) another practice than the registry's",
                "duplicate": "the provider's second contact, created later, under another spelling",
                "non_registry": "no registry provider (contact_provider null)",
                "non_registry_lookalike": "of non_registry: a registry provider's last name and the same or a "
                                          "mistyped first name, with another NPI or none, at another practice",
            },
            "contact_mess": {contact: kinds for contact, kinds in zip(ids, self.mess) if kinds},
        }


def _quota(rng: np.random.Generator, count: int, shares: dict[str, float], rows: np.ndarray) -> dict[str, np.ndarray]:
    """Disjoint sets of `rows`, round(share * count) each."""
    shuffled = rng.permutation(rows)
    taken, picked = 0, {}
    for kind, share in shares.items():
        size = round(share * count)
        picked[kind] = np.sort(shuffled[taken:taken + size])
        taken += size
    return picked


def _mistyped(rng: np.random.Generator, npi: str, taken: set[str]) -> str:
    """One digit (not the leading 1) changed, or two adjacent different digits transposed; no other provider's."""
    while True:
        digits = list(npi)
        at = int(rng.integers(1, len(digits) - 1))
        if rng.random() < 0.5 and digits[at] != digits[at + 1]:
            digits[at], digits[at + 1] = digits[at + 1], digits[at]
        else:
            digits[at] = str((int(digits[at]) + int(rng.integers(1, 10))) % 10)
        changed = "".join(digits)
        if changed != npi and changed not in taken:
            return changed


def _fresh_npis(rng: np.random.Generator, count: int, taken: set[str]) -> list[str]:
    fresh: list[str] = []
    while len(fresh) < count:
        for value in (1_000_000_000 + rng.integers(0, 999_999_999, count)).tolist():
            if str(value) not in taken and len(fresh) < count:
                taken.add(str(value))
                fresh.append(str(value))
    return fresh


def _email(first: str, last: str, account_name: str) -> str:
    def part(text: str) -> str:
        return "".join(letter for letter in names.plain(text).lower() if letter.isalpha())

    first = first.removeprefix("Dr. ").split()[0]
    domain = part(account_name.replace("Medical Group", "md"))[:24]
    return f"{part(first)}.{part(last)}@{domain}.com"


@dataclass
class _Registry:
    """The registry's providers, split the way a CRM user sees them."""

    first: list[str]
    last: list[str]
    npi: list[str]
    specialty: list[str]

    @staticmethod
    def of(providers: pa.Table) -> _Registry:
        full = [name.removeprefix("Dr. ").split(" ", 1) for name in providers["name"].to_pylist()]
        return _Registry([name[0] for name in full], [name[1] for name in full], providers["npi"].to_pylist(),
                         providers["specialty"].to_pylist())


@dataclass
class _Drafts:
    """Contacts before they are dated and ordered, one list entry each."""

    provider: np.ndarray  # provider number - 1, -1: no registry provider
    second: np.ndarray  # bool: a registry provider's second contact
    salutation: list[str]
    first: list[str]
    last: list[str]
    npi: list[str]
    account: np.ndarray
    mess: list[list[str]]
    specialty: list[str]


def _name_kinds(rng: np.random.Generator, contacted: np.ndarray, provider: np.ndarray, second: np.ndarray,
                registry: _Registry) -> np.ndarray:
    """The name variant of each registry contact: quotas over the first contacts (nicknames only where the first
    name has one), and for a second contact another variant than its first's."""
    kind = np.full(len(provider), "exact", dtype=object)
    has_nickname = np.array([registry.first[p] in names.NICKNAMES for p in contacted])
    nickname = rng.permutation(np.flatnonzero(has_nickname))[:round(NAME_MESS["nickname"] * len(contacted))]
    kind[nickname] = "nickname"
    others = {name: share for name, share in NAME_MESS.items() if name != "nickname"}
    for name, rows in _quota(rng, len(contacted), others, np.setdiff1d(np.arange(len(contacted)), nickname)).items():
        kind[rows] = name
    first_of = {p: i for i, p in enumerate(contacted.tolist())}
    for row in np.flatnonzero(second):
        before = kind[first_of[provider[row]]]
        allowed = [name for name in NAME_MESS if (name != before or name == "middle_initial")
                   and (name != "nickname" or registry.first[provider[row]] in names.NICKNAMES)]
        kind[row] = allowed[int(rng.integers(len(allowed)))]
    return kind


def _registry_contacts(rng: np.random.Generator, registry: _Registry, practices: Practices,
                       taken: set[str]) -> _Drafts:
    """The registry providers' contacts (first contacts, then second ones), with their planted mess."""
    count = len(registry.first)
    contacted = np.sort(rng.choice(count, size=round(CONTACT_SHARE * count), replace=False))
    twice = np.sort(rng.choice(contacted, size=round(DUPLICATE_SHARE * len(contacted)), replace=False))
    provider = np.concatenate([contacted, twice])
    second = np.arange(len(provider)) >= len(contacted)
    mess: list[list[str]] = [[] for _ in provider]
    kind = _name_kinds(rng, contacted, provider, second, registry)

    first_of = {p: i for i, p in enumerate(contacted.tolist())}
    salutation, first, last = [], [], []
    for row, p in enumerate(provider.tolist()):
        avoid = names.middle_initial(first[first_of[p]]) if second[row] else ""
        spelled = names.variant(rng, kind[row], registry.first[p], registry.last[p], avoid)
        salutation.append(spelled[0])
        first.append(spelled[1])
        last.append(spelled[2])
        if kind[row] != "exact":
            mess[row].append(kind[row])
        if second[row]:
            mess[row].append("duplicate")

    npi = [registry.npi[p] for p in provider.tolist()]
    for name, rows in _quota(rng, len(provider), NPI_MESS, np.arange(len(provider))).items():
        for row in rows.tolist():
            npi[row] = "" if name == "npi_missing" else _mistyped(rng, registry.npi[provider[row]], taken)
            mess[row].append(name)

    # a moved provider's contact sits at another practice, of the same state where there is one
    account = practices.of_provider[provider].copy()
    moved = np.sort(rng.choice(len(provider), size=round(MOVED_PRACTICE_SHARE * len(provider)), replace=False))
    accounts = len(practices.name)
    for row in moved.tolist():
        same_state = [a for a in range(accounts) if practices.state[a] == practices.state[account[row]]
                      and practices.name[a] != practices.name[account[row]]]
        elsewhere = same_state or [a for a in range(accounts) if practices.name[a] != practices.name[account[row]]]
        account[row] = elsewhere[int(rng.integers(len(elsewhere)))]
        mess[row].append("moved_practice")
    return _Drafts(provider, second, salutation, first, last, npi, account, mess,
                   [registry.specialty[p] for p in provider.tolist()])


def _strangers(rng: np.random.Generator, count: int, registry: _Registry, practices: Practices,
               taken: set[str]) -> _Drafts:
    """Doctors the registry does not have (out of network); the first LOOKALIKE_SHARE named like a registry provider,
    told apart by their NPI or, without one, their first name, and at another practice than the one they resemble."""
    lookalikes = round(LOOKALIKE_SHARE * count)
    pools = faker_pools(rng, first=("first_name", count), last=("last_name", count))
    like = rng.integers(0, len(registry.first), lookalikes)
    first, last = pools["first"], pools["last"]
    for i, p in enumerate(like.tolist()):
        last[i] = registry.last[p]
        first[i] = registry.first[p] if rng.random() < 0.5 else names.typo(rng, registry.first[p])
    npi = _fresh_npis(rng, count, taken)
    npi = ["" if missing else value for missing, value in zip((rng.random(count) < NON_REGISTRY_NPI_MISSING).tolist(),
                                                              npi)]
    for i in range(lookalikes):
        if first[i] == registry.first[like[i]] and not npi[i]:
            npi[i] = _fresh_npis(rng, 1, taken)[0]
    accounts = len(practices.name)
    account = rng.integers(0, accounts, count)
    for i, p in enumerate(like.tolist()):
        while practices.name[account[i]] == practices.name[practices.of_provider[p]]:
            account[i] = rng.integers(0, accounts)
    mess = [["non_registry", "non_registry_lookalike"] if i < lookalikes else ["non_registry"] for i in range(count)]
    return _Drafts(np.full(count, -1), np.zeros(count, dtype=bool), ["Dr."] * count, first, last, npi, account, mess,
                   [])


def contacts(rng: np.random.Generator, providers: pa.Table, practices: Practices, as_of: int) -> Contacts:
    registry = _Registry.of(providers)
    taken = set(registry.npi)  # NPIs no contact may be given by mistake or by chance
    known = _registry_contacts(rng, registry, practices, taken)
    contacted = int((~known.second).sum())
    strangers = _strangers(rng, round(NON_REGISTRY_SHARE * contacted), registry, practices, taken)
    strangers.specialty = [list(TITLES)[t] for t in rng.integers(0, len(TITLES), len(strangers.first)).tolist()]
    drafts = _Drafts(*(
        np.concatenate([getattr(known, name), getattr(strangers, name)]) if isinstance(getattr(known, name), np.ndarray)
        else getattr(known, name) + getattr(strangers, name)
        for name in _Drafts.__dataclass_fields__))

    total = len(drafts.provider)
    created = as_of - rng.integers(CONTACT_AGE_DAYS[0] * DAY, CONTACT_AGE_DAYS[1] * DAY, total)
    later = np.flatnonzero(drafts.second)  # a second contact is created after the first
    earlier = np.searchsorted(known.provider[:contacted], drafts.provider[later])
    created[later] = np.minimum(created[earlier] + rng.integers(DUPLICATE_AFTER_DAYS[0] * DAY,
                                                                DUPLICATE_AFTER_DAYS[1] * DAY, len(later)),
                                as_of - DAY)
    created[later] = np.maximum(created[later], created[earlier] + 1)
    order = np.argsort(created, kind="stable")
    title = [("" if missing else TITLES[s]) for missing, s in zip((rng.random(total) < TITLE_MISSING).tolist(),
                                                                   drafts.specialty)]
    email_missing = (rng.random(total) < EMAIL_MISSING).tolist()
    email = ["" if missing else _email(f, l, practices.name[a])
             for missing, f, l, a in zip(email_missing, drafts.first, drafts.last, drafts.account.tolist())]
    phone = [f"({a}) {e}-{n:04d}" for a, e, n in zip(rng.integers(201, 990, total).tolist(),
                                                       rng.integers(200, 1000, total).tolist(),
                                                       rng.integers(0, 10_000, total).tolist())]
    account_ids = practices.table["Id"].to_pylist()
    account = drafts.account.tolist()

    def ordered(values: list) -> pa.Array:
        """In Id order; an empty value as an empty field (null), as Salesforce exports it."""
        return pa.array([values[i] or None for i in order.tolist()], pa.string())

    table = pa.table({
        "Id": salesforce.CONTACT.render(np.arange(1, total + 1)),
        "AccountId": ordered([account_ids[a] for a in account]),
        "Salutation": ordered(drafts.salutation),
        "FirstName": ordered(drafts.first),
        "LastName": ordered(drafts.last),
        "Title": ordered(title),
        "NPI__c": ordered(drafts.npi),
        "Email": ordered(email),
        "Phone": ordered(phone),
        "MailingCity": ordered([practices.city[a] for a in account]),
        "MailingState": ordered([practices.state[a] for a in account]),
        "CreatedDate": salesforce.created_dates(created[order]),
    })
    return Contacts(drafts.provider[order], drafts.account[order], [drafts.mess[i] for i in order.tolist()], table)
