{#
  Which departments absorb demand without slowing down, where long stays
  press on capacity, and who carries experience risk: the share of surveyed
  encounters (attributed to the department that discharged them) that scored
  satisfaction 2 or lower.
#}

with

departments as (
    select * from {{ ref('dim_department') }}
    where beds is not null
),

encounters as (
    select * from {{ ref('fct_patient_encounter') }}
),

stays as (
    select * from {{ ref('int_department_stays_derived') }}
),

hourly as (
    select * from {{ ref('mart_department_hourly') }}
),

arrival_waits as (
    select
        department,
        count(*) as arrivals,
        avg(wait_minutes) as avg_wait_minutes,
        {{ percentile('wait_minutes', 0.9) }} as p90_wait_minutes
    from encounters
    group by department
),

completed_stays as (
    select
        department,
        count(*) as completed_stays,
        avg({{ hours_between('started_at', 'ended_at') }}) as avg_length_of_stay_hours,
        {{ percentile(hours_between('started_at', 'ended_at'), 0.9) }} as p90_length_of_stay_hours
    from stays
    where ended_at is not null
    group by department
),

experience as (
    select
        last_departments.department,
        count(encounters.satisfaction) as surveyed_encounters,
        avg(encounters.satisfaction) as avg_satisfaction,
        sum(case when encounters.satisfaction <= 2 then 1 else 0 end) * 1.0
        / nullif(count(encounters.satisfaction), 0) as experience_risk
    from encounters
    inner join departments as last_departments on encounters.last_department_sk = last_departments.department_sk
    group by last_departments.department
),

capacity as (
    select
        department,
        sum(admissions) as admissions,
        sum(discharges) as discharges,
        count(*) / 24.0 as days_observed,
        avg(occupancy) as avg_occupancy,
        max(occupancy) as peak_occupancy,
        avg(case when occupancy >= 0.85 then 1.0 else 0.0 end) as share_of_hours_above_85
    from hourly
    group by department
),

performance as (
    select
        departments.department_sk,
        departments.department,
        departments.beds,
        coalesce(arrival_waits.arrivals, 0) as arrivals,
        coalesce(capacity.admissions, 0) as admissions,
        coalesce(capacity.discharges, 0) as discharges,
        capacity.discharges / nullif(capacity.days_observed, 0) as discharges_per_day,
        arrival_waits.avg_wait_minutes,
        arrival_waits.p90_wait_minutes,
        coalesce(completed_stays.completed_stays, 0) as completed_stays,
        completed_stays.avg_length_of_stay_hours,
        completed_stays.p90_length_of_stay_hours,
        capacity.avg_occupancy,
        capacity.peak_occupancy,
        capacity.share_of_hours_above_85,
        coalesce(experience.surveyed_encounters, 0) as surveyed_encounters,
        experience.avg_satisfaction,
        experience.experience_risk
    from departments
    left join arrival_waits on departments.department = arrival_waits.department
    left join completed_stays on departments.department = completed_stays.department
    left join experience on departments.department = experience.department
    -- every department with beds has every observed hour: none when no event was loaded
    inner join capacity on departments.department = capacity.department
)

select
    department_sk,
    department,
    beds,
    cast(arrivals as integer) as arrivals,
    cast(admissions as integer) as admissions,
    cast(discharges as integer) as discharges,
    discharges_per_day,
    avg_wait_minutes,
    p90_wait_minutes,
    cast(completed_stays as integer) as completed_stays,
    avg_length_of_stay_hours,
    p90_length_of_stay_hours,
    avg_occupancy,
    peak_occupancy,
    share_of_hours_above_85,
    cast(surveyed_encounters as integer) as surveyed_encounters,
    avg_satisfaction,
    experience_risk,
    {{ audit_columns() }}
from performance
