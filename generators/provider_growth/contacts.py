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
            "contact_provider": {contact: (f"D{p + 1:06d}" if p >= 0 else None)
                                 for contact, p in zip(ids, self.provider.tolist())},
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


def contacts(rng: np.random.Generator, providers: pa.Table, practices: Practices, as_of: int) -> Contacts:
    count = providers.num_rows
    full_names = [name.removeprefix("Dr. ") for name in providers["name"].to_pylist()]
    first_names = [name.split(" ", 1)[0] for name in full_names]
    last_names = [name.split(" ", 1)[1] for name in full_names]
    npis = providers["npi"].to_pylist()
    specialties = providers["specialty"].to_pylist()
    taken = set(npis)

    contacted = np.sort(rng.choice(count, size=round(CONTACT_SHARE * count), replace=False))
    twice = np.sort(rng.choice(contacted, size=round(DUPLICATE_SHARE * len(contacted)), replace=False))
    provider = np.concatenate([contacted, twice])  # registry rows: first contacts, then second ones
    second = np.arange(len(provider)) >= len(contacted)
    mess: list[list[str]] = [[] for _ in provider]

    # name variants of the first contacts: nicknames only where the first name has one
    kind = np.full(len(provider), "exact", dtype=object)
    has_nickname = np.array([first_names[p] in names.NICKNAMES for p in contacted])
    nickname = rng.permutation(np.flatnonzero(has_nickname))[:round(NAME_MESS["nickname"] * len(contacted))]
    kind[nickname] = "nickname"
    others = {name: share for name, share in NAME_MESS.items() if name != "nickname"}
    for name, rows in _quota(rng, len(contacted), others, np.setdiff1d(np.arange(len(contacted)), nickname)).items():
        kind[rows] = name
    first_of = {p: i for i, p in enumerate(contacted.tolist())}
    variants = list(NAME_MESS)
    for row in np.flatnonzero(second):  # another spelling than the first contact's
        before = kind[first_of[provider[row]]]
        allowed = [name for name in variants if (name != before or name == "middle_initial")
                   and (name != "nickname" or first_names[provider[row]] in names.NICKNAMES)]
        kind[row] = allowed[int(rng.integers(len(allowed)))]

    salutation, first, last = [], [], []
    for row, p in enumerate(provider.tolist()):
        avoid = names.middle_initial(first[first_of[p]]) if second[row] else ""
        spelled = names.variant(rng, kind[row], first_names[p], last_names[p], avoid)
        salutation.append(spelled[0])
        first.append(spelled[1])
        last.append(spelled[2])
        if kind[row] != "exact":
            mess[row].append(kind[row])
        if second[row]:
            mess[row].append("duplicate")

    registry_rows = np.arange(len(provider))
    npi = [npis[p] for p in provider.tolist()]
    for name, rows in _quota(rng, len(provider), NPI_MESS, registry_rows).items():
        for row in rows.tolist():
            npi[row] = "" if name == "npi_missing" else _mistyped(rng, npis[provider[row]], taken)
            mess[row].append(name)
    account = practices.of_provider[provider].copy()
    moved = np.sort(rng.choice(len(provider), size=round(MOVED_PRACTICE_SHARE * len(provider)), replace=False))
    accounts = len(practices.name)
    for row in moved.tolist():
        same_state = [a for a in range(accounts) if practices.state[a] == practices.state[account[row]]
                      and practices.name[a] != practices.name[account[row]]]
        elsewhere = same_state or [a for a in range(accounts) if practices.name[a] != practices.name[account[row]]]
        account[row] = elsewhere[int(rng.integers(len(elsewhere)))]
        mess[row].append("moved_practice")

    # doctors the registry does not have: out of network; some named like a registry provider
    strangers = round(NON_REGISTRY_SHARE * len(contacted))
    lookalikes = round(LOOKALIKE_SHARE * strangers)
    pools = faker_pools(rng, first=("first_name", strangers), last=("last_name", strangers))
    like = rng.integers(0, count, lookalikes)
    stranger_first, stranger_last = pools["first"], pools["last"]
    for i, p in enumerate(like.tolist()):
        stranger_last[i] = last_names[p]
        stranger_first[i] = first_names[p] if rng.random() < 0.5 else names.typo(rng, first_names[p])
    stranger_npi = _fresh_npis(rng, strangers, taken)
    stranger_npi = ["" if missing else value for missing, value in
                    zip((rng.random(strangers) < NON_REGISTRY_NPI_MISSING).tolist(), stranger_npi)]
    for i in range(lookalikes):  # a lookalike is told apart by its NPI or, without one, its first name
        if stranger_first[i] == first_names[like[i]] and not stranger_npi[i]:
            stranger_npi[i] = _fresh_npis(rng, 1, taken)[0]
    stranger_account = rng.integers(0, accounts, strangers)
    for i, p in enumerate(like.tolist()):  # at another practice than the provider they resemble
        while practices.name[stranger_account[i]] == practices.name[practices.of_provider[p]]:
            stranger_account[i] = rng.integers(0, accounts)
    salutation += ["Dr."] * strangers
    first += stranger_first
    last += stranger_last
    npi += stranger_npi
    provider = np.concatenate([provider, np.full(strangers, -1)])
    account = np.concatenate([account, stranger_account])
    mess += [["non_registry", "non_registry_lookalike"] if i < lookalikes else ["non_registry"]
             for i in range(strangers)]
    specialty = [specialties[p] for p in provider[provider >= 0].tolist()] + \
        [list(TITLES)[t] for t in rng.integers(0, len(TITLES), strangers).tolist()]

    total = len(provider)
    created = as_of - rng.integers(CONTACT_AGE_DAYS[0] * DAY, CONTACT_AGE_DAYS[1] * DAY, total)
    later = np.flatnonzero(np.concatenate([second, np.zeros(strangers, bool)]))
    earlier = np.array([first_of[p] for p in provider[later].tolist()], dtype=np.int64)
    created[later] = np.minimum(created[earlier] + rng.integers(DUPLICATE_AFTER_DAYS[0] * DAY,
                                                                DUPLICATE_AFTER_DAYS[1] * DAY, len(later)),
                                as_of - DAY)
    created[later] = np.maximum(created[later], created[earlier] + 1)
    order = np.argsort(created, kind="stable")
    title = [("" if missing else TITLES[s]) for missing, s in zip((rng.random(total) < TITLE_MISSING).tolist(),
                                                                   specialty)]
    email_missing = (rng.random(total) < EMAIL_MISSING).tolist()
    email = ["" if missing else _email(f, l, practices.name[a])
             for missing, f, l, a in zip(email_missing, first, last, account.tolist())]
    phone = [f"({a}) {e}-{n:04d}" for a, e, n in zip(rng.integers(201, 990, total).tolist(),
                                                       rng.integers(200, 1000, total).tolist(),
                                                       rng.integers(0, 10_000, total).tolist())]
    account_ids = practices.table["Id"].to_pylist()

    def ordered(values: list) -> pa.Array:
        """In Id order; an empty value as an empty field (null), as Salesforce exports it."""
        return pa.array([values[i] or None for i in order.tolist()], pa.string())

    table = pa.table({
        "Id": salesforce.CONTACT.render(np.arange(1, total + 1)),
        "AccountId": ordered([account_ids[a] for a in account.tolist()]),
        "Salutation": ordered(salutation),
        "FirstName": ordered(first),
        "LastName": ordered(last),
        "Title": ordered(title),
        "NPI__c": ordered(npi),
        "Email": ordered(email),
        "Phone": ordered(phone),
        "MailingCity": ordered([practices.city[a] for a in account.tolist()]),
        "MailingState": ordered([practices.state[a] for a in account.tolist()]),
        "CreatedDate": salesforce.created_dates(created[order]),
    })
    return Contacts(provider[order], account[order], [mess[i] for i in order.tolist()], table)
