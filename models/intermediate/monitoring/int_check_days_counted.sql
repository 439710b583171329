{#
  The daily counts the telehealth checks of mart_alerts watch, from
  fct_appointment's own flags (a no-show is what the fact says it is, never
  restated here): appointments by scheduled date, every status; technical
  issues over appointments whose technical_issue is known; no-shows over due
  appointments. Days run from the first scheduled appointment to the last day
  wholly before the build's as-of (later slots have no outcome yet), every day
  present, a day without appointments as zeros, so an outage shows as a drop.
#}

with

appointments as (
    select * from {{ ref('fct_appointment') }}
),

days as (
    select * from {{ ref('metricflow_time_spine') }}
),

export_clock as (
    select max(as_of_at) as as_of_at from {{ ref('int_raw_sources_dated') }}
),

appointment_days as (
    select
        date_key as measure_day,
        count(*) as appointment_count,
        sum(case when technical_issue then 1 else 0 end) as technical_issue_count,
        count(technical_issue) as issue_known_count,
        sum(case when is_no_show then 1 else 0 end) as no_show_count,
        sum(case when is_due then 1 else 0 end) as due_count
    from appointments
    group by date_key
),

measured_days as (
    select days.date_day as measure_day
    from days
    cross join export_clock
    where
        days.date_day >= (select min(appointment_days.measure_day) from appointment_days)
        and days.date_day < cast(export_clock.as_of_at as date)
),

days_counted as (
    select
        measured_days.measure_day,
        coalesce(appointment_days.appointment_count, 0) as appointment_count,
        coalesce(appointment_days.technical_issue_count, 0) as technical_issue_count,
        coalesce(appointment_days.issue_known_count, 0) as issue_known_count,
        coalesce(appointment_days.no_show_count, 0) as no_show_count,
        coalesce(appointment_days.due_count, 0) as due_count
    from measured_days
    left join appointment_days on measured_days.measure_day = appointment_days.measure_day
),

checks_counted as (
    select
        'appointment_volume' as check_name,
        'all' as subject,
        measure_day,
        appointment_count as events,
        cast(null as {{ dbt.type_bigint() }}) as exposures
    from days_counted
    union all
    select
        'technical_issue_rate' as check_name,
        'all' as subject,
        measure_day,
        technical_issue_count as events,
        issue_known_count as exposures
    from days_counted
    union all
    select
        'no_show_rate' as check_name,
        'all' as subject,
        measure_day,
        no_show_count as events,
        due_count as exposures
    from days_counted
)

select
    cast(check_name as {{ dbt.type_string() }}) as check_name,
    cast(subject as {{ dbt.type_string() }}) as subject,
    measure_day,
    cast(events as {{ dbt.type_bigint() }}) as events,
    cast(exposures as {{ dbt.type_bigint() }}) as exposures
from checks_counted
