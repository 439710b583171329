{#
  Additive parts of every advocacy KPI, so that any slice (dates, case types,
  priorities) re-aggregates exactly as sum(numerator) / sum(denominator). The
  ratio columns are the KPIs at this grain; the README's KPI table names the
  parts of each.
#}

with

cases as (
    select * from {{ ref('fct_case_lifecycle') }}
),

kpi_parts as (
    select
        created_date,
        case_type,
        priority,
        count(*) as total_cases,
        sum(case when is_active then 1 else 0 end) as active_cases,
        count(hours_to_first_response) as responded_cases,
        coalesce(sum(hours_to_first_response), 0) as sum_hours_to_first_response,
        count(days_to_resolution) as resolved_cases,
        coalesce(sum(days_to_resolution), 0) as sum_days_to_resolution,
        sum(case when was_ever_resolved then 1 else 0 end) as ever_resolved_cases,
        sum(case when was_escalated then 1 else 0 end) as escalated_cases,
        sum(case when was_reopened then 1 else 0 end) as reopened_cases,
        sum(case when sla_breached then 1 else 0 end) as sla_breached_cases,
        sum(interaction_count) as sum_interactions,
        count(csat) as csat_responses,
        coalesce(sum(csat), 0) as sum_csat,
        sum(case when is_stale then 1 else 0 end) as stale_cases
    from cases
    group by created_date, case_type, priority
)

select
    created_date,
    case_type,
    priority,
    cast(total_cases as integer) as total_cases,
    cast(active_cases as integer) as active_cases,
    cast(responded_cases as integer) as responded_cases,
    sum_hours_to_first_response,
    cast(resolved_cases as integer) as resolved_cases,
    sum_days_to_resolution,
    cast(ever_resolved_cases as integer) as ever_resolved_cases,
    cast(escalated_cases as integer) as escalated_cases,
    cast(reopened_cases as integer) as reopened_cases,
    cast(sla_breached_cases as integer) as sla_breached_cases,
    cast(sum_interactions as integer) as sum_interactions,
    cast(csat_responses as integer) as csat_responses,
    cast(sum_csat as integer) as sum_csat,
    cast(stale_cases as integer) as stale_cases,
    sum_hours_to_first_response / nullif(responded_cases, 0) as avg_hours_to_first_response,
    sum_days_to_resolution / nullif(resolved_cases, 0) as avg_days_to_resolution,
    escalated_cases * 1.0 / total_cases as escalation_rate,
    reopened_cases * 1.0 / nullif(ever_resolved_cases, 0) as reopen_rate,
    sla_breached_cases * 1.0 / total_cases as sla_breach_rate,
    sum_interactions * 1.0 / total_cases as interactions_per_case,
    sum_csat * 1.0 / nullif(csat_responses, 0) as avg_csat,
    {{ audit_columns() }}
from kpi_parts
