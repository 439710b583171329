{#
  One row per calendar day from the first to the last day the dated facts fall on: patient-flow
  events and telehealth appointment slots (the conformed calendar of both domains).
#}

with

events as (
    select * from {{ ref('int_flow_events_validated') }}
),

appointments as (
    select * from {{ ref('int_appointments_validated') }}
),

fact_days as (
    select cast(event_time as date) as fact_day from events
    union all
    select cast(scheduled_at as date) as fact_day from appointments
),

days as (
    {{ timestamp_series(
        "(select min(fact_day) from fact_days)",
        "(select max(fact_day) from fact_days)",
        '1 day'
    ) }}
),

days_described as (
    select
        cast(series_value as date) as date_key,
        cast(extract(year from series_value) as integer) as calendar_year,
        cast(extract(month from series_value) as integer) as month_of_year,
        {{ iso_day_of_week('series_value') }} as iso_day_of_week,
        {{ iso_day_of_week('series_value') }} >= 6 as is_weekend
    from days
)

select
    date_key,
    calendar_year,
    month_of_year,
    iso_day_of_week,
    case when is_weekend then 'weekend' else 'weekday' end as day_type,
    is_weekend,
    {{ audit_columns() }}
from days_described
