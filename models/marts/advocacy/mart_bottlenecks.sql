{#
  Each bottleneck compares the cases that have a driver (comparison group)
  with those that do not (baseline) on one metric. effect_size is
  comparison minus baseline in the metric's unit; relative_effect divides it
  by the baseline so segments of different units can be ranked together.
#}

with

cases as (
    select * from {{ ref('fct_case_lifecycle') }}
),

case_types as (
    select * from {{ ref('advocacy__case_types') }}
),

cases_scored as (
    select
        case_type,
        has_missing_docs,
        handoff_count > 0 as had_handoff,
        was_escalated,
        days_to_resolution,
        csat,
        -- doubles (1.0 is a decimal on Spark, and its average a decimal too)
        case when sla_breached then 1e0 else 0e0 end as sla_breach_score
    from cases
),

flag_segments as (
    {% for driver, flag, metric, comparison, baseline in [
        ('missing_docs', 'has_missing_docs', 'days_to_resolution', 'missing documents', 'documents complete'),
        ('handoffs', 'had_handoff', 'csat', 'one or more handoffs', 'no handoff'),
        ('escalation', 'was_escalated', 'csat', 'escalated', 'not escalated'),
        ('escalation', 'was_escalated', 'sla_breach_score', 'escalated', 'not escalated'),
    ] %}
        select
            '{{ driver }}:{{ metric | replace("_score", "_rate") }}' as bottleneck_id,
            '{{ driver }}' as driver,
            '{{ metric | replace("_score", "_rate") }}' as metric,
            '{{ comparison }}' as comparison_group,
            '{{ baseline }}' as baseline_group,
            count(case when {{ flag }} then {{ metric }} end) as comparison_cases,
            count(case when not {{ flag }} then {{ metric }} end) as baseline_cases,
            avg(case when {{ flag }} then {{ metric }} end) as comparison_value,
            avg(case when not {{ flag }} then {{ metric }} end) as baseline_value
        from cases_scored
        -- no cases (the advocacy domain not loaded), no bottleneck
        having count(*) > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

case_type_segments as (
    {% for metric in ['sla_breach_score', 'days_to_resolution'] %}
        select
            'case_type:' || case_types.case_type || ':{{ metric | replace("_score", "_rate") }}' as bottleneck_id,
            'case_type' as driver,
            '{{ metric | replace("_score", "_rate") }}' as metric,
            case_types.case_type as comparison_group,
            'other case types' as baseline_group,
            count(case when cases_scored.case_type = case_types.case_type then cases_scored.{{ metric }} end) as comparison_cases,
            count(case when cases_scored.case_type <> case_types.case_type then cases_scored.{{ metric }} end) as baseline_cases,
            avg(case when cases_scored.case_type = case_types.case_type then cases_scored.{{ metric }} end) as comparison_value,
            avg(case when cases_scored.case_type <> case_types.case_type then cases_scored.{{ metric }} end) as baseline_value
        from case_types
        cross join cases_scored
        group by case_types.case_type
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

segments as (
    select * from flag_segments
    union all
    select * from case_type_segments
),

segments_sized as (
    select
        bottleneck_id,
        driver,
        metric,
        comparison_group,
        baseline_group,
        comparison_cases,
        baseline_cases,
        comparison_value,
        baseline_value,
        comparison_value - baseline_value as effect_size,
        (comparison_value - baseline_value) / nullif(baseline_value, 0) as relative_effect
    from segments
)

select
    bottleneck_id,
    driver,
    metric,
    comparison_group,
    baseline_group,
    cast(comparison_cases as integer) as comparison_cases,
    cast(baseline_cases as integer) as baseline_cases,
    comparison_value,
    baseline_value,
    effect_size,
    relative_effect,
    cast(row_number() over (
        order by abs(relative_effect) desc nulls last, bottleneck_id
    ) as integer) as effect_rank,
    {{ audit_columns() }}
from segments_sized
