with

advocates as (
    select * from {{ ref('dim_advocate') }}
    where capacity is not null
),

cases as (
    select * from {{ ref('fct_case_lifecycle') }}
),

complexity_levels as (
    select * from {{ ref('advocacy__complexity_levels') }}
),

caseload as (
    select
        cases.advocate_sk,
        sum(case when cases.is_active then 1 else 0 end) as active_cases,
        sum(case when cases.is_active and cases.priority = 'low' then 1 else 0 end) as active_low,
        sum(case when cases.is_active and cases.priority = 'medium' then 1 else 0 end) as active_medium,
        sum(case when cases.is_active and cases.priority = 'high' then 1 else 0 end) as active_high,
        sum(case when cases.is_active and cases.priority = 'urgent' then 1 else 0 end) as active_urgent,
        sum(case when cases.is_active then complexity_levels.complexity_weight else 0 end) as weighted_load,
        sum(case when cases.is_stale then 1 else 0 end) as stale_cases,
        count(cases.days_to_resolution) as resolved_cases,
        avg(cases.days_to_resolution) as avg_days_to_resolution
    from cases
    inner join complexity_levels on cases.complexity = complexity_levels.complexity
    group by cases.advocate_sk
),

advocate_caseload as (
    select
        advocates.advocate_sk,
        advocates.advocate_id,
        advocates.advocate_name,
        advocates.team,
        advocates.capacity,
        coalesce(caseload.active_cases, 0) as active_cases,
        coalesce(caseload.active_low, 0) as active_low,
        coalesce(caseload.active_medium, 0) as active_medium,
        coalesce(caseload.active_high, 0) as active_high,
        coalesce(caseload.active_urgent, 0) as active_urgent,
        coalesce(caseload.weighted_load, 0) as weighted_load,
        coalesce(caseload.stale_cases, 0) as stale_cases,
        coalesce(caseload.resolved_cases, 0) as resolved_cases,
        caseload.avg_days_to_resolution
    from advocates
    left join caseload on advocates.advocate_sk = caseload.advocate_sk
)

select
    advocate_sk,
    advocate_id,
    advocate_name,
    team,
    capacity,
    cast(active_cases as integer) as active_cases,
    cast(active_low as integer) as active_low,
    cast(active_medium as integer) as active_medium,
    cast(active_high as integer) as active_high,
    cast(active_urgent as integer) as active_urgent,
    cast(weighted_load as double) as weighted_load,
    -- 1e0: a double on every engine (1.0 is a decimal on Spark)
    active_cases * 1e0 / capacity as utilization_ratio,
    active_cases > capacity as is_overloaded,
    cast(stale_cases as integer) as stale_cases,
    cast(resolved_cases as integer) as resolved_cases,
    avg_days_to_resolution,
    {{ audit_columns() }}
from advocate_caseload
