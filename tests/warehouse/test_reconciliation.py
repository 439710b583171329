"""Every generated raw row ends up clean or quarantined, for the reason the generator planted."""

from __future__ import annotations

import pytest

# Every raw source, so a failure names its file, with the reasons only its own checks give (truth.json must plant
# them, or the check goes untested).
PLANTED = {
    "patients.csv": [], "providers.csv": [], "advocates.csv": [], "interactions.csv": [], "patient_feedback.csv": [],
    "cases.csv": ["invalid_json"],
    "case_events.csv": ["before_case_created"],
    "appointments.csv": ["scheduled_before_booked"],
    "appointment_feedback.csv": ["before_appointment"],
    "patient_flow": ["discharge_before_arrival"],
    # Provider growth: the generator plants no row for inconsistent_value (opportunities) or outside_stay (supply
    # uses); tests/fixtures/raw_dirty does (test_bad_input), and no_patient_flow is test_optional_domains'.
    "crm_accounts.csv": [], "crm_contacts.csv": [], "crm_activities.csv": [], "crm_opportunities.csv": [],
    "inventory_usage.csv": [], "referrals.csv": [],
}


def test_every_raw_file_balances(query, truth):
    reconciliation = query("select * from quality.reconciliation order by source_file")
    assert set(reconciliation.source_file) == set(truth["rows"])
    assert reconciliation.is_balanced.all(), reconciliation.to_string()
    raw_rows = dict(zip(reconciliation.source_file, reconciliation.raw_rows))
    assert raw_rows == truth["rows"]


# What the provider matching quarantines is no planted bad row, and the generator cannot know it: the contacts below
# the match threshold (unmatched_provider) and the activities and opportunities quarantined for such a contact
# (parent_quarantined). tests/scoring/test_provider_matching_generated.py judges those against the truth.
MATCHING_QUARANTINE = """
    with unmatched as (
        select contact_id from quality.chk_crm__contacts where rejection_reason = 'unmatched_provider'
    )
    select 'crm_contacts.csv' as source_file, 'unmatched_provider' as reason, count(*) as n
    from unmatched
    union all
    select 'crm_activities.csv', 'parent_quarantined', count(*) from quality.chk_crm__activities
    where rejection_reason = 'parent_quarantined' and reason_detail like 'contact_id %'
        and contact_id in (select contact_id from unmatched)
    union all
    select 'crm_opportunities.csv', 'parent_quarantined', count(*) from quality.chk_crm__opportunities
    where rejection_reason = 'parent_quarantined' and reason_detail like 'contact_id %'
        and contact_id in (select contact_id from unmatched)
"""


def planted_only(query, found: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """The quarantine counts less the provider matching's."""
    for row in query(MATCHING_QUARANTINE).itertuples():
        found[(row.source_file, row.reason)] = found.get((row.source_file, row.reason), 0) - row.n
    return {key: count for key, count in found.items() if count}


def test_quarantine_holds_exactly_the_planted_bad_rows(query, truth):
    quarantined = query("select source_file, reason, count(*) as n from quality.quarantine group by all")
    found = planted_only(query, {(row.source_file, row.reason): row.n for row in quarantined.itertuples()})
    expected = {
        (source_file, reason): count
        for source_file, reasons in truth["quarantine_expected"].items()
        for reason, count in reasons.items()
    }
    assert found == expected


def test_quarantined_rows_keep_their_values_and_a_readable_reason(query):
    incomplete = query(
        "select * from quality.quarantine where raw_values is null or reason_detail is null or reason_detail = ''"
    )
    assert incomplete.empty
    assert query("select * from quality.quarantine where line_number is null").empty
    unreadable = query("select * from quality.quarantine where reason in ('malformed_line', 'invalid_encoding') "
                       "and source_file like '%.csv'")
    assert not unreadable.empty and unreadable.reason_detail.str.startswith("line ").all()
    stream = query("select * from quality.quarantine where source_file = 'patient_flow'")
    assert stream.line_number.notna().all() and stream.source_path.str.startswith("patient_flow/capture-").all()


@pytest.mark.parametrize("source_file", sorted(PLANTED))
def test_each_file_quarantines_its_planted_rows_by_reason(query, truth, source_file):
    assert set(PLANTED) == set(truth["quarantine_expected"])
    quarantined = query(f"select reason, count(*) as n from quality.quarantine where source_file = '{source_file}' "
                        "group by reason")
    found = {reason: count for (file, reason), count in
             planted_only(query, {(source_file, row.reason): row.n for row in quarantined.itertuples()}).items()
             if file == source_file}
    expected = truth["quarantine_expected"][source_file]
    assert all(expected.get(reason, 0) > 0 for reason in PLANTED[source_file]), expected
    assert found == expected
