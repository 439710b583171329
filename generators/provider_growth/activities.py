"""crm_activities.csv: the liaisons' calls, visits and emails to contacts (Salesforce Tasks) over the history.

There are TASKS_PER_CONTACT tasks per contact over the history, whatever its length, so tasks
per provider do not change with the scale and rows grow linearly with it (like the referrals);
each contact is worked at its own pace (its share of the tasks is a gamma draw). A task's
WhatId is the contact's account. Tasks are dated within the patient-flow history; the last two
weeks' are partly still open, older ones completed (a few deferred).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generators.clock import DAY, HOUR
from generators.common import dates, draw, labels
from generators.provider_growth import salesforce

TASKS_PER_CONTACT = 13.0  # over the history; each contact's share of them ~ Gamma(RATE_SHAPE)
RATE_SHAPE = 1.5
TYPE_SHARES = {"Call": 0.5, "Visit": 0.15, "Email": 0.35}
SUBJECTS = {
    "Call": ("Call: referral follow-up", "Call: scheduling access", "Call: introduce service line",
             "Call: check on referred patient", "Call: prior authorization question"),
    "Visit": ("Visit: lunch-and-learn", "Visit: practice drop-in", "Visit: quarterly business review",
              "Visit: new physician introduction"),
    "Email": ("Email: referral guide", "Email: new clinic hours", "Email: outcomes report",
              "Email: event invitation", "Email: thank you for referral"),
}
OPEN_DAYS = 14  # tasks dated this close to the as-of may still be open
OPEN_STATUSES = {"Not Started": 0.4, "In Progress": 0.3, "Completed": 0.3}
DEFERRED_SHARE = 0.02  # of older tasks
CREATED_BEFORE_DAYS = 10  # a task is created up to this long before its date


def table(rng: np.random.Generator, contact_ids: pa.Array, account_ids: pa.Array, start: int, as_of: int) -> pa.Table:
    """Tasks in ActivityDate order; contact_ids and account_ids: each contact's Id and its account's Id."""
    pace = rng.gamma(RATE_SHAPE, 1.0, len(contact_ids))
    count = rng.multinomial(round(TASKS_PER_CONTACT * len(contact_ids)), pace / pace.sum())
    contact = np.repeat(np.arange(len(contact_ids)), count)
    total = len(contact)
    due = rng.integers(start, as_of, total)
    order = np.argsort(due, kind="stable")
    contact, due = contact[order], due[order]
    kind = draw(rng, TYPE_SHARES, total)
    subject_pool = [subject for name in TYPE_SHARES for subject in SUBJECTS[name]]
    first = np.cumsum([0] + [len(SUBJECTS[name]) for name in TYPE_SHARES])
    subject = first[kind] + (rng.random(total) * np.diff(first)[kind]).astype(np.int64)
    statuses = list(salesforce.TASK_STATUSES)
    recent = due >= as_of - OPEN_DAYS * DAY
    open_status = np.array([statuses.index(name) for name in OPEN_STATUSES])[draw(rng, OPEN_STATUSES, total)]
    old_status = np.where(rng.random(total) < DEFERRED_SHARE, statuses.index("Deferred"), statuses.index("Completed"))
    status = np.where(recent, open_status, old_status)
    # created during business hours some days before the task's date, never after the as-of
    created_day = (due // DAY - rng.integers(0, CREATED_BEFORE_DAYS + 1, total)) * DAY
    created = np.minimum(created_day + rng.integers(8 * HOUR, 18 * HOUR, total), as_of)
    return pa.table({
        "Id": salesforce.TASK.render(np.arange(1, total + 1)),
        "WhoId": pc.take(contact_ids, contact),
        "WhatId": pc.take(account_ids, contact),
        "Type": labels(list(TYPE_SHARES), kind),
        "Subject": labels(subject_pool, subject),
        "ActivityDate": dates(due // DAY),
        "Status": labels(statuses, status),
        "CreatedDate": salesforce.created_dates(created),
    })
