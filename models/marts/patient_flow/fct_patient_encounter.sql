{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_changed_encounters() }}") }}
-- depends_on: {{ ref('chk_patient_flow__events') }}

{#
  An encounter's attributes come from its arrival event; its milestones are
  the first event of each type (the discharge: the last). Encounters whose
  arrival has not landed yet are left out until it does. Incremental by
  encounter (macros/patient_flow_increments.sql).
#}

with

events as (
    select * from {{ ref('int_flow_events_validated') }}
    {{ changed_encounters_only() }}
),

stays as (
    select * from {{ ref('int_department_stays_derived') }}
    {{ changed_encounters_only() }}
),

patients as (
    select * from {{ ref('dim_patient') }}
),

providers as (
    select * from {{ ref('dim_provider') }}
),

departments as (
    select * from {{ ref('dim_department') }}
),

arrivals as (
    select
        encounter_id,
        patient_id,
        department,
        service_line,
        referring_provider_id,
        acuity,
        age,
        is_age_corrected,
        event_time as arrival_at,
        row_number() over (partition by encounter_id order by event_time, event_id) as arrival_rank
    from events
    where event_type = 'arrival'
),

milestones as (
    select
        encounter_id,
        min(case when event_type = 'triage' then event_time end) as triage_at,
        min(case when event_type = 'seen_by_provider' then event_time end) as seen_at,
        min(case when event_type = 'admitted' then event_time end) as admitted_at,
        max(case when event_type = 'discharged' then event_time end) as discharged_at,
        max(case when event_type = 'discharged' then disposition end) as disposition,
        max(case when event_type = 'discharged' then total_cost end) as total_cost,
        max(case when event_type = 'discharged' then satisfaction end) as satisfaction,
        sum(case when event_type = 'transferred' then 1 else 0 end) as transfer_count,
        max(cast(is_event_time_corrected as integer)) = 1 as has_corrected_event_time
    from events
    group by encounter_id
),

last_stays as (
    select
        encounter_id,
        department as last_department,
        row_number() over (partition by encounter_id order by started_at desc, stay_id desc) as recency_rank
    from stays
),

encounters as (
    select
        arrivals.encounter_id,
        coalesce(patients.patient_sk, {{ missing_member_key() }}) as patient_sk,
        coalesce(arrival_departments.department_sk, {{ missing_member_key() }}) as department_sk,
        coalesce(last_departments.department_sk, {{ missing_member_key() }}) as last_department_sk,
        coalesce(providers.provider_sk, {{ missing_member_key() }}) as referring_provider_sk,
        cast(arrivals.arrival_at as date) as arrival_date_key,
        {{ hour_of_day('arrivals.arrival_at') }} as arrival_hour_key,
        arrivals.department,
        last_stays.last_department,
        arrivals.service_line,
        arrivals.acuity,
        arrivals.age as age_at_arrival,
        arrivals.is_age_corrected,
        arrivals.arrival_at,
        milestones.triage_at,
        milestones.seen_at,
        milestones.admitted_at,
        milestones.discharged_at,
        cast(milestones.discharged_at as date) as discharged_date_key,
        milestones.admitted_at is not null as was_admitted,
        milestones.discharged_at is null as is_in_house,
        {{ minutes_between('arrivals.arrival_at', 'milestones.seen_at') }} as wait_minutes,
        {{ hours_between('arrivals.arrival_at', 'milestones.discharged_at') }} as length_of_stay_hours,
        cast(milestones.transfer_count as integer) as transfer_count,
        milestones.disposition,
        milestones.total_cost,
        milestones.satisfaction,
        milestones.has_corrected_event_time
    from arrivals
    inner join milestones on arrivals.encounter_id = milestones.encounter_id
    left join last_stays on arrivals.encounter_id = last_stays.encounter_id and last_stays.recency_rank = 1
    left join patients on arrivals.patient_id = patients.patient_id
    left join providers on arrivals.referring_provider_id = providers.provider_id
    left join departments as arrival_departments on arrivals.department = arrival_departments.department
    left join departments as last_departments on last_stays.last_department = last_departments.department
    where arrivals.arrival_rank = 1
)

select
    encounter_id,
    patient_sk,
    department_sk,
    last_department_sk,
    referring_provider_sk,
    arrival_date_key,
    arrival_hour_key,
    department,
    last_department,
    service_line,
    acuity,
    age_at_arrival,
    is_age_corrected,
    arrival_at,
    triage_at,
    seen_at,
    admitted_at,
    discharged_at,
    discharged_date_key,
    was_admitted,
    is_in_house,
    wait_minutes,
    length_of_stay_hours,
    transfer_count,
    disposition,
    total_cost,
    satisfaction,
    has_corrected_event_time,
    {{ audit_columns() }}
from encounters
