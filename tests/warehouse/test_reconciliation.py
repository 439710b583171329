"""Every generated raw row ends up clean or quarantined, for the reason the generator planted."""

from __future__ import annotations


def test_every_raw_file_balances(query, truth):
    reconciliation = query("select * from quality.reconciliation order by source_file")
    assert set(reconciliation.source_file) == set(truth["rows"])
    assert reconciliation.is_balanced.all(), reconciliation.to_string()
    raw_rows = dict(zip(reconciliation.source_file, reconciliation.raw_rows))
    assert raw_rows == truth["rows"]


def test_quarantine_holds_exactly_the_planted_bad_rows(query, truth):
    quarantined = query("select source_file, reason, count(*) as n from quality.quarantine group by all")
    found = {(row.source_file, row.reason): row.n for row in quarantined.itertuples()}
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
