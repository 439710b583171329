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

hours as (
    {{ timestamp_series(
        "(select min(" ~ dbt.date_trunc('hour', 'event_time') ~ ") from events)",
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
        department,
        {{ dbt.date_trunc('hour', 'event_time') }} as hour_start,
        sum(case when event_type = 'arrival' then 1 else 0 end) as arrivals,
        sum(case when event_type = 'admitted' then 1 else 0 end) as admissions,
        sum(case when event_type = 'discharged' then 1 else 0 end) as discharges
    from events
    group by department, {{ dbt.date_trunc('hour', 'event_time') }}
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
        sum(coalesce(hourly_changes.census_change, 0)) over (
            partition by grid.department order by grid.hour_start rows between unbounded preceding and current row
        ) as census
    from grid
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
    census * 1.0 / beds as occupancy,
    {{ audit_columns() }}
from hourly
