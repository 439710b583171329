{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where hour_start >= ({{ flow_earliest_changed_hour() }}){% endif %}"
) }}
-- depends_on: {{ ref('chk_patient_flow__events') }}

{#
  Census at an hour counts the stays that began by then and had not ended:
  each stay adds one from the first whole hour at or after its start and
  leaves at the first whole hour at or after its end.

  Incremental: no hour before the earliest hour a rewritten line can place an
  event in can change, so the pre_hook deletes the hours from there on and
  this model rebuilds every hour after the last one kept, starting the census
  from the stays already in the house.
#}

with

departments as (
    select * from {{ ref('dim_department') }}
    where beds is not null
),

events as (
    select * from {{ ref('int_flow_events_validated') }}
),

stays as (
    select * from {{ ref('int_department_stays_derived') }}
),

-- the first hour after those the pre_hook kept (none on a full build)
kept_hours_end as (
    {% if is_incremental() %}
        select {{ dbt.dateadd('hour', 1, 'max(hour_start)') }} as hour_start
        from {{ this }}
    {% else %}
        select cast(null as {{ dbt.type_timestamp() }}) as hour_start
    {% endif %}
),

first_hour as (
    select
        coalesce(
            (select kept_hours_end.hour_start from kept_hours_end),
            (select min({{ dbt.date_trunc('hour', 'events.event_time') }}) from events)
        ) as hour_start
),

hours as (
    {{ timestamp_series(
        "(select hour_start from first_hour)",
        "(select max(" ~ dbt.date_trunc('hour', 'event_time') ~ ") from events)",
        '1 hour'
    ) }}
),

grid as (
    select
        departments.department_sk,
        departments.department,
        departments.beds,
        cast(hours.series_value as {{ dbt.type_timestamp() }}) as hour_start
    from departments
    cross join hours
),

hourly_events as (
    select
        events.department,
        {{ dbt.date_trunc('hour', 'events.event_time') }} as hour_start,
        sum(case when events.event_type = 'arrival' then 1 else 0 end) as arrivals,
        sum(case when events.is_admission then 1 else 0 end) as admissions,
        sum(case when events.event_type = 'discharged' then 1 else 0 end) as discharges
    from events
    cross join first_hour
    where events.event_time >= first_hour.hour_start
    group by events.department, {{ dbt.date_trunc('hour', 'events.event_time') }}
),

stay_changes as (
    select
        department,
        {{ ceil_hour('started_at') }} as hour_start,
        1 as census_change
    from stays
    union all
    select
        department,
        {{ ceil_hour('ended_at') }} as hour_start,
        -1 as census_change
    from stays
    where ended_at is not null
),

census_before as (
    select
        stay_changes.department,
        sum(stay_changes.census_change) as census
    from stay_changes
    cross join first_hour
    where stay_changes.hour_start < first_hour.hour_start
    group by stay_changes.department
),

hourly_changes as (
    select
        department,
        hour_start,
        sum(census_change) as census_change
    from stay_changes
    group by department, hour_start
),

hourly as (
    select
        grid.department_sk,
        grid.department,
        grid.hour_start,
        grid.beds,
        coalesce(hourly_events.arrivals, 0) as arrivals,
        coalesce(hourly_events.admissions, 0) as admissions,
        coalesce(hourly_events.discharges, 0) as discharges,
        coalesce(census_before.census, 0) + sum(coalesce(hourly_changes.census_change, 0)) over (
            partition by grid.department order by grid.hour_start rows between unbounded preceding and current row
        ) as census
    from grid
    left join census_before on grid.department = census_before.department
    left join hourly_events
        on grid.department = hourly_events.department and grid.hour_start = hourly_events.hour_start
    left join hourly_changes
        on grid.department = hourly_changes.department and grid.hour_start = hourly_changes.hour_start
)

select
    department_sk,
    department,
    hour_start,
    cast(hour_start as date) as date_key,
    {{ hour_of_day('hour_start') }} as hour_key,
    {{ iso_day_of_week('hour_start') }} as iso_day_of_week,
    cast(arrivals as integer) as arrivals,
    cast(admissions as integer) as admissions,
    cast(discharges as integer) as discharges,
    cast(census as integer) as census,
    beds,
    -- 1e0: a double on every engine (1.0 is a decimal on Spark)
    census * 1e0 / beds as occupancy,
    {{ audit_columns() }}
from hourly
