"""The marts and metrics recover each behaviour the generator planted, in direction and close to its size."""

from __future__ import annotations

import pytest

from healthcare_ops.semantic import MetricQuery


def bottleneck(query, bottleneck_id: str):
    rows = query("select * from marts.mart_bottlenecks where bottleneck_id = ?", [bottleneck_id])
    assert len(rows) == 1, bottleneck_id
    return rows.iloc[0]


def test_prior_authorization_and_claim_denial_resolve_slower_and_escalate_more(metrics, truth):
    by_type = metrics(MetricQuery(("avg_days_to_resolution", "escalation_rate"), ("case__case_type",)))
    by_type = by_type.set_index("case_type")
    slow = set(truth["effects"]["slow_case_types"])
    others = by_type.drop(index=list(slow))
    for case_type in slow:
        assert by_type.loc[case_type, "avg_days_to_resolution"] > others.avg_days_to_resolution.max()
        assert by_type.loc[case_type, "escalation_rate"] > others.escalation_rate.max()


def test_missing_documents_add_the_planted_days(query, truth):
    planted = truth["effects"]["missing_docs_extra_days"]
    effect = bottleneck(query, "missing_docs:days_to_resolution").effect_size
    assert effect == pytest.approx(planted, rel=0.25)


def test_each_handoff_lowers_csat(query, truth):
    planted = truth["effects"]["csat_per_handoff"]
    slope = query(
        "select regr_slope(csat, handoff_count) as slope from marts.fct_case_lifecycle where csat is not null"
    ).slope[0]
    # rounding to whole stars and clipping at 1..5 flatten the slope a little
    assert slope == pytest.approx(planted, rel=0.35)
    assert bottleneck(query, "handoffs:csat").effect_size < 0


def test_escalated_cases_breach_more_and_score_lower(query, truth):
    assert bottleneck(query, "escalation:sla_breach_rate").effect_size > 0
    planted = truth["effects"]["escalation_csat_effect"]
    assert bottleneck(query, "escalation:csat").effect_size == pytest.approx(planted, rel=0.35)


def test_first_response_is_slower_out_of_hours(query, truth):
    planted = truth["effects"]["out_of_hours_response_multiplier"]
    ratio = query(
        """
        select avg(hours_to_first_response) filter (where is_out_of_hours)
             / avg(hours_to_first_response) filter (where not is_out_of_hours) as ratio
        from marts.fct_case_lifecycle
        """
    ).ratio[0]
    assert ratio == pytest.approx(planted, rel=0.2)


def test_exactly_the_planted_advocates_are_overloaded(query, truth):
    overloaded = query("select advocate_id from marts.mart_advocate_caseload where is_overloaded")
    assert sorted(overloaded.advocate_id) == sorted(truth["effects"]["overloaded_advocate_ids"])
